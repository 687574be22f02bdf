"""`playbook soap`, `playbook new --programs`, and the SOAP plan page of the site."""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pytest

from playbook.build import load_inputs, make_playbook
from tests.conftest import PROFILES, TODAY
from tests.planner_support import fixture

UNFILLED = PROFILES / "unfilled-example.csv"
AMINA = PROFILES / "amina-okafor.yaml"
RAVI = PROFILES / "ravi-menon.yaml"


def soap(run, profile: Path, out: Path, *extra: object):
    return run("soap", profile, "--unfilled", UNFILLED, "--out", out, "--today", "2027-03-15", *extra)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_soap_prints_the_ranked_list_and_writes_csv_markdown_and_html(run, tmp_path):
    result = soap(run, AMINA, tmp_path / "out")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "out" / "soap-list.csv")
    applied = [r for r in rows if r["rank"]]
    assert [int(r["rank"]) for r in applied] == list(range(1, len(applied) + 1))
    assert 0 < len(applied) <= 45
    first = applied[0]
    assert re.search(rf"^ 1\. {first['tier']} +{re.escape(first['program'])} · Pediatrics", result.stdout, re.M)
    assert f"{len(applied)} of 45 applications" in result.stdout
    page = (tmp_path / "out" / "soap-list.html").read_text(encoding="utf-8")
    assert html.escape(first["program"]) in page and "<script" not in page
    markdown = (tmp_path / "out" / "soap-list.md").read_text(encoding="utf-8")
    assert markdown.count("\n| ") == len(rows) + 2  # both tables' header rows and every program


def test_h1b_profile_sees_j1_only_programs_excluded_with_the_reason(run, tmp_path):
    result = soap(run, RAVI, tmp_path / "out")
    assert result.exit_code == 0, result.output
    rows = {r["program"]: r for r in read_csv(tmp_path / "out" / "soap-list.csv")}
    assert rows["Duskvale Medical Center"]["rank"] == ""
    reason = "cannot sponsor your visa: sponsors J-1 only, and you need H-1B"
    assert rows["Duskvale Medical Center"]["tier"] == f"excluded: {reason}"
    assert "Duskvale Medical Center (Internal Medicine): cannot sponsor your visa" in result.stdout


def test_programs_unknown_to_the_sheet_are_marked_not_researched(run, tmp_path):
    assert soap(run, AMINA, tmp_path / "out").exit_code == 0
    rows = {r["program"]: r for r in read_csv(tmp_path / "out" / "soap-list.csv")}
    assert rows["Pellham Crossing Children's Hospital"]["researched"] == "no"
    assert rows["Pellham Crossing Children's Hospital"]["tier"] == "Low"
    assert rows["Quillmoor Children's Hospital"]["researched"] == "yes"


def test_skipped_rows_are_printed_counted_and_the_rest_used(run, tmp_path):
    result = soap(run, AMINA, tmp_path / "out", "--programs", fixture("bad-sheet.csv"))
    assert result.exit_code == 0, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 7 and all(line.startswith(f"{fixture('bad-sheet.csv')}:") for line in errors)
    assert f"Your sheet: 2 programs read from {fixture('bad-sheet.csv')}, 7 rows skipped" in result.stdout
    assert "The list: 34 programs read from" in result.stdout and "0 rows skipped" in result.stdout
    page = (tmp_path / "out" / "soap-list.md").read_text(encoding="utf-8")
    assert page.count("bad-sheet.csv:") == 7


def test_a_wrong_header_stops_with_status_2_and_keeps_the_last_list(run, tmp_path):
    out = tmp_path / "out"
    assert soap(run, AMINA, out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "list.csv"
    bad.write_text("Program,Speciality\nX,Pediatrics\n", encoding="utf-8")
    result = run("soap", AMINA, "--unfilled", bad, "--out", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{bad}:1:2: unknown column; did you mean 'specialty'?; expected columns: code, program, specialty, "
        "position, state, city, positions (got 'Speciality')")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_soap_refuses_a_folder_it_did_not_write(run, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    result = soap(run, AMINA, mine)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{mine}:1:1: refusing to replace a folder that playbook did not build")
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_new_programs_writes_a_template_and_will_not_overwrite(run, tmp_path):
    sheet = tmp_path / "programs.csv"
    assert run("new", "--programs", sheet).exit_code == 0
    assert sheet.read_text(encoding="utf-8").splitlines()[-1] == (
        "program,nrmp_code,specialty,position,state,setting,j1,h1b,img_history,resources,notes")
    again = run("new", "--programs", sheet)
    assert again.exit_code == 2 and again.stderr.startswith(f"{sheet}:1:1: file exists")


def test_check_reports_sheet_rows_it_would_skip(run, tmp_path):
    profile = tmp_path / "me.yaml"
    shutil.copy(fixture("bad-sheet.csv"), tmp_path / "bad-sheet.csv")
    profile.write_text(AMINA.read_text(encoding="utf-8").replace("amina-okafor-programs.csv", "bad-sheet.csv"),
                       encoding="utf-8")
    result = run("check", profile)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"{profile}: 7 rows of {tmp_path / 'bad-sheet.csv'} would be skipped"


@pytest.fixture(scope="session")
def plan_sites(sites: dict[str, Path], public_sites: dict[str, Path]) -> dict[str, Path]:
    """Amina's private build and her public one (with --include-private), from the session's shared builds."""
    return {"private": sites[AMINA.stem], "public": public_sites[AMINA.stem]}


def page_text(site: Path) -> str:
    text = (site / "soap-plan.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def test_site_has_a_soap_plan_page_with_her_plans_and_tiered_sheet(plan_sites):
    text = page_text(plan_sites["private"])
    plan = make_playbook(load_inputs(AMINA), today=TODAY).soap_plan
    assert [p.title for p in plan.plans] == ["Many pediatrics spots", "Fewer pediatrics spots than applications"]
    for p in plan.plans:
        assert p.title in text
    assert "Quillmoor Children's Hospital" in text and "sponsors J-1" in text
    assert "excluded: cannot sponsor your visa: no J-1 sponsorship" in text
    assert "Mon 15 Mar 2027" in text


def test_public_site_keeps_the_plans_and_leaves_the_sheet_out(plan_sites):
    text = page_text(plan_sites["public"])
    assert "Many pediatrics spots" in text
    assert "Quillmoor" not in text and "J-1" not in text
    assert "Your program sheet stays out of public builds" in text
    plan = make_playbook(load_inputs(AMINA), today=TODAY, public=True).soap_plan
    assert plan.programs == () and plan.tier_counts == () and plan.problems == ()
    assert all(s.on_sheet is None for p in plan.plans for s in p.shares)


def test_profiles_without_a_sheet_have_no_soap_plan_page():
    assert make_playbook(load_inputs(PROFILES / "omar-haddad.yaml"), today=TODAY).soap_plan is None


def test_a_missing_sheet_is_reported_at_the_profile_line_that_names_it(run, tmp_path):
    profile = tmp_path / "me.yaml"
    text = AMINA.read_text(encoding="utf-8").replace("amina-okafor-programs.csv", "gone.csv")
    profile.write_text(text, encoding="utf-8")
    line = text[: text.index("programs: gone.csv")].count("\n") + 1
    for args in (("build", profile, "--out", tmp_path / "site"), ("soap", profile, "--unfilled", UNFILLED,
                                                                  "--out", tmp_path / "list")):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            f"{profile}:{line}:11: programs: no such file beside the profile ({tmp_path / 'gone.csv'}) "
            "(got 'gone.csv')\n")


def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert(run, tmp_path):
    listed = tmp_path / "list.csv"
    listed.write_text('code,program,specialty\n,"=HYPERLINK(""http://x"")",Pediatrics\n', encoding="utf-8")
    assert run("soap", AMINA, "--unfilled", listed, "--out", tmp_path / "out").exit_code == 0
    rows = read_csv(tmp_path / "out" / "soap-list.csv")
    assert rows[0]["program"] == "'=HYPERLINK(\"http://x\")"


def test_pmr_split_holds_end_to_end_from_a_list_file(run, tmp_path):
    listed = tmp_path / "list.csv"
    rows = ["Program Code,Program Name,Specialty,State"]
    rows += [f"{1000 + i}340C0,Rehab Center {i},Physical Medicine & Rehabilitation,OH" for i in range(30)]
    rows += [f"{2000 + i}140P0,Medicine Center {i},Internal Medicine-Preliminary,PA" for i in range(20)]
    rows += [f"{3000 + i}140C0,Internal Medicine Center {i},Internal Medicine,NY" for i in range(20)]
    listed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("soap", fixture("pmr-profile.yaml"), "--unfilled", listed, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    groups = [r["group"] for r in read_csv(tmp_path / "out" / "soap-list.csv") if r["rank"]]
    assert groups == ["PM&R"] * 25 + ["Preliminary and transitional PGY-1"] * 12 + ["Your alternatives"] * 8
    assert "plan 'Many PM&R spots'" in result.stdout


def test_text_from_the_sheet_and_the_list_is_escaped_everywhere(run, tmp_path):
    evil = "<script>alert(1)</script> *Quill* [x](javascript:y)"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f'program,specialty,j1,img_history,notes\n"{evil}",Pediatrics,yes,often,"{evil}"\n',
                     encoding="utf-8")
    profile = tmp_path / "me.yaml"
    profile.write_text(AMINA.read_text(encoding="utf-8").replace("amina-okafor-programs.csv", "sheet.csv"),
                       encoding="utf-8")
    listed = tmp_path / "list.csv"
    listed.write_text(f'program,specialty\n"{evil}",Pediatrics\n', encoding="utf-8")
    assert run("build", profile, "--out", tmp_path / "site", "--today", TODAY.isoformat()).exit_code == 0
    assert run("soap", profile, "--unfilled", listed, "--out", tmp_path / "list").exit_code == 0
    for page in (tmp_path / "site" / "soap-plan.html", tmp_path / "list" / "soap-list.html"):
        text = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, page
        assert "<script>alert" not in text and 'href="javascript' not in text and "<em>Quill" not in text, page
