"""The `playbook` command: build, batch, merge, check, schema, new, init, serve, soap."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import DISTRIBUTION, __version__
from .errors import PlaybookError, printable, shown
from .paths import content_dir
from .printer import printer
from .render.engine import DEFAULT_ENGINE, ENGINES
from .starter import starter_profile, untouched
from .workflow import MAX_SHARDS

if TYPE_CHECKING:
    from .install import Install
    from .merge import Shard
    from .scaffold import Target

# The rest of playbook is imported inside the commands: `build` starts its printer (see printer.py)
# before importing the pipeline, so that WeasyPrint gets ready while the pipeline loads.


def _fail(exc: PlaybookError) -> None:
    click.echo(exc.line(), err=True)
    raise click.exceptions.Exit(exc.exit_code)


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD (got {value!r})", param_hint="--today") from None


def _site_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--site-url is checked like the profile's site_url, before any work."""
    if value is None:
        return None
    from .profile import web_address

    try:
        return web_address(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc} (got {shown(value)})") from None


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
    if value is None:
        return None
    from .merge import Shard

    try:
        return Shard.parse(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc} (got {shown(value)})") from None


ENGINE_HELP = f"Site engine: MkDocs with Material, or Zensical (pip install '{DISTRIBUTION}[zensical]')."
INCLUDE_PRIVATE_HELP = ("Allow a public build from a profile that holds personal values (name, contact, scores, "
                        "letter writers); they are still left out of every output.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def main() -> None:
    """Build a personalized Match and SOAP playbook from one applicant profile."""


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), show_default=True,
              help="Folder for the built site; replaced only when the build succeeds.")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="Date to count days from (default: today).")
@click.option("--public/--private", "public", default=None,
              help="Leave private values out (default: the profile's visibility).")
@click.option("--include-private", is_flag=True, help=INCLUDE_PRIVATE_HELP)
@click.option("--keep-sources", is_flag=True, help="Also keep the generated MkDocs project in OUT-sources/.")
@click.option("--site-url", callback=_site_url, help="Public address of the site, e.g. https://you.github.io/repo/ "
              "(default: the profile's site_url).")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), help="Use another content folder.")
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Skip the printable playbook (OUT/playbook.pdf).")
@click.option("--pdf-only", is_flag=True,
              help="Build only the printable playbook, into OUT/playbook.pdf (the rest of OUT is left as it is) "
              "or to --pdf PATH.")
@click.option("--pdf", "pdf_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the printable playbook to this file.")
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False), default="letter", show_default=True,
              help="Paper size of the printable playbook.")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help=ENGINE_HELP)
def build(profile: Path, out: Path, today: str | None, public: bool | None, include_private: bool,
          keep_sources: bool, site_url: str | None, content: Path | None, no_pdf: bool, pdf_only: bool,
          pdf_path: Path | None, paper: str, engine: str) -> None:
    """Build the playbook site and its printable PDF for PROFILE."""
    if no_pdf and (pdf_only or pdf_path):
        raise click.UsageError("--no-pdf cannot be combined with --pdf-only or --pdf")
    with printer() if not no_pdf else nullcontext() as early:
        from . import build as pipeline

        options = pipeline.BuildOptions(profile, out, content, _today(today), public, keep_sources, site_url,
                                        include_private, pdf=not no_pdf, pdf_only=pdf_only, paper=paper.lower(),
                                        pdf_path=pdf_path, engine=engine)
        try:
            result = pipeline.build(options, early)
        except PlaybookError as exc:
            _fail(exc)
    from .render.pdf import PAPER_NAMES
    from .render.text import plural

    for warning in result.warnings:
        click.echo(warning, err=True)
    if not pdf_only:
        click.echo(f"Built {result.pages} pages into {result.out}/ in {result.seconds:.1f} s")
    if result.pdf:
        size = PAPER_NAMES[options.paper]
        done = f" in {result.seconds:.1f} s" if pdf_only else ""
        click.echo(f"Printable playbook: {result.pdf} ({result.pdf_pages} pages, {size}){done}")
    if result.warnings:
        rows = plural(len(result.warnings), "row")
        click.echo(f"{rows} of the program sheet {'was' if len(result.warnings) == 1 else 'were'} skipped (see above).",
                   err=True)
    if result.pdf_fonts:
        click.echo(f"warning: the Noto and DejaVu fonts are not all installed, so {result.pdf} uses "
                   f"{', '.join(result.pdf_fonts)} and its pages break differently; install them (Debian: "
                   "apt-get install fonts-noto-core fonts-dejavu-core)", err=True)
    if not pdf_only:
        click.echo(_where_to_look(result.out, result.site_url, result.pdf))
    if result.sources:
        project = result.sources
        click.echo(f"MkDocs project kept in {project}/ (build it with: mkdocs build -f {project}/mkdocs.yml, "
                   f"or zensical build -f {project}/mkdocs.yml)")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), help="Use another content folder.")
def check(files: tuple[Path, ...], content: Path | None) -> None:
    """Validate profiles (and the content they are built with) without writing anything."""
    from . import build as pipeline
    from .render.text import plural

    failed = False
    for file in files:
        try:
            inputs = pipeline.load_inputs(file, content)
            playbook = pipeline.prepare(pipeline.BuildOptions(file, content=content), inputs)
        except PlaybookError as exc:
            click.echo(exc.line(), err=True)
            failed = True
            continue
        if inputs.sheet_errors:
            click.echo("\n".join(e.line() for e in inputs.sheet_errors), err=True)
            rows = plural(len(inputs.sheet_errors), "row")
            click.echo(f"{file}: {rows} of {inputs.sheet} would be skipped", err=True)
            failed = True
            continue
        for warning in untouched(inputs.source.data, inputs.source.at):
            click.echo(warning, err=True)
        sheet = f", {plural(len(inputs.programs), 'program')} in {inputs.sheet}" if inputs.sheet else ""
        counts = f"{plural(len(playbook.modules), 'module')}, {plural(len(playbook.items()), 'checklist item')}"
        click.echo(f"{printable(str(file))}: ok ({counts}{sheet})")
    if failed:
        raise click.exceptions.Exit(2)


@main.command()
def schema() -> None:
    """Print the profile's JSON Schema (for editor completion)."""
    from .profile import Profile

    click.echo(json.dumps(Profile.model_json_schema(), indent=2))


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--programs", "programs", is_flag=False, flag_value="programs.csv", default=None,
              type=click.Path(path_type=Path, dir_okay=False), metavar="[SHEET]",
              help="Write a documented program-sheet template instead (default name: programs.csv).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(file: Path | None, programs: Path | None, force: bool) -> None:
    """Write a commented starter profile to FILE (default: profile.yaml)."""
    if programs is not None and file is not None:
        raise click.UsageError("give either FILE or --programs SHEET, not both")
    target = programs or file or Path("profile.yaml")
    if target.exists() and not force:
        click.echo(f"{target}:1:1: file exists; pass --force to overwrite it", err=True)
        raise click.exceptions.Exit(2)
    if programs is not None:
        from .planner.template import TEMPLATE as SHEET_TEMPLATE

        target.write_text(SHEET_TEMPLATE, encoding="utf-8")
        click.echo(f"Wrote {target}. Fill in one row per program, then add `programs: {target.name}` to your profile.")
        return
    target.write_text(starter_profile(target.name), encoding="utf-8")
    click.echo(f"Wrote {target}. Edit it, then check it: playbook check {target}\n"
               f"and build it: playbook build {target} --out my-site")


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--unfilled", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The List of Unfilled Programs as a CSV file.")
@click.option("--programs", type=click.Path(path_type=Path, dir_okay=False),
              help="Your program sheet (default: the profile's `programs:`).")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("soap-list"), show_default=True,
              help="Folder for soap-list.csv, .md and .html; replaced only when all are written.")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="Date printed on the list (default: today).")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), help="Use another content folder.")
def soap(profile: Path, unfilled: Path, programs: Path | None, out: Path, today: str | None,
         content: Path | None) -> None:
    """Rank the List of Unfilled Programs against PROFILE (and its program sheet), up to the cap."""
    from . import build as pipeline
    from .planner import monday, report

    try:
        pipeline.check_output_folder(out, content=content or content_dir(), profile=profile)
        result = monday.run(profile, unfilled, programs, content)
        for reading in filter(None, (result.sheet, result.listed)):
            for error in reading.errors:
                click.echo(error.line(), err=True)
        click.echo(report.terminal(result), nl=False)
        written = report.write(result, out, _today(today))
    except PlaybookError as exc:
        _fail(exc)
    click.echo("Wrote " + ", ".join(str(p) for p in written))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(profile: Path, dev_addr: str) -> None:
    """Preview PROFILE's playbook with live reload (edits to the profile or content rebuild it)."""
    from . import build as pipeline
    from .serve import serve_profile

    try:
        pipeline.load_inputs(profile)
    except PlaybookError as exc:
        _fail(exc)
    serve_profile(profile, dev_addr)


@main.command()
@click.argument("profiles", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("public"), show_default=True,
              help="Folder for OUT/<slug>/ sites and the index page; replaced only when every profile built.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, show_default="all cores",
              help="Profiles built at once.")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="Date to count days from (default: today).")
@click.option("--public/--private", "public", default=None,
              help="Leave private values out of every site (default: each profile's visibility).")
@click.option("--include-private", is_flag=True, help=INCLUDE_PRIVATE_HELP)
@click.option("--site-url", metavar="URL", callback=_site_url,
              help="Public address of OUT/; each site gets URL/<slug>/.")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), help="Use another content folder.")
@click.option("--shard", metavar="I/N", callback=_shard,
              help="Build only slice I of N of the folder (by file name), for `playbook merge`.")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help=ENGINE_HELP)
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Skip the printable playbooks (OUT/<slug>/playbook.pdf).")
def batch(profiles: Path, out: Path, jobs: int | None, today: str | None, public: bool | None, include_private: bool,
          site_url: str | None, content: Path | None, shard: Shard | None, engine: str, no_pdf: bool) -> None:
    """Build every profile in the folder PROFILES into OUT/<slug>/, plus an index page."""
    from .batch import BatchOptions
    from .progress import run_with_progress
    from .worker import cores

    options = BatchOptions(profiles, out, jobs or cores(), content, _today(today), public, include_private, site_url,
                           shard, engine, pdf=not no_pdf)
    try:
        result = run_with_progress(options)
    except PlaybookError as exc:
        _fail(exc)
    if result.failed:
        click.echo(f"{len(result.failed)} of {len(result.outcomes)} profiles failed; {out}/ left as it was", err=True)
        raise click.exceptions.Exit(1)
    count = len(result.outcomes)
    of_shard = f" (shard {shard})" if shard else ""
    click.echo(f"Built {count} playbook{'s' if count != 1 else ''}{of_shard} into {out}/ in {result.seconds:.1f} s")
    if shard:
        click.echo(f"This is part {shard} of the folder: join every part into one site with "
                   "playbook merge PART... --out public")
    else:
        click.echo(_where_to_look(out, site_url, not no_pdf, batch=True))


@main.command()
@click.argument("parts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("public"), show_default=True,
              help="Folder for the joined sites and their index page; replaced only when the merge succeeds.")
def merge(parts: tuple[Path, ...], out: Path) -> None:
    """Join the outputs of `playbook batch --shard I/N` (every shard, once) into one site in OUT."""
    from .merge import merge as merge_parts

    try:
        sites, key = merge_parts(list(parts), out)
    except PlaybookError as exc:
        _fail(exc)
    count = len(sites)
    click.echo(f"Merged {count} playbook{'s' if count != 1 else ''} from {len(parts)} parts into {out}/")
    click.echo(_where_to_look(out, key.site_url, key.pdf, batch=True))


def _where_to_look(out: Path, site_url: str | None, pdf: Path | bool | None, batch: bool = False) -> str:
    """One line after a build: what to open, and where the PDF and the calendar are."""
    from .render.ics import ICS_NAME
    from .render.pdf import PDF_NAME

    if site_url:  # its links are folders (timeline/), which a browser opens only from a web server
        look = f"Publish {out}{os.sep} at {site_url} and open it there"
    else:
        look = f"Open {out / 'index.html'} in your browser"
    if batch:
        files = f"{PDF_NAME} and {ICS_NAME}" if pdf else ICS_NAME
        return f"{look}: it links to every playbook, and each one's folder holds its {files}"
    if isinstance(pdf, Path):
        return f"{look}; the PDF is {pdf}, the calendar {out / ICS_NAME}"
    return f"{look}; the calendar is {out / ICS_NAME} (no PDF: built with --no-pdf)"


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@click.option("--install", metavar="SPEC", help="pip requirement the Pages workflow installs playbook with "
              "(default: where this playbook was installed from).")
@click.option("--branch", metavar="NAME", help="The branch whose pushes publish (default: the repository's current "
              "branch).")
@click.option("--subfolder", is_flag=True, help="FOLDER is inside a repository: keep the files there and write the "
              "workflow at the repository's root, running in FOLDER.")
@click.option("--shards", type=click.IntRange(2, MAX_SHARDS), metavar="N",
              help="Build the profiles in N CI jobs at once (batch --shard), then merge them and deploy.")
def init(folder: Path, install: str | None, branch: str | None, subfolder: bool, shards: int | None) -> None:
    """Set up the git repository in FOLDER (default: here) to publish playbooks on GitHub Pages."""
    from . import install as installs
    from .scaffold import scaffold, target

    try:
        place = target(folder, branch, subfolder)
        chosen = installs.given(install) if install else installs.choose_install()
        written = scaffold(place, chosen.requirements(), shards)
    except PlaybookError as exc:
        _fail(exc)
    click.echo(f"requirements.txt installs playbook with: {chosen.spec}\n  ({chosen.how})")
    whence = ("given with --branch" if branch else "the repository's current branch" if place.root else
              "not a git repository yet")
    click.echo(f"The workflow publishes each push to the branch {place.where.branch} ({whence}).")
    for item in written:
        click.echo(item.line())
    click.echo("Next:\n" + "\n".join(f"  {n}. {step}" for n, step in enumerate(_next_steps(place, chosen), 1)))


def _next_steps(place: Target, chosen: Install) -> list[str]:
    from .install import REQUIREMENT_LINE

    folder, branch = place.folder, place.where.branch
    steps = []
    if chosen.placeholder:
        steps.append(f"Edit line {REQUIREMENT_LINE} of {folder / 'requirements.txt'}: say where GitHub installs "
                     f"playbook from, e.g. {DISTRIBUTION}=={__version__} once it is on the package index, or "
                     f"{DISTRIBUTION} @ git+https://github.com/OWNER/REPOSITORY@COMMIT (until then the workflow "
                     "stops at that line).")
    if place.root is None:
        steps.append(f"Make {folder} a git repository: git init -b {branch} {folder}")
    steps.append(f"Write your guides in {folder / 'profiles'}/ (check them: playbook check "
                 f"{folder / 'profiles' / '*.yaml'}), commit, and push the branch {branch} to GitHub.")
    steps.append("On GitHub: Settings → Pages → Build and deployment → Source: GitHub Actions.")
    return steps


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
