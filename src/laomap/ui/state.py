"""The shared filters: one sidebar for every page, kept in the URL so a view is a link.

The URL holds the filter in the form of ``Filter.to_query`` (ids, not labels:
``?theme=energy&place=attapeu&from=2020&lang=ja``), the same values the command line takes.

Why not ``bind="query-params"``: Streamlit 1.67 writes a bound select widget's *label*
into the URL (``?theme=Energy+%26+power``, ``?lang=日本語``), so a link would depend on
the interface language and ids (``?lang=ja``) would be rejected. Instead the URL is read
once when a session starts (``Filter.from_query``, which drops unknown values and says
so) and rewritten from the filter after every run; the widgets keep their values across
pages with ``persist_state="session"``.
"""

from __future__ import annotations

import itertools
from functools import partial

import streamlit as st

from laomap.i18n import LANGUAGE_NAMES, kind_label, t, theme_label, theme_sort_key
from laomap.pipeline.dataset import Dataset
from laomap.pipeline.vocabulary import THEME_IDS
from laomap.templates import render
from laomap.ui.data import loaded_dataset
from laomap.ui.session import flag, flip, language, set_url_value, url_value  # noqa: F401 - the pages' one import
from laomap.views.details import place_labels, place_sort_key
from laomap.views.filters import CARRIED_NEW, CARRIED_SINCE, QUERY_KEYS, Filter, kind_options, plan_ids, undated_effect
from laomap.views.history import ordered_plans, plan_label

FILTER_KEYS = ("doc", "theme", "place", "kind", "years", "undated", "carried", "q")  # widget keys of the filters; "lang" is plain session state
_URL_READ = "_laomap_url_read"  # session flag: the URL has been read into the widgets
_URL_NOTES = "_laomap_url_notes"  # what Filter.from_query dropped from that URL
_FILTER = "_laomap_filter"  # the Filter of this run, for the sidebar drawn after the page


def year_bounds(ds: Dataset) -> tuple[int, int]:
    """The year slider's ends: the statements' earliest and latest years (made once per dataset: every run asks twice)."""
    def make() -> tuple[int, int]:
        low, high = ds.commitments.year_min, ds.commitments.year_max
        both = (low.notna() & high.notna()).to_numpy(dtype=bool)  # the rows with both years (masks: no sub-frame copied)
        if not both.any():
            return 2000, 2030
        return int(low[both].min()), int(high[both].max())
    return ds.derive(("year bounds",), make)


def place_options(ds: Dataset, lang: str = "en") -> list[str]:
    """Places worth filtering by: those any statement links to, and every Lao province (Lao provinces first, by name in ``lang``)."""
    linked = set(itertools.chain.from_iterable(ds.commitments.place_ids.tolist()))  # chained in C: 20,000 rows at scale
    provinces = {p.place_id for p in ds.gazetteer.provinces("LA")}
    g = ds.gazetteer.places
    labels = place_labels(g, linked | provinces, lang)
    # Lao places first, then in the language's own order of places (i18n.collate: Japanese by reading, Lao without
    # its ແຂວງ prefix, others by name), then by label: a name typed in full sorts before the longer names it begins
    # ("Vientiane" before "Vientiane Capital"), so Enter picks the place typed, not a namesake's province
    return sorted(linked | provinces, key=lambda p: (g[p].country != "LA", place_sort_key(g[p], lang), labels[p].casefold(), p))


def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _read_url(ds: Dataset, lo: int, hi: int) -> None:
    """Seed the filter widgets from the URL, once per session (opening a link restores the view)."""
    if st.session_state.get(_URL_READ):
        return
    st.session_state[_URL_READ] = True
    flt = Filter.from_query(_query(), ds)
    st.session_state.update({
        "lang": flt.lang, "doc": list(flt.documents), "theme": list(flt.themes), "place": list(flt.places),
        "kind": list(flt.kinds), "q": flt.text, "undated": flt.undated == "keep", "carried": flt.carried,
        "years": (max(lo, min(hi, flt.year_from or lo)), min(hi, max(lo, flt.year_to or hi))),
    })
    st.session_state[_URL_NOTES] = list(flt.notes)


def _write_url(flt: Filter) -> None:
    """Make the URL say what the filter is; parameters of other widgets stay as they are."""
    want = flt.to_query()
    for key in QUERY_KEYS:
        have = st.query_params.get_all(key)
        if want.get(key) and have != want[key]:
            st.query_params[key] = want[key]
        elif not want.get(key) and have:
            del st.query_params[key]


def _set_lang(code: str) -> None:
    st.session_state["lang"] = code


def _clear(lo: int, hi: int) -> None:
    for key in FILTER_KEYS:
        st.session_state[key] = {"years": (lo, hi), "q": "", "undated": True, "carried": ""}.get(key, [])


def toggle_place(place_id: str | None) -> None:
    """Select one place in the shared filter, or clear it when it is already the selection.

    For widget callbacks (a map click): they run before the sidebar is drawn, the only
    moment in a run when a widget's value may be set from code.
    """
    if place_id is None:
        return
    current = list(st.session_state.get("place") or [])
    st.session_state["place"] = [] if current == [place_id] else [place_id]


def _options(ds: Dataset, lang: str = "en") -> dict[str, tuple[str, ...]]:
    """What each filter offers, made once per dataset and language: every run of every page reads them twice (the
    filter, then the sidebar), and at 10,000 statements the places alone (every statement's, labelled and sorted)
    were a tenth of a page's run (issue 29)."""
    return ds.derive(("filter options", lang), lambda: {
        "doc": tuple(plan_ids(ds)), "theme": tuple(sorted(THEME_IDS, key=lambda x: theme_sort_key(x, lang))),
        "place": tuple(place_options(ds, lang)), "kind": tuple(kind_options(ds))})


def _place_labels(ds: Dataset, lang: str) -> dict[str, str]:
    """The place filter's labels (``place_labels`` of its options), made once per dataset and language."""
    return ds.derive(("filter place labels", lang), lambda: place_labels(ds.gazetteer.places, list(_options(ds, lang)["place"]), lang))


def carried_options(ds: Dataset) -> list[str]:
    """The choices of the plan-history filter: all statements, new in the latest plan, carried since each earlier plan."""
    order = ordered_plans(ds)
    return ["", *([CARRIED_NEW] if len(order) > 1 else []), *(CARRIED_SINCE + p for p in order[:-1])]


def carried_label(ds: Dataset, value: str, lang: str) -> str:
    if not value:
        return t("f.carried_all", lang)
    if value == CARRIED_NEW:
        return t("f.carried_new", lang)
    return t("f.carried_since", lang, plan=plan_label(ds, value[len(CARRIED_SINCE):], lang))


def current_filter(ds: Dataset) -> Filter:
    """The Filter the shared sidebar describes (the URL follows it).

    The values come from the session (a widget's value is there before the widget is
    drawn), so the page can show its map first; dashboard.py draws the sidebar itself after
    the page (``filter_sidebar``), which brings the map up sooner on a slow machine.
    """
    lo, hi = year_bounds(ds)
    _read_url(ds, lo, hi)
    state = st.session_state
    for key in FILTER_KEYS:  # carry the values over a page switch (a new page has new widgets)
        if key in state:
            state[key] = state[key]
    for key, allowed in _options(ds).items():  # only values the widgets can show (the data may have changed)
        values = [v for v in (state.get(key) or []) if v in allowed]
        if values != list(state.get(key) or []):
            state[key] = values
    if state.get("carried") and state["carried"] not in carried_options(ds):
        state["carried"] = ""
    lang = state.get("lang") if state.get("lang") in LANGUAGE_NAMES else "en"
    years = state.get("years")
    year_from, year_to = years if isinstance(years, (tuple, list)) and len(years) == 2 else (lo, hi)
    flt = Filter(
        documents=tuple(state.get("doc") or ()), themes=tuple(state.get("theme") or ()), places=tuple(state.get("place") or ()),
        kinds=tuple(state.get("kind") or ()), year_from=year_from if year_from > lo else None,
        year_to=year_to if year_to < hi else None, text=state.get("q") or "", lang=lang,
        undated="keep" if state.get("undated", True) else "drop", carried=state.get("carried") or "",
    )
    _write_url(flt)
    state[_FILTER] = flt
    return flt


def filter_sidebar(ds: Dataset) -> None:
    """Draw the shared filters in the sidebar; their values are the ones ``current_filter`` read."""
    lo, hi = year_bounds(ds)
    _read_url(ds, lo, hi)
    keep = {"persist_state": "session"}
    lang = st.session_state.get("lang") if st.session_state.get("lang") in LANGUAGE_NAMES else "en"
    options = _options(ds, lang)
    # No "Select all" / "Select N matches" entry (Streamlit writes it in English, and Enter would pick every match)
    pick = {"select_all": False, "placeholder": t("f.all", lang), **keep}
    with st.sidebar:
        # Two buttons rather than a segmented control: the same choice, without one more widget
        # library for the browser to fetch before the page is usable.
        for col, (code, label) in zip(st.columns(len(LANGUAGE_NAMES), gap="small"), LANGUAGE_NAMES.items()):
            col.button(label, key=f"lang_{code}", type="primary" if code == lang else "secondary", on_click=_set_lang,
                       args=(code,), use_container_width=True)
        st.markdown(f"**{t('filters', lang)}**")
        # Format functions read small dicts of labels, never ``ds``: Streamlit keeps a widget's format function for the
        # session's life, so a closure over the dataset would keep it alive in an idle session after the data changed.
        doc_label = {d: ds.documents[d].short_title(lang) for d in options["doc"]}
        st.multiselect(t("f.doc", lang), options["doc"], format_func=lambda d: doc_label.get(d, d), key="doc", **pick)
        st.multiselect(t("f.theme", lang), options["theme"], format_func=lambda x: theme_label(x, lang), key="theme", **pick)
        place_label = _place_labels(ds, lang)
        st.multiselect(t("f.place", lang), options["place"], format_func=lambda p: place_label.get(p, p), key="place", **pick)
        st.multiselect(t("f.kind", lang), options["kind"], format_func=lambda k: kind_label(k, lang), key="kind", **pick)
        st.slider(t("f.years", lang), min_value=lo, max_value=hi, key="years", help=t("f.years_note", lang), **keep)
        st.checkbox(t("f.undated", lang), key="undated", help=t("f.undated_help", lang), **keep)
        flt = st.session_state.get(_FILTER)
        effect = undated_effect(ds, flt) if isinstance(flt, Filter) else None
        if effect is not None and effect[1]:
            st.caption(t("f.undated_kept" if effect[0] == "keep" else "f.undated_dropped", lang, n=effect[1]))
        carried = {v: carried_label(ds, v, lang) for v in carried_options(ds)}
        st.selectbox(t("f.carried", lang), list(carried), format_func=lambda v: carried.get(v, v), key="carried",
                     help=t("f.carried_help", lang), **keep)
        st.text_input(t("f.q", lang), key="q", **keep)
        st.button(t("f.clear", lang), on_click=partial(_clear, lo, hi), use_container_width=True)


def url_notes() -> list[str]:
    """What the link that opened this session held that was not understood (shown at the top of every page)."""
    return list(st.session_state.get(_URL_NOTES) or [])


def filters_pending() -> None:
    """In a first run (``session.first_paint``): say in the sidebar that its filters follow. The note is replaced by
    the filters in the next run; ``data-lm-pending`` lets a test or benchmark wait for that run."""
    st.sidebar.html(render("filters_pending.html", text=t("f.pending", language())))  # before the page: from the URL


def draw_filters() -> None:
    """``filter_sidebar`` for dashboard.py, after the page; nothing if the data could not be loaded."""
    ds = loaded_dataset()
    if ds is not None:  # else the page has already said what went wrong with the data
        filter_sidebar(ds)
