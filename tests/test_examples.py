"""End-to-end builds of the example profiles: each playbook differs as its profile does."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from playbook.build import BuildOptions, build, load_inputs, make_playbook
from tests.conftest import EXAMPLES, PROFILES, TODAY


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("examples")
    return {p.stem: build(BuildOptions(p, root / p.stem, today=TODAY)).out for p in EXAMPLES}


def playbook_of(stem: str):
    return make_playbook(load_inputs(PROFILES / f"{stem}.yaml"), today=TODAY)


def item_ids(stem: str) -> set[str]:
    return {i.id for i in playbook_of(stem).items()}


def page_text(site: Path, page: str) -> str:
    text = (site / page / "index.html").read_text(encoding="utf-8") if page else (site / "index.html").read_text(
        encoding="utf-8"
    )
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_every_example_builds_a_complete_site(sites):
    for stem, site in sites.items():
        assert (site / "index.html").is_file(), stem
        assert (site / "search" / "search_index.json").is_file(), stem
        assert (site / "scripts" / "index.html").is_file(), stem


def test_h1b_profile_gets_step3_and_j1_profile_does_not(sites):
    assert "core-h1b-step3" in item_ids("ravi-menon")
    assert "core-h1b-step3" not in item_ids("amina-okafor")
    assert "Pass USMLE Step 3 before Match Week" in page_text(sites["ravi-menon"], "before-match-week")
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


def test_reapplicant_gets_no_first_cycle_items():
    reapplicant = playbook_of("omar-haddad")
    assert "core-confirm-nrmp-registration" not in {i.id for i in reapplicant.items()}
    assert "core-confirm-nrmp-registration" in item_ids("amina-okafor")
    assert not [i for i in reapplicant.items() if i.phase == "match_week"]


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
    assert 'class="fill-in">program name<' in (sites["amina-okafor"] / "scripts" / "index.html").read_text()


def test_pages_differ_between_profiles(sites):
    pages = {stem: sorted(str(p.relative_to(site)) for p in site.rglob("*.html")) for stem, site in sites.items()}
    assert "match-week/index.html" in pages["amina-okafor"]
    assert "match-week/index.html" not in pages["omar-haddad"]
