"""The planner's strategy as content: `content/planner/strategy.yaml`, its schema and its checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from ruamel.yaml import YAML

from ..errors import PlaybookError, raise_all
from ..paths import content_dir
from ..profile import Profile, Strict
from ..specialties import Specialty
from ..yamlfile import load_yaml, position, read_text, validate
from . import programs as pg

Tier = Literal["high", "moderate", "low"]
Share = int | Literal["all", "rest"]
GroupId = str


class Match(Strict):
    """What a program must have; a key left out matches anything."""

    specialty: list[Specialty | Literal["targets", "alternatives"]] | None = None
    position: list[pg.Position] | None = None
    setting: list[pg.Setting] | None = None
    img_history: list[pg.ImgHistory] | None = None
    visa: list[Literal["yes", "unknown"]] | None = None
    resources: bool | None = None
    researched: bool | None = None


class TierRule(Strict):
    tier: Tier
    match: Match = Field(default_factory=Match)
    why: str = Field(min_length=1, max_length=200)


class Statement(Strict):
    name: str = Field(min_length=1, max_length=120)
    match: Match = Field(default_factory=Match)


class Group(Strict):
    id: GroupId = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    match: Match
    letters: list[Specialty | Literal["same"]] = Field(default_factory=lambda: ["same"])
    statements: list[Statement] = Field(min_length=1)


class Plan(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str
    needs: dict[GroupId, int] = Field(default_factory=dict, description="programs per group the list must offer")
    split: dict[GroupId, Share] = Field(min_length=1)
    note: str = ""


class StrategySpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str
    for_: list[Specialty] = Field(alias="for")
    source: str
    intro: str
    resources: list[str] = Field(default_factory=list, description="words that mark a program's resources")
    tiers: list[TierRule] | None = None
    groups: list[Group] = Field(min_length=1)
    plans: list[Plan] = Field(min_length=1, max_length=3)


class PartialRule(Strict):
    title: str
    positions: list[pg.Position] = Field(min_length=1)
    label: str
    statement: str
    reason: str


class PartialMatch(Strict):
    source: str
    advanced: PartialRule
    preliminary: PartialRule
    transitional: PartialRule


class StrategyFile(Strict):
    cap: int = Field(ge=1, le=200)
    cap_note: str
    source: str
    letters_per_program: int = Field(ge=1, le=10)
    letters_source: str = Field(description="reference file the letters-per-program number comes from")
    default_tiers: list[TierRule] = Field(min_length=1)
    partial_match: PartialMatch
    strategies: list[StrategySpec] = Field(min_length=1)

    def for_profile(self, profile: Profile) -> StrategySpec:
        """The strategy of her first target that has one; the general one (`for: []`) otherwise."""
        for target in profile.specialties.targets:
            for spec in self.strategies:
                if target in spec.for_:
                    return spec
        return next(s for s in self.strategies if not s.for_)

    def tiers(self, spec: StrategySpec) -> list[TierRule]:
        return spec.tiers or self.default_tiers


def strategy_path(content: Path | None = None) -> Path:
    return (content or content_dir()) / "planner" / "strategy.yaml"


def load_strategy(path: Path) -> StrategyFile:
    """Read and check the strategy file; every problem is reported with its position.

    Monday mode is timed in seconds, so the file is first read without positions (faster) and
    read again with them only when something is wrong.
    """
    try:
        return _checked(path, YAML(typ="safe", pure=True).load(read_text(path)))
    except Exception:  # noqa: BLE001 - any problem is reported by the careful read below
        return _checked(path, load_yaml(path))


def _checked(path: Path, data: Any) -> StrategyFile:
    strategy = validate(StrategyFile, data, str(path))
    errors: list[PlaybookError] = []
    for s, spec in enumerate(strategy.strategies):
        errors += _check_strategy(spec, strategy.cap, data, ("strategies", s), str(path))
    if not any(not spec.for_ for spec in strategy.strategies):
        errors.append(PlaybookError("strategies: one strategy needs `for: []`, used for every other specialty",
                                    position(data, ("strategies",), str(path))))
    raise_all(errors)
    return strategy


def _check_strategy(spec: StrategySpec, cap: int, data: object, loc: tuple, file: str) -> list[PlaybookError]:
    groups = {g.id for g in spec.groups}
    errors = []
    for p, plan in enumerate(spec.plans):
        ploc = loc + ("plans", p)
        for key in ("needs", "split"):
            for gid in getattr(plan, key):
                if gid not in groups:
                    errors.append(PlaybookError(f"{key}: unknown group; expected one of {', '.join(sorted(groups))}",
                                                position(data, ploc + (key, gid), file, key=True), got=gid))
        fixed = sum(v for v in plan.split.values() if isinstance(v, int))
        if fixed > cap:
            errors.append(PlaybookError(f"split: adds up to {fixed}, more than the cap of {cap}",
                                        position(data, ploc + ("split",), file)))
        if list(plan.split.values()).count("rest") > 1:
            where = position(data, ploc + ("split",), file)
            errors.append(PlaybookError("split: only one group can take the rest", where))
    if spec.plans[-1].needs:
        errors.append(PlaybookError("the last plan is the fallback and cannot have needs",
                                    position(data, loc + ("plans", len(spec.plans) - 1, "needs"), file, key=True)))
    return errors
