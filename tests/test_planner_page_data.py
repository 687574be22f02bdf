"""What the Monday planner page carries: her rules and sheet in a private build, the rules alone in a public one,
and the command with her own file names."""

from __future__ import annotations

import json

import pytest

from playbook.build import load_inputs, make_playbook
from playbook.render import site
from tests.conftest import GUIDES, PROFILES, TODAY

AMINA = PROFILES / "amina-okafor.yaml"


def data(script: str) -> dict:
    return json.loads(script.removeprefix("window.playbookPlannerData = ").rstrip().removesuffix(";"))


@pytest.fixture(scope="module")
def amina():
    return load_inputs(AMINA)


def test_a_private_build_carries_her_sheet_and_letter_writers(amina):
    planner = make_playbook(amina, today=TODAY).planner
    found = data(planner.script)
    assert found["sheet"]["file"] == "amina-okafor-programs.csv" and len(found["sheet"]["programs"]) == 11
    assert "Dr. Ruiz trained here; ask about continuity clinic" in planner.script
    assert [x["name"] for x in found["letters"]["all"]][0] == "Dr. Helen Ruiz (Pediatrics, US)"
    assert planner.command == "playbook soap amina-okafor.yaml --unfilled unfilled.csv"


def test_a_public_build_carries_no_sheet_no_notes_and_no_names(amina):
    planner = make_playbook(amina, today=TODAY, public=True).planner
    found = data(planner.script)
    assert found["sheet"] is None and found["who"] == "Pediatrics applicant"
    for private in ("continuity clinic", "Ruiz", "Adeyemi", "Amina", "Okafor", "amina-okafor"):
        assert private not in planner.script
    assert [x["name"] for x in found["letters"]["all"]] == ["letter 1 (Pediatrics, US)", "letter 2 (Pediatrics)",
                                                            "letter 3 (Family Medicine, US)"]
    assert planner.command == "playbook soap YOUR-PROFILE.yaml --unfilled unfilled.csv"


def test_the_data_cannot_end_its_script():
    text = make_playbook(load_inputs(GUIDES[0]), today=TODAY).planner.script
    assert "<" not in text and ">" not in text and text.startswith("window.playbookPlannerData = {")


@pytest.mark.parametrize("profile", [AMINA, *GUIDES], ids=lambda p: p.stem)
def test_every_site_has_the_planner_and_monday_leads_to_it(profile):
    playbook = make_playbook(load_inputs(profile), today=TODAY)
    rendered = dict((page.path, text) for page, text in site.render_pages(playbook))
    assert "soap-planner.md" in rendered and 'id="pb-planner"' in rendered["soap-planner.md"]
    assert 'href="soap-planner.html"' in rendered["match-week.md"]


def test_the_soap_plan_page_gives_the_planner_first_and_her_command_second(amina):
    text = dict((p.path, t) for p, t in site.render_pages(make_playbook(amina, today=TODAY)))["soap-plan.md"]
    monday = text[text.index("## On Monday"):]
    assert monday.index("[Monday planner](soap-planner.md)") < monday.index(
        "playbook soap amina-okafor.yaml --unfilled unfilled.csv")
    assert "YOUR-PROFILE" not in monday and "LIST.csv" not in monday
