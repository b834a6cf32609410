"""The dashboard at scale: the real plans, and synthetic corpora of 1,000 and 10,000 statements over 500 places.

Run from the project root: .venv/bin/python bench/bench_scale.py [--runs 5]

Writes the synthetic corpora (laomap.pipeline.synthetic) to a temporary folder and serves each corpus
from its own dashboard (laomap.appserver: free local port, no file watcher), all three at
once, so that every measurement is taken in turn on each corpus, run by run, in Debian's Chromium:

- filter change: on the Overview (compact map) and on the Map page, from pressing Enter in
  the sidebar's "Search the text" box until the map shows its new state (province colours,
  legend, labels and the whole-country box have changed and are complete again). The
  terms alternate through a list chosen so that consecutive maps differ (checked first);
- page render: each page (Overview, Map, Timeline, Statements, History) opened in a fresh
  browser context until its main element is drawn and its script has finished;
- map size: the st_folium component's arguments as the browser receives them (AppTest), on
  the Overview and the Map page, and the map's standalone HTML without Leaflet.

Prints medians (and minimums) per corpus, the ratio of each corpus to the real data measured
in the same runs, and checks the targets at 10,000 statements: filter change <= 1 s (median)
and map <= 1 MB. Exit code 1 if a target is missed. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from benchlib import EXCEPTION, IDLE, MAP_CHANGED, MAP_STATE, chromium, corpus_env, synthetic_corpora
from playwright.sync_api import Browser, Page, sync_playwright

from laomap import Filter, apply
from laomap.appserver import SERVED, AppStartError, running_app

ROOT = Path(__file__).resolve().parents[1]
TERMS = {  # words of the plans: the real ones, and the synthetic generator's phrases
    "real": ["Okinawa", "education", "Vientiane", "Mekong", "Kyoto", "airport", "Japan", "youth", "Houaphanh", "investment"],
    "synthetic": ["hospital", "bridges", "schools", "irrigation", "forest", "tourism", "vocational", "electricity",
                  "ordnance", "ICT"],
}
PAGES = {  # name: (path, what shows that it is drawn; "map" = the atlas map complete)
    "Overview": ("/", "map"),
    "Map": ("/map", "map"),
    "Timeline": ("/timeline", ".lm-tl-track"),
    "Statements": ("/statements", ".lm-rows .lm-row"),
    "History": ("/history", ".lm-alluvial a.lm-band"),
}
TIMEOUT_MS = 180_000
ONE_MB = 1_000_000


def terms_for(name: str) -> list[str]:
    return TERMS["real" if name == "real" else "synthetic"]


def check_terms(name: str, env: dict[str, str]) -> None:
    """Consecutive search terms must give different maps, or a change could not be seen in the browser."""
    from laomap.maps.web import map_data
    from laomap.pipeline.dataset import load_dataset
    from laomap.views.layers import map_layers

    with patched_env(env):
        ds = load_dataset()
        keys = []
        for term in terms_for(name):
            for compact in (False, True):
                data = map_data(map_layers(ds, apply(ds, Filter(text=term)), "en"), ds, compact=compact)
                fills = tuple(f["properties"]["style"]["fillColor"] for f in data["provinces"]["features"])
                keys.append((compact, fills, data["legend"], data["trays"], tuple(lb["html"] for lb in data["labels"])))
    for compact in (False, True):
        mine = [k for k in keys if k[0] == compact]
        for a, b in zip(mine, mine[1:] + mine[:1]):
            if a == b:
                raise SystemExit(f"{name}: two consecutive search terms give the same map; change TERMS")


class patched_env:  # noqa: N801 - used like a function
    """Set environment variables for a block (AppTest and load_dataset read them in this process)."""

    def __init__(self, env: dict[str, str]):
        self.env, self.saved = env, {}

    def __enter__(self) -> None:
        self.saved = {k: os.environ.get(k) for k in self.env}
        os.environ.update(self.env)

    def __exit__(self, *exc: object) -> None:
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def map_sizes(env: dict[str, str]) -> dict[str, int]:
    """Bytes of the map as the browser receives it (st_folium's arguments) on the Overview and Map pages, and as HTML."""
    from streamlit.testing.v1 import AppTest

    from laomap.maps.web import build_map, payload_size
    from laomap.pipeline.dataset import load_dataset
    from laomap.views.layers import map_layers

    sizes = {}
    with patched_env(env):
        for name, page in (("Overview", None), ("Map", "app_pages/map.py")):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300).run()
            if page:
                at.switch_page(page).run()
            if at.exception:
                raise SystemExit(f"the {name} page failed under AppTest: {at.exception[0].value}")
            (component,) = [c for c in at.get("component_instance") if c.proto.component_name.endswith("st_folium")]
            sizes[name] = len(component.proto.json_args.encode("utf-8"))
        ds = load_dataset()
        sizes["HTML"] = payload_size(build_map(map_layers(ds, apply(ds, Filter()), "en"), ds))
    return sizes


def open_page(browser: Browser, url: str, ready: str) -> tuple[float, Page]:
    """Seconds from navigation (fresh context) until the page's main element is drawn and its script is done."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else route.abort())
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    if ready == "map":
        page.wait_for_function(MAP_STATE, timeout=TIMEOUT_MS, polling="raf")
    else:
        page.locator(ready).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS, polling="raf")
    seconds = time.perf_counter() - started
    if page.locator(EXCEPTION).count():
        raise SystemExit(f"{url}: the page shows an exception: {page.locator(EXCEPTION).first.inner_text()[:500]}")
    return seconds, page


def filter_change(page: Page, term: str) -> float:
    """Seconds from pressing Enter with ``term`` in the search box until the map shows its new state."""
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS, polling="raf")
    before = page.evaluate(MAP_STATE)
    box = page.locator(".st-key-q input")
    box.fill(term)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(MAP_CHANGED, arg=before, timeout=TIMEOUT_MS, polling="raf")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="measured runs per case (at least 5)")
    args = parser.parse_args()
    runs = max(5, args.runs)
    browser_path = chromium()
    load_before = os.getloadavg()
    with synthetic_corpora((1_000, 10_000)) as corpora, tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        envs = {"real": corpus_env(None, Path(tmp) / "u-real"),
                **{f"{n // 1000}k": corpus_env(path, Path(tmp) / f"u-{n}") for n, path in corpora.items()}}
        names = list(envs)
        sizes = {}
        for name, env in envs.items():  # one dataset build per corpus in this process
            check_terms(name, env)
            sizes[name] = map_sizes(env)
        try:
            urls = {name: stack.enter_context(running_app(SERVED, cwd=ROOT, env=env)).url for name, env in envs.items()}
        except AppStartError as exc:
            raise SystemExit(f"the dashboard did not start: {exc}") from None
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=browser_path, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        first_visit = {}
        for name in names:  # the first visit builds the dataset in the server: timed once, not in the medians
            seconds, page = open_page(browser, urls[name] + "/", "map")
            first_visit[name] = seconds
            page.context.close()
        renders: dict[str, dict[str, list[float]]] = {n: {p: [] for p in PAGES} for n in names}
        for _ in range(runs):
            for name in names:
                for page_name, (path, ready) in PAGES.items():
                    seconds, page = open_page(browser, urls[name] + path, ready)
                    renders[name][page_name].append(seconds)
                    page.context.close()
        changes: dict[str, dict[str, list[float]]] = {n: {"Overview": [], "Map": []} for n in names}
        sessions = {(n, p): open_page(browser, urls[n] + PAGES[p][0], "map")[1] for n in names for p in ("Overview", "Map")}
        for i in range(runs + 1):  # the first change of each session is a warm-up
            for (name, page_name), page in sessions.items():
                seconds = filter_change(page, terms_for(name)[i % len(terms_for(name))])
                if i:
                    changes[name][page_name].append(seconds)
        browser.close()
    load_after = os.getloadavg()

    print(f"runs per case: {runs}, interleaved over the corpora; load average before/after: {load_before[0]:.1f} / "
          f"{load_after[0]:.1f} on {os.cpu_count()} CPUs")
    print("first visit (the server builds the dataset): " + ", ".join(f"{n} {s:.1f} s" for n, s in first_visit.items()))
    print(f"\n{'filter change (median s)':28}" + "".join(f"{n:>16}" for n in names))
    for page_name in ("Overview", "Map"):
        base = statistics.median(changes["real"][page_name])
        cells = [f"{statistics.median(changes[n][page_name]):.3f} ({statistics.median(changes[n][page_name]) / base:.2f}x)"
                 for n in names]
        print(f"{page_name:28}" + "".join(f"{c:>16}" for c in cells))
    print(f"\n{'page render (median s)':28}" + "".join(f"{n:>16}" for n in names))
    for page_name in PAGES:
        base = statistics.median(renders["real"][page_name])
        cells = [f"{statistics.median(renders[n][page_name]):.3f} ({statistics.median(renders[n][page_name]) / base:.2f}x)"
                 for n in names]
        print(f"{page_name:28}" + "".join(f"{c:>16}" for c in cells))
    print(f"\n{'minimum s':28}" + "".join(f"{n:>16}" for n in names))
    for page_name in ("Overview", "Map"):
        print(f"{'filter change, ' + page_name:28}" + "".join(f"{min(changes[n][page_name]):16.3f}" for n in names))
    print(f"\n{'map sent to the browser (KB)':28}" + "".join(f"{n:>16}" for n in names))
    for what in ("Overview", "Map", "HTML"):
        label = "standalone HTML" if what == "HTML" else f"{what} (st_folium args)"
        print(f"{label:28}" + "".join(f"{sizes[n][what] / 1000:16.1f}" for n in names))

    big = names[-1]
    worst_change = max(statistics.median(changes[big][p]) for p in ("Overview", "Map"))
    biggest_map = max(sizes[big].values())
    ok = worst_change <= 1.0 and biggest_map <= ONE_MB
    print(f"\ntargets at {big} (filter change <= 1 s median, map <= 1 MB): "
          f"{worst_change:.3f} s, {biggest_map / 1000:.0f} KB: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
