"""Playbook → a self-contained MkDocs project (Markdown pages, assets, mkdocs.yml) → a built site.

The project needs no plugin of ours: MkDocs + Material builds it as it is, and so does Zensical
(see engine.py for choosing between them).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
from ruamel.yaml import YAML

from ..calendar import ET_ZONE
from ..errors import PlaybookError
from ..model import Dated, Playbook
from ..modules import PHASES
from ..paths import templates_dir
from ..profile import web_address
from . import chart, ics, links, live, timeline, timeline_page
from .engine import DEFAULT_ENGINE, build_with_zensical
from .links import PHASE_PAGES
from .text import date_span, due_label, jinja, long_date, md_inline, utc_offset, zone_city
from .theme_cache import reuse_theme_work

_MARKUP = re.compile(r"[<>\"'`\\]")


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    template: str
    context: dict[str, Any]


def pages(playbook: Playbook, *, directory_urls: bool = True, root: str | None = None) -> list[Page]:
    """Every page of the site, in navigation order; `root`: the path a site with an address is served under."""
    result = [Page("index.md", "Home", "home.md.j2", {}), _timeline_page(playbook, directory_urls, root)]
    for phase, title in PHASES.items():
        items = playbook.items_in_phase(phase)
        plan = playbook.plan() if phase == "bridge_year" else []
        if items or plan:
            context = {"phase": phase, "title": title, "items": items, "plan": plan,
                       "week_window": live.match_week(playbook)}
            result.append(Page(PHASE_PAGES[phase], title, "phase.md.j2", context))
    if playbook.soap_plan is not None:
        result.append(Page("soap-plan.md", "SOAP plan", "soap-plan.md.j2", {}))
    if playbook.planner is not None:
        result.append(Page(PLANNER_PAGE, "Monday planner", "planner.md.j2", {}))
    if playbook.scripts():
        result.append(Page("scripts.md", "Scripts", "scripts.md.j2", {}))
    for module in playbook.modules:
        result.append(Page(f"modules/{module.id}.md", module.title, "module.md.j2", {"module": module}))
    return result


def _timeline_page(playbook: Playbook, directory_urls: bool, root: str | None) -> Page:
    def href(entry: timeline.Entry) -> str | None:
        if not entry.phase:
            return None
        return links.link("timeline.md", PHASE_PAGES[entry.phase], entry.key.removeprefix("step-"),
                          directory_urls=directory_urls, root=root)

    context = {"chart": chart.timeline_svg(playbook), "ics_name": ics.ICS_NAME,
               **timeline_page.page_context(playbook, href)}
    return Page("timeline.md", "Timeline", "timeline.md.j2", context)


def clock_parts(thing: Dated) -> tuple[str, str]:
    """('15:00', 'Lagos time · 10:00 ET'): her time to show large, and the rest beside it (UTC offsets
    are said once per page, see `offsets`)."""
    assert thing.local is not None and thing.et is not None, "a timed thing"
    zone = str(thing.local.tzinfo)
    if zone == ET_ZONE:
        return f"{thing.et:%H:%M}", "ET"
    et_day = "" if thing.et.date() == thing.local.date() else f"{thing.et:%a} "
    return f"{thing.local:%H:%M}", f"{zone_city(zone)} time · {et_day}{thing.et:%H:%M} ET"


def offsets(things: list[Dated]) -> str:
    """'Lagos time is UTC+1 and ET is UTC−4': the offsets of a run of timed things (both, if they change)."""
    timed = [t for t in things if t.local and t.et]
    if not timed:
        return ""

    def say(pick: Any) -> str:
        seen = dict.fromkeys(utc_offset(pick(t)) for t in timed)
        return " then ".join(seen)

    zone = str(timed[0].local.tzinfo)
    et = f"ET is {say(lambda t: t.et)}"
    return et if zone == ET_ZONE else f"{zone_city(zone)} time is {say(lambda t: t.local)} and {et}"


def short_when(thing: Dated) -> str:
    """'Mon 1 Feb 2027, 05:59 Lagos time · Sun 23:59 ET': a date on one short line, without UTC offsets."""
    if thing.local is None or thing.et is None:
        return long_date(thing.date)
    big, _ = clock_parts(thing)
    zone = str(thing.local.tzinfo)
    if zone == ET_ZONE:
        return f"{long_date(thing.et.date())}, {big} ET"
    et_day = "" if thing.et.date() == thing.local.date() else f"{thing.et:%a} "
    return f"{long_date(thing.local.date())}, {big} {zone_city(zone)} time · {et_day}{thing.et:%H:%M} ET"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The page templates, compiled once per process (a preview rebuilds many times)."""
    env = jinja("pages", html=False)
    env.filters.update(inline=md_inline, due=due_label, long_date=long_date, date_span=date_span,
                       live=live.attrs, clock_parts=clock_parts, short_when=short_when, relative=timeline.relative,
                       offsets=offsets)
    env.globals.update(phase_pages=PHASE_PAGES, phases=PHASES, subscribe=None)
    return env


def render_pages(playbook: Playbook, *, site_url: str | None = None,
                 pdf: str | None = None) -> list[tuple[Page, str]]:
    """Every page with its Markdown, in navigation order."""
    directory_urls, root = not offline(site_url), links.site_root(site_url)
    env = _environment()
    all_pages = pages(playbook, directory_urls=directory_urls, root=root)
    page_link = partial(links.link, directory_urls=directory_urls, root=root)
    asset_link = partial(links.asset, directory_urls=directory_urls, root=root)
    paths = {p.path for p in all_pages}
    return [
        (page, _page_links(env.get_template(page.template).render(
            playbook=playbook, page=page, pages=all_pages, printable=pdf, subscribe=ics.subscribe_url(site_url),
            page_link=page_link, asset_link=asset_link, **page.context
        ), page.path, paths, page_link))
        for page in all_pages
    ]


_PAGE_HREF = re.compile(r'href="([a-z0-9-]+\.md)(?:#([A-Za-z0-9_-]+))?"')


def _page_links(text: str, from_md: str, paths: set[str], page_link: Any) -> str:
    """Links content writes to a page ('soap-planner.md') made into the page's address: a step's text is raw HTML
    on the site, where neither engine resolves a Markdown link."""
    def resolve(m: re.Match[str]) -> str:
        if m.group(1) not in paths:
            return m.group(0)
        return f'href="{page_link(from_md, m.group(1), m.group(2) or "")}"'

    return _PAGE_HREF.sub(resolve, text)


def write_project(playbook: Playbook, project: Path, *, site_url: str | None = None,
                  pdf: str | None = None) -> dict[str, Any]:
    """Write docs/ and mkdocs.yml into `project` (an empty folder); `pdf` names the printable playbook to link.
    Returns the settings written to mkdocs.yml."""
    docs = project / "docs"
    rendered = render_pages(playbook, site_url=site_url, pdf=pdf)
    for page, text in rendered:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.copytree(templates_dir() / "pages" / "assets", docs / "assets")
    if playbook.planner is not None:
        (docs / PLANNER_DATA).write_text(playbook.planner.script, encoding="utf-8")
    ics.write_calendar(playbook, docs / ics.ICS_NAME, site_url=site_url, directory_urls=not offline(site_url))
    config = mkdocs_config(playbook, [page for page, _ in rendered], site_url=site_url)
    with (project / "mkdocs.yml").open("w", encoding="utf-8") as out:
        out.write("# Generated by playbook: a plain MkDocs + Material project.\n")
        YAML(typ="safe", pure=True).dump(config, out)
    return config


def site_title(playbook: Playbook) -> str:
    """The site name, with markup characters dropped.

    Material inserts site_name escaped in some places and raw in others (even inside attributes),
    so no escaping is right for both: characters that could form markup are removed instead.
    """
    plain = f"{playbook.applicant.plain_name} · Match {playbook.applicant.cycle}"
    plain = plain.replace("&", " and ").replace("'", "\u2019")
    return " ".join(_MARKUP.sub(" ", plain).split())


def mkdocs_config(playbook: Playbook, all_pages: list[Page], *, site_url: str | None) -> dict[str, Any]:
    """The settings the generated project builds with; the root plugin copies the same ones."""
    config: dict[str, Any] = {
        "site_name": site_title(playbook),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": THEME,
        "plugins": ["search"],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra_css": ["assets/playbook.css"],
        "extra_javascript": [f"assets/{name}" for name in SCRIPTS],
        "extra": {"playbook_slug": playbook.applicant.slug, "generator": False},
        "nav": [{p.title: p.path} for p in all_pages],
    }
    if site_url:
        config["site_url"] = _checked_address(site_url)
    if offline(site_url):
        config["plugins"].append("offline")
        config["use_directory_urls"] = False  # what the offline plugin sets; said here so links agree
        config["extra"]["polyfills"] = [OFFLINE_SHIM]  # the plugin's search shim, kept beside the pages
    return config


def offline(site_url: str | None) -> bool:
    """Whether the site is built to be opened from the file system: the theme's offline plugin (search
    without a server, every page a file). A site with no address to be served from (most private
    playbooks, kept in a folder or a zip on her laptop) can only be opened that way; one with a
    `site_url` keeps folder addresses (`timeline/`) for its server."""
    return not site_url


def _checked_address(site_url: str) -> str:
    """MkDocs writes site_url unescaped into every page: only an address that is inert in HTML may pass."""
    try:
        return web_address(site_url)
    except ValueError as exc:
        raise PlaybookError(f"site_url: {exc}", got=site_url) from None


# The Monday planner's page, and the script its rules and her sheet are written to (see planner/browser.py).
PLANNER_PAGE = "soap-planner.md"
PLANNER_DATA = "assets/soap-data.js"
# The search worker shim the offline plugin loads from unpkg.com unless given one: without a network
# connection search would be gone, so the site carries its own copy.
OFFLINE_SHIM = "assets/vendor/iframe-worker-shim.js"
# The page scripts, each with one job, in load order: page.js (helpers) and store.js (ticks and blanks)
# first; the others share them.
SCRIPTS = ("page.js", "store.js", "checklist.js", "progress.js", "today.js", "home.js", "match-week.js", "copy.js",
           "a11y.js")
THEME: dict[str, Any] = {
    "name": "material",
    # Zensical's look for this theme; MkDocs keeps unknown theme settings for the theme, which has no use for it.
    # "classic" is Material's own look, so a site reads the same whichever engine built it.
    "variant": "classic",
    "language": "en",
    "font": False,
    "features": ["navigation.sections", "navigation.top", "search.highlight", "content.code.copy"],
    "palette": [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
        },
    ],
}
MARKDOWN_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "def_list",
    {"toc": {"permalink": True}},
    "pymdownx.details",
]


def build_site(project: Path, site_dir: Path, *, engine: str = DEFAULT_ENGINE, config: dict[str, Any] | None = None,
               **overrides: Any) -> None:
    """Build a generated project with `engine` (its settings `config` as write_project returned them).

    MkDocs runs here, quietly unless something goes wrong; `overrides` replace settings of its
    mkdocs.yml (a preview builds without the search index). Zensical runs in a process of its own.
    """
    if engine == "zensical":
        assert config is not None and not overrides, "Zensical builds the project's own settings"
        build_with_zensical(project, site_dir, config)
        return
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), **overrides)
        reuse_theme_work(config.theme)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.setLevel(level)
