"""What a map shows, independent of how it is drawn.

``map_layers(dataset, rows, lang)`` turns a filtered selection of statements into:

- ``areas``: the Lao provinces with the number of statements located in each (a statement
  about a city counts for the province the city is in);
- ``sites``: points for cities, airports and Japanese places, sized by count;
- ``groups``: when a selection names more Lao sites than a map can draw legibly (and send
  quickly: ``SITE_LIMIT``), those sites merged into one marker per province, which keeps
  each site with its own count (``SiteGroup.sites``); ``drawn_sites`` are the sites left;
- ``lines``: the East-West Economic Corridor and the Mekong, with their counts;
- ``arcs``: Japanese partners linked to their Lao counterparts where the selection names both;
- ``trays``: statements that name only a whole country or a wider region ("whole country"),
  which have no honest point on the map;
- ``unplaced``: statements that name no place at all.

The folium map (webmap) and the exported image (staticmap) both draw these, so for the
same filter they always show the same content.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset, Recent
    from laomap.pipeline.gazetteer import Gazetteer

POINT_KINDS = ("city", "capital", "airport", "bridge", "border_crossing", "district", "dam", "facility", "landmark")
LINE_KINDS = ("corridor", "river_basin", "road")
CONTEXT_LINE_KINDS = ("corridor", "river_basin")  # lines drawn even where no statement of the selection names them
TRAY_KINDS = ("country", "region")
LAOS_BOUNDS = (100.0, 13.8, 107.8, 22.6)  # lon/lat box of the Lao PDR with a small margin
# More Lao sites than this are grouped per province: the real plans name 16, a corpus of 10,000
# statements over 500 places names about 500, whose markers, labels and popups would be 1.4 MB of map.
SITE_LIMIT = 100


def is_line(place: Any) -> bool:
    """Whether a place is drawn as its line: a river, the corridor, a road of roads.geojson (a road a user placed by a point
    is drawn at its point)."""
    return place.kind in LINE_KINDS and place.geometry_ref != "point"


@dataclass(frozen=True)
class Area:
    place_id: str
    name: str
    iso3166_2: str
    count: int
    geometry: BaseGeometry
    statement_ids: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    place_id: str
    name: str
    kind: str
    country: str
    precision_code: int
    lat: float
    lon: float
    count: int
    role: str  # site | partner | mention (the strongest role any selected statement gives it)
    statement_ids: tuple[str, ...]


@dataclass(frozen=True)
class SiteGroup:
    """The Lao sites of one province as one marker, for selections naming too many sites to draw one by one."""

    province_id: str
    name: str  # the province's name
    lat: float  # the province's label point (inside its polygon)
    lon: float
    sites: tuple[Site, ...]  # most statements first
    statement_ids: tuple[str, ...]  # the distinct statements naming any of the sites

    @property
    def count(self) -> int:
        """Distinct statements (a statement naming two of the sites counts once)."""
        return len(self.statement_ids)

    @property
    def site_count(self) -> int:
        """The sum of the sites' own counts, as the ungrouped markers would have shown them."""
        return sum(s.count for s in self.sites)


@dataclass(frozen=True)
class Line:
    place_id: str
    name: str
    kind: str
    precision_code: int
    geometry: BaseGeometry
    count: int
    statement_ids: tuple[str, ...]


@dataclass(frozen=True)
class Arc:
    japan_place_id: str
    lao_place_id: str
    japan_name: str
    lao_name: str
    relation: str
    japan_latlon: tuple[float, float]
    lao_latlon: tuple[float, float]
    statement_ids: tuple[str, ...]


@dataclass(frozen=True)
class Tray:
    place_id: str
    name: str
    kind: str
    country: str
    statement_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.statement_ids)


@dataclass
class MapLayers:
    lang: str
    areas: list[Area]
    sites: list[Site]
    lines: list[Line]
    arcs: list[Arc]
    trays: list[Tray]
    unplaced: tuple[str, ...]
    statements: pd.DataFrame  # the selection, indexed by statement_id
    basemap: dict[str, Any]  # GeoJSON of the context countries
    total: int
    include_mentions: bool = False
    notes: list[str] = field(default_factory=list)
    groups: list[SiteGroup] = field(default_factory=list)
    activities: list[Site] = field(default_factory=list)  # the places of IATI activities, drawn apart (their own mark)
    memo: Recent | None = field(default=None, repr=False, compare=False)  # the dataset's cache for drawing these layers

    @property
    def max_area_count(self) -> int:
        return max((a.count for a in self.areas), default=0)

    @property
    def max_site_count(self) -> int:
        return max((s.count for s in self.sites), default=0)

    @property
    def lao_sites(self) -> list[Site]:
        return [s for s in self.sites if s.country == "LA"]

    @property
    def japan_sites(self) -> list[Site]:
        return [s for s in self.sites if s.country == "JP"]

    @property
    def drawn_sites(self) -> list[Site]:
        """The sites drawn one by one: all of them unless some are merged into ``groups``."""
        grouped = {s.place_id for group in self.groups for s in group.sites}
        return [s for s in self.sites if s.place_id not in grouped] if grouped else list(self.sites)

    @property
    def max_group_count(self) -> int:
        return max((grp.count for grp in self.groups), default=0)

    @property
    def mapped(self) -> int:
        """Statements that appear on the map itself (an area, a point or a line)."""
        ids = {i for a in self.areas for i in a.statement_ids} | {i for s in self.sites for i in s.statement_ids}
        ids |= {i for line in self.lines for i in line.statement_ids} | {i for s in self.activities for i in s.statement_ids}
        return len(ids)


def map_layers(ds: Dataset, rows: pd.DataFrame, lang: str = "en", include_mentions: bool = False,
               site_limit: int | None = SITE_LIMIT) -> MapLayers:
    """The layers for a filtered selection (``rows`` as returned by ``filters.apply``).

    Above ``site_limit`` Lao sites (None: no limit), they are grouped per province (``groups``).
    """
    g = ds.gazetteer
    roles_shown = ("site", "partner", "mention") if include_mentions else ("site", "partner")
    by_area: dict[str, list[str]] = defaultdict(list)
    by_site: dict[str, list[str]] = defaultdict(list)
    site_role: dict[str, str] = {}
    by_line: dict[str, list[str]] = defaultdict(list)
    by_tray: dict[str, list[str]] = defaultdict(list)
    arcs: dict[tuple[str, str], list[str]] = defaultdict(list)
    unplaced: list[str] = []
    rank = {"partner": 0, "site": 1, "mention": 2}

    by_activity: dict[str, list[str]] = defaultdict(list)
    activity_role: dict[str, str] = {}
    kinds = rows.kind if "kind" in rows else [""] * len(rows)
    for sid, ids, roles, kind in zip(rows.statement_id, rows.place_ids, rows.place_roles, kinds):
        shown = [(p, r) for p, r in zip(ids, roles) if r in roles_shown and p in g.places]
        if not shown:
            unplaced.append(sid)
            continue
        areas_here = set()
        for pid, role in shown:
            place = g.places[pid]
            province = g.lao_province_of(pid)
            if province and role != "mention":
                areas_here.add(province)
            if is_line(place):
                by_line[pid].append(sid)
            elif place.kind in TRAY_KINDS:
                by_tray[pid].append(sid)
            elif kind == "activity" and place.lat == place.lat:  # at its point (a province: its centre)
                by_activity[pid].append(sid)  # an agency's activity: its own mark, apart from the plans' sites
                if pid not in activity_role or rank[role] < rank[activity_role[pid]]:
                    activity_role[pid] = role
            elif place.geometry_ref.startswith("lao_provinces:") and place.kind != "province":
                pass  # known only to its province (a district without a seat point): counted in the province's area
            elif place.kind in POINT_KINDS or place.kind in LINE_KINDS or (place.kind == "province" and place.country != "LA"):
                by_site[pid].append(sid)
                if pid not in site_role or rank[role] < rank[site_role[pid]]:
                    site_role[pid] = role
        for province in areas_here:
            by_area[province].append(sid)
        linked = {p for p, r in shown if r != "mention"}
        for ps in g.partnerships:
            lao_ids = {ps.lao_place_id, *(x for x in linked if ps.lao_place_id in g.ancestors(x))}
            if ps.japan_place_id in linked and linked & lao_ids:
                arcs[(ps.japan_place_id, ps.lao_place_id)].append(sid)

    areas = []
    for lao_province in sorted(g.provinces("LA"), key=lambda p: p.place_id):
        try:
            geometry = g.geometry(lao_province.place_id)
        except KeyError:
            continue
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            continue  # a province without a polygon (Xaisomboun) is counted in no area
        ids = tuple(by_area.get(lao_province.place_id, ()))
        areas.append(Area(lao_province.place_id, lao_province.name(lang), lao_province.iso3166_2, len(ids), geometry, ids))
    sites = [
        Site(pid, g.places[pid].name(lang), g.places[pid].kind, g.places[pid].country, g.places[pid].precision_code,
             g.places[pid].lat, g.places[pid].lon, len(ids), site_role[pid], tuple(ids))
        for pid, ids in sorted(by_site.items())
    ]
    activities = [
        Site(pid, g.places[pid].name(lang), g.places[pid].kind, g.places[pid].country, g.places[pid].precision_code,
             g.places[pid].lat, g.places[pid].lon, len(ids), activity_role[pid], tuple(ids))
        for pid, ids in sorted(by_activity.items())
    ]
    lines = []
    for pid in sorted({p.place_id for p in g.places.values() if is_line(p)}):
        place = g.places[pid]
        ids = tuple(by_line.get(pid, ()))
        if not ids and place.kind not in CONTEXT_LINE_KINDS:
            continue  # a road is drawn where the selection names it; the river and the corridor always, as the map's context
        lines.append(Line(pid, place.name(lang), place.kind, place.precision_code, g.geometry(pid), len(ids), ids))
    arc_list = []
    for (jp, lao), ids in sorted(arcs.items()):
        ps = next(p for p in g.partnerships if p.japan_place_id == jp and p.lao_place_id == lao)
        a, b = g.places[jp], g.places[lao]
        arc_list.append(Arc(jp, lao, a.name(lang), b.name(lang), ps.relation(lang),
                            (a.lat, a.lon), (b.lat, b.lon), tuple(dict.fromkeys(ids))))
    tray_order = {"lao_pdr": 0, "japan": 1}
    trays = [
        Tray(pid, g.places[pid].name(lang), g.places[pid].kind, g.places[pid].country, tuple(ids))
        for pid, ids in sorted(by_tray.items(), key=lambda kv: (tray_order.get(kv[0], 2), kv[0]))
    ]
    return MapLayers(
        lang=lang, areas=areas, sites=sites, lines=lines, arcs=arc_list, trays=trays, unplaced=tuple(unplaced),
        statements=rows.set_index("statement_id", drop=False), basemap=g.layers.get("countries", {}),
        total=len(rows), include_mentions=include_mentions, groups=group_sites(sites, g, lang, site_limit), activities=activities,
        memo=ds.recent("drawing", 4096),
    )


def group_sites(sites: list[Site], gazetteer: Gazetteer, lang: str, limit: int | None = SITE_LIMIT) -> list[SiteGroup]:
    """One group per Lao province holding its sites, when there are more than ``limit`` Lao sites; else none.

    A group sits at its province's label point, so it never pretends to be a place of its own;
    every site keeps its own count inside it. Japanese sites are few and stay as they are.
    """
    lao = [s for s in sites if s.country == "LA"]
    if limit is None or len(lao) <= limit:
        return []
    members: dict[str, list[Site]] = defaultdict(list)
    for site in lao:
        province = gazetteer.lao_province_of(site.place_id)
        if province in gazetteer.places:
            members[province].append(site)
    groups = []
    for province, inside in sorted(members.items()):
        place = gazetteer.places[province]
        ranked = tuple(sorted(inside, key=lambda s: (-s.count, s.name, s.place_id)))
        ids = tuple(dict.fromkeys(i for s in ranked for i in s.statement_ids))
        groups.append(SiteGroup(province, place.name(lang), place.lat, place.lon, ranked, ids))
    return groups


def hit_test(layers: MapLayers, lat: float, lon: float, tolerance_deg: float = 0.02) -> str | None:
    """The place under a clicked point: a site marker first, then the province containing it."""
    from shapely.geometry import Point

    for group in layers.groups:  # a group marker selects its province
        if abs(group.lat - lat) <= tolerance_deg and abs(group.lon - lon) <= tolerance_deg:
            return group.province_id
    for site in layers.drawn_sites:
        if abs(site.lat - lat) <= tolerance_deg and abs(site.lon - lon) <= tolerance_deg:
            return site.place_id
    pt = Point(lon, lat)
    for area in layers.areas:
        if area.geometry.contains(pt):
            return area.place_id
    return None


def focus(layers: MapLayers, places: tuple[str, ...] | list[str], gazetteer: Gazetteer) -> MapLayers:
    """The layers of a place filter drawn for that place: only it (and what lies in it) keeps its count.

    A selection by place holds statements that also name other places; drawn as they are, the
    map of Luang Prabang would shade Vientiane and every Japanese partner. Here the other
    provinces and lines stay as context with no count, the sites shown are the selected ones
    and those inside a selected province, and the links to Japan are those of the selected places.
    """
    chosen = set(places)
    if not chosen:
        return layers
    inside = {pid for pid in chosen if pid in gazetteer.places}
    provinces = {gazetteer.lao_province_of(pid) for pid in inside} - {None}

    def kept(place_id: str) -> bool:
        return place_id in chosen or (place_id in gazetteer.places and gazetteer.lao_province_of(place_id) in chosen)

    areas = [a if a.place_id in chosen | provinces else replace(a, count=0, statement_ids=()) for a in layers.areas]
    lines = [line if line.place_id in chosen else replace(line, count=0, statement_ids=()) for line in layers.lines]
    arcs = [arc for arc in layers.arcs if kept(arc.lao_place_id) or arc.japan_place_id in chosen]
    linked = {arc.japan_place_id for arc in arcs}
    sites = [s for s in layers.sites if (s.country == "LA" and kept(s.place_id)) or s.place_id in chosen or s.place_id in linked]
    groups = [g for g in layers.groups if g.province_id in provinces or g.province_id in chosen]
    return replace(layers, areas=areas, lines=lines, arcs=arcs, sites=sites, groups=groups)
