"""A grid of profiles (specialty × visa need × Match status) assembles, and the conditions bite."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest

from playbook.build import make_playbook
from playbook.model import Playbook
from playbook.profile import Profile
from tests.conftest import TODAY
from tests.test_content import inputs_for

SPECIALTIES = ("pediatrics", "medical_genetics", "pmr")
VISAS = ("j1", "h1b", "j1_or_h1b", "none")
STATUSES = ("applying", "unmatched", "partially_matched", "soap_unmatched", "reapplicant")
GRID = list(itertools.product(SPECIALTIES, VISAS, STATUSES))
ALTERNATIVES = {
    "pediatrics": ["family_medicine"],
    "medical_genetics": ["internal_medicine", "pediatrics"],
    "pmr": ["transitional_year", "preliminary_medicine"],
}
MODULE = {"pediatrics": "pediatrics", "medical_genetics": "medical-genetics", "pmr": "pmr"}
BRIDGE = ("soap_unmatched", "reapplicant")
VISA_WORDS = re.compile(r"\bvisa|J-1|H-1B", re.I)


def grid_profile(specialty: str, visa: str, status: str, **changes: Any) -> Profile:
    data: dict[str, Any] = {
        "name": "Grid Applicant",
        "graduation_year": 2021,
        "citizenship": "us_img" if visa == "none" else "non_us",
        "visa": visa,
        "specialties": {"targets": [specialty], "alternatives": ALTERNATIVES[specialty]},
        "exams": {"step1": {"status": "passed"}, "step2ck": {"status": "passed", "score": 231}},
        "ecfmg": "certified",
        "usce_months": 3,
        "letters": [{"specialty": specialty, "us_based": True}, {"specialty": "internal_medicine"}],
        "match_status": status,
        "cycle": 2027,
        "timezone": "Asia/Kolkata",
    }
    if status == "partially_matched":
        position = "advanced" if specialty == "pmr" else "preliminary"
        data["matched_position"] = {"specialty": specialty, "position": position}
    if status in BRIDGE:
        data["last_cycle"] = {"year": 2026 if status == "reapplicant" else 2027, "interviews": 3}
    data.update(changes)
    return Profile.model_validate(data)


def build(profile: Profile, public: bool = False) -> Playbook:
    return make_playbook(inputs_for(profile), today=TODAY, public=public)


@pytest.fixture(scope="module")
def grid() -> dict[tuple[str, str, str], Playbook]:
    return {key: build(grid_profile(*key)) for key in GRID}


def test_the_grid_covers_every_combination(grid):
    assert len(grid) == len(SPECIALTIES) * len(VISAS) * len(STATUSES) == 60


@pytest.mark.parametrize("key", GRID, ids="-".join)
def test_every_profile_gets_checklists_scripts_and_its_modules(grid, key):
    specialty, visa, status = key
    playbook = grid[key]
    modules = [m.id for m in playbook.modules]
    assert "core" in modules and MODULE[specialty] in modules
    assert ("reapplicant" in modules) == (status in BRIDGE)
    assert [c for s in playbook.sections() for c in s.checklists]
    assert playbook.items() and playbook.scripts()
    assert bool(playbook.plan()) == (status in BRIDGE)


@pytest.mark.parametrize("key", GRID, ids="-".join)
def test_phases_follow_the_match_status(grid, key):
    phases = {i.phase for i in grid[key].items()}
    status = key[2]
    if status == "reapplicant":
        assert phases == {"before_match_week", "match_week", "after_soap", "bridge_year"}
    elif status == "soap_unmatched":
        assert phases == {"after_soap", "bridge_year"}
    else:
        assert phases == {"before_match_week", "match_week", "after_soap"}


# Statuses whose playbook leads to a Match Week: a first cycle, or a reapplicant's next one.
MATCH_WEEK_AHEAD = ("applying", "unmatched", "partially_matched", "reapplicant")
MATCH_WEEK_DAYS = ("core-monday-status", "core-monday-send-applications", "core-tuesday-be-reachable",
                   "core-thursday-offers", "core-friday-match-day")


@pytest.mark.parametrize("key", GRID, ids="-".join)
def test_every_status_with_a_match_week_ahead_gets_its_steps(grid, key):
    playbook = grid[key]
    week = {i.id: i for i in playbook.items_in_phase("match_week")}
    if key[2] not in MATCH_WEEK_AHEAD:
        assert week == {}
        return
    assert set(MATCH_WEEK_DAYS) <= set(week)
    monday = next(e for e in playbook.events if e.id == "match_week_monday" and e.cycle == 2027).date
    match_day = next(e for e in playbook.events if e.id == "match_day" and e.cycle == 2027).date
    assert all(monday <= i.due.date <= match_day for i in week.values())
    ids = {i.id for i in playbook.items()}
    assert {"core-rehearse-introduction", "core-offer-rules", "core-us-phone", "core-ps-variants"} <= ids
    assert {"core-soap-call", "core-offer-rules-sheet"} <= {s.id for s in playbook.scripts()}


@pytest.mark.parametrize("key", GRID, ids="-".join)
def test_h1b_brings_step3_and_only_visa_needs_bring_visa_steps(grid, key):
    visa = key[1]
    playbook = grid[key]
    h1b_items = [i for i in playbook.items() if "h1b" in i.id]
    if visa in ("h1b", "j1_or_h1b"):
        assert any("Step 3" in i.text for i in h1b_items)
    else:
        assert h1b_items == []
    if visa == "none":
        texts = [i.text for i in playbook.items()] + [s.text for s in playbook.scripts()]
        assert [t for t in texts if VISA_WORDS.search(t)] == []
    else:
        assert any(VISA_WORDS.search(i.text) for i in playbook.items())


@pytest.mark.parametrize("key", [k for k in GRID if k[2] in BRIDGE], ids="-".join)
def test_bridge_profiles_get_the_readiness_table_with_their_own_values(grid, key):
    (readiness,) = grid[key].assessments()
    values = {c.id: c.value for c in readiness.checks}
    assert values["recent_graduate"] == "6 years (class of 2021)"
    assert values["step2ck"] == "231"
    assert values["us_letters"] == "1 US letter, 3 months of US clinical experience"
    assert values["interviews"] == "3"
    met = {c.id: c.met for c in readiness.checks}
    assert met["recent_graduate"] is False and met["step2ck"] is False and met["interviews"] is True
    assert met["realistic_specialty"] is (key[0] == "pediatrics")
    expected = "delay" if key[0] == "pediatrics" else "pivot-specialty"
    assert readiness.result is not None and readiness.result.id == expected


def test_first_cycle_profiles_get_no_readiness_table(grid):
    assert [k for k in GRID if k[2] not in BRIDGE and grid[k].assessments()] == []


def test_the_readiness_suggestion_follows_the_profile():
    strong = grid_profile(
        "pediatrics", "j1", "reapplicant", graduation_year=2024,
        exams={"step2ck": {"status": "passed", "score": 241}},
        letters=[{"specialty": "pediatrics", "us_based": True}, {"specialty": "pediatrics", "us_based": True}],
    )
    assert build(strong).assessments()[0].result.id == "reapply"
    stuck = grid_profile(
        "pediatrics", "j1", "reapplicant", last_cycle={"year": 2026, "interviews": 0, "unmatched_cycles": 3}
    )
    readiness = build(stuck).assessments()[0]
    assert readiness.result.id == "pivot-career"
    assert {c.id: c.value for c in readiness.checks}["traction"] == "unmatched cycle 3, 0 interviews last time"
    unknown = grid_profile("pediatrics", "j1", "reapplicant", last_cycle={"year": 2026, "unmatched_cycles": 3})
    readiness = build(unknown).assessments()[0]
    traction = next(c for c in readiness.checks if c.id == "traction")
    assert (traction.met, traction.value) == (None, "not in your profile")
    assert readiness.result.id == "delay"


def test_a_public_build_keeps_the_readiness_values_out():
    playbook = build(grid_profile("pmr", "h1b", "reapplicant"), public=True)
    (readiness,) = playbook.assessments()
    assert readiness.result is None
    assert all("231" not in c.value and c.met is None for c in readiness.checks)


def test_partial_match_to_an_advanced_position_gets_the_first_year_search(grid):
    assert "core-pgy1-search" in {i.id for i in grid["pmr", "j1", "partially_matched"].items()}
    assert "pmr-first-year-offer" in {i.id for i in grid["pmr", "j1", "partially_matched"].items()}
    assert "core-pgy1-search" not in {i.id for i in grid["pediatrics", "j1", "partially_matched"].items()}


def test_exam_history_and_graduation_year_choose_scripts_and_cases():
    fresh = build(grid_profile("pediatrics", "j1", "applying", graduation_year=2024))
    failed = build(grid_profile(
        "pediatrics", "j1", "applying", graduation_year=2018,
        exams={"step1": {"status": "passed", "attempts": 2}, "step2ck": {"status": "passed", "score": 231}},
    ))
    scripts = {"fresh": {s.id for s in fresh.scripts()}, "failed": {s.id for s in failed.scripts()}}
    assert "core-answer-exam-failure" in scripts["failed"] and "core-answer-exam-failure" not in scripts["fresh"]
    assert "core-answer-gap" in scripts["failed"] and "core-answer-gap" not in scripts["fresh"]
    sections = {"fresh": {s.id for s in fresh.sections()}, "failed": {s.id for s in failed.sections()}}
    assert "peds-case-recent" in sections["fresh"] and "peds-case-experienced" not in sections["fresh"]
    assert "peds-case-experienced" in sections["failed"] and "peds-case-recent" not in sections["failed"]
    failure = next(s for s in failed.scripts() if s.id == "core-answer-exam-failure")
    assert "USMLE Step 1" in failure.text


def test_bridge_year_steps_are_dated_from_the_soap_that_ended_without_a_position(grid):
    def due(key, item_id):
        return next(i.due.date for i in grid[key].items() if i.id == item_id)

    assert due(("pediatrics", "j1", "reapplicant"), "reapp-feedback-send").year == 2026
    assert due(("pediatrics", "j1", "soap_unmatched"), "reapp-feedback-send").year == 2027
    assert due(("pediatrics", "j1", "reapplicant"), "reapp-submit-early").isoformat() == "2026-09-02"
    reapplicant = grid["pediatrics", "j1", "reapplicant"]
    assert reapplicant.bridge.soap_cycle == 2026
    assert reapplicant.plan()[0].start == reapplicant.bridge.start
    assert due(("pediatrics", "j1", "reapplicant"), "reapp-gather") == reapplicant.bridge.start + dt.timedelta(days=6)
