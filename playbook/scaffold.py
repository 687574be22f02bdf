"""`playbook init`: a repository that builds its profiles and publishes them on GitHub Pages."""

from __future__ import annotations

import json
import re
import subprocess
from importlib import metadata
from pathlib import Path

from .errors import Location, PlaybookError
from .workflow import sharded_workflow, single_workflow

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

WORKFLOW = single_workflow()  # see workflow.py

README = """\
# Match and SOAP playbooks

Each file in `profiles/` becomes one playbook site. On every push to `main`, GitHub Actions
runs `playbook batch profiles --public` and publishes the sites on GitHub Pages, at
`https://<user>.github.io/<repository>/<slug>/`, with an index page at the root.

- Turn publishing on once: Settings → Pages → Build and deployment → Source: **GitHub Actions**.
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


def scaffold(folder: Path, install: str | None = None, shards: int | None = None) -> list[Path]:
    """Write the repository's files into FOLDER (new or empty); returns them in the order written.

    With `shards`, the workflow builds the profiles in that many jobs at once (see workflow.py)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PlaybookError("folder exists and is not empty; choose a new one", Location(str(folder)), got=str(folder))
    files = {
        "profiles/guide.yaml": PROFILE,
        "mkdocs.yml": MKDOCS,
        "docs/.gitkeep": "",
        ".gitignore": GITIGNORE,
        "README.md": README,
        "requirements.txt": f"# How the Pages workflow installs playbook.\n{install or install_spec()}\n",
        ".github/workflows/pages.yml": sharded_workflow(shards) if shards else WORKFLOW,
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def install_spec() -> str:
    return choose_install()[0]


def choose_install() -> tuple[str, str]:
    """The pip requirement the Pages workflow installs playbook with, and how it was chosen: where pip
    installed this playbook from; for a local checkout, its git remote at the current commit; else a
    placeholder to edit (a folder on this computer is out of the workflow's reach)."""
    try:
        recorded = json.loads(metadata.distribution("playbook").read_text("direct_url.json") or "{}")
    except metadata.PackageNotFoundError:
        recorded = {}
    url, vcs = recorded.get("url", ""), recorded.get("vcs_info")
    if vcs and url:
        spec = f"playbook @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}".rstrip("@")
        return spec, "where pip installed this playbook from"
    if url.startswith(("http://", "https://")):
        return f"playbook @ {url}", "where pip installed this playbook from"
    checkout = Path(url.removeprefix("file://")) if url.startswith("file://") else Path(__file__).parent.parent
    remote, commit = _git(checkout, "remote", "get-url", "origin"), _git(checkout, "rev-parse", "HEAD")
    if remote and commit:
        remote = re.sub(r"^git@([^:]+):", r"https://\1/", remote)
        if remote.startswith("https://"):
            return f"playbook @ git+{remote}@{commit}", f"the git remote of {checkout}, at its current commit"
    return ("playbook @ git+https://github.com/you/playbook",
            f"a placeholder: this playbook was installed from {checkout}, which GitHub cannot reach; put your "
            "playbook's address in requirements.txt (or run init again with --install)")


def _git(folder: Path, *args: str) -> str | None:
    """One line of git's output in FOLDER, or None when git or the repository is missing."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
