"""Fuzz every input a stranger controls for N minutes and print the counts by outcome.

Run: .venv/bin/python bench/fuzz.py [--minutes 10] [--only profile|sheet|unfilled] [--jobs 2]

The time is shared between profiles (half), program sheets and Lists of Unfilled Programs (a
quarter each). Cases come from `tests/fuzzing.py` (the same generators the suite runs a few dozen
of). Outcomes: ok, located (refused with FILE:LINE:COL lines), unlocated, traceback, hang (over
10 s). Every case that is neither ok nor located is saved under bench/out/fuzz/ with its output.
Each process runs under a 3 GB address-space cap, so a memory bomb shows up as a traceback.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis.errors import HypothesisWarning

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import fuzzing  # noqa: E402

OUT = ROOT / "bench" / "out" / "fuzz"
SHARES = {"profile": 0.5, "sheet": 0.25, "unfilled": 0.25}


class _TimeUp(Exception):
    pass


def fuzz(kind: str, seconds: float, worker: int = 0) -> tuple[collections.Counter, list[Path]]:
    """Run cases of one kind for `seconds`; each worker draws its own cases (its own seed)."""
    counts: collections.Counter = collections.Counter()
    saved: list[Path] = []
    stop = time.monotonic() + seconds
    endless = settings(max_examples=10**9, deadline=None, database=None, phases=[Phase.generate],
                       suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)

    def one(run, case_bytes: bytes, name: str) -> None:
        if time.monotonic() > stop:
            raise _TimeUp
        with tempfile.TemporaryDirectory() as folder:
            result = run(Path(folder))
        counts[result.outcome] += 1
        if result.outcome not in ("ok", "located"):
            saved.append(_save(kind, sum(counts.values()), name, case_bytes, result))

    strategy = {"profile": fuzzing.profile_case(), "sheet": fuzzing.sheet_case(), "unfilled": fuzzing.unfilled_case()}

    @endless
    @seed(time.time_ns() + worker)
    @given(case=strategy[kind])
    def run_cases(case: object) -> None:
        if kind == "profile":
            data, public = case  # type: ignore[misc]
            one(lambda f: fuzzing.run_profile(f, data, public), data, "profile.yaml")
        elif kind == "sheet":
            name, data = case  # type: ignore[misc]
            one(lambda f: fuzzing.run_sheet(f, name, data), data, name)
        else:
            one(lambda f: fuzzing.run_unfilled(f, case), case, "unfilled.csv")  # type: ignore[arg-type]

    try:
        run_cases()
    except _TimeUp:
        pass
    return counts, saved


def _worker(args: tuple[str, float, int]) -> tuple[collections.Counter, list[Path]]:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    return fuzz(*args)


def _save(kind: str, number: int, name: str, data: bytes, result: fuzzing.Result) -> Path:
    folder = OUT / f"{kind}-{number:06d}-{result.outcome}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    (folder / "output.txt").write_text("\n".join(result.lines) + "\n", encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--only", choices=sorted(SHARES))
    parser.add_argument("--jobs", type=int, default=1, help="processes fuzzing at once (default 1)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=HypothesisWarning)  # the repr of the case that ends the run
    fuzzing.shipped_content()  # read once, outside the clock of any case (workers inherit it)
    kinds = {args.only: 1.0} if args.only else SHARES
    print(f"{'input':<10} {'cases':>7}  " + "  ".join(f"{o:>9}" for o in fuzzing.OUTCOMES))
    total: collections.Counter = collections.Counter()
    saved: list[Path] = []
    pool = multiprocessing.get_context("fork").Pool(args.jobs)
    for kind, share in kinds.items():
        counts: collections.Counter = collections.Counter()
        for found, kept in pool.map(_worker, [(kind, args.minutes * 60 * share, w) for w in range(args.jobs)]):
            counts.update(found)
            saved += kept
        total.update(counts)
        print(f"{kind:<10} {sum(counts.values()):>7}  " + "  ".join(f"{counts[o]:>9}" for o in fuzzing.OUTCOMES),
              flush=True)
    print(f"{'all':<10} {sum(total.values()):>7}  " + "  ".join(f"{total[o]:>9}" for o in fuzzing.OUTCOMES))
    pool.close()
    for folder in saved[:20]:
        print(f"saved: {folder.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
