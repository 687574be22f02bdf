"""Every page of every example site in a real browser: accessible (axe-core), private, fit for a phone and paper."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from playbook.render.engine import DEFAULT_ENGINE
from tests.browser.conftest import SEARCH
from tests.conftest import EXAMPLES
from tests.system import FULL_MATRIX

SLUGS = [profile.stem for profile in EXAMPLES]
BLOCKING = {"serious", "critical"}
ALSO_REQUIRED = {"heading-order"}  # moderate for axe, but headings out of order mislead screen-reader users
PALETTES = {"light": "default", "dark": "slate"}
PHONE = {"width": 360, "height": 740}
AXE = Axe()


def site_pages(served, slug: str) -> dict[str, Path]:
    """Every page of a built site: the path to open under the site's address → its HTML file."""
    root = served.slugs[slug]
    files = sorted(root.rglob("*.html"))
    return {html.relative_to(root).as_posix().removesuffix("index.html"): html for html in files}


def checklist_page(served, slug: str) -> str:
    """The first page, in file order, that holds a checklist."""
    pages = site_pages(served, slug).items()
    return next(path for path, html in pages if 'class="pb-checklist"' in html.read_text(encoding="utf-8"))


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical findings (and bad heading order) once transitions end, one line per rule."""
    page.wait_for_function("document.getAnimations().length === 0")
    found = [v for v in AXE.run(page).response["violations"] if v["impact"] in BLOCKING or v["id"] in ALSO_REQUIRED]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in found]


def overflow(page) -> int:
    """How many pixels the whole page scrolls sideways."""
    return max(0, page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


# The sites were built on 21 Nov 2026; the pages change with the day they are read on.
CLOCKS = {
    "december": dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC),
    "match-week-monday": dt.datetime(2027, 3, 15, 14, 40, tzinfo=dt.UTC),
    "after-match-day": dt.datetime(2027, 3, 22, 9, 0, tzinfo=dt.UTC),
}
# Match Week Monday shows the most states at once (Now, Next, Overdue, Done): every page in both palettes is
# checked there on the default engine. At the other clocks, and on the other engine, the pages whose state
# changes with the clock are checked in the light palette; PLAYBOOK_FULL_MATRIX=1 checks every page in both
# palettes everywhere.
WIDEST_CLOCK = "match-week-monday"
CLOCK_PAGES = ("", "match-week/", "timeline/")


def axe_scope(served, slug: str, clock: str) -> tuple[list[str], dict[str, str]]:
    """The pages and palettes the axe test checks for this site, engine and clock."""
    pages = list(site_pages(served, slug))
    assert set(CLOCK_PAGES) <= set(pages), pages
    if FULL_MATRIX or (clock == WIDEST_CLOCK and served.engine == DEFAULT_ENGINE):
        return pages, PALETTES
    return list(CLOCK_PAGES), {"light": PALETTES["light"]}


@pytest.mark.parametrize("clock", CLOCKS)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_in_both_palettes_passes_axe_with_no_foreign_request(served, clocked, slug, clock):
    watched = clocked(CLOCKS[clock])
    page = watched.page
    pages, palettes = axe_scope(served, slug, clock)
    problems = []
    for n, (scheme, palette) in enumerate(palettes.items()):
        page.emulate_media(color_scheme=scheme)
        if n:  # a palette the theme stored on the pages before would win over the system's choice
            page.goto(served.url(slug))
            page.evaluate("localStorage.clear()")
        for path in pages:
            page.goto(served.url(slug, path))
            assert page.get_attribute("body", "data-md-color-scheme") == palette, path
            problems += [f"{scheme} /{path}: {v}" for v in blocking_violations(page)]
    assert problems == []
    assert watched.foreign_requests == []
    assert watched.console_errors == []
    assert watched.failed_responses == []


def nav_links(page) -> list[str]:
    """The pages the site's navigation links to (each once, without fragments)."""
    hrefs = page.eval_on_selector_all(".md-nav--primary a.md-nav__link[href]", "els => els.map(e => e.href)")
    return sorted({h.split("#")[0] for h in hrefs})


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_loads_and_fits_a_phone_screen(served, watched, slug):
    """Every page on every engine loads whole (one h1, nothing missing or foreign), fits 360 px, and is reached by
    the navigation; axe checks the phone layout of the pages whose state changes with the clock (every page with
    PLAYBOOK_FULL_MATRIX=1; the axe test checks every page at desktop width, the wide-tables test below the one
    phone-only rule, tables that scroll sideways)."""
    page = watched.page
    page.set_viewport_size(PHONE)
    pages = site_pages(served, slug)
    problems = []
    for path in pages:
        response = page.goto(served.url(slug, path))
        if path != "404.html" and (response.status != 200 or page.locator("h1").count() != 1):
            problems.append(f"/{path}: status {response.status}, {page.locator('h1').count()} h1")
        if overflow(page):
            problems.append(f"/{path}: the page scrolls sideways by {overflow(page)}px")
        if FULL_MATRIX or path in CLOCK_PAGES:
            problems += [f"/{path}: {v}" for v in blocking_violations(page)]
    page.goto(served.url(slug))
    linked = nav_links(page)
    assert len(linked) >= 4 and set(linked) <= {served.url(slug, path) for path in pages}, linked
    page.click("label.md-header__button[for=__drawer]")
    problems += [f"/ with the menu open: {v}" for v in blocking_violations(page)]
    assert problems == []
    assert watched.console_errors == []
    # Every page on every engine asks for nothing from another host (the axe test checks that at one clock only).
    assert watched.foreign_requests == []
    assert watched.failed_responses == []


WIDE_ROW = "".join(f"<td>Program-{i}-with-a-long-name</td>" for i in range(10))
WIDE_TABLES = (
    f"<table class='sheet'><caption>Programs</caption><tr>{'<th>Name</th>' * 10}</tr><tr>{WIDE_ROW}</tr></table>"
    f"<table><thead><tr>{'<th>Name</th>' * 10}</tr></thead><tbody><tr>{WIDE_ROW}</tr></tbody></table>"
)


def test_wide_tables_scroll_inside_their_own_box_on_a_phone(served, watched):
    page, slug = watched.page, SLUGS[0]
    url = served.url(slug, "scripts/")

    def with_wide_tables(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("<h1", WIDE_TABLES + "<h1", 1))

    page.route(url, with_wide_tables)
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert overflow(page) == 0
    boxes = page.locator(".md-content table").evaluate_all(
        "tables => tables.map(t => { const box = t.closest('[tabindex]');"
        " return [box.getAttribute('role'), box.getAttribute('aria-label'), box.scrollWidth > box.clientWidth]; })"
    )
    assert boxes == [["region", "Programs", True], ["region", "Table, scrolls sideways", True]]
    assert blocking_violations(page) == []


@pytest.mark.parametrize("scheme", PALETTES)
def test_search_dialog_has_a_name_and_searches_locally(served, watched, scheme):
    page, slug = watched.page, SLUGS[0]
    page.emulate_media(color_scheme=scheme)
    page.goto(served.url(slug))
    _, box, result = SEARCH[served.engine]
    page.keyboard.press("/")
    page.locator(box).wait_for()
    page.keyboard.type("SOAP")
    page.locator(result).first.wait_for()
    assert page.get_attribute(".md-search", "aria-label") == "Search"
    assert blocking_violations(page) == []
    assert watched.foreign_requests == []
    assert watched.console_errors == []


def test_keyboard_alone_ticks_an_item_and_it_stays_ticked(served, watched):
    page, slug = watched.page, SLUGS[0]
    page.goto(served.url(slug, checklist_page(served, slug)))
    box = page.locator(".pb-checklist input[type=checkbox]").first
    item = box.get_attribute("data-item")
    assert not box.is_checked()
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.item") == item:
            break
    else:
        pytest.fail(f"Tab never reached the checkbox of {item}")
    page.keyboard.press("Space")
    assert box.is_checked()
    stored = json.loads(page.evaluate("JSON.stringify(Object.entries(localStorage))"))
    assert any(item in key + value for key, value in stored)
    page.reload()
    assert page.locator(f"#check-{item}").is_checked()
    assert blocking_violations(page) == []


PRINT_HIDDEN = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-top")


@pytest.mark.parametrize("scheme", PALETTES)
def test_printing_a_page_shows_the_content_alone_with_boxes_and_blanks(served, watched, scheme):
    page, slug = watched.page, SLUGS[0]
    page.emulate_media(media="print", color_scheme=scheme)
    page.goto(served.url(slug, checklist_page(served, slug)))
    for chrome in PRINT_HIDDEN:
        assert page.locator(chrome).count() == 1, chrome
        assert not page.locator(chrome).is_visible(), chrome
    boxes = page.locator(".pb-checklist input[type=checkbox]")
    assert boxes.count() > 0
    assert boxes.evaluate_all("bs => bs.every(b => b.checkVisibility() && getComputedStyle(b).colorScheme === 'light')")
    page.goto(served.url(slug, "scripts/"))
    blanks = page.locator(".fill-in")
    assert blanks.count() > 0
    marked = "fs => fs.every(f => f.checkVisibility() && getComputedStyle(f).borderBottomStyle == 'dashed')"
    assert blanks.evaluate_all(marked)
