"""laomap dashboard: navigation over the pages in pages/ with the shared filters in the sidebar.

Run with ``bin/dashboard`` (or ``streamlit run dashboard.py`` inside the virtualenv).
"""

from __future__ import annotations

import streamlit as st

from laomap.ui.state import language

st.set_page_config(page_title="laomap — Japan–Lao PDR Partnership Atlas", page_icon="🗺️", layout="wide")

lang = language()
PAGES = [
    st.Page("pages/overview.py", title="Overview" if lang == "en" else "概要", icon=":material/dashboard:", default=True, url_path="overview"),
]
st.navigation(PAGES, position="sidebar").run()
