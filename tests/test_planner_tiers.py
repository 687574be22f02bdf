"""Feasibility tiers: the visa first, then the strategy's rules for her specialty."""

from __future__ import annotations

import random

import pytest

from playbook.planner.sheet import read_sheet
from playbook.planner.tiers import ADVANCED_FLAG, NOT_RESEARCHED, Judge
from tests.planner_support import STRATEGY, fixture, make_profile, plan, program, random_programs

# Hand-derived from the pediatrics rules: visa confirmed + takes IMGs often → High; visa not
# confirmed → Low; a program that cannot sponsor the visa she needs → excluded.
EXPECTED = {
    "j1": {"Both Visas": "high", "J1 Only": "high", "H1B Only": "excluded", "No Visas": "excluded",
           "Unknown Visas": "low", "J1 Yes H1B Unknown": "high", "J1 No H1B Unknown": "excluded"},
    "h1b": {"Both Visas": "high", "J1 Only": "excluded", "H1B Only": "high", "No Visas": "excluded",
            "Unknown Visas": "low", "J1 Yes H1B Unknown": "low", "J1 No H1B Unknown": "low"},
    "j1_or_h1b": {"Both Visas": "high", "J1 Only": "high", "H1B Only": "high", "No Visas": "excluded",
                  "Unknown Visas": "low", "J1 Yes H1B Unknown": "high", "J1 No H1B Unknown": "low"},
    "none": {"Both Visas": "high", "J1 Only": "high", "H1B Only": "high", "No Visas": "high",
             "Unknown Visas": "high", "J1 Yes H1B Unknown": "high", "J1 No H1B Unknown": "high"},
}


def judge(profile):
    return Judge(STRATEGY, STRATEGY.for_profile(profile), profile)


@pytest.mark.parametrize("visa", sorted(EXPECTED))
def test_tier_for_each_visa_need(visa):
    programs, rows = read_sheet(fixture("visa-sheet.csv"))
    assert rows.skipped == 0
    j = judge(make_profile(visa=visa))
    got = {p.name.removesuffix(" Pediatrics"): j.assess(p).tier for p in programs}
    assert got == EXPECTED[visa]


def test_excluded_programs_say_why():
    programs, _ = read_sheet(fixture("visa-sheet.csv"))
    by_name = {p.name: p for p in programs}
    h1b = judge(make_profile(visa="h1b"))
    assert h1b.assess(by_name["J1 Only Pediatrics"]).why == (
        "cannot sponsor your visa: sponsors J-1 only, and you need H-1B",)
    assert h1b.assess(by_name["No Visas Pediatrics"]).why == ("cannot sponsor your visa: no H-1B sponsorship",)
    j1 = judge(make_profile(visa="j1"))
    assert j1.assess(by_name["H1B Only Pediatrics"]).why == ("cannot sponsor your visa: no J-1 sponsorship",)


@pytest.mark.parametrize("targets", [("pediatrics",), ("pmr",), ("medical_genetics",), ("internal_medicine",)])
@pytest.mark.parametrize("seed", range(4))
def test_h1b_profile_never_gets_a_j1_only_program_above_excluded(targets, seed):
    rng = random.Random(seed)
    profile = make_profile(visa="h1b", targets=targets, alternatives=("family_medicine", "transitional_year"))
    listed = random_programs(rng, 400)
    j1_only = {p.name for p in listed if p.j1 == "yes" and p.h1b == "no"}
    assert j1_only  # the random list holds some
    j = judge(profile)
    assert {j.assess(p).tier for p in listed if p.name in j1_only} == {"excluded"}
    result = plan(profile, listed)
    assert not j1_only & {x.assessment.program.name for x in result.applications}


def test_img_history_and_setting_feed_the_default_tiers():
    j = judge(make_profile(targets=("internal_medicine",)))
    assert j.assess(program("A", "internal_medicine", img_history="often", setting="community")).tier == "high"
    assert j.assess(program("B", "internal_medicine", img_history="often", setting="university")).tier == "moderate"
    assert j.assess(program("C", "internal_medicine", img_history="sometimes")).tier == "moderate"
    assert j.assess(program("D", "internal_medicine", img_history="rarely")).tier == "low"
    assert j.assess(program("E", "internal_medicine", img_history="unknown")).tier == "low"


def test_genetics_minded_applicant_favours_academic_programs_with_genetics_resources():
    j = judge(make_profile(visa="h1b", targets=("medical_genetics",), alternatives=("internal_medicine",)))
    academic = program("A", "internal_medicine", setting="university", resources="Genetics clinic")
    plain_academic = program("B", "internal_medicine", setting="university")
    community_with = program("C", "internal_medicine", setting="community", resources="metabolic clinic")
    community = program("D", "internal_medicine", setting="community")
    assert [j.assess(p).tier for p in (academic, plain_academic, community_with, community)] == [
        "high", "moderate", "moderate", "low"]
    assert "resources: Genetics clinic" in j.assess(academic).why
    assert j.assess(academic).group.id == "core"
    assert j.assess(program("E", "medical_genetics")).group.id == "integrated"


def test_a_program_known_only_from_the_list_is_low_and_marked_not_researched():
    j = judge(make_profile())
    listed = program("Listed Only", "pediatrics", researched=False, j1="unknown", h1b="unknown",
                     img_history="unknown", setting="unknown")
    assessed = j.assess(listed)
    assert (assessed.tier, assessed.why) == ("low", (NOT_RESEARCHED,))


def test_pmr_advanced_position_is_flagged_and_paired_with_pgy1_years():
    profile = make_profile(targets=("pmr",), alternatives=("internal_medicine",))
    advanced = program("Advanced PM&R", "pmr", position="advanced")
    assert judge(profile).assess(advanced).why[0] == ADVANCED_FLAG
    listed = [advanced, program("Prelim", "internal_medicine", position="preliminary"),
              program("Transitional", "transitional_year")]
    result = plan(profile, listed)
    groups = {x.assessment.program.name: x.assessment.group.id for x in result.applications}
    assert groups == {"Advanced PM&R": "pmr", "Prelim": "bridge", "Transitional": "bridge"}


def test_partially_matched_to_an_advanced_position_gets_only_pgy1_years():
    profile = make_profile(targets=("pmr",), alternatives=("internal_medicine",), match_status="partially_matched",
                           matched_position={"specialty": "pmr", "position": "advanced"})
    listed = [program("Categorical PM&R", "pmr"), program("Prelim Medicine", "internal_medicine",
                                                             position="preliminary"),
              program("Transitional", "transitional_year"), program("Categorical IM", "internal_medicine")]
    result = plan(profile, listed)
    assert [x.assessment.program.name for x in result.applications] == ["Prelim Medicine", "Transitional"]
    reasons = {a.program.name: a.why[0] for a in result.excluded}
    assert set(reasons) == {"Categorical PM&R", "Categorical IM"}
    assert reasons["Categorical PM&R"].startswith("you hold an advanced PGY-2 position")
