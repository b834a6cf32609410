"""laomap dashboard: navigation over the pages in pages/ with the shared filters in the sidebar.

Run with ``bin/dashboard`` (or ``streamlit run dashboard.py`` inside the virtualenv).
Each page is one ``st.Page`` line below; add a page by adding a line.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui import text  # noqa: F401 - registers the page titles
from laomap.ui.state import draw_filters, language

st.set_page_config(page_title="laomap — Japan–Lao PDR Partnership Atlas", page_icon="🗺️", layout="wide")

lang = language()
PAGES = [
    st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", default=True, url_path="overview"),
    st.Page("pages/map.py", title=t("nav.map", lang), icon=":material/map:", url_path="map"),
    st.Page("pages/timeline.py", title=t("nav.timeline", lang), icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/commitments.py", title=t("nav.commitments", lang), icon=":material/list_alt:", url_path="statements"),
    st.Page("pages/compare.py", title=t("nav.compare", lang), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/about.py", title=t("nav.about", lang), icon=":material/info:", url_path="about"),
    st.Page("pages/add_document.py", title="Add document" if lang == "en" else "文書の追加", icon=":material/upload_file:", url_path="add-document"),
    st.Page("pages/present.py", title="Present" if lang == "en" else "プレゼンテーション", icon=":material/slideshow:", url_path="present"),
]
page = st.navigation(PAGES, position="sidebar")
try:
    page.run()
finally:  # the shared filters, drawn after the page so that its map comes first (see ui/state.py)
    draw_filters()
