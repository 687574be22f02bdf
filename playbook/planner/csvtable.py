"""Spreadsheet files read row by row: a header checked at the door, each row validated on its own.

A bad header ends the run (nothing in the file can be trusted); a bad row is reported as
`FILE:LINE:COL: column: what is wrong (got …)` and skipped, and the rest of the file is used.
Lines starting with `#` are comments and blank rows are ignored; every other row is either
read or reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Location, PlaybookError, raise_all
from ..yamlfile import decode, describe_error, did_you_mean, read_bytes

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Row(Generic[M]):
    line: int
    value: M


@dataclass
class Rows(Generic[M]):
    """What a file gave: the rows read, and one error per row skipped."""

    file: str
    rows: list[Row[M]] = field(default_factory=list)
    errors: list[PlaybookError] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.errors)


def header_key(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").replace("/", " ").split())


def read_csv(path: Path, model: type[M], aliases: dict[str, str] | None = None) -> Rows[M]:
    """Rows of a CSV file validated against `model`, whose field names are the expected columns."""
    text = _decode(path)
    records = _records(text, _delimiter(text), str(path))
    header_line, header = next(records, (1, []))
    if not header:
        raise PlaybookError(f"no header row; {_expect(model)}", Location(str(path)))
    columns = _columns(header, model, aliases or {}, Location(str(path), header_line))
    result: Rows[M] = Rows(str(path))
    for line, cells in records:
        try:
            result.rows.append(Row(line, _row(cells, columns, model, str(path), line)))
        except PlaybookError as exc:
            result.errors.append(exc)
    return result


CSV_LIMIT = 20_000_000
"""Bytes a spreadsheet may have: the List of Unfilled Programs is a few hundred kilobytes."""


def _decode(path: Path) -> str:
    return decode(read_bytes(path, CSV_LIMIT), str(path), hint="save it as 'CSV UTF-8'")


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab some spreadsheets write, judged on the header line."""
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    return max(",;\t", key=first.count) if first.count(",") == 0 else ","


def _records(text: str, delimiter: str, file: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for every record that is neither blank nor a comment."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PlaybookError(f"malformed CSV: {exc}", Location(file, reader.line_num)) from None
        if any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#"):
            yield start, cells
        start = reader.line_num + 1


def _columns(header: list[str], model: type[BaseModel], aliases: dict[str, str], where: Location) -> list[str | None]:
    """The field each header cell names (None for an unnamed, empty cell); all header errors at once."""
    expected = list(model.model_fields)
    names: list[str | None] = []
    errors = []
    for col, cell in enumerate(header, start=1):
        key = header_key(cell)
        name = key if key in expected else aliases.get(key)
        at = Location(where.file, where.line, col)
        if not key:
            names.append(None)
            continue
        if name is None:
            errors.append(PlaybookError(f"unknown column{did_you_mean(key, expected)}; {_expect(model)}", at, got=cell))
        elif name in names:
            errors.append(PlaybookError(f"column '{name}' appears twice; {_expect(model)}", at, got=cell))
        names.append(name)
    for name in expected:
        if model.model_fields[name].is_required() and name not in names:
            errors.append(PlaybookError(f"missing column '{name}'; {_expect(model)}", where))
    raise_all(errors)
    return names


def _expect(model: type[BaseModel]) -> str:
    return "expected columns: " + ", ".join(model.model_fields)


def _row(cells: list[str], columns: list[str | None], model: type[M], file: str, line: int) -> M:
    for col in range(len(columns), len(cells)):
        if cells[col].strip():
            where = Location(file, line, col + 1)
            raise PlaybookError(f"a cell beyond the last column '{columns[-1]}'", where, got=cells[col])
    data = {}
    for col, name in enumerate(columns):
        value = cells[col].strip() if col < len(cells) else ""
        if name is None and value:
            raise PlaybookError("a cell under a column with no name", Location(file, line, col + 1), got=value)
        if name is not None:
            data[name] = value
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise_all([_cell_error(err, columns, data, file, line) for err in exc.errors()])
    raise AssertionError("unreachable")


def _cell_error(err: dict, columns: list[str | None], data: dict[str, str], file: str, line: int) -> PlaybookError:
    name = str(err["loc"][0]) if err["loc"] else ""
    col = columns.index(name) + 1 if name in columns else 1
    return PlaybookError(f"{name}: {describe_error(err)}", Location(file, line, col), got=data.get(name))
