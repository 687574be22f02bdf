"""The List of Unfilled Programs as a CSV, and matching it against the applicant's sheet."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import programs as pg
from .csvtable import Rows, read_csv


class ListRow(BaseModel):
    """One row of the list; the field names are its columns, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: pg.Code = ""
    program: pg.Required
    specialty: pg.Required
    position: pg.Position | None = None
    state: pg.State = ""
    city: str = ""
    positions: int | None = Field(None, ge=0, le=500)

    @field_validator("position", "positions", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("position", mode="before")
    @classmethod
    def _position(cls, value: Any) -> Any:
        return pg.read_position(value) or value if isinstance(value, str) else value


    def program_record(self, line: int) -> pg.Program:
        specialty, named = pg.read_specialty(self.specialty)
        position = self.position or pg.position_from_code(self.code) or named or ""
        return pg.Program(
            name=self.program, specialty=specialty or "", position=position, code=self.code, state=self.state,
            researched=False, specialty_text=self.specialty, positions=self.positions, row=line,
        )


ALIASES = {
    "program_code": "code", "nrmp_code": "code", "nrmp_program_code": "code", "program_name": "program",
    "name": "program", "institution": "program", "specialty_name": "specialty", "position_type": "position",
    "type": "position", "track": "position", "unfilled_positions": "positions", "positions_unfilled": "positions",
    "unfilled": "positions", "number_unfilled": "positions", "openings": "positions",
}


def read_unfilled(path: Path) -> tuple[list[pg.Program], Rows[ListRow]]:
    rows = read_csv(path, ListRow, ALIASES)
    return [row.value.program_record(row.line) for row in rows.rows], rows


class Sheet:
    """Her programs indexed for matching: by NRMP code, else by normalised name (and specialty).

    A listed program with a code is matched by name only to rows of hers that have no code: two
    different codes are two different programs, whatever their names.
    """

    def __init__(self, programs: list[pg.Program]):
        self.by_code = {p.code: p for p in programs if p.code}
        self.by_name: dict[str, list[pg.Program]] = {}
        self.codeless: dict[str, list[pg.Program]] = {}
        for p in programs:
            key = pg.normalise_name(p.name)
            self.by_name.setdefault(key, []).append(p)
            if not p.code:
                self.codeless.setdefault(key, []).append(p)

    def find(self, listed: pg.Program) -> pg.Program | None:
        if listed.code in self.by_code:
            return self.by_code[listed.code]
        index = self.codeless if listed.code else self.by_name
        if not index:
            return None
        same = index.get(pg.normalise_name(listed.name), [])
        fits = [p for p in same if (p.specialty, p.position) == (listed.specialty, listed.position)]
        fits = fits or [p for p in same if p.specialty == listed.specialty]
        return fits[0] if len(fits) == 1 else None


def merge(listed: list[pg.Program], sheet: Sheet) -> list[pg.Program]:
    """The list's programs, with what her sheet knows of each; what is open is as the list says."""
    merged = []
    for program in listed:
        settled = pg.settle(program if program.position else replace(program, position="categorical"))
        mine = sheet.find(settled)
        if mine is None:
            merged.append(settled)
            continue
        merged.append(pg.settle(replace(
            mine, code=program.code or mine.code, specialty=settled.specialty or mine.specialty,
            position=program.position or mine.position, state=mine.state or program.state,
            positions=program.positions, specialty_text=program.specialty_text, row=program.row,
        )))
    return merged
