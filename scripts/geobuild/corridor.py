"""The East-West Economic Corridor through its hand-written waypoints."""

from __future__ import annotations

from shapely.geometry import LineString, Point

from geobuild.common import CORRIDOR_COLUMNS, GEODATA, BuildError, feature, read_csv, rnd

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


