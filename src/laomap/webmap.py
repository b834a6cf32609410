"""MapLayers -> folium map, served with local Leaflet assets so it works with no internet.

Every piece of text that reaches the browser (names, statements, citations) is HTML-escaped
here: Leaflet treats tooltip and popup strings as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import folium
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from .i18n import citation, kind_label, t
from .layers import LAOS_BOUNDS, Area, MapLayers, Site
from .style import (
    CORRIDOR,
    COUNTRY_EDGE,
    COUNTRY_FILL,
    JAPAN_POINT,
    LAO_POINT,
    LAOS_EDGE,
    PRECISION_STYLES,
    RIVER,
    SEA,
    colour_for,
    count_classes,
    point_radius,
)

DEFAULT_ASSET_BASE = "/app/static/vendor/leaflet"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
POPUP_LIMIT = 5


def _round_coords(obj: object, digits: int) -> object:
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, (list, tuple)):
        return [_round_coords(x, digits) for x in obj]
    return obj


def _geojson(geometry: BaseGeometry, properties: dict, digits: int = 4, simplify: float = 0.0) -> dict:
    geom = geometry.simplify(simplify, preserve_topology=True) if simplify else geometry
    gj = mapping(geom)
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": gj["type"], "coordinates": _round_coords(gj["coordinates"], digits)}}


def statement_html(layers: MapLayers, statement_ids: Iterable[str], ds, limit: int = POPUP_LIMIT) -> str:
    """Escaped HTML listing statements with their citations, for a popup."""
    ids = list(statement_ids)
    lang = layers.lang
    parts = []
    for sid in ids[:limit]:
        row = layers.statements.loc[sid]
        note = ""
        if not row["translated"]:
            note = f'<div class="lm-note">{html.escape(t("translation_missing", lang) if lang == "ja" else t("translation_missing_en", lang))}</div>'
        parts.append(
            '<div class="lm-stmt">'
            f'<span class="lm-kind lm-{html.escape(row["kind"])}">{html.escape(kind_label(row["kind"], lang))}</span>'
            f'<div class="lm-text">{html.escape(row["text"])}</div>'
            f'<div class="lm-cite">{html.escape(citation(ds, row, lang))}</div>{note}</div>'
        )
    if len(ids) > limit:
        parts.append(f'<div class="lm-more">{html.escape(t("and_more", lang, n=len(ids) - limit))}</div>')
    return "".join(parts)


class _Bind(MacroElement):
    """Bind a popup or tooltip with content passed as JSON.

    folium's own Popup and Tooltip paste their text into a JavaScript template literal (and
    Popup needs jQuery): a backtick or ``${`` in a statement would break out of it. JSON
    encoding through ``tojson`` cannot be broken out of, and the content is HTML-escaped
    before it gets here.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.{{ this.method }}({{ this.content|tojson }}, {{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, method: str, content: str, **options: object):
        super().__init__()
        self._name = "Bind"
        self.method = method
        self.content = content
        self.options = options


def _popup(title: str, body: str) -> _Bind:
    return _Bind("bindPopup", f'<div class="lm-popup"><h4>{html.escape(title)}</h4>{body}</div>', maxWidth=420)


def _tooltip(text: str) -> _Bind:
    return _Bind("bindTooltip", html.escape(text), sticky=True)


class _Legend(MacroElement):
    """A Leaflet control holding the legend; its HTML is escaped by the caller."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: 'bottomright'});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create('div', 'lm-legend');
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, legend_html: str, css: str):
        super().__init__()
        self._name = "Legend"
        self.html = legend_html
        self.css = css


_CSS = f"""
.leaflet-container {{ background: {SEA}; font-family: system-ui, 'Noto Sans JP', sans-serif; }}
.lm-legend {{ background: rgba(255,255,255,.94); padding: 8px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.25);
  font-size: 12px; line-height: 1.35; color: #1f2933; max-width: 240px; }}
.lm-legend h5 {{ margin: 0 0 4px; font-size: 12px; }}
.lm-legend .row {{ display: flex; align-items: center; gap: 6px; margin: 2px 0; }}
.lm-legend .sw {{ width: 16px; height: 12px; border: 1px solid #888; display: inline-block; }}
.lm-legend .dot {{ width: 12px; height: 12px; border-radius: 50%; display: inline-block; border: 1.5px solid #fff; box-shadow: 0 0 0 1px #999; }}
.lm-legend .ln {{ width: 22px; height: 0; border-top-width: 3px; display: inline-block; }}
.lm-popup h4 {{ margin: 0 0 6px; font-size: 14px; }}
.lm-stmt {{ border-top: 1px solid #e5e7eb; padding: 6px 0; font-size: 12.5px; }}
.lm-kind {{ font-size: 10.5px; text-transform: uppercase; letter-spacing: .03em; color: #475569; }}
.lm-text {{ margin: 2px 0; }}
.lm-cite, .lm-note, .lm-more {{ color: #6b7280; font-size: 11px; }}
"""


def _legend_html(layers: MapLayers) -> str:
    lang = layers.lang
    e = html.escape
    rows = [f"<h5>{e(t('province_count', lang))}</h5>"]
    for c in count_classes(layers.max_area_count):
        rows.append(f'<div class="row"><span class="sw" style="background:{c.colour}"></span>{e(c.label())}</div>')
    rows.append(f'<div class="row"><span class="dot" style="background:{LAO_POINT}"></span>{e(t("sites", lang))}</div>')
    if layers.japan_sites:
        rows.append(f'<div class="row"><span class="dot" style="background:{JAPAN_POINT}"></span>{e(t("japan_partners", lang))}</div>')
    rows.append(f'<div class="row"><span class="ln" style="border-top:3px dashed {CORRIDOR}"></span>{e(t("corridor", lang))}</div>')
    rows.append(f'<div class="row"><span class="ln" style="border-top:3px solid {RIVER}"></span>{e(t("mekong", lang))}</div>')
    rows.append(f'<div style="margin-top:4px;color:#6b7280">{e(t("legend_precision_note", lang))}</div>')
    return "".join(rows)


def _site_style(site: Site, max_count: int) -> dict:
    colour = JAPAN_POINT if site.country == "JP" else LAO_POINT
    style = PRECISION_STYLES.get(site.precision_code, PRECISION_STYLES[3])
    return {"radius": point_radius(site.count, max_count), "color": "#ffffff", "weight": 2, "fill": True,
            "fill_color": colour, "fill_opacity": style.fill_opacity}


def build_map(layers: MapLayers, ds, *, asset_base: str = DEFAULT_ASSET_BASE, tiles: bool = False,
              height: int = 620, inline_assets: tuple[str, str] | None = None) -> folium.Map:
    """The interactive map for a selection. ``inline_assets`` (js, css) embeds Leaflet for a standalone file."""
    lang = layers.lang
    west, south, east, north = LAOS_BOUNDS
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=6, tiles=None, control_scale=True,
                   height=height, prefer_canvas=False, zoom_control=True)
    if inline_assets is None:
        m.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
        m.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    else:
        m.default_js, m.default_css = [], []
    m.fit_bounds([[south, west], [north, east]])

    base = folium.FeatureGroup(name=t("basemap", lang), control=False)
    countries = [_geojson(shape(f["geometry"]), {}, 3, 0.01)
                 for f in layers.basemap.get("features", [])]
    folium.GeoJson({"type": "FeatureCollection", "features": countries}, name="countries", interactive=False,
                   style_function=lambda _: {"fillColor": COUNTRY_FILL, "color": COUNTRY_EDGE, "weight": 0.8, "fillOpacity": 1},
                   ).add_to(base)
    base.add_to(m)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", overlay=True, show=False, max_zoom=18).add_to(m)

    classes = count_classes(layers.max_area_count)
    provinces = folium.FeatureGroup(name=t("provinces", lang))
    for area in layers.areas:
        _add_area(provinces, area, classes, layers, ds)
    provinces.add_to(m)

    lines = folium.FeatureGroup(name=f"{t('corridor', lang)} / {t('mekong', lang)}")
    for line in layers.lines:
        is_corridor = line.kind == "corridor"
        colour = CORRIDOR if is_corridor else RIVER
        weight = 4 if is_corridor else 2.5
        gj = _geojson(line.geometry, {"place_id": line.place_id, "count": line.count}, 4, 0.002)
        tip = f"{line.name} — {line.count} {t('commitments', lang)}"
        layer = folium.GeoJson(gj, name=line.place_id, style_function=(lambda _f, c=colour, w=weight, d=is_corridor: {
            "color": c, "weight": w, "opacity": 0.9, "dashArray": PRECISION_STYLES[5].dash if d else None}),
            )
        _tooltip(tip).add_to(layer)
        if line.statement_ids:
            _popup(line.name, statement_html(layers, line.statement_ids, ds)).add_to(layer)
        layer.add_to(lines)
    lines.add_to(m)

    if layers.arcs:
        arcs = folium.FeatureGroup(name=t("partnership_links", lang))
        for arc in layers.arcs:
            line = folium.PolyLine(_arc_points(arc.japan_latlon, arc.lao_latlon), color=JAPAN_POINT, weight=1.8, opacity=0.75,
                                   dash_array="4 6")
            _tooltip(f"{arc.japan_name} — {arc.lao_name}: {arc.relation}").add_to(line)
            line.add_to(arcs)
        arcs.add_to(m)

    sites = folium.FeatureGroup(name=t("sites", lang))
    max_count = layers.max_site_count
    for site in sorted(layers.sites, key=lambda s: -s.count):
        style = _site_style(site, max_count)
        tip = f"{site.name} — {site.count} {t('commitments', lang)}"
        if site.precision_code == 8:  # capital: an outer ring marks the seat
            folium.CircleMarker([site.lat, site.lon], radius=style["radius"] + 4, color=style["fill_color"], weight=1.5,
                                fill=False, interactive=False).add_to(sites)
        marker = folium.CircleMarker([site.lat, site.lon], **style)
        _tooltip(tip).add_to(marker)
        _popup(site.name, statement_html(layers, site.statement_ids, ds)).add_to(marker)
        marker.add_to(sites)
    sites.add_to(m)

    folium.LayerControl(collapsed=True).add_to(m)
    m.add_child(_Legend(_legend_html(layers), _CSS))
    if inline_assets is not None:
        js, css = inline_assets
        m.get_root().header.add_child(folium.Element(f"<style>{css}</style><script>{js}</script>"), name="leaflet_inline", index=0)
    return m


def _add_area(group: folium.FeatureGroup, area: Area, classes, layers: MapLayers, ds) -> None:
    lang = layers.lang
    colour = colour_for(area.count, classes)
    gj = _geojson(area.geometry, {"place_id": area.place_id, "count": area.count}, 4, 0.003)
    tip = f"{area.name} — {area.count} {t('commitments', lang)}"
    layer = folium.GeoJson(gj, name=area.place_id, style_function=lambda _f, c=colour: {
        "fillColor": c, "color": LAOS_EDGE, "weight": 0.9, "fillOpacity": 0.85},
        highlight_function=lambda _f: {"weight": 2.5, "color": "#111827"})
    _tooltip(tip).add_to(layer)
    if area.statement_ids:
        _popup(area.name, statement_html(layers, area.statement_ids, ds)).add_to(layer)
    layer.add_to(group)


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
        pts.append([round(lat, 4), round(lon, 4)])
    return pts


def map_html(m: folium.Map) -> str:
    """The full standalone HTML of a map (as written by an export)."""
    return m.get_root().render()


def payload_size(m: folium.Map) -> int:
    """Bytes of HTML/JS the browser receives for this map (without the Leaflet library itself)."""
    return len(map_html(m).encode("utf-8"))

