"""The portfolio: the cap is never exceeded, and each specialty's split holds."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tests.planner_support import STRATEGY, make_profile, many, plan, program, random_programs

CAP = STRATEGY.cap
PMR = {"targets": ("pmr",), "alternatives": ("internal_medicine", "family_medicine")}


def split(result) -> dict[str, int]:
    return dict(Counter(x.assessment.group.id for x in result.applications))


@pytest.mark.parametrize("visa", ["j1", "h1b", "j1_or_h1b", "none"])
@pytest.mark.parametrize("targets", [("pediatrics",), ("pmr",), ("medical_genetics",), ("psychiatry",)])
@pytest.mark.parametrize("size", [0, 7, 60, 900])
def test_cap_is_never_exceeded(visa, targets, size):
    rng = random.Random(f"{visa}-{targets}-{size}")
    profile = make_profile(visa=visa, targets=targets, alternatives=("family_medicine", "transitional_year"))
    result = plan(profile, random_programs(rng, size))
    chosen = [x.assessment for x in result.applications]
    assert len(chosen) <= CAP
    assert [x.rank for x in result.applications] == list(range(1, len(chosen) + 1))
    assert not [a for a in chosen if a.excluded or a.group is None]
    assert len({a.program.name for a in chosen}) == len(chosen)
    fits = sum(result.portfolio.available.values())
    assert len(chosen) == min(CAP, fits)  # no slot wasted while a program that fits is left


def test_pmr_split_with_many_pmr_spots():
    listed = many(40, "pmr", "PMR") + many(20, "preliminary_medicine", "Prelim") + many(10, "transitional_year", "TY")
    listed += many(30, "internal_medicine", "IM")
    result = plan(make_profile(**PMR), listed)
    assert result.portfolio.plan.id == "many"
    assert split(result) == {"pmr": 25, "bridge": 12, "alternatives": 8}


def test_pmr_split_with_a_fair_number_of_pmr_spots():
    listed = many(22, "pmr", "PMR") + many(30, "preliminary_medicine", "Prelim") + many(30, "family_medicine", "FM")
    result = plan(make_profile(**PMR), listed)
    assert result.portfolio.plan.id == "some"
    assert split(result) == {"pmr": 22, "bridge": 15, "alternatives": 8}


def test_pmr_split_with_few_pmr_spots_leans_on_preliminary_years():
    listed = many(9, "pmr", "PMR") + many(30, "preliminary_medicine", "Prelim") + many(30, "family_medicine", "FM")
    result = plan(make_profile(**PMR), listed)
    assert result.portfolio.plan.id == "few"
    assert split(result) == {"pmr": 9, "bridge": 15, "alternatives": 21}


@pytest.mark.parametrize("pmr", [20, 23, 25, 31, 60])
def test_pmr_split_stays_in_its_ranges_when_every_group_has_programs(pmr):
    listed = many(pmr, "pmr", "PMR") + many(40, "preliminary_surgery", "Prelim") + many(40, "internal_medicine", "IM")
    got = split(plan(make_profile(**PMR), listed))
    assert 20 <= got["pmr"] <= 25
    assert 10 <= got["bridge"] <= 15
    assert sum(got.values()) == CAP


def test_unused_slots_flow_to_other_groups_when_a_group_runs_short():
    listed = many(40, "pmr", "PMR") + many(3, "preliminary_medicine", "Prelim")  # no alternatives on the list
    got = split(plan(make_profile(**PMR), listed))
    assert got == {"pmr": 40, "bridge": 3}


def test_pediatrics_comes_first_and_alternatives_fill_the_rest():
    listed = many(30, "family_medicine", "FM") + many(30, "pediatrics", "Peds")
    result = plan(make_profile(alternatives=("family_medicine",)), listed)
    groups = [x.assessment.group.id for x in result.applications]
    assert groups == ["pediatrics"] * 30 + ["alternatives"] * 15


def test_pediatrics_takes_every_application_when_the_list_allows():
    listed = many(50, "pediatrics", "Peds") + many(30, "family_medicine", "FM")
    result = plan(make_profile(alternatives=("family_medicine",)), listed)
    assert split(result) == {"pediatrics": 45}


def test_best_tiers_are_chosen_first_within_a_group():
    listed = many(30, "pediatrics", "Low", img_history="rarely") + many(30, "pediatrics", "High")
    listed += many(30, "pediatrics", "Moderate", img_history="sometimes")
    tiers = [x.assessment.tier for x in plan(make_profile(), listed).applications]
    assert tiers == ["high"] * 30 + ["moderate"] * 15


def test_genetics_plan_puts_core_programs_first_and_keeps_integrated_ones():
    listed = many(2, "medical_genetics", "Integrated") + many(50, "internal_medicine", "IM")
    listed += many(10, "transitional_year", "TY")
    result = plan(make_profile(visa="h1b", targets=("medical_genetics",)), listed)
    assert split(result) == {"integrated": 2, "core": 43}


def test_statement_and_letters_follow_the_program():
    letters = [{"author": "Dr. Home Peds", "specialty": "pediatrics", "us_based": False},
               {"author": "Dr. FM", "specialty": "family_medicine", "us_based": True},
               {"author": "Dr. US Peds", "specialty": "pediatrics", "us_based": True}]
    profile = make_profile(alternatives=("family_medicine",), letters=letters)
    listed = [program("Academic", "pediatrics", setting="university"), program("Community", "pediatrics"),
              program("Family", "family_medicine")]
    got = {x.assessment.program.name: (x.assessment.statement, x.letters) for x in plan(profile, listed).applications}
    peds_letters = ("Dr. US Peds (Pediatrics, US)", "Dr. Home Peds (Pediatrics)", "Dr. FM (Family Medicine, US)")
    assert got["Academic"] == ("Pediatrics statement for academic and underserved programs", peds_letters)
    assert got["Community"] == ("Pediatrics statement for community programs", peds_letters)
    assert got["Family"] == ("Generalist statement", (
        "Dr. FM (Family Medicine, US)", "Dr. US Peds (Pediatrics, US)", "Dr. Home Peds (Pediatrics)"))


def test_public_profile_names_letters_by_number():
    profile = make_profile(visibility="public", letters=[{"author": "Dr. Secret", "specialty": "pediatrics"}])
    result = plan(profile, [program("Peds", "pediatrics")])
    assert result.applications[0].letters == ("letter 1 (Pediatrics)",)
