"""The rules the content states are the ones the sources give, for every profile they reach."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.build import make_playbook
from playbook.facts import home_zone
from playbook.model import SCRIPT_NOTE, Playbook
from playbook.profile import load_profile
from playbook.render.text import plain_text
from tests.conftest import GUIDES, PROFILES, TODAY
from tests.test_content import inputs_for, shared_inputs
from tests.test_content_grid import BRIDGE, GRID, grid_profile
from tests.test_content_wording import REFERENCE, reference_files  # noqa: F401 (a fixture)

AHEAD = [k for k in GRID if k[2] not in ("soap_unmatched",)]


def build(profile, public: bool = False) -> Playbook:
    return make_playbook(inputs_for(profile), today=TODAY, public=public)


@pytest.fixture(scope="module")
def grid() -> dict[tuple[str, str, str], Playbook]:
    return {key: build(grid_profile(*key)) for key in GRID}


def item(playbook: Playbook, item_id: str):
    return next(i for i in playbook.items() if i.id == item_id)


def shown(markdown_text: str) -> str:
    """Model text (Markdown, profile values escaped) as the reader sees it, on one line."""
    return " ".join(plain_text(markdown_text).split())


def script(playbook: Playbook, script_id: str):
    return next(s for s in playbook.scripts() if s.id == script_id)


def section(playbook: Playbook, section_id: str):
    return next(s for s in playbook.sections() if s.id == section_id)


def texts(playbook: Playbook) -> list[str]:
    """Every text a reader can meet, titles included."""
    found = [m.title + "\n" + m.why for m in playbook.modules]
    for s in playbook.sections():
        found += [s.title, s.text] + [c.title for c in s.checklists]
        found += [i.text for i in s.items()] + [x.title + "\n" + x.text for x in s.scripts]
        found += [b.title + "\n" + "\n".join(b.tasks) for b in s.plan]
        found += [a.title for a in s.assessments] + [c.label for a in s.assessments for c in a.checks]
        found += [o.title + "\n" + o.text for a in s.assessments for o in a.outcomes]
    return found


# --- 1. programs cannot read SOAP applications before Tuesday 08:00 ET ---------------------------

TOO_EARLY = re.compile(r"almost (at once|immediately)|start reading (now|at once)|read(ing)? them (now|at once)", re.I)


@pytest.mark.parametrize("key", [k for k in AHEAD if k[1] == "j1"], ids="-".join)
def test_the_monday_send_step_says_when_programs_can_read(grid, key):
    send = shown(item(grid[key], "core-monday-send-applications").text)
    assert not TOO_EARLY.search(send)
    assert "Tue 16 Mar, 08:00 ET (Tue 17:30 Kolkata time)" in send
    assert "verify" in send
    monday = [i for i in grid[key].items_in_phase("match_week") if i.due.date.weekday() == 0]
    assert monday and not [i.id for i in monday if TOO_EARLY.search(i.text)]


def test_the_send_step_follows_the_time_in_her_profile():
    moved = grid_profile("pmr", "j1", "unmatched", calendar_overrides={"programs_review_soap": {"time": "09:30"}})
    assert "Tue 16 Mar, 09:30 ET" in shown(item(build(moved), "core-monday-send-applications").text)


def test_nothing_anywhere_says_programs_read_at_once(grid):
    assert [t for p in grid.values() for t in texts(p) if TOO_EARLY.search(t)] == []


def test_monday_night_is_shown_on_her_clock(grid):
    playbook = grid["pediatrics", "j1", "applying"]
    week = shown(section(playbook, "match-week").text)
    assert "Mon 15 Mar, 10:00 ET (Mon 19:30 Kolkata time)" in week and "Tue 17:30 Kolkata time" in week
    assert "sleep" in item(playbook, "core-monday-night").text


def test_monday_leads_everyone_to_the_planner_and_to_the_command_only_with_a_program_sheet():
    with_sheet = build(load_profile(PROFILES / "amina-okafor.yaml"))
    without = build(grid_profile("pediatrics", "j1", "applying"))
    for playbook in (with_sheet, without):
        assert "[Monday planner](soap-planner.md)" in item(playbook, "core-monday-unfilled-list").text
    assert "playbook soap" in item(with_sheet, "core-monday-planner").text
    assert "core-monday-planner" not in {i.id for i in without.items()}  # no sheet, no SOAP plan page


# --- 2, 3, 8. how offers work -------------------------------------------------------------------


def test_offers_are_explained_as_they_work(grid):
    playbook = grid["pmr", "j1", "unmatched"]
    offers = section(playbook, "offers").text
    assert not re.search(r"only one offer|one offer at a time", offers)
    for fact in ("several offers", "R3", "no longer", "window", "binding", "verify"):
        assert fact in offers, fact
    soap = section(playbook, "what-soap-is").text
    assert "no algorithm and no rank list" not in soap and "ranked list" in soap
    assert "### If you are not eligible" in soap
    rules = script(playbook, "core-offer-rules-sheet").text
    assert "PM&R position" in rules and "I decline" in rules
    assert "core-offer-rules" in {i.id for i in playbook.items()}
    # What to do with the sheet is said outside it, so the copied list holds only her rules.
    before, sheet, after = script(playbook, "core-offer-rules-sheet").parts()
    assert "when you are calm" in before and sheet.startswith("1. **I accept at once:**") and "mentor" in after


def test_match_day_does_not_announce_a_soap_acceptance(grid):
    text = item(grid["pediatrics", "j1", "applying"], "core-friday-match-day").text
    assert "together" not in text and "accepted" in text


def test_a_live_soap_call_has_its_script_and_no_commitment_is_promised(grid):
    call = script(grid["pediatrics", "h1b", "unmatched"], "core-soap-call").text
    assert "will you accept" in call and "need not promise" in call and "verify" in call
    before, words, _ = script(grid["pediatrics", "h1b", "unmatched"], "core-soap-call").parts()
    assert "answer every call" in before and words.startswith("**Picking up.**")


# --- 6. nobody contacts a program for her in SOAP -----------------------------------------------


def test_a_mentor_is_not_sent_to_call_programs(grid):
    text = item(grid["pediatrics", "j1", "applying"], "peds-mentor-support").text
    assert "where the rules allow" not in text
    assert "on your behalf" in text and "verify" in text


# --- 7. visas: ECFMG sponsors the J-1 only; an H-1B needs Step 3 ---------------------------------


@pytest.mark.parametrize("specialty", ["pediatrics", "pmr"])
def test_the_visa_lines_match_the_visa(specialty):
    letter = {v: script(build(grid_profile(specialty, v, "applying")), "core-letter-of-interest").text
              for v in ("j1", "h1b", "j1_or_h1b")}
    letter = {v: shown(t) for v, t in letter.items()}
    assert "ECFMG" in letter["j1"] and "ECFMG" not in letter["h1b"] and "H-1B sponsorship" in letter["h1b"]
    assert "J-1" in letter["j1_or_h1b"] and "H-1B" in letter["j1_or_h1b"]
    either = build(grid_profile(specialty, "j1_or_h1b", "reapplicant"))
    assert not shown(item(either, "reapp-h1b-step3").text).startswith("You need an H-1B")
    assert "You need an H-1B" not in shown(section(either, "reapp-big-three").text)
    h1b = build(grid_profile(specialty, "h1b", "reapplicant"))
    assert shown(item(h1b, "reapp-h1b-step3").text).startswith("You need an H-1B")


def test_a_pending_step3_is_timed_against_the_rank_list_deadline():
    pending = build(grid_profile("medical_genetics", "h1b", "unmatched",
                                 exams={"step3": {"status": "pending"}, "step2ck": {"status": "passed"}}))
    text = shown(item(pending, "core-h1b-step3").text)
    assert "result is still to come" in text and "Wed 3 Mar, 21:00 ET" in text
    # The rank-list deadline is an estimate from 2026 on, and a date in a sentence says so as the Timeline does.
    assert "Wed 3 Mar, 21:00 ET (Thu 07:30 Kolkata time), an estimate:" in text
    assert "08:00 ET (Tue 17:30 Kolkata time), so" in shown(item(pending, "core-monday-send-applications").text)


@pytest.mark.usefixtures("reference_files")  # skips, saying why, where the articles are absent
def test_the_j1_statement_of_need_cites_the_source_that_holds_it():
    j1 = build(grid_profile("pediatrics", "j1", "applying"))
    step = item(j1, "core-j1-documents")
    assert "statement of need" in step.text and "calendar-facts.md" in step.source
    facts = (REFERENCE / "calendar-facts.md").read_text(encoding="utf-8")
    assert "statement of need" in facts


# --- what was missing: English, a short run-up, hardship ------------------------------------------


def test_the_english_requirement_comes_while_certification_is_open():
    pending = build(grid_profile("pediatrics", "j1", "applying", ecfmg="pending"))
    text = shown(item(pending, "core-english-requirement").text)
    assert "OET" in text and "rank-list deadline" in text and "verify" in text
    certified = build(grid_profile("pediatrics", "j1", "applying"))
    assert "core-english-requirement" not in {i.id for i in certified.items()}


def test_a_short_run_up_and_hardship_are_covered(grid):
    for key, playbook in grid.items():
        ids = {s.id for s in playbook.sections()}
        assert ("short-on-time" in ids) is (key[2] != "soap_unmatched"), key
    interviews = section(grid["pmr", "none", "unmatched"], "soap-interviews").text
    assert "personal hardship out of it" in interviews


# --- 9. yearly numbers carry their caveat; every source exists ----------------------------------


def test_the_cap_and_the_offer_window_carry_verify_for_your_year(grid):
    yearly = re.compile(r"\b45\b(?! days)|two hours|two-hour|2 hours")
    missing = {
        t.split("\n")[0][:80]
        for p in grid.values()
        for s in p.sections()
        for t in [s.text, *(i.text for i in s.items())]
        if yearly.search(t) and not re.search(r"verify|check (it|NRMP)", t, re.I)
    }
    assert missing == set()


@pytest.mark.usefixtures("reference_files")  # skips, saying why, where the articles are absent
def test_every_planner_number_and_strategy_names_its_source():
    strategy = shared_inputs().strategy
    names = {p.name for p in REFERENCE.iterdir()}
    sources = [strategy.source, strategy.letters_source, strategy.partial_match.source]
    sources += [s.source for s in strategy.strategies]
    assert [s for s in sources if any(part not in names for part in s.split(", "))] == []


# --- the specialty a script speaks of ------------------------------------------------------------


@pytest.mark.parametrize("visa", ["j1", "none"])
def test_genetics_scripts_speak_of_the_program_they_go_to(grid, visa):
    playbook = grid["medical_genetics", visa, "unmatched"]
    for script_id in ("core-answer-unmatched", "core-soap-questions", "core-thank-you-interview"):
        text = shown(script(playbook, script_id).text)
        assert "Medical Genetics and Genomics" not in text, script_id
        assert "Internal Medicine / Pediatrics" in text, script_id
    single = build(grid_profile("pediatrics", "j1", "applying", specialties={"targets": ["pediatrics"]}))
    assert '"Why Pediatrics?"' in shown(script(single, "core-soap-questions").text)


# --- the reapplicant's review, verdict and plan --------------------------------------------------


def test_one_interview_from_many_applications_points_at_the_application():
    omar = build(load_profile(PROFILES / "omar-haddad.yaml"))
    ids = {i.id for i in omar.items()}
    assert "reapp-few-interviews" in ids and "reapp-had-interviews" not in ids
    assert shown(item(omar, "reapp-few-interviews").text).startswith("1 interview from 120 applications is very few")
    several = build(grid_profile("pediatrics", "j1", "reapplicant",
                                 last_cycle={"year": 2026, "interviews": 6, "applications": 90}))
    assert "reapp-had-interviews" in {i.id for i in several.items()}


@pytest.mark.parametrize("key", [k for k in GRID if k[2] in BRIDGE], ids="-".join)
def test_the_bridge_year_plan_follows_the_verdict(grid, key):
    playbook = grid[key]
    verdict = playbook.assessments()[0].result.id
    blocks = {b.id for b in playbook.plan()}
    waits = verdict in ("delay", "pivot-career")
    assert ("reapp-plan-decide" in blocks) is waits and ("reapp-plan-apply" in blocks) is not waits
    plan_text = section(playbook, "reapp-bridge-year").text
    assert "This plan follows your readiness check" in plan_text
    submit = item(playbook, "reapp-submit-early").text
    assert submit.startswith("If you decided to apply") is waits


@pytest.mark.parametrize("key", [k for k in GRID if k[2] in BRIDGE], ids="-".join)
def test_bridge_blocks_do_not_repeat_or_overlap(grid, key):
    plan = grid[key].plan()
    assert sum("feedback" in " ".join(b.tasks) for b in plan) == 1
    assert sum("Step 3" in " ".join(b.tasks) for b in plan) <= 1
    general = [b for b in plan if b.module in ("core", "reapplicant")]
    assert all(a.last_month < b.first_month for a, b in zip(general, general[1:], strict=False))


def test_a_public_build_says_which_path_its_plan_shows():
    public = build(grid_profile("pmr", "h1b", "reapplicant"), public=True)
    assert "Which path this plan shows" in section(public, "reapp-bridge-year").text
    assert "reapp-plan-apply" in {b.id for b in public.plan()}


def test_readiness_labels_say_what_holds_without_double_negatives(grid):
    (readiness,) = grid["pediatrics", "j1", "reapplicant"].assessments()
    assert [c.label for c in readiness.checks if re.match(r"(Not|No) ", c.label)] == []


# --- what every page shows ----------------------------------------------------------------------


def test_titles_are_rendered_like_text(grid):
    playbook = grid["pediatrics", "j1", "applying"]
    assert section(playbook, "logistics").title == "Being reachable from Kolkata"
    # The one brace a text may hold is the mark of a note to the reader, which Markdown turns into a class.
    assert [t for p in grid.values() for t in texts(p) if "{" in t.replace(SCRIPT_NOTE, "")] == []


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_a_public_guide_shows_its_situation(path: Path):
    guide = build(load_profile(path), public=True)
    blanks = sorted({m for t in texts(guide) for m in re.findall(r'fill-in">(your [^<]*)<', t)})
    assert [b for b in blanks if b.startswith(("your visa", "your months", "your ECFMG", "your failed"))] == []


def test_a_time_zone_is_named_as_a_reader_names_it():
    assert [home_zone(z) for z in ("Asia/Kolkata", "America/Argentina/Buenos_Aires", "Etc/GMT-5", "Etc/GMT+3",
                                   "Etc/UTC")] == ["Kolkata", "Buenos Aires", "UTC+5", "UTC\u22123", "UTC"]
