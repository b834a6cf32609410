"""Statements: a searchable table of the selection and, for the chosen statement, English and Japanese side by side."""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.data import dataset, selection
from laomap.ui.detail import statement_browser
from laomap.ui.export_panel import data_downloads
from laomap.ui.look import page_header
from laomap.ui.state import current_filter

ds = dataset()
flt = current_filter(ds)
rows = selection(ds, flt)
lang = flt.lang
page_header(ds, flt, rows, "st.title")
st.caption(t("st.caption", lang))
if rows.empty:
    st.info(t("st.empty", lang))
else:
    data_downloads(ds, flt)
    statement_browser(ds, rows, lang, flt)
