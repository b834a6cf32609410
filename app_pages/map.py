"""Map: the full-size atlas map, the whole-country tray, the Japanese partners, and the statements of the selection."""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.data import dataset, selection
from laomap.ui.export_panel import export_body, export_toggle
from laomap.ui.look import page_header, skip_link_html
from laomap.ui.mapview import atlas_map, bare_map, fit_screen_html, share_button, tiles_button, tiles_on
from laomap.ui.panels import side_panels, statement_list
from laomap.ui.session import bare_view
from laomap.ui.state import current_filter

ds = dataset()
flt = current_filter(ds)
rows = selection(ds, flt)
lang = flt.lang
if bare_view():  # the embeddable map: nothing but the map and its legend
    bare_map(ds, flt)
    st.stop()
# A keyboard's way past the map: the same selection as a list, further down (the skip link shows when Tab reaches it)
page_header(ds, flt, rows, "mp.title", after=skip_link_html("lm-list", t("map.skip", lang)) + fit_screen_html())
export_slot = st.container()  # the Export panel opens here, above the map, from its button at the top of the side column
main, side = st.columns([3, 1], gap="medium")
with main:  # the map first: a first visit's first run ends with it (ui/session.first_paint), the side column follows
    layers = atlas_map(ds, flt, key="map_full", height=760, tiles=tiles_on(), trays=False, fit_screen=True)
    st.caption(f"{t('ui.map_click_hint', lang)} {t('ui.map_place_note', lang)}")
with side:
    export_open = export_toggle(lang)
    tiles_button(lang)
    share_button(flt, "map")
    side_panels(ds, layers)
if export_open:
    with export_slot:
        export_body(ds, flt)

statement_list(ds, rows, flt, "lm-list", t("mp.list", lang))
