"""Statements: a searchable table of the selection and, for the chosen statement, English and Japanese side by side."""

from __future__ import annotations

import streamlit as st

from laomap.details import statement_detail, statement_labels, statement_table
from laomap.filters import apply
from laomap.i18n import t
from laomap.ui.data import dataset
from laomap.ui.detail import show_detail
from laomap.ui.look import page_header
from laomap.ui.state import current_filter, set_url_value, url_value

ds = dataset()
flt = current_filter(ds)
rows = apply(ds, flt)
lang = flt.lang
page_header(ds, flt, rows, "st.title")
st.caption(t("st.caption", lang))
if rows.empty:
    st.info(t("st.empty", lang))
    st.stop()

table = statement_table(ds, rows, lang)
ids = table.statement_id.tolist()


def _pick_row() -> None:
    """A row selected in the table becomes the statement shown below (and in the URL)."""
    chosen = (st.session_state.get("stmt_table") or {}).get("selection", {}).get("rows", [])
    if chosen and chosen[0] < len(ids):
        st.session_state["stmt"] = ids[chosen[0]]


st.dataframe(
    table.drop(columns=["statement_id"]), key="stmt_table", on_select=_pick_row, selection_mode="single-row",
    hide_index=True, use_container_width=True, height=min(460, 38 + 35 * len(table)),
    column_config={
        "plan": st.column_config.TextColumn(t("st.col.plan", lang), width="small"),
        "where": st.column_config.TextColumn(t("st.col.where", lang), width="small"),
        "kind": st.column_config.TextColumn(t("st.col.kind", lang), width="small"),
        "themes": st.column_config.TextColumn(t("st.col.themes", lang), width="medium"),
        "places": st.column_config.TextColumn(t("st.col.places", lang), width="small"),
        "years": st.column_config.TextColumn(t("st.col.years", lang), width="small"),
        "text": st.column_config.TextColumn(t("st.col.text", lang), width="large"),
        "translated": st.column_config.CheckboxColumn(t("st.col.translated", lang), width="small"),
    },
)
labels = statement_labels(ds, rows, lang)
if "stmt" not in st.session_state:  # a link to one statement: ?stmt=<statement id>
    st.session_state["stmt"] = url_value("stmt")
if st.session_state["stmt"] not in ids:
    st.session_state["stmt"] = None
sid = st.selectbox(t("st.pick", lang), ids, format_func=lambda i: labels.get(i, i), key="stmt", placeholder=t("st.pick_none", lang))
set_url_value("stmt", sid)
if sid:
    show_detail(statement_detail(ds, sid, lang), ds, lang)
