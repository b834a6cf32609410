"""Panels beside and below the map: statement cards, the whole-country tray, the Japanese partners.

Statement text comes from the documents and is shown as escaped HTML (``st.html``), never
as Markdown: a ``$`` or ``*`` in a clause must not turn into formatting.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from ..dataset import Dataset
from ..i18n import citation, kind_label, t
from ..layers import MapLayers
from ..style import JAPAN_POINT

CARD_LIMIT = 30


def cards_html(ds: Dataset, rows: pd.DataFrame, lang: str, limit: int = CARD_LIMIT) -> str:
    """Escaped HTML cards for statements: kind, verbatim text, citation, and a note when not translated."""
    e = html.escape
    parts = []
    for _, row in rows.head(limit).iterrows():
        note = "" if row["translated"] else f'<div class="lm-card-note">{e(t("ui.original_language", lang))}</div>'
        parts.append(
            f'<div class="lm-card"><div class="lm-card-meta"><span class="lm-kind lm-kind-{e(row["kind"])}">'
            f'{e(kind_label(row["kind"], lang))}</span><span>{e(citation(ds, row, lang))}</span></div>'
            f'<div class="lm-card-text">{e(row["text"])}</div>{note}</div>'
        )
    if len(rows) > limit:
        parts.append(f'<div class="lm-card-more">{e(t("ui.more_statements", lang, n=len(rows) - limit))}</div>')
    return "".join(parts)


def statement_cards(ds: Dataset, rows: pd.DataFrame, lang: str, limit: int = CARD_LIMIT) -> None:
    if rows.empty:
        st.info(t("empty_selection", lang))
        return
    st.html(cards_html(ds, rows, lang, limit))


def trays_panel(ds: Dataset, layers: MapLayers) -> None:
    """The 'whole country and wider region' statements, which have no honest place on the map."""
    lang = layers.lang
    st.markdown(f"#### {t('mp.trays', lang)}")
    st.caption(t("mp.trays_note", lang))
    if not layers.trays:
        st.caption(t("mp.none", lang))
    for tray in layers.trays:
        with st.expander(f"{tray.name} · {tray.count}"):
            statement_cards(ds, layers.statements.loc[list(tray.statement_ids)], lang, limit=10)
    if layers.unplaced:
        st.caption(t("mp.no_place_n", lang, n=len(layers.unplaced)))


def trays_line(layers: MapLayers) -> None:
    """The whole-country tray in one line under a compact map: 'Not on the map: Lao PDR 11 · Japan 4 …'."""
    lang = layers.lang
    if layers.trays:
        items = " · ".join(f"{tray.name} {tray.count}" for tray in layers.trays)
        st.caption(f"{t('map.trays_title', lang)}: {items}")


def japan_panel(ds: Dataset, layers: MapLayers) -> None:
    """Japanese partners linked to their Lao counterparts, and other places in Japan the selection names."""
    lang = layers.lang
    e = html.escape
    st.markdown(f"#### {t('mp.japan', lang)}")
    st.caption(t("mp.japan_note", lang))
    if not layers.arcs and not layers.japan_sites:
        st.caption(t("mp.none", lang))
        return
    for arc in layers.arcs:
        st.html(f'<div class="lm-partner"><span class="lm-dot" style="background:{JAPAN_POINT}"></span>'
                f'<b>{e(arc.japan_name)}</b> ⇄ <b>{e(arc.lao_name)}</b><div class="lm-partner-rel">{e(arc.relation)}</div></div>')
        with st.expander(f"{arc.japan_name} ⇄ {arc.lao_name} · {len(arc.statement_ids)}"):
            statement_cards(ds, layers.statements.loc[list(arc.statement_ids)], lang, limit=5)
    partners = {a.japan_place_id for a in layers.arcs}
    others = [s for s in layers.japan_sites if s.place_id not in partners]
    if others:
        st.markdown(f"**{t('mp.other_japan', lang)}**")
        for site in others:
            with st.expander(f"{site.name} · {site.count}"):
                statement_cards(ds, layers.statements.loc[list(site.statement_ids)], lang, limit=5)
