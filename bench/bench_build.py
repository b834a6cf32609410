"""Build time at 1x, 10x and 100x the real data, and for the synthetic 1,000 / 10,000 corpora.

Run: .venv/bin/python bench/bench_build.py [--runs 5]
Prints medians (seconds) and time per record; growth should be linear (time per record flat).
Exit code 1 if the real data takes 5 s or more, or the time per record grows by more than 1.5x from 10x to 100x.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from laomap.pipeline.dataset import build
from laomap.pipeline.synthetic import write_replicated_corpus, write_synthetic_corpus


def median_build(documents: Path | None, geodata: Path | None, runs: int) -> tuple[float, int]:
    times, records = [], 0
    with tempfile.TemporaryDirectory() as user:
        for _ in range(runs):
            started = time.perf_counter()
            ds = build(documents, geodata, Path(user))
            times.append(time.perf_counter() - started)
            records = len(ds.commitments)
    return statistics.median(times), records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        median_build(None, None, 1)  # warm imports and caches once
        for factor in (1, 10, 100):
            if factor == 1:
                docs, geo = None, None
            else:
                out = write_replicated_corpus(tmp_path / f"x{factor}", factor)
                docs, geo = out / "documents", out / "geodata"
            seconds, records = median_build(docs, geo, args.runs)
            rows.append((f"real x{factor}", records, seconds))
        for n in (1_000, 10_000):
            out = write_synthetic_corpus(tmp_path / f"syn{n}", n, 500)
            seconds, records = median_build(out / "documents", out / "geodata", args.runs)
            rows.append((f"synthetic {n:,} over 500 places", records, seconds))
    base = rows[0][2] / rows[0][1]
    print(f"{'corpus':34} {'records':>8} {'median s':>9} {'ms/record':>10} {'vs 1x per record':>17}")
    for name, records, seconds in rows:
        per = seconds / records
        print(f"{name:34} {records:8d} {seconds:9.3f} {per * 1000:10.3f} {per / base:16.2f}x")
    # Linear growth: from 10x to 100x the data the time per record stays flat (at 1x fixed costs dominate).
    per10, per100 = rows[1][2] / rows[1][1], rows[2][2] / rows[2][1]
    ok = per100 <= 1.5 * per10 and rows[0][2] < 5.0
    print(f"time per record, 100x / 10x: {per100 / per10:.2f} (linear: <= 1.5); 1x build {rows[0][2]:.3f} s (target < 5 s): "
          f"{'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
