"""Shared fixtures: the repository's paths, a CLI runner, and profile files made on the fly."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from playbook.build import BuildOptions, build
from playbook.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
EXAMPLES = sorted(PROFILES.glob("*.yaml"))  # the four example people; guides live in profiles/guides/
GUIDES = sorted((PROFILES / "guides").glob("*.yaml"))
TODAY = dt.date(2026, 11, 21)


EPOCH = "1773532800"  # SOURCE_DATE_EPOCH of the shared builds: 2026-03-15 00:00 UTC, so their PDFs are reproducible


def _build_examples(root: Path, **options) -> dict[str, Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {p.stem: build(BuildOptions(p, root / p.stem, today=TODAY, **options)).out for p in EXAMPLES}


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example built once per test run (site, PDF and calendar), shared by every test that reads one."""
    return _build_examples(tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="session")
def public_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example built once as a public build (`--public --include-private`), site, PDF and calendar."""
    return _build_examples(tmp_path_factory.mktemp("public-examples"), public=True, include_private=True)


@pytest.fixture(autouse=True, scope="session")
def _private_content_cache(tmp_path_factory: pytest.TempPathFactory):
    """Content cache entries go to a folder of this test run, not the user's cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path_factory.mktemp("content-cache")))
        yield


@pytest.fixture
def run():
    """Run the `playbook` CLI in-process; returns click's Result (exit_code, stdout, stderr)."""

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def write_profile(tmp_path: Path):
    """Write a profile file from YAML text; returns its path."""

    def write(text: str, name: str = "profile.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


MINIMAL = """\
name: Test Person
graduation_year: 2021
citizenship: non_us
visa: j1
specialties:
  targets: [pediatrics]
match_status: applying
cycle: 2027
timezone: Asia/Kolkata
"""


BROWSER_TESTS = "tests/browser/"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist's workers (`-n auto`, set in pyproject.toml): every browser test on one worker, one after the
    other, and each other file whole on whichever worker is free (a file's own shared builds are made once).

    Measured on 2 cores: Chromium alone keeps most of both busy, so two browsers at once are slower than one
    after the other; the browser tests beside the other files, which give way to them (below), are faster."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid.split("::")[0]

    return BrowserTestsTogether(config, log)


_gave_way: list[int] = []


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A worker that runs other tests beside the browser tests lowers its priority once, so that Chromium, which
    the browser tests wait on, keeps the cores it asks for."""
    if os.environ.get("PYTEST_XDIST_WORKER") and not item.nodeid.startswith(BROWSER_TESTS) and not _gave_way:
        _gave_way.append(os.nice(10))
