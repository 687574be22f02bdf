"""The content folder, loaded once: validated modules, calendar and SOAP strategy.

Reading content/ with positions (ruamel's round-trip loader) and compiling its templates is most of
what a site build does before MkDocs starts. So once a content folder has loaded cleanly, what the
loaders checked is written to the user's cache folder as JSON: each file's validated spec and the
line and column of every template and condition (for errors at render time). A later process whose
content files, playbook version and code are byte for byte the same reads that entry instead, runs it
through the same pydantic models again, and compiles each template only when it is first rendered.

Only data is cached here, never code: no pickle, no bytecode, nothing that is executed. (A template's
compiled code is kept apart, like the page templates', in Jinja's bytecode folder, which Jinja uses
only when it is the user's own and closed to others: see render/text.py.) An entry is used only
under the rules of cache_files (this user's own file in this user's own folder, closed to others);
a damaged, foreign or stale entry is ignored and replaced. Within one process the loaded
content is kept and handed out again while its files are unchanged, so `playbook serve` and
`playbook batch` compile each template once.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .cache_files import ENV_DIR, cache_dir, read_private, write_private  # noqa: F401 (ENV_DIR: the setting's name)
from .calendar import Calendar, CalendarFile, load_calendar
from .modules import Module, ModuleSpec, checked_module, load_modules
from .planner.strategy import StrategyFile, load_strategy, strategy_path

FORMAT = 1  # bump when the layout of an entry changes
KEEP = 16  # entries kept (one per content folder); the least recently written go first


class Content(NamedTuple):
    """A content folder, loaded and checked: what every build of every profile starts from."""

    modules: list[Module]
    calendar: Calendar
    strategy: StrategyFile


_held: dict[str, tuple[str, Content]] = {}


def load_content(folder: Path) -> Content:
    """The modules, calendar and strategy of `folder`, validated (PlaybookError with positions if not).

    The same objects come back within a process while the files are unchanged; across processes a
    cache entry saves reading and checking the YAML again."""
    key = content_key(folder)
    held = _held.get(str(folder))
    if held is not None and held[0] == key:
        return held[1]
    content = _read_entry(folder, key)
    if content is None:
        content = _load(folder)
        _write_entry(folder, key, content)
    _held[str(folder)] = (key, content)
    return content


def _load(folder: Path) -> Content:
    calendar = load_calendar(calendar_path(folder))
    return Content(load_modules(folder, calendar.event_ids), calendar, load_strategy(strategy_path(folder)))


def calendar_path(folder: Path) -> Path:
    return folder / "calendar" / "events.yaml"


def content_key(folder: Path) -> str:
    """A digest of every file under `folder` (names and bytes), the folder's path and playbook's own code."""
    digest = hashlib.sha256(f"{FORMAT}\0{_code_digest()}\0{folder}\0{folder.resolve()}\0".encode())
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """playbook's version and the bytes of its modules: a changed loader or model invalidates every entry."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Entries: one file per content folder, its first line a header, the rest the JSON payload.


def _entry_path(folder: Path) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return directory / f"content-{name}.json"


def _read_entry(folder: Path, key: str) -> Content | None:
    """The cached content for `key`, or None when there is no usable entry (missing, foreign, stale, damaged)."""
    path = _entry_path(folder)
    text = read_private(path) if path is not None else None
    if text is None:
        return None
    try:
        header, _, payload = text.partition("\n")
        meta = json.loads(header)
        if meta != {"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload.encode()).hexdigest()}:
            return None
        return _content_from(json.loads(payload))
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, the content is read from its files
        return None


def _write_entry(folder: Path, key: str, content: Content) -> None:
    """Write the entry beside its final name and swap it in; a cache that cannot be written is skipped."""
    path = _entry_path(folder)
    if path is None:
        return
    payload = json.dumps(_payload(content), separators=(",", ":"), ensure_ascii=False)
    header = json.dumps({"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload.encode()).hexdigest()})
    write_private(path, header + "\n" + payload, keep=KEEP)


def _payload(content: Content) -> dict[str, Any]:
    calendar = CalendarFile.model_construct(events=content.calendar.rules, years=content.calendar.years)
    return {
        "calendar": {"file": content.calendar.file, "spec": calendar.model_dump(mode="json")},
        "strategy": content.strategy.model_dump(mode="json", by_alias=True),
        "modules": [
            {
                "folder": str(m.folder),
                "spec": m.spec.model_dump(mode="json", by_alias=True),
                "positions": [[list(loc), line, col] for loc, (line, col) in (m.positions or {}).items()],
            }
            for m in content.modules
        ],
    }


def _content_from(payload: dict[str, Any]) -> Content:
    """Content from an entry's payload, through the same models the loaders validate with."""
    parsed = CalendarFile.model_validate(payload["calendar"]["spec"])
    calendar = Calendar(parsed.events, str(payload["calendar"]["file"]), parsed.years)
    modules = [
        checked_module(Path(m["folder"]), calendar.event_ids, ModuleSpec.model_validate(m["spec"]),
                       {tuple(loc): (int(line), int(col)) for loc, line, col in m["positions"]})
        for m in payload["modules"]
    ]
    return Content(modules, calendar, StrategyFile.model_validate(payload["strategy"]))
