"""History: every plan on one time axis, the statements carried from one plan to the next, new, or not carried
again (each flow a link to its statements, beside their earlier versions), and each plan's shares by theme and place.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.data import dataset
from laomap.ui.historyview import add_link_form, chosen_flow, diagram, flash, shares
from laomap.ui.literal import literal
from laomap.ui.look import page_header
from laomap.ui.state import current_filter, url_value
from laomap.views.history import history, read_flow

ds = dataset()
flt = current_filter(ds)
lang = flt.lang
hist = history(ds, flt)  # every plan, whatever the plan filter says
page_header(ds, flt.with_(documents=(), carried=""), hist.rows, "hi.title")
st.caption(t("hi.caption", lang))
flash()
chosen, notes = read_flow(hist, {k: url_value(k) for k in ("flow", "earlier", "later")}, lang)
for note in notes:
    st.warning(literal(note), icon=":material/link_off:")
if len(hist.order) < 2:
    st.info(t("hi.one_plan", lang))
    st.stop()
diagram(hist, flt, chosen)
st.caption(t("hi.click", lang))
if chosen is not None:
    chosen_flow(ds, hist, flt, chosen)
else:
    add_link_form(ds, hist, lang)
shares(hist, flt)
