"""The two site engines side by side: a site-only build with each, and each engine on the project alone.

Commands, each a fresh process (interpreter start and imports included), in alternating rounds:
  playbook mkdocs:    python -m playbook.cli build PROFILE --no-pdf --engine mkdocs
  playbook zensical:  the same with --engine zensical
  mkdocs:             python -m mkdocs build -f OUT-sources/mkdocs.yml      (the project --keep-sources left)
  zensical:           python -m zensical build -f COPY/mkdocs.yml           (the same project, copied)
Printed: the medians, and zensical / mkdocs for the whole build and for the engines alone. There is no
target: the figures say what switching engines costs or saves.

Usage: .venv/bin/python bench/engines.py [PROFILE] [--rounds N]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import TODAY, alternate, profile_arguments, summarize, timed  # noqa: E402


def main() -> None:
    args = profile_arguments(__doc__, rounds=7)
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        def ours(engine: str) -> list[str]:
            return [sys.executable, "-m", "playbook.cli", "build", str(args.profile), "--today", TODAY.isoformat(),
                    "--no-pdf", "--engine", engine, "--out", f"{tmp}/site-{engine}"]

        timed([*ours("mkdocs"), "--keep-sources"])  # the generated project, kept in site-mkdocs-sources/
        project = Path(tmp) / "site-mkdocs-sources"
        copy = Path(tmp) / "zensical-project"  # Zensical builds inside the project folder, into site/
        shutil.copytree(project, copy)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                  "-d", f"{tmp}/mkdocs-site"]
        zensical = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(copy / "mkdocs.yml")]
        times = alternate({
            "ours-mkdocs": lambda: timed(ours("mkdocs")),
            "ours-zensical": lambda: timed(ours("zensical")),
            "mkdocs": lambda: timed(mkdocs, {"NO_MKDOCS_2_WARNING": "1"}),
            "zensical": lambda: timed(zensical),
        }, args.rounds)
    labels = {"ours-mkdocs": "playbook build --no-pdf --engine mkdocs",
              "ours-zensical": "playbook build --no-pdf --engine zensical",
              "mkdocs": "mkdocs build (the generated project)", "zensical": "zensical build (the same project)"}
    summarize(f"profile: {args.profile.name}, {args.rounds} alternating rounds, medians", times, labels,
              [("ours-zensical", "ours-mkdocs", "playbook build, zensical / mkdocs", None),
               ("zensical", "mkdocs", "the engine alone, zensical / mkdocs", None)])


if __name__ == "__main__":
    main()
