"""Time `playbook soap` on a generated 5,000-row List of Unfilled Programs and a 1,000-row sheet.

Run: .venv/bin/python bench/soap.py [--profile profiles/amina-okafor.yaml] [--runs 5]

The baseline, measured in the same run, is Python's csv module reading both files and nothing
more; the ratio says what judging, ranking and writing cost on top of reading. The target for the
whole command (a fresh interpreter included) is under one second.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import compile_package  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "soap"
SPECIALTIES = [
    ("Internal Medicine", "140", "C", 30), ("Internal Medicine-Preliminary", "140", "P", 10),
    ("Family Medicine", "120", "C", 20), ("Pediatrics", "320", "C", 10), ("Psychiatry", "400", "C", 6),
    ("Surgery-Preliminary", "440", "P", 8), ("Transitional Year", "999", "P", 5),
    ("Physical Medicine & Rehabilitation", "340", "C", 3), ("Physical Medicine & Rehabilitation", "340", "A", 2),
    ("Emergency Medicine", "110", "C", 2), ("Diagnostic Radiology", "420", "C", 2), ("Pathology", "380", "C", 2),
]
STATES = "AL AZ CA CO CT FL GA IL IN KY LA MA MD MI MN MO NC NJ NM NY OH OK PA SC TN TX VA WA WI WV".split()
WORDS = "Quill Brindle Fen Marrow Ash Thistle Lark Cinder Wren Harrow Silver Elder Copper Gloam Pell Ravel".split()
PLACES = "moor wood hollow gate vale down bay ford field mere brook ton lake wick stead crest".split()


def generate(rng: random.Random, rows: int) -> list[dict[str, str]]:
    weights = [w for *_, w in SPECIALTIES]
    listed = []
    for i in range(rows):
        name, digits, letter, _ = rng.choices(SPECIALTIES, weights)[0]
        place = f"{rng.choice(WORDS)}{rng.choice(PLACES)}"
        listed.append({"code": f"{1000 + i:04d}{digits}{letter}0", "program": f"{place} Medical Center {i}",
                       "specialty": name, "state": rng.choice(STATES), "city": place,
                       "positions": str(rng.randint(1, 4))})
    return listed


def write_list(path: Path, listed: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(listed[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(listed)


def write_sheet(path: Path, rng: random.Random, listed: list[dict[str, str]], rows: int) -> None:
    """Her sheet: programs from the list (most with their code, some by name only) and three bad rows."""
    columns = ["program", "nrmp_code", "specialty", "position", "state", "setting", "j1", "h1b", "img_history",
               "resources", "notes"]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        known = [x for x in listed if x["specialty"] != "Diagnostic Radiology"]
        for n, item in enumerate(rng.sample(known, rows - 3)):
            code = item["code"] if n % 5 else ""
            specialty = item["specialty"].replace("-Preliminary", "").replace("Surgery", "General Surgery")
            position = {"P": "preliminary", "A": "advanced"}.get(item["code"][7], "categorical")
            writer.writerow([item["program"], code, specialty, position, item["state"],
                             rng.choice(["university", "community", "university_affiliated", ""]),
                             rng.choice(["yes", "yes", "no", ""]), rng.choice(["yes", "no", "no", ""]),
                             rng.choice(["often", "sometimes", "rarely", "unknown"]),
                             rng.choice(["", "", "genetics clinic", "neurorehab unit"]), ""])
        writer.writerow(["Bad Visa Program", "", "Pediatrics", "", "OH", "", "maybe", "", "", "", ""])
        writer.writerow(["Bad State Program", "", "Pediatrics", "", "Ohio", "", "", "", "", "", ""])
        writer.writerow(["", "", "Pediatrics", "", "OH", "", "", "", "", "", ""])


def best_of(runs: int, action, clock=time.perf_counter) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append(clock() - start)
    return min(times), statistics.median(times)


def children_cpu() -> float:
    """CPU seconds used by finished child processes: unlike wall time, not inflated by a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_only(*paths: Path) -> None:
    for path in paths:
        with path.open(encoding="utf-8", newline="") as f:
            for _ in csv.reader(f):
                pass


def show(what: str, best: float, median: float, note: str = "") -> None:
    print(f"{what:<44} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms{note}")


def make_inputs() -> tuple[Path, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2027)
    listed = generate(rng, 5000)
    unfilled, sheet = OUT / "unfilled-5000.csv", OUT / "sheet-1000.csv"
    write_list(unfilled, listed)
    write_sheet(sheet, rng, listed, 1000)
    return unfilled, sheet


def soap_command(profile: Path, unfilled: Path, sheet: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "playbook"), "soap", str(profile), "--unfilled", str(unfilled),
            "--programs", str(sheet), "--out", str(OUT / "list"), "--today", "2027-03-15"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, default=ROOT / "profiles" / "amina-okafor.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    unfilled, sheet = make_inputs()
    from playbook.planner import monday, report

    def in_process() -> None:
        result = monday.run(args.profile, unfilled, sheet)
        report.terminal(result)
        report.write(result, OUT / "list-in-process", dt.date(2027, 3, 15))

    command = soap_command(args.profile, unfilled, sheet)
    compile_package()  # the command starts as setup.sh leaves it
    baseline, baseline_median = best_of(args.runs, lambda: read_only(unfilled, sheet))
    inner, inner_median = best_of(args.runs, in_process)

    def run_command() -> None:
        subprocess.run(command, check=True, capture_output=True)

    whole, whole_median = best_of(args.runs, run_command)
    cpu, cpu_median = best_of(args.runs, run_command, clock=children_cpu)
    print(f"inputs: 5,000 listed programs, a 1,000-row sheet (3 rows malformed); profile {args.profile.name}")
    show("baseline: csv.reader over both files", baseline, baseline_median)
    show("planner: read + judge + rank + write", inner, inner_median, f"  ({inner / baseline:.0f}x baseline)")
    show("command: playbook soap, fresh interpreter", whole, whole_median,
         f"  ({whole / baseline:.0f}x baseline; target < 1000 ms)")
    show("command: its CPU time (user + system)", cpu, cpu_median, f"  (load average {os.getloadavg()[0]:.1f})")
    last = subprocess.run(command, capture_output=True, text=True).stdout.splitlines()
    print("its summary:", *[ln for ln in last if "applications, plan" in ln or "read from" in ln], sep="\n  ")


if __name__ == "__main__":
    main()
