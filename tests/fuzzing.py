"""Structure-aware fuzzing of every input a stranger controls: profiles, program sheets, the List of Unfilled Programs.

Cases start from valid files and are mutated the way hostile or careless people do: keys dropped
or misspelled, values of the wrong type, huge and unicode strings, control characters, YAML tags,
anchors and aliases (alias bombs included), merge keys, duplicate keys, bytes that are not UTF-8,
byte-order marks and CRLF line ends. Each case is run through what `playbook check` (or `playbook
soap`) runs and sorted into one outcome:

- ok: accepted (every skipped sheet row reported as FILE:LINE:COL),
- located: refused with every line `FILE:LINE:COL: …`, at a line the file has,
- unlocated: refused with a line that is not located,
- traceback: any other exception,
- hang: still running after HANG_SECONDS.

`tests/test_fuzz.py` runs a few dozen cases of each in the suite; `bench/fuzz.py` runs them for minutes.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import json
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from playbook.build import BuildOptions, load_content, load_inputs, prepare
from playbook.errors import PlaybookError
from playbook.paths import content_dir
from playbook.planner import monday, report

HANG_SECONDS = 10
OUTCOMES = ("ok", "located", "unlocated", "traceback", "hang")
LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): \S")


# --- a small YAML writer that can say what a hostile file says -------------------------------


@dataclass
class Map:
    """A mapping as (key, value) pairs, so a case can hold duplicate keys and merge keys."""

    pairs: list[tuple[Any, Any]]


@dataclass
class Tagged:
    tag: str
    value: Any


@dataclass
class Anchored:
    name: str
    value: Any


@dataclass
class Alias:
    name: str


@dataclass
class Raw:
    """Text written as it is, YAML or not."""

    text: str


def to_yaml(value: Any, block: bool = True) -> str:
    """The document: a block mapping at the top, flow style inside."""
    if block and isinstance(value, Map):
        return "".join(f"{_key(k)}: {_flow(v)}\n" for k, v in value.pairs)
    return _flow(value) + "\n"


def _key(key: Any) -> str:
    if isinstance(key, Raw):
        return key.text
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z_<][A-Za-z0-9_<]*", key):
        return key
    return json.dumps(key, ensure_ascii=False) if isinstance(key, str) else _flow(key)


def _flow(value: Any) -> str:
    if isinstance(value, Map):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, Tagged):
        return f"{value.tag} {_flow(value.value)}"
    if isinstance(value, Anchored):
        return f"&{value.name} {_flow(value.value)}"
    if isinstance(value, Alias):
        return f"*{value.name}"
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    return json.dumps(value)


# --- values a stranger writes -------------------------------------------------------------------

CONTROL = "".join(map(chr, [0, 1, 7, 8, 11, 12, 27, 127, 0x85, 0x9b, 0x202E, 0x2066, 0xFEFF, 0xFFFE]))
_UNICODE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@st.composite
def huge_text(draw: st.DrawFn) -> str:
    size = draw(st.sampled_from([200, 200, 200, 5_000, 5_000, 60_000]))
    return draw(st.sampled_from(["x", "é", "王", "9", "<", " "])) * size


RAW_JUNK = [
    ":", "- [", "{", "&", "*nothing", "!!binary aGk=", "%YAML 1.1", "? ", "|", ">-", "'", '"', "@x", "`x`", "---",
    "...", "9" * 5000, "0x" + "f" * 300, "1e999", ".nan", "-.inf", "2027-02-30", "2027-13-01", "25:00", "1２:00",
    "yes", "No", "on", "~", "0o17", "1_000", "!!python/object/apply:os.system ['id']", "\t", "&a [*a]",
]
TAGS = ["!custom", "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!set", "!!omap", "!!timestamp",
        "!<tag:example.org,2000:x>", "!!python/object:os.system", "!", "!!seq", "!!map"]


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.booleans(), st.none(), _UNICODE,
        st.text(st.sampled_from(CONTROL + "ab<>\"'&\\{}[]#*!|%@`"), max_size=12), huge_text(),
        st.sampled_from(RAW_JUNK).map(Raw), st.integers(1900, 2200), st.sampled_from(["", " ", "none", "j1"]),
    )


def bomb(levels: int, name: str) -> Anchored:
    value: Any = Anchored(f"{name}0", ["lol"] * 9)
    for i in range(1, levels):
        value = Anchored(f"{name}{i}", [value] + [Alias(f"{name}{i - 1}")] * 8)
    return value


def values(depth: int = 2) -> st.SearchStrategy[Any]:
    if depth <= 0:
        return scalars()
    inner = values(depth - 1)
    return st.one_of(
        scalars(),
        st.lists(inner, max_size=4),
        st.lists(st.tuples(st.one_of(_UNICODE, st.sampled_from(["<<", "date", "time", "name", "specialty"])), inner),
                 max_size=4).map(Map),
        st.tuples(st.sampled_from(TAGS), inner).map(lambda t: Tagged(*t)),
        st.integers(2, 6).map(lambda n: bomb(n, "b")),
    )


# --- mutations of a valid structure -------------------------------------------------------------


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(value, Map):
        for i, (_, v) in enumerate(value.pairs):
            yield from _paths(v, at + (i,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, at + (i,))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for i in path:
        value = value.pairs[i][1] if isinstance(value, Map) else value[i]
    return value


def _set(value: Any, path: tuple[Any, ...], new: Any) -> None:
    parent = _get(value, path[:-1])
    if isinstance(parent, Map):
        parent.pairs[path[-1]] = (parent.pairs[path[-1]][0], new)
    else:
        parent[path[-1]] = new


@st.composite
def mutated(draw: st.DrawFn, base: Callable[[], Map], max_mutations: int = 5) -> Any:
    """A valid document with up to `max_mutations` changes a stranger could make."""
    doc: Any = base()
    anchors = 0
    for _ in range(draw(st.integers(0, max_mutations))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["replace", "drop", "add", "tag", "anchor", "merge", "duplicate", "bomb"]))
        target = _get(doc, path)
        if kind == "replace" and path:
            _set(doc, path, draw(values()))
        elif kind == "drop" and isinstance(target, (Map, list)) and _items(target):
            items = _items(target)
            del items[draw(st.integers(0, len(items) - 1))]
        elif kind == "add" and isinstance(target, Map):
            target.pairs.append((draw(st.one_of(_UNICODE, st.sampled_from(["slug", "title", "nmae"]))), draw(values())))
        elif kind == "add" and isinstance(target, list):
            target.append(draw(values()))
        elif kind == "tag" and path:
            _set(doc, path, Tagged(draw(st.sampled_from(TAGS)), target))
        elif kind == "anchor" and path:
            others = [p for p in paths if p and p[: len(path)] != path and path[: len(p)] != p]
            if others:
                anchors += 1
                _set(doc, path, Anchored(f"a{anchors}", target))
                _set(doc, draw(st.sampled_from(others)), Alias(draw(st.sampled_from([f"a{anchors}", "a0"]))))
        elif kind == "merge" and isinstance(target, Map):
            target.pairs.insert(0, ("<<", draw(st.one_of(values(1), st.just(Map([("name", "Merged")]))))))
        elif kind == "duplicate" and isinstance(target, Map) and target.pairs:
            target.pairs.append(draw(st.sampled_from(target.pairs)))
        elif kind == "bomb" and path:
            _set(doc, path, bomb(draw(st.integers(3, 9)), f"z{anchors}"))
            anchors += 1
    return doc


def _items(value: Map | list) -> list:
    return value.pairs if isinstance(value, Map) else value


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    """The text as bytes, sometimes as a careless editor saves it."""
    data = text.encode("utf-8", errors="surrogatepass")
    change = draw(st.sampled_from(["none"] * 6 + ["bom", "crlf", "utf16", "byte", "truncate", "nul"]))
    if change == "bom":
        return codecs.BOM_UTF8 + data
    if change == "crlf":
        return data.replace(b"\n", b"\r\n")
    if change == "utf16":
        return text.encode("utf-16", errors="surrogatepass")
    at = draw(st.integers(0, max(len(data) - 1, 0)))
    if change == "byte":
        return data[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + data[at:]
    if change == "truncate":
        return data[:at]
    if change == "nul":
        return data[:at] + b"\x00" + data[at:]
    return data


# --- the valid files cases start from -----------------------------------------------------------


def base_profile() -> Map:
    return Map([
        ("name", "Ana Lima"), ("title", "Peds J-1 plan"), ("visibility", "private"),
        ("site_url", "https://ana.example.org/playbook/"),
        ("contact", Map([("email", "ana@example.org"), ("phone", "+1 555 0100")])),
        ("medical_school", "Universidade X"), ("graduation_year", 2021), ("citizenship", "non_us"), ("visa", "j1"),
        ("specialties", Map([("targets", ["pediatrics"]), ("alternatives", ["family_medicine"])])),
        ("exams", Map([("step1", Map([("status", "passed")])),
                       ("step2ck", Map([("status", "passed"), ("score", 231), ("attempts", 1)]))])),
        ("ecfmg", "certified"), ("usce_months", 3),
        ("letters", [Map([("author", "Dr. X"), ("specialty", "pediatrics"), ("us_based", True)])]),
        ("match_status", "reapplicant"),
        ("last_cycle", Map([("year", 2026), ("applications", 80), ("interviews", 2)])),
        ("cycle", 2027), ("timezone", "Asia/Kolkata"), ("languages", ["Portuguese", "English"]),
        ("calendar_overrides", Map([("soap_round_1", Map([("time", "12:00"), ("note", "NRMP email")]))])),
        ("programs", "programs.csv"),
    ])


SHEET_HEADER = ["program", "nrmp_code", "specialty", "position", "state", "setting", "j1", "h1b", "img_history",
                "resources", "notes"]
SHEET_ROW = ["Quillmoor Children's", "0101320C0", "Pediatrics", "categorical", "OH", "community", "yes", "no",
             "often", "genetics clinic", "note"]
LIST_HEADER = ["code", "program", "specialty", "position", "state", "city", "positions"]
LIST_ROW = ["0101320C0", "Quillmoor Children's", "Pediatrics", "categorical", "OH", "Quillmoor", "2"]
HEADER_WORDS = ["Program Name", "NRMP Code", "Positions Unfilled", "type", "name", "", "program", "Program",
                "unknown column", "j-1", "H1B"]
CELLS = st.one_of(
    st.sampled_from(["", "yes", "no", "maybe", "PM&R", "Internal Medicine-Preliminary", "1234140C0", "12-34140-C0",
                     "ZZ", "oh", "university", "academic", "often", "R", "0", "-1", "501", "Transitional Year",
                     "=HYPERLINK(\"x\")", "#comment", "a\nb", "\"", ",", ";", "\t"]),
    _UNICODE, huge_text().map(lambda s: s[:200_000]), st.text(st.sampled_from(CONTROL + "ab,;\"\n"), max_size=8),
)


@st.composite
def csv_text(draw: st.DrawFn, header: list[str], row: list[str]) -> str:
    columns = draw(st.permutations(header))
    columns = columns[: draw(st.integers(max(1, len(columns) - 3), len(columns)))]
    if draw(st.booleans()):
        columns = [draw(st.sampled_from(HEADER_WORDS)) if draw(st.integers(0, 5)) == 0 else c for c in columns]
    good = dict(zip(header, row, strict=True))
    lines = [columns]
    for _ in range(draw(st.integers(0, 6))):
        cells = [good.get(c, "") for c in columns]
        for _ in range(draw(st.integers(0, 3))):
            cells[draw(st.integers(0, len(cells) - 1))] = draw(CELLS)
        if draw(st.integers(0, 6)) == 0:
            cells.append(draw(CELLS))
        lines.append(cells)
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    return "".join(delimiter.join(_csv_cell(c, delimiter) for c in cells) + "\n" for cells in lines)


def _csv_cell(cell: str, delimiter: str) -> str:
    if any(ch in cell for ch in f'"\n{delimiter}'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def sheet_case(draw: st.DrawFn) -> tuple[str, bytes]:
    """A program sheet: (file name, bytes), CSV most of the time, else a YAML list."""
    if draw(st.integers(0, 3)) == 0:
        rows = [Map(list(zip(SHEET_HEADER, SHEET_ROW, strict=True))) for _ in range(draw(st.integers(1, 3)))]
        doc = draw(mutated(lambda: Map([("programs", rows)]), 4))
        return "programs.yaml", draw(encoded(to_yaml(doc)))
    return "programs.csv", draw(encoded(draw(csv_text(SHEET_HEADER, SHEET_ROW))))


@st.composite
def unfilled_case(draw: st.DrawFn) -> bytes:
    return draw(encoded(draw(csv_text(LIST_HEADER, LIST_ROW))))


@st.composite
def profile_case(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A profile's bytes, and whether the build is public."""
    return draw(encoded(to_yaml(draw(mutated(base_profile))))), draw(st.booleans())


# --- running a case ---------------------------------------------------------------------------


@dataclass
class Result:
    outcome: str
    lines: list[str] = field(default_factory=list)


@functools.cache
def shipped_content() -> tuple:
    return load_content(content_dir())


VALID_SHEET = ",".join(SHEET_HEADER) + "\n" + ",".join(f'"{c}"' for c in SHEET_ROW) + "\n"
VALID_PROFILE = to_yaml(base_profile())


def run_profile(folder: Path, data: bytes, public: bool) -> Result:
    """`playbook check` on a profile (with a valid program sheet beside it)."""
    (folder / "programs.csv").write_text(VALID_SHEET, encoding="utf-8")
    path = folder / "profile.yaml"
    path.write_bytes(data)
    return _classify(lambda: _check(path, public), [path, folder / "programs.csv"])


def run_sheet(folder: Path, name: str, data: bytes) -> Result:
    """`playbook check` on a valid profile whose `programs:` is the case."""
    sheet = folder / name
    sheet.write_bytes(data)
    path = folder / "profile.yaml"
    path.write_text(VALID_PROFILE.replace("programs.csv", name), encoding="utf-8")
    return _classify(lambda: _check(path, False), [path, sheet])


def run_unfilled(folder: Path, data: bytes) -> Result:
    """`playbook soap` on a valid profile and sheet, with the case as the List of Unfilled Programs."""
    (folder / "programs.csv").write_text(VALID_SHEET, encoding="utf-8")
    path = folder / "profile.yaml"
    path.write_text(VALID_PROFILE, encoding="utf-8")
    listed = folder / "unfilled.csv"
    listed.write_bytes(data)

    def soap() -> list[str]:
        result = monday.run(path, listed)
        report.terminal(result)
        report.pages(result, dt.date(2027, 3, 15))
        return [line for reading in filter(None, (result.sheet, result.listed)) for e in reading.errors
                for line in e.line().splitlines()]

    return _classify(soap, [path, folder / "programs.csv", listed])


def _check(path: Path, public: bool) -> list[str]:
    inputs = load_inputs(path, loaded=shipped_content())
    prepare(BuildOptions(path, public=public, include_private=False), inputs)
    return [line for e in inputs.sheet_errors for line in e.line().splitlines()]


def _classify(action: Callable[[], list[str]], files: list[Path]) -> Result:
    try:
        with deadline(HANG_SECONDS):
            warnings = action()
    except Hang:
        return Result("hang")
    except PlaybookError as exc:
        lines = exc.line().splitlines()
        return Result("located" if lines and all(_located(x, files) for x in lines) else "unlocated", lines)
    except Exception as exc:  # noqa: BLE001  (a traceback is what fuzzing looks for)
        return Result("traceback", [f"{type(exc).__name__}: {str(exc)[:300]}"])
    if all(_located(x, files) for x in warnings):
        return Result("ok", warnings)
    return Result("unlocated", warnings)


def _located(line: str, files: list[Path]) -> bool:
    """FILE:LINE:COL naming one of the case's files, at a line that file has."""
    m = LOCATED.match(line)
    if not m or "\n" in line:
        return False
    named = [f for f in files if m["file"] == str(f)]
    if not named:
        return False
    lines = len(re.split(rb"\r\n|\r|\n", named[0].read_bytes()))  # a lone CR ends a line, as in editors
    return 1 <= int(m["line"]) <= lines and int(m["col"]) >= 1


class Hang(TimeoutError):
    """Raised inside work that ran past its deadline."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise Hang in whatever is still running after `seconds`: a guard against hangs, not a timing (the
    limit is far above what the work takes)."""

    def stop(*_: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

