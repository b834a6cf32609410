"""Present's keys (issue 24): presses sent and steps moved per gap, and the time from a key to the new step.

Run from the project root: .venv/bin/python bench/bench_present_keys.py [--rounds 3]

Starts the dashboard on a free local port (its own user data dir, no file watcher) and opens
/present (every theme: 20 steps) at 1280x720 in Debian's Chromium. Then:

- bursts: five presses of one key ``gap`` seconds apart (0.1, 0.3, 0.5 s; forward and back, the
  keys a presenter remote sends), sent without waiting for the page; once the page is idle, the
  steps it moved. Target: every press one step (5 of 5 at every gap);
- key to content: single presses on an idle page, from the keydown event (a listener of the
  bench's own, registered on the document before the key) to the moment the slide of the new step is
  in the page (a MutationObserver on ``.pr-slide[data-step]``); the median and the largest.
  Target (issue 19): median <= 300 ms. The first visit of a step draws its map (remembered after).

The test of the same behaviour is tests/e2e/test_meeting_e2e.py (no timing there).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import CHROMIUM_ARGS, IDLE, chromium
from playwright.sync_api import Page, sync_playwright

from laomap.appserver import SERVED, running_app

ROOT = Path(__file__).resolve().parents[1]
BURSTS = [(0.1, "ArrowRight"), (0.3, "PageDown"), (0.5, "PageUp"), (0.1, "ArrowLeft"), (0.3, " "), (0.5, "ArrowLeft")]
WATCH = """() => { window.__benchKeys = []; window.__benchSteps = [];
  document.addEventListener('keydown', () => window.__benchKeys.push(performance.now()), true);
  let last = document.querySelector('.pr-slide').dataset.step;
  new MutationObserver(() => { const s = document.querySelector('.pr-slide');
    if (s && s.dataset.step !== last) { last = s.dataset.step; window.__benchSteps.push(performance.now()); } })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-step']}); }"""


def settle(page: Page) -> None:
    """Idle, and still idle a moment later (no rerun on its way)."""
    for _ in range(2):
        page.wait_for_function(IDLE, timeout=120_000)
        page.wait_for_timeout(700)
    page.wait_for_function(IDLE, timeout=120_000)


def step_index(page: Page, steps: list[str]) -> int:
    return steps.index(page.locator(".pr-slide").get_attribute("data-step"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="times the bursts are repeated")
    args = parser.parse_args()
    steps = []
    moved: dict[float, list[tuple[int, int]]] = {}
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as user, running_app(SERVED, cwd=ROOT, env={"LAOMAP_DATA_DIR": user},
                                                           args=("--server.fileWatcherType", "none")) as app, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{app.url}/present")
        page.wait_for_selector(".pr-slide", timeout=120_000)
        page.wait_for_function("() => window.__laomapPresentKeys === true", timeout=60_000)
        steps = page.evaluate("() => [...window.__laomapPresent.steps]")
        settle(page)
        for _ in range(args.rounds):
            for gap, key in BURSTS:
                forward = key in ("ArrowRight", "PageDown", " ")
                if step_index(page, steps) + (5 if forward else -5) not in range(len(steps)):
                    continue  # a burst that would run past the end or the title is left out (the end is the end)
                before = step_index(page, steps)
                for n in range(5):
                    if n:
                        time.sleep(gap)
                    page.keyboard.press(key)
                settle(page)
                moved.setdefault(gap, []).append((5, abs(step_index(page, steps) - before)))
        page.evaluate(WATCH)
        for _ in range(len(steps) - 1):
            page.keyboard.press("ArrowRight" if step_index(page, steps) < len(steps) - 1 else "ArrowLeft")
            settle(page)
        keys, drawn = page.evaluate("() => [window.__benchKeys, window.__benchSteps]")
        latencies = [d - k for k, d in zip(keys, drawn)]
        browser.close()
    ok = True
    print(f"Present at 1280x720, {len(steps)} steps")
    for gap in sorted(moved):
        sent = sum(s for s, _ in moved[gap])
        got = sum(m for _, m in moved[gap])
        ok &= sent == got
        print(f"  presses {gap:.1f} s apart: sent {sent}, steps moved {got}")
    if len(latencies) != len(steps) - 1:
        print(f"  key to content: {len(latencies)} step changes seen for {len(steps) - 1} presses")
        return 1
    median = statistics.median(latencies)
    print(f"  key to new step's content: median {median:.0f} ms, largest {max(latencies):.0f} ms ({len(latencies)} presses)")
    ok &= median <= 300
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
