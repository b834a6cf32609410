"""The user's own data directory: documents and places added without touching the project.

Layout of ``LAOMAP_DATA_DIR`` (default ~/.local/share/laomap)::

    manifest.json       documents added by the user (same format as documents/manifest.json)
    documents/          their texts, as UTF-8
    gazetteer.csv       places added by the user (same columns as geodata/gazetteer.csv)
    ignored-names.txt   names the review of new documents should no longer suggest as places

Every change is all-or-nothing: the whole dataset is first built and validated in memory
from a temporary copy of this directory with the change applied, and only then are the
files written, each atomically (``atomic.py``), the manifest last. A change that would
break the dataset is refused with the reason and leaves every file as it was. The
project's own documents/ and geodata/ are only ever read.

Nothing read or written here leaves the user directory: names with '..', absolute paths
or NUL bytes are refused, and so are symbolic links inside it (``_inside``), which could
point anywhere (a copied folder or an unpacked archive can bring one along).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import hashlib
import io
import json
import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError as PydanticError

from laomap import paths
from laomap.atomic import write_text
from laomap.errors import DocumentError, GazetteerError, LaomapError
from laomap.ingest.base import check_text_length
from laomap.pipeline.dataset import build
from laomap.pipeline.documents import LANGUAGES, DocumentMeta, meta_from_dict, read_manifest
from laomap.pipeline.gazetteer import GAZETTEER_COLUMNS, Place, PlaceRow, load_gazetteer
from laomap.pipeline.sources import (  # noqa: F401 - read side, re-exported
    DOCUMENTS,
    GAZETTEER,
    IGNORED,
    MANIFEST,
    ignored_names,
    inside,
    manifest_entries,
    user_dir_or_default,
    user_documents,
    user_places,
)
from laomap.textnorm import fold, skeleton
from laomap.userdata.lock import candidate_dir, locked

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

T = TypeVar("T")
TITLE_MAX = 300  # characters in a title or a publisher's name; the longest title of the relationship has about 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # line breaks, escapes and other control characters
DATE_YEARS = (1945, 2100)  # a document of the relationship is dated within these years
USER_PLACE_KINDS = ("city", "capital", "airport", "province", "region")  # kinds a single point can stand for
DEFAULT_PRECISION = {"city": 3, "capital": 8, "airport": 1, "province": 4, "region": 6}


# --------------------------------------------------------------------------- reading


# --------------------------------------------------------------------------- new document metadata


def slug(text: str) -> str:
    """'Joint Follow-up Plan 2024' -> 'joint-follow-up-plan-2024' (ASCII letters and digits only)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:50].strip("-")


def document_meta(title: str, date: str, lang: str, *, doc_id: str | None = None, title_en: str | None = None,
                  title_ja: str | None = None, translation_of: str | None = None, publisher: str | None = None,
                  original_file: str | None = None, sha256: str | None = None, source_format: str = "") -> DocumentMeta:
    """The manifest entry of a document being added, checked with messages that say what was expected."""
    title = (title or "").strip()
    if not title:
        raise DocumentError("A title is required: the plan's title as printed on it.")
    for label, value in (("title", title), ("English title", title_en or ""), ("Japanese title", title_ja or ""),
                         ("publisher", publisher or "")):
        if _CONTROL.search(value):
            raise DocumentError(f"The {label} contains a control character (a line break, an escape, ...): {value!r}. "
                                "Expected one line of text.")
        if len(value) > TITLE_MAX:
            raise DocumentError(f"The {label} has {len(value)} characters: expected at most {TITLE_MAX}.")
    if lang not in LANGUAGES:
        raise DocumentError(f"The language must be one of {', '.join(LANGUAGES)}, got {lang!r}.")
    date = unicodedata.normalize("NFKC", date or "").strip()  # full-width digits (２０２４-０３) are read as ASCII ones
    precision = _date_precision(date)
    if lang == "ja":
        title_ja, title_en = title, (title_en or "").strip() or title
    else:
        title_en, title_ja = title, (title_ja or "").strip()
    if not doc_id:
        base = slug(title_en) if slug(title_en) and title_en != title_ja else f"document-{date[:4]}"
        doc_id = f"{base}-{lang}"
    doc_id = doc_id.strip()
    entry = {
        "id": doc_id,
        "file": f"{doc_id}.txt",
        "title_en": title_en,
        "title_ja": title_ja,
        "language": lang,
        "date": date,
        "date_precision": precision,
        "date_basis": "Entered by the user who added the document.",
        "publisher": (publisher or "").strip() or "Not recorded (added by a user)",
        "translation_of": translation_of or None,
        "original_file": original_file,
        "sha256": sha256,
        "source_format": source_format,
    }
    return meta_from_dict(entry, where=f"document {doc_id!r}", builtin=False)


def _date_precision(date: str) -> str:
    formats = {10: ("%Y-%m-%d", "day"), 7: ("%Y-%m", "month"), 4: ("%Y", "year")}
    fmt = formats.get(len(date))
    try:
        if fmt is None or not re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", date):
            raise ValueError
        _dt.datetime.strptime(date, fmt[0])
    except ValueError:
        raise DocumentError(f"The date must be YYYY, YYYY-MM or YYYY-MM-DD in digits 0-9 (e.g. 2024 or 2024-05-17), got {date!r}.") from None
    if not DATE_YEARS[0] <= int(date[:4]) <= DATE_YEARS[1]:
        raise DocumentError(f"The date {date} is outside {DATE_YEARS[0]}-{DATE_YEARS[1]}: expected the date of a document "
                            "of the Japan-Lao PDR relationship (diplomatic relations date from 1955).")
    return fmt[1]


def _entry(meta: DocumentMeta) -> dict:
    fields = ("id", "file", "title_en", "title_ja", "short_title_en", "short_title_ja", "language", "date", "date_precision",
              "date_earliest", "date_basis", "publisher", "original_file", "sha256", "source_format", "translation_of")
    entry = {k: getattr(meta, k) for k in fields}
    entry["added"] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    return entry


# --------------------------------------------------------------------------- safety


def _check_links(user_dir: Path) -> None:
    """Refuse a user directory holding a symbolic link anywhere laomap reads or copies (before any change)."""
    for name in (MANIFEST, GAZETTEER, IGNORED, DOCUMENTS):
        inside(user_dir, name, error=LaomapError)
    folder = user_dir / DOCUMENTS
    if folder.is_dir():
        for dirpath, dirnames, filenames in os.walk(folder):  # does not descend into linked folders; they are caught here
            for name in [*dirnames, *filenames]:
                if (Path(dirpath) / name).is_symlink():
                    inside(user_dir, str((Path(dirpath) / name).relative_to(user_dir)), error=LaomapError)


def _check_target(user_dir: Path, documents_dir: Path, geodata_dir: Path) -> None:
    """The user directory may not be, or lie inside, the project's own documents/ or geodata/."""
    target = user_dir.resolve()
    for protected in (documents_dir, geodata_dir):
        p = protected.resolve()
        if target == p or p in target.parents:
            raise LaomapError(
                f"The user data directory {user_dir} lies inside the built-in {p}, which laomap never writes: set "
                "LAOMAP_DATA_DIR to another folder."
            )


def _locked(user_dir: Path) -> contextlib.AbstractContextManager[None]:
    """One writer at a time on this directory, whatever the process or its TMPDIR (``lock.py``)."""
    return locked(user_dir)


@contextmanager
def _candidate(user_dir: Path) -> Iterator[Path]:
    """A temporary copy of the user directory's data files, to apply a change to and build from."""
    _check_links(user_dir)
    with candidate_dir() as tmp:
        copy = Path(tmp) / "user"
        copy.mkdir()
        for name in (MANIFEST, GAZETTEER, IGNORED):
            if (user_dir / name).is_file():
                shutil.copy2(user_dir / name, copy / name)
        if (user_dir / DOCUMENTS).is_dir():
            shutil.copytree(user_dir / DOCUMENTS, copy / DOCUMENTS, symlinks=True, ignore=shutil.ignore_patterns(".*"))
        else:
            (copy / DOCUMENTS).mkdir()
        yield copy


def _state(user_dir: Path) -> str:
    """A digest of the data files as they are now: equal digests mean no other writer changed anything in between."""
    h = hashlib.sha256()
    for name in (MANIFEST, GAZETTEER, IGNORED):
        try:
            h.update(name.encode() + b"\0" + (user_dir / name).read_bytes() + b"\0")
        except OSError:
            h.update(name.encode() + b"\0-\0")
    with contextlib.suppress(OSError):
        for f in sorted((user_dir / DOCUMENTS).iterdir()):
            if not f.name.startswith("."):
                st = f.lstat()
                h.update(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _change(user_dir: Path, prepare: Callable[[], T], commit: Callable[[T], None]) -> T:
    """Check and build a change outside the lock, then hold the lock only to write it.

    The build of the whole dataset is the slow part (seconds with a large plan), so it runs
    before the lock is taken; if another writer changed the data meanwhile, it runs again
    under the lock against what is there now. Other writers wait milliseconds, not a build.
    """
    seen = _state(user_dir)
    try:
        prepared: T | None = prepare()
    except (OSError, shutil.Error):
        prepared = None  # a file moved under us by another writer: prepare again inside the lock
    with _locked(user_dir):
        if prepared is None or _state(user_dir) != seen:
            prepared = prepare()
        commit(prepared)
    return prepared


def _build(user_copy: Path, documents_dir: Path, geodata_dir: Path) -> Dataset:
    return build(documents_dir, geodata_dir, user_copy, strict_user_data=True)


def _dirs(user_dir: Path | None, documents_dir: Path | None, geodata_dir: Path | None) -> tuple[Path, Path, Path]:
    u = user_dir_or_default(user_dir)
    d = Path(documents_dir or paths.documents_dir())
    g = Path(geodata_dir or paths.geodata_dir())
    _check_target(u, d, g)
    return u, d, g


def _readable(user_dir: Path) -> list[dict]:
    """The current manifest entries; a damaged manifest stops every change until it is fixed."""
    try:
        entries = manifest_entries(user_dir)
        for i, e in enumerate(entries):
            meta_from_dict(e, where=f"{user_dir / MANIFEST} entry {i + 1}", builtin=False)
        return entries
    except DocumentError as exc:
        raise DocumentError(f"The existing user data cannot be read, so nothing was changed: {exc} Fix or move that file first.") from None


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LaomapError(f"Cannot create {folder}: {exc.strerror or exc}. Nothing was changed.") from None


def _manifest_text(entries: list[dict]) -> str:
    return json.dumps({"schema": 1, "documents": entries}, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- documents


def _same_text(text: str) -> str:
    """A digest of a text that ignores how it was saved: line endings, Unicode composition, trailing spaces."""
    lines = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return hashlib.sha256("\n".join(ln.rstrip() for ln in lines).strip().encode("utf-8")).hexdigest()


def _check_same_text(text: str, user_dir: Path, entries: list[dict], documents_dir: Path) -> None:
    """Refuse a text already added or built in, whatever its bytes (a CRLF copy, another encoding)."""
    digest = _same_text(text)
    candidates = [(e["id"], (user_dir, DOCUMENTS, e["file"])) for e in entries if e.get("file")]
    candidates += [(m.id, (Path(documents_dir), m.file)) for m in read_manifest(documents_dir)]
    for doc_id, (root, *parts) in candidates:
        try:
            existing = inside(root, *parts).read_text(encoding="utf-8")  # never a link or a path out of the folder
        except (LaomapError, OSError, UnicodeDecodeError):
            continue  # a damaged or unsafe file is reported by the build, not here
        if _same_text(existing) == digest:
            raise DocumentError(f"This text was already added as {doc_id!r}: the same plan would be counted twice.")


def _check_new_document(meta: DocumentMeta, entries: list[dict], documents_dir: Path) -> None:
    builtin = {m.id: m for m in read_manifest(documents_dir)}
    added = {e["id"]: e for e in entries}
    if meta.id in builtin:
        raise DocumentError(f"A built-in document already has the id {meta.id!r}: choose another id.")
    if meta.id in added:
        raise DocumentError(
            f"A document with the id {meta.id!r} was already added (title: {added[meta.id].get('title_en')!r}): choose "
            "another id, or remove that document first."
        )
    if any(e.get("file") == meta.file for e in entries):
        raise DocumentError(f"An added document already uses the file name {meta.file!r}: choose another id.")
    if meta.sha256:
        same = [e["id"] for e in entries if e.get("sha256") == meta.sha256] + [m.id for m in builtin.values() if m.sha256 == meta.sha256]
        if same:
            raise DocumentError(f"This file was already added as {same[0]!r}: the same plan would be counted twice.")
    if meta.translation_of:
        languages = {**{k: m.language for k, m in builtin.items()}, **{k: e.get("language") for k, e in added.items()}}
        if meta.translation_of not in languages:
            known = ", ".join(sorted(languages))
            raise DocumentError(f"--translation-of {meta.translation_of!r} names no document; known documents: {known}.")
        if languages[meta.translation_of] == meta.language:
            raise DocumentError(
                f"A translation must be in the other language: {meta.translation_of!r} is already in {meta.language!r}."
            )


def preview_document(text: str, meta: DocumentMeta, user_dir: Path | None = None, documents_dir: Path | None = None,
                     geodata_dir: Path | None = None) -> Dataset:
    """The whole dataset as it would be with this document added, built and validated in memory; nothing is written."""
    u, d, g = _dirs(user_dir, documents_dir, geodata_dir)
    check_text_length(text, meta.original_file or meta.file)  # also for texts given through the API, not read_upload
    entries = _readable(u)
    _check_new_document(meta, entries, d)
    _check_same_text(text, u, entries, d)
    with _candidate(u) as copy:
        (copy / DOCUMENTS / meta.file).write_text(text, encoding="utf-8")
        (copy / MANIFEST).write_text(_manifest_text([*entries, _entry(meta)]), encoding="utf-8")
        return _build(copy, d, g)


def add_document(text: str, meta: DocumentMeta, user_dir: Path | None = None, documents_dir: Path | None = None,
                 geodata_dir: Path | None = None) -> Dataset:
    """Add a document for good, after the whole new dataset has been built and validated; returns that dataset."""
    u, d, g = _dirs(user_dir, documents_dir, geodata_dir)
    target = inside(u, DOCUMENTS, meta.file)

    def commit(_ds: Dataset) -> None:
        entries = _readable(u)
        _mkdir(u / DOCUMENTS)
        write_text(target, text)
        try:
            write_text(u / MANIFEST, _manifest_text([*entries, _entry(meta)]))
        except LaomapError:
            target.unlink(missing_ok=True)  # the manifest is the commit point: without it the text is not added
            raise

    return _change(u, lambda: preview_document(text, meta, u, d, g), commit)


def remove_document(doc_id: str, user_dir: Path | None = None, documents_dir: Path | None = None,
                    geodata_dir: Path | None = None) -> Dataset:
    """Remove an added document (never a built-in one); returns the dataset without it."""
    u, d, g = _dirs(user_dir, documents_dir, geodata_dir)

    def rest() -> tuple[list[dict], dict]:
        entries = _readable(u)
        ids = [e["id"] for e in entries]
        if doc_id not in ids:
            if doc_id in {m.id for m in read_manifest(d)}:
                raise DocumentError(f"{doc_id!r} is a built-in document: it cannot be removed.")
            raise DocumentError(f"No added document has the id {doc_id!r}; added documents: {', '.join(ids) or 'none'}.")
        dependants = [e["id"] for e in entries if e.get("translation_of") == doc_id]
        if dependants:
            raise DocumentError(f"{doc_id!r} has an added translation ({', '.join(dependants)}): remove the translation first.")
        return [e for e in entries if e["id"] != doc_id], next(e for e in entries if e["id"] == doc_id)

    def prepare() -> Dataset:
        remaining, _gone = rest()
        with _candidate(u) as copy:
            (copy / MANIFEST).write_text(_manifest_text(remaining), encoding="utf-8")
            return _build(copy, d, g)

    def commit(_ds: Dataset) -> None:
        remaining, gone = rest()
        write_text(u / MANIFEST, _manifest_text(remaining))
        if not any(e.get("file") == gone["file"] for e in remaining):
            with contextlib.suppress(OSError, LaomapError):  # an orphan text file is harmless: nothing refers to it any more
                inside(u, DOCUMENTS, gone["file"]).unlink(missing_ok=True)

    return _change(u, prepare, commit)


# --------------------------------------------------------------------------- places


def _gazetteer_text(places: list[Place]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(GAZETTEER_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for p in places:
        row = {k: getattr(p, k) for k in GAZETTEER_COLUMNS}
        for k in ("aliases_en", "aliases_ja", "mention_in_en", "mention_in_ja"):
            row[k] = ";".join(row[k])
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


def place_row(place_id: str, name_en: str, name_ja: str, kind: str, country: str, lat: float, lon: float, *,
              aliases_en: tuple[str, ...] = (), aliases_ja: tuple[str, ...] = (), parent_id: str | None = None,
              precision_code: int | None = None, iso3166_2: str = "", gazetteer=None) -> Place:
    """A user place, validated like a gazetteer row (ids, kinds, codes, lat/lon ranges, names)."""
    name_en, name_ja, country = _clean_name(name_en), _clean_name(name_ja), (country or "").strip().upper()
    aliases_en, aliases_ja = tuple(map(_clean_name, aliases_en)), tuple(map(_clean_name, aliases_ja))
    if re.fullmatch(r"[A-Z]{2}", country) and country not in country_names():  # other shapes: the row's own check
        raise GazetteerError(f"country: {country!r} is not an ISO 3166-1 country code; expected a code such as LA (Laos), "
                             "JP (Japan), TH (Thailand) or VN (Vietnam).")
    if not name_en and not name_ja:
        raise GazetteerError("A place needs a name in English or Japanese (or both).")
    if kind not in USER_PLACE_KINDS:
        raise GazetteerError(f"kind: expected one of {', '.join(USER_PLACE_KINDS)} for a place given by a point, got {kind!r}.")
    names = [name_en, name_ja, *aliases_en, *aliases_ja]
    bad = [n for n in names if n and (";" in n or _CONTROL.search(n) or len(n) > 120)]
    if bad:
        raise GazetteerError(f"A name may not contain ';', a line break or another control character, or exceed 120 "
                             f"characters: {bad[0]!r}.")
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
        raise GazetteerError(f"The place {place_id!r} is not valid: {problems}.") from None
    return Place(**valid.model_dump(), user_added=True)


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
        raise GazetteerError(f"The point ({place.lat}, {place.lon}) lies in {label(found)}, not in {label(place.country)}: "
                             "check the country code, or whether lat and lon are swapped.")
    if not place.parent_id:
        return
    parent = gazetteer.places[place.parent_id]
    if parent.country and parent.country != place.country:
        raise GazetteerError(f"parent {parent.place_id!r} ({parent.name_en}) is in {label(parent.country)}, the place in "
                             f"{label(place.country)}: a place lies within its parent. See 'laomap values' for the place ids.")
    geom = gazetteer.geometry(parent.place_id)
    from shapely.geometry import Point

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        if not geom.buffer(0.05).contains(Point(place.lon, place.lat)):
            raise GazetteerError(f"The point ({place.lat}, {place.lon}) is outside its parent {parent.place_id!r} "
                                 f"({parent.name_en}): choose the province it lies in, or leave --parent out to have it found.")
    elif geom.geom_type == "Point":
        km = _km(place.lat, place.lon, parent.lat, parent.lon)
        if km > PARENT_POINT_KM:
            raise GazetteerError(f"The point ({place.lat}, {place.lon}) is {km:,.0f} km from its parent {parent.place_id!r} "
                                 f"({parent.name_en}): expected within {PARENT_POINT_KM} km of a parent given as a point.")


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
            raise GazetteerError(f"The name {name!r} looks like {hit[0]!r} of the place {hit[1]!r} but is written with other "
                                 f"characters ({odd}): type it in Latin letters, or use that place.")

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
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,63}", pid):
        pid = f"geonames_{s.geonames_id}"
    if not place_id and pid in gazetteer.places:
        pid = f"{pid}_{s.geonames_id}"[:64]
    place = place_row(pid, en, ja, kind or "city", s.country, s.lat, s.lon, aliases_en=extra_en, aliases_ja=extra_ja,
                      parent_id=parent_id, precision_code=precision_code, gazetteer=gazetteer)
    note = (f"From GeoNames {s.geonames_id} ({s.name}, {s.country}, population {s.population:,}) in the offline index "
            f"({geonames.ATTRIBUTION}); {place.notes}")
    return replace(place, notes=note)


def _check_new_place(place: Place, gazetteer) -> None:
    if place.place_id in gazetteer.places:
        owner = "an added" if gazetteer.places[place.place_id].user_added else "a built-in"
        raise GazetteerError(f"{owner.capitalize()} place already has the id {place.place_id!r}: choose another id.")
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
        raise GazetteerError(f"The name {name!r} already belongs to the place {owner!r}: a name can point to one place only.")
    if place.parent_id and place.parent_id not in gazetteer.places:
        raise GazetteerError(f"parent {place.parent_id!r} is not in the gazetteer; see 'laomap values' for the place ids.")
    _check_lookalikes(place, gazetteer)
    _check_consistent(place, gazetteer)


def add_place(place: Place, user_dir: Path | None = None, documents_dir: Path | None = None,
              geodata_dir: Path | None = None) -> Dataset:
    """Add a place to the user gazetteer after checking it against the whole dataset; returns the new dataset."""
    u, d, g = _dirs(user_dir, documents_dir, geodata_dir)

    def text() -> str:
        _readable(u)
        existing = user_places(u)
        _check_new_place(place, load_gazetteer(g, existing))
        try:
            load_gazetteer(g, [*existing, place])  # coordinates inside the country, parents known
        except GazetteerError as exc:
            raise GazetteerError(f"Cannot add the place {place.place_id!r}: {exc}") from None
        return _gazetteer_text([*existing, place])

    return _change_gazetteer(u, d, g, text)


def _change_gazetteer(u: Path, d: Path, g: Path, text: Callable[[], str]) -> Dataset:
    """Write a new user gazetteer made by ``text()``, once the whole dataset builds with it."""
    def prepare() -> tuple[str, Dataset]:
        new = text()
        with _candidate(u) as copy:
            (copy / GAZETTEER).write_text(new, encoding="utf-8")
            return new, _build(copy, d, g)

    def commit(prepared: tuple[str, Dataset]) -> None:
        _mkdir(u)
        write_text(u / GAZETTEER, prepared[0])

    return _change(u, prepare, commit)[1]


def remove_place(place_id: str, user_dir: Path | None = None, documents_dir: Path | None = None,
                 geodata_dir: Path | None = None) -> Dataset:
    """Remove an added place (never a built-in one); statements that named it are simply no longer linked to it."""
    u, d, g = _dirs(user_dir, documents_dir, geodata_dir)

    def text() -> str:
        _readable(u)
        existing = user_places(u)
        if place_id not in {p.place_id for p in existing}:
            builtin = {p.place_id for p in load_gazetteer(g).places.values()}
            if place_id in builtin:
                raise GazetteerError(f"{place_id!r} is a built-in place: it cannot be removed.")
            raise GazetteerError(f"No added place has the id {place_id!r}; added places: {', '.join(p.place_id for p in existing) or 'none'}.")
        children = [p.place_id for p in existing if p.parent_id == place_id]
        if children:
            raise GazetteerError(f"{place_id!r} is the parent of {', '.join(children)}: remove those first.")
        return _gazetteer_text([p for p in existing if p.place_id != place_id])

    return _change_gazetteer(u, d, g, text)


# --------------------------------------------------------------------------- ignored names


def ignore_name(name: str, user_dir: Path | None = None, undo: bool = False) -> list[str]:
    """Add (or with ``undo`` remove) a name in the list the review no longer suggests; returns the list."""
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise LaomapError("Expected a name of 1 to 120 characters to ignore.")
    u = user_dir_or_default(user_dir)
    with _locked(u):
        names = ignored_names(u)
        key = fold(name).lower()
        if undo:
            names = [n for n in names if fold(n).lower() != key]
        elif key not in {fold(n).lower() for n in names}:
            names.append(name)
        _mkdir(u)
        write_text(u / IGNORED, "".join(f"{n}\n" for n in names))
    return names
