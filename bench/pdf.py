"""How much `playbook build --pdf-only` costs over WeasyPrint alone on the same print HTML.

Both run as fresh processes, as a user runs them (interpreter start and imports included):
  ours:       python -m playbook.cli build PROFILE --pdf-only --pdf OUT.pdf
  WeasyPrint: python -m weasyprint --pdf-variant pdf/ua-1 PRINT.html OUT.pdf   (the HTML our build renders)
Runs alternate; medians are printed with their ratio (target: at most 1.2).

Usage: .venv/bin/python bench/pdf.py [PROFILE] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playbook.build import load_inputs, make_playbook  # noqa: E402
from playbook.render import pdf  # noqa: E402

TODAY = dt.date(2026, 11, 21)


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of the child (steadier on a busy machine)."""
    cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", nargs="?", type=Path, default=ROOT / "profiles" / "amina-okafor.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    playbook = make_playbook(load_inputs(args.profile), today=TODAY)
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        html = Path(tmp) / "print.html"
        html.write_text(pdf.print_html(playbook), encoding="utf-8")
        ours = [sys.executable, "-m", "playbook.cli", "build", str(args.profile), "--today", TODAY.isoformat(),
                "--pdf-only", "--pdf", f"{tmp}/ours.pdf"]
        alone = [sys.executable, "-m", "weasyprint", "--pdf-variant", pdf.PDF_VARIANT, str(html), f"{tmp}/alone.pdf"]
        timed(ours), timed(alone)  # warm the file cache
        runs = [(timed(ours), timed(alone)) for _ in range(args.runs)]
    print(f"profile: {args.profile.name}, {args.runs} runs each")
    for n, kind in enumerate(("wall-clock", "CPU")):
        for name, pick in (("median", statistics.median), ("fastest", min)):
            ours_s, alone_s = pick(r[0][n] for r in runs), pick(r[1][n] for r in runs)
            print(f"{kind:>10} {name:>7}: playbook build --pdf-only {ours_s:.3f} s, WeasyPrint alone {alone_s:.3f} s,"
                  f" ratio {ours_s / alone_s:.2f}x (target <= 1.2x)")


if __name__ == "__main__":
    main()
