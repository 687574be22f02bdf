"""The Timeline on a 390-pixel phone: short at any time of the cycle, and a chart whose labels sit at
their marks and cover nothing, measured in Chromium."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import EXAMPLES, GUIDES

SLUGS = [profile.stem for profile in EXAMPLES]
ZONES = {"amina-okafor": "Africa/Lagos", "lucia-ferreira": "America/Sao_Paulo", "omar-haddad": "Asia/Amman",
         "ravi-menon": "Asia/Kolkata"}
CLOCKS = {
    "build-day": dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC),
    "december": dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC),
    "match-week-monday": dt.datetime(2027, 3, 15, 14, 40, tzinfo=dt.UTC),
    "after-match-day": dt.datetime(2027, 3, 22, 9, 0, tzinfo=dt.UTC),
}
MAX_HEIGHT = 8000


@pytest.mark.parametrize("slug", SLUGS)
def test_the_phone_timeline_is_short_whatever_the_day(served, clocked, slug):
    heights = {}
    seen = clocked(CLOCKS["build-day"], ZONES[slug], phone=True)  # one phone, its clock set to each day in turn
    for name, now in CLOCKS.items():
        seen.page.clock.set_system_time(now)
        seen.page.goto(served.url(slug, "timeline/"))
        assert seen.page.evaluate("new Date().toISOString().slice(0, 10)") == now.date().isoformat()
        heights[name] = seen.page.evaluate("document.documentElement.scrollHeight")
    assert seen.console_errors == []
    print(slug, heights)
    assert max(heights.values()) <= MAX_HEIGHT, heights


def test_the_phone_timeline_of_every_public_guide_is_short_whatever_the_day(served, clocked):
    guides = sorted(slug for slug in served.slugs if slug.startswith("guides/"))
    assert len(guides) == len(GUIDES)
    heights = {}
    seen = clocked(CLOCKS["build-day"], "America/New_York", phone=True)
    for name, now in CLOCKS.items():
        seen.page.clock.set_system_time(now)
        for slug in guides:
            seen.page.goto(served.url(slug, "timeline/"))
            heights[slug, name] = seen.page.evaluate("document.documentElement.scrollHeight")
    assert seen.console_errors == []
    print(heights)
    assert max(heights.values()) <= MAX_HEIGHT, heights


# Boxes of the chart's parts in SVG units, from Chromium's own text layout.
CHART_BOXES = """svg => {
  const box = el => { const b = el.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const width = svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')];
  return {
    width,
    labels: texts.filter(t => t.dataset.day).map(t => ({day: t.dataset.day, box: box(t),
                                                      first: parseFloat(t.getAttribute('y')) - 4})),
    months: texts.filter(t => t.getAttribute('text-anchor') === 'end').map(box),
    marks: [...svg.querySelectorAll('circle[data-day]')].map(c => ({box: box(c), day: c.dataset.day})),
    bars: [...svg.querySelectorAll('rect[rx]')].filter(r => !r.closest('.pb-chart-legend')).map(box),
    today: box(svg.querySelector('.pb-chart-today')),
  };
}"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("slug", SLUGS)
def test_chart_labels_sit_at_their_marks_and_cover_nothing_on_a_phone(served, clocked, slug):
    page = clocked(CLOCKS["december"], ZONES[slug], phone=True).page
    page.goto(served.url(slug, "timeline/"))
    chart = page.locator("svg.pb-chart")
    assert chart.bounding_box()["width"] <= 390
    parts = chart.evaluate(CHART_BOXES)
    labels, marks = parts["labels"], parts["marks"]
    assert labels
    marked_days = {}
    for mark in marks:
        marked_days.setdefault(mark["day"], []).append((mark["box"][1] + mark["box"][3]) / 2)
    for label in labels:
        assert label["box"][2] <= parts["width"], f"{label['day']}: cut off at the right edge"
        level = marked_days.get(label["day"], []) + [b[1] for b in parts["bars"]]
        assert any(abs(label["first"] - y) < 1 for y in level), f"{label['day']}: not level with its mark"
        for other in labels:
            assert other is label or not overlaps(label["box"], other["box"]), (label["day"], other["day"])
        for thing in parts["bars"] + [m["box"] for m in marks] + parts["months"] + [parts["today"]]:
            assert not overlaps(label["box"], thing), (label["day"], thing)
    for thing in parts["bars"] + parts["months"] + [m["box"] for m in marks]:
        assert not overlaps(parts["today"], thing), ("today", thing)
    assert all(month[0] >= 0 for month in parts["months"]), "a month name is cut off at the left edge"
    for bar in parts["bars"]:
        assert not any(overlaps(bar, month) for month in parts["months"]), bar
