"""Panels beside and below the map: statement cards, the whole-country tray, the Japanese partners.

Statement text comes from the documents and is shown as escaped HTML (``st.html``), never
as Markdown: a ``$`` or ``*`` in a clause must not turn into formatting.

Light by design (issue 29): the browser builds every element of the page on the thread that also starts the map's
frame, so the list under the map shows a page of cards at a time ("show more") and each panel is one ``st.html``
element, not one per heading, card or group.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from laomap.i18n import t
from laomap.pipeline.dataset import Dataset
from laomap.style import JAPAN_POINT
from laomap.templates import Markup, render
from laomap.ui.literal import literal
from laomap.ui.look import heading_html
from laomap.views.details import statement_card
from laomap.views.filters import Filter
from laomap.views.layers import MapLayers

CARD_LIMIT = 30
LIST_FIRST = 10  # cards of the list under the map drawn at first (most of a screen); "show more" adds LIST_MORE
LIST_MORE = 20
_SHOWN = "_laomap_map_list"  # session: (the filter, how many cards of its list are shown)


def cards_html(ds: Dataset, rows: pd.DataFrame, lang: str, limit: int = CARD_LIMIT) -> str:
    """Escaped HTML cards for statements (``templates/statement_card.html``, the map's popups use it too)."""
    cards = [statement_card(ds, row, lang, t("ui.original_language", lang)) for _, row in rows.head(limit).iterrows()]
    more = t("ui.more_statements", lang, n=len(rows) - limit) if len(rows) > limit else ""
    return render("statement_cards.html", cards=cards, more=more)


def statement_list(ds: Dataset, rows: pd.DataFrame, flt: Filter, target: str, title: str) -> None:
    """The selection's statements under the map: a heading a skip link leads to (``target``), a page of cards, "show more".

    The first ``LIST_FIRST`` cards, then ``LIST_MORE`` more per press (a callback, so the press's run draws the longer
    list once); a new filter starts again at the first page. Heading and cards are one element.
    """
    lang = flt.lang
    if st.session_state.get(_SHOWN, (None, 0))[0] != flt:
        st.session_state[_SHOWN] = (flt, LIST_FIRST)
    shown = st.session_state[_SHOWN][1]
    heading = heading_html(target, title)
    if rows.empty:
        st.html(heading)
        st.info(t("empty_selection", lang))
        return
    cards = [statement_card(ds, row, lang, t("ui.original_language", lang)) for _, row in rows.head(shown).iterrows()]
    st.html(heading + render("statement_cards.html", cards=cards, more=""))
    left = len(rows) - shown
    if left > 0:
        st.button(t("mp.more", lang, n=min(LIST_MORE, left), left=left), key="map_list_more", on_click=_show_more,
                  args=(flt, shown + LIST_MORE))


def _show_more(flt: Filter, shown: int) -> None:
    st.session_state[_SHOWN] = (flt, shown)


def side_panels(ds: Dataset, layers: MapLayers) -> None:
    """The whole-country trays and the Japanese partners beside the map, as one element."""
    st.html(trays_html(ds, layers) + japan_html(ds, layers))


def trays_html(ds: Dataset, layers: MapLayers) -> str:
    """The 'whole country and wider region' statements, which have no honest place on the map.

    One HTML block with native <details> (not Streamlit expanders): it draws at once, next to the map
    (``templates/side_panel.html``).
    """
    lang = layers.lang
    groups = [{"name": tray.name, "count": tray.count,
               "cards": Markup(cards_html(ds, layers.statements.loc[list(tray.statement_ids)], lang, limit=10))} for tray in layers.trays]
    return render("side_panel.html", title=t("mp.trays", lang), note=t("mp.trays_note", lang),
                  empty="" if layers.trays else t("mp.none", lang), groups=groups, others=[], others_title="",
                  after=t("mp.no_place_n", lang, n=len(layers.unplaced)) if layers.unplaced else "")


def trays_line(layers: MapLayers) -> str:
    """The whole-country tray in one line for the caption under a compact map: 'Not on the map: Lao PDR 11 · Japan 4 …'.

    Markdown (a caption reads it), so the names are literal; "" when every statement is on the map.
    """
    lang = layers.lang
    items = " · ".join(f"{literal(tray.name)} {tray.count}" for tray in layers.trays)
    return f"{t('map.trays_title', lang)}: {items}" if layers.trays else ""


def japan_html(ds: Dataset, layers: MapLayers) -> str:
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
    return render("side_panel.html", title=t("mp.japan", lang), note=t("mp.japan_note", lang),
                  empty="" if layers.arcs or layers.japan_sites else t("mp.none", lang), groups=arcs, others=others,
                  others_title=t("mp.other_japan", lang), after="")
