"""Every bad input gets one line FILE:LINE:COL: …, exit status 2, no traceback, and no lost output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.cli import main
from playbook.errors import shown
from tests.conftest import MINIMAL, ROOT, TODAY


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One good build (site, PDF, calendar) made once for this file's tests."""
    folder = tmp_path_factory.mktemp("good")
    good = folder / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    out = folder / "site"
    result = CliRunner().invoke(main, ["build", str(good), "--out", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def previous_site(tmp_path: Path, good_site: Path) -> Path:
    """A good build already in place (a copy of `good_site`), which a failed build must leave exactly as it was."""
    out = tmp_path / "site"
    shutil.copytree(good_site, out, symlinks=True)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_fails(run, profile: Path, out: Path, *extra: str) -> str:
    before = snapshot(out)
    result = run("build", profile, "--out", out, *extra)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert snapshot(out) == before
    return result.stderr.strip()


def with_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_malformed_yaml(run, write_profile, previous_site):
    path = write_profile(MINIMAL + "specialties: [oops\n")
    message = build_fails(run, path, previous_site)
    assert message.startswith(f"{path}:11:1: malformed YAML: ")


def test_wrong_type(run, write_profile, previous_site):
    path = write_profile(with_line(MINIMAL, "graduation_year: 2021", "graduation_year: last year"))
    message = build_fails(run, path, previous_site)
    assert message == (
        f"{path}:2:18: graduation_year: input should be a valid integer, unable to parse string as an integer "
        "(got 'last year')"
    )


def test_unknown_key_suggests_the_right_one(run, write_profile, previous_site):
    path = write_profile(MINIMAL + "timezon: Asia/Kolkata\n")
    message = build_fails(run, path, previous_site)
    assert message == f"{path}:10:1: timezon: unknown key; did you mean 'timezone'? (got 'timezon')"


def test_unknown_nested_key(run, write_profile, previous_site):
    path = write_profile(MINIMAL + "exams:\n  step2ck: {status: passed, scor: 240}\n")
    message = build_fails(run, path, previous_site)
    assert message == f"{path}:11:29: exams.step2ck.scor: unknown key; did you mean 'score'? (got 'scor')"


def test_unknown_specialty(run, write_profile, previous_site):
    path = write_profile(with_line(MINIMAL, "targets: [pediatrics]", "targets: [pediatric]"))
    message = build_fails(run, path, previous_site)
    assert message == (
        f"{path}:6:13: specialties.targets.0: unknown value; did you mean 'pediatrics'? "
        "(`playbook schema` lists all 16) (got 'pediatric')"
    )


def test_visa_value_lists_the_choices(run, write_profile, previous_site):
    path = write_profile(with_line(MINIMAL, "visa: j1", "visa: J1 visa"))
    message = build_fails(run, path, previous_site)
    assert message == f"{path}:4:7: visa: expected one of j1, h1b, j1_or_h1b, none (got 'J1 visa')"


def test_unknown_time_zone(run, write_profile, previous_site):
    path = write_profile(with_line(MINIMAL, "timezone: Asia/Kolkata", "timezone: Asia/Calcuta"))
    message = build_fails(run, path, previous_site)
    assert message.startswith(f"{path}:9:11: timezone: unknown time zone; use an IANA name like Asia/Kolkata")
    assert message.endswith("(got 'Asia/Calcuta')")


def test_missing_file(run, tmp_path, previous_site):
    path = tmp_path / "nobody.yaml"
    message = build_fails(run, path, previous_site)
    assert message == f"{path}:1:1: file not found (got {shown(str(path))})"


def test_every_problem_of_a_file_is_reported_at_once(run, write_profile, previous_site):
    text = with_line(MINIMAL, "visa: j1", "visa: J1")
    path = write_profile(with_line(text, "cycle: 2027", "cycle: soon"))
    lines = build_fails(run, path, previous_site).splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:4:7", f"{path}:8:8"]


def test_inconsistent_visa_points_at_the_visa_key(run, write_profile, previous_site):
    path = write_profile(with_line(MINIMAL, "citizenship: non_us", "citizenship: us_img"))
    message = build_fails(run, path, previous_site)
    assert message == f"{path}:4:7: visa: only a non_us applicant needs a visa; use none (got 'j1')"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def break_condition(content: Path, old: str, new: str) -> Path:
    """Break the first place `old` appears in the core module."""
    module = content / "core" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    assert old in text
    module.write_text(text.replace(old, new, 1), encoding="utf-8")
    return module


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def col_of_condition(path: Path, needle: str) -> int:
    """1-based column where the `when:` value starts on the line holding `needle`."""
    line = path.read_text(encoding="utf-8").splitlines()[line_of(path, needle) - 1]
    return line.index("when: ") + len("when: ") + 1


def test_condition_that_does_not_compile(run, write_profile, previous_site, content_copy):
    module = break_condition(content_copy, "when: match_week_ahead", "when: match_week_ahead and (")
    path = write_profile(MINIMAL)
    message = build_fails(run, path, previous_site, "--content", content_copy)
    broken = "when: match_week_ahead and ("
    line, col = line_of(module, broken), col_of_condition(module, broken)
    assert message.startswith(f"{module}:{line}:{col}: condition does not compile: ")
    assert message.endswith("(got 'match_week_ahead and (')")


def test_condition_naming_an_unknown_field(run, write_profile, previous_site, content_copy):
    module = break_condition(content_copy, "when: match_week_ahead", "when: match_week_ahaed")
    path = write_profile(MINIMAL)
    message = build_fails(run, path, previous_site, "--content", content_copy)
    line, col = line_of(module, "when: match_week_ahaed"), col_of_condition(module, "when: match_week_ahaed")
    assert message == (
        f"{module}:{line}:{col}: unknown profile field 'match_week_ahaed'; did you mean 'match_week_ahead'? "
        "(got 'match_week_ahaed')"
    )


def test_condition_naming_an_unknown_nested_field(run, write_profile, previous_site, content_copy):
    old = 'exams.step3.status != "passed"'
    module = break_condition(content_copy, old, 'exams.step3.stauts != "passed"')
    path = write_profile(MINIMAL)
    message = build_fails(run, path, previous_site, "--content", content_copy)
    assert message.startswith(f"{module}:{line_of(module, 'exams.step3.stauts')}:19: unknown profile field ")
    assert "'exams.step3.stauts'; did you mean 'status'?" in message


def test_output_folder_not_made_by_playbook_is_never_replaced(run, write_profile, tmp_path):
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.txt").write_text("months of work", encoding="utf-8")
    message = build_fails(run, write_profile(MINIMAL), precious)
    assert message == (
        f"{precious}:1:1: refusing to replace a folder that playbook did not build; choose another --out "
        f"(got {shown(str(precious))})"
    )


def test_output_inside_content_is_refused(run, write_profile, tmp_path, content_copy):
    out = content_copy / "core"
    result = run("build", write_profile(MINIMAL), "--out", out, "--content", content_copy)
    assert result.exit_code == 2
    assert "output folder overlaps the content folder" in result.stderr


def test_check_reports_without_writing(run, write_profile, tmp_path):
    bad = write_profile(with_line(MINIMAL, "visa: j1", "visa: j2"), "bad.yaml")
    good = write_profile(MINIMAL, "good.yaml")
    result = run("check", good, bad)
    assert result.exit_code == 2
    assert f"{good}: ok" in result.stdout
    assert result.stderr.strip() == f"{bad}:4:7: visa: expected one of j1, h1b, j1_or_h1b, none (got 'j2')"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "good.yaml"]


def test_duplicate_item_id_points_at_both_places(run, write_profile, previous_site, content_copy):
    module = break_condition(content_copy, "id: core-eras-active", "id: core-confirm-nrmp-registration")
    message = build_fails(run, write_profile(MINIMAL), previous_site, "--content", content_copy)
    lines = module.read_text(encoding="utf-8").splitlines()
    first, second = [n for n, line in enumerate(lines, 1) if "id: core-confirm-nrmp-registration" in line]
    assert message == (
        f"{module}:{second}:17: duplicate item id, first used at {module}:{first}:17 "
        "(got 'core-confirm-nrmp-registration')"
    )
