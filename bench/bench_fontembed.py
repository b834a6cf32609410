"""What carrying its fonts costs the offline HTML map: time to cut the glyphs, and bytes, per language.

Run: .venv/bin/python bench/bench_fontembed.py [--runs 5]
For each language, alternating run by run: the page without its fonts (``html_map`` with the embedding switched off) and
the embedding alone from cold (the cut-glyph cache emptied first: a new selection's cost), medians side by side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from laomap import Filter
from laomap.export import fontembed, html
from laomap.pipeline.dataset import build

LANGS = ("ja", "lo", "en")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as user:
        ds = build(None, None, Path(user))
    load = os.getloadavg()
    embed = html.font_face_css
    page_s: dict[str, list[float]] = {lang: [] for lang in LANGS}
    fonts_s: dict[str, list[float]] = {lang: [] for lang in LANGS}
    sizes: dict[str, tuple[int, int]] = {}
    for _ in range(args.runs):
        for lang in LANGS:
            html.font_face_css = lambda characters: ""  # type: ignore[assignment]  # the page alone
            started = time.perf_counter()
            page = html.html_map(ds, Filter(lang=lang))
            page_s[lang].append(time.perf_counter() - started)
            html.font_face_css = embed
            fontembed._cut.cache_clear()
            started = time.perf_counter()
            css = embed(fontembed.page_characters(page))
            fonts_s[lang].append(time.perf_counter() - started)
            sizes[lang] = (len(page.encode()), len(css.encode()))
    print(f"runs: {args.runs}; load average before: {' '.join(f'{x:.1f}' for x in load)}\n")
    print(f"{'lang':5} {'page s':>8} {'fonts s (cold)':>15} {'ratio':>6} {'page bytes':>11} {'font bytes':>11}")
    for lang in LANGS:
        page_med, fonts_med = statistics.median(page_s[lang]), statistics.median(fonts_s[lang])
        print(f"{lang:5} {page_med:8.3f} {fonts_med:15.3f} {fonts_med / page_med:6.2f} {sizes[lang][0]:11,d} {sizes[lang][1]:11,d}")
    print(f"\nload average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
