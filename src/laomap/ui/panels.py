"""Panels beside and below the map: statement cards, the whole-country tray, the Japanese partners.

Statement text comes from the documents and is shown as escaped HTML (``st.html``), never
as Markdown: a ``$`` or ``*`` in a clause must not turn into formatting.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from laomap.i18n import t
from laomap.pipeline.dataset import Dataset
from laomap.style import JAPAN_POINT
from laomap.templates import Markup, render
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


def trays_panel(ds: Dataset, layers: MapLayers) -> None:
    """The 'whole country and wider region' statements, which have no honest place on the map.

    One HTML block with native <details> (not Streamlit expanders): it draws at once, next to the map
    (``templates/side_panel.html``).
    """
    lang = layers.lang
    groups = [{"name": tray.name, "count": tray.count,
               "cards": Markup(cards_html(ds, layers.statements.loc[list(tray.statement_ids)], lang, limit=10))} for tray in layers.trays]
    st.html(render("side_panel.html", title=t("mp.trays", lang), note=t("mp.trays_note", lang),
                   empty="" if layers.trays else t("mp.none", lang), groups=groups, others=[], others_title="",
                   after=t("mp.no_place_n", lang, n=len(layers.unplaced)) if layers.unplaced else ""))


def trays_line(layers: MapLayers) -> None:
    """The whole-country tray in one line under a compact map: 'Not on the map: Lao PDR 11 · Japan 4 …'."""
    lang = layers.lang
    if layers.trays:
        items = " · ".join(f"{literal(tray.name)} {tray.count}" for tray in layers.trays)  # a caption reads Markdown
        st.caption(f"{t('map.trays_title', lang)}: {items}")


def japan_panel(ds: Dataset, layers: MapLayers) -> None:
    """Japanese partners linked to their Lao counterparts, and other places in Japan the selection names."""
    lang = layers.lang

    def cards(ids: tuple[str, ...] | list[str]) -> Markup:
        return Markup(cards_html(ds, layers.statements.loc[list(ids)], lang, limit=5))

    arcs = [{"count": len(arc.statement_ids), "cards": cards(arc.statement_ids),
             "partner": {"colour": JAPAN_POINT, "japan": arc.japan_name, "lao": arc.lao_name, "relation": arc.relation}}
            for arc in layers.arcs]
    partners = {a.japan_place_id for a in layers.arcs}
    others = [{"name": site.name, "count": site.count, "cards": cards(site.statement_ids)}
              for site in layers.japan_sites if site.place_id not in partners]
    st.html(render("side_panel.html", title=t("mp.japan", lang), note=t("mp.japan_note", lang),
                   empty="" if layers.arcs or layers.japan_sites else t("mp.none", lang), groups=arcs, others=others,
                   others_title=t("mp.other_japan", lang), after=""))
