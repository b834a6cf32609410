"""Overview: headline figures, the map and the statements by theme for the current selection."""

from __future__ import annotations

import streamlit as st

from laomap.charts.small import theme_bars_html
from laomap.i18n import t
from laomap.ui.data import dataset, selection
from laomap.ui.look import figure_cards, heading_html, page_header
from laomap.ui.mapview import atlas_map, share_button
from laomap.ui.panels import trays_line
from laomap.ui.state import current_filter
from laomap.views.filters import href
from laomap.views.summary import headline, theme_counts

ds = dataset()
flt = current_filter(ds)
rows = selection(ds, flt)
lang = flt.lang
page_header(ds, flt, rows, "nav.overview")

h = headline(ds, rows)
figure_cards([  # every figure opens what it counts
    (t("ov.statements", lang), h.statements, href("statements", flt), t("ov.statements_note", lang)),
    (t("ov.commitments", lang), h.commitments, href("statements", flt.with_(kinds=("commitment",))), t("ov.commitments_help", lang)),
    (t("ov.places", lang), h.places, href("map", flt), t("ov.places_note", lang)),
    (t("ov.provinces", lang), h.provinces, href("map", flt), t("ov.provinces_note", lang)),
    (t("ov.plans", lang), h.plans, href("history", flt), t("ov.plans_note", lang)),
])

# Headings drawn with what follows them and one caption under the map: fewer elements for the browser to build while
# the map's frame starts (issue 29)
left, right = st.columns([2, 1], gap="large")
with left:
    st.html(heading_html("lm-ov-map", t("ov.map", lang)))
    layers = atlas_map(ds, flt, key="map_overview", height=640, compact=True)
    st.caption("  \n".join(line for line in (trays_line(layers), t("ui.map_click_hint", lang)) if line))
    share_button(flt, "overview")
with right:
    counts = theme_counts(rows, lang)
    heading = heading_html("lm-ov-themes", t("ov.by_theme", lang))
    if counts.empty:
        st.html(heading)
        st.info(t("empty_selection", lang))
    else:
        st.html(heading + theme_bars_html(counts, flt.themes, {x: href("statements", flt.with_(themes=(x,))) for x in counts.theme}, lang))
        st.caption(t("ov.by_theme_note", lang))
