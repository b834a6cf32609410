"""The Mekong main stem from GSHHG/WDBII river lines (gmt, gmt-gshhg-high)."""

from __future__ import annotations

import heapq
import math
import subprocess
import tempfile
from itertools import pairwise

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Polygon

from geobuild.common import (
    GSHHG_PACKAGE,
    GSHHG_RESOLUTION_NAME,
    TOL_MEKONG,
    BuildError,
    feature,
    km_between,
    km_to_line,
    package_version,
    polygonal,
    rnd,
)

# Mekong: the route is threaded through these control points (lat, lon) in order; the
# line between them is the shortest path along GSHHG/WDBII river lines.
MEKONG_ROUTE = [
    ("China-Laos-Myanmar tripoint", 21.553, 101.158),
    ("Chiang Saen", 20.27, 100.09),
    ("Luang Prabang", 19.89, 102.14),
    ("Vientiane", 17.96, 102.61),
    ("Pakse", 15.12, 105.78),
    ("Phnom Penh", 11.57, 104.92),
    ("My Tho", 10.36, 106.36),
    ("Tien River at the GSHHG shoreline", 10.30, 106.45),
]
# Towns the finished line must pass within MEKONG_TOWN_KM of (checked, not used for routing).
MEKONG_TOWNS = [
    ("Chiang Saen", 20.27, 100.09),
    ("Luang Prabang", 19.89, 102.14),
    ("Vientiane", 17.96, 102.61),
    ("Nakhon Phanom/Thakhek", 17.40, 104.79),
    ("Savannakhet", 16.55, 104.75),
    ("Pakse", 15.12, 105.78),
    ("Khone Falls", 13.95, 105.93),
    ("Stung Treng", 13.52, 105.97),
    ("Kratie", 12.49, 106.02),
    ("Phnom Penh", 11.57, 104.92),
]
MEKONG_TOWN_KM = 5.0
MEKONG_REGION = "99/108/9.5/22"  # lon_min/lon_max/lat_min/lat_max for gmt -R

# --------------------------------------------------------------------------------------
# Mekong from GSHHG/WDBII
# --------------------------------------------------------------------------------------


def gmt_rivers(gmt: str, level: int, resolution: str) -> list[list[tuple[float, float]]]:
    """River segments of one WDBII level as dumped by ``gmt coast -M`` (split at GSHHG bins)."""
    cmd = [gmt, "coast", f"-R{MEKONG_REGION}", f"-I{level}", "-M", f"-D{resolution}", "--GMT_HISTORY=false"]
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
    segments: list[list[tuple[float, float]]] = []
    for line in proc.stdout.splitlines():
        if line.startswith(">"):
            segments.append([])
        elif line.strip():
            x, y = line.split()[:2]
            segments[-1].append((float(x), float(y)))
    return [s for s in segments if len(s) >= 2]


def merge_lines(segments) -> list[LineString]:
    lines = [LineString([(round(x, 7), round(y, 7)) for x, y in s]) for s in segments]
    merged = shapely.line_merge(MultiLineString(lines))
    return [g for g in shapely.get_parts(merged) if g.length > 0]


def river_skeleton(banks: list[LineString], spacing: float = 0.004) -> list[LineString]:
    """Centre lines of double-lined rivers (WDBII level 0), whose banks form closed outlines.

    Each outline becomes a polygon; its boundary is densified to ``spacing`` degrees and the
    edges of the Voronoi diagram of those points that lie inside the polygon approximate the
    medial axis (skeleton). The router then follows the skeleton, i.e. mid-river.
    """
    edges: list[LineString] = []
    for bank in banks:
        if not bank.is_closed:
            continue
        river = polygonal(shapely.make_valid(Polygon(bank.coords)))
        for part in shapely.get_parts(river):
            if part.area < 1e-4:
                continue
            outline = shapely.segmentize(part.exterior, spacing)
            points = shapely.multipoints(np.asarray(outline.coords)[:-1])
            diagram = shapely.voronoi_polygons(points, only_edges=True)
            inside = [e for e in shapely.get_parts(diagram) if part.contains(e)]
            edges.extend(inside)
    return edges


def route_on_lines(
    lines: list[LineString], extra_edges: list[LineString], route, gap_km: float = 3.0
) -> list[tuple[float, float]]:
    """Shortest path through the (lat, lon) control points of ``route`` along river ``lines``
    (whose ends are joined to the nearest vertex within ``gap_km``) and ``extra_edges``."""
    nodes: dict[tuple[float, float], int] = {}
    xy: list[tuple[float, float]] = []

    def node(c) -> int:
        key = (round(c[0], 7), round(c[1], 7))
        if key not in nodes:
            nodes[key] = len(xy)
            xy.append(key)
        return nodes[key]

    def km(a: int, b: int) -> float:
        return km_between(xy[a][1], xy[a][0], xy[b][1], xy[b][0])

    edges: dict[int, dict[int, float]] = {}

    def link(a: int, b: int) -> None:
        if a == b:
            return
        w = km(a, b)
        edges.setdefault(a, {})[b] = min(w, edges.get(a, {}).get(b, math.inf))
        edges.setdefault(b, {})[a] = min(w, edges.get(b, {}).get(a, math.inf))

    line_nodes = []
    for line in list(lines) + list(extra_edges):
        ids = [node(c) for c in line.coords]
        line_nodes.append(ids)
        for a, b in pairwise(ids):
            link(a, b)
    arr = np.array(xy)
    owner = np.empty(len(xy), dtype=int)
    for li, ids in enumerate(line_nodes):
        owner[ids] = li
    # Close the gaps: join each line end to the nearest vertex of another line within gap_km.
    for li, ids in enumerate(line_nodes[: len(lines)]):
        for end in (ids[0], ids[-1]):
            lat = math.radians(xy[end][1])
            d = np.hypot((arr[:, 0] - xy[end][0]) * math.cos(lat), arr[:, 1] - xy[end][1]) * 111.2
            d[owner == li] = np.inf
            j = int(d.argmin())
            if d[j] <= gap_km:
                link(end, j)

    def nearest_node(lat: float, lon: float, name: str) -> int:
        d = np.hypot((arr[:, 0] - lon) * math.cos(math.radians(lat)), arr[:, 1] - lat) * 111.2
        j = int(d.argmin())
        if d[j] > 10:
            raise BuildError(f"Mekong: no GSHHG river within 10 km of {name} ({lat}, {lon})")
        return j

    def dijkstra(a: int, b: int, label: str) -> list[int]:
        best = {a: 0.0}
        prev: dict[int, int] = {}
        heap = [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                break
            if d > best[u]:
                continue
            for v in sorted(edges.get(u, {})):
                nd = d + edges[u][v]
                if nd < best.get(v, math.inf):
                    best[v], prev[v] = nd, u
                    heapq.heappush(heap, (nd, v))
        if b not in best:
            raise BuildError(f"Mekong: GSHHG rivers do not connect {label}")
        path = [b]
        while path[-1] != a:
            path.append(prev[path[-1]])
        return path[::-1]

    stops = [nearest_node(lat, lon, name) for name, lat, lon in route]
    path: list[int] = [stops[0]]
    for (na, *_), (nb, *_), a, b in zip(route, route[1:], stops, stops[1:], strict=False):
        path += dijkstra(a, b, f"{na} and {nb}")[1:]
    # A control point off the main channel makes the path run out along a spur and back:
    # cut every such there-and-back loop (a node visited twice).
    clean: list[int] = []
    seen: dict[int, int] = {}
    for n in path:
        if n in seen:
            for dropped in clean[seen[n] + 1 :]:
                del seen[dropped]
            del clean[seen[n] + 1 :]
        else:
            seen[n] = len(clean)
            clean.append(n)
    return [xy[i] for i in clean]


def build_mekong(gmt: str, resolution: str) -> tuple[list[dict], LineString]:
    single = merge_lines(gmt_rivers(gmt, 1, resolution))
    banks = merge_lines(gmt_rivers(gmt, 0, resolution))
    coords = route_on_lines(single, river_skeleton(banks), MEKONG_ROUTE)
    dedup = [c for k, c in enumerate(coords) if k == 0 or c != coords[k - 1]]
    line = shapely.simplify(LineString(dedup), TOL_MEKONG, preserve_topology=True)
    line = LineString([(rnd(x), rnd(y)) for x, y in line.coords])
    if not line.is_simple:
        raise BuildError("Mekong: the routed line crosses itself; check the GSHHG route control points")
    for name, lat, lon in MEKONG_TOWNS:
        d = km_to_line(line, lat, lon)
        if d > MEKONG_TOWN_KM:
            raise BuildError(f"Mekong: the line passes {d:.1f} km from {name}; expected at most {MEKONG_TOWN_KM} km")
    pkg = GSHHG_PACKAGE[resolution]
    props = {
        "place_id": "mekong",
        "name_en": "Mekong River",
        "name_ja": "メコン川",
        "source": (
            f"GSHHG {package_version(pkg).split('-')[0]} WDBII rivers, {GSHHG_RESOLUTION_NAME[resolution]} resolution "
            f"(Debian {pkg}, dumped with gmt coast -I0 -I1 -M -D{resolution}); main stem routed and "
            "centred between the banks by laomap scripts/build_geodata.py. GSHHG: Wessel & Smith, LGPL-3.0-or-later"
        ),
        "route": " - ".join(name for name, *_ in MEKONG_ROUTE),
    }
    return [feature(props, line)], line


