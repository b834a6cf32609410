"""The furniture of an exported map: scale bar, north arrow, legends, the Japan inset and the whole-country boxes.

Drawn around the main map by ``static.render_map``; each artist carries a ``gid`` a test can find.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, PathPatch, Polygon, Rectangle

from laomap.i18n import t
from laomap.i18n.linebreak import wrap
from laomap.style import (
    ACTIVITY,
    CORRIDOR,
    COUNTRY_EDGE,
    COUNTRY_FILL,
    DIVIDER,
    INSET_FRAME,
    JAPAN_EDGE,
    JAPAN_FILL,
    JAPAN_POINT,
    LANE,
    LAO_POINT,
    LAOS_EDGE,
    LAOS_FILL,
    MUTED,
    RIVER,
    ROAD,
    SEA,
    SWATCH_EDGE,
    TEXT,
    WHITE,
)
from laomap.views.layers import MapLayers

if TYPE_CHECKING:
    pass


from laomap.maps.mapgeometry import OVERVIEW_BOUNDS, TO_OVERVIEW, TO_UTM, Projected, fit_view, polygon_path, utm
from laomap.maps.maptext import Labeller, fit_width, strong


def bare_name(name: str) -> str:
    """A place name without the word for its kind ('Luang Prabang Province', 'ルアンパバーン県' -> the city's name)."""
    for suffix in (" Province", " Prefecture", "県"):
        name = name.removesuffix(suffix)
    return name


def nice_length(span_m: float) -> float:
    target = span_m / 4.0
    for km in (500, 400, 300, 200, 150, 100, 50, 25, 20, 10, 5):
        if km * 1000 <= target:
            return km * 1000.0
    return 5000.0


def scale_bar(ax: Axes, lang: str, k: float, raised: bool = False) -> FancyBboxPatch:
    """Two-segment scale bar in true metres (the axes are UTM 48N), bottom left (``raised``: above a legend there)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = nice_length(x1 - x0)
    bx, by = x0 + 0.045 * (x1 - x0), y0 + 0.06 * (y1 - y0)
    if raised:
        by = y0 + 0.3 * (y1 - y0)
    h = 0.011 * (y1 - y0)
    half = length / 2
    pad = 0.02 * (x1 - x0)
    backing = ax.add_artist(FancyBboxPatch((bx - pad, by - 0.045 * (y1 - y0)), max(length, 0.19 * (x1 - x0)) + 2 * pad,
                                          0.105 * (y1 - y0), boxstyle=f"round,pad=0,rounding_size={pad * 0.4}", facecolor=WHITE,
                                          alpha=0.85, edgecolor="none", zorder=10))
    ax.add_artist(Rectangle((bx, by), half, h, facecolor=TEXT, edgecolor=TEXT, linewidth=0.8 * k, zorder=11, gid="scalebar"))
    ax.add_artist(Rectangle((bx + half, by), half, h, facecolor=WHITE, edgecolor=TEXT, linewidth=0.8 * k, zorder=11))
    for frac, value in ((0, "0"), (0.5, f"{half / 1000:g}"), (1, f"{length / 1000:g} km")):
        ax.text(bx + frac * length, by + 1.9 * h, value, ha="center", va="bottom", fontsize=7.6 * k, color=TEXT, zorder=12,
                gid="scalebar-label" if frac == 1 else None)
    ax.text(bx, by - 0.9 * h, t("smap.utm", lang), ha="left", va="top", fontsize=6.4 * k, color=MUTED, zorder=12)
    return backing


def north_arrow(ax: Axes, k: float) -> Polygon:
    """An arrow to true north: in UTM grid north differs from it by the meridian convergence."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    cx, cy = x1 - 0.065 * (x1 - x0), y1 - 0.12 * (y1 - y0)
    lon, lat = TO_UTM.transform(cx, cy, direction="INVERSE")
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
    ax.add_artist(Polygon([tip, (tail[0] - side[0], tail[1] - side[1]), notch], closed=True, facecolor=WHITE, edgecolor=TEXT,
                         linewidth=0.6, zorder=11))
    ax.text(tip[0], tip[1] + 0.012 * (y1 - y0), "N", ha="center", va="bottom", zorder=12, gid="north-label",
            **strong("en", 10.5 * k, TEXT, halo=2.5 * k))
    return arrow


# --------------------------------------------------------------------------- the side panel


def in_view(layers: MapLayers, proj: Projected, view: Any) -> MapLayers:
    """The layers as far as the map shows them: a line (a corridor, a river) or a site outside ``view`` (a shapely
    box in the map's metres) is left out, so that the legend lists only what is in the picture."""
    lines = [ln for ln in layers.lines if ln.place_id in proj.lines and proj.lines[ln.place_id].intersects(view)]
    sites = [s for s in layers.sites if s.country != "LA" or view.contains(shapely.Point(*utm(s.lon, s.lat)))]
    acts = [a for a in layers.activities if view.contains(shapely.Point(*utm(a.lon, a.lat)))]
    return replace(layers, lines=lines, sites=sites, activities=acts)


def legends(fig: Figure, layers: MapLayers, classes: list, rect: tuple, k: float) -> float:
    """The legend at the top of ``rect`` (of the layers in view: ``in_view``); returns the figure y of its bottom."""
    lang = layers.lang
    x, y, w, h = rect
    renderer = fig.canvas.get_renderer()
    top = y + h
    head = fig.text(x, top, t("legend", lang), ha="left", va="top", gid="legend-title", **strong(lang, 12 * k, TEXT))
    cursor = head.get_window_extent(renderer).y0 / fig.bbox.height - 0.012
    swatches = [Patch(facecolor=c.colour, edgecolor=SWATCH_EDGE, linewidth=0.6, label=c.label()) for c in classes]
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
                              markeredgecolor=WHITE, label=t("sites", lang)))
    if layers.japan_sites:
        symbols.append(Line2D([], [], marker="o", linestyle="none", markersize=8 * k, markerfacecolor=JAPAN_POINT,
                              markeredgecolor=WHITE, label=t("japan_partners", lang)))
    if layers.activities:
        symbols.append(Line2D([], [], marker="D", linestyle="none", markersize=7 * k, markerfacecolor=ACTIVITY,
                              markeredgecolor=WHITE, label=t("map.legend_activity", lang)))
    if any(s.precision_code == 8 for s in layers.lao_sites):
        symbols.append(Line2D([], [], marker="o", linestyle="none", markersize=11 * k, markerfacecolor="none",
                              markeredgecolor=LAO_POINT, label=t("smap.capital", lang)))
    for line in layers.lines:
        label = f"{line.name} ({line.count})" if line.count else line.name
        if line.kind == "corridor":
            symbols.append(Line2D([], [], color=CORRIDOR, linewidth=2.6 * k, linestyle=(0, (4, 2)), label=label))
        else:
            road = line.kind == "road"
            symbols.append(Line2D([], [], color=ROAD if road else RIVER, linewidth=(2.2 if road else 1.8) * k, label=label))
    legend = Legend(fig, symbols, [s.get_label() for s in symbols], loc="upper left", bbox_to_anchor=(x, cursor),
                    bbox_transform=fig.transFigure, frameon=False, fontsize=8.8 * k, handlelength=2.2, labelspacing=0.55,
                    alignment="left", borderaxespad=0, borderpad=0)
    legend.set_gid("legend-symbols")
    fig.legends.append(legend)
    return legend.get_window_extent(renderer).y0 / fig.bbox.height


def arc_xy(a: tuple[float, float], b: tuple[float, float], bend: float = 0.18, steps: int = 32) -> tuple[np.ndarray, np.ndarray]:
    (x1, y1), (x2, y2) = a, b
    cx, cy = (x1 + x2) / 2 - (y2 - y1) * bend, (y1 + y2) / 2 + (x2 - x1) * bend
    s = np.linspace(0, 1, steps)
    return (1 - s) ** 2 * x1 + 2 * (1 - s) * s * cx + s**2 * x2, (1 - s) ** 2 * y1 + 2 * (1 - s) * s * cy + s**2 * y2


def japan_inset(fig: Figure, layers: MapLayers, proj: Projected, rect: tuple, k: float) -> None:
    """East Asia overview: Japanese partner cities, their Lao counterparts and the links between them."""
    lang = layers.lang
    x, y, w, h = rect
    renderer = fig.canvas.get_renderer()
    head = fig.text(x, y + h, t("smap.japan_inset", lang), ha="left", va="top", gid="japan-inset-title", **strong(lang, 12 * k, TEXT))
    top = head.get_window_extent(renderer).y0 / fig.bbox.height - 0.015
    xs, ys = TO_OVERVIEW.transform([OVERVIEW_BOUNDS[0], OVERVIEW_BOUNDS[2]], [OVERVIEW_BOUNDS[1], OVERVIEW_BOUNDS[3]])
    fw, fh = fig.get_size_inches()
    aspect = (ys[1] - ys[0]) / (xs[1] - xs[0])
    line_h = 0.27 * k / fh
    links = layers.arcs
    room = top - y - line_h * (len(links) + 0.6)
    ah = min(room, w * fw * aspect / fh)
    ax = fig.add_axes((x, top - ah, w, ah), gid="japan-inset")
    ax.set_facecolor(SEA)
    for iso, geom in proj.overview:
        path = polygon_path(geom)
        if path is None:
            continue
        fill = {"LA": LAOS_FILL, "JP": JAPAN_FILL}.get(iso, COUNTRY_FILL)
        edge = {"LA": LAOS_EDGE, "JP": JAPAN_EDGE}.get(iso, COUNTRY_EDGE)
        ax.add_artist(PathPatch(path, facecolor=fill, edgecolor=edge, linewidth=0.5 * k, zorder=1))
    fit_view(ax, fig, (xs[0], ys[0], xs[1], ys[1]))
    for arc in links:
        a = TO_OVERVIEW.transform(arc.japan_latlon[1], arc.japan_latlon[0])
        b = TO_OVERVIEW.transform(arc.lao_latlon[1], arc.lao_latlon[0])
        ax.plot(*arc_xy(a, b), color=JAPAN_POINT, linewidth=1.2 * k, linestyle=(0, (3, 2)), alpha=0.9, zorder=3,
                gid=f"arc:{arc.japan_place_id}:{arc.lao_place_id}")
        ax.scatter([b[0]], [b[1]], s=(4.5 * k) ** 2, color=LAO_POINT, edgecolor=WHITE, linewidth=0.7, zorder=4)
    for site in layers.japan_sites:
        px, py = TO_OVERVIEW.transform(site.lon, site.lat)
        ax.scatter([px], [py], s=(6.5 * k) ** 2, color=JAPAN_POINT, edgecolor=WHITE, linewidth=0.9, zorder=5,
                   gid=f"japan-site:{site.place_id}")
    lab = Labeller(fig, ax)
    for arc in links:
        lab.block_point(*TO_OVERVIEW.transform(arc.lao_latlon[1], arc.lao_latlon[0]), 2.5 * k)
    for site in layers.japan_sites:
        lab.block_point(*TO_OVERVIEW.transform(site.lon, site.lat), 3.5 * k)
    for site in sorted(layers.japan_sites, key=lambda s: (-s.count, s.name)):
        px, py = TO_OVERVIEW.transform(site.lon, site.lat)
        d = 6 * k
        options = [((-d, 0), "right", "center"), ((d, 0), "left", "center"), ((-d, d), "right", "bottom"),
                   ((-d, -d), "right", "top"), ((0, d), "center", "bottom"), ((0, -d), "center", "top")]

        def make(o, site=site, px=px, py=py):
            (dx, dy), ha, va = o
            return ax.annotate(site.name, (px, py), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, zorder=6,
                               gid=f"japan-label:{site.place_id}", **strong(lang, 7.8 * k, JAPAN_POINT, halo=2.2 * k))

        lab.place(make, options)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(INSET_FRAME)
        spine.set_linewidth(0.6)
    yy = top - ah - line_h * 0.35
    for arc in links:
        fig.text(x, yy, f"{arc.japan_name}  —  {arc.lao_name}", ha="left", va="top", fontsize=8.8 * k, color=TEXT, gid="partner-link")
        yy -= line_h


def trays(fig: Figure, layers: MapLayers, x: float, top: float, w: float, k: float) -> float:
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
                                facecolor=LANE, edgecolor=DIVIDER, linewidth=0.8, gid="trays", clip_on=False,
                                mutation_aspect=1 / (w * fw / fh)))
    pad = 0.16 * k / (w * fw)
    head = ax.text(pad, height - 0.17 * k / fh, t("whole_country", lang), ha="left", va="top", gid="trays-title",
                   **strong(lang, 10.5 * k, TEXT))
    fit_width(head, (1 - 2 * pad) * w * fig.bbox.width, min_scale=0.7, wrap=False)
    yy = height - head_h - line_h * 0.5
    for i, (name, count) in enumerate(rows):
        muted = bool(layers.unplaced) and i == len(rows) - 1
        colour = MUTED if muted else TEXT
        ax.text(pad, yy, name, ha="left", va="center", fontsize=9 * k, color=colour, gid="tray-row")
        ax.text(1 - pad, yy, str(count), ha="right", va="center", **strong(lang, 9 * k, colour))
        yy -= line_h
    return top - height


# --------------------------------------------------------------------------- the figure




# --------------------------------------------------------------------------- the key statements beside the map

KEY_SCALES = (1.4, 1.25, 1.12, 1.0, 0.92, 0.84)  # the statements' type: as large as fits, down to 84 % before one is left out
LAST_SCALES = (0.78, 0.7)  # and then down to 70 % for the last one


def statements_panel(fig: Figure, items: list[tuple[str, str, str]], rect: tuple, k: float, lang: str) -> int:
    """The key statements (text, its language, citation) in ``rect``, verbatim, each with its citation; lines broken
    as the language allows (``i18n.linebreak.wrap``: Japanese between phrases). As many whole statements as fit, in
    type as large as the column allows (140 % down to 84 %; one statement alone down to 70 %); one is shortened visibly
    (an ellipsis) only when even it alone cannot fit. Returns how many are shown."""
    from matplotlib.font_manager import FontProperties

    x, y, w, h = rect
    renderer = fig.canvas.get_renderer()
    px_per_pt = fig.dpi / 72
    head = fig.text(x, y + h, t("deck.key", lang), ha="left", va="top", gid="key-title", **strong(lang, 12.5 * k, TEXT))
    top = head.get_window_extent(renderer).y0 - 6 * k * px_per_pt
    room = top - y * fig.bbox.height
    width = w * fig.bbox.width

    def lines_of(text: str, text_lang: str, size: float) -> list[str]:
        prop = FontProperties(size=size)
        return wrap(" ".join(text.split()) if " " in text else text, text_lang, width,
                    lambda s: renderer.get_text_width_height_descent(s, prop, ismath=False)[0])

    def layout(chosen: list[tuple[str, str, str]], scale: float) -> tuple[float, list[tuple[list[str], list[str]]]]:
        body, small = 11.5 * k * scale, 8.6 * k * scale
        blocks = [(lines_of(text, tl, body), lines_of(cite, lang, small)) for text, tl, cite in chosen]
        height = sum((len(a) * body * 1.32 + len(b) * small * 1.3 + 12 * k * scale) * px_per_pt for a, b in blocks)
        return height, blocks

    tries = [(n, sc) for n in range(len(items), 0, -1) for sc in KEY_SCALES] + [(1, sc) for sc in LAST_SCALES]
    for n, scale in tries:
        height, blocks = layout(items[:n], scale)
        if height <= room:
            break
    else:  # one statement too long for the column even small: its lines that fit, the last one ending with '…'
        n, scale = 1, LAST_SCALES[-1]
        _, blocks = layout(items[:1], scale)
        text_lines, cite = blocks[0]
        per_line = 11.5 * k * scale * 1.32 * px_per_pt
        keep = max(1, int((room - (len(cite) * 8.6 * k * scale * 1.3 + 12 * k * scale) * px_per_pt) // per_line))
        if keep < len(text_lines):
            text_lines = [*text_lines[: keep - 1], text_lines[keep - 1][:-1].rstrip() + "…"]
        blocks = [(text_lines, cite)]
    cursor = top
    body, small = 11.5 * k * scale, 8.6 * k * scale
    for text_lines, cite_lines in blocks:
        y_fig = cursor / fig.bbox.height
        txt = fig.text(x, y_fig, "\n".join(text_lines), ha="left", va="top", fontsize=body, color=TEXT, linespacing=1.32,
                       gid="key-statement")
        cursor = txt.get_window_extent(renderer).y0 - 2 * k * scale * px_per_pt
        cited = fig.text(x, cursor / fig.bbox.height, "\n".join(cite_lines), ha="left", va="top", fontsize=small, color=MUTED,
                         linespacing=1.3, gid="key-citation")
        cursor = cited.get_window_extent(renderer).y0 - 10 * k * scale * px_per_pt
    return n
