"""The interactive timeline: ``chronology.timeline_items`` -> a plotly figure.

One lane per theme (a statement's first theme); inside a lane, items that would overlap
are stacked on sub-rows. Periods are bars, "since" mentions open bars up to the plan's
year, events points, targets diamonds (milestones) and derived anniversary origins open
circles; a statement that gives no date of its own sits at its plan's date as a grey open
square ("plan's date"). Hovering shows the clause, the words that carry the date and the
citation; every item carries its statement id (``customdata``), so a click can open it.
Dashed lines mark the dates of the plans themselves.
"""

from __future__ import annotations

import html
import textwrap
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from laomap.i18n import t
from laomap.style import ACCENT

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset


KINDS = ("period", "since", "event", "target", "anniversary", "plan")
KIND_COLOURS = {"period": ACCENT, "since": "#8fcdc1", "event": "#1d3557", "target": "#bc002d", "anniversary": "#6d597a",
                "plan": "#8a94a3"}
KIND_SYMBOLS = {"event": "circle", "target": "diamond", "anniversary": "circle-open", "since": "triangle-right", "plan": "square-open"}
ROW_HEIGHT = 34
# Sub-rows a lane may take (the real plans need at most 6): past that, items share the row that frees up
# first, so that 10,000 statements make a chart a few screens tall rather than 79,000 px.
MAX_ROWS_PER_LANE = 8
FONT = "'Source Sans', 'Source Sans Pro', 'Segoe UI', Arial, 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', Meiryo, sans-serif"


def plotly_text(text: str) -> str:
    """Text for a plotly label, legend or hover: ``&``, ``<`` and ``>`` escaped, since plotly reads a few HTML tags.

    Quotes stay as they are: plotly knows no ``&quot;`` entity and would show it as written.
    """
    return html.escape(text, quote=False)


def _wrap(text: str, width: int) -> str:
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(text, width=width)) or plotly_text(text)


def _centre(start: date, end: date) -> date:
    return start + (end - start) / 2


def _rows_within_lanes(items: pd.DataFrame, max_rows: int = MAX_ROWS_PER_LANE) -> pd.Series:
    """A sub-row for every item so that items of one lane do not overlap (greedy interval packing).

    A lane takes at most ``max_rows`` sub-rows; an item that finds none free goes to the one that frees up first.
    """
    out: dict = {}
    pad = timedelta(days=75)  # a point marker is about two and a half months wide at the usual zoom
    spans = {}
    for idx, kind, start, end in zip(items.index, items.kind, items.start, items.end):
        if kind in ("period", "since"):
            spans[idx] = (start, end)
        else:
            c = _centre(start, end)
            spans[idx] = (c - pad, c + pad)
    for _, lane in items.groupby("lane", sort=False):
        ends: list[date] = []
        for idx in sorted(lane.index, key=lambda i: spans[i]):
            lo, hi = spans[idx]
            for row, end in enumerate(ends):
                if lo > end:
                    ends[row] = hi
                    out[idx] = row
                    break
            else:
                if len(ends) < max_rows:
                    ends.append(hi)
                    out[idx] = len(ends) - 1
                else:
                    row = min(range(len(ends)), key=ends.__getitem__)
                    ends[row] = max(ends[row], hi)
                    out[idx] = row
    return pd.Series([out[i] for i in items.index], index=items.index, dtype="int64")


def _focus(items: pd.DataFrame) -> tuple[date, date, date, date]:
    """The full extent and the initial view: the dense middle when a few items lie decades away."""
    lo, hi = min(items.start), max(items.end)
    full = (date(lo.year - 1, 1, 1), date(hi.year + 2, 1, 1))
    if hi.year - lo.year <= 25:
        return (*full, *full)
    centres = pd.Series([_centre(s, e).toordinal() for s, e in zip(items.start, items.end)])
    a, b = date.fromordinal(int(centres.quantile(0.1))), date.fromordinal(int(centres.quantile(0.9)))
    view = (date(max(lo.year, a.year - 2) - 1, 1, 1), date(min(hi.year, b.year + 5) + 1, 1, 1))
    return (*full, *view)


def timeline_figure(items: pd.DataFrame, lang: str, ds: Dataset | None = None) -> go.Figure:
    """The figure for ``items`` (as returned by ``chronology.timeline_items``); ``ds`` adds the plans' dates."""
    fig = go.Figure()
    fig.update_layout(font={"family": FONT, "size": 14}, margin={"l": 10, "r": 20, "t": 40, "b": 10},
                      plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
                      hoverlabel={"font": {"family": FONT, "size": 13, "color": "#1f2933"}, "align": "left", "bgcolor": "#ffffff",
                                  "bordercolor": "#94a3b8"})
    if items.empty:
        fig.add_annotation(text=plotly_text(t("tl.empty", lang)), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                           font={"size": 16, "color": "#6b7280"})
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        fig.update_layout(height=240)
        return fig

    items = items.copy()
    items["lane"] = items.theme
    lane_order = list(dict.fromkeys(items.sort_values(["start", "statement_id"]).lane))
    items["row"] = _rows_within_lanes(items)
    rows_per_lane = items.groupby("lane").row.max().add(1).to_dict()
    base, y = {}, 0.0
    for lane in lane_order:
        base[lane] = y
        y += rows_per_lane[lane] + 0.6  # a gap between lanes
    items["y"] = [-(base[lane] + row) for lane, row in zip(items.lane, items.row)]
    width = 90 if lang == "en" else 45

    def hover(iso: str, kind: str, is_derived: bool, text: str, quote: str, cite: str) -> str:
        when = iso.replace("/", "–")
        if kind == "plan":
            return (f"<b>{plotly_text(when)}</b> · {plotly_text(t('tl.plan_note', lang))}<br>{_wrap(text, width)}<br>"
                    f"<span style='color:#6b7280'>{plotly_text(cite)}</span>")
        derived = f" ({t('tl.derived', lang)})" if is_derived else ""
        return (f"<b>{plotly_text(when)}</b> · {plotly_text(t('tl.' + kind, lang))}{derived}<br>"
                f"{_wrap(text, width)}<br><span style='color:#6b7280'>{plotly_text(t('tl.date_words', lang))}: "
                f"“{plotly_text(quote)}” — {plotly_text(cite)}</span>")

    # columns zipped, not DataFrame.apply: a Series per item cost more than the text itself at 10,000 statements
    items["hover"] = [hover(*x) for x in zip(items.iso, items.kind, items.derived, items.text, items.quote, items.citation)]
    for kind in KINDS:
        sub = items[items.kind == kind]
        if sub.empty:
            continue
        name = t(f"tl.{kind}", lang)
        if kind in ("period", "since"):
            durations = [(pd.Timestamp(e) - pd.Timestamp(s)).total_seconds() * 1000 for s, e in zip(sub.start, sub.end)]
            fig.add_trace(go.Bar(
                base=[pd.Timestamp(s) for s in sub.start], x=durations, y=sub.y, orientation="h", name=name, width=0.55,
                marker={"color": KIND_COLOURS[kind], "line": {"width": 0}, "opacity": 0.9 if kind == "period" else 0.75},
                hovertext=sub.hover, hovertemplate="%{hovertext}<extra></extra>", customdata=sub.statement_id,
            ))
            if kind == "since":
                fig.add_trace(go.Scatter(
                    x=[pd.Timestamp(s) for s in sub.start], y=sub.y, mode="markers", showlegend=False, hoverinfo="skip",
                    marker={"symbol": "line-ns", "size": 16, "line": {"width": 3, "color": KIND_COLOURS[kind]}},
                ))
        else:
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(_centre(s, e)) for s, e in zip(sub.start, sub.end)], y=sub.y, mode="markers", name=name,
                marker={"symbol": KIND_SYMBOLS[kind], "size": 15 if kind == "target" else (11 if kind == "plan" else 12),
                        "color": KIND_COLOURS[kind],
                        "line": {"width": 2 if kind in ("anniversary", "plan") else 1.5,
                                 "color": KIND_COLOURS[kind] if kind in ("anniversary", "plan") else "#ffffff"}},
                hovertext=sub.hover, hovertemplate="%{hovertext}<extra></extra>", customdata=sub.statement_id,
            ))

    lo, hi, view_lo, view_hi = _focus(items)
    shapes, annotations = [], []
    for i, lane in enumerate(lane_order):
        top, bottom = -(base[lane]) + 0.5, -(base[lane] + rows_per_lane[lane] - 1) - 0.5
        if i % 2 == 0:
            shapes.append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "y0": bottom - 0.05, "y1": top + 0.05,
                           "fillcolor": "#f3f5f6", "line": {"width": 0}, "layer": "below"})
    if ds is not None:
        for plan_id in sorted({p for p in items.plan_id}):
            meta = ds.documents[plan_id]
            when = pd.Timestamp(meta.date if len(meta.date) == 10 else f"{meta.date[:4]}-07-01")
            shapes.append({"type": "line", "x0": when, "x1": when, "yref": "paper", "y0": 0, "y1": 1,
                           "line": {"color": "#9ca3af", "width": 1.5, "dash": "dash"}, "layer": "below"})
            annotations.append({"x": when, "y": 1, "yref": "paper", "yanchor": "bottom", "text": plotly_text(meta.short_title(lang)),
                                "showarrow": False, "font": {"size": 12, "color": "#6b7280"}})
    outside = int(((items.end < view_lo) | (items.start > view_hi)).sum())
    if outside:
        years = sorted({s.year for s, e in zip(items.start, items.end) if e < view_lo or s > view_hi})
        annotations.append({"x": 1, "xref": "paper", "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "right", "yshift": 22,
                            "text": plotly_text(t("tl.outside", lang, n=outside, years=", ".join(map(str, years)))),
                            "showarrow": False, "font": {"size": 12, "color": "#6b7280"}})
    tick_vals = [-(base[lane] + (rows_per_lane[lane] - 1) / 2) for lane in lane_order]
    n_rows = sum(rows_per_lane.values()) + 0.6 * len(lane_order)
    fig.update_layout(
        height=int(170 + ROW_HEIGHT * n_rows), shapes=shapes, annotations=annotations, barmode="overlay", bargap=0,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.06, "xanchor": "left", "x": 0, "title": None}, showlegend=True,
        hovermode="closest", margin={"l": 10, "r": 20, "t": 70, "b": 10},
    )
    fig.update_xaxes(type="date", range=[view_lo, view_hi], showgrid=True, gridcolor="#e5e7eb", tickformat="%Y",
                     rangeslider={"visible": outside > 0, "range": [lo, hi], "thickness": 0.06}, dtick="M12" if (view_hi.year - view_lo.year) <= 16 else None)
    fig.update_yaxes(tickvals=tick_vals, ticktext=[plotly_text(lane) for lane in lane_order], showgrid=False, zeroline=False,
                     range=[-(y - 0.6) + 0.3, 0.7], fixedrange=True, ticks="", automargin=True)
    return fig
