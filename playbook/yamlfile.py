"""YAML files read with positions, and pydantic errors turned into FILE:LINE:COL lines."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .errors import Location, PlaybookError, raise_all

M = TypeVar("M", bound=BaseModel)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlaybookError("file not found", Location(str(path)), got=str(path)) from None
    except IsADirectoryError:
        raise PlaybookError("expected a file, found a folder", Location(str(path))) from None
    except UnicodeDecodeError as exc:
        raise PlaybookError("file is not UTF-8 text", Location(str(path)), got=exc.reason) from None


class _Constructor(RoundTripConstructor):
    """Dates stay text, so the schema checks them and a bad one is reported at its position."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))


def load_yaml(path: Path) -> Any:
    """Parse a YAML file, keeping line/column positions on every mapping and list."""
    text = read_text(path)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(str(path))
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise PlaybookError(f"malformed YAML: {problem}", where) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (duplicate keys, bad tags)
        raise PlaybookError(f"malformed YAML: {exc}", Location(str(path))) from None


def position(node: Any, loc: tuple[Any, ...], file: str, *, key: bool = False) -> Location:
    """The position of the value (or key) at `loc` inside parsed YAML, as close as it exists."""
    line, col = 0, 0
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            kl, kc, vl, vc = _map_lc(node, part)
            line, col = (kl, kc)
            if not (key and part == loc[-1]):
                line, col = (vl, vc) if vl is not None else (kl, kc)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            break
    return Location(file, line + 1, col + 1)


def _map_lc(node: CommentedMap, key: Any) -> tuple[int, int, int | None, int | None]:
    kl, kc = node.lc.key(key)
    try:
        vl, vc = node.lc.value(key)
    except (KeyError, TypeError):
        vl, vc = None, None
    return kl, kc, vl, vc


class FieldError(ValueError):
    """A model-level check that knows which key it is about."""

    def __init__(self, loc: tuple[Any, ...], message: str):
        self.loc = loc
        super().__init__(message)


def validate(model: type[M], data: Any, file: str, context: dict | None = None) -> M:
    """Validate parsed YAML against a model; report every problem with its position."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise_all([_one_error(err, data, file, model) for err in exc.errors()])
    raise AssertionError("unreachable")


def _one_error(err: dict, data: Any, file: str, model: type[BaseModel]) -> PlaybookError:
    loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        loc += cause.loc
    path = ".".join(str(p) for p in loc) or "(top level)"
    kind = err["type"]
    if kind == "extra_forbidden":
        where = position(data, loc, file, key=True)
        return PlaybookError(f"{path}: unknown key{_did_you_mean(loc, model)}", where, got=loc[-1])
    where = position(data, loc, file)
    if kind == "missing":
        parent = position(data, loc[:-1], file)
        return PlaybookError(f"{path}: required key is missing", parent)
    got = _value_at(data, loc) if isinstance(cause, FieldError) else err.get("input")
    return PlaybookError(f"{path}: {_message(err)}", where, got=_plain(got))


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and (part.startswith("function-") or "[" in part)


def describe_error(err: dict) -> str:
    """One pydantic error as the words after `path:` in an error line."""
    return _message(err)


def _message(err: dict) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in ("literal_error", "enum"):
        choices = ctx.get("expected", "").replace("'", "").replace(" or ", ", ").split(", ")
        if len(choices) <= 6:
            return "expected one of " + ", ".join(choices)
        hint = did_you_mean(str(err.get("input")), choices)
        return f"unknown value{hint} (`playbook schema` lists all {len(choices)})"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return err["msg"][0].lower() + err["msg"][1:]


def _did_you_mean(loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    fields = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; expected one of {', '.join(fields)}" if fields else ""


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model reached by following `loc`."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = _inner_model(field.annotation)
    return list(getattr(model, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, CommentedMap):
        return dict(value)
    if isinstance(value, CommentedSeq):
        return list(value)
    return value


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
