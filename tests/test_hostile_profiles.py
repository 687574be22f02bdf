"""Profiles written by strangers: every problem is one FILE:LINE:COL line at the real place, exit 2, no traceback."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.errors import PlaybookError, shown
from tests.conftest import MINIMAL, ROOT
from tests.fuzzing import deadline

LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): ")


def check_fails(run, path: Path, *extra: str) -> list[str]:
    """`playbook check` refuses the file: exit 2, one located line per problem, nothing else."""
    result = run("check", path, *extra)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines, result.output
    for line in lines:
        assert LOCATED.match(line), line
        assert line.startswith(f"{path}:"), line
    return lines


def at(line: str) -> tuple[int, int]:
    m = LOCATED.match(line)
    assert m, line
    return int(m["line"]), int(m["col"])


def test_a_merge_key_in_a_public_profile_is_placed_where_the_value_is_written(run, write_profile):
    text = MINIMAL.replace("name: Test Person\n", "visibility: public\n") + "contact:\n  <<: {email: a@b.c}\n"
    lines = check_fails(run, write_profile(text))
    assert len(lines) == 1
    assert at(lines[0]) == (11, 8)
    assert "contact.email: this profile holds personal values" in lines[0]


def test_a_custom_tag_is_refused_where_it_is_written(run, write_profile):
    path = write_profile(MINIMAL + "letters: !custom\n  - {specialty: pediatric}\n")
    lines = check_fails(run, path)
    assert lines == [f"{path}:10:10: YAML tags such as '!custom' are not supported; write the value plainly"]


def test_a_time_with_other_digits_is_a_located_error(run, write_profile):
    path = write_profile(MINIMAL + 'calendar_overrides:\n  soap_round_1: {time: "1２:00"}\n')
    lines = check_fails(run, path)
    assert len(lines) == 1 and at(lines[0]) == (11, 24)
    assert "expected a 24-hour time HH:MM" in lines[0]


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\ufffe", "\x7f"])
def test_a_control_character_deep_in_the_file_is_placed_on_its_line(run, tmp_path, char):
    path = tmp_path / "profile.yaml"
    path.write_text(MINIMAL + f'languages: ["ok", "a{char}b"]\n', encoding="utf-8")
    lines = check_fails(run, path)
    assert lines == [f"{path}:10:21: a control character (U+{ord(char):04X}) is not allowed in YAML; delete it"]


def test_a_byte_that_is_not_utf8_is_placed_on_its_line(run, tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_bytes(MINIMAL.encode() + b'languages: ["caf\xe9"]\n')
    lines = check_fails(run, path)
    assert lines == [f"{path}:10:17: file is not UTF-8 text; save it as UTF-8 (got byte 0xe9)"]


def test_a_duplicate_anchor_is_one_located_error_not_a_library_warning(run, write_profile):
    path = write_profile(MINIMAL + "languages: [&a x, &a y]\n")
    lines = check_fails(run, path)
    assert lines == [f"{path}:10:19: anchor &a is defined twice (first at line 10, column 13); rename one"]


def test_a_us_graduate_needs_no_ecfmg_steps(run, write_profile, tmp_path):
    text = MINIMAL.replace("citizenship: non_us", "citizenship: us_citizen").replace("visa: j1", "visa: none")
    path = write_profile(text)
    from playbook.build import load_inputs, make_playbook
    from tests.conftest import TODAY

    inputs = load_inputs(path)
    assert inputs.profile.ecfmg == "not_needed"
    ids = [item.id for item in make_playbook(inputs, today=TODAY).items()]
    assert not [i for i in ids if "ecfmg" in i], ids


# --- the site address -------------------------------------------------------------------------

HOSTILE_URLS = [
    'https://x.test/"><script>alert(1)</script>',
    "https://x.test/'onmouseover='alert(1)",
    "https://x.test/a b",
    "https://x.test/\x1b[2J",
    "javascript:alert(1)//https://x.test/",
    "https://x.test/<b>",
    "https://user:pass@x.test/",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_site_url_in_the_profile_is_a_located_error(run, write_profile, url):
    path = write_profile(MINIMAL + f"site_url: {json.dumps(url)}\n")
    lines = check_fails(run, path)
    assert len(lines) == 1 and at(lines[0]) == (10, 11)
    assert "site_url: expected a web address" in lines[0] or "site_url: control characters" in lines[0]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_site_url_option_is_refused_before_any_work(run, write_profile, tmp_path, url):
    out = tmp_path / "site"
    result = run("build", write_profile(MINIMAL), "--out", out, "--site-url", url, "--no-pdf")
    assert result.exit_code == 2, result.output
    assert "--site-url" in result.stderr and "expected a web address" in result.stderr
    assert "Aborted" not in result.output and not out.exists()


def test_a_hostile_batch_site_url_option_is_refused(run, write_profile, tmp_path):
    write_profile(MINIMAL)
    result = run("batch", tmp_path, "--out", tmp_path / "public", "--site-url", 'https://x/"><script>')
    assert result.exit_code == 2 and "--site-url" in result.stderr


# --- files outside the profile's folder --------------------------------------------------------


@pytest.fixture
def outside_csv(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("program,specialty\nHidden Hospital SECRET-ROW,Pediatrics\n", encoding="utf-8")
    return secret


def _profile_in(tmp_path: Path, programs: str) -> Path:
    folder = tmp_path / "me"
    folder.mkdir(exist_ok=True)
    path = folder / "profile.yaml"
    path.write_text(MINIMAL + f"programs: {programs!r}\n".replace("'", '"'), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["/etc/passwd", "../elsewhere/secret.csv", "ABSOLUTE"])
def test_programs_outside_the_profile_folder_is_refused_and_nothing_of_it_quoted(run, tmp_path, outside_csv, name):
    path = _profile_in(tmp_path, str(outside_csv) if name == "ABSOLUTE" else name)
    lines = check_fails(run, path)
    assert len(lines) == 1 and at(lines[0]) == (10, 11)
    assert "programs: must name a file inside the profile's folder" in lines[0]
    assert "root:" not in lines[0] and "SECRET" not in lines[0]


def test_programs_through_a_symlink_that_leaves_the_folder_is_refused(run, tmp_path, outside_csv):
    path = _profile_in(tmp_path, "link.csv")
    (path.parent / "link.csv").symlink_to(outside_csv)
    lines = check_fails(run, path)
    assert "programs: must name a file inside the profile's folder" in lines[0] and "SECRET" not in lines[0]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_programs_that_is_not_a_regular_file_is_refused_without_reading(run, tmp_path, kind):
    path = _profile_in(tmp_path, "sheet.csv")
    target = path.parent / "sheet.csv"
    os.mkfifo(target) if kind == "fifo" else target.mkdir()
    with deadline(20):
        lines = check_fails(run, path)
    assert at(lines[0]) == (10, 11) and "programs:" in lines[0]


def test_a_profile_that_is_a_fifo_is_refused_without_reading(run, tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with deadline(20):
        result = run("check", fifo)
    assert result.exit_code == 2
    # the path as every `got` shows a value: cut to 80 characters where the temporary folder is deep
    assert result.stderr == f"{fifo}:1:1: expected a regular file (got {shown(str(fifo))})\n"


def test_a_profile_that_is_a_device_is_refused_without_reading(run):
    with deadline(20):
        result = run("check", "/dev/zero")
    assert result.exit_code == 2
    assert result.stderr == "/dev/zero:1:1: expected a regular file (got '/dev/zero')\n"


# --- size and depth ----------------------------------------------------------------------------


def test_deeply_nested_yaml_is_a_located_error(run, write_profile):
    path = write_profile(MINIMAL + "languages: " + "[" * 5000 + "]" * 5000 + "\n")
    lines = check_fails(run, path)
    assert len(lines) == 1
    assert "nested more than" in lines[0] and at(lines[0])[0] == 10


def test_a_huge_profile_is_refused_before_it_is_parsed(run, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(MINIMAL + "languages:\n" + "  - padding padding padding\n" * 200_000, encoding="utf-8")
    with deadline(20):
        lines = check_fails(run, path)
    assert lines[0].startswith(f"{path}:1:1: file is larger than")


def test_a_bom_and_crlf_line_ends_are_read_as_text(run, tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("visa: j1", "visa: J1").replace("\n", "\r\n").encode())
    assert check_fails(run, path) == [f"{path}:4:7: visa: expected one of j1, h1b, j1_or_h1b, none (got 'J1')"]


def test_a_complex_key_is_refused(run, write_profile):
    path = write_profile(MINIMAL + "calendar_overrides:\n  ? [a, b]\n  : {time: '12:00'}\n")
    lines = check_fails(run, path)
    assert at(lines[0]) == (11, 5) and "keys must be plain text" in lines[0]


def test_unknown_keys_and_values_are_shown_escaped_and_cut(run, write_profile):
    path = write_profile(MINIMAL + f"? \"\\e[2J{'k' * 5000}\"\n: 1\n")
    lines = check_fails(run, path)
    assert len(lines) == 1 and "\x1b" not in lines[0] and len(lines[0].removeprefix(str(path))) < 450
    assert "\\x1b[2J" in lines[0]


# --- alias bombs -------------------------------------------------------------------------------


def bomb(levels: int = 9) -> str:
    """A flow sequence whose aliases expand to 9**levels strings."""
    value = "&a0 [" + ", ".join(['"lol"'] * 9) + "]"
    for i in range(1, levels):
        value = f"&a{i} [{value}, " + ", ".join([f"*a{i - 1}"] * 8) + "]"
    return value


def map_bomb(levels: int = 9) -> str:
    value = "&m0 {" + ", ".join(f"k{j}: lol" for j in range(9)) + "}"
    for i in range(1, levels):
        value = f"&m{i} {{k0: {value}, " + ", ".join(f"k{j}: *m{i - 1}" for j in range(1, 9)) + "}"
    return value


FIELDS = [
    "name", "title", "visibility", "site_url", "contact", "contact.email", "medical_school", "graduation_year",
    "citizenship", "visa", "specialties", "specialties.targets", "specialties.alternatives", "exams",
    "exams.step2ck", "exams.step2ck.score", "ecfmg", "usce_months", "letters", "letters.0", "letters.0.author",
    "match_status", "matched_position", "last_cycle", "last_cycle.year", "cycle", "timezone", "languages",
    "calendar_overrides", "calendar_overrides.soap_round_1", "calendar_overrides.soap_round_1.time", "programs",
    "slug",
]


def _with_value(dotted: str, value: str) -> str:
    """MINIMAL with the field at `dotted` set to `value` (flow YAML), the rest kept."""
    parts = dotted.split(".")
    if parts[0] == "letters" and len(parts) > 1:
        inner = value if len(parts) == 2 else "{specialty: pediatrics, author: " + value + "}"
        return _replace_key(MINIMAL, "letters", f"[{inner}]")
    for part in reversed(parts[1:]):
        value = "{" + f"{part}: {value}" + "}"
    return _replace_key(MINIMAL, parts[0], value)


def _replace_key(text: str, key: str, value: str) -> str:
    kept = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
    if key == "specialties":
        kept = [line for line in kept if not line.startswith("  targets")]
    return "\n".join(kept) + f"\n{key}: {value}\n"


@functools.cache
def shipped_content() -> tuple:
    from playbook.build import load_content
    from playbook.paths import content_dir

    return load_content(content_dir())


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("shape", ["list", "map"])
@pytest.mark.parametrize("public", [False, True])
def test_an_alias_bomb_in_any_field_is_cut_before_it_is_shown(write_profile, field, shape, public):
    """What `playbook check` runs (the content read once for all cases)."""
    from playbook.build import BuildOptions, load_inputs, prepare

    path = write_profile(_with_value(field, bomb() if shape == "list" else map_bomb()))
    with deadline(30), pytest.raises(PlaybookError) as caught:
        prepare(BuildOptions(path, public=public), load_inputs(path, loaded=shipped_content()))
    lines = caught.value.line().splitlines()
    assert lines and all(line.startswith(f"{path}:") and LOCATED.match(line) and len(line) < 500 for line in lines)


def test_an_alias_bomb_stays_small_in_a_fresh_process(tmp_path):
    """The whole command, as a user runs it, under a memory cap the unbounded message blew through."""
    path = tmp_path / "bomb.yaml"
    path.write_text(_with_value("name", bomb()), encoding="utf-8")

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    code = "from playbook.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", code, "check", str(path)], capture_output=True, text=True,
                            timeout=120, preexec_fn=cap, cwd=ROOT)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith(f"{path}:") and "Traceback" not in result.stderr


def test_a_batch_refuses_a_profile_that_links_out_of_its_folder_and_quotes_nothing(run, tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "ok.yaml").write_text(MINIMAL, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("API_TOKEN=s3cr3t\n", encoding="utf-8")
    (folder / "evil.yaml").symlink_to(secret)
    result = run("batch", folder, "--out", tmp_path / "public", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr == (f"{folder / 'evil.yaml'}:1:1: a link to a file outside this folder; a batch reads "
                             "only the folder's own profiles\n")


def test_a_number_too_long_to_read_is_placed_where_it_is_written(run, write_profile):
    path = write_profile(MINIMAL.replace("cycle: 2027", "cycle: " + "9" * 5000))
    assert check_fails(run, path) == [f"{path}:8:8: malformed YAML: a number too long to read"]
