"""The web map's boxes and fitting: the legend, the whole-country trays, where counts and group labels go,
the points of Laos the view keeps clear of the boxes, and the map's own stylesheet and assets.

Apart from ``web.py`` (the folium map and its data) so that each stays a room one can hold; ``web.map_data``
calls these to fill the JSON document the map's script draws.
"""

from __future__ import annotations

import html
from importlib import resources

import numpy as np
import shapely
import shapely.prepared
from shapely.geometry import Point
from shapely.ops import polylabel

from laomap.i18n import t
from laomap.maps.fonts import font_face_css, web_font_import
from laomap.style import INK_SOFT, count_classes, css_variables
from laomap.templates import Markup, render
from laomap.views.layers import LAOS_BOUNDS, Area, MapLayers, SiteGroup


def memoised(layers: MapLayers, kind: str, source: object, args: tuple, make):
    """``make()`` once per source object (a gazetteer geometry or layer), in the dataset's own cache.

    Simplifying and rounding the same province outlines on every rerun is most of the cost of
    building a map. The cache lives and dies with the dataset whose objects it is keyed on
    (``MapLayers.memo``, a ``Dataset.recent``), and keeps the source with the result, so no
    ``id`` can be recycled into a wrong hit.
    """
    if layers.memo is None:
        return make()
    source_then, result = layers.memo.get((kind, id(source), args), lambda: (source, make()))
    return result if source_then is source else make()


PX_PER_DEGREE = 60.0
LABEL_HEIGHT = 16.0


def label_width(text: str) -> float:
    return sum(7.0 if ord(c) < 0x2E80 else 12.5 for c in text) + 4.0


def overlap_area(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def group_labels(groups: list[SiteGroup], radii: list[float]) -> list[dict]:
    """Province names beside the group markers: right of the marker, else left, below or above, where it hits nothing.

    Group markers sit a province apart, closer than a name is long (Luang Prabang beside
    Houaphanh), so each name takes the first side that overlaps no marker and no name placed
    before it (the side that overlaps least if none is free).
    """
    def xy(lat: float, lon: float) -> tuple[float, float]:
        return lon * PX_PER_DEGREE, -lat * PX_PER_DEGREE * 1.06  # Mercator stretch at the Lao latitudes

    boxes = []
    for group, r in zip(groups, radii):
        x, y = xy(group.lat, group.lon)
        boxes.append((x - r - 4, y - r - 4, x + r + 4, y + r + 4))  # the marker and its halo
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for group, r in sorted(zip(groups, radii), key=lambda gr: (-gr[0].count, gr[0].province_id)):
        x, y = xy(group.lat, group.lon)
        w, h, gap = label_width(group.name), LABEL_HEIGHT, r + 6
        sides = {  # box in pixels, and how the label is anchored (class, dx, dy)
            "right": ((x + gap, y - h / 2, x + gap + w, y + h / 2), "", gap, 0),
            "left": ((x - gap - w, y - h / 2, x - gap, y + h / 2), " lm-left", -gap, 0),
            "below": ((x - w / 2, y + r + 3, x + w / 2, y + r + 3 + h), " lm-center", 0, r + 3 + h / 2),
            "above": ((x - w / 2, y - r - 3 - h, x + w / 2, y - r - 3), " lm-center", 0, -(r + 3 + h / 2)),
        }
        others = [*boxes, *placed]
        cost = {side: sum(overlap_area(spec[0], other) for other in others) for side, spec in sides.items()}
        best = min(sides, key=lambda side: (cost[side], list(sides).index(side)))
        box, cls, dx, dy = sides[best]
        placed.append(box)
        labels.append({"lat": group.lat, "lon": group.lon, "html": html.escape(group.name), "cls": "lm-label lm-site" + cls,
                       "dx": round(dx), "dy": round(dy)})
    return labels


# --------------------------------------------------------------------------- legend and CSS

# The layer-control icon as inline SVG: Leaflet's own is an image file that a standalone export would lack.
LAYERS_ICON = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' "
               "stroke='" + INK_SOFT.replace("#", "%23") + "' stroke-width='1.8' stroke-linejoin='round'%3E"
               "%3Cpath d='M12 3 2 8l10 5 10-5z'/%3E%3Cpath d='m2 12.5 10 5 10-5'/%3E%3Cpath d='m2 17 10 5 10-5'/%3E%3C/svg%3E")


def atlas_css(served_fonts: bool = True) -> str:
    """atlas.css with the palette of ``laomap.style`` as CSS variables in front of it, and the web fonts the dashboard
    serves (the Japanese faces too: the frame is a document of its own and does not inherit the page's fonts). An offline
    file (``served_fonts`` off) cannot reach them: it embeds what it uses of them (``export.fontembed``)."""
    palette = f".leaflet-container {{ {css_variables()} --lm-layers-icon: url(\"{LAYERS_ICON}\"); }}\n"
    fonts = web_font_import() + "\n" + font_face_css() + "\n" if served_fonts else ""
    return fonts + palette + asset_text("atlas.css")


def asset_text(name: str) -> str:
    """A file shipped beside this module (the map's script and style sheet), read once."""
    if name not in _ASSETS:
        _ASSETS[name] = resources.files("laomap.maps").joinpath(name).read_text(encoding="utf-8")
    return _ASSETS[name]


_ASSETS: dict[str, str] = {}


def drawable_line(line) -> bool:
    """Whether a line layer has its real geometry (lenient loading leaves a stand-in point when its file is broken)."""
    return line.geometry is not None and line.geometry.geom_type in ("LineString", "MultiLineString")


def legend_html(layers: MapLayers, selected: bool) -> str:
    """The legend (``templates/map_legend.html``): a row per kind of mark drawn; each mark's look is its ``lm-key-*``
    class in atlas.css, coloured from ``laomap.style``."""
    lang = layers.lang
    codes = {s.precision_code for s in layers.drawn_sites if s.country == "LA"}
    drawn_lines = {line.kind for line in layers.lines if drawable_line(line)}
    marks = [  # (shown, the mark's classes, its label key)
        (bool(layers.groups), "dot lm-key-groups", "map.legend_groups"),
        (bool(codes - {1, 2, 8}), "dot lm-key-sites", "map.legend_sites"),
        (8 in codes, "dot lm-key-capital", "map.legend_capital"),
        (bool(codes & {1, 2}), "dot lm-key-exact", "map.legend_exact"),
        (bool(layers.japan_sites), "dot lm-key-japan", "map.legend_japan"),
        (bool(layers.activities), "dot lm-diamond lm-key-activity", "map.legend_activity"),
        ("corridor" in drawn_lines, "ln lm-key-corridor", "map.legend_corridor"),
        ("river_basin" in drawn_lines, "ln lm-key-river", "mekong"),
        ("road" in drawn_lines, "ln lm-key-road", "map.legend_road"),
        (bool(layers.arcs), "ln lm-key-arc", "map.legend_arc"),
        (selected, "sw lm-key-selected", "map.legend_selected"),
    ]
    body = render("map_legend.html", classes=[{"colour": c.colour, "label": c.label()} for c in count_classes(layers.max_area_count)],
                  rows=[(mark, t(key, lang)) for shown, mark, key in marks if shown])
    return fold_box(t("map.legend_title", lang), body)


def fold_box(title: str, body: str) -> str:
    """A box that folds to its title (a click on the title): open at first, folded by the script on a small map."""
    return render("fold_box.html", title=title, body=Markup(body))


def trays_html(layers: MapLayers) -> str:
    trays = [tray for tray in layers.trays if tray.count]
    if not trays:
        return ""
    return fold_box(t("map.trays_title", layers.lang), render("map_trays.html", trays=trays))


# --------------------------------------------------------------------------- the map


FIT_STEP = 0.3  # degrees between the points of Laos that the script keeps clear of the map's boxes


def fit_points(layers: MapLayers, ds) -> list[list[float]]:
    """Points on a grid over the Lao PDR (lat, lon): the opening view is chosen so that no box covers them."""
    def make() -> list[list[float]]:
        laos = shapely.union_all([a.geometry for a in layers.areas]) if layers.areas else None
        if laos is None or laos.is_empty:
            west, south, east, north = LAOS_BOUNDS
            return [[south, west], [north, east]]
        laos = shapely.prepared.prep(laos)
        west, south, east, north = LAOS_BOUNDS
        points = []
        for lat in np.arange(south, north, FIT_STEP):
            for lon in np.arange(west, east, FIT_STEP):
                if laos.contains(Point(lon, lat)):
                    points.append([round(float(lat), 1), round(float(lon), 1)])
        return points

    return memoised(layers, "fit-points", ds.gazetteer, (FIT_STEP,), make)


def count_point(layers: MapLayers, area: Area, markers: list[tuple[float, float]]) -> tuple[float, float]:
    """Where a province's count goes: inside it, away from the markers of its cities (lat, lon)."""
    def make() -> tuple[float, float]:
        free = area.geometry
        if markers:
            free = area.geometry.difference(shapely.union_all([Point(lon, lat).buffer(0.22) for lat, lon in markers]))
        if free.is_empty:
            free = area.geometry
        part = max(getattr(free, "geoms", [free]), key=lambda p: p.area)
        pt = polylabel(part, tolerance=0.01) if part.geom_type == "Polygon" else part.representative_point()
        return round(pt.y, 3), round(pt.x, 3)

    return memoised(layers, "count-point", area.geometry, tuple(markers), make)


