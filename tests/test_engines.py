"""The two site engines: every example built by MkDocs and by Zensical gives the same pages and the same
checklist ids; settings Zensical would skip are refused; a missing engine is a clear error."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from playbook.build import BuildOptions, build, load_inputs, prepare
from playbook.errors import PlaybookError
from playbook.render import engine, site
from tests.conftest import EXAMPLES, GUIDES, TODAY
from tests.system import missing_zensical, need

HREF = re.compile(r'href="([^"]*)"')
ITEM_ID = re.compile(r'<input type="checkbox" id="check-([^"]+)" data-item="\1"')
ADDRESS = "https://advisor.example.org/guides/"


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, bool], Path]:
    """Every example and guide, built once by each engine, without and with a site address (no PDF: the
    PDF does not depend on the engine)."""
    need(missing_zensical())
    root = tmp_path_factory.mktemp("engines")
    built = {}
    for profile in [*EXAMPLES, *GUIDES]:
        for name in engine.ENGINES:
            for addressed in (False, True):
                out = root / f"{profile.stem}-{name}-{addressed}"
                build(BuildOptions(profile, out, today=TODAY, pdf=False, engine=name,
                                   site_url=ADDRESS if addressed else None))
                built[profile.stem, name, addressed] = out
    return built


def _pages(out: Path) -> dict[str, list[str]]:
    """Each HTML page of a site, with the checklist ids it shows, in page order."""
    return {str(p.relative_to(out)): ITEM_ID.findall(p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.html"))}


@pytest.mark.parametrize("addressed", [False, True], ids=["file-system", "with-address"])
@pytest.mark.parametrize("profile", [*EXAMPLES, *GUIDES], ids=lambda p: p.stem)
def test_both_engines_give_the_same_pages_and_checklist_ids(both_engines, profile, addressed):
    mkdocs = _pages(both_engines[profile.stem, "mkdocs", addressed])
    zensical = _pages(both_engines[profile.stem, "zensical", addressed])
    assert sorted(zensical) == sorted(mkdocs)
    assert zensical == mkdocs
    assert sum(len(ids) for ids in mkdocs.values()) > 20


def _broken_links(out: Path, root: str) -> list[str]:
    """Every link of every page that leads to no file of the site, or to an id its page does not have."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        relative = page.relative_to(out).as_posix()
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://", "mailto:", "tel:", "webcal:", "data:")):
                continue
            target = urlsplit(urljoin("https://host" + root + relative, html.unescape(href)))
            if not target.path.startswith(root):  # above the site: a page of somebody else's
                broken.append(f"{relative}: {href}")
                continue
            file = out / target.path.removeprefix(root)
            if target.path.endswith("/"):
                file = file / "index.html"
            if not file.is_file() or not file.resolve().is_relative_to(out.resolve()):
                broken.append(f"{relative}: {href}")
            elif file.suffix == ".html" and target.fragment and f'id="{target.fragment}"' not in file.read_text():
                broken.append(f"{relative}: {href} (no such id)")
    return broken


@pytest.mark.parametrize("addressed", [False, True], ids=["file-system", "with-address"])
@pytest.mark.parametrize("name", engine.ENGINES)
@pytest.mark.parametrize("profile", [EXAMPLES[0], GUIDES[0]], ids=lambda p: p.stem)
def test_every_link_of_every_page_leads_somewhere(both_engines, profile, name, addressed):
    """Links written in raw HTML (the timeline's steps, a step's page) included: the engines treat those alike
    only when they start from the site's path."""
    out = both_engines[profile.stem, name, addressed]
    assert _broken_links(out, urlsplit(ADDRESS).path if addressed else "/") == []


def test_both_engines_keep_the_same_files_beside_the_pages(both_engines):
    """The calendar, the scripts and styles, the search shim for file-system sites."""
    for addressed in (False, True):
        mkdocs, zensical = (both_engines[EXAMPLES[0].stem, name, addressed] for name in engine.ENGINES)
        ours = {str(p.relative_to(mkdocs)) for p in mkdocs.rglob("*")
                if p.is_file() and (p.suffix in (".ics",) or "assets/pb" in str(p) or p.name == "playbook.css")}
        assert ours and all((zensical / name).is_file() for name in ours), ours


def test_zensical_leaves_no_cache_in_the_kept_project(tmp_path):
    need(missing_zensical())
    out = tmp_path / "site"
    build(BuildOptions(EXAMPLES[0], out, today=TODAY, pdf=False, keep_sources=True, engine="zensical"))
    project = tmp_path / "site-sources"
    assert sorted(p.name for p in project.iterdir()) == [".playbook-build", "docs", "mkdocs.yml"]
    assert (out / "index.html").is_file()


def _generated_config(profile: Path, site_url: str | None, tmp_path: Path) -> dict:
    playbook = prepare(BuildOptions(profile, today=TODAY), load_inputs(profile))
    return site.write_project(playbook, tmp_path / "project", site_url=site_url, pdf="playbook.pdf")


@pytest.mark.parametrize("site_url", [None, ADDRESS], ids=["file-system", "with-address"])
def test_nothing_of_the_generated_project_is_ignored_by_zensical(tmp_path, site_url):
    need(missing_zensical())
    config = _generated_config(EXAMPLES[0], site_url, tmp_path)
    assert engine.ignored_by_zensical(config) == []


def test_settings_zensical_would_skip_are_found(tmp_path):
    need(missing_zensical())
    config = _generated_config(EXAMPLES[0], None, tmp_path)
    config["hooks"] = ["hooks.py"]
    config["plugins"] = ["search", {"git-revision-date": {}}, {"search": {"lang": "en"}}]
    assert engine.ignored_by_zensical(config) == [
        "setting 'hooks'", "plugin 'git-revision-date'", "option 'lang' of plugin 'search'"]
    config["plugins"] = {"offline": None, "minify": {"minify_html": True}, "i18n": {}}
    assert engine.ignored_by_zensical(config) == ["setting 'hooks'", "plugin 'i18n'"]


def test_a_project_with_a_setting_zensical_would_skip_is_refused_not_built(tmp_path):
    need(missing_zensical())
    config = _generated_config(EXAMPLES[0], None, tmp_path)
    config["plugins"].append("git-revision-date")
    with pytest.raises(PlaybookError, match="Zensical would ignore plugin 'git-revision-date' of .*mkdocs.yml"):
        engine.build_with_zensical(tmp_path / "project", tmp_path / "site", config)
    assert not (tmp_path / "site").exists()


def test_a_missing_zensical_is_a_clear_error_before_any_work(run, tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else real(name, *a))
    out = tmp_path / "site"
    for command in (["build", EXAMPLES[0], "--out", out], ["batch", EXAMPLES[0].parent, "--out", out]):
        result = run(*command, "--engine", "zensical")
        assert result.exit_code == 2
        assert "--engine zensical needs Zensical, which is not installed: pip install 'match-playbook[zensical]'" \
            in result.stderr
        assert "Traceback" not in result.output
        assert not out.exists()


def test_an_unknown_engine_is_refused(run, tmp_path):
    result = run("build", EXAMPLES[0], "--out", tmp_path / "site", "--engine", "hugo")
    assert result.exit_code == 2 and "'hugo' is not one of 'mkdocs', 'zensical'" in result.stderr
    with pytest.raises(PlaybookError, match="unknown site engine"):
        engine.check_engine("hugo")


def test_the_default_engine_is_mkdocs(run, tmp_path):
    out = tmp_path / "site"
    assert run("build", EXAMPLES[0], "--out", out, "--no-pdf").exit_code == 0
    assert '<meta name="generator" content="mkdocs-' in (out / "index.html").read_text(encoding="utf-8")


def test_each_site_was_built_by_the_engine_asked_for(both_engines):
    for (_, name, _), out in both_engines.items():
        assert f'<meta name="generator" content="{name}-' in (out / "index.html").read_text(encoding="utf-8")


def test_a_batch_built_by_zensical_cannot_be_merged_with_one_built_by_mkdocs(run, tmp_path):
    need(missing_zensical())
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for example in EXAMPLES[:2]:
        (profiles / example.name).write_bytes(example.read_bytes())
        for sibling in example.parent.glob(f"{example.stem}-*"):
            (profiles / sibling.name).write_bytes(sibling.read_bytes())
    for i, name in ((1, "mkdocs"), (2, "zensical")):
        result = run("batch", profiles, "--out", tmp_path / f"part{i}", "--shard", f"{i}/2", "--engine", name,
                     "--today", TODAY.isoformat(), "--jobs", "1", "--no-pdf")
        assert result.exit_code == 0, result.output
    result = run("merge", tmp_path / "part1", tmp_path / "part2", "--out", tmp_path / "public")
    assert result.exit_code == 2 and "engine" in result.stderr
    assert not (tmp_path / "public").exists()
