"""One piece of work in a forked process while this process does another: the PDF beside the site.

A full build spends most of its time in two independent halves (WeasyPrint, MkDocs); on two cores
they can run at once. The worker is forked, not spawned: it starts in milliseconds with what this
process has in memory; only what it is sent (see printer.py) and its result (a PDF's bytes) cross
a pipe. Forking is only safe while this process runs a single thread, and pointless on a single
core; otherwise the work runs here, one half after the other, when its result is asked for.

The worker writes nothing of the build to disk, so its failure can leave nothing behind: an input
error in it comes back as the same `PlaybookError` line; Ctrl-C is handled by this process alone
(the worker ignores it and is ended on the way out); a worker killed from outside is reported
without a traceback; and on Linux the worker dies with this process if this one is killed.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from .errors import PlaybookError

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


class WorkerFailed(PlaybookError):
    """The worker process ended without an answer (killed, out of memory): not the input's fault."""

    exit_code = 1


class RelayedError(PlaybookError):
    """A `PlaybookError` raised in the worker, as its lines read there (already located and printable)."""

    def __init__(self, text: str, exit_code: int):
        self.text, self.exit_code = text, exit_code
        super().__init__(text)

    def line(self) -> str:
        return self.text


def cores() -> int:
    """The cores this process may use (fewer than the machine's in a container or under taskset)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_fork() -> bool:
    """A forked worker is both safe (one thread here) and useful (a second core)."""
    return "fork" in get_all_start_methods() and threading.active_count() == 1 and cores() > 1


class Pending(Generic[T]):
    """A value on its way: computed here when asked for, or received from a worker."""

    def __init__(self, work: Callable[[], T]):
        self._work = work

    def result(self) -> T:
        return self._work()


class _FromWorker(Pending[T]):
    def __init__(self, process: BaseProcess, answers: Connection, what: str):
        super().__init__(self._receive)
        self._process, self._answers, self._what = process, answers, what

    def _receive(self) -> T:
        try:
            answer = self._answers.recv()
        except EOFError:
            self._process.join()
            raise WorkerFailed(f"the process rendering the {self._what} stopped unexpectedly "
                               f"({_ending(self._process.exitcode)}); nothing was published") from None
        kind, value, *rest = answer
        if kind == "ok":
            return value
        if kind == "error":
            raise RelayedError(value, rest[0])
        raise RuntimeError(f"rendering the {self._what} failed in its worker process:\n{value}")


@contextmanager
def in_background(what: str, work: Callable[..., T], *args: Any, parallel: bool = True) -> Iterator[Pending[T]]:
    """`work(*args)` running in a forked worker while the `with` body runs; `.result()` waits for it.

    `what` names the work in messages. With `parallel=False`, or where forking is unsafe or useless,
    the work runs in this process when `.result()` is called. Leaving the block ends the worker.
    """
    if not (parallel and can_fork()):
        yield Pending(lambda: work(*args))
        return
    context = get_context("fork")
    answers, answer = context.Pipe(duplex=False)
    process = context.Process(target=_serve, args=(answer, os.getpid(), work, args), name=f"playbook {what}",
                              daemon=True)
    process.start()
    answer.close()
    try:
        yield _FromWorker(process, answers, what)
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        answers.close()


def _serve(answer: Connection, parent: int, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The worker: compute, send one answer, leave."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the parent ends us
    die_with(parent)
    try:
        message: tuple[Any, ...] = ("ok", work(*args))
    except PlaybookError as exc:
        message = ("error", exc.line(), exc.exit_code)
    except BaseException:  # noqa: BLE001  (a bug: its traceback travels to the parent, which raises it)
        message = ("crash", traceback.format_exc())
    try:
        answer.send(message)
    except OSError:  # the parent is gone
        pass


def die_with(parent: int) -> None:
    """Ask Linux to end this worker when its parent dies (a parent killed with -9 runs no cleanup).

    Also the initializer of `playbook batch`'s worker pool, whose workers would otherwise build on
    for a batch that no one will publish."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _ending(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
