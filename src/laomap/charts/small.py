"""Small charts of the dashboard: statements by theme.

Like the map and the timeline, these return figures (HTML strings) and
never draw them; every label is HTML-escaped. The HTML bars are links (a figure is a door
to its statements).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import pandas as pd

from laomap.style import BRAND, BRAND_SOFT


def theme_bars_html(counts: pd.DataFrame, selected: Iterable[str] = (), links: Mapping[str, str] | None = None) -> str:
    """Statements per theme (``summary.theme_counts``) as plain HTML bars, longest first; selected themes stand out.

    HTML rather than plotly for the overview: it draws at once and loads no chart library
    next to the map (the overview must show its map quickly). With ``links`` (theme id ->
    URL), each bar is a link to the statements behind it.
    """
    chosen = set(selected)
    top = max(counts.statements, default=0) or 1
    rows = []
    for theme, label, n in zip(counts.theme, counts.label, counts.statements):
        colour = BRAND if (not chosen or theme in chosen) else BRAND_SOFT
        rows.append(_bar_row(label, [(n, top, colour, (links or {}).get(theme))]))
    return '<div class="lm-bars">' + "".join(rows) + "</div>"


def _bar_row(label: str, bars: list[tuple[int, int, str, str | None]], note: str = "") -> str:
    """A label and one or more bars (value, scale, colour, link); a bar with a link is an anchor to it."""
    e = html.escape
    drawn = []
    for i, (n, top, colour, link) in enumerate(bars):
        said = f' <span class="lm-bar-note">{e(note)}</span>' if note and i == len(bars) - 1 else ""
        bar = (f'<span class="lm-bar" style="width:{100 * n / (top or 1):.1f}%;background:{colour}"></span>'
               f'<span class="lm-bar-n">{int(n)}{said}</span>')
        if link and n:
            drawn.append(f'<a class="lm-bar-track lm-door" href="{e(link)}" data-n="{int(n)}">{bar}</a>')
        else:
            drawn.append(f'<span class="lm-bar-track">{bar}</span>')
    first = bars[0][3] if bars and bars[0][3] and bars[0][0] else None
    head = (f'<a class="lm-bar-label lm-door" href="{e(first)}">{e(label)}</a>' if first and len(bars) == 1
            else f'<span class="lm-bar-label">{e(label)}</span>')
    return f'<div class="lm-bar-row">{head}<span class="lm-bar-stack">{"".join(drawn)}</span></div>'
