"""The shared filters: one sidebar for every page, bound to the URL so a view is a link.

Each widget is bound to a query parameter (``bind="query-params"``) named like the keys of
``Filter.to_query`` (doc, theme, place, kind, years, q, lang), so opening a link restores
the view and the same values work on the command line.
"""

from __future__ import annotations

import streamlit as st

from ..dataset import Dataset
from ..extract import RECORD_KINDS
from ..filters import Filter, plan_ids
from ..i18n import kind_label, register, t, theme_label
from ..vocabulary import THEME_IDS

register({
    "filters": ("Filters", "絞り込み"),
    "f.lang": ("Language", "言語"),
    "f.doc": ("Plan", "計画"),
    "f.theme": ("Theme", "分野"),
    "f.place": ("Place", "場所"),
    "f.kind": ("Kind", "種類"),
    "f.years": ("Years mentioned", "言及された年"),
    "f.q": ("Search the text", "本文を検索"),
    "f.all": ("All", "すべて"),
    "f.clear": ("Clear filters", "条件をクリア"),
    "f.years_note": ("A year range keeps only statements that mention a date in it.",
                     "年の範囲を指定すると、その範囲の日付に言及する記述のみを表示します。"),
})

FILTER_KEYS = ("doc", "theme", "place", "kind", "years", "q")
LANG_LABELS = {"en": "English", "ja": "日本語"}


def year_bounds(ds: Dataset) -> tuple[int, int]:
    years = ds.commitments[["year_min", "year_max"]].dropna()
    if years.empty:
        return 2000, 2030
    return int(years.year_min.min()), int(years.year_max.max())


def place_options(ds: Dataset) -> list[str]:
    """Places worth filtering by: those any statement links to, and every Lao province."""
    linked = {p for ids in ds.commitments.place_ids for p in ids}
    provinces = {p.place_id for p in ds.gazetteer.provinces("LA")}
    g = ds.gazetteer.places
    return sorted(linked | provinces, key=lambda p: (g[p].country != "LA", g[p].kind != "province", g[p].name_en))


def language() -> str:
    """The interface language, read before anything else is drawn."""
    value = st.session_state.get("lang") or st.query_params.get("lang") or "en"
    return value if value in LANG_LABELS else "en"


def _clear() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def current_filter(ds: Dataset) -> Filter:
    """Draw the shared sidebar and return the Filter it describes."""
    lo, hi = year_bounds(ds)
    with st.sidebar:
        lang = st.segmented_control(
            "Language / 言語", options=list(LANG_LABELS), format_func=LANG_LABELS.get, key="lang", default="en",
            bind="query-params", persist_state="session",
        ) or "en"
        st.markdown(f"**{t('filters', lang)}**")
        docs = st.multiselect(
            t("f.doc", lang), plan_ids(ds), format_func=lambda d: ds.documents[d].short_title(lang),
            key="doc", bind="query-params", persist_state="session", placeholder=t("f.all", lang),
        )
        themes = st.multiselect(
            t("f.theme", lang), list(THEME_IDS), format_func=lambda x: theme_label(x, lang),
            key="theme", bind="query-params", persist_state="session", placeholder=t("f.all", lang),
        )
        places = st.multiselect(
            t("f.place", lang), place_options(ds), format_func=lambda p: ds.gazetteer.places[p].name(lang),
            key="place", bind="query-params", persist_state="session", placeholder=t("f.all", lang),
        )
        kinds = st.multiselect(
            t("f.kind", lang), list(RECORD_KINDS), format_func=lambda k: kind_label(k, lang),
            key="kind", bind="query-params", persist_state="session", placeholder=t("f.all", lang),
        )
        years = st.slider(
            t("f.years", lang), min_value=lo, max_value=hi, value=(lo, hi), key="years",
            bind="query-params", persist_state="session", help=t("f.years_note", lang),
        )
        text = st.text_input(t("f.q", lang), key="q", bind="query-params", persist_state="session")
        st.button(t("f.clear", lang), on_click=_clear, use_container_width=True)
    year_from, year_to = years
    return Filter(
        documents=tuple(docs), themes=tuple(themes), places=tuple(places), kinds=tuple(kinds),
        year_from=year_from if year_from > lo else None, year_to=year_to if year_to < hi else None,
        text=text or "", lang=lang,
    )
