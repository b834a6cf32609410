"""Validation of the hand-written and derived gazetteer tables."""

from __future__ import annotations

import re

from shapely.geometry import Point

from geobuild.common import (
    GAZETTEER_COLUMNS,
    GEODATA,
    KINDS,
    PARTNERSHIP_COLUMNS,
    PRECISION_CODES,
    REGION_POINT_KM,
    BuildError,
    Shapes,
    geonames_countries,
    km_to_line,
    read_csv,
)


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
    countries = geonames_countries()
    gids = [r["geonames_id"] for r in rows if r["geonames_id"]]
    shared = sorted({g for g in gids if gids.count(g) > 1})
    if shared:
        errors.append(f"GeoNames ids given to two places: {shared}")
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
        if r["geonames_id"] and not r["geonames_id"].isdigit():
            errors.append(f"{where}: geonames_id {r['geonames_id']!r} is not a GeoNames id (digits)")
        if r["kind"] == "country" and r["country"] in countries and r["geonames_id"] != str(countries[r["country"]]["geonameid"]):
            errors.append(f"{where}: geonames_id {r['geonames_id']!r} is not GeoNames' {r['country']} "
                          f"({countries[r['country']]['geonameid']})")
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
        if not r["aliases_en"] or not r["aliases_ja"] and r["kind"] not in ("district", "city"):
            errors.append(f"{where}: aliases_en and aliases_ja must not be empty (a district or municipality may lack a Japanese name)")
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


