"""One statement in full: English and Japanese side by side, the citation, places, dates and the paragraph around it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from laomap.i18n import format_amount, kind_label, t, theme_label
from laomap.pipeline.dataset import Dataset
from laomap.style import NOTE_GREY
from laomap.templates import render
from laomap.ui.state import set_url_value, url_value
from laomap.views.details import StatementDetail, actor_label, statement_detail, statement_labels, statement_table
from laomap.views.filters import Filter, href


def _text_block(detail: StatementDetail, lang_of_text: str, lang: str) -> str:
    return render("statement_detail.html", part="text", text=detail.text(lang_of_text), lang=lang_of_text, missing=t("st.no_text", lang))


def _facts(rows: list[tuple[str, str]]) -> str:
    return render("statement_detail.html", part="facts", facts=rows)


def show_detail(detail: StatementDetail, ds: Dataset, lang: str) -> None:
    """Draw a statement's detail view."""
    en, ja = st.columns(2, gap="large")
    with en:
        st.markdown(f"### {t('st.lang.en', lang)}")
        st.html(_text_block(detail, "en", lang))
    with ja:
        st.markdown(f"### {t('st.lang.ja', lang)}")
        st.html(_text_block(detail, "ja", lang))

    sep = t("fmt.list_sep", lang)
    facts, where = st.columns(2, gap="large")
    with facts:
        st.markdown(f"### {t('st.citation', lang)}")
        cites = [(f"{t('st.citation', lang)} ({t(f'st.lang.{code}', lang)})", c)
                 for code, c in sorted(detail.citations.items())]
        st.html(_facts([
            (t("st.document", lang), ds.documents[detail.plan_id].title(lang)),
            (t("st.section", lang), detail.section_title if detail.section_title_lang == lang
             else f"{detail.section_title} ({t(f'st.only.{detail.section_title_lang}', lang)})"),
            (t("st.paragraph", lang), str(detail.paragraph)),
            (t("st.sentence", lang), str(detail.sentence)),
            *cites,
            (t("st.kind", lang), kind_label(detail.kind, lang)),
            (t("st.themes", lang), sep.join(theme_label(x, lang) for x in detail.themes)),
            (t("st.actors", lang), sep.join(actor_label(a, lang) for a in detail.actors)),
        ]))
    with where:
        st.markdown(f"### {t('st.places', lang)}")
        if detail.places:
            st.html(render("statement_detail.html", part="places", note_grey=NOTE_GREY, places=[
                {"name": p.name, "role": t("st.role." + p.role, lang),
                 "precision": t("st.precision", lang, words=t(f"ab.code.{p.precision_code}", lang))} for p in detail.places]))
        else:
            st.caption(t("mp.no_place", lang))
        st.markdown(f"### {t('st.dates', lang)}")
        if detail.dates:
            st.html(render("statement_detail.html", part="dates", note_grey=NOTE_GREY, dates=[
                {"iso": d.iso.replace("/", "–"), "kind": t("tl." + d.kind, lang), "lang": d.lang, "quote": d.quote, "note": d.note}
                for d in detail.dates]))
        else:
            st.caption("—")
        if detail.amounts:
            st.markdown(f"### {t('st.amounts', lang)}")
            st.html(render("statement_detail.html", part="amounts", amounts=[format_amount(v, c, lang) for v, c in detail.amounts]))

    with st.expander(t("st.context", lang)):
        original = detail.texts.get(ds.documents[detail.plan_id].language, "")
        # the statement's own sentence marked inside its paragraph
        before, found, after = detail.paragraph_text.partition(original) if original else (detail.paragraph_text, "", "")
        if not found:
            before, after = detail.paragraph_text, ""
        st.html(render("statement_detail.html", part="context", lang=ds.documents[detail.plan_id].language, before=before,
                       found=found, after=after))


PAGE_SIZE = 50  # statements listed at once; more are a choice of pages (10,000 would be a long page)


def statement_rows_html(table: pd.DataFrame, lang: str, links: dict[str, str], chosen: str | None = None) -> str:
    """The statements as rows: the text first, wrapped and widest, with plan, section, kind, themes, places and years beside it.

    At phone width the rows become cards (the stylesheet's media query). Each row links to
    its statement in full (``links``: statement id -> URL); a statement shown in its original
    language because the chosen one has no text says so.
    """
    rows = []
    for r in table.to_dict("records"):
        sid = r["statement_id"]
        text_lang = r.get("text_lang") or lang
        rows.append({"id": sid, "link": links[sid], "chosen": sid == chosen, "text_lang": text_lang, "text": r["text"],
                     "plan": r["plan"], "where": r["where"], "kind": r["kind"], "themes": r["themes"], "places": r["places"],
                     "years": r["years"], "only": "" if r["translated"] else t(f"st.only.{text_lang}", lang)})
    return render("statement_rows.html", head_text=t("st.col.text", lang), head_about=t("st.col.about", lang), rows=rows)


PICK_ALL = 500  # up to this many statements the picker lists them all; a longer selection lists the page shown


def statement_browser(ds: Dataset, rows: pd.DataFrame, lang: str, flt: Filter | None = None) -> None:
    """The statements of the selection, text first; the one picked (or in the link, ``?stmt=<id>``) in full below.

    Only the page shown is made into rows and picker labels: a selection of 10,000 statements made every row's
    table cells and label, and sent 10,000 options to the browser, on every rerun (issue 29). Each row links to its
    statement in full, whatever page it is on.
    """
    ids = rows.statement_id.tolist()
    if "stmt" not in st.session_state:  # a link to one statement
        st.session_state["stmt"] = url_value("stmt")
    if st.session_state["stmt"] not in ids:
        st.session_state["stmt"] = None
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    chosen = st.session_state["stmt"]
    start = 0
    if pages > 1:
        first_page = ids.index(chosen) // PAGE_SIZE if chosen in ids else 0
        page = st.selectbox(t("st.page", lang), range(pages), index=first_page, key="stmt_page",
                            format_func=lambda i: t("st.page_label", lang, page=i + 1, pages=pages, first=i * PAGE_SIZE + 1,
                                                    last=min(len(ids), (i + 1) * PAGE_SIZE)))
        start = page * PAGE_SIZE
    page_rows = rows.iloc[start:start + PAGE_SIZE]
    shown = statement_table(ds, page_rows, lang)
    shown["text_lang"] = list(page_rows.language)
    base = flt if flt is not None else Filter(lang=lang)
    links = {sid: href("statements", base, stmt=sid) for sid in shown.statement_id}
    st.html(statement_rows_html(shown, lang, links, chosen))
    if len(ids) <= PICK_ALL:
        listed = rows
    else:  # the page's statements, and the one chosen wherever it is
        listed = page_rows if chosen is None or chosen in links else pd.concat([rows.iloc[[ids.index(chosen)]], page_rows])
    labels = statement_labels(ds, listed, lang)
    sid = st.selectbox(t("st.pick", lang), list(labels), format_func=lambda i: labels.get(i, i), key="stmt",
                       placeholder=t("st.pick_none", lang))
    set_url_value("stmt", sid)
    if sid:
        # the detail's parts (h3) sit under a heading of their own, seen by screen readers only: no level is skipped
        st.html(render("sr_heading.html", text=labels.get(sid, sid)))
        show_detail(statement_detail(ds, sid, lang), ds, lang)
