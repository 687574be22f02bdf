"""Files in the user's cache folder: read only when they are this user's own, written by swapping in.

Both caches that outlive a process keep their entries here (the loaded content, see content_cache;
the theme's file list, see render/site.py). An entry is data, never code, and it is used only if it
is a regular file owned by this user in a folder owned by this user, neither writable by anyone
else; any other entry reads as missing, and is replaced by the next write.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any

MAX_BYTES = 16 * 1024 * 1024
ENV_DIR = "PLAYBOOK_CACHE_DIR"  # a folder to keep the cache in instead of the user cache folder; "off": none


def cache_dir() -> Path | None:
    """Where entries live: $PLAYBOOK_CACHE_DIR, else the user cache folder (XDG_CACHE_HOME on Linux)."""
    chosen = os.environ.get(ENV_DIR)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("playbook", appauthor=False))


def read_private(path: Path) -> str | None:
    """The text of a regular file that this user owns and only this user can write, in such a folder."""
    try:
        if not _private(os.lstat(path.parent), stat.S_ISDIR):
            return None
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not _private(info, stat.S_ISREG) or info.st_size > MAX_BYTES:
            return None
        try:
            return file.read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None


def write_private(path: Path, text: str, *, keep: int) -> None:
    """Write `text` beside `path` and swap it in, then keep the `keep` newest entries of its kind (the
    files sharing its name up to the first '-'). A cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.lstat(path.parent), stat.S_ISDIR):
            return
        handle, temp = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
        _prune(path.parent, path.name.split("-", 1)[0], keep)
    except OSError:
        Path(temp).unlink(missing_ok=True)


def _private(info: os.stat_result, kind: Any) -> bool:
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return kind(info.st_mode) and info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _prune(directory: Path, kind: str, keep: int) -> None:
    """Keep the `keep` most recently written entries of a kind: folders come and go (copies, checkouts,
    temporary ones), and so do installed versions."""
    entries = sorted(directory.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
