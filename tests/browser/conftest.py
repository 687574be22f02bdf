"""Browser fixtures: example sites served on 127.0.0.1 under /repo/, and Debian's Chromium via Playwright.

`served` builds, once per session, the example profiles with `playbook batch` into /repo/ (index page
included, with their PDFs), the public guides into /repo/guides/ and a profile whose name is a <script> tag
(both without PDFs).

Without /usr/bin/chromium these tests are skipped, unless PLAYBOOK_REQUIRE_SYSTEM=1 (as in CI).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from playbook.batch import BatchOptions, run_batch
from playbook.build import BuildOptions, build
from playbook.render.engine import ENGINES
from tests.conftest import GUIDES, MINIMAL, PROFILES, TODAY
from tests.system import CHROMIUM, missing_chromium, missing_zensical, need

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUBPATH = "repo"
SCRIPT_NAME = "<script>alert(1)</script>"


def _need_chromium() -> None:
    need(missing_chromium())


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closes a connection early (a page left while loading) is not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Served:
    """A folder served over HTTP on 127.0.0.1; sites live under /repo/<slug>/."""

    root: Path
    base: str
    slugs: dict[str, Path] = field(default_factory=dict)
    engine: str = "mkdocs"

    def url(self, slug: str, page: str = "") -> str:
        return f"{self.base}/{SUBPATH}/{slug}/{page}"


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each site engine in turn: every browser test runs against the site MkDocs built and the one Zensical built."""
    if request.param == "zensical":
        need(missing_zensical())
    return request.param


@pytest.fixture(scope="session")
def served(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Every example profile and guide built once under /repo/ (by `engine`) and served for the whole session."""
    root = tmp_path_factory.mktemp("www")
    repo = root / SUBPATH
    slugs: dict[str, Path] = {}
    # The examples with their PDFs; the guides and the script-tag name without (the PDF is the slow half)
    for folder, under, pdf in ((PROFILES, "", True), (GUIDES[0].parent, "guides/", False)):
        result = run_batch(BatchOptions(folder, repo / under, today=TODAY, site_url=f"http://127.0.0.1/{SUBPATH}/{under}",
                                        engine=engine, pdf=pdf))
        assert not result.failed, [o.error for o in result.failed]
        slugs.update({under + o.slug: repo / under / o.slug for o in result.outcomes})
    script = tmp_path_factory.mktemp("profiles") / "script.yaml"
    script.write_text(MINIMAL.replace("name: Test Person", f'name: "{SCRIPT_NAME}"'), encoding="utf-8")
    build(BuildOptions(script, repo / "script-name", today=TODAY, engine=engine, pdf=False))
    slugs["script-name"] = repo / "script-name"
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(root, f"http://127.0.0.1:{server.server_address[1]}", slugs, engine)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# Each engine's search, as its theme draws it: what opens it, its box, a result link. Zensical's dialog is
# drawn in a shadow root, which Playwright's CSS selectors reach into.
SEARCH = {
    "mkdocs": ("input.md-search__input", "input.md-search__input", ".md-search-result__item a"),
    "zensical": (".md-search__button", "[role=combobox][aria-label=Search]", "a[role=option]"),
}


def search(page: Any, engine: str, words: str) -> Any:
    """Open the site's search, type `words` as a person would, and return the result links (perhaps still coming)."""
    opener, box, result = SEARCH[engine]
    page.click(opener)
    page.locator(box).wait_for()
    page.keyboard.type(words, delay=50)
    return page.locator(result)


@dataclass
class Watched:
    """A page plus what it did: console errors and requests to hosts other than 127.0.0.1."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    yield from _watch(browser, DESKTOP)


@pytest.fixture
def watched_phone(browser) -> Iterator[Watched]:
    """Like `watched`, in a phone-sized window with touch."""
    yield from _watch(browser, PHONE, has_touch=True, is_mobile=True)


@pytest.fixture
def clocked(browser) -> Iterator[Callable[..., Watched]]:
    """Open a watched page whose clock reads `when` (aware) in time zone `zone`; phone-sized with `phone`.

    The examples are built on TODAY (21 Nov 2026), weeks or months before the clocks the tests set.
    """
    contexts = []

    def open_page(when: dt.datetime, zone: str = "Africa/Lagos", *, phone: bool = False, **options: Any) -> Watched:
        size = {"viewport": PHONE, "has_touch": True, "is_mobile": True} if phone else {"viewport": DESKTOP}
        watching = _watch(browser, timezone_id=zone, **size, **options)
        seen = next(watching)
        contexts.append(watching)
        seen.page.clock.install(time=when)
        return seen

    yield open_page
    for watching in contexts:
        watching.close()


def _watch(browser, viewport: dict[str, int], **options: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
    page = context.new_page()
    seen = Watched(page)
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.console_errors.append(str(e)))

    def on_request(request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http://", "https://")) and host != "127.0.0.1":
            seen.foreign_requests.append(request.url)

    page.on("request", on_request)
    page.on("response", lambda r: seen.failed_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        yield seen
    finally:
        context.close()
