"""Playbook → playbook.ics: one calendar event per dated thing, made with the icalendar library.

Timed events carry TZID=America/New_York with its VTIMEZONE, so any calendar app shows them in
the reader's own zone; all-day ones are dates. UIDs come from item and event ids, the cycle and
the playbook's slug, so re-importing a rebuilt file updates events instead of duplicating them.
Built from the model alone: a public build's calendar holds only what its site shows.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import icalendar

from ..model import Event, Item, PlanBlock, Playbook
from ..modules import PHASES
from .text import due_label, long_date, plain_text

ICS_NAME = "playbook.ics"
PRODID = "-//playbook//Match and SOAP playbook//EN"
VERIFY = {
    "heuristic": "Estimate from past years' pattern: verify with NRMP or ERAS for your year.",
    "secondary": "Sources disagree on this one: verify with NRMP or ERAS for your year.",
}
SUMMARY_CHARS = 90


def calendar(playbook: Playbook) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{playbook.applicant.plain_name} · Match {playbook.applicant.cycle}")
    stamp = _stamp(playbook.today)
    for event in playbook.events:
        cal.add_component(_from_event(event, playbook, stamp))
    for item in playbook.items():
        if item.due:
            cal.add_component(_from_item(item, playbook, stamp))
    for block in playbook.plan():
        if block.start and block.end:
            cal.add_component(_from_plan(block, playbook, stamp))
    days = [e.date for e in playbook.events] or [playbook.today]
    margin = dt.timedelta(days=400)  # VTIMEZONE rules for the year around the events, no more
    cal.add_missing_timezones(first_date=min(days) - margin, last_date=max(days) + margin)
    return cal


def to_ics(playbook: Playbook) -> bytes:
    return calendar(playbook).to_ical()


def write_calendar(playbook: Playbook, path: Path) -> None:
    path.write_bytes(to_ics(playbook))


def uid(kind: str, ident: str, cycle: int, slug: str) -> str:
    """Stable across rebuilds; differs between cycles and between playbooks."""
    return f"{kind}-{ident}-{cycle}@{slug}.playbook"


def _stamp(today: dt.date) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set (reproducible builds), else the build's `today`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.combine(today, dt.time(), dt.UTC)


def _base(uid_value: str, summary: str, stamp: dt.datetime, description: str) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", uid_value)
    ev.add("dtstamp", stamp)
    ev.add("summary", summary)
    ev.add("description", description)
    return ev


def _when(ev: icalendar.Event, start: dt.datetime | None, day: dt.date, length: dt.timedelta | None = None) -> None:
    """A timed event (aware, in ET), or an all-day one as a date."""
    if start is None:
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
    else:
        ev.add("dtstart", start)
        if length:
            ev.add("dtend", start + length)


def _from_event(event: Event, playbook: Playbook, stamp: dt.datetime) -> icalendar.Event:
    lines = [f"When: {due_label(event)}.", VERIFY.get(event.verified), "Source: " + "; ".join(event.sources)]
    ev = _base(uid("event", event.id, event.cycle, playbook.applicant.slug), event.title, stamp, _join(lines))
    _when(ev, event.et, event.date, event.duration)
    ev.add("categories", [f"Match {event.cycle}"])
    return ev


def _from_item(item: Item, playbook: Playbook, stamp: dt.datetime) -> icalendar.Event:
    assert item.due is not None
    text = plain_text(item.text)
    due = item.due
    counted = "" if due.rule == due.event else f" ({due.rule.replace(due.event, due.event_title)})"
    lines = [text, "", f"Due: {due_label(due)}{counted}.", VERIFY.get(due.verified),
             f"Checklist: {PHASES[item.phase]}."]
    ev = _base(uid("step", item.id, playbook.applicant.cycle, playbook.applicant.slug), _summary(text), stamp,
               _join(lines))
    _when(ev, due.et, due.date)
    ev.add("categories", [f"Match {playbook.applicant.cycle}", PHASES[item.phase]])
    return ev


def _from_plan(block: PlanBlock, playbook: Playbook, stamp: dt.datetime) -> icalendar.Event:
    assert block.start and block.end
    tasks = [f"- {plain_text(task)}" for task in block.tasks]
    lines = [f"Bridge year, {long_date(block.start)} to {long_date(block.end)}:", *tasks]
    ev = _base(uid("plan", block.id, playbook.applicant.cycle, playbook.applicant.slug),
               f"Bridge year: {block.title}", stamp, _join(lines))
    ev.add("dtstart", block.start)
    ev.add("dtend", block.start + dt.timedelta(days=1))
    return ev


def _summary(text: str) -> str:
    """The first line, cut at a word near SUMMARY_CHARS."""
    line = text.split("\n", 1)[0]
    if len(line) <= SUMMARY_CHARS:
        return line
    return line[:SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _join(lines: list[str | None]) -> str:
    return "\n".join(line for line in lines if line is not None)
