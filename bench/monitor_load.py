"""Load for bench/measure_monitor.py: Chromium sessions that keep reopening the Overview and the Map with new filters.

Run from the project root while ``deploy/run-local 2 --port 8697 --run-dir RUN`` runs:

    .venv/bin/python bench/monitor_load.py http://127.0.0.1:8697 --minutes 10 [--sessions 3]

then ``.venv/bin/python bench/measure_monitor.py RUN/logs/health.log``. Each session opens a page with
another theme and waits until Streamlit's script is idle; a page that takes over 60 s is counted as slow
(the load is the point, not the page). Traffic goes to the given local address only.
"""

from __future__ import annotations

import argparse
import sys
import time

THEMES = ("energy", "health", "education", "agriculture", "uxo", "connectivity")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def main() -> int:
    from playwright.sync_api import Error, sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--sessions", type=int, default=3)
    args = parser.parse_args()
    end = time.monotonic() + args.minutes * 60
    rounds = slow = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        pages = [browser.new_context().new_page() for _ in range(args.sessions)]
        while time.monotonic() < end:
            for i, page in enumerate(pages):
                try:
                    page.goto(f"{args.url}/{'map' if i % 2 else ''}?theme={THEMES[(rounds + i) % len(THEMES)]}", timeout=60_000)
                    page.wait_for_selector(IDLE, timeout=60_000)
                except Error:
                    slow += 1
            rounds += 1
        browser.close()
    print(f"{rounds} rounds of {args.sessions} page loads; {slow} took over 60 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
