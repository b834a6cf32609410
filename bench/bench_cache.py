"""The dataset kept on disk: how long a restart takes to load it, and how large the file is.

Run from the project root: .venv/bin/python bench/bench_cache.py [--statements 10000] [--repeat 15]
    [--documents-dir D --geodata-dir G] [--pickle-reference]

Builds the dataset once (kept in a temporary cache folder), then --repeat times forgets the
in-memory dataset (what a restart forgets; the memo of file digests too, where there is one)
and times ``load_dataset()``, which then reads the kept file (and, apart, the same plus every table
made: the tables are made on first read since issue 30). Prints the median and the range,
the build time for comparison and the file's size. With --statements N the inputs are a
synthetic corpus of N statements over 500 places; without, the real plans (or the folders
given). Works on any laomap since the disk cache exists (issue 16), so the same script gives
before and after: run it with PYTHONPATH set to another checkout's src/.

--pickle-reference: also time, in the same process and interleaved with the loads (so that
the load of a shared machine weighs on both alike), ``pickle.loads`` of the same dataset's
fields kept as a pickle in memory: what a pickle cache of today's data would cost, with
the same input hashing added (``input_fingerprint`` with the digests memo cleared); and the
same again with the garbage collector paused, as the cache's loader pauses it.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import synthetic_corpora

FIELDS = ("documents", "parsed", "sections", "paragraphs", "commitments", "non_commitments", "links", "dates", "places",
          "gazetteer", "warnings", "carried", "method_links", "build_seconds")
TABLES = ("sections", "paragraphs", "commitments", "non_commitments", "links", "dates", "carried", "method_links")


def _forget(dataset) -> None:
    dataset._cache.clear()
    memo = getattr(getattr(dataset, "disk_cache", None), "_digests", None)
    if memo is not None:
        memo.clear()


def measure(documents: Path | None, geodata: Path | None, repeat: int, reference: bool) -> None:
    from laomap.pipeline import dataset

    with tempfile.TemporaryDirectory(prefix="laomap-bench-cache-") as tmp:
        os.environ["LAOMAP_CACHE_DIR"] = str(Path(tmp) / "cache")
        user = Path(tmp) / "user"
        started = time.perf_counter()
        built = dataset.load_dataset(documents, geodata, user)
        build_s = time.perf_counter() - started
        kept = pickle.dumps({f: getattr(built, f) for f in FIELDS if hasattr(built, f)}, protocol=pickle.HIGHEST_PROTOCOL)
        del built
        files = [f for f in (Path(tmp) / "cache").iterdir() if f.name.startswith("dataset-")]
        times, pickled, paused, whole = [], [], [], []
        ds = None
        for _ in range(repeat):
            _forget(dataset)
            ds = None  # the previous one is freed before the clock starts
            started = time.perf_counter()
            ds = dataset.load_dataset(documents, geodata, user)
            times.append(time.perf_counter() - started)
            for name in TABLES:  # made on first read since the tables are made on use: what a page that reads them all pays
                if hasattr(ds, name):
                    getattr(ds, name)
            whole.append(time.perf_counter() - started)
            if reference:
                _forget(dataset)
                started = time.perf_counter()
                fp = getattr(dataset, "input_fingerprint", None)
                if fp is not None:
                    fp(documents, geodata, user)
                fields = pickle.loads(kept)
                pickled.append(time.perf_counter() - started)
                del fields
                _forget(dataset)
                started = time.perf_counter()  # the same with the collector paused, as the cache's loader does
                if fp is not None:
                    fp(documents, geodata, user)
                gc.disable()
                fields = pickle.loads(kept)
                gc.enable()
                paused.append(time.perf_counter() - started)
                del fields
        assert ds is not None
        ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms (min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f})"  # noqa: E731
        print(f"statements {len(ds.commitments)}, places {len(ds.places)}: build {build_s * 1000:.0f} ms; load from disk "
              f"{ms(times)}, n={repeat}; file {', '.join(f'{f.name} {f.stat().st_size / 1e6:.2f} MB' for f in files)}")
        print(f"  load + every table made (what a page reading them all pays): {ms(whole)}")
        if reference:
            ratio = statistics.median(times) / statistics.median(pickled)
            print(f"  pickle.loads of the same dataset + input hashing, interleaved: {ms(pickled)}; pickle "
                  f"{len(kept) / 1e6:.2f} MB; load / pickle = {ratio:.2f}")
            print(f"  load + every table made / pickle = {statistics.median(whole) / statistics.median(pickled):.2f}")
            print(f"  the same with the garbage collector paused: {ms(paused)}; load / that = "
                  f"{statistics.median(times) / statistics.median(paused):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--documents-dir", type=Path)
    parser.add_argument("--geodata-dir", type=Path)
    parser.add_argument("--pickle-reference", action="store_true")
    args = parser.parse_args()
    if not args.statements:
        measure(args.documents_dir, args.geodata_dir, args.repeat, args.pickle_reference)
        return 0
    with synthetic_corpora([args.statements]) as corpora:
        corpus = corpora[args.statements]
        measure(corpus / "documents", corpus / "geodata", args.repeat, args.pickle_reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
