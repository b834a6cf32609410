"""Data exports: commitments as CSV (Excel-friendly UTF-8 with BOM) and GeoJSON, places as GeoJSON.

The texts come from documents and users, so a CSV cell is defused before a spreadsheet
reads it (``spreadsheet_safe``), and the GeoJSON is strict JSON (no ``NaN``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pandas as pd
from shapely.geometry import mapping

from laomap.errors import ExportError

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

CSV_COLUMNS = (
    "commitment_id", "document_id", "language", "section", "paragraph", "sentence", "kind", "themes", "actors", "place_ids",
    "place_names", "place_roles", "dates", "text", "section_title", "statement_id", "twin_id", "year_min", "year_max",
    "carried_from", "carried_to",
)
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


def _text(value: object) -> str:
    """A text cell: missing values (None, NaN) as an empty string, never 'nan'."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _place_names(ds: Dataset, place_ids: tuple[str, ...], lang: str) -> list[str]:
    return [ds.gazetteer.places[p].name(lang) for p in place_ids]


def _record(ds: Dataset, row: dict) -> dict:
    return {
        "commitment_id": row["commitment_id"],
        "document_id": row["document_id"],
        "language": row["language"],
        "section": row["section"],
        "paragraph": int(row["paragraph"]),
        "sentence": int(row["sentence"]),
        "kind": row["kind"],
        "themes": ";".join(row["themes"]),
        "actors": ";".join(row["actors"]),
        "place_ids": ";".join(row["place_ids"]),
        "place_names": ";".join(_place_names(ds, row["place_ids"], row["language"])),
        "place_roles": ";".join(row["place_roles"]),
        "dates": ";".join(row["dates"]),
        "text": row["text"],
        "section_title": row["section_title"],
        "statement_id": row["statement_id"],
        "twin_id": _text(row["twin_id"]),
        "year_min": "" if pd.isna(row["year_min"]) else int(row["year_min"]),
        "year_max": "" if pd.isna(row["year_max"]) else int(row["year_max"]),
        # the plan history: the earlier statements this one carries on, and the later ones that carry it on
        "carried_from": ";".join(row.get("carried_from") or ()),
        "carried_to": ";".join(row.get("carried_to") or ()),
    }


def _require(rows: pd.DataFrame) -> None:
    if rows.empty:
        raise ExportError("The selection is empty: no commitment matches the filters, so there is nothing to export.")


def commitments_csv(ds: Dataset, rows: pd.DataFrame) -> bytes:
    """One row per commitment, lists joined with ';', UTF-8 with a BOM so Excel reads Japanese correctly."""
    _require(rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows.to_dict("records"):
        writer.writerow({k: spreadsheet_safe(v) for k, v in _record(ds, row).items()})
    return buf.getvalue().encode("utf-8-sig")


def commitments_geojson(ds: Dataset, rows: pd.DataFrame, include_mentions: bool = True) -> bytes:
    """One Feature per (commitment, place) link, with the place's geometry."""
    _require(rows)
    features = []
    for row in rows.to_dict("records"):
        props = _record(ds, row)
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
    features = []
    for pid, place in ds.gazetteer.places.items():
        props = {k: getattr(place, k) for k in PLACE_PROPERTIES}
        props.update(lat=place.lat, lon=place.lon, parent_id=place.parent_id or None, user_added=place.user_added)
        features.append({"type": "Feature", "geometry": mapping(ds.gazetteer.geometry(pid)), "properties": props})
    return _collection(features)


def _collection(features: list[dict]) -> bytes:
    data = {"type": "FeatureCollection", "features": features}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
