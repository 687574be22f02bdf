"""The built sites used as a person would: navigation, search, ticking, downloads, escaping, a phone."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re

from tests.browser.conftest import SCRIPT_NAME, SUBPATH, search
from tests.browser.test_a11y import blocking_violations, nav_links

EXAMPLE = "amina-okafor"
FIRST_BOX = ".pb-checklist input[type=checkbox]"


def _clean(watched) -> None:
    assert watched.console_errors == []
    assert watched.failed_responses == []
    assert watched.foreign_requests == []


def test_every_guide_page_loads_and_says_it_is_public(served, watched):
    page = watched.page
    guides = sorted(slug for slug in served.slugs if slug.startswith("guides/"))
    assert len(guides) == 4
    for slug in guides:
        page.goto(served.url(slug))
        assert "Public guide" in page.inner_text("article")
        for link in nav_links(page):
            assert page.goto(link).status == 200, link
    _clean(watched)


def test_batch_index_links_every_site(served, watched):
    page = watched.page
    page.goto(f"{served.base}/{SUBPATH}/")
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(hrefs) == sorted(f"{slug}/" for slug in served.slugs if "/" not in slug and slug != "script-name")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert blocking_violations(page) == [], scheme
    for href in hrefs:
        assert page.goto(f"{served.base}/{SUBPATH}/{href}").status == 200
    _clean(watched)


def test_search_finds_a_checklist_item(served, watched):
    page = watched.page
    page.goto(served.url(EXAMPLE, "before-match-week/"))
    label = page.inner_text(".pb-checklist li:last-child label")
    found = search(page, served.engine, " ".join(label.split()[:5])).and_(page.locator("[href*='/before-match-week/']"))
    if served.engine == "mkdocs":  # Zensical shows a section's opening lines, not the line that matched
        found = found.filter(has_text=label)
    found.first.wait_for(timeout=10_000)
    found.first.click()
    page.wait_for_url("**/before-match-week/**")
    assert page.locator(".pb-checklist label", has_text=label).count() == 1
    _clean(watched)


def test_ticking_an_item_survives_a_reload(served, watched):
    page = watched.page
    page.goto(served.url(EXAMPLE, "before-match-week/"))
    total = page.locator(FIRST_BOX).count()
    assert page.inner_text("#pb-page-progress") == f"0 of {total} steps on this page done"
    page.locator(".pb-checklist label").first.click()
    page.reload()
    assert page.locator(FIRST_BOX).first.is_checked()
    assert page.locator(FIRST_BOX).nth(1).is_checked() is False
    assert page.inner_text("#pb-page-progress") == f"1 of {total} steps on this page done"
    page.goto(served.url(EXAMPLE))
    items = page.get_attribute(".pb-home-progress", "data-items").split()
    assert page.inner_text("#pb-progress-fold > summary") == f"Your progress: 1 of {len(items)} steps done"
    page.click("#pb-progress-fold > summary")
    assert page.inner_text("#pb-home-count") == f"You have done 1 of {len(items)} steps in this playbook."
    _clean(watched)


def test_progress_is_kept_apart_per_playbook(served, watched):
    page = watched.page
    page.goto(served.url(EXAMPLE, "before-match-week/"))
    page.locator(FIRST_BOX).first.check()
    page.goto(served.url("ravi-menon", "before-match-week/"))
    assert page.locator(FIRST_BOX + ":checked").count() == 0


def test_export_then_import_restores_progress(served, watched, tmp_path):
    page = watched.page
    page.goto(served.url(EXAMPLE, "before-match-week/"))
    first = page.get_attribute(".pb-checklist li", "data-item")
    page.locator(FIRST_BOX).first.check()
    page.goto(served.url(EXAMPLE))
    page.click("#pb-progress-fold > summary")
    with page.expect_download() as download:
        page.click("#pb-export")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert (saved.name, data["format"], data["playbook"], data["done"]) == (
        f"{EXAMPLE}-progress.json", "playbook-progress", EXAMPLE, [first])
    page.evaluate("localStorage.clear()")
    page.reload()
    page.click("#pb-progress-fold > summary")
    page.set_input_files("#pb-import", str(saved))
    page.wait_for_function("document.querySelector('#pb-import-message').textContent !== ''")
    assert page.inner_text("#pb-import-message") == "Imported 1 step."
    page.goto(served.url(EXAMPLE, "before-match-week/"))
    assert page.locator(FIRST_BOX).first.is_checked()
    _clean(watched)


def test_a_remembered_item_that_no_longer_exists_is_noted(served, watched):
    page = watched.page
    page.goto(served.url(EXAMPLE))
    page.evaluate(f"localStorage.setItem('playbook:{EXAMPLE}:retired-step', '1')")
    page.reload()
    note = page.inner_text("#pb-gone")
    assert "1 step you ticked that is no longer in this playbook" in note and "retired-step" in note
    page.click("#pb-forget")
    assert page.evaluate(f"localStorage.getItem('playbook:{EXAMPLE}:retired-step')") is None
    assert page.locator("#pb-gone").inner_text() == ""


EXPECTED_DOWNLOADS = {
    ".pdf": ("playbook.render.pdf", "application/pdf"),
    ".ics": ("playbook.render.ics", "text/calendar"),
}


def test_download_links_download(served, watched):
    """Every PDF / calendar link on the home and timeline pages downloads; a renderer that exists is linked."""
    page = watched.page
    hrefs: list[str] = []
    for path in ("", "timeline/"):
        response = page.goto(served.url(EXAMPLE, path))
        if response.status == 200:
            hrefs += page.eval_on_selector_all("article a[href]", "els => els.map(e => e.href)")
    for suffix, (module, content_type) in EXPECTED_DOWNLOADS.items():
        # webcal:// (Subscribe) is the same file as its http(s) twin, for calendar apps: not fetched here
        links = sorted({h for h in hrefs if h.startswith("http") and h.split("?")[0].endswith(suffix)})
        if importlib.util.find_spec(module) is not None:
            assert links, f"no {suffix} link on the home or timeline page"
        for link in links:
            response = page.request.get(link)
            assert response.status == 200, link
            assert response.headers["content-type"].startswith(content_type), link
            assert len(response.body()) > 100


def test_a_script_tag_in_the_name_shows_as_text(served, watched):
    page = watched.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(served.url("script-name"))
    assert page.locator("article h1").evaluate("h => h.firstChild.textContent") == SCRIPT_NAME
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.textContent)")
    assert [s for s in scripts if "alert(1)" in s] == []
    assert dialogs == []
    _clean(watched)


def test_home_page_first_screen_on_a_phone_holds_the_countdown_and_next_steps(served, clocked, tmp_path):
    watched_phone = clocked(dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC), phone=True)
    page = watched_phone.page
    page.goto(served.url(EXAMPLE))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "home-phone.png"))
    screen = page.viewport_size["height"]
    first_screen = [".pb-count >> nth=0", ".pb-overdue-count"] + [f".pb-next > li:visible >> nth={n}" for n in range(3)]
    for part in first_screen:
        box = page.locator(part).bounding_box()
        assert box is not None and box["y"] + box["height"] <= screen, part
    page.click("#pb-progress-fold > summary")
    assert page.locator("#pb-export").is_visible()
    assert re.fullmatch(r"You have done 0 of \d+ steps in this playbook\.", page.inner_text("#pb-home-count"))
    _clean(watched_phone)
