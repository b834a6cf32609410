"""The rows of gazetteer_region.csv: region_places.csv with coordinates from GeoNames and Natural Earth."""

from __future__ import annotations

import csv

import shapely
from shapely.geometry import Point, box

from geobuild.common import (
    GAZETTEER_COLUMNS,
    GEONAMES_FILE,
    GEONAMES_PACKAGE,
    BuildError,
    Shapes,
    _label_point,
    geonames_countries,
    package_version_py,
    rnd,
)


def build_region(region: list[dict[str, str]], shapes: Shapes, cities: dict[str, dict]) -> list[dict[str, str]]:
    """The rows of gazetteer_region.csv: region_places.csv with coordinates derived from the packages' data."""
    version = package_version_py(GEONAMES_PACKAGE)
    out, errors = [], []

    def city(gid: str) -> dict:
        record = cities.get(gid)
        if record is None:
            raise BuildError(f"region_places.csv: GeoNames id {gid} is not in {GEONAMES_PACKAGE} {GEONAMES_FILE}")
        return record

    countries = geonames_countries()
    for r in region:
        derive, ref, pid = r["derive"], r["ref"], r["place_id"]
        note = r["notes"]
        gid = ""  # the GeoNames feature the place is: a town, a country (a bridge or a crossing is none of its towns)
        if derive == "geonames":
            gid = ref
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
            if derive == "country":
                gid = str(countries[ref]["geonameid"])
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
        elif derive == "road":  # a schematic line through GeoNames towns (roads.csv): its point is the line's midpoint
            geometry_ref = f"roads:{ref}"
            geom = shapes.resolve(geometry_ref)
            if geom is None:
                errors.append(f"{pid}: {geometry_ref} resolves to nothing (a road id of roads.csv)")
                continue
            mid = geom.interpolate(0.5, normalized=True) if geom.geom_type == "LineString" else geom.representative_point()
            lat, lon = mid.y, mid.x
            province = shapes.resolve(f"lao_provinces:{r['parent_id']}")
            if province is not None and not province.buffer(3.0 / 111).contains(geom):
                errors.append(f"{pid}: its line leaves its parent province {r['parent_id']} (give the country as parent)")
            precision, source = "5", "laomap"
            note += " lat/lon: the midpoint along the line; precision 5 (along a line)."
        elif derive in ("site", "area"):  # placed for this project from public maps: no registry has dams or plants
            lat, lon = (float(v) for v in ref.split(";"))
            precision, geometry_ref, source = ("2" if derive == "site" else "5"), "point", "laomap"
            note += (" lat/lon: placed by hand for this project from public maps; precision 2 (near: within a few km)." if derive == "site"
                     else " lat/lon: a label point placed by hand inside the area; precision 5 (estimated).")
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
            "geonames_id": gid,
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

