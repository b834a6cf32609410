"""The gazetteer's files in geodata/ (and a user's places file): read, checked, and loaded into a ``Gazetteer``.

``gazetteer`` says what a place is and finds places in text; this module reads the tables and layers that hold
them (``gazetteer.csv``, ``gazetteer_region.csv``, ``names_<lang>.csv``, ``partnerships.csv``, the GeoJSON layers),
says which file, row and field is wrong, and checks every cross-reference before a build uses them.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from laomap.errors import GazetteerError
from laomap.pipeline.gazetteer import (
    GAZETTEER_COLUMNS,
    LAYER_FILES,
    PARTNERSHIPS,
    Gazetteer,
    Partnership,
    Place,
    place_row_model,
)

GAZETTEER_FILE = "gazetteer.csv"  # hand-written: the places of the built-in plans
REGION_FILE = "gazetteer_region.csv"  # derived by scripts/build_geodata.py from region_places.csv: towns, prefectures, neighbours
# A user's places file written before the GeoNames id was a column: read as places with no GeoNames id.
LEGACY_COLUMNS = GAZETTEER_COLUMNS[:-1]

# Validated rows by the exact text they were read from: a Place is immutable, so a build that reads an unchanged
# table again (the dashboard after an addition, a preview, the tests) skips checking ~2,000 rows one by one.
_ROWS_READ: dict[tuple[str, bool], tuple[Place, ...]] = {}


def read_gazetteer_csv(path: Path, user_added: bool = False) -> list[Place]:
    """Read and validate gazetteer rows; errors name the file, row and field."""
    if not path.is_file():
        raise GazetteerError.of("err.gaz_missing", path=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GazetteerError.of("err.user_file_utf8", path=str(path), cause=str(exc)) from None
    known = _ROWS_READ.get((text, user_added))
    if known is not None:  # the same table read again in this process (every build reads it): already checked
        return list(known)
    reader = csv.DictReader(text.splitlines())
    columns = tuple(reader.fieldnames or ())
    if columns not in (GAZETTEER_COLUMNS, LEGACY_COLUMNS):
        raise GazetteerError.of("err.user_file_columns", path=str(path), expected=",".join(GAZETTEER_COLUMNS), found=",".join(columns))
    from pydantic import ValidationError as PydanticError

    model = place_row_model()
    places = []
    for n, row in enumerate(reader, start=2):
        try:
            valid = model.model_validate({k: (v if v is not None else "") for k, v in row.items()})
        except PydanticError as exc:
            problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'row'}: {e['msg']}" for e in exc.errors())
            raise GazetteerError.of("err.gaz_row", path=str(path), line=n, id=row.get("place_id") or "?", problems=problems) from None
        places.append(Place(**valid.model_dump(), user_added=user_added))
    if len(_ROWS_READ) >= 8:
        _ROWS_READ.clear()
    _ROWS_READ[(text, user_added)] = tuple(places)
    return places


def read_names(geodata_dir: Path) -> dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]]:
    """Place names in further languages: ``names_<lang>.csv`` (place_id, name, aliases, source) per language, e.g.
    names_lo.csv; {place_id: ((language, name) pairs, aliases)}.

    A new interface language brings its place names as one more such file; a place it does not name keeps
    its English name there.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    aliases: dict[str, list[str]] = {}
    for path in sorted(Path(geodata_dir).glob("names_*.csv")):
        lang = path.stem.removeprefix("names_")
        try:
            rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
        except UnicodeDecodeError as exc:
            raise GazetteerError.of("err.user_file_utf8", path=str(path), cause=str(exc)) from None
        for n, row in enumerate(rows, start=2):
            pid, name = (row.get("place_id") or "").strip(), unicodedata.normalize("NFC", (row.get("name") or "").strip())
            if not pid or not name:
                raise GazetteerError.of("err.names_row", path=str(path), line=n)
            found.setdefault(pid, []).append((lang, name))
            more = (unicodedata.normalize("NFC", a.strip()) for a in (row.get("aliases") or "").split(";"))
            aliases.setdefault(pid, []).extend(a for a in more if a)
    return {pid: (tuple(v), tuple(aliases.get(pid, ()))) for pid, v in found.items()}


def _name_countries(layers: dict[str, Any], places: dict[str, Place]) -> None:
    """Give the base map's countries their names in the further languages (``name_lo``, ...), from their gazetteer places."""
    by_country = {p.country: p for p in places.values() if p.kind == "country" and p.names}
    for feature in layers.get("countries", {}).get("features", []):
        props = feature.setdefault("properties", {})
        place = by_country.get(props.get("iso_a2"))
        for lang, name in place.names if place else ():
            props.setdefault(f"name_{lang}", name)


def read_partnerships(path: Path) -> list[Partnership]:
    """The Japanese partner of each Lao place, as the plans state it; [] when the file is absent."""
    if not path.is_file():
        return []
    columns = ",".join(k for k in Partnership.__dataclass_fields__ if k != "relations")
    try:
        reader = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
        rows = list(reader)
    except UnicodeDecodeError as exc:
        raise GazetteerError.of("err.geodata_corrupt", path=str(path), cause=str(exc)) from None
    if not set(Partnership.__dataclass_fields__) - {"relations"} <= set(reader.fieldnames or ()):
        raise GazetteerError.of("err.user_file_columns", path=str(path), expected=columns, found=",".join(reader.fieldnames or ()))
    try:
        fields = [k for k in Partnership.__dataclass_fields__ if k != "relations"]
        more = [c for c in reader.fieldnames or () if c.startswith("relation_") and c not in fields]
        return [Partnership(**{k: r[k] for k in fields}, relations=tuple((c[len("relation_"):], r[c]) for c in more if r[c]))
                for r in rows]
    except (KeyError, TypeError) as exc:
        raise GazetteerError.of("err.user_file_columns", path=str(path), expected=columns, found=str(exc)) from None


def read_layer(path: Path) -> dict[str, Any]:
    """One GeoJSON layer, checked; GazetteerError says what is wrong and how to rebuild it."""
    if not path.is_file():
        raise GazetteerError.of("err.geodata_missing", path=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerError.of("err.geodata_corrupt", path=str(path), cause=str(exc)) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise GazetteerError.of("err.geodata_shape", path=str(path))
    from shapely.geometry import shape

    for i, feature in enumerate(data["features"]):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            raise GazetteerError.of("err.geodata_feature", path=str(path), n=i + 1)
        feature["properties"] = feature.get("properties") or {}  # GeoJSON allows null properties; lookups expect an object
        try:
            shape(feature["geometry"])
        except Exception as exc:  # noqa: BLE001 - any malformed geometry is the same user problem
            raise GazetteerError.of("err.geodata_geometry", path=str(path), n=i + 1, cause=str(exc)) from None
    return data


def read_layers(geodata_dir: Path, strict: bool = True, warnings: list[str] | None = None) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """All geometry layers, and the names of those that had to be left out (only when not strict)."""
    layers, degraded = {}, set()
    for name, filename in LAYER_FILES.items():
        try:
            layers[name] = read_layer(geodata_dir / filename)
        except GazetteerError as exc:
            if strict:
                raise
            layers[name] = {"type": "FeatureCollection", "features": []}
            degraded.add(name)
            if warnings is not None:
                warnings.append(f"{exc} Its places are shown as points, and its lines (a river, a corridor) are left out.")
    return layers, degraded


def load_gazetteer(geodata_dir: Path, extra_places: list[Place] | None = None, strict: bool = True) -> Gazetteer:
    """The built-in gazetteer plus any user-added places, with every cross-reference checked.

    With ``strict=False`` a missing or corrupt geometry layer is reported in ``.warnings``
    and left out (its places fall back to their points), so the dashboard keeps serving
    what it can; the gazetteer table itself is always required.
    """
    geodata_dir = Path(geodata_dir)
    places = read_gazetteer_csv(geodata_dir / GAZETTEER_FILE)
    warnings: list[str] = []
    region_file = geodata_dir / REGION_FILE
    if region_file.is_file():
        places += read_gazetteer_csv(region_file)
    else:
        warnings.append(f"{region_file} is missing: the region's towns, bridges, prefectures, neighbouring countries and seas are "
                        "not known (rebuild it with scripts/build_geodata.py).")
    places += extra_places or []
    names = read_names(geodata_dir)
    places = [replace(p, names=names[p.place_id][0], aliases_more=names[p.place_id][1]) if p.place_id in names else p
              for p in places]
    by_id: dict[str, Place] = {}
    for p in places:
        if p.place_id in by_id:
            raise GazetteerError.of("err.gaz_duplicate", id=p.place_id)
        by_id[p.place_id] = p
    for p in by_id.values():
        if p.parent_id and p.parent_id not in by_id:
            raise GazetteerError.of("err.gaz_parent", id=p.place_id, parent=p.parent_id)
    layers, degraded = read_layers(geodata_dir, strict, warnings)
    _name_countries(layers, by_id)
    partnerships_file = geodata_dir / "partnerships.csv"
    try:
        partnerships = read_partnerships(partnerships_file)
    except GazetteerError as exc:
        if strict:
            raise
        partnerships = []
        degraded.add(PARTNERSHIPS)
        warnings.append(f"{exc} The links to Japanese partner cities are not shown.")
    if not partnerships_file.is_file():
        warnings.append(f"{partnerships_file} is missing: the links to Japanese partner cities are not shown.")
    gazetteer = Gazetteer(by_id, partnerships, layers, degraded, warnings)
    for ps in gazetteer.partnerships:
        for pid in (ps.japan_place_id, ps.lao_place_id):
            if pid not in by_id:
                raise GazetteerError.of("err.gaz_partner", id=pid)
    _check_locations(gazetteer)
    return gazetteer


def _check_locations(g: Gazetteer) -> None:
    """Every representative point lies in its own geometry or country (catches swapped lat/lon).

    "Within 0.05° of its polygon, 0.1° of its line or country" is asked of all places at once with shapely's array
    functions, not by buffering each area: buffering the ~80 areas the places refer to, one place at a time, took
    most of the gazetteer's loading once the districts and municipalities came in.
    """
    import numpy as np
    import shapely

    countries = g.country_shapes
    checked = [p for p in g.places.values() if p.geometry_ref.partition(":")[0] not in g.degraded]
    # (a place whose layer could not be read is skipped: its point stands in for a line or area that may cross borders)
    geoms = np.array([g.geometry(p.place_id) for p in checked], dtype=object)
    points = shapely.points([p.lon for p in checked], [p.lat for p in checked])
    kinds = shapely.get_type_id(geoms)
    area, line = np.isin(kinds, (3, 6)), np.isin(kinds, (1, 5))
    in_area = shapely.dwithin(geoms, points, 0.05)
    on_line = shapely.dwithin(geoms, points, 0.1)
    in_country = shapely.dwithin(np.array([countries.get(p.country) for p in checked], dtype=object), points, 0.1)
    problems = []
    for i, p in enumerate(checked):
        if area[i]:
            if not in_area[i]:
                problems.append(f"{p.place_id}: point ({p.lat}, {p.lon}) lies outside its own polygon")
        elif line[i]:
            if not on_line[i]:
                problems.append(f"{p.place_id}: point ({p.lat}, {p.lon}) is not on its line")
        elif p.country in countries and not in_country[i]:
            problems.append(f"{p.place_id}: point ({p.lat}, {p.lon}) lies outside {p.country} (are lat and lon swapped?)")
    if problems:
        raise GazetteerError.of("err.gaz_coordinates", problems="; ".join(problems))
