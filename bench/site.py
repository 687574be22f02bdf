"""How much a site-only build costs against plain `mkdocs build` of the very project it generates.

Commands, each a fresh process (interpreter start and imports included), in alternating rounds:
  playbook:      python -m playbook.cli build PROFILE --no-pdf --out OUT     (content cache warm)
  mkdocs:        python -m mkdocs build -f OUT-sources/mkdocs.yml            (the project --keep-sources left)
  cold cache:    the playbook command with an empty content cache (PLAYBOOK_CACHE_DIR), for comparison
Printed: the medians and playbook / mkdocs (target at most 1.3x).

Usage: .venv/bin/python bench/site.py [PROFILE] [--rounds N]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import TODAY, alternate, profile_arguments, summarize, timed  # noqa: E402


def main() -> None:
    args = profile_arguments(__doc__, rounds=7)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        out = Path(tmp) / "site"
        ours = [sys.executable, "-m", "playbook.cli", "build", str(args.profile), "--today", TODAY.isoformat(),
                "--no-pdf", "--out", str(out)]
        timed([*ours, "--keep-sources"])  # the generated MkDocs project, kept in site-sources/
        project = Path(tmp) / "site-sources" / "mkdocs.yml"
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project), "-d", f"{tmp}/mkdocs-site"]
        quiet = {"NO_MKDOCS_2_WARNING": "1"}

        def cold() -> tuple[float, float]:
            with tempfile.TemporaryDirectory(prefix="cache-", dir=tmp) as cache:
                return timed(ours, {"PLAYBOOK_CACHE_DIR": cache})

        times = alternate({"ours": lambda: timed(ours), "mkdocs": lambda: timed(mkdocs, quiet), "cold": cold},
                          args.rounds)
    labels = {"ours": "playbook build --no-pdf", "mkdocs": "mkdocs build (the generated project)",
              "cold": "playbook build --no-pdf, cold content cache"}
    summarize(f"profile: {args.profile.name}, {args.rounds} alternating rounds, medians", times, labels,
              [("ours", "mkdocs", "playbook site-only / plain mkdocs build", 1.3),
               ("cold", "mkdocs", "the same with a cold content cache", 1.3)])


if __name__ == "__main__":
    main()
