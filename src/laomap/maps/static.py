"""MapLayers -> matplotlib figure: the exported map image (PNG, SVG, PDF) at slide and print sizes.

It draws the same layers as the interactive map (``layers.map_layers``) in the same colours
(``style``), so for one filter the image and the dashboard show the same content. The map is
drawn in metres in UTM zone 48N (EPSG:32648), which covers the Lao PDR, so its scale bar is
true. Japanese partner cities, far off the map, get an overview inset with the partnership
links; statements about a whole country or region, which have no honest point, get a box.

Text is drawn with the IPAexGothic font shipped in the ``matplotlib-fontja`` wheel, registered
by file path, so Japanese exports need no system font. Every artist a test or a reader may look
for carries a ``gid`` ("title", "legend-provinces", "province:<id>", "line:<id>", "scalebar",
"north-arrow", "japan-inset", "arc:<jp>:<lao>", "trays", "source").
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import matplotlib as mpl
import numpy as np
import shapely
from matplotlib import patheffects as pe
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath
from pyproj import Transformer
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from laomap.errors import ExportError
from laomap.i18n import pick_field, t
from laomap.i18n.linebreak import two_lines
from laomap.maps.fonts import RENDER_LOCK, font_family, has_bold, japanese_font_file, rc, register_fonts  # noqa: F401 - re-exported
from laomap.maps.presets import FORMATS, PRESETS, Preset, preset_named  # noqa: F401 - re-exported
from laomap.style import (
    ACCENT,
    ACTIVITY,
    CORRIDOR,
    COUNTRY_EDGE,
    COUNTRY_FILL,
    JAPAN_EDGE,
    JAPAN_FILL,
    JAPAN_POINT,
    LAO_POINT,
    LAOS_EDGE,
    LAOS_FILL,
    MUTED,
    PRECISION_STYLES,
    RIVER,
    SEA,
    TEXT,
    colour_for,
    count_classes,
    point_radius,
)
from laomap.views import captions
from laomap.views.filters import Filter
from laomap.views.layers import LAOS_BOUNDS, MapLayers

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset


UTM48N = "EPSG:32648"
# Lambert conformal conic over East Asia, for the overview inset (Laos and Japan on one map).
OVERVIEW_CRS = "+proj=lcc +lat_1=18 +lat_2=38 +lat_0=28 +lon_0=118 +datum=WGS84 +units=m +no_defs"
OVERVIEW_BOUNDS = (97.5, 11.5, 146.5, 45.8)
CONTEXT_BOUNDS = (94.0, 9.0, 114.0, 27.0)  # base-map countries are clipped to this box before projecting


# --------------------------------------------------------------------------- projected geometry (cached)


@dataclass
class _Projected:
    provinces: dict[str, BaseGeometry]
    lines: dict[str, BaseGeometry]
    countries: list[tuple[str, dict[str, str], BaseGeometry]]  # iso, its name_<lang> properties, geometry (UTM)
    laos: BaseGeometry
    overview: list[tuple[str, BaseGeometry]]  # iso, geometry (overview CRS)


_to_utm = Transformer.from_crs("EPSG:4326", UTM48N, always_xy=True)
_to_overview = Transformer.from_crs("EPSG:4326", OVERVIEW_CRS, always_xy=True)


def _project(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def utm(lon: float, lat: float) -> tuple[float, float]:
    """A lon/lat point in UTM 48N metres."""
    x, y = _to_utm.transform(lon, lat)
    return float(x), float(y)


def _projected(ds: Dataset) -> _Projected:
    """The base map and the provinces in UTM 48N, computed once per dataset (``Dataset.derive``)."""
    return ds.derive(("static-map", "projected"), lambda: _project_all(ds.gazetteer))


def _project_all(g) -> _Projected:
    provinces = {}
    for p in g.provinces("LA"):
        try:
            geom = g.geometry(p.place_id)
        except KeyError:
            continue
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            provinces[p.place_id] = _project(geom, _to_utm)
    lines = {pid: _project(g.geometry(pid), _to_utm) for pid, p in g.places.items() if p.kind in ("corridor", "river_basin")}
    clip = box(*CONTEXT_BOUNDS)
    countries, overview = [], []
    for f in g.layers.get("countries", {}).get("features", []):
        geom = shape(f["geometry"])
        props = f.get("properties", {})
        iso = props.get("iso_a2", "")
        near = geom.intersection(clip)
        if not near.is_empty:
            countries.append((iso, {k: v for k, v in props.items() if k.startswith("name_")}, _project(near, _to_utm)))
        overview.append((iso, _project(geom.simplify(0.04, preserve_topology=True), _to_overview)))
    laos = shapely.union_all(list(provinces.values())) if provinces else shapely.Polygon()
    return _Projected(provinces, lines, countries, laos, overview)


def _polygon_path(geom: BaseGeometry) -> MplPath | None:
    polys = [geom] if geom.geom_type == "Polygon" else [p for p in getattr(geom, "geoms", []) if p.geom_type == "Polygon"]
    if geom.geom_type == "GeometryCollection":
        polys = [p for part in geom.geoms for p in ([part] if part.geom_type == "Polygon" else getattr(part, "geoms", []))
                 if p.geom_type == "Polygon"]
    verts, codes = [], []
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _line_xy(geom: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    parts = [geom] if geom.geom_type == "LineString" else list(getattr(geom, "geoms", []))
    xs, ys = [], []
    for part in parts:
        xy = np.asarray(part.coords)
        xs += [xy[:, 0], [np.nan]]
        ys += [xy[:, 1], [np.nan]]
    return (np.concatenate(xs), np.concatenate(ys)) if xs else (np.array([]), np.array([]))


# --------------------------------------------------------------------------- layout




@dataclass(frozen=True)
class _Layout:
    """Where each block goes, in figure fractions; ``k`` scales type and strokes with the page."""

    k: float
    kp: float  # type scale of the side panel (smaller where its columns are narrow)
    map_rect: tuple[float, float, float, float]
    legend_rect: tuple[float, float, float, float]
    inset_rect: tuple[float, float, float, float] | None
    trays_rect: tuple[float, float, float, float]
    header: tuple[float, float, float, float] | None  # title top, subtitle top, counts top, rule y
    footer_y: float
    stack: bool = False  # one panel column: legend, then the trays box, then the Japan inset below them


def _layout(p: Preset, furniture: bool, inset: bool, scale: float = 1.0) -> _Layout:
    w, h = p.inches
    k = min(w, h) / 7.2 * scale
    fy = lambda inch: inch / h  # noqa: E731 - inches from an edge -> figure fraction
    if furniture:
        header = (1 - fy(0.30 * k), 1 - fy(0.83 * k), 1 - fy(1.12 * k), 1 - fy(1.42 * k))
        top, bottom = header[3] - fy(0.16 * k), fy(0.45 * k)
    else:
        header, top, bottom = None, 1 - fy(0.08 * k), fy(0.08 * k)
    left, right, gap = 0.03, 0.97, 0.025
    if p.portrait:
        split = bottom + (top - bottom) * 0.36
        map_rect = (left, split + 0.015, right - left, top - split - 0.015)
        cols = 3 if inset else 2
        cw = (right - left - gap * (cols - 1)) / cols
        xs = [left + i * (cw + gap) for i in range(cols)]
        legend = (xs[0], bottom, cw, split - bottom - 0.01)
        inset_rect = (xs[1], bottom, cw, split - bottom - 0.01) if inset else None
        trays = (xs[-1], bottom, cw, split - bottom - 0.01)
        return _Layout(k, min(k, cw * w / 2.6), map_rect, legend, inset_rect, trays, header, fy(0.22 * k))
    wide = w / h > 1.5
    if not furniture and not wide:  # a picture inside a slide: a bigger map and one column beside it
        map_rect = (0.01, bottom, 0.62, top - bottom)
        column = (0.65, bottom, 0.34, top - bottom)
        return _Layout(k, min(k, 0.34 * w / 2.5), map_rect, column, column if inset else None, column, None, 0.0, stack=True)
    mw = (0.45 if wide else 0.44) if inset else (0.52 if wide else 0.54)
    map_rect = (left, bottom, mw, top - bottom)
    px = left + mw + 0.03
    if inset:
        cw = (right - px - gap) / 2
        legend = (px, bottom, cw, top - bottom)
        inset_rect = (px + cw + gap, bottom, cw, top - bottom)
    else:
        cw = min(right - px, 0.30)
        legend, inset_rect = (px, bottom, cw, top - bottom), None
    return _Layout(k, min(k, cw * w / 2.6), map_rect, legend, inset_rect, legend, header, fy(0.22 * k))


def _fit(ax: Axes, fig: Figure, bounds: tuple[float, float, float, float]) -> None:
    """Show at least ``bounds`` at one scale on both axes, widening the short side to fill the axes box."""
    x0, y0, x1, y1 = bounds
    w_in, h_in = fig.get_size_inches()
    pos = ax.get_position()
    box_aspect = (pos.width * w_in) / (pos.height * h_in)
    if (x1 - x0) / (y1 - y0) < box_aspect:
        grow = (y1 - y0) * box_aspect - (x1 - x0)
        x0, x1 = x0 - grow / 2, x1 + grow / 2
    else:
        grow = (x1 - x0) / box_aspect - (y1 - y0)
        y0, y1 = y0 - grow / 2, y1 + grow / 2
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")


# --------------------------------------------------------------------------- type


def _halo(width: float) -> list:
    return [pe.withStroke(linewidth=width, foreground="white")]


def _strong(lang: str, size: float, colour: str, halo: float = 0.0) -> dict:
    """Bold text. A font without a bold face (IPAexGothic) is emboldened with a thin stroke of its own colour."""
    effects = [pe.Stroke(linewidth=halo, foreground="white")] if halo else []
    if not has_bold(lang):
        effects += [pe.Stroke(linewidth=max(0.35, size * 0.05), foreground=colour), pe.Normal()]
        return {"fontsize": size, "color": colour, "path_effects": effects}
    if effects:
        effects.append(pe.Normal())
    return {"fontsize": size, "color": colour, "fontweight": "bold", "path_effects": effects or None}


class _Labeller:
    """Places map labels in priority order, trying a few positions and dropping one that would overlap."""

    def __init__(self, fig: Figure, ax: Axes):
        self.renderer = fig.canvas.get_renderer()
        self.ax = ax
        self.taken: list = []
        self.frame = ax.get_window_extent(self.renderer)

    def block_point(self, x: float, y: float, radius_pt: float) -> None:
        """Keep labels off a marker of ``radius_pt`` points at data point (x, y)."""
        from matplotlib.transforms import Bbox

        px, py = self.ax.transData.transform((x, y))
        r = radius_pt * self.ax.figure.dpi / 72
        self.taken.append(Bbox.from_extents(px - r, py - r, px + r, py + r))

    def place(self, make, candidates) -> bool:
        for option in candidates:
            text = make(option)
            bb = text.get_window_extent(self.renderer)
            inside = (bb.x0 >= self.frame.x0 and bb.x1 <= self.frame.x1 and bb.y0 >= self.frame.y0 and bb.y1 <= self.frame.y1)
            if inside and not any(bb.overlaps(other) for other in self.taken):
                self.taken.append(bb.expanded(1.04, 1.08))
                return True
            text.remove()
        return False


def _fit_width(text, max_px: float, min_scale: float = 0.72, wrap: bool = True) -> None:
    """Shrink a text (down to ``min_scale`` of its size) until it fits ``max_px``; then wrap it onto two lines."""
    renderer = text.figure.canvas.get_renderer()
    size = text.get_fontsize()
    scale = 1.0
    while text.get_window_extent(renderer).width > max_px and scale > min_scale:
        scale -= 0.04
        text.set_fontsize(size * scale)
    if wrap and text.get_window_extent(renderer).width > max_px:
        text.set_text(_two_lines(text.get_text()))


def _two_lines(text: str) -> str:
    """Break a text where a line may break nearest its middle (never inside a Lao syllable: ``i18n.linebreak``)."""
    return two_lines(text)


# --------------------------------------------------------------------------- the main map


def _draw_base(ax: Axes, proj: _Projected) -> None:
    ax.set_facecolor(SEA)
    for iso, _names, geom in proj.countries:
        if iso == "LA":
            continue
        path = _polygon_path(geom)
        if path is not None:
            ax.add_artist(PathPatch(path, facecolor=COUNTRY_FILL, edgecolor=COUNTRY_EDGE, linewidth=0.6, zorder=1, gid=f"country:{iso}"))


def _draw_provinces(ax: Axes, layers: MapLayers, proj: _Projected, k: float) -> list:
    classes = count_classes(layers.max_area_count)
    for area in layers.areas:
        geom = proj.provinces.get(area.place_id)
        path = _polygon_path(geom) if geom is not None else None
        if path is None:
            continue
        ax.add_artist(PathPatch(path, facecolor=colour_for(area.count, classes), edgecolor="#ffffff", linewidth=0.7 * k,
                               zorder=3, gid=f"province:{area.place_id}", label=area.name))
    outline = _polygon_path(proj.laos)
    if outline is not None:
        ax.add_artist(PathPatch(outline, facecolor="none", edgecolor=LAOS_EDGE, linewidth=1.3 * k, zorder=4, gid="laos-outline"))
    return classes


def _draw_lines(ax: Axes, layers: MapLayers, proj: _Projected, k: float) -> None:
    for line in layers.lines:
        geom = proj.lines.get(line.place_id)
        if geom is None:
            continue
        xs, ys = _line_xy(geom)
        if line.kind == "corridor":
            ax.plot(xs, ys, color=CORRIDOR, linewidth=2.8 * k, linestyle=(0, (5, 3)), zorder=5, gid=f"line:{line.place_id}",
                    path_effects=[pe.withStroke(linewidth=4.6 * k, foreground="white", alpha=0.9)],
                    label=line.name)
        else:
            ax.plot(xs, ys, color=RIVER, linewidth=1.8 * k, zorder=4.5, gid=f"line:{line.place_id}", label=line.name,
                    path_effects=[pe.withStroke(linewidth=3.6 * k, foreground="white", alpha=0.9)])


def _draw_sites(ax: Axes, layers: MapLayers, k: float) -> list[tuple]:
    """Markers for Lao cities and sites; returns (site, x, y, radius) for labelling, most statements first."""
    max_count = layers.max_site_count
    placed = []
    for site in sorted(layers.lao_sites, key=lambda s: (-s.count, s.precision_code != 8, s.name)):
        x, y = utm(site.lon, site.lat)
        r = point_radius(site.count, max_count, small=4.0, large=10.0) * k
        alpha = PRECISION_STYLES.get(site.precision_code, PRECISION_STYLES[3]).fill_opacity
        if site.precision_code == 8:
            ax.scatter([x], [y], s=(2 * r + 7 * k) ** 2, facecolor="none", edgecolor=LAO_POINT, linewidth=1.1 * k, zorder=7)
        ax.scatter([x], [y], s=(2 * r) ** 2, color=LAO_POINT, alpha=alpha, edgecolor="white", linewidth=1.2 * k, zorder=8,
                   gid=f"site:{site.place_id}")
        placed.append((site, x, y, r + (3.5 * k if site.precision_code == 8 else 0)))
    return placed


def _draw_activities(ax: Axes, layers: MapLayers, k: float) -> None:
    """A diamond at each place of an agency's activity, over the plans' round sites (one per place, sized by count)."""
    max_count = max((a.count for a in layers.activities), default=0)
    for act in layers.activities:
        x, y = utm(act.lon, act.lat)
        r = point_radius(act.count, max_count, small=4.5, large=8.0) * k
        ax.scatter([x], [y], s=(2 * r) ** 2, marker="D", color=ACTIVITY, edgecolor="white", linewidth=1.1 * k, zorder=8.7,
                   gid=f"activity:{act.place_id}")


def _labels(fig: Figure, ax: Axes, layers: MapLayers, proj: _Projected, sites: list[tuple], k: float, keep_clear: list) -> None:
    """Site names first, then provinces with statements, other provinces, then neighbouring countries."""
    lang = layers.lang
    lab = _Labeller(fig, ax)
    for artist in keep_clear:
        lab.taken.append(artist.get_window_extent(lab.renderer).expanded(1.3, 1.6))
    for _site, x, y, r in sites:
        lab.block_point(x, y, r)
    for site, x, y, r in sites:
        d = r + 4 * k
        options = [((d, 0), "left", "center"), ((-d, 0), "right", "center"), ((0, d), "center", "bottom"),
                   ((0, -d), "center", "top"), ((d * 0.8, d * 0.8), "left", "bottom"), ((d * 0.8, -d * 0.8), "left", "top")]

        def make(o, site=site, x=x, y=y):
            (dx, dy), ha, va = o
            return ax.annotate(site.name, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, zorder=9,
                               gid=f"site-label:{site.place_id}", **_strong(lang, 8.4 * k, LAO_POINT, halo=2.6 * k))

        lab.place(make, options)
    site_points = [shapely.Point(x, y) for _s, x, y, _r in sites]
    city_names = {_bare(s.name) for s, *_ in sites}
    order = sorted(layers.areas, key=lambda a: (a.count == 0, -a.count, a.name))
    for area in order:
        geom = proj.provinces.get(area.place_id)
        if geom is None:
            continue
        big = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        named_by_city = _bare(area.name) in city_names or (big.area < 6e9 and any(big.contains(p) for p in site_points))
        strong = area.count > 0
        step = 0.022 * (ax.get_ylim()[1] - ax.get_ylim()[0])
        if named_by_city:
            # its city carries the name (Luang Prabang, Vientiane): the province shows only its count, away from the city
            if not strong:
                continue
            free = big.difference(shapely.union_all([p.buffer(28_000) for p in site_points]))
            part = max(getattr(free, "geoms", [free]), key=lambda g: g.area) if not free.is_empty else big
            pt = polylabel(part, tolerance=1000) if part.geom_type == "Polygon" else part.representative_point()
            text = str(area.count)
        else:
            pt = polylabel(big, tolerance=1000)
            text = f"{area.name}\n{area.count}" if strong else area.name

        def make(offset, area=area, text=text, strong=strong, pt=pt):
            style = _strong(lang, 7.8 * k, TEXT, halo=2.2 * k) if strong else {
                "fontsize": 6.8 * k, "color": "#55606e", "path_effects": _halo(2.0 * k)}
            return ax.text(pt.x + offset[0], pt.y + offset[1], text, ha="center", va="center", zorder=6, linespacing=1.1,
                           gid=f"province-label:{area.place_id}", **style)

        shifts = [(0, 0), (0, step), (0, -step), (step, 0), (-step, 0), (step, step), (step, -step), (-step, step),
                  (-step, -step), (0, 2 * step), (0, -2 * step), (2 * step, 0), (-2 * step, 0)]
        lab.place(make, shifts if named_by_city else [o for o in shifts if big.contains(shapely.Point(pt.x + o[0], pt.y + o[1]))])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    view = box(x0, y0, x1, y1).buffer(-0.04 * (x1 - x0))
    for iso, names, geom in proj.countries:
        if iso == "LA":
            continue
        visible = geom.intersection(view).difference(proj.laos.buffer(30_000))
        if visible.is_empty or visible.area < 0.01 * view.area:
            continue
        parts = [visible] if visible.geom_type == "Polygon" else [g for g in getattr(visible, "geoms", []) if g.geom_type == "Polygon"]
        if not parts:
            continue
        pt = polylabel(max(parts, key=lambda g: g.area), tolerance=2000)
        name = pick_field(names, "name", lang).upper()  # capitals where the script has them

        def make(dy, pt=pt, name=name, iso=iso):
            return ax.text(pt.x, pt.y + dy, name, ha="center", va="center", zorder=2, gid=f"country-label:{iso}",
                           **_strong(lang, 8.8 * k, "#a39c8c"))

        lab.place(make, [0, 40_000, -40_000])


def _bare(name: str) -> str:
    """A place name without the word for its kind ('Luang Prabang Province', 'ルアンパバーン県' -> the city's name)."""
    for suffix in (" Province", " Prefecture", "県"):
        name = name.removesuffix(suffix)
    return name


def _nice_length(span_m: float) -> float:
    target = span_m / 4.0
    for km in (500, 400, 300, 200, 150, 100, 50, 25, 20, 10, 5):
        if km * 1000 <= target:
            return km * 1000.0
    return 5000.0


def _scale_bar(ax: Axes, lang: str, k: float, raised: bool = False) -> FancyBboxPatch:
    """Two-segment scale bar in true metres (the axes are UTM 48N), bottom left (``raised``: above a legend there)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice_length(x1 - x0)
    bx, by = x0 + 0.045 * (x1 - x0), y0 + 0.06 * (y1 - y0)
    if raised:
        by = y0 + 0.3 * (y1 - y0)
    h = 0.011 * (y1 - y0)
    half = length / 2
    pad = 0.02 * (x1 - x0)
    backing = ax.add_artist(FancyBboxPatch((bx - pad, by - 0.045 * (y1 - y0)), max(length, 0.19 * (x1 - x0)) + 2 * pad,
                                          0.105 * (y1 - y0), boxstyle=f"round,pad=0,rounding_size={pad * 0.4}", facecolor="white",
                                          alpha=0.85, edgecolor="none", zorder=10))
    ax.add_artist(Rectangle((bx, by), half, h, facecolor=TEXT, edgecolor=TEXT, linewidth=0.8 * k, zorder=11, gid="scalebar"))
    ax.add_artist(Rectangle((bx + half, by), half, h, facecolor="white", edgecolor=TEXT, linewidth=0.8 * k, zorder=11))
    for frac, value in ((0, "0"), (0.5, f"{half / 1000:g}"), (1, f"{length / 1000:g} km")):
        ax.text(bx + frac * length, by + 1.9 * h, value, ha="center", va="bottom", fontsize=7.6 * k, color=TEXT, zorder=12,
                gid="scalebar-label" if frac == 1 else None)
    ax.text(bx, by - 0.9 * h, t("smap.utm", lang), ha="left", va="top", fontsize=6.4 * k, color=MUTED, zorder=12)
    return backing


def _north_arrow(ax: Axes, k: float) -> Polygon:
    """An arrow to true north: in UTM grid north differs from it by the meridian convergence."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    cx, cy = x1 - 0.065 * (x1 - x0), y1 - 0.12 * (y1 - y0)
    lon, lat = _to_utm.transform(cx, cy, direction="INVERSE")
    ax_, ay_ = utm(lon, lat)
    bx_, by_ = utm(lon, lat + 0.5)
    angle = math.atan2(bx_ - ax_, by_ - ay_)  # clockwise from grid north
    size = 0.06 * (y1 - y0)
    dx, dy = math.sin(angle), math.cos(angle)
    tip = (cx + dx * size * 0.5, cy + dy * size * 0.5)
    tail = (cx - dx * size * 0.5, cy - dy * size * 0.5)
    notch = (cx - dx * size * 0.25, cy - dy * size * 0.25)
    side = (dy * size * 0.24, -dx * size * 0.24)
    arrow = ax.add_artist(Polygon([tip, (tail[0] + side[0], tail[1] + side[1]), notch], closed=True, facecolor=TEXT,
                                 edgecolor=TEXT, linewidth=0.6, zorder=11, gid="north-arrow"))
    ax.add_artist(Polygon([tip, (tail[0] - side[0], tail[1] - side[1]), notch], closed=True, facecolor="white", edgecolor=TEXT,
                         linewidth=0.6, zorder=11))
    ax.text(tip[0], tip[1] + 0.012 * (y1 - y0), "N", ha="center", va="bottom", zorder=12, gid="north-label",
            **_strong("en", 10.5 * k, TEXT, halo=2.5 * k))
    return arrow


# --------------------------------------------------------------------------- the side panel


def _legends(fig: Figure, layers: MapLayers, classes: list, rect: tuple, k: float) -> float:
    """The legend at the top of ``rect``; returns the figure y of its bottom."""
    lang = layers.lang
    x, y, w, h = rect
    renderer = fig.canvas.get_renderer()
    top = y + h
    head = fig.text(x, top, t("legend", lang), ha="left", va="top", gid="legend-title", **_strong(lang, 12 * k, TEXT))
    cursor = head.get_window_extent(renderer).y0 / fig.bbox.height - 0.012
    swatches = [Patch(facecolor=c.colour, edgecolor="#9aa3ad", linewidth=0.6, label=c.label()) for c in classes]
    provinces = Legend(fig, swatches, [s.get_label() for s in swatches], loc="upper left", bbox_to_anchor=(x, cursor),
                       bbox_transform=fig.transFigure, ncols=len(swatches), frameon=False, title=t("province_count", lang),
                       title_fontsize=8.8 * k, fontsize=8.6 * k, handlelength=1.8, handleheight=1.1, columnspacing=0.8,
                       handletextpad=0.35, alignment="left", borderaxespad=0, borderpad=0)
    provinces.set_gid("legend-provinces")
    fig.legends.append(provinces)
    cursor = provinces.get_window_extent(renderer).y0 / fig.bbox.height - 0.02
    symbols = []
    if layers.lao_sites:
        symbols.append(Line2D([], [], marker="o", linestyle="none", markersize=8 * k, markerfacecolor=LAO_POINT,
                              markeredgecolor="white", label=t("sites", lang)))
    if layers.japan_sites:
        symbols.append(Line2D([], [], marker="o", linestyle="none", markersize=8 * k, markerfacecolor=JAPAN_POINT,
                              markeredgecolor="white", label=t("japan_partners", lang)))
    if layers.activities:
        symbols.append(Line2D([], [], marker="D", linestyle="none", markersize=7 * k, markerfacecolor=ACTIVITY,
                              markeredgecolor="white", label=t("map.legend_activity", lang)))
    if any(s.precision_code == 8 for s in layers.lao_sites):
        symbols.append(Line2D([], [], marker="o", linestyle="none", markersize=11 * k, markerfacecolor="none",
                              markeredgecolor=LAO_POINT, label=t("smap.capital", lang)))
    for line in layers.lines:
        label = f"{line.name} ({line.count})" if line.count else line.name
        if line.kind == "corridor":
            symbols.append(Line2D([], [], color=CORRIDOR, linewidth=2.6 * k, linestyle=(0, (4, 2)), label=label))
        else:
            symbols.append(Line2D([], [], color=RIVER, linewidth=1.8 * k, label=label))
    legend = Legend(fig, symbols, [s.get_label() for s in symbols], loc="upper left", bbox_to_anchor=(x, cursor),
                    bbox_transform=fig.transFigure, frameon=False, fontsize=8.8 * k, handlelength=2.2, labelspacing=0.55,
                    alignment="left", borderaxespad=0, borderpad=0)
    legend.set_gid("legend-symbols")
    fig.legends.append(legend)
    return legend.get_window_extent(renderer).y0 / fig.bbox.height


def _arc(a: tuple[float, float], b: tuple[float, float], bend: float = 0.18, steps: int = 32) -> tuple[np.ndarray, np.ndarray]:
    (x1, y1), (x2, y2) = a, b
    cx, cy = (x1 + x2) / 2 - (y2 - y1) * bend, (y1 + y2) / 2 + (x2 - x1) * bend
    s = np.linspace(0, 1, steps)
    return (1 - s) ** 2 * x1 + 2 * (1 - s) * s * cx + s**2 * x2, (1 - s) ** 2 * y1 + 2 * (1 - s) * s * cy + s**2 * y2


def _japan_inset(fig: Figure, layers: MapLayers, proj: _Projected, rect: tuple, k: float) -> None:
    """East Asia overview: Japanese partner cities, their Lao counterparts and the links between them."""
    lang = layers.lang
    x, y, w, h = rect
    renderer = fig.canvas.get_renderer()
    head = fig.text(x, y + h, t("smap.japan_inset", lang), ha="left", va="top", gid="japan-inset-title", **_strong(lang, 12 * k, TEXT))
    top = head.get_window_extent(renderer).y0 / fig.bbox.height - 0.015
    xs, ys = _to_overview.transform([OVERVIEW_BOUNDS[0], OVERVIEW_BOUNDS[2]], [OVERVIEW_BOUNDS[1], OVERVIEW_BOUNDS[3]])
    fw, fh = fig.get_size_inches()
    aspect = (ys[1] - ys[0]) / (xs[1] - xs[0])
    line_h = 0.27 * k / fh
    links = layers.arcs
    room = top - y - line_h * (len(links) + 0.6)
    ah = min(room, w * fw * aspect / fh)
    ax = fig.add_axes((x, top - ah, w, ah), gid="japan-inset")
    ax.set_facecolor(SEA)
    for iso, geom in proj.overview:
        path = _polygon_path(geom)
        if path is None:
            continue
        fill = {"LA": LAOS_FILL, "JP": JAPAN_FILL}.get(iso, COUNTRY_FILL)
        edge = {"LA": LAOS_EDGE, "JP": JAPAN_EDGE}.get(iso, COUNTRY_EDGE)
        ax.add_artist(PathPatch(path, facecolor=fill, edgecolor=edge, linewidth=0.5 * k, zorder=1))
    _fit(ax, fig, (xs[0], ys[0], xs[1], ys[1]))
    for arc in links:
        a = _to_overview.transform(arc.japan_latlon[1], arc.japan_latlon[0])
        b = _to_overview.transform(arc.lao_latlon[1], arc.lao_latlon[0])
        ax.plot(*_arc(a, b), color=JAPAN_POINT, linewidth=1.2 * k, linestyle=(0, (3, 2)), alpha=0.9, zorder=3,
                gid=f"arc:{arc.japan_place_id}:{arc.lao_place_id}")
        ax.scatter([b[0]], [b[1]], s=(4.5 * k) ** 2, color=LAO_POINT, edgecolor="white", linewidth=0.7, zorder=4)
    for site in layers.japan_sites:
        px, py = _to_overview.transform(site.lon, site.lat)
        ax.scatter([px], [py], s=(6.5 * k) ** 2, color=JAPAN_POINT, edgecolor="white", linewidth=0.9, zorder=5,
                   gid=f"japan-site:{site.place_id}")
    lab = _Labeller(fig, ax)
    for arc in links:
        lab.block_point(*_to_overview.transform(arc.lao_latlon[1], arc.lao_latlon[0]), 2.5 * k)
    for site in layers.japan_sites:
        lab.block_point(*_to_overview.transform(site.lon, site.lat), 3.5 * k)
    for site in sorted(layers.japan_sites, key=lambda s: (-s.count, s.name)):
        px, py = _to_overview.transform(site.lon, site.lat)
        d = 6 * k
        options = [((-d, 0), "right", "center"), ((d, 0), "left", "center"), ((-d, d), "right", "bottom"),
                   ((-d, -d), "right", "top"), ((0, d), "center", "bottom"), ((0, -d), "center", "top")]

        def make(o, site=site, px=px, py=py):
            (dx, dy), ha, va = o
            return ax.annotate(site.name, (px, py), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, zorder=6,
                               gid=f"japan-label:{site.place_id}", **_strong(lang, 7.8 * k, JAPAN_POINT, halo=2.2 * k))

        lab.place(make, options)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#c6ccd2")
        spine.set_linewidth(0.6)
    yy = top - ah - line_h * 0.35
    for arc in links:
        fig.text(x, yy, f"{arc.japan_name}  —  {arc.lao_name}", ha="left", va="top", fontsize=8.8 * k, color=TEXT, gid="partner-link")
        yy -= line_h


def _trays(fig: Figure, layers: MapLayers, x: float, top: float, w: float, k: float) -> float:
    """The 'whole country' box hanging from ``top``: statements about a country or region, which have no point."""
    lang = layers.lang
    fw, fh = fig.get_size_inches()
    rows = [(tr.name, tr.count) for tr in layers.trays if tr.count]
    if layers.unplaced:
        rows.append((t("smap.no_place", lang), len(layers.unplaced)))
    if not rows:
        return top  # nothing for a whole country, every statement named a place: no box saying 0
    line_h = 0.26 * k / fh
    head_h = 0.48 * k / fh
    height = head_h + line_h * len(rows) + 0.12 * k / fh
    ax = fig.add_axes((x, top - height, w, height), gid="trays-box")
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, height)
    ax.add_artist(FancyBboxPatch((0.0, 0.0), 1.0, height, boxstyle=f"round,pad=0,rounding_size={0.06 * k / fh}",
                                facecolor="#f3f5f6", edgecolor="#d5dade", linewidth=0.8, gid="trays", clip_on=False,
                                mutation_aspect=1 / (w * fw / fh)))
    pad = 0.16 * k / (w * fw)
    head = ax.text(pad, height - 0.17 * k / fh, t("whole_country", lang), ha="left", va="top", gid="trays-title",
                   **_strong(lang, 10.5 * k, TEXT))
    _fit_width(head, (1 - 2 * pad) * w * fig.bbox.width, min_scale=0.7, wrap=False)
    yy = height - head_h - line_h * 0.5
    for i, (name, count) in enumerate(rows):
        muted = bool(layers.unplaced) and i == len(rows) - 1
        colour = MUTED if muted else TEXT
        ax.text(pad, yy, name, ha="left", va="center", fontsize=9 * k, color=colour, gid="tray-row")
        ax.text(1 - pad, yy, str(count), ha="right", va="center", **_strong(lang, 9 * k, colour))
        yy -= line_h
    return top - height


# --------------------------------------------------------------------------- the figure


def render_map(layers: MapLayers, ds: Dataset, *, preset: str | Preset = "16:9", flt: Filter | None = None,
               title: str | None = None, subtitle: str | None = None, today: date | None = None,
               furniture: bool = True, scale: float = 1.0, panel: bool = True, focus: tuple[str, ...] = ()) -> Figure:
    """The map figure for a selection. ``furniture=False`` leaves out the title band and the source
    line (for a slide that carries its own); legend, scale bar, north arrow and boxes stay.
    ``scale`` enlarges the type, for a picture shown smaller than its size in inches.

    ``focus`` (the place filter) zooms to those places with their surroundings and outlines them;
    ``panel=False`` draws the map alone, filling the figure (for a page that shows its legend
    itself). A selection with nothing on the map gets the whole-country layout: its statements
    are about a country or region or name no place, and a map of grey provinces would say nothing.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    p = preset_named(preset)
    lang = layers.lang
    flt = flt or Filter(lang=lang)
    with RENDER_LOCK, mpl.rc_context(rc(lang)):
        fig = Figure(figsize=p.inches, dpi=p.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        has_inset = bool(layers.japan_sites or layers.arcs)
        lay = _layout(p, furniture, has_inset, scale)
        if not panel:
            lay = replace(lay, map_rect=(0.004, 0.004, 0.992, 0.992))
        proj = _projected(ds)
        if panel and not layers.mapped:
            _whole_country(fig, layers, proj, lay)
        else:
            _main_map(fig, layers, proj, lay, focus, ds)
            if panel:
                kp = lay.kp
                gap = 0.3 * kp / p.inches[1]
                legend_bottom = _legends(fig, layers, classes_of(layers), lay.legend_rect, kp)
                tx, ty, tw, th = lay.trays_rect
                shared = lay.trays_rect == lay.legend_rect
                trays_bottom = _trays(fig, layers, tx, legend_bottom - gap if shared else ty + th, tw, kp)
                if lay.inset_rect is not None:
                    ix, iy, iw, ih = lay.inset_rect
                    _japan_inset(fig, layers, proj, (ix, iy, iw, trays_bottom - gap - iy) if lay.stack else lay.inset_rect, kp)
        if furniture and lay.header is not None:
            _furniture(fig, layers, ds, flt, lay, title, subtitle, today or date.today())
    return fig


def classes_of(layers: MapLayers) -> list:
    return count_classes(layers.max_area_count)


FOCUS_MARGIN = 0.45  # of the selected places' extent, on each side: the place with its neighbours
FOCUS_MIN_SPAN = 260_000.0  # metres: a city is shown with its province and the next towns


def focus_bounds(proj: _Projected, ds: Dataset, places: tuple[str, ...]) -> tuple[float, float, float, float] | None:
    """The UTM box to show for a place filter: the Lao places selected, with context; None if none is in Laos."""
    g = ds.gazetteer
    parts = []
    for pid in places:
        if pid in proj.provinces:
            parts.append(proj.provinces[pid])
        elif pid in proj.lines:
            parts.append(proj.lines[pid])
        elif pid in g.places and g.places[pid].country == "LA" and g.places[pid].kind not in ("country", "region"):
            parts.append(shapely.Point(*utm(g.places[pid].lon, g.places[pid].lat)))
    if not parts:
        return None
    x0, y0, x1, y1 = shapely.union_all(parts).bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half = max(x1 - x0, y1 - y0, FOCUS_MIN_SPAN / (1 + 2 * FOCUS_MARGIN)) * (0.5 + FOCUS_MARGIN)
    return cx - half, cy - half, cx + half, cy + half


def _main_map(fig: Figure, layers: MapLayers, proj: _Projected, lay: _Layout, focus: tuple[str, ...], ds: Dataset) -> None:
    k = lay.k
    ax = fig.add_axes(lay.map_rect, gid="map")
    west, south, east, north = LAOS_BOUNDS
    xs, ys = _to_utm.transform([west, east, west, east], [south, south, north, north])
    zoom = focus_bounds(proj, ds, focus) if focus else None
    _fit(ax, fig, zoom or (min(xs), min(ys), max(xs), max(ys)))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#b7bec6")
        spine.set_linewidth(0.8)
    _draw_base(ax, proj)
    _draw_provinces(ax, layers, proj, k)
    for pid in focus:
        if pid in proj.provinces:
            path = _polygon_path(proj.provinces[pid])
            if path is not None:
                ax.add_artist(PathPatch(path, facecolor="none", edgecolor="#111827", linewidth=2.6 * k, zorder=4.6,
                                        gid=f"selected:{pid}"))
    _draw_lines(ax, layers, proj, k)
    sites = _draw_sites(ax, layers, k)
    _draw_activities(ax, layers, k)
    for site, x, y, r in sites:
        if site.place_id in focus:
            ax.scatter([x], [y], s=(2 * r + 6 * k) ** 2, facecolor="none", edgecolor="#111827", linewidth=2.0 * k, zorder=8.5,
                       gid=f"selected:{site.place_id}")
    # without the panel the page draws its legend in the map's bottom-left corner (Thailand): the scale bar goes above it
    keep_clear = [_scale_bar(ax, layers.lang, k, raised=lay.map_rect[2] > 0.98), _north_arrow(ax, k)]
    _labels(fig, ax, layers, proj, sites, k, keep_clear)


def _whole_country(fig: Figure, layers: MapLayers, proj: _Projected, lay: _Layout) -> None:
    """No statement of the selection is on the map: a small locator of Laos and the whole-country box, large."""
    lang = layers.lang
    x, y, w, h = lay.map_rect
    right = lay.legend_rect[0] + lay.legend_rect[2]
    fw, fh = fig.get_size_inches()
    k = lay.k
    ax = fig.add_axes((x, y + h * 0.15, min(w * 0.55, (right - x) * 0.3), h * 0.7), gid="locator")
    path = _polygon_path(proj.laos)
    if path is not None:
        ax.add_artist(PathPatch(path, facecolor=COUNTRY_FILL, edgecolor=LAOS_EDGE, linewidth=1.2 * k, zorder=2, gid="laos-outline"))
    _fit(ax, fig, proj.laos.bounds if not proj.laos.is_empty else (0, 0, 1, 1))
    ax.set_axis_off()
    px = x + min(w * 0.55, (right - x) * 0.3) + 0.04
    pw = right - px
    top = y + h
    head = fig.text(px, top, t("smap.whole_title", lang), ha="left", va="top", gid="whole-country-title", **_strong(lang, 20 * k, TEXT))
    renderer = fig.canvas.get_renderer()
    yy = head.get_window_extent(renderer).y0 / fig.bbox.height - 0.03
    note = fig.text(px, yy, t("smap.whole_note", lang), ha="left", va="top", fontsize=12 * k, color=MUTED, gid="whole-country-note",
                    wrap=True)
    _fit_width(note, pw * fig.bbox.width, min_scale=0.8)
    yy = note.get_window_extent(renderer).y0 / fig.bbox.height - 0.04
    rows = [(tr.name, tr.count) for tr in layers.trays if tr.count]
    if layers.unplaced:
        rows.append((t("smap.no_place", lang), len(layers.unplaced)))
    line_h = 0.5 * k / fh
    for name, count in rows:
        fig.text(px, yy, name, ha="left", va="top", fontsize=16 * k, color=TEXT, gid="whole-country-row")
        fig.text(px + min(pw, 0.32), yy, str(count), ha="right", va="top", gid="whole-country-count",
                 **_strong(lang, 16 * k, TEXT))
        yy -= line_h


def _furniture(fig: Figure, layers: MapLayers, ds: Dataset, flt: Filter, lay: _Layout, title: str | None, subtitle: str | None,
               today: date) -> None:
    """Title, subtitle (the filters), counts, source line and date."""
    lang, k = layers.lang, lay.k
    title_y, sub_y, counts_y, rule_y = lay.header
    fh = fig.get_size_inches()[1]
    fig.add_artist(Rectangle((0, 1 - 0.09 * k / fh), 1, 0.09 * k / fh, transform=fig.transFigure, facecolor=ACCENT, edgecolor="none"))
    full = 0.94 * fig.bbox.width
    _fit_width(fig.text(0.03, title_y, title or captions.title(flt, lang, ds), ha="left", va="top", gid="title",
                        **_strong(lang, 23 * k, TEXT)), full, wrap=False)
    _fit_width(fig.text(0.03, sub_y, subtitle or captions.filter_summary(ds, flt, lang), ha="left", va="top", fontsize=12.5 * k,
                        color=TEXT, gid="subtitle"), full, wrap=False)
    _fit_width(fig.text(0.03, counts_y, captions.counts_line(layers), ha="left", va="top", fontsize=10 * k, color=MUTED,
                        gid="counts"), full, wrap=False)
    fig.add_artist(Line2D([0.03, 0.97], [rule_y, rule_y], transform=fig.transFigure, color="#d5dade", linewidth=0.8))
    source = fig.text(0.03, lay.footer_y, captions.source_line(ds, layers.statements, lang), ha="left", va="center",
                      fontsize=7.8 * k, color=MUTED, gid="source")
    stamp = fig.text(0.97, lay.footer_y, captions.exported_line(today, lang), ha="right", va="center", fontsize=7.8 * k,
                     color=MUTED, gid="date")
    renderer = fig.canvas.get_renderer()
    if source.get_window_extent(renderer).x1 > stamp.get_window_extent(renderer).x0 - 0.02 * fig.bbox.width:
        stamp.remove()  # a long source line: the date joins it, and the line shrinks or wraps to fit
        source.set_text(f"{source.get_text()}{'　' if lang == 'ja' else ' · '}{captions.exported_line(today, lang)}")
        source.set_gid("source date")
        _fit_width(source, full, min_scale=0.85)


# --------------------------------------------------------------------------- output


def figure_bytes(fig: Figure, fmt: str, dpi: int | None = None, lang: str = "en") -> bytes:
    """The figure as PNG, SVG or PDF bytes, at exactly the preset's size (no tight cropping)."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown image format {fmt!r}: expected one of {', '.join(FORMATS)}.")
    metadata = {"png": {"Software": "laomap"}, "svg": {"Date": None, "Creator": "laomap"},
                "pdf": {"Creator": "laomap", "Producer": "laomap", "CreationDate": None}}[fmt]
    buf = io.BytesIO()
    with RENDER_LOCK, mpl.rc_context(rc(lang)):
        fig.savefig(buf, format=fmt, dpi=dpi or fig.dpi, metadata=metadata, facecolor="white")
    return with_language(buf.getvalue(), fmt, lang)


def with_language(data: bytes, fmt: str, lang: str) -> bytes:
    """The image's language declared where the format has a place for it (a screen reader then reads its text in it).

    SVG: ``xml:lang`` on the root element. PDF: ``/Lang`` in the document catalog (PDF 1.4+, what PDF/UA asks for).
    PNG has no such field: the title, filter and source lines in the picture say what it shows.
    """
    if fmt == "svg":
        text = data.decode("utf-8")
        return text.replace("<svg ", f'<svg xml:lang="{lang}" ', 1).encode("utf-8")
    if fmt == "pdf":
        from pypdf import PdfWriter
        from pypdf.generic import NameObject, TextStringObject

        writer = PdfWriter(clone_from=io.BytesIO(data))
        writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    return data
