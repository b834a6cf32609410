"""Timeline: every date the selected statements mention, lane by theme, and as a table.

Statements that mention no date sit at their plan's date, drawn apart; each item opens its
statement on the Statements page.
"""

from __future__ import annotations

import streamlit as st

from laomap.charts.timeline import timeline_html
from laomap.i18n import t
from laomap.ui.data import dataset, selection
from laomap.ui.look import page_header
from laomap.ui.state import current_filter
from laomap.views.chronology import PLAN_DATE, timeline_items
from laomap.views.filters import href

ds = dataset()
flt = current_filter(ds)
rows = selection(ds, flt)
lang = flt.lang
page_header(ds, flt, rows, "tp.title")
st.caption(t("tp.caption", lang))

if rows.empty:
    st.info(t("st.empty", lang))
    st.stop()
items = timeline_items(ds, rows, lang, undated=True, themes=flt.themes)
st.html(timeline_html(items, lang, ds, {sid: href("statements", flt, stmt=sid) for sid in set(items.statement_id)}))
undated = int((items.kind == PLAN_DATE).sum())
st.caption(t("tp.click", lang) + (" " + t("tp.undated", lang, n=undated) if undated else ""))

st.markdown(f"## {t('tp.table', lang)}")
table = items.assign(
    when=items.iso.str.replace("/", "–"), kind_label=[t(f"tl.{k}", lang) for k in items.kind],
)[["when", "kind_label", "quote", "text", "citation"]]
st.dataframe(table, hide_index=True, use_container_width=True, column_config={
    "when": st.column_config.TextColumn(t("tp.col.when", lang), width="small"),
    "kind_label": st.column_config.TextColumn(t("tp.col.kind", lang), width="small"),
    "quote": st.column_config.TextColumn(t("tp.col.quote", lang), width="small"),
    "text": st.column_config.TextColumn(t("tp.col.statement", lang), width="large"),
    "citation": st.column_config.TextColumn(t("tp.col.citation", lang), width="medium"),
})
