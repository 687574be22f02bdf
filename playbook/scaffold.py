"""`playbook init`: a repository that builds its profiles and publishes them on GitHub Pages.

It writes into the root of a new or existing git repository and replaces nothing: a file it would
overwrite stops it, named (its .gitignore lines are added to one that exists). GitHub reads workflows
only at a repository's root, so a subfolder of a repository is refused unless asked for, and then the
workflow goes to the root and runs in the subfolder. The workflow publishes pushes to the repository's
current branch, and installs playbook from where this one came from (see install.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, PlaybookError
from .install import git
from .workflow import Where, sharded_workflow, single_workflow

PROFILE = """\
# A public guide: it describes a persona, not a person, so anyone may read it on GitHub Pages.
# Keep names, contact data, scores and letter writers out of this repository: GitHub Pages is
# public. Build a person's playbook on your own computer instead: playbook build mentee.yaml
# Check it with: playbook check profiles/guide.yaml    All keys: playbook schema

title: Non-US IMG, pediatrics, needs J-1
visibility: public
graduation_year: 2022
citizenship: non_us             # us_citizen | us_img | non_us
visa: j1                        # j1 | h1b | j1_or_h1b | none
specialties:
  targets: [pediatrics]
  alternatives: [family_medicine]
exams:
  step1: {status: passed, attempts: 1}
  step2ck: {status: passed, attempts: 1}
ecfmg: certified                # certified | pending | not_started | not_needed
usce_months: 3
match_status: applying          # applying | unmatched | partially_matched | soap_unmatched | reapplicant
cycle: 2027                     # the year of Match Day
timezone: America/New_York
"""

MKDOCS = """\
# Preview one profile with live reload: mkdocs serve
# (the playbook plugin writes every page from the profile; docs/ stays empty)
site_name: Playbook
docs_dir: docs
theme:
  name: material
plugins:
  - search
  - playbook:
      profile: profiles/guide.yaml
"""

GITIGNORE = """\
.venv/
public/
site/
*-sources/
# What a build keeps beside its output while it runs (staging, the lock file) and what a killed
# build leaves until the next build removes it: it may hold the generated pages.
.playbook-*
.*.old-*
"""


README = """\
# Match and SOAP playbooks

Each file in `profiles/` becomes one playbook site. On every push to `{branch}`, GitHub Actions
runs `playbook batch profiles --public` and publishes the sites on GitHub Pages, at
`https://<user>.github.io/<repository>/<slug>/`, with an index page at the root.

- Turn publishing on once: Settings → Pages → Build and deployment → Source: **GitHub Actions**.
- Install playbook here as the workflow does: `pip install -r requirements.txt` (in a virtual environment).
- Add a guide: copy `profiles/guide.yaml`, change `title` and the situation, push.
- Check a profile: `playbook check profiles/guide.yaml`.
- Preview one profile: `mkdocs serve` (edit `profile:` in `mkdocs.yml` to pick another).
- Build them all here: `playbook batch profiles --out public --public`, then open `public/index.html`.

GitHub Pages is public. The build is `--public`: scores, exam attempts, visa details, letter
writers and contact data never reach the sites, and a profile that holds a name, contact data or
scores stops the build. Keep people's own profiles out of this repository and build them on your
computer: `playbook build mentee.yaml --out mentee-site`.

Dates and rules change every year: verify them with NRMP and ERAS for your year.
"""



WORKFLOW_FILE = ".github/workflows/pages.yml"
SAFE_NAME = re.compile(r"[\w.-]+(/[\w.-]+)*")
"""Branch and folder names written into the workflow: no glob signs, quotes, spaces or `${{`."""


@dataclass(frozen=True)
class Written:
    path: Path
    added: int | None = None  # lines added to a file that was there (.gitignore); None: a new file

    def line(self) -> str:
        return f"wrote {self.path}" if self.added is None else f"added {self.added} lines to {self.path}"


@dataclass(frozen=True)
class Target:
    """Where init writes: the folder, the repository root holding it (None outside git) and the workflow's
    branch and folder."""

    folder: Path
    root: Path | None
    where: Where

    @property
    def workflow(self) -> Path:
        at_root = self.root is None or self.root == self.folder.resolve()
        return (self.folder if at_root else self.root) / WORKFLOW_FILE


def target(folder: Path, branch: str | None = None, subfolder: bool = False) -> Target:
    """Check where init may write, and read the branch from git unless given."""
    if folder.exists() and not folder.is_dir():
        raise PlaybookError("not a folder; give a repository's folder", Location(str(folder)))
    root = repository_root(folder)
    inside = ""
    if root is not None and root != folder.resolve():
        inside = folder.resolve().relative_to(root).as_posix()
        if not subfolder:
            raise PlaybookError(
                f"this folder is inside the git repository {root}, and GitHub reads workflows only from "
                f".github/workflows at a repository's root: run init in {root}, or pass --subfolder to keep the "
                "playbook files here and write the workflow at the root", Location(str(folder)))
    if branch is None:
        branch = (git(root, "symbolic-ref", "--quiet", "--short", "HEAD") if root else None) or "main"
    for what, name in (("--branch", branch), ("folder", inside)):
        if name and not SAFE_NAME.fullmatch(name):
            raise PlaybookError(f"{what}: use letters, digits, '.', '-', '_' and '/' for a name the workflow "
                                "names", Location(str(folder)), got=name)
    return Target(folder, root, Where(branch, inside))


def repository_root(folder: Path) -> Path | None:
    """The top of the git work tree holding FOLDER (or the folder it would be made in), else None."""
    probe = folder.resolve()
    while not probe.exists():
        probe = probe.parent
    top = git(probe, "rev-parse", "--show-toplevel")
    return Path(top).resolve() if top else None


def scaffold(place: Target, requirements: str, shards: int | None = None) -> list[Written]:
    """Write the repository's files; returns them in the order written. Refuses, naming them, files that exist
    (but .gitignore, which gets the lines it lacks)."""
    files = {
        place.folder / "profiles/guide.yaml": PROFILE,
        place.folder / "mkdocs.yml": MKDOCS,
        place.folder / "docs/.gitkeep": "",
        place.folder / ".gitignore": GITIGNORE,
        place.folder / "README.md": README.format(branch=place.where.branch),
        place.folder / "requirements.txt": requirements,
        place.workflow: sharded_workflow(shards, place.where) if shards else single_workflow(place.where),
    }
    taken = [path for path in files if path.name != ".gitignore" and (path.exists() or path.is_symlink())]
    if taken:
        names = ", ".join(_shown(path, place) for path in taken)
        raise PlaybookError(f"init writes only new files, and these exist: {names}; move them aside, or run init "
                            "in another repository", Location(str(taken[0])))
    return [_write(path, text) for path, text in files.items()]


def _write(path: Path, text: str) -> Written:
    if path.name == ".gitignore" and path.is_file():
        have = set(path.read_text(encoding="utf-8", errors="replace").splitlines())
        lines = [line for line in text.splitlines() if line not in have and not line.startswith("#")]
        if lines:
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n# playbook: what builds write\n" + "\n".join(lines) + "\n")
        return Written(path, len(lines))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Written(path)


def _shown(path: Path, place: Target) -> str:
    base = place.root or place.folder.resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)
