"""Two plans compared: counts of shared, new and dropped themes and places, a chart and a table for each."""

from __future__ import annotations

import streamlit as st

from laomap.charts.small import compare_chart
from laomap.i18n import t
from laomap.views.compare import STATUSES, Comparison, status_label


def comparison_view(cmp: Comparison, before: str, after: str, lang: str) -> None:
    """Draw ``cmp``; ``before`` and ``after`` are the two plans' titles."""
    cols = st.columns(6)
    for i, status in enumerate(STATUSES):
        label = status_label(status, lang)
        label = label[:1].upper() + label[1:]
        cols[i].metric(t("cp.metric", lang, status=label), cmp.count("theme", status))
        cols[i + 3].metric(t("cp.metric_places", lang, status=label), cmp.count("place", status))
    themes, places = st.columns(2, gap="large")
    for col, table, heading, label in ((themes, cmp.by_theme, "cp.themes", "cp.col.label"), (places, cmp.by_place, "cp.places", "cp.col.place")):
        with col:
            st.markdown(f"#### {t(heading, lang)}")
            if table.empty:
                st.info(t("cp.empty", lang))
                continue
            st.plotly_chart(compare_chart(table, lang, before, after), key=f"cmp_{heading}", config={"displayModeBar": False}, theme=None)
            shown = table.assign(status=[status_label(s, lang) for s in table.status])[["label", "before", "after", "status"]]
            st.dataframe(shown, hide_index=True, use_container_width=True, column_config={
                "label": st.column_config.TextColumn(t(label, lang)),
                "before": st.column_config.NumberColumn(before),
                "after": st.column_config.NumberColumn(after),
                "status": st.column_config.TextColumn(t("cp.col.status", lang)),
            })
