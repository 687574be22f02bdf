"""`playbook batch`: every profile of a folder, an index page, bad profiles skipped, atomic output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.assemble import slugify
from playbook.output import LOCK_NAME, MARKER
from tests.conftest import MINIMAL, TODAY


def _profile(folder: Path, stem: str, name: str | None, extra: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    text = MINIMAL.replace("name: Test Person", f"name: {name}" if name else "title: A guide") + extra
    path = folder / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _hrefs(index: Path) -> list[str]:
    return re.findall(r'<a href="([^"]+)">', index.read_text(encoding="utf-8"))


def test_batch_builds_every_profile_and_an_index(run, tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "a", "Ana Lima")
    _profile(folder, "b", "Bo Chen")
    out = tmp_path / "public"
    result = run("batch", folder, "--out", out, "--jobs", "2", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    built = sorted(line.split("] ", 1)[1] for line in lines[:2])
    assert built == [f"{folder}/a.yaml → ana-lima/", f"{folder}/b.yaml → bo-chen/"]
    assert [line.split("]")[0] for line in lines[:2]] == ["[1/2", "[2/2"]
    assert lines[2].startswith(f"Built 2 playbooks into {out}/ in ")
    assert lines[3] == (f"Open {out / 'index.html'} in your browser: it links to every playbook, and each one's "
                        "folder holds its playbook.pdf and playbook.ics")
    assert _hrefs(out / "index.html") == ["ana-lima/", "bo-chen/"]
    assert "Ana Lima" in (out / "ana-lima" / "index.html").read_text(encoding="utf-8")
    assert (out / MARKER).exists() and (out / "bo-chen" / "search" / "search_index.json").exists()
    assert (out / "ana-lima" / "playbook.pdf").read_bytes().startswith(b"%PDF-")
    assert "Download the printable playbook (PDF)" in (out / "ana-lima" / "index.html").read_text(encoding="utf-8")


def test_no_pdf_builds_the_sites_alone(run, tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "a", "Ana Lima")
    _profile(folder, "b", "Bo Chen")
    out = tmp_path / "public"
    result = run("batch", folder, "--out", out, "--jobs", "2", "--no-pdf", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    assert [line.split("]")[0] for line in result.stdout.splitlines()[:2]] == ["[1/2", "[2/2"]
    for slug in ("ana-lima", "bo-chen"):
        assert (out / slug / "index.html").is_file() and (out / slug / "playbook.ics").is_file()
        assert not (out / slug / "playbook.pdf").exists()
        assert "playbook.pdf" not in (out / slug / "index.html").read_text(encoding="utf-8")


def test_a_bad_profile_is_reported_the_rest_build_and_the_last_good_output_stays(run, tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "a", "Ana Lima")
    _profile(folder, "b", "Bo Chen")
    out = tmp_path / "public"
    assert run("batch", folder, "--out", out, "--jobs", "1", "--no-pdf").exit_code == 0
    before = _tree(out)
    bad = _profile(folder, "c", "Cy Diaz")
    bad.write_text(bad.read_text(encoding="utf-8").replace("visa: j1", "visa: J1 visa"), encoding="utf-8")
    result = run("batch", folder, "--out", out, "--jobs", "1", "--no-pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:4:7: visa: expected one of j1, h1b, j1_or_h1b, none (got 'J1 visa')",
        f"1 of 3 profiles failed; {out}/ left as it was",
    ]
    assert [line.split("] ")[1] for line in result.stdout.splitlines()] == [
        f"{folder}/a.yaml → ana-lima/", f"{folder}/b.yaml → bo-chen/"]
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".playbook-")] == [LOCK_NAME]


def test_two_profiles_with_one_slug_are_an_error_never_an_overwrite(run, tmp_path):
    folder = tmp_path / "profiles"
    first = _profile(folder, "first", "Ana Lima")
    second = _profile(folder, "second", "Ana  Lima")
    out = tmp_path / "public"
    result = run("batch", folder, "--out", out, "--no-pdf")
    assert result.exit_code == 1
    message = "slug 'ana-lima' is also the slug of {}; give one of them another slug, name or title"
    assert result.stderr.splitlines()[:2] == [
        f"{first}:1:1: " + message.format(second),
        f"{second}:1:1: " + message.format(first),
    ]
    assert not out.exists()


def test_site_url_gives_each_site_its_own_address(run, tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "a", "Ana Lima")
    out = tmp_path / "public"
    result = run("batch", folder, "--out", out, "--no-pdf", "--site-url", "https://mentor.github.io/guides")
    assert result.exit_code == 0, result.stderr
    page = (out / "ana-lima" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://mentor.github.io/guides/ana-lima/">' in page


def test_a_profile_level_site_url_is_used_when_no_option_is_given(run, tmp_path):
    profile = _profile(tmp_path / "profiles", "a", "Ana Lima", "site_url: https://ana.github.io/playbook/\n")
    out = tmp_path / "site"
    assert run("build", profile, "--out", out, "--no-pdf").exit_code == 0
    assert '<link rel="canonical" href="https://ana.github.io/playbook/">' in (out / "index.html").read_text("utf-8")


def test_a_site_url_that_is_not_a_web_address_is_refused(run, tmp_path):
    profile = _profile(tmp_path / "profiles", "a", "Ana Lima", "site_url: ana.github.io\n")
    result = run("build", profile, "--out", tmp_path / "site")
    assert result.exit_code == 2
    assert result.stderr == (f"{profile}:10:11: site_url: expected a web address such as "
                             "https://you.github.io/repo/ (http or https, a host name, a path without quotes, "
                             "spaces, angle brackets or a query) (got 'ana.github.io')\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("empty",), "empty:1:1: no profiles (*.yaml) in this folder"),
        (("profiles", "--out", "profiles"), "profiles:1:1: output folder would replace the folder holding the profile"),
    ],
)
def test_batch_refuses_bad_folders(run, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    _profile(tmp_path / "profiles", "a", "Ana Lima")
    result = run("batch", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(message)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Lucía Ferreira", "lucia-ferreira"),
        ("../../etc/passwd", "etc-passwd"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("李雷", "li-lei"),
        ("Non-US IMG, PM&R, advanced position without a PGY-1, and a long tail",
         "non-us-img-pm-r-advanced-position-without-a-pgy-1-and-a-long"),
    ],
)
def test_slugs_are_safe_file_names(text, slug):
    assert slugify(text) == slug
    assert len(slug) <= 60 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def test_on_a_terminal_a_progress_bar_replaces_the_lines_and_errors_follow_it(run, tmp_path, monkeypatch):
    monkeypatch.setattr("playbook.progress.interactive", lambda: True)
    folder = tmp_path / "profiles"
    _profile(folder, "a", "Ana Lima")
    bad = _profile(folder, "b", "Bo Chen", "cycle: 2027\n")
    result = run("batch", folder, "--out", tmp_path / "public", "--jobs", "1", "--no-pdf")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Building")
    assert lines[-2] == (f"{bad}:10:1: malformed YAML: found duplicate key \"cycle\" with value \"2027\" "
                         "(original value: \"2027\")")


@pytest.mark.parametrize("pdf", [True, False], ids=["with-pdf", "no-pdf"])
@pytest.mark.parametrize("workers", [1, 2, 4])
@pytest.mark.parametrize("count", [0, 1, 2, 5, 12])
def test_workers_take_the_long_pdf_halves_first_and_every_half_once(workers, count, pdf):
    from playbook.batch import HALVES, BatchOptions, _in_order

    jobs = [BatchOptions(Path(f"profile-{i}"), pdf=pdf) for i in range(count)]
    order = _in_order(jobs, workers)
    halves = HALVES if pdf else ("site",)
    assert sorted(order, key=str) == sorted(((job, half) for job in jobs for half in halves), key=str)
    if not pdf:
        assert order == [(job, "site") for job in jobs]
        return
    for job in jobs:
        assert order.index((job, "pdf")) < order.index((job, "site"))
    if workers > 1 and count > 2 * workers:
        # the batch ends on site halves, one per profile whose PDF came last
        assert [half for _, half in order[-2 * workers:]] == ["site"] * 2 * workers
        assert [half for _, half in order[:2 * workers]] == ["pdf"] * 2 * workers
    sites = [job for job, half in order if half == "site"]
    assert sites == jobs  # profiles finish in their own order
