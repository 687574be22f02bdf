"""A playbook built without an address opens from the file system: pages, search and ticks work from file://."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.build import BuildOptions, build
from tests.browser.conftest import search
from tests.conftest import PROFILES, TODAY


@pytest.fixture(scope="module")
def folder(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "site"
    build(BuildOptions(PROFILES / "amina-okafor.yaml", out, today=TODAY, pdf=False, engine=engine))
    return out


def test_navigation_and_links_open_pages_not_folder_listings(folder, watched):
    page = watched.page
    page.goto((folder / "index.html").as_uri())
    assert "Amina Okafor" in page.inner_text("h1")
    page.locator("nav.md-nav--primary a", has_text="Timeline").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/timeline.html")
    assert page.inner_text("h1").startswith("Your timeline")
    page.locator("a.pb-go:visible").first.click()  # a step's "checklist" link, to its place on a phase page
    page.wait_for_load_state()
    path, anchor = page.url.split("#")
    assert path.endswith(".html") and Path(path.removeprefix("file://")).is_file()
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert "Index of" not in page.content()
    page.locator("nav.md-nav--primary a", has_text="Pediatrics").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/modules/pediatrics.html")
    assert watched.console_errors == [] and watched.foreign_requests == []


def test_search_works_without_a_server(engine, folder, watched):
    page = watched.page
    page.goto((folder / "timeline.html").as_uri())
    results = search(page, engine, "visa")
    results.first.wait_for(timeout=15_000)
    assert results.count() > 0
    results.first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and ".html" in page.url
    assert watched.console_errors == [] and watched.foreign_requests == []


def test_ticks_are_kept_from_file_pages(folder, watched):
    page = watched.page
    page.goto((folder / "before-match-week.html").as_uri())
    box = page.locator("input[type=checkbox][data-item]").first
    item = box.get_attribute("data-item")
    box.check()
    page.goto((folder / "timeline.html").as_uri())
    assert page.locator(f"input.pb-tick[data-item='{item}']").is_checked(), "the same tick, on another page"
    page.reload()
    assert page.locator(f"input.pb-tick[data-item='{item}']").is_checked(), "kept in this browser"
    assert watched.console_errors == []
