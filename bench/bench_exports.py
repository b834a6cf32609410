"""Export times: map images per preset and format, the slide deck and the offline HTML map.

Run: .venv/bin/python bench/bench_exports.py [--runs 5]
Prints the median of --runs runs (seconds) for each export, measured in one process after one
warm-up export (font registration and the projected base map are made once per process; the
first, cold export is reported on its own line). Targets (issue 4): a 16:9 PNG under 1.5 s, a
6-slide deck under 8 s; the exit code is 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from laomap import Filter
from laomap.export.deck import build_deck
from laomap.export.html import export_html
from laomap.export.image import export_map
from laomap.pipeline.dataset import build

SIX_SLIDES = Filter(themes=("tourism_culture", "people_exchange", "environment"))  # title + 3 themes + timeline + sources
TARGETS = {"PNG 16:9, all statements, en": 1.5, "deck, 6 slides, en": 8.0}


def timed(fn: Callable[[], bytes]) -> tuple[float, int]:
    started = time.perf_counter()
    data = fn()
    return time.perf_counter() - started, len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as user:
        ds = build(None, None, Path(user))
    cold, _ = timed(lambda: export_map(ds, Filter(), preset="16:9", fmt="png"))
    cases: list[tuple[str, Callable[[], bytes]]] = [
        ("PNG 16:9, all statements, en", lambda: export_map(ds, Filter(), preset="16:9", fmt="png")),
        ("PNG 16:9, all statements, ja", lambda: export_map(ds, Filter(lang="ja"), preset="16:9", fmt="png")),
        ("PNG 4:3, en", lambda: export_map(ds, Filter(), preset="4:3", fmt="png")),
        ("PNG A4 landscape 300 dpi, en", lambda: export_map(ds, Filter(), preset="a4-landscape", fmt="png")),
        ("PDF A4 portrait, ja", lambda: export_map(ds, Filter(lang="ja"), preset="a4-portrait", fmt="pdf")),
        ("SVG 16:9, en", lambda: export_map(ds, Filter(), preset="16:9", fmt="svg")),
        ("deck, 6 slides, en", lambda: build_deck(ds, SIX_SLIDES)),
        ("deck, 6 slides, ja", lambda: build_deck(ds, SIX_SLIDES.with_(lang="ja"))),
        ("offline HTML map, en", lambda: export_html(ds, Filter())),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in cases}
    sizes: dict[str, int] = {}
    for _ in range(args.runs):  # interleaved, so every case sees the same machine state
        for name, fn in cases:
            seconds, size = timed(fn)
            times[name].append(seconds)
            sizes[name] = size
    base = statistics.median(times[cases[0][0]])
    print(f"runs per case: {args.runs}; first (cold) 16:9 PNG in the process: {cold:.3f} s\n")
    print(f"{'export':32} {'median s':>9} {'min s':>7} {'max s':>7} {'vs PNG 16:9':>12} {'bytes':>11}  target")
    failed = False
    for name, _ in cases:
        med = statistics.median(times[name])
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = med < target
            failed |= not ok
            verdict = f"< {target:g} s {'ok' if ok else 'MISSED'}"
        print(f"{name:32} {med:9.3f} {min(times[name]):7.3f} {max(times[name]):7.3f} {med / base:11.2f}x {sizes[name]:11,d}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
