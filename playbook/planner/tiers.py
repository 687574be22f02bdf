"""Feasibility tiers: each program judged against the profile with the strategy's rules.

The visa comes first and is not a matter of degree: a program that cannot sponsor the visa she
needs is excluded, whatever else it has. Everything else is the strategy's ordered tier rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..profile import Profile
from . import programs as pg
from .strategy import Group, Match, PartialRule, Plan, StrategyFile, StrategySpec, TierRule

TIERS = ("high", "moderate", "low", "excluded")
TIER_LABELS = {"high": "High", "moderate": "Moderate", "low": "Low", "excluded": "excluded"}
VISA_NAMES = {"j1": "J-1", "h1b": "H-1B"}
_IMG = {"often": "takes IMGs often", "sometimes": "takes IMGs sometimes", "rarely": "rarely takes IMGs",
        "unknown": "IMG history unknown"}
_SETTING = {"university": "university program", "community": "community program",
            "university_affiliated": "university-affiliated", "unknown": ""}
_IMG_ORDER = {"often": 0, "sometimes": 1, "unknown": 2, "rarely": 3}
ADVANCED_FLAG = "advanced PGY-2: you also need a PGY-1 year, so pair it with a preliminary or transitional application"
PHYSICIAN_FLAG = "physician-only (R) position, meant for applicants with earlier residency training: check you qualify"
NOT_RESEARCHED = "not researched: the list says nothing of visas or IMGs, so check its website"


@dataclass(frozen=True)
class Assessment:
    """One program judged: its tier, the facts and flags behind it, and the group it counts in."""

    program: pg.Program
    tier: str
    why: tuple[str, ...]
    rule: str
    group: Group | None
    statement: str = ""

    @property
    def excluded(self) -> bool:
        return self.tier == "excluded"

    def order(self) -> tuple[Any, ...]:
        """Best first within a group: tier, researched, IMG history, name."""
        p = self.program
        return (TIERS.index(self.tier), not p.researched, _IMG_ORDER[p.img_history], p.name.lower(), p.code)


def visa_fit(visa: str, program: pg.Program) -> tuple[str, str]:
    """('yes' | 'unknown' | 'no', the words that say why) for the visa the applicant needs."""
    if visa == "none":
        return "yes", ""
    needs = ("j1", "h1b") if visa == "j1_or_h1b" else (visa,)
    offers = [v for v in needs if getattr(program, v) == "yes"]
    if offers:
        return "yes", "sponsors " + " and ".join(VISA_NAMES[v] for v in offers)
    if any(getattr(program, v) == "unknown" for v in needs):
        return "unknown", " or ".join(VISA_NAMES[v] for v in needs) + " sponsorship not confirmed"
    if visa == "h1b" and program.j1 == "yes":
        return "no", "cannot sponsor your visa: sponsors J-1 only, and you need H-1B"
    return "no", "cannot sponsor your visa: no " + " or ".join(VISA_NAMES[v] for v in needs) + " sponsorship"


class Judge:
    """Rules compiled once for one profile, then applied to thousands of programs."""

    def __init__(self, strategy: StrategyFile, spec: StrategySpec, profile: Profile):
        self.profile = profile
        self.words = tuple(w.lower() for w in spec.resources)
        self.partial = _partial_rule(strategy, profile)
        groups = [_partial_group(self.partial, profile)] if self.partial else spec.groups
        self.plans = [_partial_plan(self.partial)] if self.partial else spec.plans
        self.groups = [(g, _compile(g.match, profile)) for g in groups]
        self.statements = {g.id: [(x.name, _compile(x.match, profile)) for x in g.statements] for g in groups}
        self.rules = [(r, _compile(r.match, profile)) for r in strategy.tiers(spec)]
        self.mine = set(profile.specialties.targets + profile.specialties.alternatives)
        self._visa: dict[tuple[str, str], tuple[str, str]] = {}

    def assess(self, program: pg.Program) -> Assessment:
        sponsors = (program.j1, program.h1b)
        if sponsors not in self._visa:
            self._visa[sponsors] = visa_fit(self.profile.visa, program)
        visa, visa_words = self._visa[sponsors]
        facts = {"specialty": program.specialty, "position": program.position, "setting": program.setting,
                 "img_history": program.img_history, "visa": visa, "researched": program.researched,
                 "resources": self._has_resources(program)}
        group = next((g for g, m in self.groups if _matches(m, facts)), None)
        if visa == "no":
            return Assessment(program, "excluded", (visa_words,), visa_words, group)
        if self.partial and group is None and program.specialty in self.mine:
            return Assessment(program, "excluded", (self.partial.reason,), self.partial.reason, group)
        rule = next(r for r, m in [*self.rules, (_FALLBACK, ())] if _matches(m, facts))
        statement = self._statement(group, facts)
        return Assessment(program, rule.tier, self._why(program, visa_words, facts), rule.why, group, statement)

    @property
    def group_ids(self) -> list[str]:
        return [g.id for g, _ in self.groups]

    def _statement(self, group: Group | None, facts: dict[str, Any]) -> str:
        if group is None:
            return ""
        options = self.statements[group.id]
        return next((name for name, m in options if _matches(m, facts)), options[-1][0])

    def _has_resources(self, program: pg.Program) -> bool:
        text = program.resources.lower()
        return bool(text) and any(w in text for w in self.words)

    def _why(self, program: pg.Program, visa_words: str, facts: dict[str, Any]) -> tuple[str, ...]:
        why = [*self._flags(program)]
        if not program.researched:
            return (*why, NOT_RESEARCHED)
        why += [visa_words, _IMG[program.img_history], _SETTING[program.setting]]
        if facts["resources"]:
            why.append(f"resources: {program.resources}")
        return tuple(w for w in why if w)

    def _flags(self, program: pg.Program) -> list[str]:
        if program.position == "advanced" and not self.partial:
            return [ADVANCED_FLAG]
        if program.position == "physician":
            return [PHYSICIAN_FLAG]
        return []


_FALLBACK = TierRule(tier="low", why="no rule placed it higher")


def _partial_rule(strategy: StrategyFile, profile: Profile) -> PartialRule | None:
    held = profile.matched_position
    if profile.match_status != "partially_matched" or held is None or held.position == "categorical":
        return None
    return getattr(strategy.partial_match, held.position)


def _partial_group(rule: PartialRule, profile: Profile) -> Group:
    """The one group of a partially matched applicant: positions that complete what she holds."""
    specialty = ["targets", "alternatives"] if "advanced" in rule.positions else None
    return Group(id="complete", label=rule.label, match=Match(position=rule.positions, specialty=specialty),
                 letters=["same"], statements=[{"name": rule.statement}])


def _partial_plan(rule: PartialRule) -> Plan:
    return Plan(id="complete", title=rule.title, split={"complete": "all"},
                note="Every position that completes the one you hold, best tiers first.")


def _compile(match: Match, profile: Profile) -> tuple[tuple[str, Any], ...]:
    """(fact, allowed values) pairs; `targets` and `alternatives` become her specialties."""
    checks = []
    for key, allowed in match.model_dump(exclude_none=True).items():
        if key == "specialty":
            named = {"targets": profile.specialties.targets, "alternatives": profile.specialties.alternatives}
            allowed = [s for a in allowed for s in named.get(a, [a])]
        checks.append((key, allowed if isinstance(allowed, bool) else frozenset(allowed)))
    return tuple(checks)


def _matches(checks: tuple[tuple[str, Any], ...], facts: dict[str, Any]) -> bool:
    for key, allowed in checks:
        value = facts[key]
        if (value != allowed) if isinstance(allowed, bool) else (value not in allowed):
            return False
    return True
