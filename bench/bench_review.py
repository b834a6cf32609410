"""A review and an add as the Add document page makes them, side by side with another checkout (issue 29 item 3).

Run from the project root: .venv/bin/python bench/bench_review.py [--runs 5] [--against OLD_SRC]

In a server process the dataset of the current inputs is already loaded (the dashboard's pages loaded it). Each
worker process here loads it the same way, then times, in that process:

- **review**: ``userdata.preview_document`` + ``review_document`` (what the page's Review button runs) of a one-page
  press release and of a ~20-page plan (the follow-up plan's body sixteen times);
- **add -> map**: ``userdata.add_document`` of the one-page release, then what the Map page's next run needs: the
  dataset of the new inputs (``load_dataset``), its map layers and the map's data (``maps.web.map_data``). The
  browser's drawing of the new map comes on top (a filter change's worth, see ``bench_scale.py``).

Workers of this tree and of ``--against`` (another checkout's ``src``, e.g. a ``git worktree`` of an older commit) run
in turn, round by round, so that both see the same machine; the table gives the medians, their ratio and the load
average before and after. Targets: review of one page <= 1 s, of 20 pages <= 2 s, add -> map <= 2 s (this tree).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_cli import without_bytecode_switch

ROOT = Path(__file__).resolve().parents[1]
PRESS = ROOT / "tests" / "fixtures" / "region" / "press-statement-2026.en.txt"
PLAN = ROOT / "tests" / "fixtures" / "followup-plan.en.txt"
CASES = ("review 1 page", "review 20 pages", "add -> map")
TARGET_S = {"review 1 page": 1.0, "review 20 pages": 2.0, "add -> map": 2.0}


def twenty_pages() -> str:
    title, _blank, date_line, body = PLAN.read_text(encoding="utf-8").lstrip("\n").split("\n", 3)
    return f"{title}\n\n{date_line}\n{body * 16}"


def worker(tmp: Path) -> dict[str, float]:
    """One round in this process: the times of each case, the dataset loaded first as a page has it."""
    from laomap import userdata
    from laomap.pipeline.dataset import load_dataset
    from laomap.views.review import review_document

    user = tmp / "user"
    load_dataset(None, None, user)  # what the dashboard's pages loaded before the user opened Add document
    out = {}
    for case, text, doc_id in (("review 1 page", PRESS.read_text(encoding="utf-8"), "press-2026"),
                               ("review 20 pages", twenty_pages(), "plan-20-pages")):
        meta = userdata.document_meta("Bench", "2026-05-12", "en", doc_id=doc_id)
        started = time.perf_counter()
        ds = userdata.preview_document(text, meta, user)
        review_document(ds, doc_id, userdata.ignored_names(user))
        out[case] = time.perf_counter() - started
    from laomap.maps.web import map_data
    from laomap.views.filters import Filter, selected
    from laomap.views.layers import map_layers

    meta = userdata.document_meta("Bench", "2026-05-12", "en", doc_id="press-2026")
    started = time.perf_counter()
    userdata.add_document(PRESS.read_text(encoding="utf-8"), meta, user)
    ds = load_dataset(None, None, user)
    map_data(map_layers(ds, selected(ds, Filter()), "en"), ds)
    out["add -> map"] = time.perf_counter() - started
    assert "press-2026" in ds.documents
    return out


def _round(src: Path | None, cache: Path) -> dict[str, float]:
    env = without_bytecode_switch(dict(os.environ, LAOMAP_CACHE_DIR=str(cache)))
    if src is not None:
        env["PYTHONPATH"] = str(src)
    with tempfile.TemporaryDirectory(prefix="laomap-bench-review-") as tmp:
        env["LAOMAP_DATA_DIR"] = str(Path(tmp) / "user")
        done = subprocess.run([sys.executable, __file__, "--worker", tmp], env=env, check=True, capture_output=True,
                              text=True, timeout=900)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="the src folder of another checkout to compare with")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker))))
        return 0
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    trees: dict[str, Path | None] = {"this": None}
    if args.against:
        trees = {"other": args.against.resolve(), "this": None}
    times: dict[str, dict[str, list[float]]] = {name: {case: [] for case in CASES} for name in trees}
    with tempfile.TemporaryDirectory(prefix="laomap-bench-review-cache-") as caches:
        for name, src in trees.items():  # warm-up: each tree's disk cache of the built-in dataset
            _round(src, Path(caches) / name)
        for _ in range(args.runs):
            for name, src in trees.items():
                for case, seconds in _round(src, Path(caches) / name).items():
                    times[name][case].append(seconds)
    print(f"{'case':<18}" + "".join(f"{name + ' median s':>18}" for name in trees) + ("   ratio" if args.against else ""))
    missed = False
    for case in CASES:
        medians = {name: statistics.median(times[name][case]) for name in trees}
        missed |= medians["this"] > TARGET_S[case]
        ratio = f"{medians['this'] / medians['other']:8.2f}" if args.against else ""
        print(f"{case:<18}" + "".join(f"{medians[name]:>18.3f}" for name in trees) + ratio)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"targets: review 1 page <= 1 s, 20 pages <= 2 s, add -> map <= 2 s ({'missed' if missed else 'met'})")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
