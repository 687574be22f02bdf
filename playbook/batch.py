"""`playbook batch`: every profile of a folder into OUT/<slug>/ plus an index page, on all cores.

Each profile builds in a worker process; a bad profile is reported and skipped while the rest
build. The whole output is staged and published in one swap, and only when every profile built,
so a failed batch leaves the previous good one in place.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import lru_cache
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .assemble import STATUS_LABELS
from .build import BuildOptions, load_content, load_inputs, prepare, render_site
from .calendar import Calendar
from .errors import Location, PlaybookError, raise_all
from .modules import Module
from .output import MARKER, check_output_folder, publish, staging
from .paths import content_dir, templates_dir
from .planner.strategy import StrategyFile
from .render import pdf


@dataclass(frozen=True)
class BatchOptions:
    profiles: Path
    out: Path = Path("public")
    jobs: int = field(default_factory=lambda: cores())
    content: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    public: bool | None = None
    include_private: bool = False
    site_url: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one profile: its slug and title, or the error lines that stopped it."""

    profile: Path
    stage: Path
    slug: str = ""
    title: str = ""
    status: str = ""
    cycle: int = 0
    public: bool = False
    warnings: tuple[str, ...] = ()
    error: str | None = None
    slug_at: str = ""
    """Where the profile file writes what the slug comes from (FILE:LINE:COL), for a shared-slug error."""


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    published: bool
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]


def cores() -> int:
    """The cores this process may use (fewer than the machine's in a container or under taskset)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def find_profiles(folder: Path) -> list[Path]:
    """The folder's own *.yaml and *.yml files (not its subfolders), in name order."""
    if not folder.is_dir():
        raise PlaybookError("expected a folder of profiles", Location(str(folder)), got=str(folder))
    found = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not found:
        raise PlaybookError("no profiles (*.yaml) in this folder", Location(str(folder)))
    inside = folder.resolve()
    raise_all([PlaybookError("a link to a file outside this folder; a batch reads only the folder's own profiles",
                             Location(str(p))) for p in found if inside not in p.resolve().parents])
    return found


def run_batch(options: BatchOptions, report: Callable[[Outcome], None] = lambda o: None) -> BatchResult:
    started = time.perf_counter()
    profiles = find_profiles(options.profiles)
    content = options.content or content_dir()
    check_output_folder(options.out, content=content, profile=profiles[0])
    with staging(options.out) as stage:
        jobs = [replace(options, profiles=p, out=stage / f"{i:05d}") for i, p in enumerate(profiles)]
        outcomes = _refuse_shared_slugs(list(_run_all(jobs, options.jobs, report)))
        outcomes.sort(key=lambda o: str(o.profile))
        ok = all(o.error is None for o in outcomes)
        if ok:
            publish(_assemble_output(stage / "out", outcomes), options.out)
    return BatchResult(outcomes, ok, time.perf_counter() - started)


def _run_all(jobs: list[BatchOptions], workers: int, report: Callable[[Outcome], None]) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            outcome = build_one(job)
            report(outcome)
            yield outcome
        return
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=_start_method()) as pool:
        for future in as_completed([pool.submit(build_one, job) for job in jobs]):
            outcome = future.result()
            report(outcome)
            yield outcome


def _start_method() -> BaseContext:
    """fork when this process runs one thread: workers start at once with MkDocs already imported.

    With other threads running (a test server, say) forking is unsafe, so workers are spawned afresh.
    """
    if "fork" in get_all_start_methods() and threading.active_count() == 1:
        import mkdocs.commands.build  # noqa: F401  (imported once here, inherited by every worker)

        return get_context("fork")
    return get_context("spawn")


def build_one(job: BatchOptions) -> Outcome:
    """Build one profile into job.out/site (runs in a worker process)."""
    try:
        inputs = load_inputs(job.profiles, loaded=_content(job.content or content_dir()))
        options = BuildOptions(job.profiles, today=job.today, public=job.public, include_private=job.include_private)
        playbook = prepare(options, inputs)
        job.out.mkdir()
        site_url = _join(job.site_url, playbook.applicant.slug) or inputs.profile.site_url
        render_site(playbook, job.out, site_url, pdf.render_pdf(playbook))
    except PlaybookError as exc:
        return Outcome(job.profiles, job.out, error=exc.line())
    applicant = playbook.applicant
    slug_at = inputs.source.at((applicant.slug_from,), key=True) if applicant.slug_from else Location(str(job.profiles))
    return Outcome(job.profiles, job.out, applicant.slug, applicant.plain_name, STATUS_LABELS[applicant.status],
                   applicant.cycle, playbook.public, tuple(e.line() for e in inputs.sheet_errors), slug_at=str(slug_at))


@lru_cache(maxsize=4)
def _content(folder: Path) -> tuple[list[Module], Calendar, StrategyFile]:
    """Content, calendar and strategy, read once per worker process."""
    return load_content(folder)


def _join(base: str | None, slug: str) -> str | None:
    return f"{base.rstrip('/')}/{slug}/" if base else None


def _refuse_shared_slugs(outcomes: list[Outcome]) -> list[Outcome]:
    """Two profiles with one slug would write one folder: both become errors, neither is published."""
    owners: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.error is None:
            owners.setdefault(o.slug, []).append(o)
    result = []
    for o in outcomes:
        others = [x.profile for x in owners.get(o.slug, []) if x is not o] if o.error is None else []
        if others:
            message = (f"slug '{o.slug}' is also the slug of {', '.join(map(str, others))}; "
                       "give one of them another slug, name or title")
            o = replace(o, error=f"{o.slug_at}: {message}")
        result.append(o)
    return result


def _assemble_output(root: Path, outcomes: list[Outcome]) -> Path:
    """Move every built site to root/<slug>/ and write the index page."""
    root.mkdir()
    for o in outcomes:
        (o.stage / "site").rename(root / o.slug)
    (root / "index.html").write_text(index_page(outcomes), encoding="utf-8")
    (root / MARKER).write_text("built by playbook batch; safe to replace\n", encoding="utf-8")
    return root


def index_page(outcomes: list[Outcome]) -> str:
    env = Environment(loader=FileSystemLoader(templates_dir() / "batch"), autoescape=True, undefined=StrictUndefined)
    playbooks = sorted(outcomes, key=lambda o: (not o.public, o.title.lower()))
    return env.get_template("index.html.j2").render(playbooks=playbooks)
