"""The applicant's program sheet: the programs she researched before Match Week, as CSV or YAML."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import InputErrors, Location, PlaybookError
from ..profile import Profile
from ..specialties import SPECIALTY_LABELS
from ..yamlfile import Source, describe_error, did_you_mean, dotted, load_yaml, position
from . import programs as pg
from .csvtable import Row, Rows, header_key, read_csv

_YES = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes", "no": "no", "n": "no", "false": "no", "0": "no"}


class SheetRow(BaseModel):
    """One row of the sheet; the field names are the sheet's columns, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    program: pg.Required
    nrmp_code: pg.Code = ""
    specialty: str
    position: pg.Position | None = None
    state: pg.State = ""
    setting: pg.Setting = "unknown"
    j1: pg.Sponsor = "unknown"
    h1b: pg.Sponsor = "unknown"
    img_history: pg.ImgHistory = "unknown"
    resources: str = Field("", max_length=500)
    notes: str = Field("", max_length=2000)

    @field_validator("nrmp_code", "state", "resources", "notes", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return "" if value is None else str(value).strip() if isinstance(value, (str, int)) else value

    @field_validator("specialty", mode="before")
    @classmethod
    def _specialty(cls, value: Any) -> str:
        key, _ = pg.read_specialty(str(pg.required(value)))
        if key is None:
            hint = did_you_mean(str(value).lower(), list(SPECIALTY_LABELS))
            raise ValueError(f"unknown specialty{hint}; use a name like Pediatrics, PM&R or internal_medicine")
        return key

    @field_validator("position", mode="before")
    @classmethod
    def _position(cls, value: Any) -> Any:
        text = str(value or "").strip()
        return (pg.read_position(text) or text) if text else None

    @field_validator("setting", "img_history", mode="before")
    @classmethod
    def _word(cls, value: Any) -> Any:
        text = header_key(str(value or ""))
        return {"": "unknown", "affiliated": "university_affiliated", "academic": "university"}.get(text, text)

    @field_validator("j1", "h1b", mode="before")
    @classmethod
    def _sponsor(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        text = str(value or "").strip().lower()
        return _YES.get(text, text or "unknown")

    def program_record(self, line: int) -> pg.Program:
        position = self.position or pg.position_from_code(self.nrmp_code) or "categorical"
        record = pg.Program(
            name=self.program, specialty=self.specialty, position=position, code=self.nrmp_code,
            state=self.state, setting=self.setting, j1=self.j1, h1b=self.h1b, img_history=self.img_history,
            resources=self.resources, notes=self.notes, researched=True, row=line,
        )
        return pg.settle(record)


ALIASES = {"name": "program", "program_name": "program", "code": "nrmp_code", "nrmp": "nrmp_code",
           "program_code": "nrmp_code", "position_type": "position", "type": "position", "img": "img_history",
           "j_1": "j1", "h_1b": "h1b", "h1_b": "h1b", "special_resources": "resources", "note": "notes"}
COLUMNS = list(SheetRow.model_fields)


def sheet_path(profile: Profile, source: Source, override: Path | None) -> Path | None:
    """--programs, else the profile's `programs:` resolved against the profile's folder.

    A profile reads no file outside its own folder: an absolute path, `..` or a symbolic link that
    leads out is refused, and so is anything but a regular file, before a byte of it is read.
    """
    if override is not None or not profile.programs:
        return override
    folder = Path(source.file).parent
    path = folder / profile.programs
    where = source.at(("programs",))
    if folder.resolve() not in path.resolve().parents:
        raise PlaybookError("programs: must name a file inside the profile's folder", where, got=profile.programs)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        message = f"programs: no such file beside the profile ({path})"
        raise PlaybookError(message, where, got=profile.programs) from None
    if not stat.S_ISREG(mode):
        raise PlaybookError("programs: expected a regular file (a CSV or YAML sheet)", where, got=profile.programs)
    return path


def read_sheet(path: Path) -> tuple[list[pg.Program], Rows[SheetRow]]:
    """Her programs, and the read (with one error per skipped row); CSV unless the name ends .yaml/.yml."""
    rows = _read_yaml(path) if path.suffix.lower() in (".yaml", ".yml") else read_csv(path, SheetRow, ALIASES)
    return _unique(rows), rows


def _unique(rows: Rows[SheetRow]) -> list[pg.Program]:
    """Records of the rows read; a second row for the same program is reported and skipped.

    The same program is the same NRMP code or, for rows without one, the same name, specialty
    and position: the list could not tell the two rows apart.
    """
    seen: dict[tuple[str, ...], int] = {}
    records, kept = [], []
    for row in rows.rows:
        record = row.value.program_record(row.line)
        key = (record.code,) if record.code else (pg.normalise_name(record.name), record.specialty, record.position)
        if key in seen:
            rows.errors.append(_duplicate(rows.file, row, seen[key]))
            continue
        seen[key] = row.line
        kept.append(row)
        records.append(record)
    rows.rows = kept
    return records


def _duplicate(file: str, row: Row[SheetRow], first: int) -> PlaybookError:
    column = "nrmp_code" if row.value.nrmp_code else "program"
    where = Location(file, row.line, COLUMNS.index(column) + 1)
    what = "code" if column == "nrmp_code" else "program, specialty and position"
    return PlaybookError(f"{column}: the same {what} as row {first}", where, got=getattr(row.value, column))


def _read_yaml(path: Path) -> Rows[SheetRow]:
    data = load_yaml(path)
    items = data.get("programs") if hasattr(data, "get") else data
    if not isinstance(items, list):
        message = "a YAML program sheet is a list of programs (or `programs:` holding one)"
        raise PlaybookError(message, Location(str(path)))
    rows: Rows[SheetRow] = Rows(str(path))
    for index, item in enumerate(items):
        where = position(items, (index,), str(path))
        if not hasattr(item, "items"):
            rows.errors.append(PlaybookError("each program is a mapping of column names to values", where, got=item))
            continue
        nested = [key for key, value in item.items() if isinstance(value, (dict, list))]
        if nested:
            at = position(items, (index, nested[0]), str(path))
            message = f"{dotted((nested[0],))}: expected text or a number, not a list or a mapping"
            rows.errors.append(PlaybookError(message, at, got=item[nested[0]]))
            continue
        try:
            rows.rows.append(Row(where.line, SheetRow.model_validate(dict(item))))
        except ValidationError as exc:
            errors = [_yaml_error(err, items, index, str(path)) for err in exc.errors()]
            rows.errors.append(errors[0] if len(errors) == 1 else InputErrors(errors))
    return rows


def _yaml_error(err: dict, items: Any, index: int, file: str) -> PlaybookError:
    loc = tuple(str(p) for p in err["loc"])
    where = position(items, (index, *loc), file, key=err["type"] == "extra_forbidden")
    if err["type"] == "extra_forbidden":
        return PlaybookError(f"{loc[-1]}: unknown key{did_you_mean(loc[-1], COLUMNS)}", where)
    name = loc[0] if loc else "program"
    return PlaybookError(f"{name}: {describe_error(err)}", where, got=items[index].get(name))
