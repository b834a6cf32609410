"""Where a dashboard rerun spends its time on the server: the first visit, a rerun with nothing changed, a filter change.

Run from the project root: .venv/bin/python bench/profile_dashboard.py [--page app_pages/map.py] [--top 25]

Runs the page under Streamlit's AppTest (the script run alone: dataset from the cache, filter, layers,
map JSON, folium's HTML, widgets; no browser) and samples the script thread's stack every millisecond
(AppTest runs the script in a thread of its own, which cProfile does not follow): for each step its wall
time and the functions on the stack the most (the share of the step's samples, as a profiler's
cumulative time), so the breakdown in bench/README.md can be made again. The browser's side is
bench_dashboard.py's.
"""

from __future__ import annotations

import argparse
import collections
import sys
import threading
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("laomap", "streamlit_folium", "folium", "jinja2", "branca")


def _step(name: str, run, top: int) -> float:
    """Run ``run()`` while sampling every other thread's stack; print the functions seen most."""
    seen: collections.Counter[str] = collections.Counter()
    samples = 0
    done = threading.Event()
    me = threading.get_ident()

    def sample() -> None:
        nonlocal samples
        while not done.is_set():
            for ident, frame in sys._current_frames().items():
                if ident in (me, sampler.ident):
                    continue
                names, f = set(), frame
                while f is not None:
                    code = f.f_code
                    if any(part in code.co_filename for part in OURS):
                        names.add(f"{code.co_filename.split('site-packages/')[-1].split('src/')[-1]}:{code.co_name}")
                    f = f.f_back
                if names:
                    samples += 1
                    seen.update(names)
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    run()
    took = time.perf_counter() - started
    done.set()
    sampler.join()
    print(f"\n## {name}: {took:.3f} s wall, {samples} samples in our code")
    for where, n in seen.most_common(top):
        print(f"{100 * n / max(samples, 1):5.1f} %  {n * took / max(samples, 1):6.3f} s  {where}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="app_pages/map.py")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.run()  # imports, the dataset (from the disk cache when it holds these inputs), the Overview
    if args.page != "app_pages/overview.py":
        at.switch_page(args.page)
    _step(f"first visit of {args.page}", at.run, args.top)
    _step("rerun, nothing changed", at.run, args.top)
    box = at.sidebar.text_input[0]
    _step("filter change (search 'water')", lambda: box.input("water").run(), args.top)
    if at.exception:
        print([e.value for e in at.exception])
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
