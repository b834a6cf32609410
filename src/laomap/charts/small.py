"""Small charts of the dashboard: statements by theme.

Like the map and the timeline, these return figures (HTML strings) and
never draw them; every label is HTML-escaped. The HTML bars are links (a figure is a door
to its statements).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from laomap.i18n.linebreak import html_pieces
from laomap.style import BRAND, BRAND_SOFT
from laomap.templates import render


def theme_bars_html(counts: pd.DataFrame, selected: Iterable[str] = (), links: Mapping[str, str] | None = None,
                    lang: str = "en") -> str:
    """Statements per theme (``summary.theme_counts``) as plain HTML bars, longest first; selected themes stand out.

    HTML rather than plotly for the overview: it draws at once and loads no chart library
    next to the map (the overview must show its map quickly). With ``links`` (theme id ->
    URL), each bar is a link to the statements behind it. A label breaks only between its phrases or after their
    punctuation (``linebreak.html_pieces``: BudouX for Japanese, syllables for Lao, spaces otherwise), never inside a
    word such as スポーツ.
    """
    chosen = set(selected)
    top = max(counts.statements, default=0) or 1
    rows = []
    for theme, label, n in zip(counts.theme, counts.label, counts.statements):
        colour = BRAND if (not chosen or theme in chosen) else BRAND_SOFT
        rows.append(_bar_row(label, [(n, top, colour, (links or {}).get(theme))], lang=lang))
    return render("theme_bars.html", rows=rows)


def _bar_row(label: str, bars: list[tuple[int, int, str, str | None]], note: str = "", lang: str = "en") -> dict:
    """A label and one or more bars (value, scale, colour, link) as the template's row; a bar with a link is an anchor to it."""
    drawn = [{"width": f"{100 * n / (top or 1):.1f}", "colour": colour, "n": int(n), "link": link if link and n else None,
              "note": note if note and i == len(bars) - 1 else ""}
             for i, (n, top, colour, link) in enumerate(bars)]
    first = bars[0][3] if bars and bars[0][3] and bars[0][0] else None
    return {"label": html_pieces(label, lang), "first": first if len(bars) == 1 else None, "bars": drawn}
