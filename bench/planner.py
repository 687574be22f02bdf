"""Time the Monday planner page on a 5,000-row list in headless Chromium at a phone's size, with and without 4x
CPU throttling (Chrome DevTools' Emulation.setCPUThrottlingRate, a common stand-in for a mid-range phone).

Run: .venv/bin/python bench/planner.py [PROFILE] [--rounds 5]

It builds PROFILE's site without an address (as opened from the file system), opens its planner page from
file://, and times, from the page's own clock, reading and planning the list (the same call a file or a paste
makes) and then drawing the plan. It prints the page's weight too: the planner's scripts and her rules and sheet.
The target is a 5,000-row list planned in under one second.
"""

from __future__ import annotations

import gzip
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import TODAY, profile_arguments  # noqa: E402

from playbook.build import BuildOptions, build  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.planner_lists import list_text  # noqa: E402
from tests.system import CHROMIUM  # noqa: E402

READY = "window.playbookPlannerPage && document.getElementById('pb-planner').dataset.ready"
SCRIPTS = ("soap-data.js", "soap-read.js", "soap-plan.js", "soap-page.js")
TIME = """(text) => {
  const t0 = performance.now();
  const r = window.playbookPlanner.plan(window.playbookPlannerData, text, "five-thousand.csv");
  const t1 = performance.now();
  window.playbookPlannerPage.show(text, "five-thousand.csv");
  const t2 = performance.now();
  return [t1 - t0, t2 - t1, r.ok ? r.plan.rows.length : -1];
}"""


def main() -> None:
    args = profile_arguments(__doc__, rounds=5)
    from playwright.sync_api import sync_playwright

    text = list_text(random.Random(29), 5000, [])
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(BuildOptions(args.profile, site, today=TODAY, pdf=False))
        weigh(site)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for rate in (1, 4):
                plan, draw = [], []
                for _ in range(args.rounds):
                    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                    page = context.new_page()
                    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
                    page.goto((site / "soap-planner.html").as_uri())
                    page.wait_for_function(READY)
                    took_plan, took_draw, rows = page.evaluate(TIME, text)
                    plan.append(took_plan)
                    draw.append(took_draw)
                    context.close()
                print(f"CPU {rate}x: 5,000 rows ({len(text.encode()) // 1000} kB, {rows} rows out) planned in "
                      f"{statistics.median(plan):.0f} ms, drawn in {statistics.median(draw):.0f} ms more "
                      f"(medians of {args.rounds}; target: planned in under 1,000 ms)")
            browser.close()


def weigh(site: Path) -> None:
    sizes = {name: (site / "assets" / name).read_bytes() for name in SCRIPTS}
    raw = sum(len(b) for b in sizes.values())
    packed = sum(len(gzip.compress(b, 9)) for b in sizes.values())
    print(f"page weight of the planner: {raw // 1000} kB of script and data ({packed // 1000} kB gzipped): "
          + ", ".join(f"{n} {len(b) // 1000} kB" for n, b in sizes.items()))


if __name__ == "__main__":
    main()
