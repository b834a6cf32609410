"""Two plans compared: counts of shared, new and dropped themes and places, bars and a table for each.

Every bar is a door: it opens the Statements page on the statements behind it (that plan,
that theme or place, with the other filters of the page).
"""

from __future__ import annotations

import streamlit as st

from laomap.charts.small import compare_bars_html
from laomap.i18n import t
from laomap.views.compare import STATUSES, Comparison, status_label
from laomap.views.filters import Filter, href


def _links(cmp: Comparison, flt: Filter, field: str) -> dict[str, tuple[str, str]]:
    table = cmp.by_theme if field == "themes" else cmp.by_place
    return {key: tuple(href("statements", flt.with_(documents=(plan,), **{field: (key,)})) for plan in (cmp.before, cmp.after))
            for key in table.key}


def comparison_view(cmp: Comparison, before: str, after: str, lang: str, flt: Filter | None = None) -> None:
    """Draw ``cmp``; ``before`` and ``after`` are the two plans' titles; ``flt`` (the page's filter) makes the bars links."""
    cols = st.columns(6)
    for i, status in enumerate(STATUSES):
        label = status_label(status, lang)
        label = label[:1].upper() + label[1:]
        cols[i].metric(t("cp.metric", lang, status=label), cmp.count("theme", status))
        cols[i + 3].metric(t("cp.metric_places", lang, status=label), cmp.count("place", status))
    themes, places = st.columns(2, gap="large")
    for col, table, heading, label, field in ((themes, cmp.by_theme, "cp.themes", "cp.col.label", "themes"),
                                              (places, cmp.by_place, "cp.places", "cp.col.place", "places")):
        with col:
            st.markdown(f"#### {t(heading, lang)}")
            if table.empty:
                st.info(t("cp.empty", lang))
                continue
            st.html(compare_bars_html(table, lang, before, after, _links(cmp, flt, field) if flt is not None else None))
            st.caption(t("cp.bars_note", lang))
            shown = table.assign(status=[status_label(s, lang) for s in table.status])[["label", "before", "after", "status"]]
            with st.expander(t("cp.table", lang)):
                st.dataframe(shown, hide_index=True, use_container_width=True, column_config={
                    "label": st.column_config.TextColumn(t(label, lang)),
                    "before": st.column_config.NumberColumn(before),
                    "after": st.column_config.NumberColumn(after),
                    "status": st.column_config.TextColumn(t("cp.col.status", lang)),
                })
