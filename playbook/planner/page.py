"""The SOAP plan page's model: the strategy's plans, and her sheet judged before Match Week."""

from __future__ import annotations

import shlex
from collections import Counter
from pathlib import Path

from .. import model
from ..conditions import escape_markdown
from ..errors import PlaybookError
from ..profile import Profile
from .assign import Letters
from .portfolio import share_text
from .programs import POSITION_LABELS, Program
from .strategy import Plan, StrategyFile
from .tiers import TIER_LABELS, TIERS, Assessment, Judge

LIST_FILE = "unfilled.csv"
"""The name the planner's command gives the List of Unfilled Programs (saved beside her profile)."""


def monday_command(profile_file: str | None) -> str:
    """The line that plans Monday's list on a computer: her profile's file name (a placeholder when public)."""
    name = shlex.quote(profile_file) if profile_file else "YOUR-PROFILE.yaml"
    return f"playbook soap {name} --unfilled {LIST_FILE}"


def soap_plan(profile: Profile, strategy: StrategyFile, programs: list[Program], sheet: Path,
              errors: list[PlaybookError], *, public: bool, command: str) -> model.SoapPlan:
    spec = strategy.for_profile(profile)
    judge = Judge(strategy, spec, profile)
    assessed = sorted((judge.assess(p) for p in programs), key=lambda a: (_group_index(judge, a), a.order()))
    fits = Counter(a.group.id for a in assessed if a.group and not a.excluded)
    groups = [g for g, _ in judge.groups]
    plans = tuple(_plan(p, groups, strategy.cap, None if public else fits, len(judge.plans)) for p in judge.plans)
    letters = Letters(profile, strategy.letters_per_program)
    shown = () if public else tuple(_program(a, letters) for a in assessed)
    counts = Counter(a.tier for a in assessed)
    return model.SoapPlan(
        title=escape_markdown(spec.title), intro=escape_markdown(spec.intro), cap=strategy.cap,
        cap_note=escape_markdown(strategy.cap_note), source=spec.source, plans=plans,
        sheet=escape_markdown(sheet.name), programs=shown,
        tier_counts=() if public else tuple((TIER_LABELS[t], counts[t]) for t in TIERS if counts[t]),
        skipped=len(errors), problems=() if public else tuple(e.line() for e in errors), command=command,
    )


def _group_index(judge: Judge, a: Assessment) -> int:
    ids = judge.group_ids
    return ids.index(a.group.id) if a.group else len(ids)


def _plan(plan: Plan, groups: list, cap: int, fits: Counter | None, of: int) -> model.PortfolioPlan:
    shares = tuple(
        model.PlanShare(
            group=escape_markdown(g.label), share=share_text(plan, g.id, cap),
            statements=tuple(dict.fromkeys(escape_markdown(s.name) for s in g.statements)),
            on_sheet=None if fits is None else fits[g.id],
        )
        for g in groups if g.id in plan.split
    )
    labels = {g.id: g.label for g in groups}
    needs = " and ".join(f"at least {n} {labels[g]} programs" for g, n in plan.needs.items())
    when = f"When {needs} on the list fit you." if needs else ("Otherwise." if of > 1 else "Whatever the list holds.")
    return model.PortfolioPlan(plan.id, escape_markdown(plan.title), escape_markdown(when), shares,
                               escape_markdown(plan.note.strip()))


def _program(a: Assessment, letters: Letters) -> model.SheetProgram:
    p = a.program
    tier = f"excluded: {a.why[0]}" if a.excluded else TIER_LABELS[a.tier]
    return model.SheetProgram(
        name=escape_markdown(p.name), code=escape_markdown(p.code), specialty=escape_markdown(p.specialty_label),
        position=POSITION_LABELS.get(p.position, p.position), state=escape_markdown(p.state),
        group=escape_markdown(a.group.label if a.group else "outside your plan"), tier=escape_markdown(tier),
        why=escape_markdown("; ".join(a.why[1:] if a.excluded else a.why)), statement=escape_markdown(a.statement),
        letters="" if a.excluded else escape_markdown("; ".join(letters.for_program(a.group, p.specialty))),
    )
