"""Which system parts this machine has (Debian packages, and the Zensical engine; see setup.sh): tests that
need a missing one skip and name it, and CI (PLAYBOOK_REQUIRE_SYSTEM=1) fails instead of skipping."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")

# The full test matrix (docs/development.md): every page × palette × clock × engine in the browser checks,
# and the longer hostile-input budgets. Run it before a release and whenever templates or CSS change.
FULL_MATRIX = os.environ.get("PLAYBOOK_FULL_MATRIX") == "1"


def _runnable(program: str) -> bool:
    """A regular file that may be run (a path masked by /dev/null, or a folder, is not)."""
    found = shutil.which(program) if "/" not in program else program
    return bool(found) and Path(found).is_file() and os.access(found, os.X_OK)


@cache
def _font_family(family: str) -> bool:
    if not _runnable("fc-list"):
        return False
    listed = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def missing_chromium() -> str | None:
    if _runnable(CHROMIUM):
        return None
    return f"Debian's chromium ({CHROMIUM}) is not installed (apt-get install chromium)"


def missing_fonts() -> str | None:
    """The fonts the printed playbook is laid out in: without them it uses stand-ins and breaks elsewhere."""
    lacking = [f for f in ("Noto Sans", "Noto Serif", "DejaVu Sans Mono") if not _font_family(f)]
    if not lacking:
        return None
    return f"fonts {', '.join(lacking)} are not installed (apt-get install fonts-noto-core fonts-dejavu-core)"


def missing_zensical() -> str | None:
    """Zensical, the second site engine, is a Python extra rather than a Debian package; setup.sh installs it."""
    if importlib.util.find_spec("zensical") is not None:
        return None
    return "Zensical is not installed (.venv/bin/pip install -e '.[zensical]')"


def need(reason: str | None) -> None:
    """Skip the test when `reason` says a system part is missing (fail instead in CI)."""
    if reason is None:
        return
    if os.environ.get("PLAYBOOK_REQUIRE_SYSTEM") == "1":
        pytest.fail(reason)
    pytest.skip(reason)
