"""Overview: headline figures for the current selection."""

from __future__ import annotations

import streamlit as st

from laomap.filters import apply
from laomap.i18n import t
from laomap.ui.data import dataset
from laomap.ui.state import current_filter

ds = dataset()
flt = current_filter(ds)
rows = apply(ds, flt)
lang = flt.lang

st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))
cols = st.columns(3)
cols[0].metric(t("commitments", lang).capitalize(), len(rows))
cols[1].metric("Plans" if lang == "en" else "計画", rows.plan_id.nunique())
cols[2].metric("Places" if lang == "en" else "場所", len({p for ids in rows.place_ids for p in ids}))
st.dataframe(ds.counts(), hide_index=True)
