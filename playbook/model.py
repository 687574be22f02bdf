"""The document model: one tailored playbook, which every renderer reads and nothing else.

Text fields hold Markdown in which every value from the profile is already escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo


class Dated:
    """Shared by dated things: `date` and `time` are Eastern (the rule's), `et` and `local` the
    same instant as aware datetimes in ET and in the applicant's zone; both None when all day."""

    date: dt.date
    et: dt.datetime | None
    local: dt.datetime | None

    @property
    def local_date(self) -> dt.date:
        """The applicant's own date for it (an all-day date is the same everywhere)."""
        return self.local.date() if self.local else self.date

    @property
    def order(self) -> tuple[dt.date, int, dt.datetime | None]:
        """Sort key: by the applicant's date, all-day things first, then by the instant."""
        return (self.local_date, 1 if self.local else 0, self.local.astimezone(dt.UTC) if self.local else None)

    def starts(self, zone: str) -> dt.datetime:
        """When it begins, in UTC: its instant, or the start of the applicant's day (in `zone`) when all day."""
        if self.local:
            return self.local.astimezone(dt.UTC)
        return dt.datetime.combine(self.date, dt.time(), ZoneInfo(zone)).astimezone(dt.UTC)

    def due_by(self, zone: str) -> dt.datetime:
        """The instant from which it is past, in UTC: its instant, or the end of the applicant's day when all day."""
        if self.local:
            return self.local.astimezone(dt.UTC)
        return dt.datetime.combine(self.date + dt.timedelta(days=1), dt.time(), ZoneInfo(zone)).astimezone(dt.UTC)


@dataclass(frozen=True)
class Due(Dated):
    """When a step is due: a calendar event shifted by whole days, at a time in ET or all day."""

    rule: str
    event: str
    event_title: str
    date: dt.date
    time: dt.time | None
    verified: str
    et: dt.datetime | None = None
    local: dt.datetime | None = None


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    phase: str
    module: str
    section: str
    due: Due | None = None
    source: str | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Script:
    id: str
    title: str
    kind: str
    text: str
    module: str
    section: str

    def parts(self) -> tuple[str, str, str]:
        """(notes before, the letter, notes after), each Markdown. Paragraphs that end with the line
        `{: .script-note }` at either end of a script speak to the applicant, not for her: they stay
        out of the letter, so a copy of the letter does not pick them up."""
        blocks = re.split(r"\n[ \t]*\n", self.text.strip())
        notes = [block.rstrip().endswith(SCRIPT_NOTE) for block in blocks]
        first = notes.index(False) if False in notes else len(blocks)
        last = len(blocks) - (notes[::-1].index(False) if False in notes else 0)
        return ("\n\n".join(blocks[:first]), "\n\n".join(blocks[first:last]), "\n\n".join(blocks[last:]))


SCRIPT_NOTE = "{: .script-note }"


@dataclass(frozen=True)
class PlanBlock:
    """Part of the bridge-year plan: months counted from the end of SOAP."""

    id: str
    title: str
    first_month: int
    last_month: int
    tasks: tuple[str, ...]
    module: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Check:
    """One test of an assessment, evaluated against the profile; `met` is None when the profile lacks the value."""

    id: str
    group: str
    label: str
    value: str
    met: bool | None


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    rule: str
    text: str


@dataclass(frozen=True)
class Assessment:
    """A met / not-met table and the suggestion it leads to (None in a public build: a worksheet)."""

    id: str
    title: str
    module: str
    groups: tuple[tuple[str, str], ...]
    checks: tuple[Check, ...]
    outcomes: tuple[Outcome, ...]
    result: Outcome | None
    source: str | None = None

    def checks_in(self, group: str) -> list[Check]:
        return [c for c in self.checks if c.group == group]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    module: str
    text: str
    checklists: tuple[Checklist, ...] = ()
    scripts: tuple[Script, ...] = ()
    plan: tuple[PlanBlock, ...] = ()
    assessments: tuple[Assessment, ...] = ()

    def items(self) -> list[Item]:
        return [i for c in self.checklists for i in c.items]


@dataclass(frozen=True)
class ModuleView:
    id: str
    title: str
    why: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Fact:
    """One line of "who this playbook is for"; private facts are left out of public builds."""

    label: str
    value: str


@dataclass(frozen=True)
class Applicant:
    display_name: str
    plain_name: str
    slug: str
    cycle: int
    timezone: str
    status: str
    targets: tuple[str, ...]
    alternatives: tuple[str, ...]
    facts: tuple[Fact, ...]
    guide: bool = False
    slug_from: str = ""
    """The profile key the slug comes from: slug, title, name, or "" (a description of the situation)."""
    holds: str = ""
    """A private build's sentence saying which of the applicant's own data the site holds."""


@dataclass(frozen=True)
class Event(Dated):
    """A calendar event of the applicant's cycle (or, for the bridge year, of the next one)."""

    id: str
    title: str
    date: dt.date
    time: dt.time | None
    verified: str
    sources: tuple[str, ...]
    cycle: int = 0
    et: dt.datetime | None = None
    local: dt.datetime | None = None
    duration: dt.timedelta | None = None


@dataclass(frozen=True)
class Bridge:
    """The bridge year: from the day after SOAP ends to the next Match Day."""

    start: dt.date
    end: dt.date
    soap_cycle: int
    next_cycle: int


@dataclass(frozen=True)
class Playbook:
    applicant: Applicant
    modules: tuple[ModuleView, ...]
    skipped: tuple[tuple[str, str], ...]
    events: tuple[Event, ...]
    today: dt.date
    public: bool
    bridge: Bridge | None = None
    soap_plan: SoapPlan | None = None
    planner: Planner | None = None

    def sections(self) -> list[Section]:
        return [s for m in self.modules for s in m.sections]

    def items(self) -> list[Item]:
        return [i for s in self.sections() for c in s.checklists for i in c.items]

    def scripts(self) -> list[Script]:
        return [x for s in self.sections() for x in s.scripts]

    def assessments(self) -> list[Assessment]:
        return [a for s in self.sections() for a in s.assessments]

    def plan(self) -> list[PlanBlock]:
        blocks = [p for s in self.sections() for p in s.plan]
        return sorted(blocks, key=lambda b: (b.first_month, b.last_month, b.id))

    def items_in_phase(self, phase: str) -> list[Item]:
        """A phase's items, dated ones first in date order, then the rest in content order."""
        items = [i for i in self.items() if i.phase == phase]
        return sorted(items, key=_due_order)


def _due_order(item: Item) -> tuple[dt.date, dt.time]:
    if item.due is None:
        return (dt.date.max, dt.time())
    return (item.due.date, item.due.time or dt.time())


@dataclass(frozen=True)
class PlanShare:
    """One group's part of a portfolio plan; `on_sheet` counts her programs that fit it (None if public)."""

    group: str
    share: str
    statements: tuple[str, ...]
    on_sheet: int | None


@dataclass(frozen=True)
class PortfolioPlan:
    id: str
    title: str
    when: str
    shares: tuple[PlanShare, ...]
    note: str


@dataclass(frozen=True)
class SheetProgram:
    """A program from her sheet, judged before Match Week; tier is High, Moderate, Low or 'excluded: …'."""

    name: str
    code: str
    specialty: str
    position: str
    state: str
    group: str
    tier: str
    why: str
    statement: str
    letters: str


@dataclass(frozen=True)
class SoapPlan:
    """The SOAP plan page: the cap split two or three ways, and her program sheet tiered (private builds)."""

    title: str
    intro: str
    cap: int
    cap_note: str
    source: str
    plans: tuple[PortfolioPlan, ...]
    sheet: str
    programs: tuple[SheetProgram, ...]
    tier_counts: tuple[tuple[str, int], ...]
    skipped: int
    problems: tuple[str, ...]
    command: str


@dataclass(frozen=True)
class Planner:
    """The Monday planner page: the planner's rules and her sheet as a script (planner/browser.py), and the
    command that gives the same plan on a computer."""

    script: str
    command: str
    has_sheet: bool
