"""MapLayers -> folium map, served with local Leaflet assets so it works with no internet.

The map is a plain ``folium.Map`` (so streamlit-folium and the HTML export can both use
it) carrying one small script that draws every layer from a single JSON document. That
keeps the HTML small, makes it the same bytes for the same selection (streamlit-folium
only reloads the map when its content changes), and gives every clickable object its own
tooltip, which is how a click is traced back to a place (``place_for_click``).

Every piece of text that reaches the browser (names, statements, citations) is
HTML-escaped here, because Leaflet treats tooltip and popup strings as HTML, and then
travels as JSON, which a backtick or ``${`` cannot break out of.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import folium
from branca.element import MacroElement
from folium.map import FitBounds
from jinja2 import Template
from shapely.geometry import MultiPolygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry

from laomap.i18n import original_note, pick_field, t
from laomap.maps.webboxes import (
    asset_text,
    atlas_css,
    count_point,
    drawable_line,
    fit_points,
    group_labels,
    legend_html,
    memoised,
    trays_html,
)
from laomap.style import (
    ACTIVITY,
    CORRIDOR,
    COUNTRY_EDGE,
    COUNTRY_FILL,
    EXACT_EDGE,
    JAPAN_POINT,
    LAO_POINT,
    LAOS_EDGE,
    MUTED,
    PRECISION_STYLES,
    RIVER,
    ROAD,
    SELECTED_EDGE,
    WHITE,
    colour_for,
    count_classes,
    point_radius,
)
from laomap.templates import Markup, render
from laomap.views.details import statement_card
from laomap.views.layers import LAOS_BOUNDS, Area, MapLayers, Site, SiteGroup, hit_test

DEFAULT_ASSET_BASE = "/app/static/vendor/leaflet"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
POPUP_LIMIT = 5
GROUP_POPUP_LIMIT = 8  # places listed in a province group's popup
BASEMAP_BOX = (88.0, 5.0, 147.0, 47.0)  # what the base map keeps of the context countries (lon/lat)
MIN_ISLAND = 0.02  # square degrees (about 250 km²): smaller islands are left out of the base map
JAPAN_BOUNDS = ((24.0, 122.9), (45.6, 146.0))  # south-west, north-east (lat, lon) of the inset


# --------------------------------------------------------------------------- text


def _n_statements(n: int, lang: str) -> str:
    return t("map.statement_1", lang) if n == 1 else t("map.statements_n", lang, n=n)


def area_name(area: Area, lang: str) -> str:
    """A province's name that cannot be confused with a city of the same name (Luang Prabang)."""
    if area.name.endswith(("Province", "Capital", "Prefecture")):
        return area.name
    return t("map.province_title", lang, name=area.name)


def tooltip_text(name: str, count: int, lang: str) -> str:
    """The (unescaped) tooltip of a map object; each clickable object has a distinct one."""
    return f"{name} · {_n_statements(count, lang)}"


def statement_html(layers: MapLayers, statement_ids: Iterable[str], ds, limit: int = POPUP_LIMIT) -> str:
    """Escaped HTML listing statements with their citations, for a popup: the cards of the panels (one template)."""
    ids = list(statement_ids)
    lang = layers.lang
    rows = [layers.statements.loc[sid] for sid in ids[:limit]]
    cards = [statement_card(ds, row, lang, original_note(row["language"], lang)) for row in rows]
    more = t("and_more", lang, n=len(ids) - limit) if len(ids) > limit else ""
    return render("statement_cards.html", cards=cards, more=more)


def _group_title(group: SiteGroup, lang: str) -> str:
    """The group's province as a heading: 'Attapeu Province' (Japanese names already say 県)."""
    if group.name.endswith(("Province", "Capital", "Prefecture")):
        return group.name
    return t("map.province_title", lang, name=group.name)


def group_tooltip(group: SiteGroup, lang: str) -> str:
    """The (unescaped) tooltip of a province group: its province, how many places, how many statements."""
    return f"{_group_title(group, lang)}{t('fmt.colon', lang)}{t('map.places_n', lang, n=len(group.sites))} · {_n_statements(group.count, lang)}"


def _group_popup(group: SiteGroup, lang: str, limit: int = GROUP_POPUP_LIMIT) -> str:
    """Escaped HTML (``templates/map_popup.html``): the group's province and its busiest places with their counts
    (the rest as "and N more")."""
    more = t("map.more_places", lang, n=len(group.sites) - limit) if len(group.sites) > limit else ""
    return render("map_popup.html", title=_group_title(group, lang),
                  count=f"{t('map.places_n', lang, n=len(group.sites))} · {_n_statements(group.count, lang)}",
                  places=group.sites[:limit], more=more)


def _popup(title: str, layers: MapLayers, statement_ids: tuple[str, ...], ds) -> str:
    if not statement_ids:
        return ""
    return render("map_popup.html", title=title, count=_n_statements(len(statement_ids), layers.lang),
                  cards=Markup(statement_html(layers, statement_ids, ds)))


# --------------------------------------------------------------------------- geometry


def _round_coords(obj: object, digits: int) -> object:
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, (list, tuple)):
        return [_round_coords(x, digits) for x in obj]
    return obj


def _geometry_now(geometry: BaseGeometry, digits: int, simplify: float) -> dict:
    geom = geometry.simplify(simplify, preserve_topology=True) if simplify else geometry
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _round_coords(gj["coordinates"], digits)}


def _geometry(layers: MapLayers, geometry: BaseGeometry, digits: int = 4, simplify: float = 0.0) -> dict:
    """GeoJSON geometry, simplified and rounded (shared: callers must not change it)."""
    return memoised(layers, "geometry", geometry, (digits, simplify), lambda: _geometry_now(geometry, digits, simplify))


def _feature(layers: MapLayers, geometry: BaseGeometry, properties: dict, digits: int = 4, simplify: float = 0.0) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": _geometry(layers, geometry, digits, simplify)}


def _basemap(layers: MapLayers) -> tuple[list[dict], list[dict], dict | None]:
    """Context countries (clipped, simplified), their labels, and Japan's outline for the inset."""
    return memoised(layers, "basemap", layers.basemap, (layers.lang,), lambda: _make_basemap(layers.basemap, layers.lang))


def _make_basemap(basemap: dict, lang: str) -> tuple[list[dict], list[dict], dict | None]:
    clip = box(*BASEMAP_BOX)
    view = box(LAOS_BOUNDS[0] - 3.5, LAOS_BOUNDS[1] - 3.0, LAOS_BOUNDS[2] + 3.5, LAOS_BOUNDS[3] + 2.0)
    features, labels, japan = [], [], None
    for f in basemap.get("features", []):
        geom = shape(f["geometry"])
        props = f.get("properties", {})
        if props.get("iso_a2") == "JP":
            japan = _geometry_now(geom, 2, 0.03)
        clipped = geom.intersection(clip)
        parts = [p for p in getattr(clipped, "geoms", [clipped]) if p.geom_type == "Polygon" and p.area >= MIN_ISLAND]
        if not parts:
            continue
        features.append({"type": "Feature", "properties": {}, "geometry": _geometry_now(MultiPolygon(parts), 2, 0.03)})
        inside = geom.intersection(view)
        if props.get("iso_a2") != "LA" and not inside.is_empty and inside.area > 1.0:
            pt = inside.representative_point()
            name = pick_field(props, "name", lang)
            labels.append({"lat": round(pt.y, 2), "lon": round(pt.x, 2), "html": html.escape(name), "cls": "lm-country lm-center"})
    return features, labels, japan


# --------------------------------------------------------------------------- keyboard order

# Tab's order on the map, the same in every language (it follows the map, not a language's alphabet): the provinces
# north to south, then the lines, then the places: those of the Lao PDR north to south (the atlas's subject), then the
# partner places abroad (Japan's) north to south. A shape's data carries its rank as ``tab``; the script sorts by it.
HOME_COUNTRY = "LA"


def reading_ranks(keys: list[tuple]) -> list[int]:
    """Each item's place in the keyboard's order, given one sort key per item (ties keep the items' order)."""
    ranks = [0] * len(keys)
    for rank, index in enumerate(sorted(range(len(keys)), key=lambda i: keys[i])):
        ranks[index] = rank
    return ranks


def _north_to_south(geom: BaseGeometry) -> tuple[float, float]:
    """A shape's sort key: its centre's latitude, north first, then west to east."""
    centre = geom.centroid
    return -round(centre.y, 3), round(centre.x, 3)


# --------------------------------------------------------------------------- styles


def _site_style(site: Site, max_count: int, selected: bool) -> dict:
    colour = JAPAN_POINT if site.country == "JP" else LAO_POINT
    precision = PRECISION_STYLES.get(site.precision_code, PRECISION_STYLES[3])
    radius = point_radius(site.count, max_count, small=6.0, large=18.0)
    exact = site.precision_code in (1, 2)
    return {
        "radius": round(radius * (0.75 if exact else 1.0), 1),
        "color": SELECTED_EDGE if selected else (EXACT_EDGE if exact else WHITE),
        "weight": 3 if selected else (1.5 if exact else 2),
        "fillColor": colour,
        "fillOpacity": precision.fill_opacity,
        "ring": site.precision_code == 8,
    }


def _group_style(group: SiteGroup, max_count: int, selected: bool) -> dict:
    return {
        "radius": round(point_radius(group.count, max_count, small=10.0, large=20.0), 1),
        "color": SELECTED_EDGE if selected else WHITE,
        "weight": 3 if selected else 2,
        "fillColor": LAO_POINT,
        "fillOpacity": 0.9,
        "ring": False,
    }


# The opening view fits the Lao PDR into about 640 px (zoom 6.5): 64 px per degree of longitude. Group labels
# are placed for that view; zooming in only moves them apart.
class _Atlas(MacroElement):
    """Draws every layer of the atlas from one JSON document (see the module docstring)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          {{ this.js }}
          var D = {{ this.data|tojson }};
          laomapAtlas({{ this._parent.get_name() }}, D);
        })();
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any], css: str):
        super().__init__()
        self._name = "Atlas"
        self.data = data
        self.css = css
        self.js = asset_text("atlas.js")


def map_data(layers: MapLayers, ds, *, selected: Iterable[str] = (), tiles: bool = False, inset: bool = True,
             compact: bool = False, trays: bool = True) -> dict[str, Any]:
    """Everything the map script draws, as JSON-ready data with all text already HTML-escaped.

    ``compact`` (a small map beside other content) leaves the whole-country box out, for the
    page to show beside the map, and draws a smaller inset and legend; ``trays=False`` (a page
    that lists the whole-country statements beside the map) starts the box folded.
    """
    lang = layers.lang
    e = html.escape
    chosen = set(selected)
    g = ds.gazetteer
    countries, country_labels, japan_outline = _basemap(layers)
    classes = count_classes(layers.max_area_count)

    provinces, labels = [], list(country_labels)
    site_provinces = {g.lao_province_of(s.place_id) for s in layers.lao_sites}
    province_tabs = reading_ranks([_north_to_south(area.geometry) for area in layers.areas])
    for area, tab in zip(layers.areas, province_tabs):
        is_selected = area.place_id in chosen
        name = area_name(area, lang)
        style = {"fillColor": colour_for(area.count, classes), "color": LAOS_EDGE, "weight": 0.8, "fillOpacity": 0.88,
                 "className": "lm-province"}
        provinces.append(_feature(layers, area.geometry, {
            "id": area.place_id, "count": area.count, "style": style, "tab": tab,
            "tip": e(tooltip_text(name, area.count, lang)), "popup": _popup(name, layers, area.statement_ids, ds),
        }, 3, 0.004))
        if area.count and area.place_id in site_provinces:
            # its cities carry the names (Luang Prabang the city, not twice): the province shows only its count,
            # where no marker of its own sits
            lat, lon = count_point(layers, area, [(s.lat, s.lon) for s in layers.lao_sites
                                                   if g.lao_province_of(s.place_id) == area.place_id])
            labels.append({"lat": lat, "lon": lon, "html": render("map_label.html", name="", count=area.count), "cls": "lm-label lm-province lm-center"})
        elif area.count or is_selected:
            place = g.places[area.place_id]
            labels.append({"lat": place.lat, "lon": place.lon, "html": render("map_label.html", name=area.name, count=area.count), "cls": "lm-label lm-province lm-center"})
    selected_outline = [
        _feature(layers, area.geometry, {"id": area.place_id, "style": {"color": SELECTED_EDGE, "weight": 3.5, "fill": False}}, 3, 0.004)
        for area in layers.areas if area.place_id in chosen
    ]

    lines = []
    drawn_lines = [line for line in layers.lines if drawable_line(line)]  # else its layer could not be read (lenient
    # loading): a point would pretend to be the line
    for line, tab in zip(drawn_lines, reading_ranks([_north_to_south(line.geometry) for line in drawn_lines])):
        is_corridor = line.kind == "corridor"
        style = {"color": {"corridor": CORRIDOR, "road": ROAD}.get(line.kind, RIVER), "weight": 5 if is_corridor else 4 if line.kind == "road" else 3,
                 "opacity": 0.95,
                 "dashArray": PRECISION_STYLES[5].dash if is_corridor else None, "lineCap": "butt" if is_corridor else "round"}
        if line.place_id in chosen:
            style["weight"] += 3
        lines.append(_feature(layers, line.geometry, {
            "id": line.place_id, "count": line.count, "style": style, "tab": tab,
            "tip": e(tooltip_text(line.name, line.count, lang)), "popup": _popup(line.name, layers, line.statement_ids, ds),
        }, 3, 0.004))

    arcs = [{
        "latlngs": _arc_points(arc.japan_latlon, arc.lao_latlon),
        "tip": e(f"{arc.japan_name} — {arc.lao_name}: {arc.relation}"),
        "popup": _popup(f"{arc.japan_name} — {arc.lao_name}", layers, arc.statement_ids, ds),
    } for arc in layers.arcs]

    sites, labelled, site_abroad = [], [], []
    drawn = layers.drawn_sites
    max_count = max((s.count for s in drawn), default=0)
    group_styles = [_group_style(group, layers.max_group_count, group.province_id in chosen) for group in layers.groups]
    for group, style in zip(layers.groups, group_styles):
        sites.append({
            "id": group.province_id, "lat": group.lat, "lon": group.lon, "count": group.count, "style": style, "halo": True,
            "group": {"places": len(group.sites), "siteCount": group.site_count},
            "tip": e(group_tooltip(group, lang)), "popup": _group_popup(group, lang),
        })
        labels.append({"lat": group.lat, "lon": group.lon, "html": str(len(group.sites)), "cls": "lm-label lm-group-n lm-center"})
        site_abroad.append(False)
    labels += group_labels(layers.groups, [style["radius"] for style in group_styles])
    for site in sorted(drawn, key=lambda s: (-s.count, s.place_id)):
        sites.append({
            "id": site.place_id, "lat": site.lat, "lon": site.lon, "count": site.count,
            "style": _site_style(site, max_count, site.place_id in chosen),
            "tip": e(tooltip_text(site.name, site.count, lang)), "popup": _popup(site.name, layers, site.statement_ids, ds),
        })
        site_abroad.append(site.country != HOME_COUNTRY)
        if site.country == HOME_COUNTRY:
            r = _site_style(site, max_count, False)["radius"]
            dx = int(r) + (9 if site.precision_code == 8 else 5)
            # A site next to one already labelled (Wattay airport by Vientiane, whose ring is wider than its
            # marker) hangs below both markers, clear of the other's name.
            near = [rr for lat, lon, rr in labelled if abs(site.lat - lat) < 0.3 and abs(site.lon - lon) < 0.6]
            labelled.append((site.lat, site.lon, r + (4 if site.precision_code == 8 else 0)))
            if near:
                labels.append({"lat": site.lat, "lon": site.lon, "html": e(site.name), "cls": "lm-label lm-site lm-center",
                               "dx": 0, "dy": round(max([r, *near]) + 16)})
            else:
                labels.append({"lat": site.lat, "lon": site.lon, "html": e(site.name), "cls": "lm-label lm-site", "dx": dx})

    # a group of places is Lao (one province's sites); partners abroad come after the places at home
    for site, tab in zip(sites, reading_ranks([(abroad, -site["lat"], site["lon"]) for site, abroad in zip(sites, site_abroad)])):
        site["tab"] = tab
    data: dict[str, Any] = {
        "attribution": e(t("basemap_attribution", lang)),
        "countries": {"type": "FeatureCollection", "features": countries},
        "countryStyle": {"fillColor": COUNTRY_FILL, "color": COUNTRY_EDGE, "weight": 0.8, "fillOpacity": 1},
        "provinces": {"type": "FeatureCollection", "features": provinces},
        "selected": {"type": "FeatureCollection", "features": selected_outline},
        "hover": {"weight": 2.5, "color": SELECTED_EDGE},
        "lines": lines,
        "arcs": arcs,
        "arcStyle": {"color": JAPAN_POINT, "weight": 1.6, "opacity": 0.7, "dashArray": "5 6"},
        "sites": sites,
        "labels": labels,
        "names": {k: e(v) for k, v in {
            "provinces": t("provinces", lang), "lines": f"{t('corridor', lang)} / {t('mekong', lang)}",
            "arcs": t("partnership_links", lang), "sites": t("sites", lang), "labels": t("map.labels", lang),
            "region": t("map.region", lang), "heading": t("map.heading", lang), "zoomIn": t("map.zoom_in", lang), "zoomOut": t("map.zoom_out", lang),
            "layers": t("map.layers", lang), "close": t("map.close", lang)}.items()},
        "lang": lang,
        "legend": legend_html(layers, bool(chosen)),
        "trays": "" if compact else trays_html(layers),
        "traysFolded": not trays,
        "fit": fit_points(layers, ds),
        "compact": compact,
        "tiles": {"url": OSM_TILES, "attribution": OSM_ATTRIBUTION, "name": e(t("map.osm", lang))} if tiles else None,
        "inset": _inset(layers, ds, japan_outline, chosen, numbered=compact) if inset else None,
    }
    if layers.activities:  # only then: the page of the built-in plans stays as it was
        most = max(a.count for a in layers.activities)
        data["activities"] = [{
            "id": a.place_id, "lat": a.lat, "lon": a.lon, "color": ACTIVITY, "size": round(10 + 6 * a.count / most),
            "tip": e(tooltip_text(a.name, a.count, lang)), "popup": _popup(a.name, layers, a.statement_ids, ds),
        } for a in layers.activities]
    return data


def _inset(layers: MapLayers, ds, japan_outline: dict | None, chosen: set[str], numbered: bool = False) -> dict | None:
    """The Japan inset: partner cities and prefectures, with the Lao place each is linked to.

    ``numbered`` labels the points 1, 2, 3 (keyed to the list under the inset) where names would not fit.
    """
    if not layers.japan_sites or japan_outline is None:
        return None
    lang = layers.lang
    e = html.escape
    partners = {}
    for arc in layers.arcs:
        partners.setdefault(arc.japan_place_id, []).append(arc.lao_name)
    areas, sites, items = [], [], []
    for n, site in enumerate(sorted(layers.japan_sites, key=lambda s: -s.lat), start=1):
        place = ds.gazetteer.places[site.place_id]
        label = site.name + (" ⇄ " + "・".join(partners[site.place_id]) if site.place_id in partners else "")
        style = {"radius": 5, "color": SELECTED_EDGE if site.place_id in chosen else WHITE, "weight": 1.5,
                 "fillColor": JAPAN_POINT, "fillOpacity": 0.95}
        if place.kind == "province":  # a prefecture: shade its area, honest about the precision
            areas.append(_feature(layers, ds.gazetteer.geometry(site.place_id),
                                  {"style": {"fillColor": JAPAN_POINT, "fillOpacity": 0.45, "color": JAPAN_POINT, "weight": 1}}, 2, 0.02))
            style["radius"] = 3.5
        # Kyoto and Takayama are 150 km apart: the western one of such a pair is labelled on its left.
        east_neighbour = any(0 < o.lon - site.lon < 3 and abs(o.lat - site.lat) < 2 for o in layers.japan_sites)
        sites.append({"id": site.place_id, "lat": site.lat, "lon": site.lon, "label": str(n) if numbered else e(site.name),
                      "style": style, "dir": "left" if east_neighbour else "right"})
        items.append({"id": site.place_id, "colour": JAPAN_POINT, "mark": f"{n}" if numbered else "●", "label": label,
                      "count": site.count})
    return {
        "title": e(t("map.inset_title", lang)),
        "land": {"type": "Feature", "properties": {}, "geometry": japan_outline},
        "areas": {"type": "FeatureCollection", "features": areas},
        "sites": sites,
        "list": render("map_inset_list.html", items=items, muted=MUTED),
        "bounds": [list(JAPAN_BOUNDS[0]), list(JAPAN_BOUNDS[1])],
    }


def build_map(layers: MapLayers, ds, *, asset_base: str = DEFAULT_ASSET_BASE, tiles: bool = False,
              height: int = 620, inline_assets: tuple[str, str] | None = None, selected: Iterable[str] = (),
              inset: bool = True, compact: bool = False, trays: bool = True, fill: bool = False) -> folium.Map:
    """The interactive map for a selection, focused on the Lao PDR.

    ``selected`` outlines the places of the place filter; ``tiles`` adds OpenStreetMap tiles
    (online only, with their attribution); ``inset`` adds the Japan inset with the partner
    cities; ``compact`` suits a small map and ``trays=False`` folds the whole-country box (see ``map_data``);
    ``fill`` makes the map as tall as its frame (the page sizes the frame to the screen); ``inline_assets`` (js, css)
    embeds Leaflet for a standalone file.
    """
    west, south, east, north = LAOS_BOUNDS
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=6, tiles=None, control_scale=False,
                   height=height, zoom_control=True, zoomSnap=0.25, zoomDelta=0.5, min_zoom=3, max_zoom=12)
    if inline_assets is None:
        m.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
        m.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    else:
        m.default_js, m.default_css = [], []
    # Straight to Laos, without Leaflet's zoom animation from the initial view: the map is drawn once, not
    # every frame of a quarter-second animation, each time it appears (every filter change rebuilds it).
    fit = FitBounds([[south, west], [north, east]])
    fit.options["animate"] = False
    m.add_child(fit)
    chosen = tuple(selected)
    data = memoised(layers, "map_data", layers, (chosen, tiles, inset, compact, trays),  # once per layers and options
                    lambda: map_data(layers, ds, selected=chosen, tiles=tiles, inset=inset, compact=compact, trays=trays))
    data = {**data, "fill": fill}  # in the dashboard: the map fills its frame, sized by the page to the screen
    m.add_child(_Atlas(data, atlas_css(served_fonts=inline_assets is None)))
    if inline_assets is not None:
        js, css = inline_assets
        m.get_root().header.add_child(folium.Element(render("style_tags.html", sheets=[Markup(css)], scripts=[Markup(js)])), name="leaflet_inline", index=0)
    return m


def detach_atlas(m: folium.Map) -> _Atlas:
    """Take the atlas drawing out of a ``build_map`` map (the dashboard sends it apart from the bare map, so that a new
    filter redraws the map in the frame that shows it: ``ui.mapview``); ``atlas_parts`` renders it afterwards."""
    (atlas,) = [child for child in m._children.values() if isinstance(child, _Atlas)]
    del m._children[atlas.get_name()]
    return atlas


def atlas_parts(atlas: _Atlas) -> tuple[str, str]:
    """A detached atlas's style (for the frame's header) and its script, which draws on the map that its map's name
    (``get_name()`` when this is called) names."""
    module = atlas._template.module
    return module.header(atlas, {}), module.script(atlas, {})


class _SelectionOutline(MacroElement):
    """Outlines of the selected places, drawn into a FeatureGroup and never clicked (clicks reach the map below)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          var data = {{ this.data|tojson }};
          L.geoJSON(data.areas, {interactive: false, style: function (f) { return f.properties.style; }}).addTo(group);
          data.rings.forEach(function (r) {
            L.circleMarker([r.lat, r.lon], {radius: r.radius, color: r.color, weight: 3, fill: false, interactive: false}).addTo(group);
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any]):
        super().__init__()
        self._name = "SelectionOutline"
        self.data = data


def selection_layer(layers: MapLayers, selected: Iterable[str], name: str = "selection") -> folium.FeatureGroup:
    """The selected places' outlines as a layer of their own.

    streamlit-folium adds such a layer to the map in the browser (``feature_group_to_add``)
    without rebuilding the map, so selecting a place by clicking keeps the map, its view
    and its open popup where they are.
    """
    chosen = set(selected)
    areas = [_feature(layers, a.geometry, {"id": a.place_id, "style": {"color": SELECTED_EDGE, "weight": 3.5, "fill": False}}, 3, 0.004)
             for a in layers.areas if a.place_id in chosen]
    areas += [_feature(layers, line.geometry, {"id": line.place_id, "style": {"color": SELECTED_EDGE, "weight": 9, "opacity": 0.35}}, 3, 0.004)
              for line in layers.lines if line.place_id in chosen and line.geometry.geom_type in ("LineString", "MultiLineString")]
    drawn = layers.drawn_sites
    max_count = max((s.count for s in drawn), default=0)
    rings = [{"id": s.place_id, "lat": s.lat, "lon": s.lon, "color": SELECTED_EDGE,
              "radius": _site_style(s, max_count, False)["radius"] + 3}
             for s in drawn if s.place_id in chosen]
    rings += [{"id": g.province_id, "lat": g.lat, "lon": g.lon, "color": SELECTED_EDGE,
               "radius": _group_style(g, layers.max_group_count, False)["radius"] + 3}
              for g in layers.groups if chosen & {s.place_id for s in g.sites}]  # a selected place inside a group
    group = folium.FeatureGroup(name=name, control=False)
    group.add_child(_SelectionOutline({"areas": {"type": "FeatureCollection", "features": areas}, "rings": rings}))
    return group


def place_for_click(layers: MapLayers, clicked: Mapping[str, Any] | None) -> str | None:
    """The place a map click selects, from what streamlit-folium returns.

    ``clicked`` holds ``last_object_clicked`` ({lat, lng}) and ``last_object_clicked_tooltip``.
    Every clickable object has its own tooltip, so the tooltip names the object exactly (a
    click on a marker's edge lands a few kilometres from its centre); the position, through
    ``layers.hit_test``, is the fallback.
    """
    if not clicked:
        return None
    tip = clicked.get("last_object_clicked_tooltip")
    if tip:
        by_tip: dict[str, list[str]] = {}
        for area in layers.areas:
            by_tip.setdefault(tooltip_text(area_name(area, layers.lang), area.count, layers.lang), []).append(area.place_id)
        for item in [*layers.drawn_sites, *layers.lines]:
            by_tip.setdefault(tooltip_text(item.name, item.count, layers.lang), []).append(item.place_id)
        for group in layers.groups:  # a province group selects its province
            by_tip.setdefault(group_tooltip(group, layers.lang), []).append(group.province_id)
        found = by_tip.get(" ".join(str(tip).split()), [])
        if len(found) == 1:
            return found[0]
    point = clicked.get("last_object_clicked")
    if isinstance(point, Mapping) and point.get("lat") is not None and point.get("lng") is not None:
        return hit_test(layers, float(point["lat"]), float(point["lng"]))
    return None


def _arc_points(a: tuple[float, float], b: tuple[float, float], steps: int = 24) -> list[list[float]]:
    """A gentle curve between two lat/lon points so that arcs do not hide the coast."""
    (lat1, lon1), (lat2, lon2) = a, b
    mid_lat, mid_lon = (lat1 + lat2) / 2, (lon1 + lon2) / 2
    dx, dy = lon2 - lon1, lat2 - lat1
    ctrl = (mid_lat + dx * 0.18, mid_lon - dy * 0.18)
    pts = []
    for i in range(steps + 1):
        s = i / steps
        lat = (1 - s) ** 2 * lat1 + 2 * (1 - s) * s * ctrl[0] + s**2 * lat2
        lon = (1 - s) ** 2 * lon1 + 2 * (1 - s) * s * ctrl[1] + s**2 * lon2
        pts.append([round(lat, 3), round(lon, 3)])
    return pts


def map_html(m: folium.Map) -> str:
    """The full standalone HTML of a map (as written by an export)."""
    return m.get_root().render()


def payload_size(m: folium.Map) -> int:
    """Bytes of HTML/JS the browser receives for this map (without the Leaflet library itself)."""
    return len(map_html(m).encode("utf-8"))
