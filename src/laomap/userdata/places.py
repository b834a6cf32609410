"""Places users add to their gazetteer: validated like built-in rows, consistent, never a look-alike of another.

A place's country, point and parent must agree (``_check_consistent``), its names may not
imitate an existing one (``_check_lookalikes``), and it is written like every other change
of the user data: built and validated first, then written under the lock (``transaction.change``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError as PydanticError

from laomap.atomic import write_text
from laomap.errors import GazetteerError
from laomap.pipeline import incremental
from laomap.pipeline.gazetteer import GAZETTEER_COLUMNS, PLACE_ID, PRECISION_CODES, Place, PlaceRow, name_columns
from laomap.pipeline.gazetteer_files import load_gazetteer
from laomap.pipeline.sources import GAZETTEER, user_places
from laomap.textnorm import fold, skeleton
from laomap.userdata.kinds import DEFAULT_PRECISION, USER_PLACE_KINDS
from laomap.userdata.store import slug
from laomap.userdata.transaction import (
    CONTROL_CHARACTERS,
    build_candidate,
    candidate,
    change,
    directories,
    make_dir,
    readable_manifest,
)

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset




def _gazetteer_text(places: list[Place]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(GAZETTEER_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for p in places:
        row = {k: getattr(p, k) for k in GAZETTEER_COLUMNS}
        for k in ("aliases_en", "aliases_ja", "mention_in_en", "mention_in_ja"):
            row[k] = ";".join(row[k])
        row["geonames_id"] = row["geonames_id"] or ""
        writer.writerow(row)
    return buf.getvalue()


def _suggest_parent(gazetteer, lat: float, lon: float, country: str) -> str:
    """The smallest gazetteer polygon of the same country containing the point (its province), else the country."""
    from shapely.geometry import Point

    pt = Point(lon, lat)
    containing = []
    for p in gazetteer.places.values():
        if p.country != country or p.kind not in ("province", "country"):
            continue
        geom = gazetteer.geometry(p.place_id)
        if geom.geom_type in ("Polygon", "MultiPolygon") and geom.contains(pt):
            containing.append((geom.area, p.place_id))
    return min(containing)[1] if containing else ""


def _check_fields(place_id: str, lat: object, lon: object, precision_code: int | None, iso3166_2: str, country: str) -> None:
    """What a user types for a place, checked with a message of the catalogs (the row model's own checks are in English,
    for the project's files)."""
    if not isinstance(place_id, str) or not PLACE_ID.fullmatch(place_id):
        raise GazetteerError.of("err.place_id_shape", got=repr(place_id))
    numbers = {}
    for field, value in (("lat", lat), ("lon", lon)):
        try:
            numbers[field] = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise GazetteerError.of("err.place_not_number", field=field, got=repr(value)) from None
        if numbers[field] != numbers[field]:  # NaN
            raise GazetteerError.of("err.place_not_number", field=field, got=repr(value))
    if not -90 <= numbers["lat"] <= 90:
        raise GazetteerError.of("err.place_lat", lat=lat)
    if not -180 <= numbers["lon"] <= 180:
        raise GazetteerError.of("err.place_lon", lon=lon)
    if precision_code is not None and precision_code not in PRECISION_CODES:
        raise GazetteerError.of("err.place_precision", allowed=", ".join(map(str, sorted(PRECISION_CODES))), got=repr(precision_code))
    if iso3166_2 and not iso3166_2.startswith(country + "-"):
        raise GazetteerError.of("err.place_iso", code=repr(iso3166_2), country=country)


def place_row(place_id: str, name_en: str, name_ja: str, kind: str, country: str, lat: float, lon: float, *,
              aliases_en: tuple[str, ...] = (), aliases_ja: tuple[str, ...] = (), parent_id: str | None = None,
              precision_code: int | None = None, iso3166_2: str = "", gazetteer=None) -> Place:
    """A user place, validated like a gazetteer row (ids, kinds, codes, lat/lon ranges, names)."""
    name_en, name_ja, country = _clean_name(name_en), _clean_name(name_ja), (country or "").strip().upper()
    aliases_en, aliases_ja = tuple(map(_clean_name, aliases_en)), tuple(map(_clean_name, aliases_ja))
    if (country or kind != "region") and (not re.fullmatch(r"[A-Z]{2}", country) or country not in country_names()):
        raise GazetteerError.of("err.place_country", got=repr(country))
    if not name_en and not name_ja:
        raise GazetteerError.of("err.place_no_name")
    if kind not in USER_PLACE_KINDS:
        raise GazetteerError.of("err.place_kind", allowed=", ".join(USER_PLACE_KINDS), got=repr(kind))
    _check_fields(place_id, lat, lon, precision_code, iso3166_2, country)
    names = [name_en, name_ja, *aliases_en, *aliases_ja]
    bad = [n for n in names if n and (";" in n or CONTROL_CHARACTERS.search(n) or len(n) > 120)]
    if bad:
        raise GazetteerError.of("err.place_bad_name", name=repr(bad[0]))
    en = list(dict.fromkeys(a.strip() for a in (name_en, *aliases_en) if a and a.strip()))
    ja_base = re.sub(r"(?<=..)(?:県|市|州|郡|区|都|府)$", "", name_ja)  # 'パクセー市' also matches 'パクセー'
    ja = list(dict.fromkeys(a.strip() for a in (name_ja, ja_base, *aliases_ja) if a and a.strip()))
    if gazetteer is not None and parent_id is None:
        try:
            lat_f, lon_f = float(lat), float(lon)
        except (TypeError, ValueError):
            lat_f = lon_f = float("nan")
        if lat_f == lat_f and lon_f == lon_f and -90 <= lat_f <= 90 and -180 <= lon_f <= 180:
            parent_id = _suggest_parent(gazetteer, lat_f, lon_f, country)
    row = {
        "place_id": place_id, "name_en": name_en or name_ja, "name_ja": name_ja or name_en, "aliases_en": tuple(en),
        "aliases_ja": tuple(ja), "mention_in_en": (), "mention_in_ja": (), "kind": kind, "country": country,
        "iso3166_2": iso3166_2, "precision_code": precision_code if precision_code is not None else DEFAULT_PRECISION[kind],
        "lat": lat, "lon": lon, "geometry_ref": "point", "parent_id": parent_id or "", "source": "user",
        "notes": f"Added by a user on {_dt.date.today().isoformat()}.",
    }
    try:
        valid = PlaceRow(**row)
    except PydanticError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'place'}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors())
        raise GazetteerError.of("err.place_invalid", id=repr(place_id), problems=problems) from None
    return Place(**valid.model_dump(), user_added=True)


def located_place(name: str, lang: str, point, gazetteer, place_id: str) -> Place:
    """A new place where the file puts it: its point, its precision, an area (precision 3/4) as a province.

    ``point`` is an ``ingest.base.Located``; the country is the one the point lies in (Laos when none is found).
    """
    kind = "province" if point.precision in (3, 4) else "city"
    place_id = place_id or re.sub(r"[^a-z0-9]+", "_", fold(name).lower()).strip("_") or f"iati_{point.geonames_id}"
    country = gazetteer.country_at(point.lat, point.lon) or "LA"
    place = place_row(place_id, **name_columns(name, lang), kind=kind, country=country, lat=point.lat, lon=point.lon,
                      precision_code=point.precision, gazetteer=gazetteer)
    return replace(place, geonames_id=int(point.geonames_id or 0))  # a later file naming only that id finds the place


@dataclass(frozen=True)
class ClickedSpot:
    """Where a click on the review's map fell: the point, the country it lies in and the province around it."""

    lat: float
    lon: float
    country: str
    parent_id: str  # the smallest province (or country) polygon containing the point; "" when none is known


CLICK_PRECISION = 2  # a point set by a click on a small map is approximate: "near" on the IATI scale, never exact


def clicked_spot(gazetteer, lat: float, lon: float) -> ClickedSpot:
    """The spot a click set, with the country and province the user is shown before confirming; off land, a message."""
    country = gazetteer.country_at(lat, lon)
    if country is None:
        raise GazetteerError.of("err.click_outside", lat=f"{lat:.4f}", lon=f"{lon:.4f}")
    return ClickedSpot(round(lat, 5), round(lon, 5), country, _suggest_parent(gazetteer, lat, lon, country))


def clicked_place(name: str, lang: str, kind: str, spot: ClickedSpot, gazetteer, place_id: str = "") -> Place:
    """A new place at a clicked spot: precision 2 (approximate), its province as parent, the document's spelling as name.

    A kind a single point cannot stand for (a province, a region) is kept as a landmark; a road is a point on it.
    """
    kind = kind if kind in USER_PLACE_KINDS and kind not in ("province", "region") else "landmark"
    place_id = place_id or re.sub(r"[^a-z0-9]+", "_", fold(name).lower()).strip("_") or slug(name)
    return place_row(place_id, **name_columns(name, lang), kind=kind, country=spot.country, lat=spot.lat, lon=spot.lon,
                     parent_id=spot.parent_id or None, precision_code=CLICK_PRECISION, gazetteer=gazetteer)


_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})


def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and their English names (from Babel's CLDR data, without its extra regions)."""
    from babel import Locale

    return {k: v for k, v in Locale("en").territories.items() if len(k) == 2 and k.isalpha() and k not in _NOT_COUNTRIES}


def _clean_name(name: str) -> str:
    """A typed name without the invisible format characters (soft hyphens, zero-width spaces) a copy from a PDF brings."""
    return "".join(ch for ch in (name or "") if unicodedata.category(ch) != "Cf").strip()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from math import asin, cos, radians, sin, sqrt

    a = sin(radians(lat2 - lat1) / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * asin(sqrt(a))


PARENT_POINT_KM = 50  # a point's parent given as a point (a city, an airport) must be this near


def _check_consistent(place: Place, gazetteer) -> None:
    """Country, point and parent agree: a Lao point is not in Tokyo, and 'US' is not a point inside Laos."""
    names = country_names()
    label = lambda code: f"{names.get(code, code)} ({code})"  # noqa: E731 - a one-line formatter
    found = gazetteer.country_at(place.lat, place.lon)
    if found and found != place.country:
        raise GazetteerError.of("err.place_wrong_country", lat=place.lat, lon=place.lon, found=label(found), country=label(place.country))
    if not place.parent_id:
        return
    parent = gazetteer.places[place.parent_id]
    if parent.country and parent.country != place.country:
        raise GazetteerError.of("err.place_parent_country", parent=repr(parent.place_id), name=parent.name_en,
                                 parent_country=label(parent.country), country=label(place.country))
    geom = gazetteer.geometry(parent.place_id)
    from shapely.geometry import Point

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        if not geom.buffer(0.05).contains(Point(place.lon, place.lat)):
            raise GazetteerError.of("err.place_outside_parent", lat=place.lat, lon=place.lon, parent=repr(parent.place_id), name=parent.name_en)
    elif geom.geom_type == "Point":
        km = _km(place.lat, place.lon, parent.lat, parent.lon)
        if km > PARENT_POINT_KM:
            raise GazetteerError.of("err.place_far_from_parent", lat=place.lat, lon=place.lon, km=f"{km:,.0f}", parent=repr(parent.place_id),
                                     name=parent.name_en, limit=PARENT_POINT_KM)


def _check_lookalikes(place: Place, gazetteer) -> None:
    """Refuse a name that only looks like an existing one (a Cyrillic 'е' in 'Vientiane'), naming that one."""
    existing = {}
    for p in gazetteer.places.values():
        for a in (*p.aliases_en, *p.aliases_ja, p.name_en, p.name_ja):
            existing.setdefault(skeleton(a), (a, p.place_id))
    for name in (*place.aliases_en, *place.aliases_ja):
        hit = existing.get(skeleton(name))
        if hit and fold(hit[0]).lower() != fold(name).lower():
            odd = ", ".join(f"{ch!r} ({unicodedata.name(ch, 'unnamed')})" for ch in dict.fromkeys(name) if not ch.isascii()
                            and skeleton(ch) != fold(ch).lower())
            raise GazetteerError.of("err.place_lookalike", name=repr(name), like=repr(hit[0]), place=repr(hit[1]), odd=odd)

def geonames_place(geonames_id: int | str, gazetteer, *, place_id: str | None = None, name_en: str = "", name_ja: str = "",
                   kind: str | None = None, aliases_en: tuple[str, ...] = (), aliases_ja: tuple[str, ...] = (),
                   parent_id: str | None = None, precision_code: int | None = None) -> Place:
    """A user place from the offline GeoNames index: its name, country and coordinates, the document's spelling as an alias.

    GeoNames' own spelling (``Thakhèk``, ``Ban Dansavan``) is kept as a further alias unless another place
    already has it. The place is a point of kind ``city`` by default with the precision code of a town
    (3: the populated place's centre stands for the municipality); its parent is the province or prefecture
    whose polygon holds the point.
    """
    from laomap.pipeline import geonames

    s = geonames.by_id(geonames_id, gazetteer)
    en = (name_en or "").strip() or s.name
    ja = (name_ja or "").strip() or s.name_ja
    taken = {fold(a).lower() for p in gazetteer.places.values() for a in p.aliases_en}
    taken_ja = {fold(a) for p in gazetteer.places.values() for a in p.aliases_ja}
    extra_en = tuple(a for a in (s.name, *aliases_en) if a and fold(a).lower() not in taken and a != en)
    extra_ja = tuple(a for a in aliases_ja if a and fold(a) not in taken_ja)
    ja_base = re.sub(r"(?<=..)(?:県|市|州|郡|区|都|府)$", "", ja)  # place_row adds it as an alias too
    if ja and not name_ja and (fold(ja) in taken_ja or fold(ja_base) in taken_ja):
        ja = ""  # GeoNames' Japanese name is another place's already: leave it out rather than refuse the place
    pid = (place_id or "").strip() or slug(en).replace("-", "_")
    if not PLACE_ID.fullmatch(pid):
        pid = f"geonames_{s.geonames_id}"
    if not place_id and pid in gazetteer.places:
        pid = f"{pid}_{s.geonames_id}"[:64]
    place = place_row(pid, en, ja, kind or "city", s.country, s.lat, s.lon, aliases_en=extra_en, aliases_ja=extra_ja,
                      parent_id=parent_id, precision_code=precision_code, gazetteer=gazetteer)
    note = (f"From GeoNames {s.geonames_id} ({s.name}, {s.country}, population {s.population:,}) in the offline index "
            f"({geonames.ATTRIBUTION}); {place.notes}")
    return replace(place, notes=note, geonames_id=int(s.geonames_id))


def _check_new_place(place: Place, gazetteer) -> None:
    if place.place_id in gazetteer.places:
        raise GazetteerError.of("err.place_id_added" if gazetteer.places[place.place_id].user_added else "err.place_id_builtin",
                                 id=repr(place.place_id))
    taken = {}
    for p in gazetteer.places.values():
        for a in p.aliases_en:
            taken[("en", fold(a).lower())] = p.place_id
        for a in p.aliases_ja:
            taken[("ja", fold(a))] = p.place_id
    clash = [(a, taken[k]) for a, k in [(a, ("en", fold(a).lower())) for a in place.aliases_en]
             + [(a, ("ja", fold(a))) for a in place.aliases_ja] if k in taken]
    if clash:
        name, owner = clash[0]
        raise GazetteerError.of("err.place_name_taken", name=repr(name), owner=repr(owner))
    if place.parent_id and place.parent_id not in gazetteer.places:
        raise GazetteerError.of("err.place_parent_unknown", parent=repr(place.parent_id))
    _check_lookalikes(place, gazetteer)
    _check_consistent(place, gazetteer)


def add_place(place: Place, user_dir: Path | None = None, documents_dir: Path | None = None,
              geodata_dir: Path | None = None) -> Dataset:
    """Add a place to the user gazetteer after checking it against the whole dataset; returns the new dataset."""
    u, d, g = directories(user_dir, documents_dir, geodata_dir)

    def text() -> str:
        readable_manifest(u)
        existing = user_places(u)
        _check_new_place(place, load_gazetteer(g, existing))
        try:
            load_gazetteer(g, [*existing, place])  # coordinates inside the country, parents known
        except GazetteerError as exc:
            raise GazetteerError.of("err.place_cannot_add", id=repr(place.place_id), cause=exc) from None
        return _gazetteer_text([*existing, place])

    return _change_gazetteer(u, d, g, text)


def _change_gazetteer(u: Path, d: Path, g: Path, text: Callable[[], str]) -> Dataset:
    """Write a new user gazetteer made by ``text()``, once the whole dataset builds with it."""
    def prepare() -> tuple[str, Dataset]:
        new = text()
        with candidate(u) as copy:
            (copy / GAZETTEER).write_text(new, encoding="utf-8")
            return new, build_candidate(copy, d, g)

    def commit(prepared: tuple[str, Dataset]) -> None:
        make_dir(u)
        write_text(u / GAZETTEER, prepared[0])

    ds = change(u, prepare, commit)[1]
    incremental.keep(ds, d, g, u)  # the review run again after adding a place extends it instead of building it again
    return ds


def remove_place(place_id: str, user_dir: Path | None = None, documents_dir: Path | None = None,
                 geodata_dir: Path | None = None) -> Dataset:
    """Remove an added place (never a built-in one); statements that named it are simply no longer linked to it."""
    u, d, g = directories(user_dir, documents_dir, geodata_dir)

    def text() -> str:
        readable_manifest(u)
        existing = user_places(u)
        if place_id not in {p.place_id for p in existing}:
            builtin = {p.place_id for p in load_gazetteer(g).places.values()}
            if place_id in builtin:
                raise GazetteerError.of("err.place_remove_builtin", id=repr(place_id))
            raise GazetteerError.of("err.place_remove_unknown", id=repr(place_id), added=", ".join(p.place_id for p in existing) or "-")
        children = [p.place_id for p in existing if p.parent_id == place_id]
        if children:
            raise GazetteerError.of("err.place_remove_parent", id=repr(place_id), children=", ".join(children))
        return _gazetteer_text([p for p in existing if p.place_id != place_id])

    return _change_gazetteer(u, d, g, text)


