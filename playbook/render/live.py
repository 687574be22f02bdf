"""What the browser needs to know about dated things, written as HTML data attributes.

The site is built once but read on many days, so small scripts work out today, overdue and "now"
from the device's clock over these attributes (the build-day text stands when script is off):

- `data-item`, `data-phase`: a step's stable id (the key of its tick) and its phase;
- `data-day`: the applicant's own date of it, YYYY-MM-DD;
- `data-at`: when it begins, as a UTC instant (timed things only);
- `data-due`: the UTC instant from which it is past: its time, the end of its span, or the end of
  the applicant's day when it has no time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from ..calendar import ET
from ..model import Dated, Item, PlanBlock, Playbook


def utc(moment: dt.datetime) -> str:
    """'2027-03-15T14:00:00Z': what Date.parse reads the same in every browser."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _attrs(values: dict[str, str | None]) -> Markup:
    return Markup("".join(f' data-{name}="{escape(value)}"' for name, value in values.items() if value is not None))


def dated(thing: Dated, zone: str, end: dt.datetime | None = None) -> Markup:
    """data-day, data-at and data-due of an event or a step; `end` (aware) for things that last."""
    return _attrs({
        "day": thing.local_date.isoformat(),
        "at": utc(thing.starts(zone)) if thing.local else None,
        "due": utc(end) if end else utc(thing.due_by(zone)),
    })


def step(item: Item, zone: str) -> Markup:
    """Everything a step's element carries: its id, phase and, when dated, its dates."""
    attrs = _attrs({"item": item.id, "phase": item.phase})
    return attrs + dated(item.due, zone) if item.due else attrs


def block(plan: PlanBlock, zone: str) -> Markup:
    """A bridge-year block: its first day, and the end of its last day as the instant it is past."""
    if plan.start is None or plan.end is None:
        return Markup("")
    end = dt.datetime.combine(plan.end + dt.timedelta(days=1), dt.time(), ZoneInfo(zone))
    return _attrs({"day": plan.start.isoformat(), "due": utc(end)})


def attrs(thing: Item | PlanBlock | Dated, zone: str, end: dt.datetime | None = None) -> Markup:
    """The data attributes of a step, a bridge-year block, or any other dated thing (a template filter)."""
    if isinstance(thing, Item):
        return step(thing, zone)
    if isinstance(thing, PlanBlock):
        return block(thing, zone)
    return dated(thing, zone, end)


def match_week(playbook: Playbook) -> Markup:
    """Match Week as data-from / data-until (UTC): Monday 00:00 ET to the end of Match Day, ET."""
    by_id = {e.id: e for e in playbook.events if e.cycle == playbook.applicant.cycle}
    if "match_week_monday" not in by_id or "match_day" not in by_id:
        return Markup("")
    first, last = by_id["match_week_monday"].date, by_id["match_day"].date + dt.timedelta(days=1)
    return _attrs({"from": utc(dt.datetime.combine(first, dt.time(), ET)),
                   "until": utc(dt.datetime.combine(last, dt.time(), ET))})
