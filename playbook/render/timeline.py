"""The timeline: every dated event, step and bridge-year block in the applicant's own order,
with days counted from the build's `today`. Shared by the site's timeline page and the PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from jinja2 import Environment
from markupsafe import Markup

from ..model import Dated, Due, Playbook
from .text import jinja, long_date, md_inline, utc_offset, when_parts, zone_city

FLAGS = {"heuristic": "estimate", "secondary": "unconfirmed"}
NIGHT = (23, 7)  # local hours from 23:00 to 07:00 are flagged as night


@dataclass(frozen=True)
class Entry(Dated):
    """One row of the timeline. `text` is Markdown for steps, plain text otherwise."""

    kind: str  # "event", "step", "plan" or "today"
    key: str  # unique on a page, stable across builds
    text: str
    date: dt.date  # the applicant's own date (for an event at night in ET, often the next day)
    et: dt.datetime | None
    local: dt.datetime | None
    days: int
    verified: str = "primary"
    phase: str | None = None
    note: str = ""
    end: dt.datetime | None = None  # local end, for events that last

    @property
    def flag(self) -> str | None:
        return FLAGS.get(self.verified)

    @property
    def night(self) -> bool:
        hour = self.local.hour if self.local else 12
        return hour >= NIGHT[0] or hour < NIGHT[1]


@dataclass(frozen=True)
class Month:
    key: str  # "2027-03"
    title: str  # "March 2027"
    entries: tuple[Entry, ...]


def entries(playbook: Playbook) -> list[Entry]:
    """Every dated thing in the playbook, in the applicant's order (her date, then the instant)."""
    days = _days_from(playbook.today)
    rows = [
        Entry("event", f"event-{e.id}-{e.cycle}", e.title, e.local_date, e.et, e.local, days(e), e.verified,
              end=e.local + e.duration if e.local and e.duration else None)
        for e in playbook.events
    ]
    rows += [
        Entry("step", f"step-{i.id}", i.text, i.due.local_date, i.due.et, i.due.local, days(i.due), i.due.verified,
              i.phase, _why(i.due))
        for i in playbook.items()
        if i.due
    ]
    rows += [
        Entry("plan", f"plan-{b.id}", b.title, b.start, None, None, (b.start - playbook.today).days,
              note=f"until {long_date(b.end)}")
        for b in playbook.plan()
        if b.start and b.end
    ]
    return sorted(rows, key=lambda r: (r.order, _KINDS.index(r.kind), r.key))


_KINDS = ("today", "plan", "event", "step")


def _why(due: Due) -> str:
    """How a step's date is counted, when it is not the event's own moment."""
    if due.rule == due.event:
        return ""
    return due.rule.replace(due.event, f"“{due.event_title}”")


def _days_from(today: dt.date) -> Callable[[Dated], int]:
    return lambda thing: (thing.local_date - today).days


def relative(days: int) -> str:
    """'today', 'in 1 day', 'in 42 days', '3 days ago'."""
    if days == 0:
        return "today"
    unit = "day" if abs(days) == 1 else "days"
    return f"in {days} {unit}" if days > 0 else f"{-days} {unit} ago"


def months(playbook: Playbook) -> list[Month]:
    """The timeline grouped by the applicant's month, with a 'today' row where today falls."""
    today = Entry("today", "today", "Today", playbook.today, None, None, 0)
    rows = sorted([*entries(playbook), today], key=lambda r: (r.order, _KINDS.index(r.kind), r.key))
    return [
        Month(f"{y:04d}-{m:02d}", dt.date(y, m, 1).strftime("%B %Y"), tuple(group))
        for (y, m), group in groupby(rows, key=lambda r: (r.date.year, r.date.month))
    ]


def match_week(playbook: Playbook) -> list[tuple[dt.date, list[Entry]]]:
    """Match Week (Monday 00:00 ET to the end of Match Day, ET) hour by hour, by the applicant's days."""
    by_id = {e.id: e for e in playbook.events if e.cycle == playbook.applicant.cycle}
    if "match_week_monday" not in by_id or "match_day" not in by_id:
        return []
    first = by_id["match_week_monday"].date
    last = by_id["match_day"].date
    timed = [e for e in entries(playbook) if e.et and first <= e.et.date() <= last]
    return [(day, list(group)) for day, group in groupby(timed, key=lambda e: e.local_date)]


def span(entry: Entry) -> str:
    """'19:30' or '18:30–20:30' in the applicant's zone."""
    assert entry.local is not None
    return f"{entry.local:%H:%M}" + (f"–{entry.end:%H:%M}" if entry.end else "")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = jinja("fragments", html=True)
    env.filters.update(inline=lambda text: Markup(md_inline(text)), parts=when_parts, relative=relative,
                       long_date=long_date, span=span, city=zone_city, offset=utc_offset)
    return env


def _macro(name: str) -> Callable[..., str]:
    macro = getattr(_environment().get_template("timeline.html.j2").module, name)
    # No blank lines: the fragment must stay one raw HTML block inside Markdown.
    return lambda *args: "\n".join(line for line in str(macro(*args)).splitlines() if line.strip())


def month_html(month: Month, href: Callable[[Entry], str | None]) -> str:
    """One month as an HTML table; `href` gives the link of a step (its checklist), or None."""
    return _macro("month_table")(month, href)


def match_week_html(playbook: Playbook, href: Callable[[Entry], str | None]) -> str:
    """Match Week hour by hour in the applicant's zone, as HTML tables (one per day)."""
    return _macro("match_week")(match_week(playbook), playbook.applicant.timezone, href)


def timeline_html(playbook: Playbook, href: Callable[[Entry], str | None] = lambda e: None,
                  level: int = 2) -> str:
    """The whole timeline as one HTML fragment (headings at `level`), e.g. for the PDF."""
    parts = [f"<h{level}>Match Week, hour by hour</h{level}>", match_week_html(playbook, href)]
    for month in months(playbook):
        parts += [f'<h{level} id="month-{month.key}">{month.title}</h{level}>', month_html(month, href)]
    return "\n".join(parts)
