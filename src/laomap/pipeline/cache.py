"""The built dataset kept on disk between runs: a format that cannot run code, authenticated, keyed by content.

Why not pickle: unpickling runs whatever the file says, and the cache folder may be shared
(a volume between replicas, a world-writable path). So the dataset is written as JSON (its
tables column by column, geometries as WKB), which loading only ever turns back into data,
and every file carries an HMAC-SHA256 under a key only this user can read
(``CACHE_DIR/key``, mode 0600, owned by us: checked before each use). A file that does not
verify, was made for other inputs or is not ours is ignored and rebuilt; a key file that
others could read or replace turns the disk cache off and says why.

Why content digests: the key is the SHA-256 of every input file, wherever it lives (a folder
named ``cache`` is an input like any other) and however it was edited (a same-size edit that
keeps the modification time changes the key). Digests are memoised per file identity (inode,
size, mtime, ctime), and a file changed within the last two seconds is always read again: the
kernel sets ctime on every change and no program can set it back, but its clock is coarse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import hmac
import json
import os
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from laomap import paths
from laomap.codeid import code_files
from laomap.pipeline.documents import Document, DocumentMeta, Paragraph, Section
from laomap.pipeline.gazetteer import Gazetteer, Partnership, Place
from laomap.pipeline.later import Later

MAGIC = b"LAOMAP-DATASET-1\n"
KEY_NAME = "key"
KEEP = 4  # datasets kept in the cache folder (the newest): a few input states, a few MB each
FORMAT_VERSION = 2  # 2: the gazetteer's places as an Arrow table
_RACY_S = 2.0  # a file changed this recently is hashed again on every call (the kernel's clock is coarse)
# Files laomap itself writes beside the inputs, never read by a build: the writers' lock, its owner record,
# and the temporary files of an atomic write (".NAME.XXXX.tmp", renamed over NAME when complete).
_NOT_INPUTS = (".laomap.lock", ".laomap.lock.owner")
NOTES_FOLDER = ".laomap-pending"  # the page's notes of an add under way (userdata.pending), beside the user's data

_digests: dict[str, tuple[tuple[Any, ...], str]] = {}
_digests_lock = threading.Lock()


# --------------------------------------------------------------------------- the key: what the inputs contain


def _is_own_temporary(name: str) -> bool:
    return name in _NOT_INPUTS or (name.startswith(".") and name.endswith(".tmp"))


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content, memoised while its identity (inode, size, mtime, ctime) stays the same."""
    st = path.stat()
    ident = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    name = str(path)
    with _digests_lock:
        hit = _digests.get(name)
    if hit is not None and hit[0] == ident:
        return hit[1]
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    settled = time.time() - max(st.st_mtime_ns, st.st_ctime_ns) / 1e9 > _RACY_S
    with _digests_lock:
        if settled:
            _digests[name] = (ident, digest)
        else:
            _digests.pop(name, None)
    return digest


def content_key(*dirs: Path) -> tuple[Any, ...]:
    """(relative name, SHA-256) of every file under each directory: changes whenever any input's content does.

    Only laomap's own lock and temporary files are left out (by exact name, see ``_NOT_INPUTS``), and
    the disk cache folder when it lies inside an input folder; nothing is left out for where it lies.
    """
    cache = _resolved(paths.cache_dir())
    out = []
    for d in dirs:
        items = []
        if d.is_dir():
            for f in sorted(d.rglob("*")):
                if _is_own_temporary(f.name) or NOTES_FOLDER in f.relative_to(d).parts or (cache is not None and _is_within(f, cache)):
                    continue
                with contextlib.suppress(FileNotFoundError):  # removed while we walked: the next call sees it gone
                    if f.is_file():
                        items.append((f.relative_to(d).as_posix(), file_digest(f)))
        out.append(tuple(items))
    return tuple(out)



def _is_within(f: Path, folder: Path) -> bool:
    """Whether ``f`` resolves inside ``folder`` (False for a path that cannot be resolved)."""
    where = _resolved(f)
    return where is not None and where.is_relative_to(folder)

def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """The laomap code and catalogs the dataset was built with, so an upgrade never serves an old build.

    The code is not an input the user edits: its names, sizes and modification times (a stat each) are enough,
    taken once per process (the code that runs is the code that was imported).
    """
    items = code_files((".py", ".po", ".csv", ".json"))
    return repr((FORMAT_VERSION, sys.version_info[:2], pd.__version__, _version("geopandas"), _version("shapely"), items))


def _version(distribution: str) -> str:
    """An installed library's version without importing it (geopandas takes half a second to import)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""



def cache_name(key: tuple[Any, ...]) -> str:
    """The cache file's name for an input state: a digest of the inputs' digests and of the code."""
    return hashlib.sha256(repr((key, _code_digest())).encode("utf-8")).hexdigest()[:32]


# --------------------------------------------------------------------------- the HMAC key


class CacheRefused(Exception):
    """The disk cache cannot be trusted here (the message says why); the dataset is built in memory instead."""


def _secret(folder: Path, create: bool) -> bytes | None:
    """This user's cache key, made on first use; refused when anyone else could read or replace it."""
    path = folder / KEY_NAME
    if create and not path.exists() and not path.is_symlink():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{KEY_NAME}.{os.getpid()}.{threading.get_ident()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, os.urandom(32))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # atomic, and never over a key another process made first
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CacheRefused(f"{path} cannot be opened ({exc.strerror or exc}): it may be a symbolic link.") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise CacheRefused(f"{path} is not a regular file.")
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise CacheRefused(f"{path} belongs to another user (uid {st.st_uid}): only a key of our own can vouch for "
                               "the cached datasets.")
        if st.st_mode & 0o077:
            raise CacheRefused(f"{path} can be read or written by other users (mode {stat.S_IMODE(st.st_mode):o}): "
                               "with it they could forge a cached dataset. Delete it (a new one is made, mode 600).")
        secret = os.read(fd, 64)
    finally:
        os.close(fd)
    if len(secret) != 32:
        raise CacheRefused(f"{path} is not a laomap cache key (32 bytes): delete it and a new one is made.")
    return secret


# --------------------------------------------------------------------------- reading and writing


def load(key: tuple[Any, ...], folder: Path | None = None) -> dict[str, Any] | None:
    """The fields of the dataset kept for exactly these inputs and this code, or None (none kept, or none we can trust).

    Fields, not a ``Dataset``: this module sits below ``dataset`` (which calls it), so the caller makes the object.
    """
    folder = Path(folder or paths.cache_dir())
    name = cache_name(key)
    path = folder / f"dataset-{name}.json"
    try:
        secret = _secret(folder, create=False)
        if secret is None:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            blob = fh.read()
    except (OSError, CacheRefused):
        return None
    head = len(MAGIC)
    if not blob.startswith(MAGIC) or len(blob) < head + 32:
        return None
    mac, payload = blob[head:head + 32], blob[head + 32:]
    if not hmac.compare_digest(mac, hmac.new(secret, payload, hashlib.sha256).digest()):
        return None  # not written by us with this key: planted, forged or damaged
    try:
        with _no_collection():
            doc, blobs = _unpack(payload)
            if doc.get("name") != name:
                return None  # ours, but for other inputs: never served in place of these
            ds = _dataset_in(doc["dataset"], blobs)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, pa.ArrowException):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # the newest used is kept longest
    return ds


@contextlib.contextmanager
def _no_collection() -> Any:
    """The cyclic garbage collector paused while the dataset's objects are made.

    Making some hundred thousand objects (places, tuples, the layers' coordinates) sets off full
    collections that walk every object already made, again and again: they cost more than the
    loading itself, and nothing made here is garbage. Reference counting still frees as usual.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def save(key: tuple[Any, ...], ds: Any, folder: Path | None = None) -> str | None:
    """Keep the dataset for the next start (atomic, authenticated). Returns why it was not kept, or None.

    A full disk or a read-only folder only costs the next build; a key that is not safe is reported.
    """
    from laomap.atomic import write_bytes
    from laomap.errors import LaomapError

    folder = Path(folder or paths.cache_dir())
    name = cache_name(key)
    try:
        secret = _secret(folder, create=True)
        if secret is None:
            return None
        data, blobs = _dataset_out(ds)
        payload = _pack({"name": name, "dataset": data}, blobs)
        mac = hmac.new(secret, payload, hashlib.sha256).digest()
        write_bytes(folder / f"dataset-{name}.json", MAGIC + mac + payload, mode=0o600)  # the user's additions are in it
        kept = sorted(folder.glob("dataset-*.json"), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except CacheRefused as exc:
        return f"The built dataset is not kept on disk: {exc}"
    except (OSError, LaomapError, TypeError, ValueError, pa.ArrowException):
        return None
    return None


def _pack(doc: dict[str, Any], blobs: dict[str, bytes]) -> bytes:
    """JSON (its length first, 8 bytes) then the Arrow tables one after another, their places named in the JSON."""
    at, places = 0, {}
    for name, blob in blobs.items():
        places[name] = [at, len(blob)]
        at += len(blob)
    head = json.dumps({**doc, "blobs": places}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return len(head).to_bytes(8, "big") + head + b"".join(blobs.values())


def _unpack(payload: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    size = int.from_bytes(payload[:8], "big")
    doc = json.loads(payload[8:8 + size])
    rest = memoryview(payload)[8 + size:]
    blobs = {name: rest[at:at + length] for name, (at, length) in doc.pop("blobs").items()}
    return doc, blobs  # type: ignore[return-value]


# --------------------------------------------------------------------------- the dataset as plain data


def _dataset_out(ds: Any) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The dataset as JSON-ready data and Arrow tables (the places' geometries as WKB in their table)."""
    import shapely

    places = pd.DataFrame(ds.places.drop(columns="geometry"))
    places["geometry"] = shapely.to_wkb(np.asarray(ds.places.geometry))
    tables = {name: _frame_out(getattr(ds, name)) for name in _TABLES}
    tables["places"] = _frame_out(places)
    points: list[list[float]] = []
    layers = _coordinates_out(ds.gazetteer.layers, points)
    tables["coordinates"] = _frame_out(pd.DataFrame(np.asarray(points, dtype=float).reshape(-1, 2), columns=["x", "y"]))
    blobs = {name: blob for name, (_, blob) in tables.items()}
    blobs["gazetteer_places"] = _places_out(list(ds.gazetteer.places.values()))
    return {
        "documents": [dataclasses.asdict(m) for m in ds.documents.values()],
        "parsed": [_document_out(d) for d in ds.parsed.values()],
        "tables": {name: meta for name, (meta, _) in tables.items()},
        "crs": ds.places.crs.to_string() if ds.places.crs is not None else None,
        "gazetteer": {
            "partnerships": [dataclasses.asdict(p) for p in ds.gazetteer.partnerships],
            "layers": layers,
            "degraded": sorted(ds.gazetteer.degraded),
            "warnings": list(ds.gazetteer.warnings),
        },
        "warnings": list(ds.warnings),
        "build_seconds": ds.build_seconds,
    }, blobs


def _dataset_in(raw: dict[str, Any], blobs: dict[str, bytes]) -> dict[str, Any]:
    """The dataset's fields; its tables, its places (a GeoDataFrame) and the gazetteer's geometries are made on first use.

    Why later: geopandas and shapely take about half a second to import and most commands never draw
    or check a geometry (``dataset.MadeOnUse``). The WKB is checked here all the same (``_checked_wkb``),
    so a damaged file is refused now, not when a page first draws the map.
    """
    metas = [DocumentMeta(**m) for m in raw["documents"]]
    tables: dict[str, Any] = {name: _frame_in(raw["tables"][name], blobs[name]) for name in _TABLES}  # each a Later
    places, coordinates = (_frame_in(raw["tables"][name], blobs[name]).make() for name in ("places", "coordinates"))
    shapes = raw["gazetteer"]["layers"]
    layers: Any = Later(lambda: _coordinates_in(shapes, coordinates.to_numpy(dtype=float).tolist()))  # only a map reads them
    wkb = _checked_wkb(places.pop("geometry"))
    crs_name = raw["crs"]
    g = raw["gazetteer"]
    gazetteer = Gazetteer(_places_in(blobs["gazetteer_places"]), [Partnership(**_frozen(p)) for p in g["partnerships"]],
                          layers, set(g["degraded"]), list(g["warnings"]))
    if list(places.place_id) != list(gazetteer.places):
        raise ValueError("the places table is not the gazetteer's")
    made: dict[str, Any] = {}

    def geometries() -> Any:
        if "geometries" not in made:
            import shapely

            made["geometries"] = shapely.from_wkb(wkb)
        return made["geometries"]

    def places_frame() -> Any:
        import geopandas as gpd

        crs = _crs(crs_name)
        geometry = gpd.GeoSeries(geometries(), index=places.index, crs=crs)
        return gpd.GeoDataFrame(places, geometry=geometry, crs=crs)

    # the geometries were resolved when the dataset was built: the places table holds them, in the gazetteer's order
    gazetteer.set_geometries(lambda: dict(zip(places.place_id, geometries())))
    return dict(documents={m.id: m for m in metas}, parsed={d.id: d for d in (_document_in(x) for x in raw["parsed"])},
                places=Later(places_frame), gazetteer=gazetteer, warnings=list(raw["warnings"]),
                build_seconds=float(raw["build_seconds"]), **tables)


def _checked_wkb(column: pd.Series) -> np.ndarray:
    """The WKB geometries as an object array, each checked for its header (byte order, a known type) without shapely."""
    wkb = np.asarray(column, dtype=object)
    for blob in wkb:
        if not isinstance(blob, (bytes, bytearray)) or len(blob) < 5 or blob[0] not in (0, 1):
            raise ValueError("a place's geometry is not WKB")
        kind = int.from_bytes(blob[1:5], "little" if blob[0] == 1 else "big") & 0xFFFF
        if kind % 1000 not in range(1, 8):
            raise ValueError("a place's geometry is not a known WKB type")
    return wkb


def _coordinates_out(value: Any, points: list[list[float]]) -> Any:
    """GeoJSON with each run of [x, y] points moved into ``points`` (a float table): a row range instead of a list.

    The layers' coordinates are most of the dataset's JSON, and parsing numbers as text is what
    made loading slow; a float column read back with ``tolist()`` is made in C.
    """
    if isinstance(value, dict):
        return {k: _coordinates_out(v, points) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(p, list) and len(p) == 2 and all(type(c) is float for c in p) for p in value):
            start = len(points)
            points.extend(value)
            return {"@points": [start, len(points)]}
        return [_coordinates_out(v, points) for v in value]
    return value


def _coordinates_in(value: Any, points: list[list[float]]) -> Any:
    """``_coordinates_out`` undone: ``points`` is the float table as one list (made by one ``tolist()``), sliced here."""
    if isinstance(value, dict):
        span = value.get("@points")
        if span is not None and len(value) == 1:
            return points[span[0]:span[1]]
        return {k: _coordinates_in(v, points) for k, v in value.items()}
    if isinstance(value, list):
        return [_coordinates_in(v, points) for v in value]
    return value


_TABLES = ("sections", "paragraphs", "commitments", "non_commitments", "links", "dates", "carried", "method_links")


@functools.lru_cache(maxsize=4)
def _crs(text: str | None) -> Any:
    """The CRS object for its name, made once (pyproj takes tens of milliseconds to make one)."""
    import pyproj

    return pyproj.CRS.from_user_input(text) if text else None


def _frozen(raw: dict[str, Any]) -> dict[str, Any]:
    """A dataclass's JSON fields with every list back to the tuple it holds (pairs such as ``names`` included)."""
    return {k: (tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list) else v) for k, v in raw.items()}


_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))
_PLACE_TUPLES = tuple(f.name for f in dataclasses.fields(Place) if str(f.type).startswith("tuple"))


def _places_out(places: list[Place]) -> bytes:
    """The gazetteer's places as one Arrow table, a column per field (tuples as lists): read back column by column,
    far faster than a JSON object per place (a thousand places and more with the districts and municipalities)."""
    table = pa.Table.from_pydict({name: [getattr(p, name) for p in places] for name in _PLACE_FIELDS})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _places_in(blob: bytes) -> dict[str, Place]:
    """``_places_out`` undone: the same ``Place`` objects (their fields set directly: the table was checked on writing
    and the file's HMAC vouches for it; ``Place.__init__`` per object would cost most of the load)."""
    with pa.ipc.open_stream(blob) as reader:
        table = reader.read_all()
    if tuple(table.column_names) != _PLACE_FIELDS:
        raise ValueError("the places' columns are not those of a Place")
    columns = {name: table.column(name).to_pylist() for name in _PLACE_FIELDS}
    for name in _PLACE_TUPLES:
        columns[name] = [_tuples(v) if v else () for v in columns[name]]
    places: dict[str, Place] = {}
    new = object.__new__
    for row in zip(*columns.values()):
        place = new(Place)
        place.__dict__.update(zip(_PLACE_FIELDS, row))
        places[place.place_id] = place
    return places


def _document_out(doc: Document) -> dict[str, Any]:
    return {"meta": dataclasses.asdict(doc.meta), "raw_text": doc.raw_text, "title": doc.title, "date_line": doc.date_line,
            "boilerplate": list(doc.boilerplate), "layout": doc.layout,
            "sections": [{**{f.name: getattr(s, f.name) for f in dataclasses.fields(Section) if f.name != "paragraphs"},
                          "paragraphs": [dataclasses.asdict(p) for p in s.paragraphs]} for s in doc.sections]}


def _document_in(raw: dict[str, Any]) -> Document:
    sections = [Section(**{**s, "paragraphs": [Paragraph(**p) for p in s["paragraphs"]]}) for s in raw["sections"]]
    return Document(DocumentMeta(**raw["meta"]), raw["raw_text"], raw["title"], raw["date_line"], sections,
                    list(raw["boilerplate"]), raw["layout"])


def _frame_out(frame: pd.DataFrame) -> tuple[dict[str, Any], bytes]:
    """A table as an Arrow IPC stream (data only), with what Arrow does not keep: each column's dtype, which held tuples."""
    if not (isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1):
        raise ValueError("only tables with a default index are kept")
    columns = []
    for name in frame.columns:
        series = frame[name]
        tuples = series.dtype == object and any(isinstance(v, tuple) for v in series)
        columns.append({"name": str(name), "dtype": str(series.dtype), "tuples": tuples})
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return {"columns": columns, "rows": len(frame)}, sink.getvalue().to_pybytes()


def _tuples(value: Any) -> Any:
    """Arrow's lists back as the tuples the dataset holds (nested ones too); the common depths without recursion."""
    if not isinstance(value, list):
        return value
    if not value or not isinstance(value[0], list):
        return tuple(value)
    if not value[0] or not isinstance(value[0][0], list):
        return tuple(map(tuple, value))
    return tuple(_tuples(v) for v in value)


def _frame_in(meta: dict[str, Any], blob: bytes) -> Later:
    """``_frame_out`` undone, as a ``Later``: the table is read and checked now, made a DataFrame on first use.

    Why later: making a pandas frame costs about a millisecond per table and column kind whatever its size, most of a
    small dataset's load, and a command reads only some tables. Made from its columns in order (one ``to_pandas`` for
    the plain ones) rather than reordered and cast in place: pandas' per-operation cost was the rest.
    """
    with pa.ipc.open_stream(blob) as reader:
        table = reader.read_all()
    names = [c["name"] for c in meta["columns"]]
    if table.column_names != names or table.num_rows != meta["rows"]:
        raise ValueError("the table's columns or rows are not those recorded")
    return Later(functools.partial(_frame_made, meta["columns"], table))


def _frame_made(columns_meta: list[dict[str, Any]], table: pa.Table) -> pd.DataFrame:
    with _no_collection():  # as when loading: the tuples made here would set off full collections of everything alive
        return _frame_of(columns_meta, table)


def _frame_of(columns_meta: list[dict[str, Any]], table: pa.Table) -> pd.DataFrame:
    tuples = {c["name"] for c in columns_meta if c["tuples"]}
    rest = table.drop_columns(list(tuples)) if tuples else table
    plain = rest.to_pandas(ignore_metadata=True)  # the dtypes are restored below: the metadata costs more than it saves
    columns: dict[str, Any] = {}
    for col in columns_meta:
        name = col["name"]
        if name in tuples:
            array = np.empty(table.num_rows, dtype=object)
            array[:] = [_tuples(v) for v in table.column(name).to_pylist()]
            columns[name] = array
        else:
            series = plain[name]
            columns[name] = series if str(series.dtype) == col["dtype"] else series.astype(col["dtype"])
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows), copy=False)
