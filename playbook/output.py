"""The output folder's safety: checks before a build, staging beside it, the swap, sweeping, a lock.

A build writes everything into a staging folder beside its output and swaps the finished folder in
at the end, so a failed build leaves the previous output as it was. Whatever a build leaves beside
the output is named `.playbook-` and eight random characters (staging folders, the folder being
replaced, a PDF being written), plus the lock file `.playbook-lock`:

- a staging folder is held open with an flock for as long as its build runs, so a leftover is one
  that no live process holds: a build killed with `kill -9` leaves its staging behind, holding
  the generated pages (a name, a phone number), and the next build beside it removes it;
- the lock file serialises what touches the folder's entries (sweeping, creating a staging folder,
  the swap), so two processes publishing into one folder take turns instead of racing.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Location, PlaybookError

MARKER = ".playbook-build"
LOCK_NAME = ".playbook-lock"
LOCK_WAIT = 60.0
"""Seconds to wait for another process's swap before giving up (a swap takes well under a second)."""
PREFIX = ".playbook-"
_LEFT = re.compile(r"^\.playbook-[A-Za-z0-9_]{8}$")
_WRITE_ERRORS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}


def check_output_folder(out: Path, *, content: Path, profile: Path) -> None:
    """Refuse an output folder that would overwrite inputs, that we did not make, or that we cannot write."""
    target = out.resolve()
    content = content.resolve()
    if target == content or content in target.parents or target in content.parents:
        raise PlaybookError(f"output folder overlaps the content folder {content}", Location(str(out)), got=str(out))
    if target == profile.resolve().parent or target in profile.resolve().parents:
        message = "output folder would replace the folder holding the profile"
        raise PlaybookError(message, Location(str(out)), got=str(out))
    if target.exists() and not target.is_dir():
        raise PlaybookError("output path exists and is not a folder", Location(str(out)), got=str(out))
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise PlaybookError(
            "refusing to replace a folder that playbook did not build; choose another --out",
            Location(str(out)),
            got=str(out),
        )
    if target.is_dir() and not os.access(target, os.W_OK | os.X_OK):
        message = "the output folder is read-only; make it writable or choose another --out"
        raise PlaybookError(message, Location(str(out)), got=str(out))
    _check_writable_parent(out)


def _check_writable_parent(out: Path) -> None:
    existing = out.resolve().parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise _cannot_write(out, existing, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise _cannot_write(out, existing, OSError(errno.EACCES, os.strerror(errno.EACCES)))


def _cannot_write(out: Path, folder: Path, exc: OSError) -> PlaybookError:
    reason = (exc.strerror or "").lower() or type(exc).__name__
    return PlaybookError(f"cannot write in {folder} ({reason}); choose another --out or make the folder writable",
                         Location(str(out)), got=str(out))


@contextmanager
def lock(out: Path) -> Iterator[None]:
    """Hold `.playbook-lock` beside `out` (waiting up to LOCK_WAIT seconds for another holder)."""
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(parent / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _cannot_write(out, parent, exc) from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise PlaybookError(
                    f"another playbook process is writing beside this folder (it holds {parent / LOCK_NAME}); "
                    "try again when it has finished", Location(str(out)), got=str(out))
            time.sleep(0.02)
        yield
    finally:
        os.close(handle)


def _try_lock(handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def sweep(out: Path) -> None:
    """Remove what killed builds left beside `out` (the caller holds the lock).

    Our own leftovers are `.playbook-XXXXXXXX` entries that no live process holds; older versions
    left `.<out>.old-<digits>` folders and `.<name>.XXXXXXXX` PDF parts, removed too.
    """
    target = out.resolve()
    old = re.compile(rf"^\.{re.escape(target.name)}(-sources)?\.old-[0-9]+$")
    for entry in target.parent.iterdir():
        if _LEFT.match(entry.name) or old.match(entry.name):
            _remove_unless_held(entry)


def _remove_unless_held(entry: Path) -> None:
    try:
        mode = os.lstat(entry).st_mode
        if stat.S_ISLNK(mode):
            entry.unlink()
            return
        handle = os.open(entry, os.O_RDONLY)
    except OSError:
        return
    try:
        if _try_lock(handle):
            remove(entry)
    finally:
        os.close(handle)


def remove(path: Path) -> None:
    """Remove a file or a folder, making read-only folders inside it writable on the way."""
    def unlock_and_retry(func: object, name: str, _: object) -> None:
        try:
            os.chmod(os.path.dirname(name), 0o700)
            func(name)  # type: ignore[operator]
        except OSError:
            pass

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, onerror=unlock_and_retry)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A new folder beside `out` (same file system, so the swap is one rename), held while the build runs.

    Leftovers of killed builds are swept first; the folder is removed whatever happens.
    """
    target = out.resolve()
    with lock(out):
        sweep(target)
        try:
            path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=target.parent))
        except OSError as exc:
            raise _cannot_write(out, target.parent, exc) from None
        handle = os.open(path, os.O_RDONLY)
        fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield path
    except OSError as exc:
        if exc.errno in _WRITE_ERRORS:
            raise _cannot_write(out, target.parent, exc) from None
        raise
    finally:
        remove(path)
        os.close(handle)


def publish(built: Path, out: Path) -> None:
    """Swap a finished folder into place under the lock; the old one is removed only after the swap."""
    target = out.resolve()
    with lock(out):
        try:
            _swap(built, target)
        except OSError as exc:
            if exc.errno in _WRITE_ERRORS:
                raise _cannot_write(out, target.parent, exc) from None
            raise


def _swap(built: Path, target: Path) -> None:
    old = None
    if os.path.lexists(target):
        old = target.with_name(PREFIX + secrets.token_hex(4))
        os.rename(target, old)
    try:
        os.rename(built, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        remove(old)


def mark(folder: Path) -> None:
    (folder / MARKER).write_text("built by playbook; safe to replace\n", encoding="utf-8")


def check_pdf_path(path: Path, *, content: Path, profile: Path) -> None:
    """Refuse a --pdf path that is a folder, lies among the inputs, or is a file other than a PDF."""
    target, where = path.resolve(), Location(str(path))
    if target.is_dir():
        raise PlaybookError("--pdf names a folder; give a file name such as playbook.pdf", where, got=str(path))
    if content.resolve() in target.parents or target == profile.resolve():
        raise PlaybookError("--pdf would write among the inputs", where, got=str(path))
    if target.exists() and not target.is_file():
        raise PlaybookError("--pdf names something that is not a file", where, got=str(path))
    if target.exists() and target.read_bytes()[:5] != b"%PDF-":
        raise PlaybookError("refusing to replace a file that is not a PDF; choose another --pdf", where, got=str(path))
    _check_writable_parent(path)


def _held_temp_file(folder: Path) -> tuple[int, str]:
    """A new `.playbook-` file, flocked; made again if a sweeper removed it before the lock was taken."""
    while True:
        handle, temp = tempfile.mkstemp(prefix=PREFIX, dir=folder)
        fcntl.flock(handle, fcntl.LOCK_EX)
        if os.fstat(handle).st_nlink:
            return handle, temp
        os.close(handle)


def write_file(path: Path, data: bytes) -> None:
    """Write beside the target, then swap it in: readers see the old file or the new one, never half.

    The part being written is a `.playbook-` file held with an flock, so a killed write is swept
    by the next one into the same folder.
    """
    target = path.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for entry in target.parent.iterdir():
            if _LEFT.match(entry.name) and entry.is_file():
                _remove_unless_held(entry)
        handle, temp = _held_temp_file(target.parent)
    except OSError as exc:
        raise _cannot_write(path, target.parent, exc) from None
    try:
        os.fchmod(handle, 0o644)
        with os.fdopen(handle, "wb") as written:
            written.write(data)
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in _WRITE_ERRORS:
            raise _cannot_write(path, target.parent, exc) from None
        raise
