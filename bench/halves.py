"""A full build against its slower half alone: the PDF renders in a worker while the site builds.

Commands, each a fresh process (interpreter start and imports included), in alternating rounds:
  site only:   python -m playbook.cli build PROFILE --no-pdf --out OUT
  PDF only:    python -m playbook.cli build PROFILE --pdf-only --pdf OUT.pdf
  full:        python -m playbook.cli build PROFILE --out OUT             (both halves at once)
  one by one:  the full build with the worker turned off (the halves one after the other, as before)
Printed: the medians, full / slower half (target at most 1.15x) and one by one / full (the gain).

Usage: .venv/bin/python bench/halves.py [PROFILE] [--rounds N]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import TODAY, alternate, medians, profile_arguments, summarize, timed  # noqa: E402

ONE_BY_ONE = ("import sys; from playbook import worker; worker.can_fork = lambda: False; "
              "from playbook.cli import main; sys.exit(main())")


def main() -> None:
    args = profile_arguments(__doc__, rounds=5)
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    with tempfile.TemporaryDirectory(prefix="bench-halves-") as tmp:
        build = ["build", str(args.profile), "--today", TODAY.isoformat()]
        ours = [sys.executable, "-m", "playbook.cli", *build]
        commands = {
            "site": lambda: timed([*ours, "--no-pdf", "--out", f"{tmp}/site"], env),
            "pdf": lambda: timed([*ours, "--pdf-only", "--pdf", f"{tmp}/alone.pdf"], env),
            "full": lambda: timed([*ours, "--out", f"{tmp}/full"], env),
            "serial": lambda: timed([sys.executable, "-c", ONE_BY_ONE, *build, "--out", f"{tmp}/serial"], env),
        }
        times = alternate(commands, args.rounds)
    labels = {"site": "site only (--no-pdf)", "pdf": "PDF only (--pdf-only)", "full": "full build",
              "serial": "full build, halves one by one"}
    slower = max(("site", "pdf"), key=lambda name: medians(times[name])[0])
    summarize(f"profile: {args.profile.name}, {args.rounds} rounds", times, labels,
              [("full", slower, f"full build / slower half ({labels[slower]})", 1.15)])
    (serial, serial_cpu), (full, full_cpu) = medians(times["serial"]), medians(times["full"])
    print(f"halves one by one / full build (the gain): {serial / full:.2f}x wall-clock, "
          f"{serial_cpu / full_cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
