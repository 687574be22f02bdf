"""The site knows what day it is: the page clock is set (Playwright's page.clock) to days long after the
examples were built (21 Nov 2026), and the countdown, overdue count and Match Week marks follow it."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from playbook.build import load_inputs, make_playbook
from playbook.model import Playbook
from tests.conftest import PROFILES, TODAY

EXAMPLE = "amina-okafor"  # Africa/Lagos
ZONE = "Africa/Lagos"
ET = ZoneInfo("America/New_York")
DECEMBER = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
JANUARY = dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)
MONDAY_10_40_ET = dt.datetime(2027, 3, 15, 14, 40, tzinfo=dt.UTC)  # EDT: 10:40 ET
AFTER_MATCH_DAY = dt.datetime(2027, 3, 22, 9, 0, tzinfo=dt.UTC)


@cache
def playbook(slug: str = EXAMPLE) -> Playbook:
    return make_playbook(load_inputs(PROFILES / f"{slug}.yaml"), today=TODAY)


def overdue_at(now: dt.datetime) -> int:
    """Dated steps whose due instant has passed (nothing is ticked in a fresh browser)."""
    return sum(1 for i in playbook().items() if i.due and i.due.due_by(ZONE) <= now)


def next_milestone(now: dt.datetime) -> tuple[str, str]:
    """The first calendar event not yet over, and its countdown as the home page words it."""
    def over(e) -> dt.datetime:
        return e.local.astimezone(dt.UTC) + e.duration if e.local and e.duration else e.due_by(ZONE)

    event = next(e for e in sorted(playbook().events, key=lambda e: e.order) if over(e) > now)
    if event.local and (minutes := round((event.starts(ZONE) - now).total_seconds() / 60)) < 48 * 60:
        return event.title, f"in {minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"in {minutes} min"
    days = (event.local_date - now.astimezone(dt.timezone(dt.timedelta(hours=1))).date()).days
    return event.title, f"in {days} day{'s' * (days != 1)}"


def shown_overdue(page) -> str:
    return page.inner_text(".pb-overdue-words")


@pytest.mark.parametrize("now", [JANUARY, MONDAY_10_40_ET], ids=["january", "match-week-monday"])
def test_countdown_and_overdue_count_follow_the_clock_not_the_build_day(served, clocked, now):
    seen = clocked(now)
    page = seen.page
    page.goto(served.url(EXAMPLE))
    what, when = next_milestone(now)
    assert page.inner_text(".pb-count >> nth=0 >> .pb-count-what") == what
    assert page.inner_text(".pb-count >> nth=0 >> .pb-count-when") == when
    count = overdue_at(now)
    assert count > 0 and count != overdue_at(dt.datetime.combine(TODAY, dt.time(), dt.UTC))
    assert shown_overdue(page) == f"{count} steps overdue"
    assert not page.locator(".pb-built").is_visible()  # the build-day note gives way to the device's day
    visible = page.locator(".pb-next > li:visible")
    assert visible.count() == 5
    assert page.locator(".pb-next > li.pb-overdue:visible .pb-state", has_text="Overdue").count() >= 3
    assert seen.console_errors == [] and seen.foreign_requests == []


def test_without_script_the_home_page_reads_as_on_the_build_day(served, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url(EXAMPLE))
        assert page.inner_text(".pb-built") == "Counted from Sat 21 Nov 2026, the day this playbook was built."
        what, when = next_milestone(dt.datetime.combine(TODAY, dt.time(), dt.UTC))
        assert page.inner_text(".pb-count >> nth=0") .startswith(f"{what} {when}")
        assert page.locator(".pb-next > li:visible").count() == 5
    finally:
        context.close()


def test_ticking_an_overdue_step_on_the_home_page_lowers_the_count_after_a_reload(served, clocked):
    seen = clocked(DECEMBER)
    page = seen.page
    page.goto(served.url(EXAMPLE))
    count = overdue_at(DECEMBER)
    assert shown_overdue(page) == f"{count} steps overdue"
    late = page.locator(".pb-next > li.pb-overdue").first
    item = late.get_attribute("data-item")
    late.locator("label").click()
    assert shown_overdue(page) == f"{count - 1} steps overdue"  # at once
    assert page.locator(f"#{item}").is_visible()  # and the ticked step stays in view until the next visit
    page.reload()
    assert shown_overdue(page) == f"{count - 1} steps overdue"
    assert page.locator(f".pb-next #{item}").is_hidden()
    page.goto(served.url(EXAMPLE, "timeline/"))  # the same tick, on the timeline
    assert page.locator(f"#tick-{item}").is_checked()
    assert page.locator(f"#step-{item} .pb-state").count() == 0
    assert seen.console_errors == []


def test_a_tick_in_another_tab_updates_the_home_page(served, clocked):
    seen = clocked(DECEMBER)
    home = seen.page
    home.goto(served.url(EXAMPLE))
    count = overdue_at(DECEMBER)
    item = home.locator(".pb-next > li.pb-overdue").first.get_attribute("data-item")
    other = home.context.new_page()
    other.clock.install(time=DECEMBER)
    other.goto(served.url(EXAMPLE, "before-match-week/"))
    other.locator(f"#check-{item}").check()
    home.wait_for_function(f"document.querySelector('.pb-overdue-words').textContent === '{count - 1} steps overdue'")


def week_steps() -> list:
    """The Match Week page's steps that have a time of day."""
    return [i for i in playbook().items() if i.phase == "match_week" and i.due and i.due.local]


def week_step_time(now: dt.datetime, *, latest_started: bool) -> dt.datetime:
    """The UTC time of the Match Week steps of the moment (the latest begun), or of the next ones."""
    starts = {i.due.starts(ZONE) for i in week_steps()}
    chosen = max(t for t in starts if t <= now) if latest_started else min(t for t in starts if t > now)
    return chosen.astimezone(dt.UTC)


def week_steps_started(now: dt.datetime) -> list[str]:
    latest = week_step_time(now, latest_started=True)
    return [i.id for i in week_steps() if i.due.starts(ZONE) == latest]


def test_on_match_week_monday_at_10_40_et_one_step_is_current_and_the_next_marked(served, clocked):
    seen = clocked(MONDAY_10_40_ET)
    page = seen.page
    page.goto(served.url(EXAMPLE, "match-week/"))
    current = page.locator("[aria-current]")
    assert current.count() == 1
    assert current.get_attribute("aria-current") == "step"
    assert current.get_attribute("data-item") in week_steps_started(MONDAY_10_40_ET)
    started_at = week_step_time(MONDAY_10_40_ET, latest_started=True)
    assert dt.time(9) <= started_at.astimezone(ET).time() <= dt.time(10, 40)  # a step of Monday morning in ET
    assert current.get_attribute("data-at") == f"{started_at:%Y-%m-%dT%H:%M:%SZ}"
    assert current.locator(".pb-state").inner_text() == "Now"
    following = page.locator(".pb-next-up")
    assert following.count() >= 1
    next_at = week_step_time(MONDAY_10_40_ET, latest_started=False)
    assert set(following.evaluate_all("els => els.map(e => e.dataset.at)")) == {f"{next_at:%Y-%m-%dT%H:%M:%SZ}"}
    assert following.first.locator(".pb-state").inner_text() == "Next"
    assert page.inner_text(".pb-week-now") == "Now: Mon 15:40 Lagos time · 10:40 ET"
    first = current.get_attribute("data-item")
    page.locator(f"#check-{first}").check()  # done: the next open step of the moment
    assert page.locator("[aria-current]").count() == 1
    others = set(week_steps_started(MONDAY_10_40_ET)) - {first}
    assert page.locator("[aria-current]").get_attribute("data-item") in others
    assert seen.console_errors == []


@pytest.mark.parametrize("now", [DECEMBER, AFTER_MATCH_DAY], ids=["december", "after-match-day"])
def test_outside_match_week_no_step_is_current(served, clocked, now):
    page = clocked(now).page
    for path in ("match-week/", "timeline/"):
        page.goto(served.url(EXAMPLE, path))
        assert page.locator("[aria-current]").count() == 0, path
        assert page.locator(".pb-now, .pb-next-up").count() == 0, path
    assert page.locator(".pb-week-now").count() == 0 or page.locator(".pb-week-now").is_hidden()


def test_the_timeline_opens_on_the_device_month_and_counts_from_the_device_day(served, clocked):
    page = clocked(DECEMBER).page
    page.goto(served.url(EXAMPLE, "timeline/"))
    assert page.inner_text(".pb-counted") == "Day counts are from today, Thu 10 Dec 2026, on this device's clock."
    opened = page.locator("details.pb-fold[open]").evaluate_all("ds => ds.map(d => d.id)")
    assert opened == ["month-2026-12", "month-2027-01"]  # the J-1 step of 21 December, then January
    line = page.locator("#today")
    assert line.inner_text() == "Today, Thu 10 Dec 2026"
    assert line.evaluate("l => l.nextElementSibling.dataset.day") == "2026-12-21"
    assert page.inner_text("[data-day='2026-12-21'] .pb-rel") == "in 11 days"
    assert page.inner_text("[data-day='2027-01-04'] .pb-rel") == "in 25 days"
    september = page.inner_text("#month-2026-09 > summary")
    assert "overdue" in september and "3 steps" in september


def test_keyboard_reaches_the_next_steps_and_opens_a_month(served, clocked):
    page = clocked(DECEMBER).page
    page.goto(served.url(EXAMPLE))
    item = page.locator(".pb-next > li:visible input[type=checkbox]").first.get_attribute("data-item")
    first = page.locator(f"#check-{item}")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.item") == item:
            break
    else:
        pytest.fail("Tab never reached the first next step")
    page.keyboard.press("Space")
    assert first.is_checked()
    page.goto(served.url(EXAMPLE, "timeline/"))
    summary = page.locator("#month-2026-06 > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("#month-2026-06").get_attribute("open") is not None


def test_the_charts_today_mark_moves_to_the_device_day(served, clocked):
    page = clocked(DECEMBER).page
    page.goto(served.url(EXAMPLE, "timeline/"))
    assert page.locator(".pb-chart-today-label").text_content() == "today, 10 Dec"
    built, moved = page.locator(".pb-chart-today").evaluate(
        "m => [parseFloat(m.dataset.y), m.getBBox().y + m.getBBox().height / 2 + m.transform.baseVal[0].matrix.f]")
    assert moved > built  # lower down the chart: later than the build day
    assert page.locator(".pb-chart-today").get_attribute("visibility") == "visible"


def test_the_bridge_year_plan_marks_the_blocks_under_way_and_today(served, clocked):
    page = clocked(DECEMBER, "Asia/Amman").page
    page.goto(served.url("omar-haddad", "bridge-year/"))
    now = page.locator(".pb-plan-block.pb-now").evaluate_all("hs => hs.map(h => h.id)")
    assert now == ["plan-reapp-plan-continue"]  # 20 Nov 2026 to 19 Mar 2027
    assert page.locator(".pb-plan-block.pb-now .pb-state").all_inner_texts() == ["Now"]
    line = page.locator("#pb-plan-today")
    assert line.is_visible() and line.inner_text() == "Today, Thu 10 Dec 2026"
    assert line.evaluate("l => l.previousElementSibling.tagName") == "UL"  # after the last block's tasks


def test_the_match_week_page_leads_to_the_hour_by_hour_view_even_when_folded(served, clocked):
    page = clocked(DECEMBER).page
    page.goto(served.url(EXAMPLE, "timeline/"))
    assert page.locator("#match-week-hours").get_attribute("open") is None  # folded in December
    page.goto(served.url(EXAMPLE, "match-week/"))
    page.get_by_role("link", name="Match Week hour by hour").click()
    page.wait_for_url("**/timeline/#match-week")
    assert page.locator("#match-week-hours").get_attribute("open") is not None
    assert page.locator("#match-week-hours .pb-step").first.is_visible()
