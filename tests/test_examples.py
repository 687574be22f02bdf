"""End-to-end builds of the example profiles: each playbook differs as its profile does."""

from __future__ import annotations

import html
import re
from pathlib import Path

from playbook.build import load_inputs, make_playbook
from tests.conftest import PROFILES, TODAY


def playbook_of(stem: str):
    return make_playbook(load_inputs(PROFILES / f"{stem}.yaml"), today=TODAY)


def item_ids(stem: str) -> set[str]:
    return {i.id for i in playbook_of(stem).items()}


def page_text(site: Path, page: str) -> str:
    text = (site / f"{page or 'index'}.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_every_example_builds_a_complete_site(sites):
    for stem, site in sites.items():
        assert (site / "index.html").is_file(), stem
        assert (site / "search" / "search_index.json").is_file(), stem
        assert (site / "scripts.html").is_file(), stem


def test_h1b_profile_gets_step3_and_j1_profile_does_not(sites):
    assert "core-h1b-step3" in item_ids("ravi-menon")
    assert "core-h1b-step3" not in item_ids("amina-okafor")
    assert "Your Step 3 result is still to come" in page_text(sites["ravi-menon"], "before-match-week")
    assert "Pass USMLE Step 3" not in page_text(sites["amina-okafor"], "before-match-week")


def test_j1_profile_gets_the_ecfmg_sponsorship_steps():
    assert "core-j1-documents" in item_ids("amina-okafor")
    assert "core-j1-documents" not in item_ids("ravi-menon")


def test_partially_matched_pmr_profile_gets_the_pgy1_search(sites):
    assert "core-pgy1-search" in item_ids("lucia-ferreira")
    for other in ("amina-okafor", "ravi-menon", "omar-haddad"):
        assert "core-pgy1-search" not in item_ids(other)
    assert "An advanced position still needs a first year" in page_text(sites["lucia-ferreira"], "modules/core")
    assert "preliminary medicine, preliminary surgery" in page_text(sites["lucia-ferreira"], "match-week")


def test_reapplicant_prepares_for_the_match_week_of_the_cycle_he_reapplies_to(sites):
    reapplicant = playbook_of("omar-haddad")
    week = [i for i in reapplicant.items() if i.phase == "match_week"]
    assert {"core-monday-send-applications", "core-thursday-offers"} <= {i.id for i in week}
    assert {i.due.date.year for i in week} == {2027}
    page = (sites["omar-haddad"] / "match-week.html").read_text(encoding="utf-8")
    assert all(f'id="{i.id}"' in page for i in week)
    assert "core-confirm-nrmp-registration" in {i.id for i in reapplicant.items()}


def test_home_page_names_the_applicant_and_her_facts(sites):
    home = page_text(sites["amina-okafor"], "")
    assert "Amina Okafor" in home
    assert "Africa/Lagos" in home
    assert "238" in home  # her private build shows her own score


def test_profiles_fill_scripts_with_their_own_facts(sites):
    amina = page_text(sites["amina-okafor"], "scripts")
    ravi = page_text(sites["ravi-menon"], "scripts")
    assert "University of Lagos College of Medicine" in amina and "University of Lagos" not in ravi
    assert "a J-1 visa sponsored by ECFMG" in amina
    assert "an H-1B visa" in ravi
    assert "[program name]" not in amina  # the brackets come from CSS, the blank is a marked span
    assert 'class="fill-in">program name<' in (sites["amina-okafor"] / "scripts.html").read_text()


def test_pages_differ_between_profiles(sites):
    pages = {stem: sorted(str(p.relative_to(site)) for p in site.rglob("*.html")) for stem, site in sites.items()}
    assert "match-week.html" in pages["amina-okafor"]
    assert "soap-plan.html" in pages["amina-okafor"]
    assert "soap-plan.html" not in pages["omar-haddad"]
