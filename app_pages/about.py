"""About: sources, licences, method, precision codes, vocabulary, known limits and the accessibility statement.

Served even when the plans cannot be loaded (an error box says why): most of it needs no data.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.data import try_dataset
from laomap.ui.look import apply_look, page_header, record_cards
from laomap.ui.state import current_filter, language
from laomap.views import about, history

ds = try_dataset()
if ds is not None:
    flt = current_filter(ds)
    lang = flt.lang
    page_header(ds, flt, None, "ab.title")
else:  # the error box above says why; the rest of the page needs no data
    lang = language()
    apply_look(lang)
    st.title(t("ab.title", lang), anchor=False)

st.markdown("## " + t("ab.h.sources", lang))
st.markdown(about.text("sources_intro", lang))
if ds is not None:
    docs = about.documents_table(ds, lang)
    record_cards(docs.to_dict("records"), docs.columns[0])
st.markdown("## " + t("ab.h.geodata", lang))
st.markdown(about.text("geodata", lang))
st.markdown("## " + t("ab.h.method", lang))
st.markdown(about.text("method", lang))
st.markdown("## " + t("hi.bands_title", lang))
st.markdown(history.bands_text(lang))
st.markdown("## " + t("ab.h.precision", lang))
st.markdown(about.text("precision_intro", lang))
st.dataframe(about.precision_table(ds, lang), hide_index=True, use_container_width=True)
st.markdown("## " + t("ab.h.vocabulary", lang))
st.dataframe(about.themes_table(lang), hide_index=True, use_container_width=True)
with st.expander(t("ab.h.actors", lang)):
    st.dataframe(about.actors_table(lang), hide_index=True, use_container_width=True)
st.markdown("## " + t("ab.h.limits", lang))
st.markdown(about.text("limits", lang))
st.markdown("## " + t("ab.h.accessibility", lang))
st.markdown(about.text("accessibility", lang))
