"""The Match-cycle calendar: date rules from content/calendar turned into dates for one cycle.

Rules give a date and an Eastern time for any cycle year; per-year overrides in the calendar
file (facts from a source) and the profile's `calendar_overrides` win over them, in that order.
Each event knows its instant in ET and in the applicant's zone (zoneinfo, DST-aware on both sides).
"""

from __future__ import annotations

import calendar as stdcal
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from .errors import Location, PlaybookError, raise_all
from .profile import CalendarOverride, Clock, Moment, Strict
from .yamlfile import did_you_mean, load_yaml, position, validate

ET_ZONE = "America/New_York"
ET = ZoneInfo(ET_ZONE)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}

_NTH = re.compile(r"^(first|second|third|fourth|last) (\w+) of (\w+)( of previous year)?$")
_FIXED = re.compile(r"^(\w+) ([0-9]{1,2})( of previous year)?$")
_RELATIVE = re.compile(r"^([a-z0-9_]+) ([+-]) ([0-9]{1,4}) days?$")

Level = Literal["primary", "secondary", "heuristic"]
# How sure a date is, weakest first; a date set in the profile ("yours") is as sure as she made it.
RANK = {"heuristic": 0, "secondary": 1, "primary": 2, "yours": 2}
LEVEL_WORDS = {"heuristic": "an estimate", "secondary": "unconfirmed", "primary": "published", "yours": "your own"}


class EventRule(Strict):
    title: str
    rule: str
    time: Clock | None = Field(None, description="HH:MM in America/New_York")
    duration: str | None = Field(None, pattern=r"^[0-9]{1,4}[hm]$")
    verified: Level
    sources: list[str] = Field(min_length=1)


class YearOverride(Moment):
    """What a source says an event is in one cycle year; wins over the rule."""

    verified: Level
    sources: list[str] = Field(min_length=1)


class CalendarFile(Strict):
    events: dict[str, EventRule]
    years: dict[int, dict[str, YearOverride]] = Field(
        default_factory=dict, description="cycle year → event id → the known date and time"
    )


@dataclass(frozen=True)
class Event:
    """One dated event of a cycle; `time` is Eastern time, or None for an all-day event."""

    id: str
    title: str
    date: dt.date
    time: dt.time | None
    duration: dt.timedelta | None
    verified: str
    sources: tuple[str, ...]
    cycle: int = 0
    zone: str = ET_ZONE

    @property
    def et(self) -> dt.datetime | None:
        return at_et(self.date, self.time)

    @property
    def local(self) -> dt.datetime | None:
        return in_zone(self.et, self.zone)


@dataclass(frozen=True)
class _Fix:
    """An override reduced to what it changes."""

    date: dt.date | None
    time: str | None
    verified: str
    sources: tuple[str, ...]


class Calendar:
    """Rules for every event, resolvable for any cycle year."""

    def __init__(self, rules: dict[str, EventRule], file: str = "<calendar>",
                 years: Mapping[int, Mapping[str, YearOverride]] | None = None):
        self.rules = rules
        self.file = file
        self.years = years or {}

    @property
    def event_ids(self) -> list[str]:
        return sorted(self.rules)

    def for_cycle(self, year: int, overrides: Mapping[str, CalendarOverride] | None = None,
                  zone: str = ET_ZONE) -> dict[str, Event]:
        """Every event of the `year` cycle; `overrides` (the profile's) win over everything."""
        fixes = {eid: _year_fix(o) for eid, o in self.years.get(year, {}).items()}
        fixes.update({eid: _profile_fix(o) for eid, o in (overrides or {}).items()})
        unknown = sorted(set(fixes) - set(self.rules))
        if unknown:
            raise PlaybookError(f"unknown calendar event{did_you_mean(unknown[0], self.event_ids)}", got=unknown[0])
        return {eid: replace(self._event(eid, year, fixes, ()), zone=zone) for eid in self.rules}

    def _event(self, eid: str, year: int, fixes: dict[str, _Fix], seen: tuple[str, ...]) -> Event:
        rule, fix = self.rules[eid], fixes.get(eid)
        verified, sources = (fix.verified, fix.sources) if fix else (rule.verified, tuple(rule.sources))
        if fix and fix.date:
            day = fix.date
        elif anchor := self._anchor(eid, rule.rule, year, fixes, seen + (eid,)):
            day = self._date(rule.rule, year, anchor)
            if RANK[anchor.verified] < RANK[verified]:
                # A date counted from a weaker one is no surer than it: ECFMG's rule is primary,
                # but its date follows an estimated rank-list deadline.
                verified = anchor.verified
                sources += (f"Counted from “{anchor.title}”, itself {LEVEL_WORDS[anchor.verified]}",)
        else:
            day = self._date(rule.rule, year, None)
        time = fix.time if fix and fix.time else rule.time
        return Event(
            id=eid,
            title=rule.title,
            date=day,
            time=dt.time.fromisoformat(time) if time else None,
            duration=_duration(rule.duration),
            verified=verified,
            sources=sources,
            cycle=year,
        )

    def _anchor(self, eid: str, rule: str, year: int, fixes: dict[str, _Fix], seen: tuple[str, ...]) -> Event | None:
        """The event a relative rule counts from, or None for a rule that names a day of the year."""
        m = _RELATIVE.match(rule)
        if not m:
            return None
        if m.group(1) in seen:
            raise PlaybookError(f"events.{eid}: rule refers to itself through {m.group(1)}", Location(self.file))
        return self._event(m.group(1), year, fixes, seen)

    @staticmethod
    def _date(rule: str, year: int, anchor: Event | None) -> dt.date:
        if anchor is not None:
            m = _RELATIVE.match(rule)
            assert m, rule
            days = int(m.group(3))
            return anchor.date + dt.timedelta(days=days if m.group(2) == "+" else -days)
        if m := _NTH.match(rule):
            nth, weekday, month, previous = m.groups()
            return nth_weekday(year - bool(previous), MONTHS.index(month) + 1, WEEKDAYS.index(weekday), ORDINALS[nth])
        m = _FIXED.match(rule)
        assert m, rule
        return dt.date(year - bool(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2)))


def _year_fix(o: YearOverride) -> _Fix:
    return _Fix(o.date, o.time, o.verified, tuple(o.sources))


def _profile_fix(o: CalendarOverride) -> _Fix:
    source = "Your own correction, from your profile" + (f": {o.note}" if o.note else "")
    return _Fix(o.date, o.time, "yours", (source,))


def at_et(day: dt.date, time: dt.time | None) -> dt.datetime | None:
    """The instant of an Eastern wall-clock time (EST or EDT as that date has it)."""
    return dt.datetime.combine(day, time, tzinfo=ET) if time else None


def in_zone(moment: dt.datetime | None, zone: str) -> dt.datetime | None:
    return moment.astimezone(ZoneInfo(zone)) if moment else None


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-based, or -1 for last) given weekday of a month."""
    if nth == -1:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, stdcal.monthrange(year, month)[1]))


def bridge_cycles(status: str, cycle: int, last_year: int | None) -> tuple[int, int]:
    """The cycle whose SOAP the bridge year starts after, and the cycle whose Match Day ends it.

    A reapplicant's `cycle` is the Match she is reapplying to; everyone else's is the Match
    just behind them.
    """
    if status == "reapplicant":
        return min(last_year or cycle - 1, cycle - 1), cycle
    return cycle, cycle + 1


def _duration(text: str | None) -> dt.timedelta | None:
    if not text:
        return None
    amount, unit = int(text[:-1]), text[-1]
    return dt.timedelta(hours=amount) if unit == "h" else dt.timedelta(minutes=amount)


def load_calendar(path: Path) -> Calendar:
    data = load_yaml(path)
    parsed = validate(CalendarFile, data, str(path))
    file = str(path)
    errors = [
        PlaybookError(f"events.{eid}.rule: {problem}", position(data, ("events", eid, "rule"), file), got=rule.rule)
        for eid, rule in parsed.events.items()
        if (problem := _rule_problem(rule.rule, parsed.events))
    ]
    known = sorted(parsed.events)
    errors += [
        PlaybookError(
            f"years.{year}.{eid}: unknown calendar event{did_you_mean(eid, known)}",
            position(data, ("years", year, eid), file, key=True),
            got=eid,
        )
        for year, fixes in parsed.years.items()
        for eid in fixes
        if eid not in parsed.events
    ]
    raise_all(errors)
    return Calendar(parsed.events, file, parsed.years)


def _rule_problem(rule: str, events: dict[str, EventRule]) -> str | None:
    if m := _RELATIVE.match(rule):
        if m.group(1) not in events:
            return f"unknown event '{m.group(1)}'{did_you_mean(m.group(1), sorted(events))}"
        return None
    if m := _NTH.match(rule):
        if m.group(2) not in WEEKDAYS or m.group(3) not in MONTHS:
            return "expected '<nth> <weekday> of <month>'"
        return None
    if m := _FIXED.match(rule):
        month = MONTHS.index(m.group(1)) + 1 if m.group(1) in MONTHS else 0
        if not month or not 1 <= int(m.group(2)) <= stdcal.monthrange(2001, month)[1]:
            return "expected '<month> <day>' with a day that exists in every year"
        return None
    return "not a date rule: see the comment at the top of the calendar file"
