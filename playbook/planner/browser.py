"""The planner as data for the site's Monday planner: her rules compiled, her sheet, and the words they use.

The page's script (site_templates/pages/assets/soap-*.js) evaluates exactly what `playbook soap`
evaluates: the strategy's groups, statements, tier rules and plans as the Judge compiles them for
her profile, her program sheet as read at build time, and the vocabulary the CLI reads a list with
(specialty names, position words, state codes, columns and their aliases). Nothing of the rules is
written twice: change strategy.yaml and both front ends follow. tests/test_planner_browser.py runs
both on the same lists and compares every row and message.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from pydantic import ValidationError

from ..errors import InputErrors, Location, PlaybookError
from ..profile import Profile
from ..specialties import SPECIALTY_LABELS
from ..yamlfile import describe_error
from . import assign, csvtable, programs, tiers
from .strategy import StrategyFile
from .unfilled import ALIASES, ListRow

VERSION = 1


def planner_data(profile: Profile, strategy: StrategyFile, sheet: list[programs.Program] | None,
                 sheet_file: str, sheet_errors: list[PlaybookError], *, public: bool) -> dict[str, Any]:
    """Everything the browser needs to plan Monday's list for this profile; a public build carries no sheet."""
    spec = strategy.for_profile(profile)
    judge = tiers.Judge(strategy, spec, profile)
    return {
        "version": VERSION,
        "who": _who(profile, public),
        "cap": strategy.cap,
        "visa": profile.visa,
        "partial": judge.partial.reason if judge.partial else None,
        "mine": sorted(judge.mine),
        "resources": list(judge.words),
        "groups": [_group(g, m, judge) for g, m in judge.groups],
        "rules": [{"tier": r.tier, "why": r.why, "match": _checks(m)}
                  for r, m in [*judge.rules, (tiers._FALLBACK, ())]],
        "plans": [_plan(p, judge.group_ids) for p in judge.plans],
        "letters": _letters(profile, strategy, public),
        "sheet": None if public or sheet is None else _sheet(sheet, sheet_file, sheet_errors),
        "words": WORDS,
        "messages": MESSAGES,
    }


def script(data: dict[str, Any]) -> str:
    """The data as a script that sets `window.playbookPlannerData` (a page opened from file:// can read no JSON
    file); `<`, `>` and `&` are escaped so no text can end the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.playbookPlannerData = {text};\n"


def _who(profile: Profile, public: bool) -> str:
    if profile.name and not public:
        return profile.name
    return " / ".join(SPECIALTY_LABELS[s] for s in profile.specialties.targets) + " applicant"


def _checks(compiled: tuple[tuple[str, Any], ...]) -> list[list[Any]]:
    """(fact, allowed) pairs as lists, allowed values sorted (a set in Python)."""
    return [[key, allowed if isinstance(allowed, bool) else sorted(allowed)] for key, allowed in compiled]


def _group(group: Any, compiled: tuple, judge: tiers.Judge) -> dict[str, Any]:
    return {
        "id": group.id, "label": group.label, "match": _checks(compiled), "letters": list(group.letters),
        "statements": [[name, _checks(m)] for name, m in judge.statements[group.id]],
    }


def _plan(plan: Any, group_ids: list[str]) -> dict[str, Any]:
    return {"id": plan.id, "title": plan.title, "needs": dict(plan.needs), "split": dict(plan.split)}


def _letters(profile: Profile, strategy: StrategyFile, public: bool) -> dict[str, Any]:
    """Her letters with the names the list gives them (`letter 2` in a public build), and how many a program gets."""
    letters = assign.Letters(profile, strategy.letters_per_program)
    letters.public = letters.public or public
    return {
        "per_program": strategy.letters_per_program,
        "family": {k: list(v) for k, v in assign._FAMILY.items()},
        "all": [{"specialty": x.specialty, "us": x.us_based, "name": letters.name(n, x)} for n, x in letters.letters],
    }


def _sheet(sheet: list[programs.Program], file: str, errors: list[PlaybookError]) -> dict[str, Any]:
    fields = [f.name for f in dataclasses.fields(programs.Program)]
    return {
        "file": file, "read": len(sheet),
        "errors": [line for e in errors for line in relocated(e, file).splitlines()],
        "columns": fields, "programs": [[getattr(p, f) for f in fields] for p in sheet],
    }


def relocated(error: PlaybookError, file: str) -> str:
    """The error's line(s) as the CLI prints them, with the file named `file` (the site does not know her folders)."""
    if isinstance(error, InputErrors):
        return "\n".join(relocated(e, file) for e in error.errors)
    if error.where is None:
        return error.line()
    where = Location(file, error.where.line, error.where.col)
    copy = PlaybookError.__new__(PlaybookError)
    copy.message, copy.where, copy.got = error.message, where, error.got
    return copy.line()


def _probe(field: str, value: str) -> str:
    """The words the CLI gives for a bad cell, taken from the list's own validation (so they cannot drift)."""
    data = {"program": "x", "specialty": "x", field: value}
    try:
        ListRow.model_validate(data)
    except ValidationError as exc:
        return describe_error(exc.errors()[0])
    raise AssertionError(f"{field}={value!r} is valid")


def _vocabulary() -> dict[str, Any]:
    return {
        "columns": list(ListRow.model_fields),
        "required": [n for n, f in ListRow.model_fields.items() if f.is_required()],
        "aliases": ALIASES,
        "csv_limit": csvtable.CSV_LIMIT,
        "specialty_keys": programs.SPECIALTY_KEYS,
        "specialty_labels": SPECIALTY_LABELS,
        "short_labels": assign._SHORT,
        "position_words": [[w, p] for w, p in programs._POSITION_WORDS.items()],
        "positions": list(programs.POSITIONS),
        "position_labels": programs.POSITION_LABELS,
        "code_letters": programs.CODE_LETTERS,
        "position_of": programs._POSITION_OF,
        "preliminary_of": programs._PRELIMINARY_OF,
        "states": sorted(programs.US_STATES),
        "filler": sorted(programs._FILLER),
        "tiers": list(tiers.TIERS),
        "tier_labels": tiers.TIER_LABELS,
        "visa_names": tiers.VISA_NAMES,
        "img": tiers._IMG,
        "setting": tiers._SETTING,
        "img_order": tiers._IMG_ORDER,
        "flags": {"advanced": tiers.ADVANCED_FLAG, "physician": tiers.PHYSICIAN_FLAG,
                  "not_researched": tiers.NOT_RESEARCHED},
        "report_columns": list(_report_columns()),
        "max_length": {n: _max_length(n) for n in ("program", "specialty")},
    }


def _max_length(field: str) -> int:
    return next(m.max_length for m in ListRow.model_fields[field].metadata if hasattr(m, "max_length"))


def _report_columns() -> tuple[str, ...]:
    from .report import COLUMNS

    return COLUMNS


def _messages() -> dict[str, str]:
    return {
        "code": _probe("code", "x"),
        "state": _probe("state", "xx"),
        "required": _probe("program", ""),
        "too_long": _probe("program", "x" * 201).replace("201", "{n}"),
        "position": _probe("position", "x"),
        "int": _probe("positions", "x"),
        "ge": _probe("positions", "-1"),
        "le": _probe("positions", "501"),
    }


WORDS = _vocabulary()
MESSAGES = _messages()
