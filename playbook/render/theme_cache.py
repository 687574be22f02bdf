"""What MkDocs redoes for every build of the theme, done once: compiled templates and the theme's file list.

MkDocs compiles Material's templates afresh for every build, and lists every file of the theme's
folders (some 14,000, nearly all icons) to find the few it copies into the site: together a tenth of a
site build, the same each time. The compiled templates go to the bytecode cache every template of
ours uses (render/text.py). The file list is kept in memory for the process, and for the next process
in the user's cache folder (see cache_files), as long as the theme's folders belong to the installed
MkDocs and Material of the same versions and the folders themselves are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import partial
from pathlib import Path
from typing import Any

from ..cache_files import cache_dir, read_private, write_private
from .text import COMPILED

KEEP = 4  # file lists kept (one per installed theme)
_LISTED: dict[str, list[str]] = {}


def reuse_theme_work(theme: Any) -> None:
    """Make `theme` (a MkDocs Theme) hand its Jinja environment the shared compiled templates and file list."""
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        env.bytecode_cache = COMPILED
        env.list_templates = partial(theme_files, env.list_templates, tuple(theme.dirs))
        return env

    theme.get_env = get_env


def theme_files(list_templates: Any, dirs: tuple[str, ...], extensions: Any = None,
                filter_func: Any = None) -> list[str]:
    """The theme's files as `list_templates` would list them. MkDocs' filter depends only on the theme's
    static_templates, which no generated project sets, so one list per folders and filter serves every build."""
    key = _key(dirs, extensions, filter_func)
    if key not in _LISTED:
        entry = _entry(key, dirs)
        listed = _read(entry) if entry else None
        if listed is None:
            listed = list_templates(extensions=extensions, filter_func=filter_func)
            if entry:
                write_private(entry[0], entry[1] + "\n" + json.dumps(listed), keep=KEEP)
        _LISTED[key] = listed
    return list(_LISTED[key])


def forget() -> None:
    """Drop the lists kept in this process (those on disk stay)."""
    _LISTED.clear()


def _key(dirs: tuple[str, ...], extensions: Any, filter_func: Any) -> str:
    parts = [json.dumps([list(dirs), extensions and sorted(extensions), getattr(filter_func, "__qualname__", None)])]
    parts += [f"{folder}\0{_stamp(folder)}" for folder in dirs]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _stamp(folder: str) -> str:
    try:
        info = os.stat(folder)
    except OSError:
        return "missing"
    return f"{info.st_ino}:{info.st_mtime_ns}"


def _installed() -> dict[str, str] | None:
    """The installed MkDocs and Material: their folders and versions (None if either is missing)."""
    try:
        import material
        import mkdocs
        from material import __version__ as material_version
    except ImportError:
        return None
    return {str(Path(mkdocs.__file__).parent): mkdocs.__version__,
            str(Path(material.__file__).parent): material_version}


def _entry(key: str, dirs: tuple[str, ...]) -> tuple[Path, str] | None:
    """Where the list for `key` is kept on disk and the first line that marks it as this key's; None when
    there is no cache folder or a folder lies outside the installed MkDocs and Material (a folder of
    one's own may change at any time)."""
    directory, installed = cache_dir(), _installed()
    if directory is None or installed is None:
        return None
    if not all(any(Path(folder).is_relative_to(root) for root in installed) for folder in dirs):
        return None
    return directory / f"theme-{key[:24]}.json", json.dumps({"installed": installed, "key": key}, sort_keys=True)


def _read(entry: tuple[Path, str]) -> list[str] | None:
    text = read_private(entry[0])
    if text is None:
        return None
    header, _, payload = text.partition("\n")
    if header != entry[1]:
        return None
    try:
        files = json.loads(payload)
    except ValueError:
        return None
    return files if isinstance(files, list) and all(isinstance(f, str) for f in files) else None
