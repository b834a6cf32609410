"""Timeline: every date the selected statements mention, on a plotly chart, and as a table.

Statements that mention no date sit at their plan's date, drawn apart; clicking an item
opens its statement on the Statements page.
"""

from __future__ import annotations

import streamlit as st

from laomap.charts.timeline import timeline_figure
from laomap.i18n import t
from laomap.ui.data import dataset, selection
from laomap.ui.look import page_header
from laomap.ui.state import current_filter, open_page
from laomap.views.chronology import PLAN_DATE, timeline_items

ds = dataset()
flt = current_filter(ds)
rows = selection(ds, flt)
lang = flt.lang
page_header(ds, flt, rows, "tp.title")
st.caption(t("tp.caption", lang))


def _open_clicked() -> None:
    points = (st.session_state.get("timeline") or {}).get("selection", {}).get("points", [])
    ids = [p.get("customdata") for p in points if isinstance(p.get("customdata"), str)]
    if ids:
        open_page("pages/commitments.py", stmt=ids[0])


if rows.empty:
    st.info(t("st.empty", lang))
    st.stop()
items = timeline_items(ds, rows, lang, undated=True, themes=flt.themes)
st.plotly_chart(timeline_figure(items, lang, ds), key="timeline", config={"displaylogo": False}, theme=None,
                on_select=_open_clicked, selection_mode="points")
undated = int((items.kind == PLAN_DATE).sum())
st.caption(t("tp.click", lang) + (" " + t("tp.undated", lang, n=undated) if undated else ""))

st.markdown(f"#### {t('tp.table', lang)}")
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
