"""The dataset kept on disk: how long a restart takes to load it, and how large the file is.

Run from the project root: .venv/bin/python bench/bench_cache.py [--statements 10000] [--repeat 15]

Builds the dataset once (kept in a temporary cache folder), then --repeat times forgets the
in-memory dataset (what a restart forgets; the memo of file digests too, where there is one)
and times ``load_dataset()``, which then reads the kept file. Prints the median and the range,
the build time for comparison and the file's size. With --statements N the inputs are a
synthetic corpus of N statements over 500 places; without, the real plans. Works on any
laomap since the disk cache exists (issue 16), so the same script gives before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import synthetic_corpora


def measure(documents: Path | None, geodata: Path | None, repeat: int) -> None:
    from laomap.pipeline import dataset

    with tempfile.TemporaryDirectory(prefix="laomap-bench-cache-") as tmp:
        os.environ["LAOMAP_CACHE_DIR"] = str(Path(tmp) / "cache")
        user = Path(tmp) / "user"
        started = time.perf_counter()
        dataset.load_dataset(documents, geodata, user)
        build_s = time.perf_counter() - started
        files = [f for f in (Path(tmp) / "cache").iterdir() if f.name.startswith("dataset-")]
        times = []
        for _ in range(repeat):
            dataset._cache.clear()
            memo = getattr(getattr(dataset, "disk_cache", None), "_digests", None)
            if memo is not None:
                memo.clear()
            started = time.perf_counter()
            ds = dataset.load_dataset(documents, geodata, user)
            times.append(time.perf_counter() - started)
        print(f"statements {len(ds.commitments)}: build {build_s * 1000:.0f} ms; load from disk median "
              f"{statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, "
              f"n={repeat}); file {', '.join(f'{f.name} {f.stat().st_size / 1e6:.2f} MB' for f in files)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if not args.statements:
        measure(None, None, args.repeat)
        return 0
    with synthetic_corpora([args.statements]) as corpora:
        corpus = corpora[args.statements]
        measure(corpus / "documents", corpus / "geodata", args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
