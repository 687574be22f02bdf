"""The timeline page: every dated thing by month, exact day counts, Match Week on her clock, the SVG chart."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from playbook.build import BuildOptions, build, load_inputs, make_playbook
from playbook.render import chart, timeline
from tests.conftest import MINIMAL, PROFILES

TODAY = dt.date(2027, 2, 1)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("timeline") / "site"
    build(BuildOptions(PROFILES / "amina-okafor.yaml", out, today=TODAY))
    return out


@pytest.fixture(scope="module")
def page(site: Path) -> str:
    return (site / "timeline" / "index.html").read_text(encoding="utf-8")


class _Rows(HTMLParser):
    """Rows of the month tables: (id, data-date, text of the 'from today' cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_rel = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and "data-date" in found:
            self.rows.append([found["id"] or "", found["data-date"] or "", ""])
        self._in_rel = tag == "td" and found.get("class") == "pb-rel"

    def handle_data(self, data: str) -> None:
        if self._in_rel:
            self.rows[-1][2] += data

    def handle_endtag(self, tag: str) -> None:
        self._in_rel = False


def _rows(html: str) -> dict[str, tuple[dt.date, str]]:
    parser = _Rows()
    parser.feed(html)
    return {key: (dt.date.fromisoformat(day), rel) for key, day, rel in parser.rows}


def test_day_counts_are_exact(page):
    rows = _rows(page)
    playbook = make_playbook(load_inputs(PROFILES / "amina-okafor.yaml"), today=TODAY)
    assert len(rows) == len(playbook.events) + sum(1 for i in playbook.items() if i.due)
    for key, (day, rel) in rows.items():
        days = (day - TODAY).days
        expected = "today" if days == 0 else f"in {days} day{'s' * (days != 1)}" if days > 0 else f"{-days} days ago"
        assert rel == expected, key
    assert rows["event-match_day-2027"] == (dt.date(2027, 3, 19), "in 46 days")
    assert rows["event-match_week_monday-2027"] == (dt.date(2027, 3, 15), "in 42 days")
    assert rows["event-residency_starts-2027"] == (dt.date(2027, 7, 1), "in 150 days")
    # 23:59 ET on Sun 31 Jan is 05:59 on Mon 1 Feb in Lagos: due today, on her calendar.
    assert rows["event-nrmp_registration_deadline-2027"] == (TODAY, "today")
    assert rows["event-eras_opens-2027"] == (dt.date(2026, 6, 3), "243 days ago")


def test_months_are_in_order_each_once(page):
    headings = re.findall(r'<h2 id="([a-z]+-\d{4})"', page)
    assert headings == ["june-2026", "september-2026", "december-2026", "january-2027", "february-2027",
                        "march-2027", "april-2027", "may-2027", "july-2027"]
    dates = [day for day, _ in _rows(page).values()]
    assert dates == sorted(dates)


def test_today_is_marked_once(page):
    assert page.count('id="today"') == 1
    assert "Today: Mon 1 Feb 2027." in page


def test_unverified_facts_are_flagged(page):
    rows = re.findall(r'<tr id="(event-[a-z0-9_]+-2027)".*?</tr>', page, flags=re.S)
    flagged = set(re.findall(r'<tr id="(event-[a-z0-9_]+-2027)"(?:(?!</tr>).)*pb-flag-(?:heuristic|secondary)',
                             page, flags=re.S))
    playbook = make_playbook(load_inputs(PROFILES / "amina-okafor.yaml"), today=TODAY)
    unverified = {f"event-{e.id}-2027" for e in playbook.events if e.verified in ("heuristic", "secondary")}
    assert len(rows) == len(playbook.events)
    assert flagged == unverified
    assert "event-soap_round_1-2027" in flagged and "event-match_day-2027" not in flagged


def test_the_svg_chart_is_well_formed_and_on_the_page(page):
    found = re.findall(r"<svg\b[^>]*class=\"pb-chart\".*?</svg>", page, flags=re.S)
    assert len(found) == 1
    root = ET.fromstring(found[0])
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "pb-chart-title pb-chart-desc"
    assert [child.tag for child in root[:2]] == [f"{SVG}title", f"{SVG}desc"]
    assert root[0].text == "Timeline of your 2027 Match cycle"
    assert "Today is 01 Feb 2027." in root[1].text
    assert "<script" not in found[0]


def test_the_chart_is_the_same_svg_the_pdf_gets():
    playbook = make_playbook(load_inputs(PROFILES / "amina-okafor.yaml"), today=TODAY)
    svg = chart.timeline_svg(playbook)
    assert svg == chart.timeline_svg(playbook)
    ET.fromstring(svg)


@pytest.mark.parametrize("profile", sorted(p.name for p in PROFILES.glob("*.yaml")))
def test_chart_labels_never_overlap(profile):
    playbook = make_playbook(load_inputs(PROFILES / profile), today=TODAY)
    root = ET.fromstring(chart.timeline_svg(playbook))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("x") == str(chart.LABEL_X)]
    assert labels
    tops = [float(t.get("y")) for t in labels]
    heights = [chart.LINE * (1 + len(t.findall(f"{SVG}tspan"))) for t in labels]
    for top, height, below in zip(tops, heights, tops[1:], strict=False):
        assert below >= top + height, (top, height, below)


def test_the_ics_file_is_beside_the_site_and_linked(site, page):
    assert (site / "playbook.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert 'href="../playbook.ics"' in page


def test_match_week_hour_by_hour_on_her_clock():
    ravi = make_playbook(load_inputs(PROFILES / "ravi-menon.yaml"), today=TODAY)  # Asia/Kolkata
    days = timeline.match_week(ravi)
    assert [day for day, _ in days] == [dt.date(2027, 3, d) for d in (15, 16, 18, 19)]
    monday = days[0][1]
    assert (monday[0].key, timeline.span(monday[0]), f"{monday[0].et:%a %H:%M}") == (
        "event-match_week_monday-2027", "19:30", "Mon 10:00")
    friday = {e.key: e for e in days[3][1]}
    assert timeline.span(friday["event-soap_round_3-2027"]) == "00:30–02:30"
    assert friday["event-soap_round_3-2027"].night
    assert not friday["event-match_day-2027"].night and timeline.span(friday["event-match_day-2027"]) == "21:30"
    html = timeline.match_week_html(ravi, lambda e: None)
    assert html.count("<table") == 4
    assert "Kolkata time <span class=\"pb-nowrap\">(UTC+5:30)</span>" in html


@pytest.mark.parametrize(("days", "text"), [(0, "today"), (1, "in 1 day"), (42, "in 42 days"), (-1, "1 day ago"),
                                            (-243, "243 days ago")])
def test_relative_days(days, text):
    assert timeline.relative(days) == text


def test_bridge_year_after_soap_runs_to_the_next_match_day(write_profile):
    profile = write_profile(MINIMAL.replace("match_status: applying", "match_status: soap_unmatched"))
    playbook = make_playbook(load_inputs(profile), today=TODAY)
    assert playbook.bridge is not None
    assert (playbook.bridge.start, playbook.bridge.end) == (dt.date(2027, 3, 19), dt.date(2028, 3, 17))
    block = playbook.plan()[0]
    assert (block.first_month, block.start, block.end) == (1, dt.date(2027, 3, 19), dt.date(2027, 5, 18))
    next_cycle = [e for e in playbook.events if e.cycle == 2028]
    assert [e.id for e in next_cycle][:2] == ["eras_opens", "eras_apply_opens"]
    assert next_cycle[-1].id == "match_day" and next_cycle[-1].title == "Match Day (2028 Match)"
    assert all(playbook.bridge.start <= e.date <= playbook.bridge.end for e in next_cycle)
    desc = ET.fromstring(chart.timeline_svg(playbook)).find(f"{SVG}desc").text
    assert "Match Week runs from Mon 15 Mar to Fri 19 Mar 2027. Match Week runs from Mon 13 Mar to Fri 17 Mar 2028." \
        in desc


def test_reapplicant_bridge_year_starts_after_last_soap():
    omar = make_playbook(load_inputs(PROFILES / "omar-haddad.yaml"), today=TODAY)
    assert omar.bridge is not None
    assert (omar.bridge.start, omar.bridge.end) == (dt.date(2026, 3, 20), dt.date(2027, 3, 19))
    assert [(b.start, b.end) for b in omar.plan()][0] == (dt.date(2026, 3, 20), dt.date(2026, 5, 19))
    assert [e.title for e in omar.events if e.cycle == 2026] == ["SOAP ends (2026 Match)"]
