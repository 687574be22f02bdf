"""`playbook batch`: every profile of a folder into OUT/<slug>/ plus an index page, on all cores.

The unit of work is half a playbook, its site or its PDF, so two workers can share one profile and
the last task of a batch is short; each half runs in a worker process (one after the other inside
it: the pool already uses every core). A bad profile is reported and skipped while the rest
build. The whole output is staged and published in one swap, and only when every profile built,
so a failed batch leaves the previous good one in place. With `--shard I/N` only a stable slice of
the folder is built, and a record for `playbook merge` is left beside the sites (see merge.py).
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

from .assemble import STATUS_LABELS
from .build import BuildOptions, load_content, load_inputs, prepare, render_site
from .calendar import Calendar
from .errors import Location, PlaybookError, raise_all
from .merge import BatchKey, Shard, Site, batch_key, write_output
from .modules import Module
from .output import check_output_folder, publish, staging
from .paths import content_dir
from .planner.strategy import StrategyFile
from .render import pdf
from .render.engine import DEFAULT_ENGINE, check_engine
from .worker import cores, die_with

HALVES = ("pdf", "site")
"""What one task builds; the longer half of each profile is handed out first."""


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
    shard: Shard | None = None
    engine: str = DEFAULT_ENGINE
    pdf: bool = True

    def halves(self) -> tuple[str, ...]:
        return HALVES if self.pdf else ("site",)


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

    def site(self) -> Site:
        return Site(slug=self.slug, title=self.title, status=self.status, cycle=self.cycle, public=self.public,
                    profile=str(self.profile), slug_at=self.slug_at)


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    published: bool
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]


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


def chosen_profiles(options: BatchOptions) -> tuple[list[Path], list[Path]]:
    """The folder's profiles, and those this batch builds (its shard's, or all)."""
    profiles = find_profiles(options.profiles)
    return profiles, [p for p in profiles if options.shard is None or options.shard.holds(p)]


def run_batch(options: BatchOptions, report: Callable[[Outcome], None] = lambda o: None) -> BatchResult:
    started = time.perf_counter()
    profiles, chosen = chosen_profiles(options)
    content = options.content or content_dir()
    check_output_folder(options.out, content=content, profile=profiles[0])
    check_engine(options.engine)
    with staging(options.out) as stage:
        jobs = [replace(options, profiles=p, out=stage / f"{i:05d}") for i, p in enumerate(chosen)]
        outcomes = _refuse_shared_slugs(list(_run_all(jobs, options.jobs, report)))
        outcomes.sort(key=lambda o: str(o.profile))
        ok = all(o.error is None for o in outcomes)
        if ok:
            part = None
            if options.shard:
                part = options.shard, batch_key(profiles, today=options.today, public=options.public,
                                                include_private=options.include_private, site_url=options.site_url,
                                                engine=options.engine, pdf=options.pdf)
            publish(_assemble_output(stage / "out", outcomes, part), options.out)
    return BatchResult(outcomes, ok, time.perf_counter() - started)


def _run_all(jobs: list[BatchOptions], workers: int, report: Callable[[Outcome], None]) -> Iterator[Outcome]:
    """Each profile's outcome once all its halves are done (an error in either is the profile's)."""
    done: dict[Path, list[Outcome]] = {}
    wanted = {job.out: len(job.halves()) for job in jobs}
    for outcome in _run_halves(_in_order(jobs, workers), workers):
        halves = done.setdefault(outcome.stage, [])
        halves.append(outcome)
        if len(halves) < wanted[outcome.stage]:
            continue
        whole = next((o for o in halves if o.error), outcome)
        report(whole)
        yield whole


def _in_order(jobs: list[BatchOptions], workers: int) -> list[tuple[BatchOptions, str]]:
    """The halves in the order the workers take them up: PDFs first, each profile's site some PDFs behind.

    A PDF takes about five times as long as a site. Taken in profile order, the batch would end on one
    worker printing a last PDF while the others wait; with the sites behind, it ends on short site
    halves that the other workers share, and profiles still finish one after another as it goes."""
    if workers <= 1:
        return [(job, half) for job in jobs for half in job.halves()]
    lag = 2 * workers
    tasks = [(job, "pdf") for job in jobs if job.pdf]
    for i, job in enumerate(jobs):
        tasks.insert(min(2 * i + lag + 1, len(tasks)), (job, "site"))
    return tasks


def _run_halves(tasks: list[tuple[BatchOptions, str]], workers: int) -> Iterator[Outcome]:
    if workers <= 1 or not tasks:
        for task in tasks:
            yield build_half(*task)
        return
    with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=_start_method(), initializer=die_with,
                             initargs=(os.getpid(),)) as pool:
        for future in as_completed([pool.submit(build_half, *task) for task in tasks]):
            yield future.result()


def _start_method() -> BaseContext:
    """fork when this process runs one thread: workers start at once with MkDocs already imported.

    With other threads running (a test server, say) forking is unsafe, so workers are spawned afresh.
    """
    if "fork" in get_all_start_methods() and threading.active_count() == 1:
        import mkdocs.commands.build  # noqa: F401  (imported once here, inherited by every worker)

        return get_context("fork")
    return get_context("spawn")


def build_half(job: BatchOptions, half: str) -> Outcome:
    """Build half of one profile's playbook into job.out: its site (job.out/site) or its PDF (job.out/playbook.pdf).

    Runs in a worker process. Each half loads and checks the profile itself (tens of milliseconds
    with the content already loaded), so the halves can run at once on two workers.
    """
    try:
        inputs = load_inputs(job.profiles, loaded=_content(job.content or content_dir()))
        options = BuildOptions(job.profiles, today=job.today, public=job.public, include_private=job.include_private)
        playbook = prepare(options, inputs)
        job.out.mkdir(exist_ok=True)
        if half == "site":
            site_url = _join(job.site_url, playbook.applicant.slug) or inputs.profile.site_url
            render_site(playbook, job.out, site_url, with_pdf=job.pdf, engine=job.engine)
        else:
            (job.out / pdf.PDF_NAME).write_bytes(pdf.render_pdf(playbook).data)
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


def _assemble_output(root: Path, outcomes: list[Outcome], part: tuple[Shard, BatchKey] | None) -> Path:
    """Move every built site to root/<slug>/ with its PDF, and write the index page (and a shard's record)."""
    root.mkdir()
    for o in outcomes:
        (o.stage / "site").rename(root / o.slug)
        if (o.stage / pdf.PDF_NAME).exists():
            (o.stage / pdf.PDF_NAME).replace(root / o.slug / pdf.PDF_NAME)
    write_output(root, [o.site() for o in outcomes], part)
    return root
