"""laomap dashboard: navigation over the page registry (``laomap.ui.pages``) with the shared filters in the sidebar.

Run with ``bin/dashboard`` (or ``streamlit run dashboard.py`` inside the virtualenv).
A page is one file in app_pages/ and one line in ``laomap/ui/pages.py``.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.pages import PAGES, route_default_path
from laomap.ui.session import bare_view
from laomap.ui.state import draw_filters, language

lang = language()
st.set_page_config(page_title=t("app_title_full", lang), page_icon="🗺️", layout="wide")
route_default_path()  # /overview is the Overview, not "Page not found"
page = st.navigation([st.Page(p.script, title=p.title(lang), icon=p.icon, url_path=p.url_path, default=p.default) for p in PAGES],
                     position="hidden" if bare_view() else "sidebar")  # ?bare=1: the embeddable map, no sidebar
try:
    page.run()
finally:  # the shared filters, drawn after the page so that its map comes first (see ui/state.py)
    if not bare_view():
        draw_filters()
