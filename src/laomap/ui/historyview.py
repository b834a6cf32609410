"""The History page's parts: the flows diagram, a chosen flow statement by statement beside its earlier versions
(with Confirm, Reject and Undo for each link), the form to add a link, and the shares by theme and place.

A correction calls ``laomap.userdata.correct_link`` / ``undo_correction``; the dataset is keyed on its input files
(``ui.data``), so the rerun after a correction shows the rebuilt history at once. Errors are messages, never tracebacks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from laomap import userdata
from laomap.charts.history import alluvial_html, flow_sentence, shares_html
from laomap.errors import LaomapError
from laomap.i18n import t
from laomap.pipeline.carry import KINDS
from laomap.pipeline.dataset import Dataset
from laomap.templates import render
from laomap.ui.literal import literal
from laomap.views.captions import clip
from laomap.views.filters import Filter, href, hrefs
from laomap.views.history import (
    FLOWS,
    FlowItem,
    History,
    Version,
    bands_text,
    flow_items,
    matching_choices,
    statement_choices,
    statement_wording,
    version_of,
    worded,
)

log = logging.getLogger(__name__)
PAGE = "history"
BATCH = 15  # statements of a flow shown at first (then 'show more')
_FLASH = "history_flash"
_SHOWN = "history_shown"
_SHARES_OPEN = "history_shares_open"  # (field, filter) whose shares are drawn in full
SHARES_FIRST = 12  # places drawn in the shares before "Show N more"


def flow_links(hist: History, flt: Filter) -> dict[tuple[str, str, str], str]:
    return {(f, a, b): href(PAGE, flt, flow=f, earlier=a, later=b)
            for a, b in zip(hist.order, hist.order[1:]) for f in FLOWS}


def diagram(hist: History, flt: Filter, chosen: tuple[str, str, str] | None) -> None:
    events = {d: href("statements", flt.with_(documents=(d,))) for d in hist.events.doc_id}  # an event opens its statements
    st.html(alluvial_html(hist.plans, hist.flows, flt.lang, flow_links(hist, flt), chosen, hist.events, events))


def shares(hist: History, flt: Filter) -> None:
    """Each plan's shares by theme (every theme) and by place (the most mentioned first, the rest behind a button), one
    under the other.

    The places past the first ``SHARES_FIRST`` are drawn only when asked (a button whose run draws them, as the Map
    page's "Show 20 more"): at 10,000 statements a plan there are 500 places, whose 1,000 cells, links and HTML were
    most of the page's first visit and of what it sent, although folded (issue 29). A new filter starts folded again.
    """
    lang = flt.lang
    if st.session_state.get(_SHARES_OPEN, (None, flt))[1] != flt:
        del st.session_state[_SHARES_OPEN]  # another selection: its places start folded (and stay so coming back)
    for table, field, title, head, first in ((hist.themes, "themes", "hi.shares_themes", "hi.col.theme", 10**6),
                                             (hist.places, "places", "hi.shares_places", "hi.col.place", SHARES_FIRST)):
        st.markdown(f"## {t(title, lang)}")
        if table.empty:
            st.info(t("hi.no_shares", lang))
            continue
        keys = list(dict.fromkeys(table.key.tolist()))
        folded = len(keys) > first and st.session_state.get(_SHARES_OPEN) != (field, flt)
        # one row per key and plan, key by key (``views.history._shares``): the first keys' rows come first
        part = table.iloc[: first * len(hist.order)] if folded else table
        cells = list(zip(part.key.tolist(), part.plan_id.tolist()))
        links = dict(zip(cells, hrefs("statements", flt, [{"documents": (p,), field: (k,)} for k, p in cells])))
        st.html(shares_html(part, hist.plans, lang, links, t(head, lang), top=float(table.share.max())))
        if folded:
            st.button(t("hi.show_more", lang, n=len(keys) - first), key=f"history_shares_{field}", on_click=_open_shares,
                      args=(field, flt), icon=":material/expand_more:")
    st.caption(t("hi.shares_note", lang))


def _open_shares(field: str, flt: Filter) -> None:
    st.session_state[_SHARES_OPEN] = (field, flt)


# --------------------------------------------------------------------------- one flow


def _guarded(lang: str, action: Callable[[], Any]) -> bool:
    try:
        action()
        return True
    except LaomapError as exc:
        st.error(literal(exc.text(lang)))
    except Exception as exc:  # noqa: BLE001 - the page shows a message, never a traceback
        log.exception("unexpected error on the History page")
        st.error(t("hi.unexpected", lang, what=type(exc).__name__))
    return False


def _correct(lang: str, message: str, action: Callable[[], Any]) -> None:
    if _guarded(lang, action):
        st.session_state[_FLASH] = message
        st.rerun()


def _card(v: Version, lang: str, link: dict[str, str] | None = None) -> str:
    """A version of a statement as a card (``templates/history_card.html``), with its link's facts (``_link_meta``)."""
    return render("history_card.html", citation=v.citation, statement_id=v.statement_id, link=link, language=v.language,
                  text=v.text, note="" if v.translated else t("hi.original." + v.language, lang))


def _link_meta(v: Version, lang: str) -> dict[str, str]:
    score = t("hi.score", lang, score=f"{v.score:.2f}") if v.score is not None else t("hi.no_score", lang)
    return {"kind": t("hi.kind." + v.kind, lang), "band": v.band, "band_label": t("hi.band." + v.band, lang), "score": score,
            "origin": t("hi.origin." + v.origin, lang)}


def _link_buttons(later_id: str, v: Version, lang: str, wording: str = "") -> None:
    """Confirm / Reject (a method's link) or Undo (a user's), told in the later statement's words (``worded``)."""
    key = f"{later_id}|{v.statement_id}"
    if v.origin == "method":
        a, b, _ = st.columns(3)
        if a.button(t("hi.confirm", lang), key=f"hc_{key}", icon=":material/check:"):
            _correct(lang, t(worded("hi.confirmed", wording), lang, later=later_id, earlier=v.statement_id),
                     lambda: userdata.correct_link(later_id, v.statement_id, "confirm"))
        if b.button(t("hi.reject", lang), key=f"hr_{key}", icon=":material/close:"):
            _correct(lang, t(worded("hi.rejected", wording), lang, later=later_id, earlier=v.statement_id),
                     lambda: userdata.correct_link(later_id, v.statement_id, "reject"))
    elif st.button(t("hi.undo", lang), key=f"hu_{key}", icon=":material/undo:"):
        _correct(lang, t("hi.undone", lang, later=later_id, earlier=v.statement_id),
                 lambda: userdata.undo_correction(later_id, v.statement_id))


def _rejected_lines(ds: Dataset, later_id: str, rejected: list[str], lang: str) -> None:
    """The links the user rejected for this statement, each with the earlier statement's text and Undo (a rejected link
    is no longer in the data)."""
    for earlier_id in rejected:
        a, b = st.columns([3, 1])
        v = version_of(ds, earlier_id, lang)
        text = f"{v.citation}: {clip(v.text, 160)}" if v is not None else ""
        a.caption(literal(t("hi.rejected_link", lang, earlier=earlier_id, text=text)))
        if b.button(t("hi.undo", lang), key=f"hu_{later_id}|{earlier_id}", icon=":material/undo:"):
            _correct(lang, t("hi.undone", lang, later=later_id, earlier=earlier_id), lambda e=earlier_id: userdata.undo_correction(later_id, e))


def _item(ds: Dataset, item: FlowItem, flow: str, later_label: str, labels: dict[str, str], rejected: list[str], lang: str,
          wording: str = "") -> None:
    """One statement of a flow beside its earlier versions; ``wording``: the later plan's (``link_wording``)."""
    own = statement_wording(ds, item.statement.statement_id) if flow != "dropped" else wording  # the later statement's words
    with st.container(border=True):
        left, right = st.columns(2, gap="medium")
        with left:
            st.html(_card(item.statement, lang))
        with right:
            if flow == "carried":
                st.markdown(f"**{t(worded('hi.earlier_versions', own), lang, n=len(item.earlier))}**")
                for v in item.earlier:
                    st.html(_card(v, lang, _link_meta(v, lang)))
                    _link_buttons(item.statement.statement_id, v, lang, own)
            elif flow == "new":
                st.caption(t(worded("hi.carries_nothing", own), lang))
            else:
                st.caption(t(worded("hi.not_in_next", own), lang, later=later_label))
                if item.later_plans:
                    st.caption(t("hi.taken_up_in", lang, plans=t("fmt.list_sep", lang).join(labels[p] for p in item.later_plans)))
            if flow != "dropped":
                _rejected_lines(ds, item.statement.statement_id, rejected, lang)


def chosen_flow(ds: Dataset, hist: History, flt: Filter, chosen: tuple[str, str, str]) -> None:
    """The statements of one flow, each beside its earlier versions, with the corrections of each link."""
    lang = flt.lang
    flow, a, b = chosen
    labels = {p: literal(label) for p, label in zip(hist.plans.plan_id, hist.plans.label)}  # titles, shown in Markdown only
    row = hist.flow(flow, a, b)
    wording = str(row["wording"]) if row is not None else ""
    st.markdown(f"## {t(worded('hi.flow_title.' + flow, wording), lang, earlier=labels[a], later=labels[b])}")
    st.caption(flow_sentence(row, labels, lang))
    if flow == "carried":
        with st.expander(t("hi.bands_title", lang), icon=":material/help:"):
            st.markdown(bands_text(lang))
    rejected: dict[str, list[str]] = {}
    for c in _guarded_corrections(lang):
        if c.verdict == "reject":
            rejected.setdefault(c.later_id, []).append(c.earlier_id)
    items = flow_items(ds, hist, flow, a, b, lang)
    if not items:
        st.info(t("hi.flow_empty", lang))
    shown_key = (flow, a, b, flt)
    if st.session_state.get(_SHOWN, (None, 0))[0] != shown_key:
        st.session_state[_SHOWN] = (shown_key, BATCH)
    limit = st.session_state[_SHOWN][1]
    for item in items[:limit]:
        _item(ds, item, flow, labels[b], labels, rejected.get(item.statement.statement_id, []), lang, wording)
    if len(items) > limit:  # a callback: the run after the click draws the longer list at once (not twice)
        st.button(t("hi.more", lang, n=min(BATCH, len(items) - limit), left=len(items) - limit), key="history_more",
                  on_click=_show_more, args=(shown_key, limit + BATCH))
    add_link_form(ds, hist, lang, b)


def _show_more(shown_key: tuple[Any, ...], limit: int) -> None:
    st.session_state[_SHOWN] = (shown_key, limit)


def _guarded_corrections(lang: str) -> list:
    try:
        return userdata.corrections()
    except LaomapError as exc:
        st.warning(literal(exc.text(lang)))
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a traceback
        log.exception("the corrections could not be read")
        st.warning(t("hi.unexpected", lang, what=type(exc).__name__))
    return []


def add_link_form(ds: Dataset, hist: History, lang: str, later_plan: str | None = None) -> None:
    """A link the method missed: a later statement, an earlier one (of an earlier plan), the kind of link."""
    order = hist.order
    if len(order) < 2:
        return
    later_plan = later_plan if later_plan in order[1:] else order[-1]
    with st.expander(t("hi.add_title", lang), icon=":material/add_link:"):
        later_choices = _searchable(statement_choices(ds, [later_plan], lang), "later", lang)
        earlier_choices = _searchable(statement_choices(ds, order[: order.index(later_plan)], lang), "earlier", lang)
        with st.form("history_add"):
            later = st.selectbox(t("hi.add_later", lang), list(later_choices), format_func=later_choices.get, key="history_add_later")
            earlier = st.selectbox(t("hi.add_earlier", lang), list(earlier_choices), format_func=earlier_choices.get,
                                   key="history_add_earlier")
            kind = st.selectbox(t("hi.add_kind", lang), list(KINDS), format_func=lambda k: t("hi.kind." + k, lang), key="history_add_kind")
            note = st.text_input(t("hi.add_note", lang), key="history_add_note", max_chars=300)
            go = st.form_submit_button(t("hi.add", lang), type="primary")
        if go and later and earlier:
            _correct(lang, t(worded("hi.added", statement_wording(ds, later)), lang, later=later, earlier=earlier),
                     lambda: userdata.correct_link(later, earlier, "add", kind=kind, note=note))


PICKER_LIMIT = 200  # options a statement picker lists; a longer plan is searched instead (10,000 statements: issue 29)


def _searchable(choices: dict[str, str], side: str, lang: str) -> dict[str, str]:
    """``choices`` as they are when short; else a search box above the picker, which lists the first matches only."""
    if len(choices) <= PICKER_LIMIT:
        return choices
    query = st.text_input(t(f"hi.add_search_{side}", lang), key=f"history_add_search_{side}", max_chars=200)
    shown, found = matching_choices(choices, query, PICKER_LIMIT)
    st.caption(t("hi.add_matches", lang, shown=len(shown), n=found))
    return shown


def flash() -> None:
    """The message of the correction made on the previous run, as a toast (seen wherever the page is scrolled to)."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.toast(literal(message), icon=":material/check_circle:")
