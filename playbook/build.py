"""The whole pipeline in order: load → assemble → render (the PDF in a worker beside the site) → publish atomically."""

from __future__ import annotations

import datetime as dt
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from .assemble import assemble
from .calendar import Calendar
from .content_cache import Content, load_content
from .errors import PlaybookError
from .model import Planner, Playbook
from .modules import Module
from .output import MARKER, check_output_folder, check_pdf_path, mark, publish, staging, write_file
from .paths import content_dir
from .planner.browser import planner_data
from .planner.browser import script as planner_script
from .planner.page import monday_command, soap_plan
from .planner.programs import Program
from .planner.sheet import read_sheet, sheet_path
from .planner.strategy import StrategyFile
from .printer import Printer, printer
from .privacy import check_public, is_public
from .profile import Profile, check_calendar_overrides, read_profile
from .render import pdf, site
from .render.engine import DEFAULT_ENGINE, check_engine
from .yamlfile import Source


@dataclass
class Inputs:
    profile: Profile
    modules: list[Module]
    calendar: Calendar
    strategy: StrategyFile
    source: Source
    sheet: Path | None = None
    programs: list[Program] = field(default_factory=list)
    sheet_errors: list[PlaybookError] = field(default_factory=list)


@dataclass
class BuildOptions:
    profile: Path
    out: Path = Path("site")
    content: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    public: bool | None = None
    keep_sources: bool = False
    site_url: str | None = None
    include_private: bool = False
    pdf: bool = True
    pdf_only: bool = False
    paper: str = "letter"
    pdf_path: Path | None = None
    engine: str = DEFAULT_ENGINE


@dataclass
class BuildResult:
    out: Path
    pages: int
    seconds: float
    sources: Path | None = None
    warnings: list[str] = field(default_factory=list)
    pdf: Path | None = None
    pdf_pages: int = 0
    pdf_fonts: list[str] = field(default_factory=list)
    site_url: str | None = None


def load_inputs(profile_path: Path, content: Path | None = None,
                loaded: Content | None = None) -> Inputs:
    """Read and validate every input (the content unless `loaded` already holds it; content is cached,
    see content_cache); nothing is written."""
    profile, source = read_profile(profile_path)  # a bad profile stops here, before the content is read
    modules, calendar, strategy = loaded or load_content(content or content_dir())
    check_calendar_overrides(profile, source, calendar.event_ids)
    inputs = Inputs(profile, modules, calendar, strategy, source, sheet_path(profile, source, None))
    if inputs.sheet is not None:
        inputs.programs, rows = read_sheet(inputs.sheet)
        inputs.sheet_errors = list(rows.errors)
    return inputs


def make_playbook(inputs: Inputs, *, today: dt.date, public: bool | None = None) -> Playbook:
    public = is_public(inputs.profile, public)
    playbook = assemble(inputs.profile, inputs.modules, inputs.calendar, today=today, public=public)
    command = monday_command(None if public else Path(inputs.source.file).name)
    playbook = replace(playbook, planner=monday_planner(inputs, command, public))
    if inputs.sheet is None:
        return playbook
    plan = soap_plan(inputs.profile, inputs.strategy, inputs.programs, inputs.sheet, inputs.sheet_errors,
                     public=public, command=command)
    return replace(playbook, soap_plan=plan)


def monday_planner(inputs: Inputs, command: str, public: bool) -> Planner:
    """The Monday planner page's rules and sheet (a public build carries no sheet)."""
    sheet = inputs.programs if inputs.sheet is not None else None
    data = planner_data(inputs.profile, inputs.strategy, sheet, inputs.sheet.name if inputs.sheet else "",
                        inputs.sheet_errors, public=public)
    return Planner(planner_script(data), command, sheet is not None and not public)


def prepare(options: BuildOptions, inputs: Inputs) -> Playbook:
    """The playbook for one profile, after the public-build check."""
    if is_public(inputs.profile, options.public) and not options.include_private:
        check_public(inputs.source)
    return make_playbook(inputs, today=options.today, public=options.public)


@dataclass
class Staged:
    """What the render stage leaves in the staging folder, and the PDF placed there."""

    project: Path
    site: Path
    pages: int
    printed: pdf.Rendered | None = None


def render_site(playbook: Playbook, stage: Path, site_url: str | None, *, with_pdf: bool,
                engine: str = DEFAULT_ENGINE) -> Staged:
    """Write the MkDocs project into stage/project and build it with `engine` into stage/site (marked as ours).

    `with_pdf`: the home page links the printable playbook, whose place in docs/ an empty file holds
    (so the link has its target) until `place_pdf` fills it: the site does not wait for the PDF.
    """
    project = stage / "project"
    project.mkdir()
    config = site.write_project(playbook, project, site_url=site_url, pdf=pdf.PDF_NAME if with_pdf else None)
    if with_pdf:
        (project / "docs" / pdf.PDF_NAME).touch()
    staged = Staged(project, stage / "site", pages=len(config["nav"]))
    site.build_site(project, staged.site, engine=engine, config=config)
    mark(staged.site)
    return staged


def place_pdf(staged: Staged, printed: pdf.Rendered) -> None:
    """The printable playbook beside the pages (and in the kept project), where render_site left its place."""
    staged.printed = printed
    for folder in (staged.project / "docs", staged.site):
        (folder / pdf.PDF_NAME).write_bytes(printed.data)


def build(options: BuildOptions, printer: Printer | None = None) -> BuildResult:
    """Build as `options` say. The PDF is rendered by `printer` (see printer.py) while the site builds; a
    caller that starts the printer before importing this module gains the most from it."""
    started = time.perf_counter()
    content = options.content or content_dir()
    check_targets(options, content)
    pdf.created_at()  # a malformed SOURCE_DATE_EPOCH stops the build here, before any work
    with _printer_for(options, printer) as printer:
        inputs = load_inputs(options.profile, content)
        playbook = prepare(options, inputs)
        warnings = [e.line() for e in inputs.sheet_errors]
        pending = printer.print(pdf.print_html(playbook, paper=options.paper)) if printer else None
        if pending and options.pdf_only:
            return pdf_only(pending.result(), options, started, warnings)
        sources = sources_folder(options.out) if options.keep_sources else None
        site_url = options.site_url or inputs.profile.site_url
        with staging(options.out) as stage:
            staged = render_site(playbook, stage, site_url, with_pdf=pending is not None, engine=options.engine)
            if pending:
                place_pdf(staged, pending.result())
            publish(staged.site, options.out)
            if sources:
                (staged.project / MARKER).write_text("generated by playbook; safe to replace\n", encoding="utf-8")
                publish(staged.project, sources)
    printed = staged.printed
    if printed and options.pdf_path:
        write_file(options.pdf_path, printed.data)
    result = BuildResult(options.out, staged.pages, time.perf_counter() - started, sources, warnings, site_url=site_url)
    if printed:
        result.pdf, result.pdf_pages = options.pdf_path or options.out / pdf.PDF_NAME, printed.pages
        result.pdf_fonts = printed.stand_in_fonts()
    return result


def _printer_for(options: BuildOptions, given: Printer | None) -> AbstractContextManager[Printer | None]:
    """The caller's printer, or one started here; none when the build makes no PDF."""
    if not (options.pdf or options.pdf_only):
        return nullcontext()
    return nullcontext(given) if given else printer()


def check_targets(options: BuildOptions, content: Path) -> None:
    """Refuse every place the build would write that is unsafe, and an engine that is not there, before any work."""
    if not options.pdf_only:
        check_engine(options.engine)
    if not (options.pdf_only and options.pdf_path):
        check_output_folder(options.out, content=content, profile=options.profile)
    if options.keep_sources and not options.pdf_only:
        check_output_folder(sources_folder(options.out), content=content, profile=options.profile)
    if options.pdf_path:
        check_pdf_path(options.pdf_path, content=content, profile=options.profile)


def sources_folder(out: Path) -> Path:
    return out.with_name(out.name + "-sources")


def pdf_only(printed: pdf.Rendered, options: BuildOptions, started: float, warnings: list[str]) -> BuildResult:
    """Only the PDF: to --pdf PATH, else into OUT/playbook.pdf with the rest of OUT left as it is."""
    target = options.pdf_path
    if target is None:
        target = options.out / pdf.PDF_NAME
        options.out.mkdir(parents=True, exist_ok=True)
        mark(options.out)
    write_file(target, printed.data)
    return BuildResult(options.out, 0, time.perf_counter() - started, None, warnings, target, printed.pages,
                       printed.stand_in_fonts())
