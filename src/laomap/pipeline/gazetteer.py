"""Places and geocoding: the gazetteer in geodata/, its geometries, and matching names in text.

Each link between a statement and a place has a role:

- ``site``: where the commitment happens;
- ``partner``: a Japanese counterpart of a Lao place named in the same statement, as listed
  in geodata/partnerships.csv (Kyoto for Vientiane, Takayama for Luang Prabang, CO-OP
  Okinawa for Attapeu);
- ``mention``: the place only occurs inside a programme or event name ("Osaka Blue Ocean
  Vision", "Tokyo 2020"); not mapped by default.

Countries are matched only where the text uses them as a location ("in the Lao PDR",
"ラオスにおける"): "Japan affirmed" or "日ラオス" name a party, not a place. When a statement
names a place and also its container (Takayama and Gifu, Kyoto and Japan) only the most
specific place is kept, so a commitment sits in the "whole country" tray only when it names
no more precise place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from laomap.errors import GazetteerError
from laomap.i18n import pick
from laomap.pipeline.later import MadeOnUse
from laomap.pipeline.namematch import NameMatcher
from laomap.textnorm import fold, normalise

if TYPE_CHECKING:  # pydantic and shapely are imported where a row is checked or a geometry made: a command that needs
    # neither (values, links, a CSV export from the kept dataset) loads without them (issue 29)
    from pydantic import BaseModel
    from shapely.geometry.base import BaseGeometry

KINDS = ("country", "province", "city", "capital", "corridor", "river_basin", "airport", "region", "bridge", "border_crossing",
         "district", "dam", "facility", "road", "landmark")
ROLES = ("site", "partner", "mention")
PLACE_ID = re.compile(r"[a-z][a-z0-9_]{1,63}")  # a place id: a slug that is also a safe file-system and URL name


def place_slug(name: str | None) -> str:
    """The place id an English name suggests ('Bolaven Plateau' -> bolaven_plateau), or "" when it makes none (a
    Japanese or Lao name, a name starting with a digit): one rule for the review's suggestion and ``add-place``."""
    slug = re.sub(r"[^a-z0-9]+", "_", fold(name or "").lower()).strip("_")
    return slug if PLACE_ID.fullmatch(slug) else ""

PRECISION_CODES = {
    1: "exact location",
    2: "near (within ~25 km)",
    3: "second-order division / municipality",
    4: "first-order division (province, prefecture)",
    5: "estimated, or along a line (corridor, river, road)",
    6: "country or larger region",
    7: "unclear",
    8: "seat of a national capital",
}
GAZETTEER_COLUMNS = (
    "place_id", "name_en", "name_ja", "aliases_en", "aliases_ja", "mention_in_en", "mention_in_ja", "kind", "country",
    "iso3166_2", "precision_code", "lat", "lon", "geometry_ref", "parent_id", "source", "notes", "geonames_id",
)
LAYER_FILES = {
    "lao_provinces": "lao_provinces.geojson",
    "japan_prefectures": "japan_prefectures.geojson",
    "countries": "countries.geojson",
    "mekong": "mekong.geojson",
    "corridor_ewec": "corridor_ewec.geojson",
    "roads": "roads.geojson",  # schematic lines of national roads through their GeoNames towns (geodata/roads.csv)
}
# The gazetteer's columns per language: a place's name and its aliases (the spellings text is matched by). A language
# without columns of its own (Lao: its names come from names_lo.csv) files a name it brings under English's.
NAME_COLUMNS = {"en": "name_en", "ja": "name_ja"}
ALIAS_COLUMNS = {"en": "aliases_en", "ja": "aliases_ja"}
CASELESS = frozenset({"en"})  # the languages whose aliases are matched without regard to case


def name_column(lang: str) -> str:
    """The gazetteer column a name in ``lang`` is filed under: its own, else English's."""
    return NAME_COLUMNS.get(lang, NAME_COLUMNS["en"])


def name_columns(name: str, lang: str) -> dict[str, str]:
    """Every name column of a new place: ``name`` under its language's (``name_column``), the others empty."""
    return {**dict.fromkeys(NAME_COLUMNS.values(), ""), name_column(lang): name}


PARTNERSHIPS = "partnerships"  # in ``Gazetteer.degraded`` when partnerships.csv could not be read (lenient loading)


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split(";") if x.strip())


@functools.cache
def place_row_model() -> type[BaseModel]:
    """The validation model of a gazetteer row (``PlaceRow``), made on first use: pydantic costs a fifth of a second to
    import, and a dataset read back from the disk cache validates no row."""
    from pydantic import BaseModel, field_validator, model_validator

    class PlaceRow(BaseModel):
        """One gazetteer row, validated: ids, kinds, codes and coordinates (lat/lon order!)."""

        place_id: str
        name_en: str
        name_ja: str
        aliases_en: tuple[str, ...] = ()
        aliases_ja: tuple[str, ...] = ()
        mention_in_en: tuple[str, ...] = ()
        mention_in_ja: tuple[str, ...] = ()
        kind: str
        country: str
        iso3166_2: str = ""
        precision_code: int
        lat: float
        lon: float
        geometry_ref: str
        parent_id: str = ""
        source: str = ""
        notes: str = ""
        geonames_id: int = 0  # the GeoNames feature that is this place (IATI's location-id vocabulary G1); 0 for none

        @field_validator("geonames_id", mode="before")
        @classmethod
        def _no_id(cls, v: object) -> object:
            return 0 if v in ("", None) else v

        @field_validator("aliases_en", "aliases_ja", "mention_in_en", "mention_in_ja", mode="before")
        @classmethod
        def _lists(cls, v: object) -> object:
            return _split(v) if isinstance(v, str) else v

        @field_validator("place_id")
        @classmethod
        def _slug(cls, v: str) -> str:
            if not PLACE_ID.fullmatch(v):
                raise ValueError(f"expected a slug of lowercase letters, digits and '_', got {v!r}")
            return v

        @field_validator("kind")
        @classmethod
        def _kind(cls, v: str) -> str:
            if v not in KINDS:
                raise ValueError(f"expected one of {', '.join(KINDS)}, got {v!r}")
            return v

        @field_validator("country")
        @classmethod
        def _country(cls, v: str) -> str:
            if v and not re.fullmatch(r"[A-Z]{2}", v):
                raise ValueError(f"expected an ISO 3166-1 alpha-2 code such as LA or JP, got {v!r}")
            return v

        @field_validator("precision_code")
        @classmethod
        def _precision(cls, v: int) -> int:
            if v not in PRECISION_CODES:
                raise ValueError(f"expected an IATI/UCDP precision code {sorted(PRECISION_CODES)}, got {v}")
            return v

        @model_validator(mode="after")
        def _coordinates(self) -> PlaceRow:
            if not -90 <= self.lat <= 90:
                raise ValueError(f"lat {self.lat} is outside [-90, 90] (are lat and lon swapped?)")
            if not -180 <= self.lon <= 180:
                raise ValueError(f"lon {self.lon} is outside [-180, 180]")
            if not self.country and self.kind != "region":
                raise ValueError("country is required (only a region spanning several countries may leave it empty)")
            if self.iso3166_2 and not self.iso3166_2.startswith(self.country + "-"):
                raise ValueError(f"iso3166_2 {self.iso3166_2!r} does not belong to country {self.country}")
            if not self.aliases_en and not self.aliases_ja:
                raise ValueError("a place needs at least one English or Japanese alias")
            return self

    return PlaceRow


def __getattr__(name: str) -> Any:
    """``PlaceRow``, the row model, made when first asked for (``place_row_model``)."""
    if name == "PlaceRow":
        return place_row_model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Place:
    place_id: str
    name_en: str
    name_ja: str
    aliases_en: tuple[str, ...]
    aliases_ja: tuple[str, ...]
    mention_in_en: tuple[str, ...]
    mention_in_ja: tuple[str, ...]
    kind: str
    country: str
    iso3166_2: str
    precision_code: int
    lat: float
    lon: float
    geometry_ref: str
    parent_id: str
    source: str = ""
    notes: str = ""
    geonames_id: int = 0  # the GeoNames feature that is this place (a town, a district, a country); 0 when it has none
    user_added: bool = False
    names: tuple[tuple[str, str], ...] = ()  # (language, name) in the other interface languages (geodata/names_<lang>.csv)
    aliases_more: tuple[str, ...] = ()  # their other spellings, for search (ຫົວພັນ for ແຂວງຫົວພັນ)

    def name(self, lang: str) -> str:
        """The name in ``lang``, else in English, else in any language the gazetteer has."""
        return pick({"en": self.name_en, "ja": self.name_ja, **dict(self.names)}, lang)


@dataclass(frozen=True)
class PlaceLink:
    place_id: str
    role: str
    text: str  # the original characters that named it ("" if it came from the twin text)
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Partnership:
    japan_place_id: str
    lao_place_id: str
    relation_en: str
    relation_ja: str
    document_section: str
    relations: tuple[tuple[str, str], ...] = ()  # (language, relation) from further relation_<lang> columns (relation_lo)

    def relation(self, lang: str) -> str:
        """The relation in ``lang``, else in English."""
        return pick({"en": self.relation_en, "ja": self.relation_ja, **dict(self.relations)}, lang)


_EN_LOCATIVE = re.compile(
    r"\b(?:in|to|into|within|throughout|across|from|for|at|inside|around|visit(?:s|ed|ing)? to)\s+(?:the\s+)?$", re.I
)
_JA_LOCATIVE_AFTER = re.compile(r"^(?:人民民主共和国)?(?:国内|全土|各地|において|における|で(?!は)|へ|に(?!よ|とって|は)|から)")
_JA_LOCATIVE_BEFORE = re.compile(r"(?:訪|在|来|駐)$")


@dataclass
class Gazetteer:
    places: dict[str, Place]
    partnerships: list[Partnership]
    # raw GeoJSON of geodata/*.geojson; the disk cache gives it as ``Later`` (its coordinates are made on first use)
    layers: dict[str, dict[str, Any]]
    # what was missing or corrupt and left out (lenient loading): layer names, and PARTNERSHIPS for partnerships.csv
    degraded: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ hierarchy

    def ancestors(self, place_id: str) -> list[str]:
        out, seen = [], {place_id}
        parent = self.places[place_id].parent_id
        while parent and parent in self.places and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.places[parent].parent_id
        return out

    def lao_province_of(self, place_id: str) -> str | None:
        """The Lao province (ADM1) a place lies in, for the choropleth; None for lines and the country."""
        for pid in [place_id, *self.ancestors(place_id)]:
            p = self.places[pid]
            if p.kind == "province" and p.country == "LA":
                return pid
        return None

    def provinces(self, country: str = "LA") -> list[Place]:
        return [p for p in self.places.values() if p.kind == "province" and p.country == country]

    # ------------------------------------------------------------------ geometry

    def geometry(self, place_id: str) -> BaseGeometry:
        """The full geometry of a place: polygon, line or point, from its geometry_ref."""
        return self._geometries[place_id]

    def set_geometries(self, make: Callable[[], dict[str, BaseGeometry]]) -> None:
        """Take the geometries from ``make()`` on first use instead of resolving the layers (the disk cache keeps them)."""
        self.__dict__.pop("_geometries", None)
        self.__dict__["_made_geometries"] = make

    @cached_property
    def _geometries(self) -> dict[str, BaseGeometry]:
        made = self.__dict__.get("_made_geometries")
        if made is not None:
            return made()  # type: ignore[no-any-return]
        # many places share one area (a district known only by its province): each reference is resolved once
        shared: dict[str, BaseGeometry] = {}
        out = {}
        for pid, p in self.places.items():
            if p.geometry_ref == "point":
                out[pid] = self._resolve(p)
            else:
                if p.geometry_ref not in shared:
                    shared[p.geometry_ref] = self._resolve(p)
                out[pid] = shared[p.geometry_ref]
        return out

    def country_at(self, lat: float, lon: float) -> str | None:
        """The ISO code of the country whose known boundary contains the point, or None (outside every known one)."""
        from shapely.geometry import Point

        pt = Point(lon, lat)
        return next((code for code, geom in self.country_shapes.items() if geom.contains(pt)), None)

    @cached_property
    def country_shapes(self) -> dict[str, BaseGeometry]:
        """Each country's known boundary by ISO code, made once: placing a point and checking the places both ask it."""
        return {f["properties"].get("iso_a2"): geom for f, geom in zip(self._features("countries"), self._shapes("countries"))
                if f["properties"].get("iso_a2")}

    @cached_property
    def _layer_shapes(self) -> dict[str, list[BaseGeometry]]:
        return {}

    def _shapes(self, layer: str) -> list[BaseGeometry]:
        """The geometries of a layer's features, in feature order, made once (a polygon of many vertices is costly to make)."""
        if layer not in self._layer_shapes:
            from shapely.geometry import shape

            self._layer_shapes[layer] = [shape(f["geometry"]) for f in self._features(layer)]
        return self._layer_shapes[layer]

    def _features(self, layer: str) -> list[dict[str, Any]]:
        features: list[dict[str, Any]] = self.layers.get(layer, {}).get("features", [])
        return features

    def _resolve(self, place: Place) -> BaseGeometry:
        from shapely.geometry import Point
        from shapely.ops import unary_union

        ref = place.geometry_ref
        if ref == "point":
            return Point(place.lon, place.lat)
        layer, _, keys = ref.partition(":")
        if layer in self.degraded:
            return Point(place.lon, place.lat)
        if layer not in LAYER_FILES:
            raise GazetteerError.of("err.gaz_layer", id=place.place_id, ref=ref, layers=", ".join(LAYER_FILES))
        features = self._features(layer)
        if not keys:
            geoms = list(self._shapes(layer))
        else:
            wanted = set(keys.split(";"))
            geoms = [
                geom for f, geom in zip(features, self._shapes(layer))
                if f["properties"].get("place_id") in wanted or f["properties"].get("iso_a2") in wanted
            ]
            found = {f["properties"].get("place_id") for f in features} | {f["properties"].get("iso_a2") for f in features}
            missing = wanted - found
            if missing:
                raise GazetteerError.of("err.gaz_ref_missing", id=place.place_id, ref=ref, keys=sorted(missing), file=LAYER_FILES[layer])
        if not geoms:
            raise GazetteerError.of("err.gaz_ref_empty", id=place.place_id, ref=ref)
        return geoms[0] if len(geoms) == 1 else unary_union(geoms)

    # ------------------------------------------------------------------ matching

    @cached_property
    def _alias_index(self) -> dict[str, tuple[NameMatcher, dict[str, str]]]:
        index = {}
        for lang, column in ALIAS_COLUMNS.items():
            owner: dict[str, str] = {}
            for p in self.places.values():
                for alias in getattr(p, column):
                    key = fold(alias).lower() if lang in CASELESS else fold(alias)
                    owner.setdefault(key, p.place_id)
            index[lang] = (NameMatcher.of(owner, lang), owner)
        return index

    @cached_property
    def _mention_index(self) -> dict[str, list[tuple[re.Pattern[str], str]]]:
        index: dict[str, list[tuple[re.Pattern[str], str]]] = {"en": [], "ja": []}
        for p in self.places.values():
            for name in p.mention_in_en:
                index["en"].append((re.compile(rf"(?<![\w-]){re.escape(fold(name))}", re.I), p.place_id))
            for name in p.mention_in_ja:
                index["ja"].append((re.compile(re.escape(fold(name))), p.place_id))
        return index

    @cached_property
    def _geonames_index(self) -> dict[int, str]:
        """GeoNames id -> the place that is that GeoNames feature (the first one listed, if two share it)."""
        index: dict[int, str] = {}
        for p in self.places.values():
            if p.geonames_id:
                index.setdefault(p.geonames_id, p.place_id)
        return index

    def match(self, text: str, lang: str) -> list[PlaceLink]:
        """Every place named in ``text`` with a provisional role (site or mention).

        A place is also named by its GeoNames id written as "GeoNames 1653316" (an IATI location's
        ``location-id`` of vocabulary G1, as ``ingest.iati`` writes it), whatever name goes with it.
        """
        norm = normalise(text)
        folded = norm.text
        links: list[PlaceLink] = []
        for m in _GEONAMES_REF.finditer(folded):
            pid = self._geonames_index.get(int(m.group(1)))
            if pid is not None:
                a, b = norm.span(*m.span())
                links.append(PlaceLink(pid, "site", norm.original[a:b], a, b))
        mention_spans: list[tuple[int, int]] = []
        for rx, pid in self._mention_index.get(lang, []):
            for m in rx.finditer(folded):
                mention_spans.append(m.span())
                a, b = norm.span(*m.span())
                links.append(PlaceLink(pid, "mention", norm.original[a:b], a, b))
        matcher, owner = self._alias_index[lang]
        for hit in matcher.finditer(folded):
            start, end = hit.start, hit.end
            if any(s <= start < e for s, e in mention_spans):
                continue
            place = self.places[owner[hit.key]]
            if place.kind == "country" and not self._locative(folded, start, hit.name_end, lang):
                continue
            a, b = norm.span(start, end)
            links.append(PlaceLink(place.place_id, "site", norm.original[a:b], a, b))
        links.sort(key=lambda link: link.start)
        return links

    @staticmethod
    def _locative(folded: str, start: int, end: int, lang: str) -> bool:
        if lang == "ja":
            return bool(_JA_LOCATIVE_AFTER.match(folded[end:end + 8]) or _JA_LOCATIVE_BEFORE.search(folded[max(0, start - 1):start]))
        if folded[end:end + 2] == "'s":  # "the Lao PDR's support" names a party
            return False
        return bool(_EN_LOCATIVE.search(folded[max(0, start - 40):start]))

    def resolve(self, links: list[PlaceLink]) -> list[PlaceLink]:
        """Final links of one statement: partners marked, containers dropped, one link per place."""
        best: dict[str, PlaceLink] = {}
        rank = {"partner": 0, "site": 1, "mention": 2}
        for link in links:
            if link.place_id not in self.places:
                continue
            old = best.get(link.place_id)
            if old is None or rank[link.role] < rank[old.role] or (rank[link.role] == rank[old.role] and not old.text and link.text):
                best[link.place_id] = link
        for pid in self._roads_elsewhere(best):
            del best[pid]
        located = {pid for pid, link in best.items() if link.role != "mention"}
        for pid in list(best):
            link = best[pid]
            if link.role != "site":
                continue
            for ps in self.partnerships:
                if ps.japan_place_id == pid and (ps.lao_place_id in located or any(
                        ps.lao_place_id in self.ancestors(other) for other in located)):
                    best[pid] = PlaceLink(pid, "partner", link.text, link.start, link.end)
        contained = {a for pid in located for a in self.ancestors(pid)}
        kept = [link for pid, link in best.items() if not (link.role != "mention" and pid in contained)]
        return sorted(kept, key=lambda link: (rank[link.role], link.start))


    def _roads_elsewhere(self, best: dict[str, PlaceLink]) -> list[str]:
        """Roads named by a number that another country's road also has: "国道9号" in a sentence about Kyoto is Japan's
        Route 9, not the Lao one. A road is dropped when the statement names a place below country level in another
        country and none in the road's own ("Route 9 in Savannakhet" keeps it; so does "trained in Japan")."""
        local = {self.places[pid].country for pid in best
                 if self.places[pid].kind not in ("country", "road", "region", "corridor", "river_basin")}
        return [pid for pid in best if self.places[pid].kind == "road" and local and self.places[pid].country not in local]


_GEONAMES_REF = re.compile(r"\bGeoNames (\d{1,12})\b")


MadeOnUse.install(Gazetteer, "layers")  # the disk cache gives the layers as ``Later``: made when a map reads them
