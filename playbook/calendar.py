"""The Match-cycle calendar: date rules from content/calendar turned into dates for one cycle."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .errors import Location, PlaybookError, raise_all
from .profile import Strict
from .yamlfile import did_you_mean, load_yaml, position, validate

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}

_NTH = re.compile(r"^(first|second|third|fourth|last) (\w+) of (\w+)( of previous year)?$")
_FIXED = re.compile(r"^(\w+) (\d{1,2})( of previous year)?$")
_RELATIVE = re.compile(r"^([a-z0-9_]+) ([+-]) (\d+) days?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class EventRule(Strict):
    title: str
    rule: str
    time: str | None = Field(None, description="HH:MM in America/New_York")
    duration: str | None = Field(None, pattern=r"^\d+[hm]$")
    verified: Literal["primary", "secondary", "heuristic"]
    sources: list[str] = Field(min_length=1)

    @field_validator("time")
    @classmethod
    def _clock(cls, value: str | None) -> str | None:
        if value is not None and not _TIME.match(value):
            raise ValueError("expected a 24-hour time HH:MM")
        return value


class CalendarFile(Strict):
    events: dict[str, EventRule]


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


class Calendar:
    """Rules for every event, resolvable for any cycle year."""

    def __init__(self, rules: dict[str, EventRule], file: str = "<calendar>"):
        self.rules = rules
        self.file = file

    @property
    def event_ids(self) -> list[str]:
        return sorted(self.rules)

    def for_cycle(self, year: int) -> dict[str, Event]:
        return {eid: self._event(eid, year, ()) for eid in self.rules}

    def _event(self, eid: str, year: int, seen: tuple[str, ...]) -> Event:
        rule = self.rules[eid]
        day = self._date(eid, rule.rule, year, seen + (eid,))
        return Event(
            id=eid,
            title=rule.title,
            date=day,
            time=dt.time.fromisoformat(rule.time) if rule.time else None,
            duration=_duration(rule.duration),
            verified=rule.verified,
            sources=tuple(rule.sources),
        )

    def _date(self, eid: str, rule: str, year: int, seen: tuple[str, ...]) -> dt.date:
        if m := _RELATIVE.match(rule):
            base, sign, days = m.group(1), m.group(2), int(m.group(3))
            if base in seen:
                raise PlaybookError(f"events.{eid}: rule refers to itself through {base}", Location(self.file))
            anchor = self._event(base, year, seen).date
            return anchor + dt.timedelta(days=days if sign == "+" else -days)
        if m := _NTH.match(rule):
            nth, weekday, month, previous = m.groups()
            return nth_weekday(year - bool(previous), MONTHS.index(month) + 1, WEEKDAYS.index(weekday), ORDINALS[nth])
        m = _FIXED.match(rule)
        assert m, rule
        return dt.date(year - bool(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2)))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-based, or -1 for last) given weekday of a month."""
    if nth == -1:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _duration(text: str | None) -> dt.timedelta | None:
    if not text:
        return None
    amount, unit = int(text[:-1]), text[-1]
    return dt.timedelta(hours=amount) if unit == "h" else dt.timedelta(minutes=amount)


def load_calendar(path: Path) -> Calendar:
    data = load_yaml(path)
    parsed = validate(CalendarFile, data, str(path))
    errors = [
        PlaybookError(
            f"events.{eid}.rule: {problem}", position(data, ("events", eid, "rule"), str(path)), got=rule.rule
        )
        for eid, rule in parsed.events.items()
        if (problem := _rule_problem(rule.rule, parsed.events))
    ]
    raise_all(errors)
    return Calendar(parsed.events, str(path))


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
        if m.group(1) not in MONTHS or not 1 <= int(m.group(2)) <= 31:
            return "expected '<month> <day>'"
        return None
    return "not a date rule: see the comment at the top of the calendar file"
