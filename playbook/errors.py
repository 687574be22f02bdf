"""Errors that end a run with a message a person can act on, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in which file something is wrong; line and column count from 1."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class PlaybookError(Exception):
    """A problem in the user's input; the CLI prints it and exits with status 2."""

    exit_code = 2

    def __init__(self, message: str, where: Location | None = None, got: object = ...):
        self.message = message
        self.where = where
        self.got = got
        super().__init__(self.line())

    def line(self) -> str:
        text = self.message
        if self.got is not ...:
            text += f" (got {_show(self.got)})"
        return f"{self.where}: {text}" if self.where else text


class InputErrors(PlaybookError):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: list[PlaybookError]):
        self.errors = errors
        super().__init__("\n".join(e.line() for e in errors))

    def line(self) -> str:
        return "\n".join(e.line() for e in self.errors)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def raise_all(errors: list[PlaybookError]) -> None:
    """Raise the collected errors, if any, as one."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
