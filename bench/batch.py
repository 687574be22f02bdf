"""Time `playbook batch` on 50 generated profiles with 1 worker and with every core, in one run.

    .venv/bin/python bench/batch.py [--profiles 50] [--rounds 3]

Prints both wall-clock times (the median of the rounds, run alternately), the CPU time they took,
the load average around the run, and the speed-up (1 worker's wall time / all workers' wall time).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Amara", "Bilal", "Chen", "Dana", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jomo"]
LAST = ["Abara", "Bose", "Costa", "Dlamini", "Eze"]
SITUATIONS = [
    ("non_us", "j1", "pediatrics", "applying"),
    ("non_us", "h1b", "internal_medicine", "unmatched"),
    ("non_us", "j1_or_h1b", "family_medicine", "reapplicant"),
    ("us_img", "none", "psychiatry", "soap_unmatched"),
    ("non_us", "j1", "medical_genetics", "applying"),
]
ZONES = ["Africa/Lagos", "Asia/Kolkata", "America/Sao_Paulo", "Asia/Amman", "Europe/Warsaw"]


def profile(i: int) -> str:
    citizenship, visa, target, status = SITUATIONS[i % len(SITUATIONS)]
    last_cycle = "last_cycle: {year: 2026}\n" if status == "reapplicant" else ""
    return (
        f"name: {FIRST[i % 10]} {LAST[i // 10 % 5]} {i}\n"
        f"graduation_year: {2015 + i % 9}\ncitizenship: {citizenship}\nvisa: {visa}\n"
        f"specialties: {{targets: [{target}], alternatives: [family_medicine]}}\n"
        f"exams: {{step2ck: {{status: passed, score: {220 + i % 30}, attempts: 1}}}}\n"
        f"match_status: {status}\n{last_cycle}cycle: 2027\ntimezone: {ZONES[i % 5]}\n"
    )


def cores_available() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def timed_batch(profiles: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (workers included) of one `playbook batch` run."""
    playbook = Path(sys.executable).with_name("playbook")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(playbook), "batch", str(profiles), "--out", str(out), "--jobs", str(jobs),
                    "--today", "2026-11-21"], check=True, stdout=subprocess.DEVNULL, env={**os.environ, "CI": "1"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    count, cores = args.profiles, cores_available()
    times: dict[int, list[tuple[float, float]]] = {1: [], cores: []}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        folder = Path(tmp) / "profiles"
        folder.mkdir()
        for i in range(count):
            (folder / f"applicant-{i:03d}.yaml").write_text(profile(i), encoding="utf-8")
        for _ in range(args.rounds):
            for jobs in times:
                times[jobs].append(timed_batch(folder, Path(tmp) / "out", jobs))
                shutil.rmtree(Path(tmp) / "out")
    print(f"profiles: {count}   cores: {cores}   rounds: {args.rounds}   "
          f"load average before/after: {load_before:.1f}/{os.getloadavg()[0]:.1f} (other work slows the run)")
    for jobs, runs in times.items():
        wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        print(f"playbook batch --jobs {jobs}:  {wall:6.1f} s wall  {cpu:6.1f} s CPU  "
              f"({wall / count * 1000:.0f} ms per profile)")
    one, many = (statistics.median(w for w, _ in times[j]) for j in (1, cores))
    print(f"speed-up: {one / many:.2f}x")


if __name__ == "__main__":
    main()
