"""`playbook serve`: a live preview of one profile's playbook.

The content folder is loaded once (content_cache hands it out again while its files are unchanged);
each save of the profile, its program sheet or a content file rebuilds the pages into a fresh folder
that replaces the one on show, and open pages reload. A bad edit shows its located errors as the
page, in the browser and in the terminal, until the next good save. The printable playbook is made
when first asked for (playbook.pdf), for the playbook on show, and kept until the next change; after
a bad edit the last good one is served.

MkDocs' live-reload server does the serving and the reloading; the builds are ours.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from . import build as pipeline
from .errors import PlaybookError
from .model import Playbook
from .paths import content_dir
from .render import pdf, site

PREVIEW_PLUGINS: list[Any] = []  # no search index in a preview: it is most of an incremental build's work


class Preview:
    """The playbook on show: its built pages, or the errors of the last save."""

    def __init__(self, profile: Path, content: Path | None, today: dt.date | None, say: Callable[[str], None]):
        self.profile, self.content, self.today, self.say = profile, content or content_dir(), today, say
        self.folder = Path(tempfile.mkdtemp(prefix="playbook-serve-"))  # private to this user: it holds her pages
        self.root = self.folder / "empty"
        self.root.mkdir()
        self.errors: str | None = None
        self.playbook: Playbook | None = None
        self.sheet: Path | None = None
        self._pdf: bytes | None = None
        self._pdf_lock = threading.Lock()
        self._builds = 0

    def rebuild(self) -> None:
        """Build the pages from the files as they are now; on a bad input, keep the errors instead."""
        started = time.perf_counter()
        try:
            inputs = pipeline.load_inputs(self.profile, self.content)
            options = pipeline.BuildOptions(self.profile, today=self.today or dt.date.today())
            playbook = pipeline.prepare(options, inputs)
            built = self._build_pages(playbook)
        except PlaybookError as exc:
            self.errors = exc.line()
            self.say(f"{self.errors}\nThe page shows this error until the next good save.")
            return
        previous, self.root = self.root, built
        self.playbook, self.sheet, self.errors = playbook, inputs.sheet, None
        with self._pdf_lock:
            self._pdf = None
        shutil.rmtree(previous.parent if previous.parent != self.folder else previous, ignore_errors=True)
        if self._builds:
            self.say(f"Rebuilt in {time.perf_counter() - started:.2f} s")
        self._builds += 1

    def _build_pages(self, playbook: Playbook) -> Path:
        stage = Path(tempfile.mkdtemp(dir=self.folder))
        project = stage / "project"
        site.write_project(playbook, project, pdf=pdf.PDF_NAME)
        (project / "docs" / pdf.PDF_NAME).write_bytes(b"")  # served on request instead (see printable)
        site.build_site(project, stage / "site", plugins=PREVIEW_PLUGINS)
        return stage / "site"

    def printable(self) -> bytes | None:
        """The PDF of the playbook on show, made on first request."""
        with self._pdf_lock:
            if self._pdf is None and self.playbook is not None:
                started = time.perf_counter()
                self._pdf = pdf.render_pdf(self.playbook).data
                self.say(f"Made {pdf.PDF_NAME} in {time.perf_counter() - started:.1f} s")
            return self._pdf

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def error_page(errors: str, heading: str = "The playbook cannot be built",
               advice: str = "Fix what is listed below and save: this page reloads by itself.") -> bytes:
    lines = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors.splitlines())
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'><title>Playbook: fix the profile</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:48rem;padding:0 1rem}"
        "code{white-space:pre-wrap;word-break:break-word}li{margin:.5rem 0}</style></head><body>"
        f"<h1>{html.escape(heading)}</h1><p>{html.escape(advice)}</p>"
        f"<ul>{lines}</ul></body></html>"
    ).encode()


class PreviewServer(LiveReloadServer):
    """MkDocs' server, showing the error page while the last save is bad and making the PDF on request."""

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        super().__init__(builder=self._rebuild, host=host, port=port, root=str(preview.root), polling_interval=0.1)
        self.build_delay = 0.05  # an editor's save is one write or a write and a rename, well within this
        self.preview = preview

    def _rebuild(self) -> None:
        self.preview.rebuild()
        self.root = str(self.preview.root)

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"]
        if path == "/" + pdf.PDF_NAME:
            try:
                data = self.preview.printable()
            except PlaybookError as exc:  # no Pango here: say so on the page instead of a traceback in the log
                page = error_page(exc.line(), "The printable playbook cannot be made here",
                                  "The pages work without it.")
                start_response("503 Service Unavailable",
                               [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))])
                return [page]
            if data is None:
                return None
            start_response("200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(data)))])
            return [data]
        if self.preview.errors and (path.endswith(("/", ".html"))):
            with self._epoch_cond:
                epoch = self._visible_epoch
            page = self._inject_js_into_html(error_page(self.preview.errors), epoch)
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))])
            return [page]
        return super()._serve_request(environ, start_response)


def serve_profile(profile: Path, dev_addr: str, *, content: Path | None = None, today: dt.date | None = None,
                  say: Callable[[str], None] = lambda text: print(text, flush=True)) -> None:
    """Serve PROFILE's playbook on dev_addr (host:port) until interrupted."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    host, _, port = dev_addr.rpartition(":")
    preview = Preview(profile, content, today, say)
    try:
        preview.rebuild()
        server = PreviewServer(preview, host or "127.0.0.1", int(port))
        for path in filter(None, (profile, preview.sheet, preview.content)):
            server.watch(str(Path(path).resolve()))
        who = preview.playbook.applicant.plain_name if preview.playbook else str(profile)
        say(f"Serving {who}'s playbook on {server.url} (Ctrl+C to stop)")
        try:
            server.serve()
        except KeyboardInterrupt:
            say("Stopped.")
        finally:
            server.shutdown()
    finally:
        preview.close()
