"""How long a correction of the plan history takes to settle (issue 24): Confirm, Undo, Reject, Undo.

Run from the project root: .venv/bin/python bench/bench_corrections.py [--runs 3]

In a fresh user data dir: the dataset is loaded once (as the server holds it), then for the first
carried link of the History page's Joint Plan (2016) -> Action Plan (2021) flow, each correction is
written (``userdata.correct_link`` / ``undo_correction``, which checks it against the dataset
before it writes) and the page's data made again (``load_dataset``, ``history``, ``flow_items``),
as the rerun after a click does. Prints the median seconds of each step. Target: < 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["LAOMAP_DATA_DIR"] = tempfile.mkdtemp(prefix="laomap-bench-")
    from laomap import userdata
    from laomap.pipeline.dataset import load_dataset
    from laomap.views.filters import Filter
    from laomap.views.history import flow_items, history

    def page() -> list:
        ds = load_dataset()
        return flow_items(ds, history(ds, Filter()), "carried", "joint-plan-2016", "action-plan-en", "en")

    first = page()[0]
    later, earlier = first.statement.statement_id, first.earlier[0].statement_id
    steps = {"confirm": lambda: userdata.correct_link(later, earlier, "confirm"),
             "undo confirm": lambda: userdata.undo_correction(later, earlier),
             "reject": lambda: userdata.correct_link(later, earlier, "reject"),
             "undo reject": lambda: userdata.undo_correction(later, earlier)}
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.runs):
        for name, step in steps.items():
            started = time.perf_counter()
            step()
            page()
            times[name].append(time.perf_counter() - started)
    worst = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        worst = max(worst, median)
        print(f"  {name:13} median {median:.2f} s ({args.runs} runs)")
    print(f"slowest median {worst:.2f} s (target < 1 s): {'met' if worst < 1 else 'MISSED'}")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
