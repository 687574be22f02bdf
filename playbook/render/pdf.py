"""Playbook → print HTML (Jinja2 templates in site_templates/print/) → PDF (WeasyPrint).

The PDF is made from the document model, not by printing the site: the print templates lay
out a cover, a contents page with page numbers, and one chapter per `Chapter` below. To add
a chapter, add a template (it sees `playbook` and the chapter's `ctx`) and a `Chapter` in
`chapters()`; its `entries` are the second-level headings (with ids) listed in the contents.

The layout is shaped by what WeasyPrint spends its time on. A table that breaks across pages is laid
out many times over, a page holding a page reference (`target-counter`) three times, and every inline
element or link costs about as much as a few lines of text. So long data are lists of blocks, the few
tables are short and never break, page numbers appear only in the contents (whose entries are
also the PDF outline), and each step is printed once, with its box, in its checklist: the timeline
and the modules name the checklist instead of repeating the step. `bench/pdf.py` measures the result
against WeasyPrint on plain prose of the same page count.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from typing import Any

import markdown
from jinja2 import Environment
from markupsafe import Markup

from ..errors import PlaybookError
from ..model import Dated, Item, Playbook
from ..modules import PHASES
from ..paths import templates_dir
from ..specialties import label
from . import chart, timeline
from .text import date_span, jinja, long_date, utc_offset, when_parts, zone_city

PDF_NAME = "playbook.pdf"
PAPERS = {"letter": "letter", "a4": "A4"}
PAPER_NAMES = {"letter": "US Letter", "a4": "A4"}
# The font families print.css names: Noto (fonts-noto-core), and DejaVu (fonts-dejavu-core) for what Noto lacks.
FONT_FAMILIES = ("Noto Sans", "Noto Serif", "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono")
# A tagged PDF (headings, lists, tables, reading order) that screen readers can navigate.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Entry:
    """A second-level heading: listed in the contents and the PDF outline."""

    id: str
    title: str


@dataclass(frozen=True)
class Chapter:
    """A first-level part of the printed playbook, starting on a new page."""

    id: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Group:
    """Checklist items printed under one heading of a phase chapter."""

    entry: Entry
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Place:
    """Where a group of steps is printed: the phase chapter, and the group's heading in it."""

    chapter: str
    entry: Entry


# Where steps are printed, by chapter: (chapter, ((group heading, how many of the steps), ...)), ...
Where = tuple[tuple[str, tuple[tuple[Entry, int], ...]], ...]


@dataclass(frozen=True)
class Day:
    """One date of the timeline by month: what happens that day, and where its steps are printed
    (each step is printed once, in its checklist; the timeline names the checklist)."""

    date: dt.date
    days: int
    entries: tuple[timeline.Entry, ...]  # events, bridge-year blocks and today
    steps: Where

    @property
    def step_count(self) -> int:
        return sum(n for _, places in self.steps for _, n in places)

    @property
    def one_place(self) -> bool:
        return sum(len(places) for _, places in self.steps) == 1


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int
    fonts: tuple[str, ...] = ()

    def stand_in_fonts(self) -> list[str]:
        """Embedded fonts standing in for the ones the layout is made for: fonts outside the named
        families, or every font when no Noto font was used (DejaVu alone sets wider, so the pages
        break elsewhere): the machine lacks the Noto or DejaVu fonts."""
        named = tuple(f.replace(" ", "-") for f in FONT_FAMILIES)
        if not any(f.startswith("Noto-") for f in self.fonts):
            return list(self.fonts)
        return [f for f in self.fonts if not f.startswith(named)]


def chapters(playbook: Playbook) -> list[Chapter]:
    """Every chapter after the cover and the contents, in print order (those with nothing to show left out)."""
    groups = {phase: phase_groups(playbook, phase) for phase in PHASES}
    places = {i.id: Place(PHASES[phase], g.entry) for phase, gs in groups.items() for g in gs for i in g.items}
    parts = [
        Chapter("about", "About this playbook", "about.html.j2"),
        timeline_chapter(playbook, places),
        *phase_chapters(playbook, groups),
        soap_plan_chapter(playbook),
        scripts_chapter(playbook),
        *module_chapters(playbook, places),
    ]
    return [c for c in parts if c is not None]


def phase_chapters(playbook: Playbook, groups: dict[str, list[Group]]) -> list[Chapter]:
    """One chapter per phase with steps; each step's due line says how its date is counted."""
    steps = {e.key.removeprefix("step-"): e for e in timeline.entries(playbook) if e.kind == "step"}
    result = []
    for phase, title in PHASES.items():
        plan = playbook.plan() if phase == "bridge_year" else []
        if groups[phase] or plan:
            entries = tuple(g.entry for g in groups[phase])
            entries += (Entry(f"months-{phase}", "Month by month"),) if plan else ()
            context = {"phase": phase, "groups": groups[phase], "plan": plan, "steps": steps}
            result.append(Chapter(f"phase-{phase}", title, "phase.html.j2", context, entries))
    return result


def soap_plan_chapter(playbook: Playbook) -> Chapter | None:
    if playbook.soap_plan is None:
        return None
    entries = (Entry("soap-plans", "Your plans, written before Monday"), Entry("soap-sheet", "Your program sheet"),
               Entry("soap-monday", "On Monday"))
    return Chapter("soap-plan", "SOAP plan", "soap-plan.html.j2", {}, entries)


def scripts_chapter(playbook: Playbook) -> Chapter | None:
    if not playbook.scripts():
        return None
    entries = tuple(Entry(f"script-{s.id}", s.title) for s in playbook.scripts())
    return Chapter("scripts", "Scripts", "scripts.html.j2", {}, entries)


def module_chapters(playbook: Playbook, places: dict[str, Place]) -> list[Chapter]:
    """A module's sections; their steps are named by the checklist that prints them."""
    return [
        Chapter(f"module-{m.id}", m.title, "module.html.j2",
                {"module": m, "steps": {s.id: _where(places[i.id] for i in s.items()) for s in m.sections}},
                tuple(Entry(f"section-{s.id}", s.title) for s in m.sections))
        for m in playbook.modules
    ]


def _where(places: Iterable[Place]) -> Where:
    """Each place once, in order of appearance and by chapter, with how many of the steps are there."""
    chapters: dict[str, list[tuple[Entry, int]]] = {}
    for place, count in Counter(places).items():
        chapters.setdefault(place.chapter, []).append((place.entry, count))
    return tuple((chapter, tuple(groups)) for chapter, groups in chapters.items())


def phase_groups(playbook: Playbook, phase: str) -> list[Group]:
    """Match Week is grouped by day; the other phases by checklist, in content order."""
    if phase == "match_week":
        return _groups_by_day(playbook.items_in_phase(phase), phase)
    groups = []
    for section in playbook.sections():
        for checklist in section.checklists:
            items = tuple(i for i in checklist.items if i.phase == phase)
            if items:
                groups.append(Group(Entry(f"list-{phase}-{checklist.id}", checklist.title), items))
    return groups


def _groups_by_day(items: list[Item], phase: str) -> list[Group]:
    days: dict[dt.date | None, list[Item]] = {}
    for item in sorted(items, key=lambda i: i.due.order if i.due else (dt.date.max, 0, None)):
        days.setdefault(item.due.local_date if item.due else None, []).append(item)
    return [
        Group(Entry(f"list-{phase}-{day.isoformat() if day else 'any-day'}", long_date(day) if day else "Any day"),
              tuple(group))
        for day, group in days.items()
    ]


def timeline_chapter(playbook: Playbook, places: dict[str, Place]) -> Chapter | None:
    """The chart, Match Week's events on the applicant's clock, and every date by month."""
    if not timeline.entries(playbook):
        return None
    week = [(day, events) for day, rows in timeline.match_week(playbook)
            if (events := [e for e in rows if e.kind == "event"])]
    context = {
        "chart": Markup(_for_print(chart.timeline_svg(playbook))),
        "week": week,
        "months": [(m, _days(m, places)) for m in timeline.months(playbook)],
    }
    entries = [Entry("timeline-chart", "Your cycle at a glance")] if context["chart"] else []
    entries += [Entry("timeline-match-week", "Match Week, hour by hour")] if week else []
    entries += [Entry("timeline-months", "Month by month")]
    return Chapter("timeline", "Timeline", "timeline.html.j2", context, tuple(entries))


def _for_print(svg: str) -> str:
    """The chart without what paper cannot show: tooltips, and markers drawn exactly over one another
    (several steps on one date). WeasyPrint styles and draws every element of an SVG. The chart's own
    title and description stay: they are the figure's text for screen readers."""
    if not svg:
        return svg
    xmlns = f' xmlns="{chart.SVG_NS}"'
    root = ET.fromstring(svg.replace(xmlns, "", 1))  # plain tag names, as chart.py writes them
    seen: set[tuple[tuple[str, str], ...]] = set()
    for parent in root.iter():
        for child in list(parent):
            for tooltip in child.findall("title"):
                child.remove(tooltip)
            marker = tuple(sorted(child.attrib.items()))
            if child.tag == "circle" and marker in seen:
                parent.remove(child)
            seen.add(marker)
    root.set("xmlns", chart.SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _days(month: timeline.Month, places: dict[str, Place]) -> list[Day]:
    days = []
    for date, group in groupby(month.entries, key=lambda e: e.date):
        rows = list(group)
        steps = _where(places[e.key.removeprefix("step-")] for e in rows if e.kind == "step")
        days.append(Day(date, rows[0].days, tuple(e for e in rows if e.kind != "step"), steps))
    return days


def times(thing: Dated) -> str:
    """'15:00 Lagos time (UTC+1) · 10:00 ET (UTC−4)': when a timed thing happens, its date left out."""
    local, et = when_parts(thing)
    return " · ".join(part for part in (local.split(", ", 1)[-1], et) if part)


def print_html(playbook: Playbook, *, paper: str = "letter") -> str:
    """The whole printed playbook as one self-contained HTML document (stylesheet inlined)."""
    all_chapters = chapters(playbook)
    return _environment().get_template("playbook.html.j2").render(
        playbook=playbook,
        chapters=all_chapters,
        paper=PAPERS[paper],
        created=created_at(),
        targets=", ".join(label(t) for t in playbook.applicant.targets),
    )


def render_pdf(playbook: Playbook, *, paper: str = "letter") -> Rendered:
    return html_to_pdf(print_html(playbook, paper=paper))


def html_to_pdf(html: str) -> Rendered:
    from ..printer import weasyprint_html

    HTML = weasyprint_html()  # noqa: N806 (a class)
    with _no_collection():
        document = HTML(string=html, base_url=str(templates_dir() / "print")).render()
        with _fixed_font_timestamps():
            data = document.write_pdf(pdf_variant=PDF_VARIANT)
    fonts = sorted({font.name.decode().split("+", 1)[-1] for font in getattr(document, "fonts", {}).values()})
    return Rendered(data, len(document.pages), tuple(fonts))


@contextmanager
def _no_collection() -> Iterator[None]:
    """WeasyPrint makes millions of short-lived objects and few reference cycles (a 45-page playbook
    leaves some 20,000 objects, a few MB, for the collector). With the loaded inputs set aside and
    collection off until the PDF is written, a playbook renders about 5% faster than with rare
    collections, and 15% faster than with Python's default ones."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """Fonts embedded with the same timestamp in every build, so the same playbook gives the same bytes.

    Where HarfBuzz's subsetter is missing, WeasyPrint subsets fonts with fontTools, which stamps each
    subset with the time of the build unless SOURCE_DATE_EPOCH says otherwise: the PDF would change with
    the second it was built in. When SOURCE_DATE_EPOCH is unset the PDF carries no date at all, so the
    fonts get the epoch's (fixed) time too, for as long as the PDF is written.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def created_at() -> str | None:
    """The PDF's creation time: SOURCE_DATE_EPOCH when set (reproducible builds), else none at all."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not value.strip().isdigit():
        raise PlaybookError("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01", got=value)
    moment = dt.datetime.fromtimestamp(int(value), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "tables", "def_list", "sane_lists"])


def md_html(text: str) -> Markup:
    """Model Markdown (profile values already escaped) → HTML for the print page; a link to a page of the site
    (`soap-planner.md`) keeps only its words, as paper has no such page."""
    md = _markdown()
    md.reset()
    return Markup(_SITE_LINK.sub(r"\1", md.convert(text)))


_SITE_LINK = re.compile(r'<a href="[a-z0-9-]+\.md(?:#[A-Za-z0-9_-]+)?">(.*?)</a>')


# Text Markdown would print unchanged: one line, no character with a meaning in Markdown or HTML,
# no start that makes a block (list item, quote, heading, rule, code).
_MARKDOWN_FREE = re.compile(r"[^\\`*_\[\]<>&{}!|#\n\r\t]*")
_BLOCK_START = re.compile(r"\s*([>+*-]|\d+[.)]|={2,}|-{2,})(\s|$)| {4}")


def md_inline(text: str) -> Markup:
    """One line of model Markdown → HTML without the surrounding paragraph. Most lines (step texts,
    titles) hold no Markdown at all and are returned as they are, without running the converter."""
    if _MARKDOWN_FREE.fullmatch(text) and not _BLOCK_START.match(text):
        return Markup(text.lstrip())
    html = str(md_html(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = jinja("print", html=True)  # compiled templates kept between processes: see text.COMPILED
    env.filters.update(md=md_html, inline=md_inline, parts=when_parts, long_date=long_date, date_span=date_span,
                       times=times, relative=timeline.relative, span=timeline.span, city=zone_city, offset=utc_offset)
    env.globals.update(phases=PHASES, flags=timeline.FLAGS)
    return env
