"""Helpers for the planner tests: profiles made in code, programs, random lists and one strategy load."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from playbook.errors import PlaybookError
from playbook.planner import programs as pg
from playbook.planner.monday import MondayList, Reading, plan_list
from playbook.planner.strategy import load_strategy, strategy_path
from playbook.profile import Profile
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "planner"
STRATEGY = load_strategy(strategy_path())


def make_profile(visa: str = "j1", targets: tuple[str, ...] = ("pediatrics",), alternatives: tuple[str, ...] = (),
                 **extra: object) -> Profile:
    data = {
        "name": "Test Person", "graduation_year": 2021, "citizenship": "non_us" if visa != "none" else "us_img",
        "visa": visa, "specialties": {"targets": list(targets), "alternatives": list(alternatives)},
        "match_status": "unmatched", "cycle": 2027,
    }
    return Profile.model_validate(data | extra)


def program(name: str, specialty: str = "pediatrics", **fields: object) -> pg.Program:
    """A researched program that sponsors J-1 and H-1B and often takes IMGs, unless told otherwise."""
    base: dict[str, object] = {"j1": "yes", "h1b": "yes", "img_history": "often", "setting": "community"}
    return pg.settle(pg.Program(name=name, specialty=specialty, **(base | fields)))


def many(count: int, specialty: str, prefix: str, **fields: object) -> list[pg.Program]:
    return [program(f"{prefix} {i:03d}", specialty, **fields) for i in range(count)]


def plan(profile: Profile, listed: list[pg.Program], mine: list[pg.Program] | None = None) -> MondayList:
    return plan_list(profile, STRATEGY, listed, mine or [], Reading("list.csv", len(listed)), None)


SPECIALTIES = ("pediatrics", "pmr", "internal_medicine", "family_medicine", "medical_genetics", "med_peds",
               "transitional_year", "preliminary_medicine", "preliminary_surgery", "psychiatry", "")
POSITIONS = ("categorical", "categorical", "advanced", "preliminary", "transitional")


def random_programs(rng: random.Random, count: int) -> list[pg.Program]:
    """Programs of every kind, researched or not, with every sponsorship combination."""
    found = []
    for i in range(count):
        researched = rng.random() < 0.7
        fields = {
            "position": rng.choice(POSITIONS), "code": f"{5000 + i:04d}{rng.randrange(100, 999)}C0",
            "researched": researched, "setting": rng.choice(pg.SETTINGS),
        }
        if researched:
            fields |= {"j1": rng.choice(("yes", "no", "unknown")), "h1b": rng.choice(("yes", "no", "unknown")),
                       "img_history": rng.choice(pg.IMG_HISTORIES),
                       "resources": rng.choice(("", "genetics clinic", "neurorehab unit"))}
        else:
            fields |= {"j1": "unknown", "h1b": "unknown", "img_history": "unknown"}
        found.append(program(f"Random Program {i:04d}", rng.choice(SPECIALTIES), **fields))
    return found


def fixture(name: str) -> Path:
    return FIXTURES / name


def error_line(action: Callable[..., object], *args: object) -> str:
    """The error line `action(*args)` stops with."""
    with pytest.raises(PlaybookError) as caught:
        action(*args)
    return caught.value.line()
