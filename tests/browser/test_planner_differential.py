"""One planner, two front ends: the browser's planner and `playbook soap` give the same answer for the same list.

Every list of tests/planner_lists.py (the example list, 200 generated ones, whole files that cannot be read, one
of 5,000 rows) is planned for its profile by the CLI's code in Python and by the site's scripts in Chromium, all
in one page and one evaluate call; the rows, their order, tiers, statements, letters, the CSV, the messages for
skipped rows and the summary must be the same. The profiles are the examples, the guides and profiles of other
shapes (every visa, the three partial matches, letters of every kind). PLAYBOOK_FULL_MATRIX=1 draws 2,000 lists.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from playbook.planner.sheet import read_sheet
from tests.conftest import EXAMPLES, GUIDES, ROOT
from tests.planner_lists import EXAMPLE_LIST, Case, Planner, generated_cases, whole_file_cases
from tests.planner_support import STRATEGY, make_profile
from tests.system import FULL_MATRIX

ASSETS = ROOT / "site_templates" / "pages" / "assets"
SCRIPTS = ("soap-read.js", "soap-plan.js")
LISTS = 2000 if FULL_MATRIX else 200

# Profiles of other shapes than the examples, planned without a sheet and with the sheet below.
SHAPES = {
    "h1b-im.yaml": make_profile("h1b", ("internal_medicine",), ("family_medicine",)),
    "either-genetics.yaml": make_profile("j1_or_h1b", ("medical_genetics",), ("pediatrics", "internal_medicine"),
                                         letters=[{"specialty": "medical_genetics", "us_based": True},
                                                  {"author": "Dr. Ω", "specialty": "pediatrics"},
                                                  {"author": "Dr. B", "specialty": "internal_medicine",
                                                   "us_based": True}]),
    "none-pmr.yaml": make_profile("none", ("pmr",), ("transitional_year", "psychiatry")),
    **{f"partial-{held}.yaml": make_profile("j1", ("pmr",), ("internal_medicine",), match_status="partially_matched",
                                           matched_position={"specialty": "pmr", "position": held})
       for held in ("advanced", "preliminary", "transitional")},
}
# A sheet with rows the build skips (a bad visa word, a second row of a program), for the skipped-row messages.
SHEET = """program,nrmp_code,specialty,position,state,setting,j1,h1b,img_history,resources,notes
Quillmoor Rehabilitation Institute,0101340C0,PM&R,,OH,university,yes,yes,often,neurorehab unit,"rotated, twice"
Fenwick Hollow PM&R,0117340A0,PM&R,advanced,NJ,community,maybe,no,often,,
Thistledown University Internal Medicine,0102140C0,Internal Medicine,,MI,university,yes,unknown,sometimes,genetic,
Ashcombe Vale Transitional Year,,Transitional Year,,VA,community,yes,yes,often,,
Ashcombe Vale Transitional Year,,Transitional Year,,VA,community,yes,yes,often,,again
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The profiles, their sheets and every list side by side, as a person keeps them for `playbook soap`."""
    here = tmp_path_factory.mktemp("soap")
    for path in [*EXAMPLES, *GUIDES, *ROOT.joinpath("profiles").glob("*.csv")]:
        shutil.copy(path, here / path.name)
    (here / "shapes-programs.csv").write_text(SHEET, encoding="utf-8")
    return here


def planners(folder: Path) -> dict[str, Planner]:
    found = {p.name: Planner.load(folder / p.name) for p in [*EXAMPLES, *GUIDES]}
    for name, profile in SHAPES.items():
        found[name] = Planner(profile, STRATEGY, None, False)
        found["sheet-" + name] = Planner(profile, STRATEGY, Path("shapes-programs.csv"), False)
    return found


def cases(folder: Path, names: list[str], sheets: dict[str, list[tuple[str, str, str]]]) -> list[Case]:
    example = [Case(EXAMPLE_LIST.name, EXAMPLE_LIST.read_text(encoding="utf-8"), name) for name in names]
    broken = whole_file_cases(names[0]) + whole_file_cases("sheet-partial-advanced.yaml")
    return example + generated_cases(names, sheets, LISTS) + broken


def write(folder: Path, case: Case) -> Path:
    path = folder / case.name
    if isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8", newline="")
    return path


PLAN_ALL = """([cases, data]) => cases.map((c) => {
  const source = c.bytes ? new Uint8Array(c.bytes) : c.text;
  const r = window.playbookPlanner.plan(data[c.profile], source, c.name);
  if (!r.ok) return {ok: false, lines: r.lines};
  return {ok: true, rows: r.plan.rows, summary: r.plan.summary, problems: r.plan.problems,
          csv: window.playbookPlanner.toCsv(r.plan.rows, data[c.profile].words)};
})"""


def test_the_browser_plans_every_list_as_the_cli_does(folder, browser):
    with contextlib.chdir(folder):
        planned = planners(folder)
        sheets = {name: [(p.name, p.code, p.specialty_label) for p in read_sheet(pl.sheet)[0]] if pl.sheet else []
                  for name, pl in planned.items()}
        lists = cases(folder, sorted(planned), sheets)
        expected = [planned[c.profile].cli(write(folder, c).relative_to(folder)) for c in lists]
        data = {name: p.data() for name, p in planned.items()}
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><meta charset='utf-8'><title>planner</title>")
        for name in SCRIPTS:
            page.add_script_tag(content=(ASSETS / name).read_text(encoding="utf-8"))
        got = page.evaluate(PLAN_ALL, [[c.payload() | {"profile": c.profile} for c in lists], data])
    finally:
        page.close()
    assert len(lists) >= 200 + 20 and any(len(c.content) > 200_000 for c in lists)
    differ = [(c.name, c.profile, key) for c, want, have in zip(lists, expected, got, strict=True)
              for key in want if want[key] != have.get(key)]
    assert differ == [], _first_difference(lists, expected, got)
    assert sum(1 for e in expected if not e["ok"]) >= 10, "whole files that cannot be read are among the lists"
    assert sum(len(e.get("problems", ())) for e in expected) >= 100, "rows the CLI skips are among the lists"


def _first_difference(lists: list[Case], expected: list[dict], got: list[dict]) -> str:
    for case, want, have in zip(lists, expected, got, strict=True):
        for key in want:
            if want[key] != have.get(key):
                pairs = zip(want[key], have.get(key) or [], strict=False) if isinstance(want[key], list) else []
                first = next(((a, b) for a, b in pairs if a != b), (want[key], have.get(key)))
                return f"{case.name} for {case.profile}, {key}:\n  cli:     {first[0]!r}\n  browser: {first[1]!r}"
    return ""
