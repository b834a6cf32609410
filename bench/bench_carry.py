"""The plan history's links at scale: two synthetic plans of 1,000 and 10,000 statements each, and the real plans.

Run: .venv/bin/python bench/bench_carry.py [--runs 3] [--sizes 1000 10000]
Prints median seconds of ``carry.link_statements`` (imports warmed first), the links found, and
the peak memory the linking added (tracemalloc of Python objects; numpy and scipy arrays
included). Exit code 1 if 10,000 statements a plan take 10 s or more (the target).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from laomap.pipeline import carry
from laomap.pipeline.dataset import build
from laomap.pipeline.synthetic import synthetic_plan_pair

TARGET_SECONDS = 10.0


def timed(items, dates, runs: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        links = carry.link_statements(items, dates)
        times.append(time.perf_counter() - started)
        found = len(links)
    return statistics.median(times), found


def peak_mb(items, dates) -> float:
    tracemalloc.start()
    carry.link_statements(items, dates)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as user:
        ds = build(user_dir=Path(user))
    plan_of = {d: (m.translation_of or d) for d, m in ds.documents.items()}
    dates = {d: (m.date_earliest or m.date) for d, m in ds.documents.items() if not m.translation_of}
    real = carry.statement_texts(ds.commitments, plan_of)
    carry.link_statements(real, dates)  # warm the imports
    rows = [("real plans", len(real), *timed(real, dates, args.runs), peak_mb(real, dates))]
    for n in args.sizes:
        items, syn_dates, _restates = synthetic_plan_pair(n)
        rows.append((f"synthetic {n:,} a plan", len(items), *timed(items, syn_dates, args.runs), peak_mb(items, syn_dates)))
    print(f"{'corpus':26} {'statements':>10} {'median s':>9} {'links':>7} {'peak MB':>8}")
    for name, count, seconds, links, mb in rows:
        print(f"{name:26} {count:10d} {seconds:9.3f} {links:7d} {mb:8.1f}")
    worst = max((s for name, c, s, _, _ in rows if c >= 20_000), default=0.0)
    ok = worst < TARGET_SECONDS
    print(f"10,000 statements a plan: {worst:.3f} s (target < {TARGET_SECONDS:.0f} s): {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
