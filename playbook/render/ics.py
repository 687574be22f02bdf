"""Playbook → playbook.ics: one calendar event per dated thing, made with the icalendar library.

Timed events carry TZID=America/New_York with its VTIMEZONE, so any calendar app shows them in
the reader's own zone; all-day ones are dates. UIDs come from item and event ids, the cycle and
the playbook's slug, so re-importing (or re-fetching a subscribed) rebuilt file updates events
instead of duplicating them. Built from the model alone: a public build's calendar holds only what
its site shows.

Every timed event has an end that means something: a deadline (a step's due time, a registration
or rank-list deadline) is its last hour, ending at the deadline; a window (a SOAP round) lasts as
long as it is open; a moment (a list released, applications open) takes an hour. Deadlines and
everything in Match Week remind a day and two hours before.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import icalendar

from ..model import Event, Item, PlanBlock, Playbook
from ..modules import PHASES
from .links import PHASE_PAGES, page_address
from .text import due_label, long_date, plain_text

ICS_NAME = "playbook.ics"
PRODID = "-//playbook//Match and SOAP playbook//EN"
VERIFY = {
    "heuristic": "Estimate from past years' pattern: verify with NRMP or ERAS for your year.",
    "secondary": "Sources disagree on this one: verify with NRMP or ERAS for your year.",
}
SUMMARY_CHARS = 70
REFRESH = dt.timedelta(hours=12)  # how often a subscribed calendar app should fetch the file again
LAST_HOUR = dt.timedelta(hours=1)
MOMENT = dt.timedelta(hours=1)
REMINDERS = (dt.timedelta(days=1), dt.timedelta(hours=2))
ALL_DAY_REMINDER = dt.timedelta(hours=-15)  # 09:00 the day before an all-day event


def calendar(playbook: Playbook, *, site_url: str | None = None, directory_urls: bool = True) -> icalendar.Calendar:
    """The calendar; with `site_url`, every event links to its place on the published site."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{playbook.applicant.plain_name} · Match {playbook.applicant.cycle}"
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    if site_url:
        cal.add("source", site_url + ICS_NAME, parameters={"VALUE": "URI"})
    where = _Where(site_url, directory_urls)
    stamp = _stamp(playbook.today)
    week = _match_week(playbook)
    for event in playbook.events:
        cal.add_component(_from_event(event, playbook, stamp, where, week))
    for item in playbook.items():
        if item.due:
            cal.add_component(_from_item(item, playbook, stamp, where, week))
    for block in playbook.plan():
        if block.start and block.end:
            cal.add_component(_from_plan(block, playbook, stamp, where))
    days = [e.date for e in playbook.events] or [playbook.today]
    margin = dt.timedelta(days=400)  # VTIMEZONE rules for the year around the events, no more
    cal.add_missing_timezones(first_date=min(days) - margin, last_date=max(days) + margin)
    return cal


def to_ics(playbook: Playbook, *, site_url: str | None = None, directory_urls: bool = True) -> bytes:
    return calendar(playbook, site_url=site_url, directory_urls=directory_urls).to_ical()


def write_calendar(playbook: Playbook, path: Path, *, site_url: str | None = None,
                   directory_urls: bool = True) -> None:
    path.write_bytes(to_ics(playbook, site_url=site_url, directory_urls=directory_urls))


def subscribe_url(site_url: str | None) -> str | None:
    """webcal://host/path/playbook.ics: the address calendar apps subscribe to (and fetch again)."""
    if not site_url:
        return None
    return "webcal://" + site_url.split("://", 1)[1] + ICS_NAME


def uid(kind: str, ident: str, cycle: int, slug: str) -> str:
    """Stable across rebuilds; differs between cycles and between playbooks."""
    return f"{kind}-{ident}-{cycle}@{slug}.playbook"


class _Where:
    """The address of a thing on the published site, when the site has an address."""

    def __init__(self, site_url: str | None, directory_urls: bool) -> None:
        self.site_url, self.directory_urls = site_url, directory_urls

    def __call__(self, md_path: str, anchor: str) -> str | None:
        if not self.site_url:
            return None
        return f"{self.site_url}{page_address(md_path, directory_urls=self.directory_urls)}#{anchor}"


def _stamp(today: dt.date) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set (reproducible builds), else the build's `today`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.combine(today, dt.time(), dt.UTC)


def _match_week(playbook: Playbook) -> tuple[dt.date, dt.date] | None:
    """Match Week Monday to Match Day of the playbook's cycle (ET dates)."""
    by_id = {e.id: e.date for e in playbook.events if e.cycle == playbook.applicant.cycle}
    if "match_week_monday" in by_id and "match_day" in by_id:
        return by_id["match_week_monday"], by_id["match_day"]
    return None


def _in_week(day: dt.date, week: tuple[dt.date, dt.date] | None) -> bool:
    return week is not None and week[0] <= day <= week[1]


def is_deadline(event: Event) -> bool:
    """Deadlines and closings (`rank_list_deadline`, `soap_end`): they end at their time."""
    return event.id.endswith(("_deadline", "_end"))


def _base(uid_value: str, summary: str, stamp: dt.datetime, description: str, url: str | None) -> icalendar.Event:
    """A title cut to SUMMARY_CHARS is given in full at the top of the description."""
    ev = icalendar.Event()
    ev.add("uid", uid_value)
    ev.add("dtstamp", stamp)
    ev.add("summary", _summary(summary))
    if _summary(summary) != summary and not description.startswith(summary):
        description = f"{summary}\n\n{description}"
    ev.add("description", description)
    if url:
        ev.add("url", url, parameters={"VALUE": "URI"})
    return ev


def _span(ev: icalendar.Event, start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> None:
    ev.add("dtstart", start)
    ev.add("dtend", end)


def _timed(ev: icalendar.Event, at: dt.datetime, *, deadline: bool, length: dt.timedelta | None = None) -> None:
    """A window as long as it is open, a deadline's last hour, or the hour of a moment."""
    if length:
        _span(ev, at, at + length)
    elif deadline:
        _span(ev, at - LAST_HOUR, at)
    else:
        _span(ev, at, at + MOMENT)


def _remind(ev: icalendar.Event, summary: str, at: dt.datetime | None, *, deadline: bool) -> None:
    """Reminders a day and two hours before the moment (a deadline's end, else the start); the morning
    before an all-day event."""
    start = ev.decoded("DTSTART")
    if at is None:
        ev.add_component(_alarm(f"Tomorrow: {summary}", ALL_DAY_REMINDER))
        return
    moment = ev.decoded("DTEND") if deadline else start
    for before in REMINDERS:
        hours = int(before.total_seconds() // 3600)
        ahead = "in 1 day" if hours == 24 else f"in {hours} hours"
        ev.add_component(_alarm(f"{ahead}: {summary}", moment - before - start))


def _alarm(text: str, trigger: dt.timedelta) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _summary(text))
    alarm.add("trigger", trigger)
    return alarm


def _from_event(event: Event, playbook: Playbook, stamp: dt.datetime, where: _Where,
                week: tuple[dt.date, dt.date] | None) -> icalendar.Event:
    lines = [f"When: {due_label(event)}.", VERIFY.get(event.verified),
             "Source: " + "; ".join(event.sources)]
    ev = _base(uid("event", event.id, event.cycle, playbook.applicant.slug), event.title, stamp, _join(lines),
               where("timeline.md", f"event-{event.id}-{event.cycle}"))
    deadline = is_deadline(event)
    if event.et is None:
        _span(ev, event.date, event.date + dt.timedelta(days=1))
    else:
        _timed(ev, event.et, deadline=deadline, length=event.duration)
    if deadline or _in_week(event.date, week):
        _remind(ev, str(ev["SUMMARY"]), event.et, deadline=deadline)
    ev.add("categories", [f"Match {event.cycle}"])
    return ev


def _from_item(item: Item, playbook: Playbook, stamp: dt.datetime, where: _Where,
               week: tuple[dt.date, dt.date] | None) -> icalendar.Event:
    """A dated step is a deadline: due by its time (or by the end of its day)."""
    assert item.due is not None
    text = plain_text(item.text)
    due = item.due
    counted = "" if due.rule == due.event else f" ({due.rule.replace(due.event, due.event_title)})"
    lines = [text, "", f"Due: {due_label(due)}{counted}.", VERIFY.get(due.verified),
             f"Checklist: {PHASES[item.phase]}."]
    ev = _base(uid("step", item.id, playbook.applicant.cycle, playbook.applicant.slug), text.split("\n", 1)[0],
               stamp, _join(lines), where(PHASE_PAGES[item.phase], item.id))
    if due.et is None:
        _span(ev, due.date, due.date + dt.timedelta(days=1))
    else:
        _timed(ev, due.et, deadline=True)
    _remind(ev, str(ev["SUMMARY"]), due.et, deadline=True)
    ev.add("categories", [f"Match {playbook.applicant.cycle}", PHASES[item.phase]])
    return ev


def _from_plan(block: PlanBlock, playbook: Playbook, stamp: dt.datetime, where: _Where) -> icalendar.Event:
    """A bridge-year block spans its months: all-day from its first day to its last (DTEND is exclusive)."""
    assert block.start and block.end
    tasks = [f"- {plain_text(task)}" for task in block.tasks]
    lines = [f"Bridge year, {long_date(block.start)} to {long_date(block.end)}:", *tasks]
    ev = _base(uid("plan", block.id, playbook.applicant.cycle, playbook.applicant.slug),
               f"Bridge year: {block.title}", stamp, _join(lines),
               where(PHASE_PAGES["bridge_year"], f"plan-{block.id}"))
    _span(ev, block.start, block.end + dt.timedelta(days=1))
    ev.add("transp", "TRANSPARENT")  # months of work, not months of being busy
    return ev


def _summary(text: str) -> str:
    """The first line, cut at a word so that it holds at most SUMMARY_CHARS characters with its '…'."""
    line = text.split("\n", 1)[0]
    if len(line) <= SUMMARY_CHARS:
        return line
    return line[:SUMMARY_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _join(lines: list[str | None]) -> str:
    return "\n".join(line for line in lines if line is not None)
