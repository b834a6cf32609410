"""laomap dashboard: navigation over the page registry (``laomap.ui.pages``) with the shared filters in the sidebar.

Run with ``bin/dashboard`` (or ``streamlit run serve.py`` inside the virtualenv: this script, served by laomap.ui.serve).
A page is one file in app_pages/ and one line in ``laomap/ui/pages.py``.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.pages import PAGES, route_default_path
from laomap.ui.session import FirstPaintDone, bare_view, end_first_paint, first_paint
from laomap.ui.state import draw_filters, filters_pending, language

lang = language()
st.set_page_config(page_title=t("app_title_full", lang), page_icon="🗺️", layout="wide")
route_default_path()  # /overview is the Overview, not "Page not found"
page = st.navigation([st.Page(p.script, title=p.title(lang), icon=p.icon, url_path=p.url_path, default=p.default) for p in PAGES],
                     position="hidden" if bare_view() else "sidebar")  # ?bare=1: the embeddable map, no sidebar
first = first_paint()  # a browser's first visit: the page alone, the filters in the next run (ui/session.py)
if first:
    filters_pending()  # first, so that the browser shows the note before anything of the page is done
map_reports = False
try:
    page.run()
except FirstPaintDone as done:  # the page's figure is out: the rest of the page waits for the next run
    map_reports = done.map_reports
finally:  # the shared filters, drawn after the page so that its map comes first (see ui/state.py); after a first run,
    if first:  # also one that stopped early, the browser is asked for the next run instead
        end_first_paint(map_reports)
    elif not bare_view():
        draw_filters()
