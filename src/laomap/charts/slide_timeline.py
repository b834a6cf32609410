"""Timeline items -> matplotlib figure, for the slide deck (the dashboard draws the same items as HTML).

One lane per theme; events are dots, periods bars, targets diamonds, "since" an open bar up
to the plan's year, and dates derived from an anniversary hollow dots. The statements that give no date of their
own sit at their plan's date as on the dashboard's Timeline: one grey open square per lane and plan, labelled with
how many they are. Colour says the kind of
date, in the dashboard timeline's colours (``style.DATE_KINDS``), as the legend does; each
item is labelled with the date as the plan words it, where the label has room. The plans' dates cluster
around 2015–2025 while a few reach back to 1965 or forward to 2050, so the time axis is linear
from 2010 to 2030 and compressed outside it; the compressed stretches are shaded and labelled.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from laomap.i18n import t, theme_label
from laomap.maps.fonts import RENDER_LOCK, rc
from laomap.style import DATE_KIND, DATE_KINDS, HAIRLINE, LANE, MUTED, SWATCH_EDGE, TEXT, WHITE, DateKind
from laomap.views.chronology import PLAN_DATE

LINEAR = (2010.0, 2030.0)  # the stretch drawn at full scale
SQUEEZE = 0.25  # years outside it take a quarter of the width
MAX_LANES = 9
LABEL_CHARS = 22  # a label longer than this is shortened with an ellipsis


# How each mark (style.MARKS) is drawn on a slide; its colours come from its kind (style.DATE_KINDS).
_BAR_STYLE: dict[str, dict[str, Any]] = {"bar": {"alpha": 0.8, "hatch": None}, "open-bar": {"alpha": 0.45, "hatch": "//"}}
_POINTS: dict[str, tuple[str, float, bool]] = {  # mark -> (matplotlib marker, size, filled)
    "dot": ("o", 55, True), "diamond": ("D", 70, True), "ring": ("o", 60, False), "square": ("s", 50, False),
}


def _point_style(kind: DateKind) -> dict[str, Any]:
    """A point mark's scatter style: filled with the kind's colour and a white edge, or hollow with a coloured ring."""
    marker, size, filled = _POINTS[kind.mark]
    if filled:
        return {"marker": marker, "s": size, "color": kind.colour, "edgecolor": WHITE, "linewidth": 0.8}
    return {"marker": marker, "s": size, "facecolor": WHITE, "edgecolor": kind.colour, "linewidth": 1.6}


def _legend_handle(kind: DateKind, label: str) -> Artist:
    """The deck legend's sample of a kind, drawn as its mark."""
    if kind.is_bar:
        style = _BAR_STYLE[kind.mark]
        return Patch(facecolor=kind.colour, alpha=style["alpha"], hatch=style["hatch"], edgecolor=kind.colour if style["hatch"] else None,
                     label=label)
    marker, _, filled = _POINTS[kind.mark]
    face, edge = (kind.colour, WHITE) if filled else (WHITE, kind.colour)
    return Line2D([], [], marker=marker, linestyle="none", markersize=8, markerfacecolor=face, markeredgecolor=edge,
                  markeredgewidth=1.0 if filled else 1.6, label=label)


def _fwd(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    lo, hi = LINEAR
    return np.where(x < lo, lo - (lo - x) * SQUEEZE, np.where(x > hi, hi + (x - hi) * SQUEEZE, x))


def _inv(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    lo, hi = LINEAR
    return np.where(y < lo, lo - (lo - y) / SQUEEZE, np.where(y > hi, hi + (y - hi) / SQUEEZE, y))


def _year(d: date) -> float:
    return d.year + (d.timetuple().tm_yday - 1) / 365.25


def _ticks(lo: float, hi: float) -> list[int]:
    inner = list(range(int(LINEAR[0]), int(LINEAR[1]) + 1, 5))
    outer_before = [y for y in (1960, 1970, 1980, 1990, 2000) if lo - 1 <= y < LINEAR[0]]
    outer_after = [y for y in (2040, 2050, 2060) if LINEAR[1] < y <= hi + 1]
    return [y for y in outer_before + inner + outer_after if lo - 1 <= y <= hi + 1]


def lanes_for(items: pd.DataFrame, rows: pd.DataFrame, themes: tuple[str, ...], lang: str) -> pd.DataFrame:
    """Put each item in the lane of the first *selected* theme of its statement (not simply its first theme),
    so a deck about three themes shows those three lanes."""
    if items.empty or not themes:
        return items
    themes_of = dict(zip(rows.statement_id, rows.themes))

    def lane(sid: str, current: str) -> str:
        chosen = next((x for x in themes_of.get(sid, ()) if x in themes), None)
        return theme_label(chosen, lang) if chosen else current

    return items.assign(theme=[lane(s, c) for s, c in zip(items.statement_id, items.theme)])


def timeline_figure(items: pd.DataFrame, lang: str, *, size: tuple[float, float] = (12.3, 5.2), dpi: int = 150,
                    plan_years: dict[str, int] | None = None) -> Figure:
    """A slide-sized timeline of ``chronology.timeline_items`` output; a note instead when there is nothing dated."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with RENDER_LOCK, mpl.rc_context(rc(lang)):
        fig = Figure(figsize=size, dpi=dpi, facecolor=WHITE)
        FigureCanvasAgg(fig)
        if items.empty:
            fig.text(0.5, 0.5, t("stl.none", lang), ha="center", va="center", fontsize=16, color=MUTED, gid="timeline-empty")
            return fig
        lanes = list(dict.fromkeys(items.sort_values("start").theme))
        counts = items.theme.value_counts()
        if len(lanes) > MAX_LANES:
            keep = set(counts.index[: MAX_LANES - 1])
            lanes = [x for x in lanes if x in keep]
            other = t("stl.more", lang, n=len(counts) - (MAX_LANES - 1))
            items = items.assign(theme=items.theme.where(items.theme.isin(keep), other))
            lanes.append(other)
        lane_of = {name: i for i, name in enumerate(reversed(lanes))}
        ax = fig.add_axes((0.25, 0.2, 0.72, 0.76), gid="timeline")
        ax.set_xscale("function", functions=(_fwd, _inv))
        starts = items.start.map(_year)
        ends = items.end.map(_year) + 1 / 365.25
        lo, hi = float(np.floor(starts.min())) - 1, float(np.ceil(ends.max())) + 1
        lo, hi = min(lo, LINEAR[0] + 1), max(hi, LINEAR[1] - 1)
        ax.set_xlim(lo, hi)
        bottom = min(-0.7, len(lanes) - 4.3)  # a few lanes keep the height of four, at the top
        ax.set_ylim(bottom, len(lanes) - 0.3)
        for band in ((lo, LINEAR[0]), (LINEAR[1], hi)):
            if band[1] > band[0]:
                ax.add_patch(Rectangle((band[0], bottom), band[1] - band[0], len(lanes) - 0.3 - bottom, facecolor=LANE,
                                       edgecolor="none", zorder=0))
        for i in range(len(lanes)):
            ax.axhline(i, color=HAIRLINE, linewidth=0.8, zorder=1)
        for name, year in (plan_years or {}).items():
            ax.axvline(year + 0.5, color=MUTED, linewidth=1, linestyle=(0, (4, 3)), zorder=1)
            ax.text(year + 0.5, len(lanes) - 0.35, name, ha="center", va="bottom", fontsize=9, color=MUTED)
        jitter: dict[tuple[int, int], int] = {}
        bars: dict[int, list[tuple[float, float, float]]] = {}
        marks = []  # (x, y, label) of every item, labelled once all are drawn
        at_plan: dict[tuple[int, float], int] = {}  # (lane, plan date): statements with no date of their own
        for row, s, e in zip(items.itertuples(index=False), starts, ends):
            y = lane_of[row.theme]
            if row.kind == PLAN_DATE:
                at_plan[(y, float(s))] = at_plan.get((y, float(s)), 0) + 1
                continue
            # a date derived from an anniversary ("the 70th anniversary") is drawn as an anniversary's origin
            kind = DATE_KIND["anniversary" if row.derived and row.kind == "event" else row.kind]
            if kind.is_bar:
                taken = bars.setdefault(y, [])
                offset = next(o for o in (0.0, 0.3, -0.3, 0.6, -0.6) if not any(o == to and s < te and ts < e for ts, te, to in taken))
                taken.append((s, e, offset))
                ax.barh(y + offset, e - s, left=s, height=0.26, **_BAR_STYLE[kind.mark], color=kind.colour,
                        edgecolor=kind.colour, linewidth=1.2, zorder=2, gid=f"tl-{row.kind}")
                marks.append((s, y + offset, row.quote))
                continue
            key = (y, int(s))
            shift = jitter.get(key, 0)
            jitter[key] = shift + 1
            yy = y + (0.16 * ((shift + 1) // 2) * (1 if shift % 2 else -1) if shift else 0)
            x = (s + e) / 2 if row.precision == "year" else s
            ax.scatter([x], [yy], **_point_style(kind), zorder=4, gid=f"tl-{kind.id}")
            marks.append((x, yy, row.quote))
        plan_kind = DATE_KIND[PLAN_DATE]
        for (y, s), n in at_plan.items():  # one square per lane and plan, with how many statements sit there
            ax.scatter([s], [y], **_point_style(plan_kind), zorder=3, gid=f"tl-{PLAN_DATE}")
            marks.append((s, y, t("smap.statements_short", lang, n=n)))
        _label_items(fig, ax, marks)
        ax.set_yticks(range(len(lanes)), list(reversed(lanes)), fontsize=11, color=TEXT)
        ticks = _ticks(lo, hi)
        ax.set_xticks(ticks, [str(x) for x in ticks], fontsize=10, color=TEXT)
        ax.xaxis.set_minor_locator(mpl.ticker.NullLocator())
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(SWATCH_EDGE)
        shown = set(items.kind) | ({"anniversary"} if bool((items.derived & (items.kind == "event")).any()) else set())
        handles = [_legend_handle(k, t(k.slide_label, lang)) for k in DATE_KINDS if k.slide_label and k.id in shown]
        cols = len(handles) if len(handles) <= 4 else (len(handles) + 1) // 2  # two rows rather than a row cut at the edge
        legend = fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.02, 0.0), ncols=cols, frameon=False,
                            fontsize=10, handlelength=1.6, columnspacing=1.6)
        legend.set_gid("timeline-legend")
        fig.text(0.97, 0.09, t("stl.compressed", lang, lo=int(LINEAR[0]), hi=int(LINEAR[1])), ha="right", va="center",
                 fontsize=8.5, color=MUTED)
    return fig


def _label_items(fig: Figure, ax, marks: list[tuple[float, float, str]]) -> None:
    """Each item's date words above it ('by 2030', '2021–2025'), left out where they would overlap another label."""
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = []
    for x, y, words in sorted(marks, key=lambda m: (m[0], -m[1])):
        text = " ".join(str(words).split())
        if not text:
            continue
        if len(text) > LABEL_CHARS:
            text = text[: LABEL_CHARS - 1].rstrip() + "…"
        label = ax.annotate(text, (x, y), xytext=(0, 7), textcoords="offset points", ha="center", va="bottom", fontsize=8.5,
                            color=TEXT, zorder=5, gid="tl-label")
        bb = label.get_window_extent(renderer)
        if bb.x0 < frame.x0 - 40 or bb.x1 > frame.x1 + 10 or any(bb.overlaps(o) for o in taken):
            label.remove()
            continue
        taken.append(bb.expanded(1.06, 1.1))


def timeline_png(items: pd.DataFrame, lang: str, *, size: tuple[float, float] = (12.3, 5.2), dpi: int = 150,
                 plan_years: dict[str, int] | None = None) -> bytes:
    fig = timeline_figure(items, lang, size=size, dpi=dpi, plan_years=plan_years)
    buf = io.BytesIO()
    with RENDER_LOCK, mpl.rc_context(rc(lang)):
        fig.savefig(buf, format="png", dpi=dpi, facecolor=WHITE, metadata={"Software": "laomap"})
    return buf.getvalue()
