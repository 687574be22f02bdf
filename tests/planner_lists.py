"""Lists of Unfilled Programs made from a seed, and the planner run on them in Python, for the differential test.

Each list is a `Case`: a file name, its content (text, or bytes for what only a file can hold: a bad byte, a
UTF-16 or UTF-8 mark) and the profile it is planned for. The lists hold what real ones hold and what a hurried
copy makes of them: every column spelling the CLI accepts, three delimiters and three line endings, comments,
blank and short rows, cells beyond the header, bad codes, states, positions and counts, long and non-Latin
names, names her sheet spells another way, other specialties, duplicates, and whole files that cannot be read.
"""

from __future__ import annotations

import codecs
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playbook.build import load_inputs
from playbook.errors import PlaybookError
from playbook.planner import browser, report
from playbook.planner.monday import Reading, plan_list
from playbook.planner.sheet import read_sheet
from playbook.planner.unfilled import read_unfilled
from playbook.profile import Profile
from tests.conftest import ROOT

EXAMPLE_LIST = ROOT / "profiles" / "unfilled-example.csv"

NAMES = [
    "Quillmoor Children's Hospital", "Thistledown University Pediatrics", "Larkspur Bay Medical Center",
    "Saint Brigid Regional", "St. Brigid Regional", "The Harrowmere Family Health Program", "Copperlake Health",
    "مستشفى الأطفال الجامعي", "北京儿童医院", "Детская больница Санкт-Петербурга", "अखिल भारतीय आयुर्विज्ञान संस्थान",
    "Hôpital Sainte-Justine", "Zoë & Ærø Medical Center", "Rehab 🏥 Center", "Ελληνικό Νοσοκομείο Παίδων ΟΔΟΣ",
    "=HYPERLINK(\"x\")", "+Plus Hospital", "@Mention Clinic", "Comma, Quote \"and\" Co", "Line\nBreak General",
    "Tab\tHospital", "  Padded Center  ", "İstanbul Tıp", "ǅungla Clinic", "\u00a0Nbsp General\u00a0",
]
SPECIALTIES = [
    "Pediatrics", "Peds", "PM&R", "Physical Medicine and Rehabilitation", "Internal Medicine", "Medicine-Preliminary",
    "Internal Medicine - Preliminary", "Preliminary Surgery", "Surgery-Preliminary", "Transitional Year", "TY",
    "Family Medicine", "FM", "Med-Peds", "Medical Genetics", "Pediatrics/Medical Genetics", "Psychiatry",
    "Neurology", "Dermatology", "Radiology-Diagnostic", "Ophthalmology", "Anesthesiology", "PGY-2 PM&R",
    "Physical Medicine and Rehab-Advanced", "Педиатрия", "", " ", "Emergency Medicine", "OB/GYN",
]
POSITIONS = ["", "", "", "Categorical", "PGY-1 Preliminary", "prelim", "Advanced", "PGY-2", "Reserved", "Physician",
             "transitional", "Transitional Year", "bogus", "ADVANCED"]
STATES = ["OH", "oh", "TX", "NY", "PR", "", "", "XX", "Ohio", "ıa", "ſc", "ca "]
COUNTS = ["", "1", "2", "1.0", "+3", "-1", "abc", "501", "1_0", "0", "٣", "1e2", "99999999999999999999"]
HEADERS = {
    "code": ["code", "NRMP Code", "Program Code", "nrmp_program_code"],
    "program": ["program", "Program Name", "Institution", "NAME"],
    "specialty": ["specialty", "Specialty Name", "Specialty"],
    "position": ["position", "Position Type", "Track", "type"],
    "state": ["state", "State"],
    "city": ["city", "City"],
    "positions": ["positions", "Unfilled Positions", "Openings", "number-unfilled"],
}
BAD_HEADERS = ["Progam", "Specialy", "Positons", "Adress", "Стан", "x" * 120]


@dataclass(frozen=True)
class Case:
    """One list for one profile: what the browser is given and what the CLI reads."""

    name: str
    content: str | bytes
    profile: str

    def payload(self) -> dict[str, Any]:
        if isinstance(self.content, bytes):
            return {"name": self.name, "bytes": list(self.content)}
        return {"name": self.name, "text": self.content}


def code(rng: random.Random) -> str:
    return f"{rng.randrange(10**7):07d}{rng.choice('CPAR')}{rng.randrange(10)}"


def cell_code(rng: random.Random, sheet_codes: list[str]) -> str:
    roll = rng.random()
    if roll < 0.25 and sheet_codes:
        return rng.choice(sheet_codes)
    if roll < 0.35:
        return rng.choice(["", "", "12345", "0101-320 C0", "0101320c0", "٠١٠١٣٢٠C٠", "ABCDEFGHI", "0101320X0"])
    return code(rng)


def name(rng: random.Random, sheet_names: list[str]) -> str:
    roll = rng.random()
    if roll < 0.3 and sheet_names:
        base = rng.choice(sheet_names)
        return rng.choice([base, base.upper(), base.replace("'", "’"), "The " + base, base + " Program", base.lower()])
    if roll < 0.35:
        return rng.choice(["", " ", "x" * rng.choice([150, 200, 201, 260])])
    if roll < 0.7:
        return rng.choice(NAMES)
    return f"{rng.choice(['North', 'South', 'Lake', 'Mount', 'Saint'])} {rng.choice(['Vale', 'Grove', 'Ridge'])} " \
           f"{rng.choice(['Hospital', 'Medical Center', 'Health'])} {rng.randrange(1000)}"


def row(rng: random.Random, columns: list[str], sheet: list[tuple[str, str, str]]) -> list[str]:
    picked = rng.choice(sheet) if sheet and rng.random() < 0.3 else None
    values = {
        "code": picked[1] if picked and rng.random() < 0.6 else cell_code(rng, [s[1] for s in sheet if s[1]]),
        "program": picked[0] if picked else name(rng, [s[0] for s in sheet]),
        "specialty": picked[2] if picked else rng.choice(SPECIALTIES),
        "position": rng.choice(POSITIONS), "state": rng.choice(STATES),
        "city": rng.choice(["", "Springfield", "Zürich", "東京"]), "positions": rng.choice(COUNTS),
    }
    cells = [values.get(c, "") for c in columns]
    roll = rng.random()
    if roll < 0.04:
        cells.append(rng.choice(["", "extra"]))
    elif roll < 0.08:
        cells = cells[: rng.randrange(len(cells))]
    return cells


def quote(cell: str, delimiter: str, rng: random.Random) -> str:
    if any(c in cell for c in (delimiter, '"', "\n", "\r")) or rng.random() < 0.05:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def header(rng: random.Random) -> tuple[list[str], list[str]]:
    """(the fields, the header cells written for them); now and then a header the CLI refuses."""
    optional = ("code", "position", "state", "city", "positions")
    fields = ["program", "specialty"] + [f for f in optional if rng.random() < 0.7]
    rng.shuffle(fields)
    cells = [rng.choice(HEADERS[f]) for f in fields]
    roll = rng.random()
    if roll < 0.03:
        cells[rng.randrange(len(cells))] = rng.choice(BAD_HEADERS)
    elif roll < 0.05:
        cells.append(cells[0])
    elif roll < 0.07:
        fields.append(""), cells.append("")
    elif roll < 0.08:
        drop = fields.index("specialty")
        del fields[drop], cells[drop]
    return fields, cells


def list_text(rng: random.Random, rows: int, sheet: list[tuple[str, str, str]]) -> str:
    delimiter = rng.choice([",", ",", ",", ";", "\t"])
    newline = rng.choice(["\n", "\n", "\r\n", "\r"])
    fields, cells = header(rng)
    lines = []
    if rng.random() < 0.3:
        lines.append("# List of Unfilled Programs, copied on Monday")
    lines.append(delimiter.join(quote(c, delimiter, rng) for c in cells))
    made: list[str] = []
    for _ in range(rows):
        roll = rng.random()
        if roll < 0.03:
            lines.append(rng.choice(["", "   ", "# a note", " # indented note", delimiter * 3]))
        elif roll < 0.08 and made:
            lines.append(rng.choice(made))  # the same row twice
        else:
            made.append(delimiter.join(quote(c, delimiter, rng) for c in row(rng, fields, sheet)))
            lines.append(made[-1])
    text = newline.join(lines) + (newline if rng.random() < 0.8 else "")
    if rng.random() < 0.02:
        text += '"an open quote, never closed'
    return text


def whole_file_cases(profile: str) -> list[Case]:
    """Lists no row of which can be read, and files only bytes can make."""
    good = EXAMPLE_LIST.read_bytes()
    return [
        Case("empty.csv", "", profile),
        Case("only-notes.csv", "# nothing yet\n\n# still nothing\n", profile),
        Case("utf16.csv", codecs.BOM_UTF16_LE + "program,specialty\n".encode("utf-16-le"), profile),
        Case("marked.csv", codecs.BOM_UTF8 + good, profile),
        Case("latin1.csv", good.replace(b"Quillmoor", "Quíllmoor".encode("latin-1")), profile),
        Case("marked-latin1.csv", codecs.BOM_UTF8 + b"program,specialty\nA,Peds\nB\xe9,Peds\n", profile),
        Case("cut.csv", good + "Café".encode()[:-1], profile),
        Case("huge-cell.csv", 'program,specialty\n"' + "y" * 131_073 + '",Peds\n', profile),
        Case("typo.csv", "Progam,Specialty,Sate\nA,Peds,OH\n", profile),
    ]


def generated_cases(profiles: list[str], sheets: dict[str, list[tuple[str, str, str]]], count: int,
                    seed: int = 28) -> list[Case]:
    """`count` lists of 0 to 60 rows, the profiles taken in turn, then one list of 5,000 rows."""
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        profile = profiles[i % len(profiles)]
        text = list_text(rng, rng.randrange(61), sheets[profile])
        cases.append(Case(f"list-{i:03d}.csv", text, profile))
    cases.append(Case("five-thousand.csv", list_text(random.Random(seed + 1), 5000, sheets[profiles[0]]), profiles[0]))
    return cases


def sheet_names(inputs: Any) -> list[tuple[str, str, str]]:
    return [(p.name, p.code, p.specialty_label) for p in inputs.programs]


# The CLI's side -------------------------------------------------------------------------------------------------


@dataclass
class Planner:
    """One profile as `playbook soap` and the built site both see it (its sheet read from `folder`)."""

    profile: Profile
    strategy: Any
    sheet: Path | None
    public: bool

    @classmethod
    def load(cls, path: Path) -> Planner:
        inputs = load_inputs(path)
        sheet = Path(inputs.sheet.name) if inputs.sheet else None
        return cls(inputs.profile, inputs.strategy, sheet, inputs.profile.visibility == "public")

    def data(self) -> dict[str, Any]:
        mine, rows = read_sheet(self.sheet) if self.sheet else ([], None)
        return browser.planner_data(self.profile, self.strategy, mine if self.sheet else None,
                                    self.sheet.name if self.sheet else "", rows.errors if rows else [],
                                    public=self.public)

    def cli(self, list_file: Path) -> dict[str, Any]:
        """What `playbook soap` prints and writes for the list (run where the list and the sheet lie)."""
        try:
            mine, sheet_rows = read_sheet(self.sheet) if self.sheet else ([], None)
            listed, list_rows = read_unfilled(list_file)
        except PlaybookError as exc:
            return {"ok": False, "lines": exc.line().split("\n")}
        result = plan_list(self.profile, self.strategy, listed, mine, Reading.of(list_rows),
                           Reading.of(sheet_rows) if sheet_rows else None)
        problems = [line for reading in filter(None, (result.sheet, result.listed)) for e in reading.errors
                    for line in e.line().split("\n")]
        return {"ok": True, "rows": report.rows(result), "summary": report.summary(result), "problems": problems,
                "csv": report.to_csv(result)}
