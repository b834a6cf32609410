"""Compare plans: the earlier and the later plan side by side, by theme and by place (shared, new, dropped)."""

from __future__ import annotations

import streamlit as st

from laomap.i18n import t
from laomap.ui.compareview import comparison_view
from laomap.ui.data import dataset, selection
from laomap.ui.look import page_header
from laomap.ui.state import current_filter
from laomap.views.compare import compare_plans, plan_pair
from laomap.views.filters import plan_ids

ds = dataset()
flt = current_filter(ds)
lang = flt.lang
rows = selection(ds, flt.with_(documents=()))  # both plans, whatever the plan filter says
page_header(ds, flt.with_(documents=()), rows, "cp.title")
st.caption(t("cp.caption", lang))

plans = plan_ids(ds)
if len(plans) < 2:
    st.info(t("cp.one_plan", lang))
else:
    first, last = plan_pair(ds)
    title = {p: ds.documents[p].short_title(lang) for p in plans}
    a, b = st.columns(2)
    before = a.selectbox(t("cp.before", lang), plans, index=plans.index(first), format_func=title.get, key="cmp_before")
    after = b.selectbox(t("cp.after", lang), plans, index=plans.index(last), format_func=title.get, key="cmp_after")
    if before == after:
        st.warning(t("cp.same", lang))
    else:
        comparison_view(compare_plans(ds, rows, before, after, lang), title[before], title[after], lang, flt)
