"""Monday mode: the List of Unfilled Programs × her sheet × the strategy → a ranked application list."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlaybookError
from ..profile import Profile, read_profile
from . import programs as pg
from .assign import Letters
from .csvtable import Rows
from .portfolio import Portfolio, build_portfolio
from .sheet import read_sheet, sheet_path
from .strategy import StrategyFile, StrategySpec, load_strategy, strategy_path
from .tiers import Assessment, Judge
from .unfilled import Sheet, merge, read_unfilled


@dataclass(frozen=True)
class Application:
    rank: int
    assessment: Assessment
    letters: tuple[str, ...]


@dataclass
class Reading:
    """What a file gave: programs read and the errors of the rows skipped."""

    file: str
    read: int
    errors: list[PlaybookError] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.errors)

    @classmethod
    def of(cls, rows: Rows) -> Reading:
        return cls(rows.file, len(rows.rows), list(rows.errors))


@dataclass
class MondayList:
    profile: Profile
    spec: StrategySpec
    strategy: StrategyFile
    group_labels: dict[str, str]
    portfolio: Portfolio
    applications: list[Application]
    excluded: list[Assessment]
    outside: int
    listed: Reading
    sheet: Reading | None
    on_sheet: int

    @property
    def not_sent(self) -> int:
        """Programs that fit a group but lie beyond the cap or the plan's shares."""
        return sum(self.portfolio.available.values()) - self.portfolio.total


def run(profile_path: Path, unfilled: Path, programs: Path | None = None, content: Path | None = None) -> MondayList:
    """Read everything, judge every listed program, fill the cap."""
    strategy = load_strategy(strategy_path(content))
    profile, source = read_profile(profile_path)
    path = sheet_path(profile, source, programs)
    mine, sheet_rows = read_sheet(path) if path else ([], None)
    listed, list_rows = read_unfilled(unfilled)
    return plan_list(profile, strategy, listed, mine, Reading.of(list_rows),
                     Reading.of(sheet_rows) if sheet_rows else None)


def plan_list(profile: Profile, strategy: StrategyFile, listed: list[pg.Program], mine: list[pg.Program],
              listed_reading: Reading, sheet_reading: Reading | None) -> MondayList:
    spec = strategy.for_profile(profile)
    judge = Judge(strategy, spec, profile)
    programs = merge(listed, Sheet(mine))
    assessed = [judge.assess(p) for p in programs]
    portfolio = build_portfolio(judge.plans, judge.group_ids, assessed, strategy.cap)
    letters = Letters(profile, strategy.letters_per_program)
    applications = [
        Application(rank, a, letters.for_program(a.group, a.program.specialty))
        for rank, a in enumerate(portfolio.ranked(), start=1)
    ]
    excluded = sorted((a for a in assessed if a.excluded), key=lambda a: (a.program.name.lower(), a.program.code))
    return MondayList(
        profile=profile, spec=spec, strategy=strategy, group_labels={g.id: g.label for g, _ in judge.groups},
        portfolio=portfolio, applications=applications,
        excluded=excluded, outside=sum(1 for a in assessed if a.group is None and not a.excluded),
        listed=listed_reading, sheet=sheet_reading, on_sheet=sum(1 for p in programs if p.researched),
    )
