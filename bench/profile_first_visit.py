"""What a first visit loads and runs in the browser, the dashboard beside the bare st_folium reference (issue 29).

Run from the project root: .venv/bin/python bench/profile_first_visit.py [--runs 3] [--cases ref,/en,/ja,/map:en,/map:ja]

Serves the dashboard and bench/reference_app.py (as bench_dashboard.py does) and opens each case in a fresh browser
context (nothing cached) with the DevTools protocol listening: every request (its frame, type, bytes on the wire,
whether the HTTP cache answered), every websocket message both ways (decoded: a ``rerun_script`` sent is a script run
asked for, with the widgets whose values it carries), Chromium's own counters (script, layout and style time of the page
and its frames), and a timeline from navigation: first contentful paint, the map's frame inserted, Leaflet loaded in it,
the map drawn (17 provinces), fonts loaded in page and frame, the script idle. Prints one table per case (the median
run's requests) and the requests the dashboard makes that the reference does not. Why a script and not a test: it
reports figures under whatever load the machine has; the ratios in bench_dashboard.py are what a target is read from.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench_dashboard import READY, reference_folder, server
from benchlib import CHROMIUM_ARGS, IDLE, IFRAME, PROVINCES, chromium
from playwright.sync_api import Browser, sync_playwright

from laomap.appserver import SERVED

ROOT = Path(__file__).resolve().parents[1]
CASES = {"ref": ("ref", "/"), "/en": ("dash", "/?lang=en"), "/ja": ("dash", "/?lang=ja"),
         "/map:en": ("dash", "/map?lang=en"), "/map:ja": ("dash", "/map?lang=ja")}
# When things happened, from navigation, read in the page (performance.now() is ms since navigation start).
MARKS = f"""() => {{
    const f = document.querySelector('{IFRAME}');
    const d = f && f.contentDocument;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const res = d ? d.defaultView.performance.getEntriesByType('resource') : [];
    const leaflet = res.find(r => r.name.endsWith('leaflet.js'));
    const frameStart = d ? d.defaultView.performance.timeOrigin - performance.timeOrigin : null;
    return {{fcp: fcp ? fcp.startTime : null, frame_start: frameStart,
             leaflet: leaflet && frameStart !== null ? frameStart + leaflet.responseEnd : null,
             page_fonts: document.fonts.status, frame_fonts: d ? d.fonts.status : null,
             page_faces: Array.from(document.fonts).filter(x => x.status === 'loaded').map(x => x.family + ' ' + x.weight),
             frame_faces: d ? Array.from(d.fonts).filter(x => x.status === 'loaded').map(x => x.family + ' ' + x.weight) : []}};
}}"""
# Where the page's elements are (counted once the script is idle): the page, its sidebar, its main column, the map's
# frame, and each Streamlit element (a leaf element container) with its kind and the start of its text, largest first.
DOM = f"""() => {{
    const count = (root) => root ? root.querySelectorAll('*').length : 0;
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const main = document.querySelector('[data-testid="stMain"]');
    const f = document.querySelector('{IFRAME}');
    const blocks = [];
    document.querySelectorAll('[data-testid="stElementContainer"]').forEach(el => {{
        if (el.querySelector('[data-testid="stElementContainer"]')) return;
        const inner = el.querySelector('[data-testid]');
        blocks.push([count(el), sidebar && sidebar.contains(el) ? 'sidebar' : 'main', inner ? inner.getAttribute('data-testid') : '?',
                     (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 36)]);
    }});
    blocks.sort((a, b) => b[0] - a[0]);
    return {{page: count(document), sidebar: count(sidebar), main: count(main), frame: f && f.contentDocument ? count(f.contentDocument) : 0,
             elements: blocks.length, blocks: blocks}};
}}"""
FONTS_DONE = f"""() => {{ const f = document.querySelector('{IFRAME}');
    return document.fonts.status === 'loaded' && !!f && !!f.contentDocument && f.contentDocument.fonts.status === 'loaded'; }}"""


def _decode_back(payload: bytes) -> str:
    """A BackMsg as a short line: a rerun with the widgets whose values it carries, or the message's kind."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - not a BackMsg (a bench reports what it sees)
        return f"{len(payload)} bytes, not a BackMsg"
    kind = msg.WhichOneof("type")
    if kind != "rerun_script":
        return kind or "?"
    state = msg.rerun_script
    widgets = [re.sub(r"^\$\$ID-[0-9a-f]+-", "", w.id)[:40] for w in state.widget_states.widgets]
    return f"rerun_script page={state.page_name or '-'} widgets={len(widgets)} [{', '.join(widgets[:6])}]"


def _decode_forward(payload: bytes) -> str | None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001
        return None
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        what = element.WhichOneof("type")
        if what == "component_instance":
            return f"delta component {element.component_instance.component_name.rsplit('.', 1)[-1]}"
        return f"delta {what}"
    return kind


def category(url: str, kind: str) -> str:
    if "/vendor/noto-sans-jp/" in url or kind == "Font":
        return "font"
    return {"Document": "document", "Script": "script", "Stylesheet": "stylesheet", "Image": "image",
            "XHR": "xhr/fetch", "Fetch": "xhr/fetch", "WebSocket": "websocket"}.get(kind, kind.lower() or "other")


def short(url: str) -> str:
    """A request's path without the server and with bundle hashes taken out, so two apps' requests compare."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
    return re.sub(r"\.[A-Za-z0-9_-]{8}\.(js|css|woff2)$", r".*.\1", path)


def cpu_summary(profile: dict, top: int = 25) -> dict:
    """Self time of the page's JavaScript (a DevTools CPU profile) by script and by function, in ms."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    self_ms: Counter = Counter()
    for sample, dt in zip(profile.get("samples", []), deltas[1:] + [0]):
        frame = nodes[sample]["callFrame"]
        self_ms[(short(frame.get("url", "")) or "(" + frame.get("functionName", "") + ")", frame.get("functionName", ""))] += dt / 1000
    by_url: Counter = Counter()
    for (url, _), ms in self_ms.items():
        by_url[url] += ms
    return {"by_url": by_url.most_common(top), "by_function": [(f"{u} {f}", ms) for (u, f), ms in self_ms.most_common(top)]}


def visit(browser: Browser, url: str, cpu: bool = False) -> dict:
    """One first visit in a fresh context, with the DevTools protocol recording."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    for domain in ("Network", "Page", "Performance"):
        cdp.send(f"{domain}.enable")
    requests: dict[str, dict] = {}
    ws: list[tuple[str, float, int, str | None]] = []
    t0: list[float] = []

    def sent(e: dict) -> None:
        if not t0:
            t0.append(e["timestamp"])
        requests[e["requestId"]] = {"url": e["request"]["url"], "type": e.get("type", ""), "frame": e.get("frameId"),
                                    "start": e["timestamp"], "bytes": 0, "cached": False, "status": None}

    def response(e: dict) -> None:
        r = requests.get(e["requestId"])
        if r:
            resp = e["response"]
            r.update(status=resp.get("status"), cached=bool(resp.get("fromDiskCache") or resp.get("fromPrefetchCache")),
                     cache_control=resp.get("headers", {}).get("cache-control") or resp.get("headers", {}).get("Cache-Control"))

    def finished(e: dict) -> None:
        r = requests.get(e["requestId"])
        if r:
            r.update(bytes=e.get("encodedDataLength", 0), end=e["timestamp"])

    def frame(direction: str):
        def on(e: dict) -> None:
            f = e["response"]
            data = f.get("payloadData", "")
            raw = base64.b64decode(data) if f.get("opcode") == 2 else data.encode()
            what = (_decode_back(raw) if direction == "out" else _decode_forward(raw)) if f.get("opcode") == 2 else "text"
            ws.append((direction, e["timestamp"], len(raw), what))
        return on

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", response)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameSent", frame("out"))
    cdp.on("Network.webSocketFrameReceived", frame("in"))
    if cpu:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(f"() => ({READY})({PROVINCES})", timeout=120_000, polling="raf")
    drawn = time.perf_counter() - started
    profile = cpu_summary(cdp.send("Profiler.stop")["profile"]) if cpu else None
    page.wait_for_function(FONTS_DONE, timeout=120_000, polling="raf")
    fonts = time.perf_counter() - started
    page.wait_for_function(IDLE, timeout=120_000, polling=50)
    page.wait_for_timeout(1500)  # anything the first draw sets off (a component's first value, a rerun) has time to come
    idle = time.perf_counter() - started
    marks = page.evaluate(MARKS)
    dom = page.evaluate(DOM)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    main_frame = page.main_frame
    frames = {f.name or f.url: f.url for f in page.frames}
    context.close()
    base = t0[0] if t0 else 0.0
    main_id = None
    for r in requests.values():
        if r["type"] == "Document" and main_id is None:
            main_id = r["frame"]
    for r in requests.values():
        r["where"] = "page" if r["frame"] == main_id else "frame"
        r["start"] -= base
        if "end" in r:
            r["end"] -= base
    return {"cpu": profile, "dom": dom, "drawn": drawn, "fonts": fonts, "idle": idle, "marks": marks, "requests": list(requests.values()),
            "ws": [(d, round(ts - base, 3), n, w) for d, ts, n, w in ws], "frames": frames, "main_frame": main_frame.url,
            "metrics": {k: metrics.get(k) for k in ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration",
                                                     "JSHeapUsedSize", "Frames", "Documents", "Nodes")}}


def summary(run: dict) -> dict:
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in run["requests"]:
        c = by_cat[f"{r['where']} {category(r['url'], r['type'])}"]
        c[0] += 1
        c[1] += r["bytes"]
    reruns = [w for d, _, _, w in run["ws"] if d == "out" and w and w.startswith("rerun_script")]
    received = Counter((w or "?").split(" ")[0] for d, _, _, w in run["ws"] if d == "in")
    return {"by_cat": dict(by_cat), "reruns": reruns, "received": dict(received),
            "ws_in_bytes": sum(n for d, _, n, _ in run["ws"] if d == "in")}


def report(name: str, runs: list[dict]) -> None:
    order = sorted(runs, key=lambda r: r["drawn"])
    mid = order[len(order) // 2]
    med = {k: statistics.median(r[k] for r in runs) for k in ("drawn", "fonts", "idle")}
    print(f"\n=== {name}: {len(runs)} runs; map drawn {med['drawn']:.3f} s, fonts loaded {med['fonts']:.3f} s (medians); "
          f"the median run in detail (drawn {mid['drawn']:.3f} s)")
    m = mid["marks"]
    print(f"  timeline ms: FCP {m['fcp'] and round(m['fcp'])}, map frame's document {m['frame_start'] and round(m['frame_start'])}, "
          f"Leaflet loaded in it {m['leaflet'] and round(m['leaflet'])}")
    s = summary(mid)
    total = sum(c[1] for c in s["by_cat"].values())
    print(f"  requests {len(mid['requests'])}, {total / 1000:.0f} KB on the wire; websocket in {s['ws_in_bytes'] / 1000:.0f} KB")
    for cat, (n, b) in sorted(s["by_cat"].items()):
        print(f"    {cat:22} {n:4} requests {b / 1000:8.1f} KB")
    print(f"  script runs asked by the browser: {len(s['reruns'])}")
    for d, ts, _n, w in mid["ws"]:
        if d == "out" and w != "app_heartbeat":
            print(f"    {ts:7.3f} s  {w}")
    print(f"  messages received: {json.dumps(s['received'])}")
    arrivals = [(ts, w) for d, ts, _, w in mid["ws"] if d == "in"]
    if arrivals:
        comp = [ts for ts, w in arrivals if w and w.startswith("delta component st_folium")]
        done = [ts for ts, w in arrivals if w == "script_finished"]
        print(f"  from the server: first message {arrivals[0][0]:.3f} s, the map's element {comp[0] if comp else None} s, "
              f"{sum(1 for ts, w in arrivals if comp and ts < comp[0] and (w or '').startswith('delta'))} elements before it, "
              f"script finished {done[0] if done else None} s")
    print(f"  frames: {sorted(short(u) for u in mid['frames'].values())}")
    if mid.get("cpu"):
        print("  JavaScript self time until the map was drawn, by script (ms): "
              + ", ".join(f"{u} {ms:.0f}" for u, ms in mid["cpu"]["by_url"][:12]))
        print("  by function: " + "; ".join(f"{f} {ms:.0f}" for f, ms in mid["cpu"]["by_function"][:15]))
    dom = mid.get("dom")
    if dom:
        print(f"  DOM elements: page {dom['page']} (sidebar {dom['sidebar']}, main {dom['main']}), map frame {dom['frame']}; "
              f"{dom['elements']} Streamlit elements, the largest: "
              + "; ".join(f"{n} {where} {kind} '{text}'" for n, where, kind, text in dom["blocks"][:12]))
    met = mid["metrics"]
    print("  Chromium: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in met.items()))
    print(f"  fonts loaded: page {sorted(set(m['page_faces']))[:8]} ({len(m['page_faces'])}); frame {sorted(set(m['frame_faces']))[:8]} "
          f"({len(m['frame_faces'])})")
    fonts = [r for r in mid["requests"] if category(r["url"], r["type"]) == "font"]
    if fonts:
        by_where = Counter(r["where"] for r in fonts)
        urls = Counter(short(r["url"]) for r in fonts)
        print(f"  font requests by document: {dict(by_where)}; the same file fetched twice: {sum(1 for c in urls.values() if c > 1)}; "
              f"cache-control {sorted({str(r.get('cache_control')) for r in fonts})}")


def diff(ref: dict, dash: dict, name: str) -> None:
    have = Counter(short(r["url"]) for r in ref["requests"])
    extra = [r for r in dash["requests"] if not have.get(short(r["url"]))]
    print(f"\n--- {name}: requests the reference does not make ({len(extra)}, "
          f"{sum(r['bytes'] for r in extra) / 1000:.0f} KB)")
    for r in sorted(extra, key=lambda r: r["start"]):
        print(f"    {r['start']:7.3f}-{r.get('end', float('nan')):7.3f} s {r['where']:5} {category(r['url'], r['type']):10} "
              f"{r['bytes'] / 1000:7.1f} KB {short(r['url'])[:90]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--json", type=Path, help="write every run's records here")
    parser.add_argument("--cpu", action="store_true", help="also sample the page's JavaScript until the map is drawn")
    args = parser.parse_args()
    cases = [c for c in args.cases.split(",") if c]
    results: dict[str, list[dict]] = {c: [] for c in cases}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        reference = reference_folder(Path(tmp)) / "reference_app.py"
        with server(ROOT / SERVED, Path(tmp) / "d") as dash, server(reference, Path(tmp) / "r") as ref:
            base = {"dash": dash, "ref": ref}
            for warm in (True, *([False] * args.runs)):
                for case in cases:
                    app, path = CASES[case]
                    run = visit(browser, base[app] + path, args.cpu)
                    if not warm:
                        results[case].append(run)
        browser.close()
    print(f"runs per case: {args.runs}, interleaved; load average before/after: {load_before[0]:.1f} / {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    for case in cases:
        report(case, results[case])
    if "ref" in results:
        ref_mid = sorted(results["ref"], key=lambda r: r["drawn"])[len(results["ref"]) // 2]
        for case in cases:
            if case != "ref":
                diff(ref_mid, sorted(results[case], key=lambda r: r["drawn"])[len(results[case]) // 2], case)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
