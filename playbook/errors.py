"""Errors that end a run with a message a person can act on, never a traceback.

Values from input files are shown through `shown()`, which cuts them *before* rendering (a YAML
alias can make a small file hold a value billions of items long) and makes control characters
visible, so a message is always one short, plain line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHOWN = 80
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]")


def printable(text: str) -> str:
    """Control characters (terminal escapes, bidi overrides, line breaks) spelled out as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100 else
                            f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class Location:
    """Where in which file something is wrong; line and column count from 1."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{printable(self.file)}:{self.line}:{self.col}"


class PlaybookError(Exception):
    """A problem in the user's input; the CLI prints it and exits with status 2."""

    exit_code = 2

    def __init__(self, message: str, where: Location | None = None, got: object = ...):
        self.message = message
        self.where = where
        self.got = got if got is ... else shown(got)
        super().__init__(self.line())

    def line(self) -> str:
        text = printable(self.message)
        if self.got is not ...:
            text += f" (got {self.got})"
        return f"{self.where}: {text}" if self.where else text


class InputErrors(PlaybookError):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: list[PlaybookError]):
        self.errors = errors
        super().__init__("\n".join(e.line() for e in errors))

    def line(self) -> str:
        return "\n".join(e.line() for e in self.errors)


def shown(value: object, limit: int = SHOWN) -> str:
    """A value as a short repr, built piece by piece so that a huge value costs no more than a small one."""
    parts: list[str] = []
    _render(value, parts, limit + 1)
    text = printable("".join(parts))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _render(value: object, out: list[str], budget: int) -> int:
    """Append value's repr to `out` until `budget` characters are spent; returns what is left."""
    if budget <= 0:
        return 0
    if isinstance(value, str):
        text = repr(value[:budget])
    elif isinstance(value, dict):
        return _render_items(value.items(), "{", "}", out, budget, pairs=True)
    elif isinstance(value, (list, tuple, set, frozenset)):
        return _render_items(value, "[", "]", out, budget)
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        text = "a number of more than 70 digits"
    else:
        text = repr(value)[:budget]
    out.append(text)
    return budget - len(text)


def _render_items(items: object, left: str, right: str, out: list[str], budget: int, *, pairs: bool = False) -> int:
    out.append(left)
    budget -= 1
    for i, item in enumerate(items):  # type: ignore[arg-type]
        if budget <= 0:
            return 0
        if i:
            out.append(", ")
            budget -= 2
        if pairs:
            budget = _render(item[0], out, budget)
            out.append(": ")
            budget = _render(item[1], out, budget - 2)
        else:
            budget = _render(item, out, budget)
    out.append(right)
    return budget - 1


def raise_all(errors: list[PlaybookError]) -> None:
    """Raise the collected errors, if any, as one."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
