"""The application portfolio: which plan the list allows, and which programs fill the cap.

Each group gets what the plan gives it (a number, `all`, or `rest`), best programs first. When a
group runs short, the applications it leaves go to the other groups in order, so no slot the list
could fill is wasted; the cap is never exceeded.
"""

from __future__ import annotations

from dataclasses import dataclass

from .strategy import Plan
from .tiers import Assessment


@dataclass(frozen=True)
class Portfolio:
    plan: Plan
    chosen: dict[str, list[Assessment]]
    available: dict[str, int]
    cap: int

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.chosen.values())

    def ranked(self) -> list[Assessment]:
        """Group by group in the strategy's order, best first within each."""
        return [a for chosen in self.chosen.values() for a in chosen]


def candidates(assessments: list[Assessment], group_ids: list[str]) -> dict[str, list[Assessment]]:
    """Programs that can be applied to, per group, best first."""
    by_group: dict[str, list[Assessment]] = {g: [] for g in group_ids}
    for a in assessments:
        if a.group is not None and not a.excluded:
            by_group[a.group.id].append(a)
    for found in by_group.values():
        found.sort(key=Assessment.order)
    return by_group


def choose_plan(plans: list[Plan], available: dict[str, int]) -> Plan:
    """The first plan whose needs the list meets; the last plan needs nothing."""
    return next(p for p in plans if all(available.get(g, 0) >= n for g, n in p.needs.items()))


def allocate(plan: Plan, by_group: dict[str, list[Assessment]], cap: int) -> dict[str, list[Assessment]]:
    """Up to `cap` programs: fixed shares and `all` first, then `rest`, then unused slots in group order."""
    counts = dict.fromkeys(by_group, 0)
    left = cap
    for share_kind in ("fixed", "rest", "overflow"):
        for gid, found in by_group.items():
            share = plan.split.get(gid)
            if share_kind == "fixed" and share not in (None, "rest"):
                want = len(found) if share == "all" else share
            elif (share_kind == "rest" and share == "rest") or share_kind == "overflow":
                want = len(found)
            else:
                continue
            extra = min(want - counts[gid], len(found) - counts[gid], left)
            if extra > 0:
                counts[gid] += extra
                left -= extra
    return {gid: found[: counts[gid]] for gid, found in by_group.items()}


def build_portfolio(plans: list[Plan], groups: list[str], assessments: list[Assessment], cap: int) -> Portfolio:
    by_group = candidates(assessments, groups)
    available = {g: len(v) for g, v in by_group.items()}
    plan = choose_plan(plans, available)
    return Portfolio(plan, allocate(plan, by_group, cap), available, cap)


def share_text(plan: Plan, group: str, cap: int) -> str:
    """A plan's share for a group in words: '25', 'every one that fits', 'the rest (8)'."""
    share = plan.split.get(group)
    if share is None:
        return "none"
    if share == "all":
        return "every one that fits"
    if share == "rest":
        fixed = sum(v for v in plan.split.values() if isinstance(v, int))
        whole = "all" not in plan.split.values()
        return f"the rest ({cap - fixed})" if whole else "the rest"
    return str(share)
