"""Where the Pages workflow of `playbook init` installs playbook from: a line of requirements.txt.

The choice follows where this playbook came from. Installed from a package index: the same version
from the index. Installed from a git URL or an archive on the web: that address (at that commit).
Run from a checkout: its git remote, at the current commit. Otherwise (a wheel file, a folder on this
computer) GitHub has nothing to install from, and the line is a placeholder that pip refuses to read,
so the first run fails on that line rather than installing something else.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import DISTRIBUTION, __version__

HEADER = "# How the Pages workflow installs playbook: one pip requirement, on the next line.\n"
PLACEHOLDER = "<edit this line: where GitHub installs playbook from>"


@dataclass(frozen=True)
class Install:
    spec: str  # the pip requirement, or PLACEHOLDER
    how: str  # how it was chosen, for the person running init

    @property
    def placeholder(self) -> bool:
        return self.spec == PLACEHOLDER

    def requirements(self) -> str:
        """The text of requirements.txt; the requirement is on line REQUIREMENT_LINE."""
        return HEADER + self.spec + "\n"


REQUIREMENT_LINE = HEADER.count("\n") + 1


def given(spec: str) -> Install:
    return Install(spec, "as given with --install")


def choose_install() -> Install:
    """Where pip installed this playbook from, as a requirement GitHub's runner can install."""
    try:
        installed = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        installed = None
    recorded = json.loads(installed.read_text("direct_url.json") or "{}") if installed else {}
    if installed and not recorded:
        return Install(f"{DISTRIBUTION}=={__version__}", "the package index, at this playbook's version")
    url, vcs = recorded.get("url", ""), recorded.get("vcs_info")
    if vcs and url:
        spec = f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}".rstrip("@")
        return Install(spec, "where pip installed this playbook from")
    if url.startswith(("http://", "https://")):
        return Install(f"{DISTRIBUTION} @ {url}", "where pip installed this playbook from")
    checkout = Path(url.removeprefix("file://")) if url.startswith("file://") else Path(__file__).parent.parent
    remote, commit = git(checkout, "remote", "get-url", "origin"), git(checkout, "rev-parse", "HEAD")
    if remote and commit:
        remote = re.sub(r"^git@([^:]+):", r"https://\1/", remote)
        if remote.startswith("https://"):
            return Install(f"{DISTRIBUTION} @ git+{remote}@{commit}",
                           f"the git remote of {checkout}, at its current commit (push it first)")
    return Install(PLACEHOLDER, f"this playbook was installed from {checkout}, which GitHub cannot reach")


def git(folder: Path, *args: str) -> str | None:
    """One line of git's output in FOLDER, or None when git or the repository is missing."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
