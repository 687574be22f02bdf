"""The cycle calendar: rules for any year, per-year facts and profile corrections, and time zones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from playbook.calendar import (
    Calendar,
    EventRule,
    YearOverride,
    add_months,
    at_et,
    bridge_cycles,
    in_zone,
    load_calendar,
)
from playbook.profile import CalendarOverride
from playbook.render.text import due_label, utc_offset
from tests.conftest import ROOT

CALENDAR = ROOT / "content" / "calendar" / "events.yaml"


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return load_calendar(CALENDAR)


@pytest.mark.parametrize(
    ("cycle", "match_day", "monday"),
    [
        (2024, dt.date(2024, 3, 15), dt.date(2024, 3, 11)),
        (2025, dt.date(2025, 3, 21), dt.date(2025, 3, 17)),
        (2026, dt.date(2026, 3, 20), dt.date(2026, 3, 16)),
        (2027, dt.date(2027, 3, 19), dt.date(2027, 3, 15)),
    ],
)
def test_match_day_and_match_week_monday(calendar, cycle, match_day, monday):
    events = calendar.for_cycle(cycle)
    assert events["match_day"].date == match_day
    assert events["match_day"].date.weekday() == 4
    assert events["match_week_monday"].date == monday
    assert events["match_week_monday"].et == dt.datetime.combine(monday, dt.time(10), ZoneInfo("America/New_York"))
    assert events["soap_end"].et.strftime("%a %H:%M") == "Thu 21:00"


def test_any_cycle_year_resolves(calendar):
    events = calendar.for_cycle(2031)
    assert events["match_day"].date == dt.date(2031, 3, 21)
    assert events["eras_opens"].date == dt.date(2030, 6, 5), "the first Wednesday of June 2030"
    assert events["residency_starts"].date == dt.date(2031, 7, 1)


# Match Week 2027: the US is on daylight time from Sun 14 Mar, Europe only from Sun 28 Mar.
MONDAY_10_ET_2027 = [
    ("Asia/Kolkata", "2027-03-15 19:30", "UTC+5:30"),
    ("Africa/Lagos", "2027-03-15 15:00", "UTC+1"),
    ("Europe/London", "2027-03-15 14:00", "UTC+0"),
    ("America/Los_Angeles", "2027-03-15 07:00", "UTC\u22127"),
    ("Asia/Manila", "2027-03-15 22:00", "UTC+8"),
]


@pytest.mark.parametrize(("zone", "local", "offset"), MONDAY_10_ET_2027)
def test_match_week_monday_in_her_zone(calendar, zone, local, offset):
    monday = calendar.for_cycle(2027, zone=zone)["match_week_monday"]
    assert monday.et.utcoffset() == dt.timedelta(hours=-4), "Match Week is in EDT"
    assert f"{monday.local:%Y-%m-%d %H:%M}" == local
    assert utc_offset(monday.local) == offset
    assert utc_offset(monday.et) == "UTC\u22124"


@pytest.mark.parametrize(
    ("zone", "before_us_change", "match_week", "after_europe_change"),
    [
        ("Europe/London", "15:00", "14:00", "15:00"),
        ("Asia/Kolkata", "20:30", "19:30", "19:30"),
        ("Africa/Lagos", "16:00", "15:00", "15:00"),
        ("America/Los_Angeles", "07:00", "07:00", "07:00"),
        ("Asia/Manila", "23:00", "22:00", "22:00"),
    ],
)
def test_monday_10_et_across_both_dst_changes(zone, before_us_change, match_week, after_europe_change):
    """The same Monday 10:00 ET a week before US DST, in Match Week, and after Europe's change."""
    hours = [f"{in_zone(at_et(day, dt.time(10)), zone):%H:%M}" for day in
             (dt.date(2027, 3, 8), dt.date(2027, 3, 15), dt.date(2027, 3, 29))]
    assert hours == [before_us_change, match_week, after_europe_change]


def test_label_shows_local_time_first_and_et_beside(calendar):
    events = calendar.for_cycle(2027, zone="Asia/Kolkata")
    assert due_label(events["match_week_monday"]) == (
        "Mon 15 Mar 2027, 19:30 Kolkata time (UTC+5:30) · 10:00 ET (UTC\u22124)"
    )
    # 21:00 EST on Wednesday is Thursday morning in Kolkata: her date first, the ET date beside it.
    assert due_label(events["rank_list_deadline"]) == (
        "Thu 4 Mar 2027, 07:30 Kolkata time (UTC+5:30) · Wed 3 Mar, 21:00 ET (UTC\u22125)"
    )
    assert due_label(events["residency_starts"]) == "Thu 1 Jul 2027"
    in_et = calendar.for_cycle(2027)
    assert due_label(in_et["match_week_monday"]) == "Mon 15 Mar 2027, 10:00 ET (UTC\u22124)"


def test_published_dates_win_over_rules(calendar):
    rank_2024 = calendar.for_cycle(2024)["rank_list_deadline"]
    assert (rank_2024.date, rank_2024.time, rank_2024.verified) == (dt.date(2024, 2, 28), dt.time(21), "primary")
    assert calendar.for_cycle(2025)["rank_list_deadline"].date == dt.date(2025, 3, 5)
    eras_2026 = calendar.for_cycle(2026)
    assert eras_2026["eras_opens"].et == dt.datetime(2025, 6, 4, 9, tzinfo=ZoneInfo("America/New_York"))
    assert [eras_2026[e].date for e in ("eras_apply_opens", "eras_review_starts", "eras_season_closes")] == [
        dt.date(2025, 9, 3), dt.date(2025, 9, 24), dt.date(2026, 5, 31)]
    assert {eras_2026[e].verified for e in ("eras_opens", "eras_apply_opens", "eras_review_starts")} == {"primary"}
    assert calendar.for_cycle(2027)["rank_list_deadline"].verified == "heuristic"


def test_profile_overrides_win_and_dependent_events_follow(calendar):
    fix = {"rank_list_deadline": CalendarOverride(date=dt.date(2027, 3, 4), note="NRMP email")}
    events = calendar.for_cycle(2027, fix)
    assert events["rank_list_deadline"].date == dt.date(2027, 3, 4)
    assert events["rank_list_deadline"].time == dt.time(21), "the rule's time is kept"
    assert events["rank_list_deadline"].verified == "yours"
    assert events["rank_list_deadline"].sources == ("Your own correction, from your profile: NRMP email",)
    assert events["ecfmg_exam_deadline"].date == dt.date(2027, 3, 4), "rank_list_deadline + 0 days follows"
    fix_2024 = {"rank_list_deadline": CalendarOverride(time="20:00")}
    assert calendar.for_cycle(2024, fix_2024)["rank_list_deadline"].et == dt.datetime(
        2024, 2, 28, 20, tzinfo=ZoneInfo("America/New_York")), "the profile's time over the published date"


def _rules(**rules: tuple[str, str]) -> dict[str, EventRule]:
    return {eid: EventRule(title=eid, rule=rule, verified=level, sources=["a source"]) for eid, (rule, level) in
            rules.items()}


def test_a_derived_date_is_no_surer_than_the_date_it_counts_from():
    rules = _rules(
        fixed=("march 1", "primary"),
        guess=("third monday of february", "heuristic"),
        told=("march 5", "secondary"),
        from_guess=("guess + 2 days", "primary"),
        from_that=("from_guess + 1 days", "secondary"),
        from_told=("told + 1 days", "primary"),
        from_fixed=("fixed + 1 days", "primary"),
        weak_itself=("fixed + 1 days", "heuristic"),
    )
    published = {2027: {"guess": YearOverride(date=dt.date(2027, 2, 20), verified="primary", sources=["NRMP"])}}
    calendar = Calendar(rules, years=published)
    levels = {eid: e.verified for eid, e in calendar.for_cycle(2026).items()}
    assert levels == {
        "fixed": "primary", "guess": "heuristic", "told": "secondary", "from_guess": "heuristic",
        "from_that": "heuristic", "from_told": "secondary", "from_fixed": "primary", "weak_itself": "heuristic",
    }
    assert "Counted from “guess”, itself an estimate" in calendar.for_cycle(2026)["from_guess"].sources
    assert calendar.for_cycle(2027)["from_guess"].verified == "primary", "a published anchor makes it sure"
    mine = {"guess": CalendarOverride(date=dt.date(2026, 2, 18))}
    assert calendar.for_cycle(2026, mine)["from_guess"].verified == "primary", "her own date counts as sure"


def test_the_ecfmg_deadline_is_an_estimate_whenever_the_rank_list_deadline_is(calendar):
    for cycle in (2024, 2025, 2026, 2027, 2028):
        events = calendar.for_cycle(cycle)
        assert events["ecfmg_exam_deadline"].verified == events["rank_list_deadline"].verified
    assert calendar.for_cycle(2027)["ecfmg_exam_deadline"].verified == "heuristic"
    assert calendar.for_cycle(2025)["ecfmg_exam_deadline"].verified == "primary"


def test_the_unfilled_list_is_placed_with_the_status_notice_and_marked_unconfirmed(calendar):
    events = calendar.for_cycle(2027)
    assert events["unfilled_list_released"].et == events["match_week_monday"].et
    assert events["unfilled_list_released"].verified == "secondary"
    assert events["programs_review_soap"].et.strftime("%a %H:%M") == "Tue 08:00"


def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(dt.date(2026, 3, 20), 1) == dt.date(2026, 4, 20)
    assert add_months(dt.date(2026, 3, 20), 10) == dt.date(2027, 1, 20)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("status", "cycle", "last", "expected"),
    [
        ("reapplicant", 2027, 2026, (2026, 2027)),
        ("reapplicant", 2027, None, (2026, 2027)),
        ("reapplicant", 2027, 2025, (2025, 2027)),
        ("soap_unmatched", 2027, None, (2027, 2028)),
        ("unmatched", 2027, None, (2027, 2028)),
    ],
)
def test_bridge_year_cycles(status, cycle, last, expected):
    assert bridge_cycles(status, cycle, last) == expected
