"""Compare plans: the earlier and the later plan side by side, by theme and by place (shared, new, dropped)."""

from __future__ import annotations

import streamlit as st

from laomap.charts import compare_chart
from laomap.compare import STATUSES, compare_plans, plan_pair, status_label
from laomap.filters import apply, plan_ids
from laomap.i18n import t
from laomap.ui.data import dataset
from laomap.ui.look import page_header
from laomap.ui.state import current_filter

ds = dataset()
flt = current_filter(ds)
lang = flt.lang
rows = apply(ds, flt.with_(documents=()))  # both plans, whatever the plan filter says
page_header(ds, flt.with_(documents=()), rows, "cp.title")
st.caption(t("cp.caption", lang))

plans = plan_ids(ds)
if len(plans) < 2:
    st.info(t("cp.one_plan", lang))
    st.stop()
first, last = plan_pair(ds)
title = {p: ds.documents[p].short_title(lang) for p in plans}
a, b = st.columns(2)
before = a.selectbox(t("cp.before", lang), plans, index=plans.index(first), format_func=title.get, key="cmp_before")
after = b.selectbox(t("cp.after", lang), plans, index=plans.index(last), format_func=title.get, key="cmp_after")
if before == after:
    st.warning(t("cp.same", lang))
    st.stop()

cmp = compare_plans(ds, rows, before, after, lang)
cols = st.columns(6)
for i, status in enumerate(STATUSES):
    cols[i].metric(t("cp.metric", lang, status=status_label(status, lang)), cmp.count("theme", status))
    cols[i + 3].metric(t("cp.metric_places", lang, status=status_label(status, lang)), cmp.count("place", status))

themes, places = st.columns(2, gap="large")
for col, table, heading, label in ((themes, cmp.by_theme, "cp.themes", "cp.col.label"), (places, cmp.by_place, "cp.places", "cp.col.place")):
    with col:
        st.markdown(f"#### {t(heading, lang)}")
        if table.empty:
            st.info(t("cp.empty", lang))
            continue
        st.plotly_chart(compare_chart(table, lang, title[before], title[after]), key=f"cmp_{heading}", config={"displayModeBar": False}, theme=None)
        shown = table.assign(status=[status_label(s, lang) for s in table.status])[["label", "before", "after", "status"]]
        st.dataframe(shown, hide_index=True, use_container_width=True, column_config={
            "label": st.column_config.TextColumn(t(label, lang)),
            "before": st.column_config.NumberColumn(title[before]),
            "after": st.column_config.NumberColumn(title[after]),
            "status": st.column_config.TextColumn(t("cp.col.status", lang)),
        })
