"""About: sources, licences, method, precision codes, vocabulary, known limits and the accessibility statement.

Served even when the plans cannot be loaded (an error box says why): most of it needs no data.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.data import try_dataset
from laomap.ui.look import apply_look, data_table, page_header, record_cards
from laomap.ui.session import figure_drawn
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

# A heading and its text in one element each: fewer for the browser to build before the tables (issue 29)
st.markdown("## " + t("ab.h.sources", lang) + "\n\n" + about.text("sources_intro", lang))
if ds is not None:
    docs = about.documents_table(ds, lang)
    record_cards(docs.to_dict("records"), docs.columns[0])
st.markdown("\n\n".join(["## " + t("ab.h.geodata", lang), about.text("geodata", lang), "## " + t("ab.h.method", lang),
                          about.text("method", lang), "## " + t("hi.bands_title", lang), history.bands_text(lang),
                          "## " + t("ab.h.precision", lang), about.text("precision_intro", lang)]))
data_table(about.precision_table(ds, lang))
st.markdown("## " + t("ab.h.vocabulary", lang))
data_table(about.themes_table(lang))
figure_drawn()  # a first visit's first run ends with the tables: the rest follows with the filters
with st.expander(t("ab.h.actors", lang)):
    data_table(about.actors_table(lang))
st.markdown("\n\n".join(["## " + t("ab.h.limits", lang), about.text("limits", lang), "## " + t("ab.h.accessibility", lang),
                          about.text("accessibility", lang)]))
