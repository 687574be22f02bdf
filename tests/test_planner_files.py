"""Reading her program sheet and the List of Unfilled Programs: bad rows reported and skipped, never lost."""

from __future__ import annotations

from pathlib import Path

from playbook.planner.sheet import COLUMNS, read_sheet
from playbook.planner.unfilled import Sheet, merge, read_unfilled
from tests.planner_support import error_line, fixture, program

BAD = fixture("bad-sheet.csv")


def test_each_malformed_row_is_reported_with_its_row_and_column_and_skipped():
    programs, rows = read_sheet(BAD)
    assert [e.line() for e in rows.errors] == [
        f"{BAD}:4:7: j1: expected one of yes, no, unknown (got 'maybe')",
        f"{BAD}:5:5: state: expected a two-letter US state code like OH, or nothing (got 'Ohio')",
        f"{BAD}:6:2: nrmp_code: expected an NRMP program code like 1234140C0 (7 digits, C/P/A/R, a digit) "
        "or nothing (got '12-34')",
        f"{BAD}:7:1: program: required, and empty here (got '')",
        f"{BAD}:8:3: specialty: unknown specialty; did you mean 'pathology'?; use a name like Pediatrics, PM&R "
        "or internal_medicine (got 'Dermatolgy')",
        f"{BAD}:9:12: a cell beyond the last column 'notes' (got 'surplus')",
        f"{BAD}:12:2: nrmp_code: the same code as row 3 (got '0301320C0')",
    ]
    assert rows.skipped == 7
    assert [(p.name, p.row) for p in programs] == [("Good One Pediatrics", 3), ("Good Two Family Medicine", 11)]


def test_every_data_row_is_either_read_or_reported():
    programs, rows = read_sheet(BAD)
    data_rows = [ln for ln in BAD.read_text().splitlines()[2:] if ln.strip()]
    assert len(programs) + rows.skipped == len(data_rows)


def test_cells_are_read_leniently_where_the_meaning_is_clear():
    programs, _ = read_sheet(BAD)
    family = programs[1]
    assert (family.specialty, family.position, family.setting) == ("family_medicine", "categorical",
                                                                   "university_affiliated")
    assert (family.j1, family.h1b, family.img_history, family.notes) == ("yes", "no", "sometimes",
                                                                         "notes, with a comma")


def test_two_bad_cells_in_one_row_are_both_reported_and_the_row_counted_once(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(",".join(COLUMNS) + "\nTwo Faults,,Pediatrics,,XX,,perhaps,,,,\n", encoding="utf-8")
    programs, rows = read_sheet(sheet)
    assert programs == [] and rows.skipped == 1
    assert rows.errors[0].line().splitlines() == [
        f"{sheet}:2:5: state: expected a two-letter US state code like OH, or nothing (got 'XX')",
        f"{sheet}:2:7: j1: expected one of yes, no, unknown (got 'perhaps')",
    ]


def test_a_wrong_header_names_the_columns_it_expected(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("program,specialty,J-1,IMG Histroy\nX,Pediatrics,yes,often\n", encoding="utf-8")
    expected = "expected columns: " + ", ".join(COLUMNS)
    hint = "did you mean 'img_history'?"
    assert error_line(read_sheet, sheet) == f"{sheet}:1:4: unknown column; {hint}; {expected} (got 'IMG Histroy')"


def test_a_missing_required_column_is_named(tmp_path):
    listed = tmp_path / "list.csv"
    listed.write_text("code,program,state\n1234140C0,X,OH\n", encoding="utf-8")
    assert error_line(read_unfilled, listed) == (
        f"{listed}:1:1: missing column 'specialty'; expected columns: code, program, specialty, position, state, "
        "city, positions")


def test_the_list_reads_its_usual_headings_and_specialty_names(tmp_path):
    listed = tmp_path / "list.csv"
    listed.write_text(
        "\ufeffProgram Code;Program Name;Specialty;State;City;Positions Unfilled\n"
        "1234140P0;Brindlewood Medical Center;Internal Medicine-Preliminary;PA;Brindlewood;2\n"
        "1234340A0;Brindlewood Rehab;Physical Medicine & Rehabilitation;pa;;1\n"
        ";Quillmoor Hospital;Transitional Year;OH;;\n"
        "1234420C0;Brindlewood Radiology;Diagnostic Radiology;PA;;1\n", encoding="utf-8")
    programs, rows = read_unfilled(listed)
    assert rows.skipped == 0
    got = [(p.specialty, p.position, p.state, p.positions, p.researched) for p in merge(programs, Sheet([]))]
    assert got == [("preliminary_medicine", "preliminary", "PA", 2, False), ("pmr", "advanced", "PA", 1, False),
                   ("transitional_year", "transitional", "OH", None, False), ("", "categorical", "PA", 1, False)]


def test_a_non_utf8_file_is_named_with_its_line(tmp_path):
    listed = tmp_path / "list.csv"
    listed.write_bytes(b"code,program,specialty\n,Caf\xe9 Hospital,Pediatrics\n")
    assert error_line(read_unfilled, listed) == (f"{listed}:2:5: file is not UTF-8 text; save it as 'CSV UTF-8' "
                                                 "(got byte 0xe9)")


def test_list_programs_match_the_sheet_by_code_then_by_name():
    mine = [program("Quillmoor Children's Hospital", code="0101320C0", notes="by code"),
            program("The Brindlewood Pediatrics Program", notes="by name"),
            program("Brindlewood Pediatrics", "family_medicine", notes="other specialty"),
            program("Fenwick Pediatrics", code="0401320C0", notes="another code")]
    listed = [program("QUILLMOOR CHILDRENS HOSP", code="0101320C0", researched=False),
              program("Brindlewood Pediatrics", code="0999320C0", researched=False),
              program("Brindlewood Pediatrics", "internal_medicine", researched=False),
              program("Fenwick Pediatrics", code="0402320C0", researched=False),
              program("Fenwick Pediatrics", researched=False)]
    merged = merge(listed, Sheet(mine))
    assert [(p.notes, p.researched) for p in merged] == [
        ("by code", True), ("by name", True), ("", False), ("", False), ("another code", True)]
    assert merged[1].code == "0999320C0"  # the list's code is kept


def test_yaml_sheet_reports_rows_at_their_yaml_position(tmp_path):
    sheet = tmp_path / "programs.yaml"
    sheet.write_text(
        "programs:\n"
        "  - {program: Quillmoor Pediatrics, specialty: Pediatrics, j1: yes, img_history: often}\n"
        "  - program: Bad Visa Pediatrics\n"
        "    specialty: Pediatrics\n"
        "    j1: sometimes\n", encoding="utf-8")
    programs, rows = read_sheet(sheet)
    assert [p.name for p in programs] == ["Quillmoor Pediatrics"]
    assert [e.line() for e in rows.errors] == [f"{sheet}:5:9: j1: expected one of yes, no, unknown (got 'sometimes')"]


def test_the_template_reads_back_empty_and_its_examples_read_when_uncommented(run, tmp_path: Path):
    sheet = tmp_path / "programs.csv"
    assert run("new", "--programs", sheet).exit_code == 0
    programs, rows = read_sheet(sheet)
    assert (programs, rows.skipped) == ([], 0)
    lines = sheet.read_text(encoding="utf-8").splitlines()
    examples = [ln.removeprefix("# ") for ln in lines if "(example)" in ln]
    assert len(examples) == 2
    sheet.write_text("\n".join([*lines, *examples]) + "\n", encoding="utf-8")
    programs, rows = read_sheet(sheet)
    assert rows.skipped == 0
    assert [(p.specialty, p.position) for p in programs] == [("pediatrics", "categorical"),
                                                             ("preliminary_medicine", "preliminary")]


def test_yaml_sheet_entry_that_is_not_a_mapping_is_reported(tmp_path):
    sheet = tmp_path / "programs.yaml"
    sheet.write_text("- {program: Quillmoor Pediatrics, specialty: Pediatrics}\n- just a name\n", encoding="utf-8")
    programs, rows = read_sheet(sheet)
    assert [p.name for p in programs] == ["Quillmoor Pediatrics"]
    assert [e.line() for e in rows.errors] == [
        f"{sheet}:2:3: each program is a mapping of column names to values (got 'just a name')"]


def test_two_rows_for_one_program_without_a_code_are_reported(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(",".join(COLUMNS) + "\nQuillmoor Pediatrics,,Pediatrics\nThe Quillmoor Pediatrics Program,,peds\n"
                     "Quillmoor Pediatrics,,Pediatrics,preliminary\n", encoding="utf-8")
    programs, rows = read_sheet(sheet)
    assert [(p.name, p.position) for p in programs] == [("Quillmoor Pediatrics", "categorical"),
                                                        ("Quillmoor Pediatrics", "preliminary")]
    assert [e.line() for e in rows.errors] == [
        f"{sheet}:3:1: program: the same program, specialty and position as row 2 "
        "(got 'The Quillmoor Pediatrics Program')"]
