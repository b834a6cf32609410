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
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import matplotlib as mpl
import shapely
from matplotlib import patheffects as pe
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from shapely.geometry import box
from shapely.ops import polylabel

from laomap.errors import ExportError
from laomap.i18n import citation, kind_label, pick_field, t
from laomap.maps.fonts import RENDER_LOCK, font_family, has_bold, japanese_font_file, rc, register_fonts  # noqa: F401 - re-exported
from laomap.maps.furniture import bare_name, in_view, japan_inset, legends, north_arrow, scale_bar, statements_panel, trays
from laomap.maps.mapgeometry import TO_UTM, Projected, fit_view, line_xy, polygon_path, projected, utm  # noqa: F401 - utm re-exported
from laomap.maps.maptext import Labeller, fit_width, halo, strong
from laomap.maps.presets import FORMATS, PRESETS, Preset, preset_named  # noqa: F401 - re-exported
from laomap.style import (
    ACCENT,
    ACTIVITY,
    CORRIDOR,
    COUNTRY_EDGE,
    COUNTRY_FILL,
    COUNTRY_LABEL_IMAGE,
    DIVIDER,
    FRAME_EDGE,
    LAO_POINT,
    LAOS_EDGE,
    MUTED,
    PRECISION_STYLES,
    PROVINCE_LABEL_QUIET,
    RIVER,
    ROAD,
    SEA,
    SELECTED_EDGE,
    TEXT,
    WHITE,
    colour_for,
    count_classes,
    point_radius,
)
from laomap.views import captions
from laomap.views.filters import Filter
from laomap.views.layers import LAOS_BOUNDS, MapLayers

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset


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
    text_rect: tuple[float, float, float, float] | None = None  # the key statements' column (a wide image)


def _layout(p: Preset, furniture: bool, inset: bool, scale: float = 1.0, text: bool = False) -> _Layout:
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
    if furniture and wide and text:  # map | legend, trays and inset | the key statements: nothing left blank
        mw, cw = 0.43, 0.19
        map_rect = (left, bottom, mw, top - bottom)
        column = (left + mw + gap, bottom, cw, top - bottom)
        tx = column[0] + cw + gap
        span = top - bottom
        if inset:  # the Japan inset under the statements: the legend's column keeps the legend and the trays
            return _Layout(k, min(k, cw * w / 2.4), map_rect, column, (tx, bottom, right - tx, span * 0.4), column, header,
                           fy(0.22 * k), text_rect=(tx, bottom + span * 0.44, right - tx, span * 0.56))
        return _Layout(k, min(k, cw * w / 2.4), map_rect, column, None, column, header, fy(0.22 * k),
                       text_rect=(tx, bottom, right - tx, span))
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


# --------------------------------------------------------------------------- the main map


def _draw_base(ax: Axes, proj: Projected) -> None:
    ax.set_facecolor(SEA)
    for iso, _names, geom in proj.countries:
        if iso == "LA":
            continue
        path = polygon_path(geom)
        if path is not None:
            ax.add_artist(PathPatch(path, facecolor=COUNTRY_FILL, edgecolor=COUNTRY_EDGE, linewidth=0.6, zorder=1, gid=f"country:{iso}"))


def _draw_provinces(ax: Axes, layers: MapLayers, proj: Projected, k: float) -> list:
    classes = count_classes(layers.max_area_count)
    for area in layers.areas:
        geom = proj.provinces.get(area.place_id)
        path = polygon_path(geom) if geom is not None else None
        if path is None:
            continue
        ax.add_artist(PathPatch(path, facecolor=colour_for(area.count, classes), edgecolor=WHITE, linewidth=0.7 * k,
                               zorder=3, gid=f"province:{area.place_id}", label=area.name))
    outline = polygon_path(proj.laos)
    if outline is not None:
        ax.add_artist(PathPatch(outline, facecolor="none", edgecolor=LAOS_EDGE, linewidth=1.3 * k, zorder=4, gid="laos-outline"))
    return classes


def _draw_lines(ax: Axes, layers: MapLayers, proj: Projected, k: float) -> None:
    for line in layers.lines:
        geom = proj.lines.get(line.place_id)
        if geom is None:
            continue
        xs, ys = line_xy(geom)
        if line.kind == "corridor":
            ax.plot(xs, ys, color=CORRIDOR, linewidth=2.8 * k, linestyle=(0, (5, 3)), zorder=5, gid=f"line:{line.place_id}",
                    path_effects=[pe.withStroke(linewidth=4.6 * k, foreground=WHITE, alpha=0.9)],
                    label=line.name)
        else:  # a river, or a road (solid brown, a little wider, over the river)
            road = line.kind == "road"
            ax.plot(xs, ys, color=ROAD if road else RIVER, linewidth=(2.2 if road else 1.8) * k, zorder=4.6 if road else 4.5,
                    gid=f"line:{line.place_id}", label=line.name,
                    path_effects=[pe.withStroke(linewidth=3.6 * k, foreground=WHITE, alpha=0.9)])


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
        ax.scatter([x], [y], s=(2 * r) ** 2, color=LAO_POINT, alpha=alpha, edgecolor=WHITE, linewidth=1.2 * k, zorder=8,
                   gid=f"site:{site.place_id}")
        placed.append((site, x, y, r + (3.5 * k if site.precision_code == 8 else 0)))
    return placed


def _draw_activities(ax: Axes, layers: MapLayers, k: float) -> None:
    """A diamond at each place of an agency's activity, over the plans' round sites (one per place, sized by count)."""
    max_count = max((a.count for a in layers.activities), default=0)
    for act in layers.activities:
        x, y = utm(act.lon, act.lat)
        r = point_radius(act.count, max_count, small=4.5, large=8.0) * k
        ax.scatter([x], [y], s=(2 * r) ** 2, marker="D", color=ACTIVITY, edgecolor=WHITE, linewidth=1.1 * k, zorder=8.7,
                   gid=f"activity:{act.place_id}")


def _labels(fig: Figure, ax: Axes, layers: MapLayers, proj: Projected, sites: list[tuple], k: float, keep_clear: list) -> None:
    """Site names first, then provinces with statements, other provinces, then neighbouring countries."""
    lang = layers.lang
    lab = Labeller(fig, ax)
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
                               gid=f"site-label:{site.place_id}", **strong(lang, 8.4 * k, LAO_POINT, halo=2.6 * k))

        lab.place(make, options)
    site_points = [shapely.Point(x, y) for _s, x, y, _r in sites]
    city_names = {bare_name(s.name) for s, *_ in sites}
    order = sorted(layers.areas, key=lambda a: (a.count == 0, -a.count, a.name))
    for area in order:
        geom = proj.provinces.get(area.place_id)
        if geom is None:
            continue
        big = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        named_by_city = bare_name(area.name) in city_names or (big.area < 6e9 and any(big.contains(p) for p in site_points))
        counted = area.count > 0
        step = 0.022 * (ax.get_ylim()[1] - ax.get_ylim()[0])
        if named_by_city:
            # its city carries the name (Luang Prabang, Vientiane): the province shows only its count, away from the city
            if not counted:
                continue
            free = big.difference(shapely.union_all([p.buffer(28_000) for p in site_points]))
            part = max(getattr(free, "geoms", [free]), key=lambda g: g.area) if not free.is_empty else big
            pt = polylabel(part, tolerance=1000) if part.geom_type == "Polygon" else part.representative_point()
            text = str(area.count)
        else:
            pt = polylabel(big, tolerance=1000)
            text = f"{area.name}\n{area.count}" if counted else area.name

        def make(offset, area=area, text=text, counted=counted, pt=pt):
            style = strong(lang, 7.8 * k, TEXT, halo=2.2 * k) if counted else {
                "fontsize": 6.8 * k, "color": PROVINCE_LABEL_QUIET, "path_effects": halo(2.0 * k)}
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
                           **strong(lang, 8.8 * k, COUNTRY_LABEL_IMAGE))

        lab.place(make, [0, 40_000, -40_000])


def render_map(layers: MapLayers, ds: Dataset, *, preset: str | Preset = "16:9", flt: Filter | None = None,
               title: str | None = None, subtitle: str | None = None, today: date | None = None,
               furniture: bool = True, scale: float = 1.0, panel: bool = True, focus: tuple[str, ...] = (),
               key: bool = True) -> Figure:
    """The map figure for a selection. ``furniture=False`` leaves out the title band and the source
    line (for a slide that carries its own); legend, scale bar, north arrow and boxes stay.
    ``scale`` enlarges the type, for a picture shown smaller than its size in inches.

    ``focus`` (the place filter) zooms to those places with their surroundings and outlines them;
    ``panel=False`` draws the map alone, filling the figure (for a page that shows its legend
    itself). A selection with nothing on the map gets the whole-country layout: its statements
    are about a country or region or name no place, and a map of grey provinces would say nothing.

    ``key``: a wide image with its furniture (16:9) gives its right-hand part to the selection's key statements, each
    with its citation (``captions.key_statements``, the deck's choice), beside a map that fills its part; the legend
    lists only what the map shows.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    p = preset_named(preset)
    lang = layers.lang
    flt = flt or Filter(lang=lang)
    with RENDER_LOCK, mpl.rc_context(rc(lang)):
        fig = Figure(figsize=p.inches, dpi=p.dpi, facecolor=WHITE)
        FigureCanvasAgg(fig)
        has_inset = bool(layers.japan_sites or layers.arcs)
        chosen = _key_items(layers, ds, flt) if key and furniture and panel else []
        lay = _layout(p, furniture, has_inset, scale, text=bool(chosen))
        if not panel:
            lay = replace(lay, map_rect=(0.004, 0.004, 0.992, 0.992))
        proj = projected(ds)
        if panel and not layers.mapped:
            _whole_country(fig, layers, proj, lay)
        else:
            ax = _main_map(fig, layers, proj, lay, focus, ds)
            if panel:
                kp = lay.kp
                gap = 0.3 * kp / p.inches[1]
                (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
                view = box(x0, y0, x1, y1)
                legend_bottom = legends(fig, in_view(layers, proj, view), classes_of(layers), lay.legend_rect, kp)
                tx, ty, tw, th = lay.trays_rect
                shared = lay.trays_rect == lay.legend_rect
                trays_bottom = trays(fig, layers, tx, legend_bottom - gap if shared else ty + th, tw, kp)
                if lay.inset_rect is not None:
                    ix, iy, iw, ih = lay.inset_rect
                    japan_inset(fig, layers, proj, (ix, iy, iw, trays_bottom - gap - iy) if lay.stack else lay.inset_rect, kp)
        if lay.text_rect is not None:
            statements_panel(fig, chosen, lay.text_rect, lay.k, lang)
        if furniture and lay.header is not None:
            _furniture(fig, layers, ds, flt, lay, title, subtitle, today or date.today())
    return fig


KEY_STATEMENTS = 4  # at most, beside the map of a wide image


def _key_items(layers: MapLayers, ds: Dataset, flt: Filter) -> list[tuple[str, str, str]]:
    """(text, its language, kind and citation) of the selection's key statements, as the deck chooses them."""
    rows = layers.statements
    if rows.empty:
        return []
    theme = flt.themes[0] if len(flt.themes) == 1 else None
    lang = layers.lang
    return [(str(row["text"]), str(row.get("language") or lang), f"{kind_label(row['kind'], lang)} — {citation(ds, row, lang)}")
            for _, row in captions.key_statements(rows.reset_index(drop=True), KEY_STATEMENTS, theme).iterrows()]


def classes_of(layers: MapLayers) -> list:
    return count_classes(layers.max_area_count)


FOCUS_MARGIN = 0.45  # of the selected places' extent, on each side: the place with its neighbours
FOCUS_MIN_SPAN = 260_000.0  # metres: a city is shown with its province and the next towns


def focus_bounds(proj: Projected, ds: Dataset, places: tuple[str, ...]) -> tuple[float, float, float, float] | None:
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


def _main_map(fig: Figure, layers: MapLayers, proj: Projected, lay: _Layout, focus: tuple[str, ...], ds: Dataset) -> Axes:
    k = lay.k
    ax = fig.add_axes(lay.map_rect, gid="map")
    west, south, east, north = LAOS_BOUNDS
    xs, ys = TO_UTM.transform([west, east, west, east], [south, south, north, north])
    zoom = focus_bounds(proj, ds, focus) if focus else None
    fit_view(ax, fig, zoom or (min(xs), min(ys), max(xs), max(ys)))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(FRAME_EDGE)
        spine.set_linewidth(0.8)
    _draw_base(ax, proj)
    _draw_provinces(ax, layers, proj, k)
    for pid in focus:
        if pid in proj.provinces:
            path = polygon_path(proj.provinces[pid])
            if path is not None:
                ax.add_artist(PathPatch(path, facecolor="none", edgecolor=SELECTED_EDGE, linewidth=2.6 * k, zorder=4.6,
                                        gid=f"selected:{pid}"))
    _draw_lines(ax, layers, proj, k)
    sites = _draw_sites(ax, layers, k)
    _draw_activities(ax, layers, k)
    for site, x, y, r in sites:
        if site.place_id in focus:
            ax.scatter([x], [y], s=(2 * r + 6 * k) ** 2, facecolor="none", edgecolor=SELECTED_EDGE, linewidth=2.0 * k, zorder=8.5,
                       gid=f"selected:{site.place_id}")
    # without the panel the page draws its legend in the map's bottom-left corner (Thailand): the scale bar goes above it
    keep_clear = [scale_bar(ax, layers.lang, k, raised=lay.map_rect[2] > 0.98), north_arrow(ax, k)]
    _labels(fig, ax, layers, proj, sites, k, keep_clear)
    return ax


def _whole_country(fig: Figure, layers: MapLayers, proj: Projected, lay: _Layout) -> None:
    """No statement of the selection is on the map: a small locator of Laos and the whole-country box, large."""
    lang = layers.lang
    x, y, w, h = lay.map_rect
    right = lay.legend_rect[0] + lay.legend_rect[2]
    fw, fh = fig.get_size_inches()
    k = lay.k
    ax = fig.add_axes((x, y + h * 0.15, min(w * 0.55, (right - x) * 0.3), h * 0.7), gid="locator")
    path = polygon_path(proj.laos)
    if path is not None:
        ax.add_artist(PathPatch(path, facecolor=COUNTRY_FILL, edgecolor=LAOS_EDGE, linewidth=1.2 * k, zorder=2, gid="laos-outline"))
    fit_view(ax, fig, proj.laos.bounds if not proj.laos.is_empty else (0, 0, 1, 1))
    ax.set_axis_off()
    px = x + min(w * 0.55, (right - x) * 0.3) + 0.04
    pw = right - px
    top = y + h
    head = fig.text(px, top, t("smap.whole_title", lang), ha="left", va="top", gid="whole-country-title", **strong(lang, 20 * k, TEXT))
    renderer = fig.canvas.get_renderer()
    yy = head.get_window_extent(renderer).y0 / fig.bbox.height - 0.03
    note = fig.text(px, yy, t("smap.whole_note", lang), ha="left", va="top", fontsize=12 * k, color=MUTED, gid="whole-country-note",
                    wrap=True)
    fit_width(note, pw * fig.bbox.width, min_scale=0.8)
    yy = note.get_window_extent(renderer).y0 / fig.bbox.height - 0.04
    rows = [(tr.name, tr.count) for tr in layers.trays if tr.count]
    if layers.unplaced:
        rows.append((t("smap.no_place", lang), len(layers.unplaced)))
    line_h = 0.5 * k / fh
    for name, count in rows:
        fig.text(px, yy, name, ha="left", va="top", fontsize=16 * k, color=TEXT, gid="whole-country-row")
        fig.text(px + min(pw, 0.32), yy, str(count), ha="right", va="top", gid="whole-country-count",
                 **strong(lang, 16 * k, TEXT))
        yy -= line_h


def _furniture(fig: Figure, layers: MapLayers, ds: Dataset, flt: Filter, lay: _Layout, title: str | None, subtitle: str | None,
               today: date) -> None:
    """Title, subtitle (the filters), counts, source line and date."""
    lang, k = layers.lang, lay.k
    title_y, sub_y, counts_y, rule_y = lay.header
    fh = fig.get_size_inches()[1]
    fig.add_artist(Rectangle((0, 1 - 0.09 * k / fh), 1, 0.09 * k / fh, transform=fig.transFigure, facecolor=ACCENT, edgecolor="none"))
    full = 0.94 * fig.bbox.width
    fit_width(fig.text(0.03, title_y, title or captions.title(flt, lang, ds), ha="left", va="top", gid="title",
                        **strong(lang, 23 * k, TEXT)), full, wrap=False)
    fit_width(fig.text(0.03, sub_y, subtitle or captions.filter_summary(ds, flt, lang), ha="left", va="top", fontsize=12.5 * k,
                        color=TEXT, gid="subtitle"), full, wrap=False)
    fit_width(fig.text(0.03, counts_y, captions.counts_line(layers), ha="left", va="top", fontsize=10 * k, color=MUTED,
                        gid="counts"), full, wrap=False)
    fig.add_artist(Line2D([0.03, 0.97], [rule_y, rule_y], transform=fig.transFigure, color=DIVIDER, linewidth=0.8))
    source = fig.text(0.03, lay.footer_y, captions.source_line(ds, layers.statements, lang), ha="left", va="center",
                      fontsize=7.8 * k, color=MUTED, gid="source")
    stamp = fig.text(0.97, lay.footer_y, captions.exported_line(today, lang), ha="right", va="center", fontsize=7.8 * k,
                     color=MUTED, gid="date")
    renderer = fig.canvas.get_renderer()
    if source.get_window_extent(renderer).x1 > stamp.get_window_extent(renderer).x0 - 0.02 * fig.bbox.width:
        stamp.remove()  # a long source line: the date joins it, and the line shrinks or wraps to fit
        source.set_text(source.get_text() + t("fmt.source_date_sep", lang) + captions.exported_line(today, lang))
        source.set_gid("source date")
        fit_width(source, full, min_scale=0.85)


# --------------------------------------------------------------------------- output


def figure_bytes(fig: Figure, fmt: str, dpi: int | None = None, lang: str = "en") -> bytes:
    """The figure as PNG, SVG or PDF bytes, at exactly the preset's size (no tight cropping)."""
    if fmt not in FORMATS:
        raise ExportError.of("err.export_unknown_format", got=fmt, allowed=", ".join(FORMATS))
    metadata = {"png": {"Software": "laomap"}, "svg": {"Date": None, "Creator": "laomap"},
                "pdf": {"Creator": "laomap", "Producer": "laomap", "CreationDate": None}}[fmt]
    buf = io.BytesIO()
    with RENDER_LOCK, mpl.rc_context(rc(lang)):
        fig.savefig(buf, format=fmt, dpi=dpi or fig.dpi, metadata=metadata, facecolor=WHITE)
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
