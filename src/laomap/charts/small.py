"""Small plotly charts of the dashboard: statements by theme, and two plans compared by theme.

Like the map and the timeline, these return figures and never draw them; every label
is HTML-escaped, because plotly reads a few HTML tags in its text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from laomap.charts.timeline import FONT, plotly_text
from laomap.style import CHOROPLETH, JAPAN_POINT, MUTED
from laomap.views.compare import status_label

STATUS_COLOURS = {"shared": CHOROPLETH[4], "new": "#e07a1f", "dropped": JAPAN_POINT}


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 30, "t": 10, "b": 30}, font={"family": FONT, "size": 14},
                      plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", bargap=0.25, showlegend=False,
                      hoverlabel={"font": {"family": FONT}})
    fig.update_xaxes(showgrid=True, gridcolor="#eef1f2", zeroline=False, fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True, ticks="", automargin=True, tickfont={"size": 14, "color": "#1f2933"})
    return fig


def theme_bars_html(counts: pd.DataFrame, selected: Iterable[str] = ()) -> str:
    """Statements per theme (``summary.theme_counts``) as plain HTML bars, longest first; selected themes stand out.

    HTML rather than plotly for the overview: it draws at once and loads no chart library
    next to the map (the overview must show its map quickly).
    """
    chosen = set(selected)
    top = max(counts.statements, default=0) or 1
    rows = []
    for theme, label, n in zip(counts.theme, counts.label, counts.statements):
        colour = CHOROPLETH[4] if (not chosen or theme in chosen) else CHOROPLETH[2]
        rows.append(
            f'<div class="lm-bar-row"><span class="lm-bar-label">{html.escape(label)}</span>'
            f'<span class="lm-bar-track"><span class="lm-bar" style="width:{100 * n / top:.1f}%;background:{colour}"></span>'
            f'<span class="lm-bar-n">{int(n)}</span></span></div>'
        )
    return '<div class="lm-bars">' + "".join(rows) + "</div>"


def compare_chart(table: pd.DataFrame, lang: str, before: str, after: str) -> go.Figure:
    """Two bars per theme or place (earlier plan, later plan), coloured by status, labelled shared/new/dropped."""
    labels = [plotly_text(s) for s in table.label]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=table.before, y=labels, orientation="h", name=plotly_text(before), marker={"color": "#b8c2cc"},
                         hovertemplate=f"{plotly_text(before)}: %{{x}}<extra></extra>"))
    fig.add_trace(go.Bar(x=table.after, y=labels, orientation="h", name=plotly_text(after),
                         marker={"color": [STATUS_COLOURS[s] for s in table.status]},
                         text=[plotly_text(status_label(s, lang)) for s in table.status], textposition="outside",
                         textfont={"color": [STATUS_COLOURS[s] for s in table.status], "size": 12}, cliponaxis=False,
                         hovertemplate=f"{plotly_text(after)}: %{{x}}<extra></extra>"))
    fig = _layout(fig, max(240, 60 + 44 * len(table)))
    fig.update_layout(barmode="group", showlegend=True, bargap=0.3, bargroupgap=0.05,
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"color": MUTED}},
                      margin={"t": 40})
    return fig
