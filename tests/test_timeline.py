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
    """A site built without an address opens from the file system, so its pages are files (timeline.html)."""
    return (site / "timeline.html").read_text(encoding="utf-8")


class _Entries(HTMLParser):
    """The page's dated entries: id → (data-day, the 'from today' text of its day, flags inside it)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list] = {}
        self.days: list[str] = []
        self._rel = ""
        self._in_rel = False
        self._entry = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "li" and "pb-day" in classes:
            self.days.append(found["data-day"] or "")
            self._rel = ""
        if tag == "li" and "pb-entry" in classes:
            assert found["id"] not in self.rows, f"{found['id']} is on the page twice"
            self._entry = found["id"] or ""
            self.rows[self._entry] = [found.get("data-day"), self._rel, set()]
        if "pb-flag" in classes and self._entry:
            self.rows[self._entry][2].add(classes[-1].removeprefix("pb-flag-"))
        self._in_rel = "pb-rel" in classes

    def handle_data(self, data: str) -> None:
        if self._in_rel:
            self._rel += data

    def handle_endtag(self, tag: str) -> None:
        self._in_rel = False


def _entries(html: str) -> _Entries:
    parser = _Entries()
    parser.feed(html)
    return parser


def _rows(html: str) -> dict[str, tuple[dt.date, str]]:
    return {key: (dt.date.fromisoformat(day), rel) for key, (day, rel, _) in _entries(html).rows.items()}


def test_every_date_once_with_exact_day_counts(page):
    rows = _rows(page)
    playbook = make_playbook(load_inputs(PROFILES / "amina-okafor.yaml"), today=TODAY)
    assert len(rows) == len(playbook.events) + sum(1 for i in playbook.items() if i.due)
    in_week = {e.key for _, day in timeline.match_week(playbook) for e in day}
    for key, (day, rel) in rows.items():
        days = (day - TODAY).days
        expected = "today" if days == 0 else f"in {days} day{'s' * (days != 1)}" if days > 0 else f"{-days} days ago"
        assert rel == ("" if key in in_week else expected), key
    assert rows["event-match_day-2027"] == (dt.date(2027, 3, 19), "")  # hour by hour: its day, no count
    assert rows["event-match_week_monday-2027"] == (dt.date(2027, 3, 15), "")
    assert rows["event-residency_starts-2027"] == (dt.date(2027, 7, 1), "in 150 days")
    # 23:59 ET on Sun 31 Jan is 05:59 on Mon 1 Feb in Lagos: due today, on her calendar.
    assert rows["event-nrmp_registration_deadline-2027"] == (TODAY, "today")
    assert rows["event-eras_opens-2027"] == (dt.date(2026, 6, 3), "243 days ago")


def test_months_are_in_order_each_once(page):
    headings = re.findall(r'<h2[^>]* id="([a-z-]+(?:-\d{4})?)"', page)
    assert headings == ["match-week", "june-2026", "september-2026", "december-2026", "january-2027", "february-2027",
                        "march-2027", "april-2027", "may-2027", "july-2027"]
    entries = _entries(page)
    assert entries.days == sorted(entries.days[:4]) + sorted(entries.days[4:])  # the week, then the months
    assert entries.days[4:] == sorted(entries.days[4:])


def test_the_current_and_next_month_are_open_the_rest_folded(page):
    folds = dict(re.findall(r'<details class="pb-fold" id="([a-z0-9-]+)"[^>]*?( open)?>', page))
    assert {key for key, opened in folds.items() if opened} == {"month-2027-02", "month-2027-03", "match-week-hours"}
    assert "month-2026-06" in folds and "month-2027-07" in folds


def test_today_is_marked_once(page):
    assert page.count('id="today"') == 1
    assert '<strong>Today</strong>, <span class="pb-today-date">Mon 1 Feb 2027</span>' in page


def test_unverified_facts_are_flagged(page):
    rows = {key: flags for key, (_, _, flags) in _entries(page).rows.items() if key.startswith("event-")}
    flagged = {key for key, flags in rows.items() if flags & {"heuristic", "secondary"}}
    playbook = make_playbook(load_inputs(PROFILES / "amina-okafor.yaml"), today=TODAY)
    unverified = {f"event-{e.id}-2027" for e in playbook.events if e.verified in ("heuristic", "secondary")}
    assert len(rows) == len(playbook.events)
    assert flagged == unverified
    assert "event-soap_round_1-2027" in flagged and "event-match_day-2027" not in flagged


def test_steps_carry_their_id_phase_and_due_instant(page):
    """What the page scripts read: a Match Week step at 10:00 ET is due at 14:00 UTC; an all-day step at
    the end of her day (Lagos, UTC+1)."""
    monday = re.search(r'<li class="pb-entry pb-step" id="step-core-monday-status"[^>]*>', page).group(0)
    assert 'data-item="core-monday-status"' in monday and 'data-phase="match_week"' in monday
    assert 'data-at="2027-03-15T14:00:00Z"' in monday and 'data-due="2027-03-15T14:00:00Z"' in monday
    assert '<input type="checkbox" class="pb-tick" id="tick-core-monday-status" data-item="core-monday-status">' in page
    all_day = re.search(r'<li class="pb-entry pb-step" id="step-core-eras-active"[^>]*>', page).group(0)
    assert 'data-day="2027-03-01"' in all_day and 'data-due="2027-03-01T23:00:00Z"' in all_day
    assert "data-at" not in all_day


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
def test_chart_labels_sit_level_with_their_dates_and_never_overlap(profile):
    playbook = make_playbook(load_inputs(PROFILES / profile), today=TODAY)
    root = ET.fromstring(chart.timeline_svg(playbook))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("data-day")]
    assert labels
    tops = [float(t.get("y")) for t in labels]
    heights = [chart.LINE * (1 + len(t.findall(f"{SVG}tspan"))) for t in labels]
    for top, height, below in zip(tops, heights, tops[1:], strict=False):
        assert below >= top + height, (top, height, below)
    marks = {}
    for dot in root.iter(f"{SVG}circle"):
        if dot.get("data-day"):
            marks.setdefault(dot.get("data-day"), set()).add(float(dot.get("cy")))
    bars = {float(r.get("y")) for r in root.iter(f"{SVG}rect") if r.get("rx") and float(r.get("y")) > chart.TOP - 1}
    for label in labels:
        level = float(label.get("y")) - 4
        assert level in marks.get(label.get("data-day"), set()) | bars, label.get("data-day")


def test_the_chart_stretches_where_dates_crowd_and_never_squeezes():
    playbook = make_playbook(load_inputs(PROFILES / "amina-okafor.yaml"), today=TODAY)
    root = ET.fromstring(chart.timeline_svg(playbook))
    knots = [(dt.date.fromisoformat(day), float(y)) for day, y in
             (pair.split(":") for pair in root.get("data-scale").split())]
    gaps = [(y1 - y0) / (d1 - d0).days for (d0, y0), (d1, y1) in zip(knots, knots[1:], strict=False)]
    assert min(gaps) >= chart.PX_PER_DAY - 0.01
    assert max(gaps) > 2 * chart.PX_PER_DAY  # the crowded spring is drawn taller than a quiet month
    today = root.find(f".//{SVG}path[@class='pb-chart-today']")
    assert today is not None and today.get("visibility") is None and "Today, Mon 01 Feb 2027" in today[0].text


def test_the_ics_file_is_beside_the_site_and_linked(site, page):
    assert (site / "playbook.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert 'href="playbook.ics"' in page  # the page is timeline.html, beside the file


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
