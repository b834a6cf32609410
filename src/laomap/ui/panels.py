"""Panels beside and below the map: statement cards, the whole-country tray, the Japanese partners.

Statement text comes from the documents and is shown as escaped HTML (``st.html``), never
as Markdown: a ``$`` or ``*`` in a clause must not turn into formatting.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from laomap.i18n import t
from laomap.pipeline.dataset import Dataset
from laomap.style import JAPAN_POINT
from laomap.templates import render
from laomap.ui.literal import literal
from laomap.views.details import statement_card
from laomap.views.layers import MapLayers

CARD_LIMIT = 30


def cards_html(ds: Dataset, rows: pd.DataFrame, lang: str, limit: int = CARD_LIMIT) -> str:
    """Escaped HTML cards for statements (``templates/statement_card.html``, the map's popups use it too)."""
    cards = [statement_card(ds, row, lang, t("ui.original_language", lang)) for _, row in rows.head(limit).iterrows()]
    more = t("ui.more_statements", lang, n=len(rows) - limit) if len(rows) > limit else ""
    return render("statement_cards.html", cards=cards, more=more)


def statement_cards(ds: Dataset, rows: pd.DataFrame, lang: str, limit: int = CARD_LIMIT) -> None:
    if rows.empty:
        st.info(t("empty_selection", lang))
        return
    st.html(cards_html(ds, rows, lang, limit))


def _details(summary: str, body: str) -> str:
    return f'<details class="lm-details"><summary>{summary}</summary><div class="lm-details-body">{body}</div></details>'


def trays_panel(ds: Dataset, layers: MapLayers) -> None:
    """The 'whole country and wider region' statements, which have no honest place on the map.

    One HTML block with native <details> (not Streamlit expanders): it draws at once, next to the map.
    """
    lang = layers.lang
    e = html.escape
    parts = [f'<h4 class="lm-panel-title">{e(t("mp.trays", lang))}</h4><p class="lm-panel-note">{e(t("mp.trays_note", lang))}</p>']
    if not layers.trays:
        parts.append(f'<p class="lm-panel-note">{e(t("mp.none", lang))}</p>')
    for tray in layers.trays:
        rows = layers.statements.loc[list(tray.statement_ids)]
        parts.append(_details(f'{e(tray.name)} <span class="lm-n">{tray.count}</span>', cards_html(ds, rows, lang, limit=10)))
    if layers.unplaced:
        parts.append(f'<p class="lm-panel-note">{e(t("mp.no_place_n", lang, n=len(layers.unplaced)))}</p>')
    st.html("".join(parts))


def trays_line(layers: MapLayers) -> None:
    """The whole-country tray in one line under a compact map: 'Not on the map: Lao PDR 11 · Japan 4 …'."""
    lang = layers.lang
    if layers.trays:
        items = " · ".join(f"{literal(tray.name)} {tray.count}" for tray in layers.trays)  # a caption reads Markdown
        st.caption(f"{t('map.trays_title', lang)}: {items}")


def japan_panel(ds: Dataset, layers: MapLayers) -> None:
    """Japanese partners linked to their Lao counterparts, and other places in Japan the selection names."""
    lang = layers.lang
    e = html.escape
    parts = [f'<h4 class="lm-panel-title">{e(t("mp.japan", lang))}</h4><p class="lm-panel-note">{e(t("mp.japan_note", lang))}</p>']
    if not layers.arcs and not layers.japan_sites:
        parts.append(f'<p class="lm-panel-note">{e(t("mp.none", lang))}</p>')
    for arc in layers.arcs:
        rows = layers.statements.loc[list(arc.statement_ids)]
        summary = (f'<span class="lm-dot" style="background:{JAPAN_POINT}"></span><b>{e(arc.japan_name)}</b> ⇄ '
                   f'<b>{e(arc.lao_name)}</b> <span class="lm-n">{len(arc.statement_ids)}</span>'
                   f'<div class="lm-partner-rel">{e(arc.relation)}</div>')
        parts.append(_details(summary, cards_html(ds, rows, lang, limit=5)))
    partners = {a.japan_place_id for a in layers.arcs}
    others = [s for s in layers.japan_sites if s.place_id not in partners]
    if others:
        parts.append(f'<p class="lm-panel-sub">{e(t("mp.other_japan", lang))}</p>')
        for site in others:
            rows = layers.statements.loc[list(site.statement_ids)]
            parts.append(_details(f'{e(site.name)} <span class="lm-n">{site.count}</span>', cards_html(ds, rows, lang, limit=5)))
    st.html("".join(parts))
