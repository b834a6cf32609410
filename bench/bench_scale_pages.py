"""The History and Statements pages at 10,000 statements a plan, side by side with the real plans (issue 29 item 5).

Run from the project root: .venv/bin/python bench/bench_scale_pages.py [--runs 5] [--corpus DIR] [--profile]

The server's script run of each page under Streamlit's AppTest (the page, the sidebar's filters, every element
the browser is sent), on the real plans and on a synthetic corpus (``laomap.pipeline.synthetic``: ``--statements``
over ``--plans`` plans and 500 places; ``--corpus DIR`` reuses one written before, with documents/ and geodata/),
each from its own disk cache (built once, untimed; ``--work DIR`` keeps the corpus and the caches for the next run),
interleaved run by run:

- first visit: the dataset freshly read from its disk cache and nothing derived from it yet (what the first
  visitor after a start waits for: the statement tables, the plan history, the pickers' labels are made);
- another visit: a new session opening the page once they are made;
- a flow: the History page with ``?flow=new`` (the latest plan's new statements listed), first visit.

Besides the time, what the page sends: the bytes of its elements (``AppTest``'s protobufs, which is what goes to
the browser) and the options of its largest picker. Prints medians and the ratio synthetic / real per page and
case, with the load average; target (issue 29): every first visit and every visit within 2x the real plans'
(exit code 1 if missed). ``--against OLD`` (another checkout's root, e.g. a ``git worktree`` of an older commit) runs
the same visits on that code too, interleaved visit by visit (each code in a worker process of its own), for figures
before and after side by side. ``--profile`` samples the script thread during one first visit of each page on the
synthetic corpus and prints where its time went (``profile_dashboard._step``).
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
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from laomap.pipeline.dataset import load_dataset
from laomap.pipeline.synthetic import write_synthetic_corpus

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
PAGES = {"History": ("app_pages/history.py", {}), "History, a flow": ("app_pages/history.py", {"flow": "new"}),
         "Statements": ("app_pages/commitments.py", {})}
TARGET = 2.0
ENV_KEYS = ("LAOMAP_DOCUMENTS_DIR", "LAOMAP_GEODATA_DIR", "LAOMAP_CACHE_DIR", "LAOMAP_DATA_DIR")


def _use(env: dict[str, str]) -> None:
    for key in ENV_KEYS:
        os.environ.pop(key, None)
    os.environ.update(env)


def _keep(env: dict[str, str]) -> None:
    """Build the corpus's dataset once and keep it in its disk cache (untimed)."""
    subprocess.run([sys.executable, "-m", "laomap.cli", "values"], env={**os.environ, **env}, check=True,
                   stdout=subprocess.DEVNULL, timeout=3600)


def _sent(at: AppTest) -> tuple[int, int]:
    """Bytes of every element the run produced, and the most options of one picker."""
    size, options = 0, 0
    for node in at._tree.main.children.values(), at._tree.sidebar.children.values():  # noqa: SLF001 - the whole tree
        stack = list(node)
        while stack:
            n = stack.pop()
            proto = getattr(n, "proto", None)
            if proto is not None and not hasattr(n, "children"):
                size += proto.ByteSize()
                options = max(options, len(getattr(proto, "options", ()) or ()))
            stack.extend(getattr(n, "children", {}).values())
    return size, options


def _visit(page: str, query: dict[str, str], cold: bool, run: Callable[[Callable[[], object]], float] | None = None
           ) -> tuple[float, float, AppTest]:
    """A new session opens the Overview (untimed: imports, the dataset), then ``page`` (timed: wall and CPU seconds).

    The CPU seconds are the process's (the worker does nothing else meanwhile): less swayed by other processes' load
    than the wall time, so the ratio still tells the page's work apart on a busy machine."""
    at = AppTest.from_file(APP, default_timeout=3600)  # the first visit of a worker may build the dataset
    at.query_params.update(query)
    at.run()
    if cold:
        load_dataset().derived.clear()  # nothing made from the dataset yet, as after a start
    if run is not None:
        return run(lambda: at.switch_page(page).run()), 0.0, at
    started, cpu = time.perf_counter(), time.process_time()
    at.switch_page(page).run()
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    if at.exception:
        raise SystemExit(f"{page}: {[e.value for e in at.exception]}")
    return took, cpu, at


def _worker() -> int:
    """Serve visits for another process: one JSON request a line (env, page, query, cold), one JSON answer a line."""
    for line in sys.stdin:
        ask = json.loads(line)
        _use(ask["env"])
        took, cpu, at = _visit(ask["page"], ask["query"], ask["cold"])
        ds = load_dataset()
        size, options = _sent(at)
        statements = int((ds.commitments.commitment_id == ds.commitments.statement_id).sum())
        print(json.dumps({"took": took, "cpu": cpu, "sent": size, "options": options, "statements": statements}), flush=True)
    return 0


class _Code:
    """A worker process running a checkout's dashboard (this one, or ``--against``'s) under AppTest."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name  # each code keeps its own disk caches (another version builds and keeps them anew)
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        self.proc = subprocess.Popen([sys.executable, __file__, "--worker", str(root)], cwd=root, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def visit(self, env: dict[str, str], page: str, query: dict[str, str], cold: bool) -> dict[str, float]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        env = {**env, "LAOMAP_CACHE_DIR": f"{env['LAOMAP_CACHE_DIR']}-{self.name}"}
        self.proc.stdin.write(json.dumps({"env": env, "page": page, "query": query, "cold": cold}) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise SystemExit(f"the worker ended: {page} {query}")
        return json.loads(answer)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--statements", type=int, default=20_000)
    parser.add_argument("--plans", type=int, default=2)
    parser.add_argument("--corpus", type=Path, help="a synthetic corpus written before (documents/, geodata/)")
    parser.add_argument("--work", type=Path, help="keep the corpus and the disk caches in DIR (reused by the next run)")
    parser.add_argument("--against", type=Path, help="another checkout's root (e.g. a git worktree of an older commit)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)  # a checkout's root: serve visits of its dashboard
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.worker:
        global APP
        APP = str(args.worker / "dashboard.py")
        return _worker()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="laomap-bench-pages-") as tmp:
        root = args.work or Path(tmp)
        corpus = args.corpus or (root / "syn" if (root / "syn" / "documents").is_dir() else
                                 write_synthetic_corpus(root / "syn", args.statements, 500, documents=args.plans))
        envs = {"real": {"LAOMAP_CACHE_DIR": str(root / "cache-real"), "LAOMAP_DATA_DIR": str(root / "user-real")},
                "synthetic": {"LAOMAP_DOCUMENTS_DIR": str(corpus / "documents"), "LAOMAP_GEODATA_DIR": str(corpus / "geodata"),
                              "LAOMAP_CACHE_DIR": str(root / "cache-syn"), "LAOMAP_DATA_DIR": str(root / "user-syn")}}
        for env in envs.values():
            Path(env["LAOMAP_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
            if args.profile:
                _keep(env)
        if args.profile:
            from profile_dashboard import _step

            _use(envs["synthetic"])
            for name, (page, query) in PAGES.items():
                _visit(page, query, True, lambda go, n=name: _step(f"first visit, {n}, synthetic", go, 30))
            return 0
        codes = {"this": _Code(ROOT, "this"), **({"before": _Code(args.against.resolve(), "before")} if args.against else {})}
        table: dict[tuple[str, str, str, str], list[float]] = {}
        sent: dict[tuple[str, str, str], tuple[int, int]] = {}
        counts: dict[str, int] = {}
        for run in range(args.runs + 1):  # run 0 warms up (imports, the first AppTest)
            for name, env in envs.items():
                for page_name, (page, query) in PAGES.items():
                    for case, cold in (("first visit", True), ("another visit", False)):
                        if case == "another visit" and query:
                            continue
                        for code_name, code in codes.items():
                            got = code.visit(env, page, query, cold)
                            if run:
                                table.setdefault((code_name, page_name, case, name), []).append(got["took"])
                                table.setdefault((code_name, page_name, case, name + " cpu"), []).append(got["cpu"])
                            sent[(code_name, page_name, name)] = (int(got["sent"]), int(got["options"]))
                            counts[name] = int(got["statements"])
        for code in codes.values():
            code.close()
        print(f"statements: real {counts['real']:,}, synthetic {counts['synthetic']:,} ({args.plans} plans); "
              f"medians of {args.runs} runs, interleaved")
        print(f"{'code':8}{'page':18}{'case':15}{'real s':>9}{'synthetic s':>13}{'ratio':>7}"
              f"{'CPU real/syn s':>17}{'ratio':>7}{'sent KB real/syn':>19}{'options':>9}")
        worst = 0.0
        for code_name in codes:
            for page_name in PAGES:
                for case in ("first visit", "another visit"):
                    if (code_name, page_name, case, "real") not in table:
                        continue
                    real = statistics.median(table[(code_name, page_name, case, "real")])
                    syn = statistics.median(table[(code_name, page_name, case, "synthetic")])
                    cpu_r, cpu_s = (statistics.median(table[(code_name, page_name, case, n)]) for n in ("real cpu", "synthetic cpu"))
                    if code_name == "this":
                        worst = max(worst, syn / real, cpu_s / cpu_r)
                    (kb_r, _), (kb_s, opts) = sent[(code_name, page_name, "real")], sent[(code_name, page_name, "synthetic")]
                    print(f"{code_name:8}{page_name:18}{case:15}{real:9.3f}{syn:13.3f}{syn / real:7.2f}"
                          f"{f'{cpu_r:.3f} / {cpu_s:.3f}':>17}{cpu_s / cpu_r:7.2f}"
                          f"{f'{kb_r / 1024:.0f} / {kb_s / 1024:.0f}':>19}{opts:9d}")
        print(f"largest ratio (this code, wall or CPU) {worst:.2f} (target <= {TARGET:.0f}: {'met' if worst <= TARGET else 'MISSED'})")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
