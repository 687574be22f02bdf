"""The Monday planner page on a phone at 10:05 ET on Match Week Monday: a personal playbook and a guide, the example
list by file and by paste, over http and from file://. Its download is the CLI's soap-list.csv; its Sent ticks
stay in this browser until Clear; it makes no request, logs no error and passes axe in both palettes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from playbook.build import BuildOptions, build
from playbook.planner import monday, report
from tests.browser.test_a11y import PALETTES, blocking_violations, overflow
from tests.conftest import GUIDES, PROFILES, TODAY

MONDAY = dt.datetime(2027, 3, 15, 14, 5, tzinfo=dt.UTC)  # 10:05 ET: the list has been out five minutes
EXAMPLE = PROFILES / "unfilled-example.csv"
PERSON = "amina-okafor"
GUIDE = next(g for g in GUIDES if "pediatrics" in g.stem)


def cli_csv(profile: Path) -> str:
    """soap-list.csv as `playbook soap PROFILE --unfilled unfilled-example.csv` writes it."""
    return report.to_csv(monday.run(profile, EXAMPLE))


def planned(page) -> None:
    page.wait_for_selector("#pb-planner-result[data-planned]")


def downloaded(page) -> str:
    with page.expect_download() as info:
        page.click("#pb-planner-download")
    return Path(info.value.path()).read_text(encoding="utf-8")


def stored(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('playbook'))")


def test_her_playbook_plans_the_list_from_a_file_and_keeps_it_with_her_ticks_until_clear(served, clocked):
    seen = clocked(MONDAY, phone=True)
    page = seen.page
    page.goto(served.url(PERSON, "soap-planner/"))
    page.set_input_files("#pb-planner-file", EXAMPLE)
    planned(page)
    assert downloaded(page) == cli_csv(PROFILES / f"{PERSON}.yaml")
    first = page.locator(".pb-planner-app").first
    assert first.locator("strong").inner_text().startswith("1. ")
    assert "Statement: Pediatrics statement" in first.inner_text() and "Dr. Helen Ruiz" in first.inner_text()
    assert "Kestrel Heights Children's Center (Pediatrics): cannot sponsor your visa" in page.inner_text(
        "ul.pb-planner-out")
    first.locator("input[type=checkbox]").check()
    page.reload()
    planned(page)  # the list came back from this browser, with the tick
    assert page.locator(".pb-planner-app input[type=checkbox]").first.is_checked()
    assert overflow(page) == 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#pb-planner-clear")
    assert page.locator(".pb-planner-app").count() == 0
    assert not [k for k in stored(page) if "soap" in k or "Monday planner" in k]
    assert seen.console_errors == [] and seen.foreign_requests == [] and seen.failed_responses == []


def test_a_guide_plans_the_pasted_list_by_the_rules_alone(served, clocked):
    seen = clocked(MONDAY, zone="America/New_York", phone=True)
    page = seen.page
    slug = next(s for s in served.slugs if s.startswith("guides/") and "pediatrics" in s)
    page.goto(served.url(slug, "soap-planner/"))
    page.fill("#pb-planner-paste", EXAMPLE.read_text(encoding="utf-8"))
    page.click("#pb-planner-go")
    planned(page)
    assert downloaded(page) == cli_csv(GUIDE)
    assert "not researched" in page.inner_text(".pb-planner-list")
    assert "No program sheet" in page.inner_text("#pb-planner-result")
    assert seen.console_errors == [] and seen.foreign_requests == [] and seen.failed_responses == []


@pytest.mark.parametrize("scheme", PALETTES)
def test_the_planned_page_passes_axe(served, clocked, scheme):
    seen = clocked(MONDAY, phone=True, color_scheme=scheme)
    page = seen.page
    page.goto(served.url(PERSON, "soap-planner/"))
    page.fill("#pb-planner-paste", EXAMPLE.read_text(encoding="utf-8") + "bad,row,here,,,,,\n")
    page.click("#pb-planner-go")
    planned(page)
    assert page.locator(".pb-planner-problems li").count() == 1  # a skipped row is shown, located
    assert page.get_attribute("body", "data-md-color-scheme") == PALETTES[scheme]
    assert blocking_violations(page) == []


@pytest.fixture(scope="module")
def offline(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline-planner") / "site"
    build(BuildOptions(PROFILES / f"{PERSON}.yaml", out, today=TODAY, pdf=False, engine=engine))
    return out


def test_from_the_file_system_too(offline, clocked):
    seen = clocked(MONDAY, phone=True)
    page = seen.page
    page.goto((offline / "soap-planner.html").as_uri())
    page.set_input_files("#pb-planner-file", EXAMPLE)
    planned(page)
    assert downloaded(page) == cli_csv(PROFILES / f"{PERSON}.yaml")
    page.goto((offline / "match-week.html").as_uri())
    page.click("#core-monday-unfilled-list a[href='soap-planner.html']")  # Monday's step leads to the planner
    planned(page)
    assert seen.console_errors == [] and seen.foreign_requests == []
