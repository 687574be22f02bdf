"""The timeline page in Chromium: on a laptop and on a 390px phone, nothing spills sideways."""

from __future__ import annotations

import urllib.request

import pytest


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_timeline_page_fits_the_screen(served, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(served.url("ravi-menon", "timeline/"))
        assert page.inner_text("h1").startswith("Your timeline")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        chart = page.locator("svg.pb-chart").bounding_box()
        assert chart is not None and chart["width"] <= width and chart["height"] > chart["width"]
        overflowing = page.evaluate(
            "[...document.querySelectorAll('table.pb-timeline')]"
            ".filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length"
        )
        assert overflowing == 0
        assert errors == []
    finally:
        context.close()


def test_calendar_link_downloads_the_file(served, watched):
    page = watched.page
    page.goto(served.url("amina-okafor", "timeline/"))
    href = page.get_attribute("a.md-button[href$='playbook.ics']", "href")
    assert href == "../playbook.ics"
    with urllib.request.urlopen(served.url("amina-okafor", "playbook.ics")) as response:
        assert response.status == 200
        assert response.read(15) == b"BEGIN:VCALENDAR"
    assert watched.console_errors == [] and watched.foreign_requests == []
