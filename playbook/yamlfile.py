"""Input files read at the door: YAML with positions, and pydantic errors turned into FILE:LINE:COL lines.

Every file is refused, with its position, before it can cost much: a file that is not a regular file
(a FIFO, a device) or is larger than the limit is never read; a byte that is not UTF-8 or a control
character is placed on its line; YAML nested too deep, a key that is not plain text, a tag, or an
anchor defined twice stops the parse where it is written.
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, MarkedYAMLFutureWarning, MarkedYAMLWarning
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode
from ruamel.yaml.reader import ReaderError

from .errors import Location, PlaybookError, printable, raise_all, shown

M = TypeVar("M", bound=BaseModel)

YAML_LIMIT = 1_000_000
"""Bytes a YAML input may have: ten times the largest content module, a hundred times a profile."""
MAX_DEPTH = 40
_CORE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map",
                                                          "timestamp"))


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing what is not a regular file or is larger than `limit` before reading."""
    where = Location(str(path))
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise PlaybookError("file not found", where, got=str(path)) from None
    except OSError as exc:
        raise PlaybookError(f"cannot read the file ({_reason(exc)})", where, got=str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise PlaybookError("expected a file, found a folder", where)
    if not stat.S_ISREG(info.st_mode):
        raise PlaybookError("expected a regular file", where, got=str(path))
    if info.st_size > limit:
        raise PlaybookError(f"file is larger than {_size(limit)}; is it the right file?", where)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise PlaybookError(f"cannot read the file ({_reason(exc)})", where, got=str(path)) from None
    if len(data) > limit:
        raise PlaybookError(f"file is larger than {_size(limit)}; is it the right file?", where)
    return data


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB"


def decode(data: bytes, file: str, hint: str = "save it as UTF-8") -> str:
    """UTF-8 text (a leading byte-order mark dropped); a bad byte is reported at its line and column."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PlaybookError(f"file is UTF-16 text; {hint}", Location(file))
    mark = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[mark:].decode("utf-8")
    except UnicodeDecodeError as exc:
        start = mark + exc.start  # the decoder counts from after the mark; lines and bytes count from the file's start
        before = data[:start]
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8-sig", errors="replace")) + 1
        where = Location(file, before.count(b"\n") + 1, col)
        raise PlaybookError(f"file is not UTF-8 text; {hint} (got byte 0x{data[start]:02x})", where) from None


def read_text(path: Path, limit: int = YAML_LIMIT) -> str:
    return decode(read_bytes(path, limit), str(path))


class _Refused(MarkedYAMLError):
    """Valid YAML that an input file may not use; reported at `problem_mark`."""

    def __init__(self, problem: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)


class _Composer(Composer):
    """The library's composer, refusing tags, complex keys and anchors defined twice where they are written."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if not isinstance(event, AliasEvent):
            tag = getattr(event, "ctag", None)
            if tag is not None and str(tag) not in ("!", *_CORE_TAGS):
                text = shown(str(tag), 40)
                raise _Refused(f"YAML tags such as {text} are not supported; write the value plainly",
                               event.start_mark)
            if event.anchor is not None and event.anchor in self.anchors:
                first = self.anchors[event.anchor].start_mark
                raise _Refused(f"anchor &{shown(event.anchor, 40)[1:-1]} is defined twice (first at line "
                               f"{first.line + 1}, column {first.column + 1}); rename one", event.start_mark)
        node = super().compose_node(parent, index)
        if isinstance(parent, MappingNode) and index is None and not isinstance(node, ScalarNode):
            raise _Refused("keys must be plain text, not a list or a mapping", event.start_mark)
        return node


class _Constructor(RoundTripConstructor):
    """Dates stay text, so the schema checks them and a bad one is reported at its position."""

    def construct_located_int(self, node: Any) -> Any:
        try:
            return self.construct_yaml_int(node)
        except ValueError:
            raise ConstructorError(problem="a number too long to read", problem_mark=node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_located_int)


def load_yaml(path: Path, limit: int = YAML_LIMIT) -> Any:
    """Parse a YAML file, keeping line/column positions on every mapping and list."""
    return parse_yaml(read_text(path, limit), str(path))


def parse_yaml(text: str, file: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.max_depth = MAX_DEPTH
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return yaml.load(text)
    except (MarkedYAMLError, MarkedYAMLWarning, MarkedYAMLFutureWarning) as exc:
        raise _marked(exc, file) from None
    except ReaderError as exc:
        raise _unreadable(exc, text, file) from None
    except RecursionError:
        raise PlaybookError(f"YAML nested too deeply (more than {MAX_DEPTH} levels)", Location(file)) from None
    except Exception as exc:  # noqa: BLE001  (whatever else the library raises is still the file's fault)
        raise PlaybookError(f"malformed YAML: {printable(str(exc).splitlines()[0] if str(exc) else '')}",
                            Location(file)) from None


def _marked(exc: Any, file: str) -> PlaybookError:
    mark = exc.problem_mark or exc.context_mark
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    if isinstance(exc, MaxDepthExceededError):
        return PlaybookError(f"YAML nested more than {MAX_DEPTH} levels deep; a profile needs a few", where)
    if isinstance(exc, _Refused):
        return PlaybookError(exc.problem, where)
    problem = " ".join(str(exc.problem or exc.context or "not valid YAML").split())
    return PlaybookError(f"malformed YAML: {problem}", where)


def _unreadable(exc: ReaderError, text: str, file: str) -> PlaybookError:
    before = text[: exc.position]
    where = Location(file, before.count("\n") + 1, len(before) - before.rfind("\n"))
    code = exc.character if isinstance(exc.character, int) else 0
    return PlaybookError(f"a control character (U+{code:04X}) is not allowed in YAML; delete it", where)


@dataclass(frozen=True)
class Source:
    """A parsed YAML file kept for its positions, so nothing reads the file twice."""

    file: str
    data: Any

    def at(self, loc: tuple[Any, ...], *, key: bool = False) -> Location:
        return position(self.data, loc, self.file, key=key)


def position(node: Any, loc: tuple[Any, ...], file: str, *, key: bool = False) -> Location:
    """The position of the value (or key) at `loc` inside parsed YAML, as close as it exists.

    A key brought in by a merge (`<<: *defaults`) is placed where the merged mapping writes it.
    """
    line, col = _start(node)
    for part in loc:
        if isinstance(node, CommentedMap) and _has(node, part):
            owner = _owner(node, part)
            kl, kc, vl, vc = _map_lc(owner, part)
            line, col = (kl, kc)
            if not (key and part == loc[-1]):
                line, col = (vl, vc) if vl is not None else (kl, kc)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            found = node.lc.item(part)
            line, col = found if found else (line, col)
            node = node[part]
        else:
            break
    return Location(file, line + 1, col + 1)


def _has(node: CommentedMap, key: Any) -> bool:
    try:
        return key in node
    except TypeError:  # an unhashable part of a pydantic location
        return False


def _start(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    return (lc.line or 0, lc.col or 0) if lc is not None else (0, 0)


def _owner(node: CommentedMap, key: Any) -> CommentedMap:
    """The mapping that writes `key`: the node itself, or the mapping a merge key brought it from."""
    if (node.lc.data or {}).get(key) is not None:
        return node
    for entry in getattr(node, "merge", None) or ():
        merged = entry[1] if isinstance(entry, tuple) else entry
        if isinstance(merged, CommentedMap) and _has(merged, key):
            return _owner(merged, key)
    return node


def _map_lc(node: CommentedMap, key: Any) -> tuple[int, int, int | None, int | None]:
    found = (node.lc.data or {}).get(key)
    if not found:
        line, col = _start(node)
        return line, col, None, None
    if len(found) < 4:
        return found[0], found[1], None, None
    return found[0], found[1], found[2], found[3]


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
    loc = _real_loc(err["loc"], data)
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        loc += cause.loc
    path = dotted(loc) or "(top level)"
    kind = err["type"]
    if kind == "extra_forbidden":
        where = position(data, loc, file, key=True)
        return PlaybookError(f"{path}: unknown key{_did_you_mean(loc, model)}", where, got=loc[-1])
    where = position(data, loc, file)
    if kind == "missing":
        parent = position(data, loc[:-1], file)
        return PlaybookError(f"{path}: required key is missing", parent)
    got = _value_at(data, loc) if isinstance(cause, FieldError) else err.get("input")
    return PlaybookError(f"{path}: {_message(err)}", where, got=got)


def dotted(loc: tuple[Any, ...]) -> str:
    """A key path for a message; keys from the file are cut and made printable first."""
    return ".".join(_part(p) for p in loc)


def _part(part: Any) -> str:
    if isinstance(part, str):
        text = printable(part[:41])
        return text if len(text) <= 40 else text[:37] + "..."
    return shown(part, 40)


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _real_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """A pydantic location without the tags it adds for unions and validators (`function-after[…]`).

    A part the file really has is kept, however it looks: a key may contain brackets.
    """
    kept: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and _has(node, part):
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif _is_union_tag(part):
            continue
        else:
            node = None
        kept.append(part)
    return tuple(kept)


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
        given = err.get("input")
        hint = did_you_mean(given, choices) if isinstance(given, str) else ""
        return f"unknown value{hint} (`playbook schema` lists all {len(choices)})"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return err["msg"][0].lower() + err["msg"][1:]


def _did_you_mean(loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    fields = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1])[:100], fields, n=1, cutoff=0.6)
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


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    if len(word) > 100:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
