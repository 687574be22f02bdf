"""The site's Timeline page, short enough for a phone: months folded except the current and the
next, each day's date said once, every step with its tick box, and Match Week hour by hour in a
fold of its own (its steps are not repeated in March). The build day decides what is open; in the
browser, today.js opens the device's current and next months instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from jinja2 import Environment
from markupsafe import Markup

from ..model import Playbook
from . import live
from .text import jinja, long_date, md_inline, utc_offset, zone_city
from .timeline import Entry, entries, match_week, relative

Days = tuple[tuple[dt.date, tuple[Entry, ...]], ...]


@dataclass(frozen=True)
class Fold:
    """One month of the page, or Match Week hour by hour."""

    key: str  # "2027-03"
    title: str
    days: Days
    summary: str
    open: bool
    week_note: str = ""


@dataclass(frozen=True)
class Today:
    date: dt.date


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _summary(rows: list[Entry]) -> str:
    parts = [plural(n, noun) for noun, n in (("step", _count(rows, "step")), ("date", _count(rows, "event")),
                                             ("bridge-year block", _count(rows, "plan"))) if n]
    return "Show " + " and ".join(parts) if parts else "Nothing dated"


def _count(rows: list[Entry], kind: str) -> int:
    return sum(1 for r in rows if r.kind == kind)


def _days(rows: list[Entry], today: dt.date | None) -> Days:
    """Rows by the applicant's day; the build day is there (for its Today line) even when nothing falls on it."""
    groups = {day: tuple(group) for day, group in groupby(rows, key=lambda r: r.date)}
    if today is not None:
        groups.setdefault(today, ())
    return tuple(sorted(groups.items()))


def month_key(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def folds(playbook: Playbook) -> tuple[Fold | None, list[Fold]]:
    """Match Week hour by hour (None without it) and the months, open as the build day has them."""
    week = match_week(playbook)
    in_week = {e.key for _, rows in week for e in rows}
    rows = [e for e in entries(playbook) if e.key not in in_week]
    keys = sorted({month_key(r.date) for r in rows})
    # Today's line goes in the first month with something on or after today (else the last month).
    now = next((i for i, key in enumerate(keys) if key >= month_key(playbook.today)), len(keys) - 1)
    opened = set(keys[now:now + 2])
    week_month = month_key(week[0][0]) if week else ""
    months = []
    for i, key in enumerate(keys):
        mine = [r for r in rows if month_key(r.date) == key]
        first = dt.date.fromisoformat(key + "-01")
        today = playbook.today if i == now else None
        note = _week_note(week) if key == week_month else ""
        months.append(Fold(key, f"{first:%B %Y}", _days(mine, today), _summary(mine), key in opened, note))
    if not week:
        return None, months
    all_week = [e for _, group in week for e in group]
    over = week[-1][0] < playbook.today
    hours = Fold(week_month, "Match Week, hour by hour", tuple((d, tuple(g)) for d, g in week), _summary(all_week),
                 week_month in opened and not over)
    return hours, months


def _week_note(week: list[tuple[dt.date, list[Entry]]]) -> str:
    rows = [e for _, group in week for e in group]
    return f"Match Week, {week[0][0].day}–{week[-1][0].day} {week[-1][0]:%B}: {plural(_count(rows, 'step'), 'step')} " \
           f"and {plural(_count(rows, 'event'), 'date')}, hour by hour above"


def _by_time(rows: tuple[Entry, ...]) -> list[tuple[dt.datetime | None, list[Entry]]]:
    """A day's entries grouped by their instant (all-day ones under None), in the day's order."""
    return [(at, list(group)) for at, group in groupby(rows, key=lambda e: e.local)]


def _et_short(et: dt.datetime, local: dt.datetime) -> str:
    """'10:00 ET', or 'Sun 23:59 ET' when Eastern time is on another day than hers."""
    return (f"{et:%a} " if et.date() != local.date() else "") + f"{et:%H:%M} ET"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = jinja("pages", html=True)
    env.filters.update(inline=lambda text: Markup(md_inline(text)), relative=relative, long_date=long_date,
                       city=zone_city, offset=utc_offset, et_short=_et_short, groupby_time=_by_time,
                       live=live.attrs)
    return env


def _render(macro: str, *args: object) -> str:
    html = str(getattr(_environment().get_template("_timeline.html.j2").module, macro)(*args))
    # No blank lines: the fragment must stay one raw HTML block inside Markdown.
    return "\n".join(line for line in html.splitlines() if line.strip())


def page_context(playbook: Playbook, href: Callable[[Entry], str | None]) -> dict[str, object]:
    """What timeline.md.j2 needs: the folds as HTML, and which of them open on the build day."""
    zone = playbook.applicant.timezone
    hours, months = folds(playbook)
    today = Today(playbook.today)
    return {
        "week": _render("week", hours, zone, href, live.match_week(playbook)) if hours else "",
        "months": [(m, _render("month", m, today, zone, href)) for m in months],
    }
