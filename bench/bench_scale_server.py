"""The server's work at 10,000 statements, side by side with the real plans (issue 29 item 5): no browser.

Run from the project root: .venv/bin/python bench/bench_scale_server.py [--runs 5] [--statements 10000] [--plans 2]

Writes a synthetic corpus (laomap.pipeline.synthetic: ``--statements`` over ``--plans`` plans and 500 places) to
a temporary folder and measures, on it and on the real plans, interleaved run by run:

- build: ``dataset.build`` (extraction, places, the plan history's links, validation), once per corpus;
- load: the dataset read back from the disk cache in a new process (``laomap values`` wall time);
- filter: ``filters.apply`` of a new search term each run (nothing remembered from the run before);
- map: the map's layers, its JSON and folium's HTML for that selection (what a filter change makes), and the
  HTML's size;
- statements: the Statements page's table of every statement (``filters.statements``);
- history: the plan history's diagram (``views.history.history``) and the flow of new statements;
- add-link search: the pickers' choices (made once per dataset) and one search among them
  (``views.history.matching_choices``), and how many options the form then sends (at most PICKER_LIMIT).

Prints medians and the ratio synthetic / real for each step, the load average before and after. Target
(issue 29): a filter change's work (filter + map) at 10,000 statements under 1 s (exit code 1 if missed); the
other figures are what a page costs on the server, for bench/README.md (the browser's side is bench_scale.py's).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from laomap.pipeline.dataset import Dataset, build
from laomap.pipeline.synthetic import write_synthetic_corpus
from laomap.views.filters import Filter, apply, statements

ROOT = Path(__file__).resolve().parents[1]
TERMS = ["hospital", "bridges", "schools", "irrigation", "forest", "tourism", "vocational", "electricity", "ordnance",
         "ICT", "water", "road", "energy", "health", "education"]
FILTER_TARGET_S = 1.0


def _timed(make: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = make()
    return time.perf_counter() - started, value


def _load_in_new_process(docs: Path | None, geo: Path | None, cache: Path, user: Path) -> float:
    env = {**os.environ, "LAOMAP_CACHE_DIR": str(cache), "LAOMAP_DATA_DIR": str(user)}
    if docs is not None:
        env.update(LAOMAP_DOCUMENTS_DIR=str(docs), LAOMAP_GEODATA_DIR=str(geo))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "laomap.cli", "values"], env=env, check=True, stdout=subprocess.DEVNULL, timeout=900)
    return time.perf_counter() - started


def _steps(ds: Dataset, term: str) -> dict[str, tuple[float, object]]:
    """One run of each step on ``ds`` with a search ``term`` it has not seen."""
    from laomap.maps.web import build_map, map_html
    from laomap.ui.historyview import PICKER_LIMIT
    from laomap.views.history import flow_items, history, matching_choices, statement_choices
    from laomap.views.layers import map_layers

    out: dict[str, tuple[float, object]] = {}
    flt = Filter(text=term)
    out["filter"] = _timed(lambda: apply(ds, flt))
    rows = out["filter"][1]

    def draw() -> int:
        layers = map_layers(ds, rows, "en")
        return len(map_html(build_map(layers, ds)).encode("utf-8"))

    out["map"] = _timed(draw)
    ds.derived.pop(("statements", "en"), None)
    out["statements"] = _timed(lambda: len(statements(ds, "en")))
    ds.derived.clear()  # the history and the pickers are made once per dataset: measure them made anew

    def plan_history() -> int:
        hist = history(ds, Filter())
        order = hist.order
        return len(flow_items(ds, hist, "new", order[0], order[-1], "en")) if len(order) > 1 else 0

    out["history"] = _timed(plan_history)

    def search() -> int:
        hist = history(ds, Filter())
        choices = statement_choices(ds, hist.order[:1], "en")
        shown, _found = matching_choices(choices, term, PICKER_LIMIT)
        return len(shown)

    out["add-link search"] = _timed(search)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--plans", type=int, default=2)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="laomap-bench-scale-") as tmp:
        root = Path(tmp)
        corpus = write_synthetic_corpus(root / "syn", args.statements, 500, documents=args.plans)
        inputs = {"real": (None, None), "synthetic": (corpus / "documents", corpus / "geodata")}
        built: dict[str, Dataset] = {}
        table: dict[str, dict[str, list[float]]] = {name: {} for name in inputs}
        sizes: dict[str, object] = {}
        for name, (docs, geo) in inputs.items():
            seconds, ds = _timed(lambda d=docs, g=geo, n=name: build(d, g, root / f"user-{n}"))
            built[name] = ds  # type: ignore[assignment]
            table[name]["build"] = [seconds]
            _load_in_new_process(docs, geo, root / f"cache-{name}", root / f"user-{name}")  # builds and keeps it
        for run in range(args.runs):
            for name, (docs, geo) in inputs.items():
                table[name].setdefault("load (new process)", []).append(
                    _load_in_new_process(docs, geo, root / f"cache-{name}", root / f"user-{name}"))
                for step, (seconds, value) in _steps(built[name], TERMS[run % len(TERMS)]).items():
                    table[name].setdefault(step, []).append(seconds)
                    if step in ("map", "add-link search"):
                        sizes[f"{name} {step}"] = value
        statements_count = {name: int((ds.commitments.commitment_id == ds.commitments.statement_id).sum()) for name, ds in built.items()}
        print(f"statements: real {statements_count['real']:,}, synthetic {statements_count['synthetic']:,} "
              f"({args.plans} plans); medians of {args.runs} runs, interleaved")
        print(f"{'step':22}{'real s':>10}{'synthetic s':>14}{'ratio':>8}")
        for step in table["real"]:
            real, syn = statistics.median(table["real"][step]), statistics.median(table["synthetic"][step])
            print(f"{step:22}{real:10.3f}{syn:14.3f}{syn / real if real else float('nan'):8.1f}")
        print(f"map HTML: real {sizes['real map']:,} bytes, synthetic {sizes['synthetic map']:,} bytes; add-link picker lists "
              f"at most {sizes['synthetic add-link search']} options at 10,000 statements")
        change = statistics.median(table["synthetic"]["filter"]) + statistics.median(table["synthetic"]["map"])
        print(f"a filter change's work at {statements_count['synthetic']:,} statements: {change:.3f} s "
              f"(target < {FILTER_TARGET_S:.0f} s: {'met' if change < FILTER_TARGET_S else 'MISSED'})")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if change < FILTER_TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
