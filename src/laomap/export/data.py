"""Data exports: commitments as CSV (Excel-friendly UTF-8 with BOM) and GeoJSON, places as GeoJSON.

The texts come from documents and users, so a CSV cell is defused before a spreadsheet
reads it (``spreadsheet_safe``), and the GeoJSON is strict JSON (no ``NaN``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

import pandas as pd

from laomap.errors import ExportError
from laomap.pipeline.records import CSV_COLUMNS, export_record

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

PLACE_PROPERTIES = ("place_id", "name_en", "name_ja", "kind", "country", "iso3166_2", "precision_code")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that Excel or LibreOffice shows as text: a leading ``'`` before a would-be formula.

    A statement or place name beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return would otherwise be evaluated on opening the file (CSV injection, as OWASP calls it:
    ``=HYPERLINK(...)``, ``=cmd|...``). Numbers are left alone.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _require(rows: pd.DataFrame) -> None:
    if rows.empty:
        raise ExportError.of("err.export_empty")


def commitments_csv(ds: Dataset, rows: pd.DataFrame) -> bytes:
    """One row per commitment, lists joined with ';', UTF-8 with a BOM so Excel reads Japanese correctly."""
    _require(rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows.to_dict("records"):
        writer.writerow({k: spreadsheet_safe(v) for k, v in export_record(ds, row).items()})
    return buf.getvalue().encode("utf-8-sig")


def commitments_geojson(ds: Dataset, rows: pd.DataFrame, include_mentions: bool = True) -> bytes:
    """One Feature per (commitment, place) link, with the place's geometry."""
    from shapely.geometry import mapping  # here, not at the top: a CSV export needs no geometry library

    _require(rows)
    features = []
    for row in rows.to_dict("records"):
        props = export_record(ds, row)
        for pid, role in zip(row["place_ids"], row["place_roles"]):
            if role == "mention" and not include_mentions:
                continue
            place = ds.gazetteer.places[pid]
            features.append({
                "type": "Feature",
                "geometry": mapping(ds.gazetteer.geometry(pid)),
                "properties": {**props, "place_id": pid, "place_name": place.name(row["language"]), "role": role,
                               "precision_code": place.precision_code, "place_kind": place.kind},
            })
    return _collection(features)


def places_geojson(ds: Dataset) -> bytes:
    """One Feature per gazetteer place with its full geometry (Point, LineString or (Multi)Polygon)."""
    from shapely.geometry import mapping

    features = []
    for pid, place in ds.gazetteer.places.items():
        props = {k: getattr(place, k) for k in PLACE_PROPERTIES}
        props.update(lat=place.lat, lon=place.lon, parent_id=place.parent_id or None, user_added=place.user_added)
        features.append({"type": "Feature", "geometry": mapping(ds.gazetteer.geometry(pid)), "properties": props})
    return _collection(features)


def _collection(features: list[dict[str, Any]]) -> bytes:
    data = {"type": "FeatureCollection", "features": features}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
