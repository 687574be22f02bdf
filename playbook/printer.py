"""The printable playbook's worker, started before the playbook exists: WeasyPrint is ready when the HTML is.

Importing WeasyPrint and loading its fonts takes half a second or more, as long as this process
takes to import the rest of playbook and to load, check and assemble the inputs. A full build's PDF
half and a PDF-only build both wait for it. So `playbook build` forks the printer first thing: the
printer gets WeasyPrint ready while this process gets the HTML ready, then renders the HTML it is
sent while this process builds the site. The printed HTML crosses a pipe, never the disk (it holds
the profile's private values); the PDF's bytes come back the same way (see worker.py, which also
covers failures: located errors relayed, a killed printer reported, no printer left behind).

Where forking is unsafe or useless (threads running, a single core), nothing is started: the PDF
is rendered in this process when its result is asked for, one half after the other.

This module imports nothing heavy, so that the fork happens before the rest of playbook is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from . import worker
from .errors import PlaybookError
from .worker import Pending, in_background

if TYPE_CHECKING:
    from .render.pdf import Rendered

PIPE_BYTES = 1024 * 1024  # a whole printed playbook's HTML fits in the pipe: sending it never waits for the printer
WARM_UP = ('<p style="font-family: \'Noto Sans\', \'DejaVu Sans\'">Ready <b>bold</b> <i>italic</i></p>'
           '<p style="font-family: \'Noto Serif\', \'DejaVu Serif\'">Ready <b>bold</b></p>')


class NoPango(PlaybookError):
    """WeasyPrint could not load the system libraries it prints with (Pango): the machine's, not the input's."""

    exit_code = 1


def weasyprint_html() -> type:
    """WeasyPrint's HTML class. Where Pango is missing (WeasyPrint raises OSError on import), a message that
    says what to install and what works without it, rather than a traceback."""
    try:
        from weasyprint import HTML
    except OSError as exc:
        raise NoPango(f"the printable playbook needs the Pango libraries, which WeasyPrint could not load ({exc}); "
                      "install them (README.md, Install), or build with --no-pdf: the site and the calendar need "
                      "nothing else") from None
    return HTML


class Printer:
    """Prints one HTML document into a PDF: `print(html)` hands it over, `.result()` of what it returns waits."""

    def __init__(self, send: Callable[[str], Pending[Rendered]]):
        self._send = send

    def print(self, html: str) -> Pending[Rendered]:
        return self._send(html)


@contextmanager
def printer() -> Iterator[Printer]:
    """A printer for the `with` block: a forked process getting WeasyPrint ready, or, where forking is
    unsafe or useless, this process when the PDF is asked for. Leaving the block ends the printer."""
    if not worker.can_fork():
        yield Printer(lambda html: Pending(lambda: _render(html)))
        return
    html_from, html_to = get_context("fork").Pipe(duplex=False)
    _widen(html_to)
    with in_background("printable playbook", _print_what_is_sent, html_from, html_to) as pending:
        html_from.close()

        def send(html: str) -> Pending[Rendered]:
            try:
                html_to.send(html)
            except OSError:  # the printer has already stopped: its answer (or its end) says why
                pass
            html_to.close()
            return pending

        try:
            yield Printer(send)
        finally:
            html_to.close()


def _print_what_is_sent(html_from: Connection, html_to: Connection) -> Rendered | None:
    """In the printer: get WeasyPrint ready, wait for the HTML, render it (None if the build stopped first)."""
    html_to.close()
    _get_ready()
    try:
        html = html_from.recv()
    except EOFError:  # the build stopped before it had anything to print
        return None
    return _render(html)


def _get_ready() -> None:
    """Import WeasyPrint and have it find the fonts and read its own stylesheets, on a line of text."""
    weasyprint_html()(string=WARM_UP).render()


def _render(html: str) -> Rendered:
    from .render import pdf

    return pdf.html_to_pdf(html)


def _widen(connection: Connection) -> None:
    """Let the pipe hold a whole playbook's HTML (Linux; elsewhere sending waits until the printer reads)."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass

