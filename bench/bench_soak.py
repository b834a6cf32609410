"""Memory of the server over many documents added through the Add document page (issue 30, item 10).

Run from the project root: .venv/bin/python bench/bench_soak.py [--adds 50] [--geodata-dir DIR]

The page runs under Streamlit's AppTest in this process, as the server runs it: each round
uploads a different plan (the follow-up plan of the tests with its own closing sentence and
id), presses Review, then "Add the document", and reads this process's resident memory
(VmRSS). The reading of the file happens in a child process (``ingest.bounded``), as on the
server. Prints the memory before the first add, after each add, the growth per add over the
first and the second half, and then the memory after a garbage collection and after giving
the allocator's free memory back to the system (``malloc_trim``), which tells memory that is
still held by objects from memory that glibc keeps for reuse. After each add it also counts the
Dataset objects alive after a full collection: one is the current dataset; more means something
keeps earlier ones (issue 30: each add's form kept its dataset through Streamlit's widget metadata,
which a session keeps for every widget it ever drew).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "tests" / "fixtures" / "followup-plan.en.txt").read_text(encoding="utf-8")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


def trim() -> None:
    with contextlib.suppress(OSError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def live_datasets() -> int:
    """The Dataset objects alive after a full collection."""
    from laomap.pipeline.dataset import Dataset

    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Dataset))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adds", type=int, default=50)
    parser.add_argument("--geodata-dir", type=Path, default=None)
    parser.add_argument("--trace", type=int, default=0, metavar="K",
                        help="trace allocations (tracemalloc) from add K on and print where the memory kept since grew")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="laomap-soak-")
    os.environ["LAOMAP_DATA_DIR"] = str(Path(tmp) / "user")
    os.environ["LAOMAP_CACHE_DIR"] = str(Path(tmp) / "cache")
    if args.geodata_dir:
        os.environ["LAOMAP_GEODATA_DIR"] = str(args.geodata_dir)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app_pages" / "add_document.py"), default_timeout=300)
    at.run()
    gc.collect()
    start = rss_mb()
    print(f"before: {start:.0f} MB (page drawn once)", flush=True)
    after: list[float] = []
    snapshot = None
    for i in range(1, args.adds + 1):
        if args.trace and i == args.trace:
            import tracemalloc

            tracemalloc.start(12)
            gc.collect()
            snapshot = tracemalloc.take_snapshot()
        text = TEXT + f"\nBoth sides noted the follow-up meeting number {i} of the joint committee, held on day {i} of the round.\n"
        at.file_uploader[0].set_value((f"followup-{i}.txt", text.encode("utf-8"), "text/plain"))
        field = lambda label: next(w for w in at.text_input if w.label == label)  # noqa: E731
        field("Title (empty: the document's own first line)").input(f"Joint Follow-up Plan {i}")
        field("Date (empty: read from its date line)").input("2024-03")
        field("Document id (optional)").input(f"followup-{i}-en")
        started = time.perf_counter()
        next(b for b in at.button if b.label == "Review").click()
        at.run()
        next(b for b in at.button if b.label == "Add the document").click()
        at.run()
        took = time.perf_counter() - started
        if at.exception or at.error or not at.success:
            print(f"add {i} failed: {[e.value for e in at.exception]} {[e.value for e in at.error]}", flush=True)
            return 1
        datasets = live_datasets()
        after.append(rss_mb())
        print(f"after add {i:2d}: {after[-1]:6.0f} MB  (+{after[-1] - start:5.0f} since the start; {took:.1f} s; "
              f"live datasets {datasets})", flush=True)
    half = len(after) // 2
    per = lambda xs: (xs[-1] - xs[0]) / max(1, len(xs) - 1)  # noqa: E731
    print(f"growth per add: first half {per(after[:half + 1]):.1f} MB, second half {per(after[half:]):.1f} MB; "
          f"median step {statistics.median(b - a for a, b in zip(after, after[1:])):.1f} MB")
    gc.collect()
    if snapshot is not None:
        import tracemalloc

        grown = tracemalloc.take_snapshot().compare_to(snapshot, "traceback")
        print(f"where the memory kept since add {args.trace} grew (tracemalloc, top 8):")
        for stat in grown[:8]:
            print(f"  +{stat.size_diff / 1e6:6.1f} MB in {stat.count_diff:+d} blocks:")
            for line in stat.traceback.format()[-6:]:
                print(f"      {line}")
    collected = rss_mb()
    trim()
    trimmed = rss_mb()
    print(f"after {len(after)} adds: {after[-1]:.0f} MB; after gc.collect(): {collected:.0f} MB; after malloc_trim(0): "
          f"{trimmed:.0f} MB (start {start:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
