"""Timing helpers shared by the benchmarks: fresh processes, alternating rounds, medians.

Each command runs as a fresh process, as a user runs it (interpreter start and imports included).
Rounds alternate between the commands, so a burst of other work on the machine slows all of them
alike; the medians and their ratios are what the benchmarks print.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 21)
"""The day the benchmarks build for (the examples' tests use it too)."""


def profile_arguments(doc: str, rounds: int) -> argparse.Namespace:
    """The options of a benchmark of one profile: PROFILE (Amina's by default) and --rounds."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("profile", nargs="?", type=Path, default=ROOT / "profiles" / "amina-okafor.yaml")
    parser.add_argument("--rounds", type=int, default=rounds)
    return parser.parse_args()


def timed(command: list[str], env: Mapping[str, str] | None = None) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of the child (steadier on a busy machine)."""
    before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    return time.perf_counter() - started, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Times = dict[str, list[tuple[float, float]]]


def alternate(commands: Mapping[str, Callable[[], tuple[float, float]]], rounds: int,
              warm_up: Callable[[], object] | None = None) -> Times:
    """Run every command once per round, in turn, after an untimed warm-up (file cache, caches): one
    round of every command, or `warm_up` where a round is long. Each run is noted on stderr as it ends."""
    compile_package()
    if warm_up is None:
        for run in commands.values():
            run()
    else:
        warm_up()
    times: Times = {name: [] for name in commands}
    for number in range(1, rounds + 1):
        for name, run in commands.items():
            times[name].append(run())
            wall, cpu = times[name][-1]
            print(f"round {number}/{rounds}: {name} {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr, flush=True)
    return times


def compile_package() -> None:
    """playbook's modules compiled to bytecode, as setup.sh leaves them: where Python may not write bytecode
    (PYTHONDONTWRITEBYTECODE) a module edited since would be compiled again in every timed run."""
    import compileall

    compileall.compile_dir(ROOT / "playbook", quiet=2)


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def summarize(heading: str, times: Times, labels: Mapping[str, str],
              ratios: list[tuple[str, str, str, float | None]] | list[tuple[str, str, str, float, bool]]) -> None:
    """The heading, one line per command (median wall-clock and CPU seconds), then each ratio
    (top, bottom, what it measures, target, and optionally True where the target is a minimum)."""
    print(f"{heading}; {load_note()}")
    width = max(len(label) for label in labels.values())
    for name, runs in times.items():
        wall, cpu = medians(runs)
        print(f"  {labels[name]:<{width}}  {wall:6.2f} s wall  {cpu:6.2f} s CPU")
    for ratio in ratios:
        print(ratio_line(times, *ratio))


def ratio_line(times: Times, top: str, bottom: str, what: str, target: float | None, at_least: bool = False) -> str:
    """top / bottom of the medians; the target is a maximum (a cost), or with `at_least` a minimum (a speed-up),
    or None for a figure without one."""
    (wall_a, cpu_a), (wall_b, cpu_b) = medians(times[top]), medians(times[bottom])
    ratio = wall_a / wall_b
    if target is None:
        return f"{what}: {ratio:.2f}x wall-clock, {cpu_a / cpu_b:.2f}x CPU"
    verdict = "meets" if (ratio >= target if at_least else ratio <= target) else "misses"
    return (f"{what}: {ratio:.2f}x wall-clock, {cpu_a / cpu_b:.2f}x CPU "
            f"(target {'>=' if at_least else '<='} {target}x: {verdict} it)")


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min); other work on the machine slows every command"
