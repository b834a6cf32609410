"""Load: concurrent browser sessions against one local dashboard, each making a series of filter changes.

Run from the project root: .venv/bin/python bench/bench_load.py [--sessions 10] [--changes 20] [--statements N]

Starts one dashboard (laomap.appserver: free local port, no file watcher) on the real plans, or
on a synthetic corpus of N statements over 500 places with --statements, and opens --sessions
browser contexts in Debian's Chromium (each one its own Streamlit session, half of them on the
Overview and half on the Map page). After every session's map is drawn, all of them make
--changes filter changes at the same time: a search term typed into the sidebar's "Search the
text" box and Enter, timed until that session's map shows its new state (province colours,
legend, labels and whole-country box changed and complete). Consecutive terms give different
maps (checked first), and each session starts at a different term.

Errors counted: a change that does not reach its new map within the timeout, an exception shown
on a page, a JavaScript error in a page, and a traceback in the server's log. The server's memory
(the resident set of its process and any children) is sampled every 50 ms from start to end.

Before the concurrent phase, each session in turn makes two changes while the others stay idle:
the same measurement one at a time, for the ratio. Prints p50, p95 and maximum update latency
over all changes (and per session), the CPU the server and the browser used per change, the
server's memory before the sessions, after they opened and at its peak, and the errors.
Exit code 1 if any error occurred. Traffic goes to 127.0.0.1 only.

With --replicas N (issue 17) the dashboard runs as N replicas behind nginx (deploy/run_local.py)
and the sessions go through nginx; the server's CPU and memory are then those of every replica
and nginx together, and the sessions per replica (from the X-Laomap-Replica header) are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from bench_scale import check_terms, terms_for
from benchlib import CHROMIUM_ARGS, EXCEPTION, IDLE, MAP_CHANGED, MAP_STATE, chromium, corpus_env, percentile, synthetic_corpora
from playwright.async_api import BrowserContext, Page, async_playwright

from laomap.appserver import SERVED, AppServer, AppStartError, running_app

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 120_000
MB = 1024 * 1024


class MemorySampler:
    """The resident memory of a process and its children, sampled in a thread; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.05):
        self.process, self.every = psutil.Process(pid), every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> int:
        """Bytes resident right now in the process and its children (0 for a child that just exited)."""
        total = 0
        for proc in (self.process, *self.process.children(recursive=True)):
            with contextlib.suppress(psutil.Error):  # a child that has just exited
                total += proc.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.now())
            except psutil.Error:
                return
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Session:
    """One browser context on one page of the dashboard, with the errors it has seen."""

    def __init__(self, index: int, context: BrowserContext, page: Page, path: str):
        self.index, self.context, self.page, self.path = index, context, page, path
        self.replica = ""
        self.latencies: list[float] = []
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"JavaScript error: {exc}"))

    async def change(self, term: str, into: list[float] | None = None) -> None:
        """Search for ``term`` and wait for the map to show the new selection; record the seconds (in ``into``,
        by default this session's latencies) or the error."""
        page = self.page
        try:
            await page.wait_for_function(IDLE, timeout=TIMEOUT_MS, polling="raf")
            before = await page.evaluate(MAP_STATE)
            box = page.locator(".st-key-q input")
            await box.fill(term)
            started = time.perf_counter()
            await box.press("Enter")
            await page.wait_for_function(MAP_CHANGED, arg=before, timeout=TIMEOUT_MS, polling="raf")
            (self.latencies if into is None else into).append(time.perf_counter() - started)
        except Exception as exc:  # a timeout or a closed page: an error of this session, the others go on
            self.errors.append(f"change to {term!r}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
            return
        if await page.locator(EXCEPTION).count():
            self.errors.append(f"exception shown after {term!r}: {(await page.locator(EXCEPTION).first.inner_text())[:300]}")


async def open_session(browser, url: str, index: int, path: str) -> Session:
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    await context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                        else route.abort())
    page = await context.new_page()
    session = Session(index, context, page, path)
    response = await page.goto(url + path, wait_until="commit")
    session.replica = (response.headers.get("x-laomap-replica", "") if response else "")
    await page.wait_for_function(MAP_STATE, timeout=TIMEOUT_MS, polling="raf")
    await page.wait_for_function(IDLE, timeout=TIMEOUT_MS, polling="raf")
    return session


async def drive(app: AppServer, sampler: MemorySampler, sessions: int, changes: int, terms: list[str]) -> dict:
    """Open the sessions one after another, then make every session's changes concurrently."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        # the first visit builds the dataset in the server; the others open while it serves
        opened_at = time.perf_counter()
        all_sessions = [await open_session(browser, app.url, 0, "/")]
        all_sessions += await asyncio.gather(*(open_session(browser, app.url, i, "/" if i % 2 == 0 else "/map")
                                               for i in range(1, sessions)))
        open_seconds = time.perf_counter() - opened_at
        memory_open = sampler.now()

        async def run(session: Session) -> None:
            for k in range(changes):
                await session.change(terms[(session.index + k) % len(terms)])

        # Side by side in the same run: each session alone (the others open but idle) makes two changes first.
        alone: list[float] = []
        for session in all_sessions:
            for k in range(2):
                await session.change(terms[(session.index + changes + k) % len(terms)], into=alone)
        cpu_before = cpu_seconds(app.pid), cpu_seconds(*browser_pids(app.pid))
        started = time.perf_counter()
        await asyncio.gather(*(run(s) for s in all_sessions))
        wall = time.perf_counter() - started
        cpu_after = cpu_seconds(app.pid), cpu_seconds(*browser_pids(app.pid))
        for s in all_sessions:
            await s.context.close()
        await browser.close()
    return {"sessions": all_sessions, "open_seconds": open_seconds, "memory_open": memory_open, "wall": wall, "alone": alone,
            "cpu_server": cpu_after[0] - cpu_before[0], "cpu_browser": cpu_after[1] - cpu_before[1]}


def cpu_seconds(*pids: int) -> float:
    """User and system CPU seconds used so far by these processes and their children (those still running)."""
    total = 0.0
    seen: set[int] = set()
    for pid in pids:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
        for proc in procs:
            if proc.pid in seen:
                continue
            seen.add(proc.pid)
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
    return total


def browser_pids(server_pid: int) -> list[int]:
    """The browser's processes: this benchmark's children other than the server (Playwright's driver, its Chromium)."""
    return [p.pid for p in psutil.Process().children(recursive=False) if p.pid != server_pid]


def report(result: dict, memory_start: int, peak: int, log_errors: list[str], changes: int, corpus: str) -> int:
    sessions: list[Session] = result["sessions"]
    latencies = [x for s in sessions for x in s.latencies]
    errors = [f"session {s.index} ({s.path}): {e}" for s in sessions for e in s.errors] + log_errors
    load = os.getloadavg()
    print(f"corpus: {corpus}; {len(sessions)} concurrent sessions x {changes} filter changes; "
          f"load average {load[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"sessions opened (first one builds the dataset) in {result['open_seconds']:.1f} s; "
          f"changes took {result['wall']:.1f} s of wall time")
    alone = result["alone"]
    if alone:
        print(f"one session at a time ({len(alone)} changes, the others idle): p50 {percentile(alone, 50):.3f} s, "
              f"p95 {percentile(alone, 95):.3f} s")
    if latencies:
        ratio = f" ({percentile(latencies, 50) / percentile(alone, 50):.1f}x one at a time)" if alone else ""
        print(f"all {len(sessions)} at once, update latency over {len(latencies)} changes: p50 {percentile(latencies, 50):.3f} s"
              f"{ratio}, p95 {percentile(latencies, 95):.3f} s, max {max(latencies):.3f} s, mean {statistics.mean(latencies):.3f} s")
    print(f"{'session':>8} {'page':>6} {'changes':>8} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for s in sessions:
        if s.latencies:
            print(f"{s.index:8d} {s.path:>6} {len(s.latencies):8d} {percentile(s.latencies, 50):7.3f} "
                  f"{percentile(s.latencies, 95):7.3f} {max(s.latencies):7.3f}")
        else:
            print(f"{s.index:8d} {s.path:>6} {0:8d}")
    changed = max(1, len(latencies))
    print(f"CPU during the changes: server {result['cpu_server']:.1f} s ({result['cpu_server'] / changed:.3f} s per change), "
          f"browser {result['cpu_browser']:.1f} s ({result['cpu_browser'] / changed:.3f} s per change), "
          f"of {result['wall'] * (os.cpu_count() or 1):.0f} CPU-seconds available")
    print(f"server memory (resident): {memory_start / MB:.0f} MB started, {result['memory_open'] / MB:.0f} MB with "
          f"{len(sessions)} sessions open, peak {peak / MB:.0f} MB")
    expected = len(sessions) * changes
    if len(latencies) != expected and not errors:
        errors.append(f"{len(latencies)} changes measured, {expected} expected")
    if any(s.replica for s in sessions):
        per = {r: sum(1 for s in sessions if s.replica == r) for r in sorted({s.replica for s in sessions})}
        print("sessions per replica: " + ", ".join(f"{r}: {n}" for r, n in per.items()))
    print(f"throughput: {len(latencies) / result['wall']:.2f} changes per second sustained over {result['wall']:.1f} s")
    print(f"errors: {len(errors)}")
    for e in errors[:30]:
        print("  " + e)
    return 1 if errors else 0


def log_errors(app: AppServer) -> list[str]:
    """Tracebacks and error lines in the server's log (and, behind nginx, in every replica's)."""
    logs = [app.log_path] if app.log_path else []
    if app.log_path:
        logs += sorted(app.log_path.parent.glob("run/logs/replica-*.log"))
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    return [f"server log: {line.strip()[:200]}" for line in text.splitlines() if "Traceback" in line or " ERROR " in line]


@contextlib.contextmanager
def balanced_app(replicas: int, env: dict, tmp: Path):
    """deploy/run_local.py with ``replicas`` replicas; an AppServer whose URL is nginx and whose process tree holds them all."""
    import subprocess

    from laomap.appserver import free_port, stop

    port = free_port()
    log = tmp / "server.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "run_local.py"), str(replicas), "--port", str(port), "--replica-header",
                                    "--run-dir", str(tmp / "run")], cwd=str(ROOT), env={**os.environ, **env},
                                   stdout=out, stderr=subprocess.STDOUT)
    app = AppServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 300
    while "laomap: " not in log.read_text(encoding="utf-8", errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(app)
            raise AppStartError(f"deploy/run_local.py did not start:\n{app.log_tail()}")
        time.sleep(0.5)
    try:
        yield app
    finally:
        stop(app, timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10, help="concurrent browser sessions (default 10)")
    parser.add_argument("--changes", type=int, default=20, help="filter changes per session (default 20)")
    parser.add_argument("--statements", type=int, default=0, help="serve a synthetic corpus of this many statements")
    parser.add_argument("--replicas", type=int, default=0, help="N replicas behind nginx (deploy/run_local.py) instead of one server")
    args = parser.parse_args()
    if args.sessions < 1 or args.changes < 1:
        parser.error("--sessions and --changes must be at least 1")
    sizes = (args.statements,) if args.statements else ()
    with synthetic_corpora(sizes) as corpora, tempfile.TemporaryDirectory() as tmp:
        corpus_path = corpora.get(args.statements)
        name = f"synthetic, {args.statements:,} statements" if corpus_path else "the real plans"
        env = corpus_env(corpus_path, Path(tmp) / "user")
        term_set = "synthetic" if corpus_path else "real"
        check_terms(term_set, env)
        terms = terms_for(term_set)
        try:
            serving = (balanced_app(args.replicas, env, Path(tmp)) if args.replicas
                       else running_app(SERVED, cwd=ROOT, env=env, log_path=Path(tmp) / "server.log"))
            with serving as app, MemorySampler(app.pid) as sampler:
                memory_start = sampler.now()
                result = asyncio.run(drive(app, sampler, args.sessions, args.changes, terms))
                errors = log_errors(app)
                peak = sampler.peak
        except AppStartError as exc:
            raise SystemExit(f"the dashboard did not start: {exc}") from None
    return report(result, memory_start, peak, errors, args.changes, name)


if __name__ == "__main__":
    sys.exit(main())
