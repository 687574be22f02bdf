"""`playbook batch` of 12 profiles with their PDFs: 2 workers against 1, and sharded against unsharded.

The 12 profiles are the example people and guides copied under new file names and slugs into a
temporary folder (with the program sheets they name). Commands, each a fresh process, in
alternating rounds after a warm-up (one profile checked: the content cache and the file cache):
  1 worker:     playbook batch FOLDER --jobs 1
  2 workers:    playbook batch FOLDER --jobs 2
  shard I of 2: playbook batch FOLDER --jobs 2 --shard I/2        (what one CI machine runs)
  merge:        playbook merge PART-1 PART-2 --out OUT
Printed: the medians; 1 worker / 2 workers (target at least 1.8x); the shards one after the other
plus the merge against the unsharded batch (the cost of sharding on one machine); and the slower
shard plus the merge against the unsharded batch, which is the wall-clock of a CI run whose two
build jobs run at once on two machines (estimated here from shards timed one at a time).

Usage: .venv/bin/python bench/batch.py [--profiles 12] [--rounds 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import ROOT, Times, alternate, summarize, timed  # noqa: E402

TODAY = "2026-11-21"
EXAMPLES = sorted((ROOT / "profiles").glob("*.yaml")) + sorted((ROOT / "profiles" / "guides").glob("*.yaml"))


def copy_examples(folder: Path, count: int) -> None:
    """`count` profiles: the examples in turn, each copy under its own file name and slug."""
    for sheet in (ROOT / "profiles").glob("*.csv"):
        shutil.copy(sheet, folder / sheet.name)
    for i in range(count):
        example = EXAMPLES[i % len(EXAMPLES)]
        name = f"{example.stem}-{i + 1:02d}"
        text = example.read_text(encoding="utf-8").rstrip("\n")
        (folder / f"{name}.yaml").write_text(f"{text}\nslug: {name}\n", encoding="utf-8")


def per_round(times: Times, combine, names: list[str]) -> list[tuple[float, float]]:
    """A series made of other commands' runs in the same round (their sum, or the slower plus the rest)."""
    return [combine([times[name][r] for name in names]) for r in range(len(times[names[0]]))]


def one_after_another(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(w for w, _ in runs), sum(c for _, c in runs)


def both_then(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Two shards at once on two machines, then the merge: the slower shard's wall time plus the merge's."""
    *shards, merge = runs
    return max(w for w, _ in shards) + merge[0], sum(c for _, c in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    playbook = [sys.executable, "-m", "playbook.cli"]
    env = {"CI": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = Path(tmp) / "profiles"
        folder.mkdir()
        copy_examples(folder, args.profiles)
        batch = [*playbook, "batch", str(folder), "--today", TODAY]
        commands = {
            "one": lambda: timed([*batch, "--out", f"{tmp}/one", "--jobs", "1"], env),
            "two": lambda: timed([*batch, "--out", f"{tmp}/two", "--jobs", "2"], env),
            "shard1": lambda: timed([*batch, "--out", f"{tmp}/part-1", "--jobs", "2", "--shard", "1/2"], env),
            "shard2": lambda: timed([*batch, "--out", f"{tmp}/part-2", "--jobs", "2", "--shard", "2/2"], env),
            "merge": lambda: timed([*playbook, "merge", f"{tmp}/part-1", f"{tmp}/part-2", "--out", f"{tmp}/merged"],
                                   env),
        }
        # A round is long: the warm-up is the content cache and the file cache, one profile checked
        warm_up = [*playbook, "check", str(next(folder.glob("*.yaml")))]
        times = alternate(commands, args.rounds, lambda: timed(warm_up, env))
        sizes = [sum(1 for p in Path(f"{tmp}/part-{i}").iterdir() if p.is_dir()) for i in (1, 2)]
    times["serial"] = per_round(times, one_after_another, ["shard1", "shard2", "merge"])
    times["ci"] = per_round(times, both_then, ["shard1", "shard2", "merge"])
    labels = {"one": "batch --jobs 1", "two": "batch --jobs 2", "shard1": f"shard 1/2 ({sizes[0]} profiles)",
              "shard2": f"shard 2/2 ({sizes[1]} profiles)", "merge": "merge of the two parts",
              "serial": "shards one after the other + merge", "ci": "slower shard + merge (two machines)"}
    summarize(f"{args.profiles} profiles with PDFs, {args.rounds} alternating rounds, medians", times, labels, [
        ("one", "two", "speed-up of 2 workers over 1 (1 worker / 2 workers)", 1.8, True),
        ("serial", "two", "sharding's cost on one machine (shards + merge / unsharded)", 1.15),
        ("two", "ci", "speed-up of 2 CI machines (unsharded / slower shard + merge)", 1.5, True),
    ])


if __name__ == "__main__":
    main()
