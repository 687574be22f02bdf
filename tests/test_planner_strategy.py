"""The strategy file is content: checked when it loads, every problem reported at its position."""

from __future__ import annotations

from playbook.planner.strategy import load_strategy, strategy_path
from tests.planner_support import STRATEGY, error_line, make_profile

SHIPPED = strategy_path()


def broken(tmp_path, old: str, new: str):
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    fixed = text.replace(old, new)
    path = tmp_path / "planner" / "strategy.yaml"
    path.parent.mkdir()
    path.write_text(fixed, encoding="utf-8")
    line = fixed[: fixed.index(new)].count("\n") + 1
    col = fixed.index(new) - fixed.rfind("\n", 0, fixed.index(new))
    return path, line, col


def test_the_shipped_strategy_names_its_sources():
    by_strategy = {s.id: s.source for s in STRATEGY.strategies}
    assert by_strategy == {"pmr": "002_1416d3a3daf51c63.txt", "pediatrics": "000_28c9edda9cf1bbbe.txt",
                           "genetics": "001_2aa5d7b3a9ea7f42.txt", "general": "000_28c9edda9cf1bbbe.txt"}


def test_each_target_specialty_gets_its_strategy():
    chosen = {t: STRATEGY.for_profile(make_profile(targets=(t,))).id
              for t in ("pmr", "pediatrics", "medical_genetics", "internal_medicine")}
    assert chosen == {"pmr": "pmr", "pediatrics": "pediatrics", "medical_genetics": "genetics",
                      "internal_medicine": "general"}


def test_a_split_naming_an_unknown_group_is_reported_at_its_key(tmp_path):
    path, line, col = broken(tmp_path, "split: {pmr: 25, bridge: 12, alternatives: rest}",
                             "split: {pmr: 25, bridg: 12, alternatives: rest}")
    assert error_line(load_strategy, path) == (
        f"{path}:{line}:{col + len('split: {pmr: 25, ')}: split: unknown group; expected one of alternatives, "
        "bridge, pmr (got 'bridg')")


def test_a_split_over_the_cap_is_reported(tmp_path):
    path, line, col = broken(tmp_path, "split: {pediatrics: 45}", "split: {pediatrics: 46}")
    message = "split: adds up to 46, more than the cap of 45"
    assert error_line(load_strategy, path) == f"{path}:{line}:{col + len('split: ')}: {message}"


def test_an_unknown_tier_is_reported_with_the_choices(tmp_path):
    path, line, col = broken(tmp_path, "  - tier: low\n    why: IMG or visa history unclear or rarely",
                             "  - tier: lowest\n    why: IMG or visa history unclear or rarely")
    assert error_line(load_strategy, path) == (
        f"{path}:{line}:{col + len('  - tier: ')}: default_tiers.3.tier: expected one of high, moderate, low "
        "(got 'lowest')")
