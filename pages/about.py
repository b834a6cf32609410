"""About: sources, licences, method, precision codes, vocabulary and known limits.

Served even when the plans cannot be loaded (an error box says why): most of it needs no data.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.data import try_dataset
from laomap.ui.look import apply_look, page_header, record_cards
from laomap.ui.state import current_filter, language
from laomap.views import about

ds = try_dataset()
if ds is not None:
    flt = current_filter(ds)
    lang = flt.lang
    page_header(ds, flt, None, "ab.title")
else:  # the error box above says why; the rest of the page needs no data
    lang = language()
    apply_look()
    st.title(t("ab.title", lang), anchor=False)
ja = lang == "ja"

st.markdown("### " + ("出典" if ja else "Sources"))
st.markdown(about.text("sources_intro", lang))
if ds is not None:
    docs = about.documents_table(ds, lang)
    record_cards(docs.to_dict("records"), docs.columns[0])
st.markdown("### " + ("地理データとライセンス" if ja else "Geodata and licences"))
st.markdown(about.text("geodata", lang))
st.markdown("### " + ("方法" if ja else "Method"))
st.markdown(about.text("method", lang))
st.markdown("### " + ("地理的精度コード" if ja else "Geographic precision codes"))
st.markdown(about.text("precision_intro", lang))
st.dataframe(about.precision_table(ds, lang), hide_index=True, use_container_width=True)
st.markdown("### " + ("語彙" if ja else "Vocabulary"))
st.dataframe(about.themes_table(lang), hide_index=True, use_container_width=True)
with st.expander("主体・プログラム・計画" if ja else "Actors, programmes and plans"):
    st.dataframe(about.actors_table(lang), hide_index=True, use_container_width=True)
st.markdown("### " + ("既知の限界" if ja else "Known limits"))
st.markdown(about.text("limits", lang))
