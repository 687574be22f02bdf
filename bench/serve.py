"""Time one `playbook serve` rebuild after a profile edit, against a full build of the same playbook, in one run.

    .venv/bin/python bench/serve.py [--rounds 7]

The baseline is what a preview did before it kept its work between saves: the whole generated
project built by MkDocs with its search index, templates and theme files read afresh. The preview
rebuild keeps compiled templates, converted Markdown and the theme's file list, and skips the search
index. Rounds alternate; prints the median wall and CPU time of each, and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook import build as pipeline  # noqa: E402
from playbook.render import site, text, theme_cache  # noqa: E402
from playbook.serve import Preview  # noqa: E402

PROFILE = Path(__file__).resolve().parent.parent / "profiles" / "amina-okafor.yaml"
TODAY = dt.date(2027, 2, 1)


def full_build(folder: Path) -> None:
    text.md_to_html.cache_clear()
    site._environment.cache_clear()
    theme_cache.forget()
    inputs = pipeline.load_inputs(PROFILE)
    playbook = pipeline.prepare(pipeline.BuildOptions(PROFILE, today=TODAY), inputs)
    stage = Path(tempfile.mkdtemp(dir=folder))
    site.write_project(playbook, stage / "project", pdf="playbook.pdf")
    site.build_site(stage / "project", stage / "site")


def timed(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    preview = Preview(PROFILE, None, TODAY, lambda _: None)
    preview.rebuild()  # the preview's first build, before any edit
    results: dict[str, list[tuple[float, float]]] = {"full build": [], "preview rebuild": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            results["full build"].append(timed(lambda: full_build(Path(tmp))))
            preview.rebuild()  # warm again after the caches were cleared
            results["preview rebuild"].append(timed(preview.rebuild))
    preview.close()
    medians = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
               for name, runs in results.items()}
    for name, (wall, cpu) in medians.items():
        print(f"{name:16} wall {wall:.2f} s   cpu {cpu:.2f} s   (median of {rounds})")
    (bw, bc), (pw, pc) = medians["full build"], medians["preview rebuild"]
    print(f"preview / full:  wall {pw / bw:.2f}   cpu {pc / bc:.2f}   load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
