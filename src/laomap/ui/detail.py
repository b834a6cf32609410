"""One statement in full: English and Japanese side by side, the citation, places, dates and the paragraph around it."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from laomap.i18n import format_amount, kind_label, t, theme_label
from laomap.pipeline.dataset import Dataset
from laomap.style import NOTE_GREY
from laomap.ui.state import set_url_value, url_value
from laomap.views.details import StatementDetail, actor_label, statement_detail, statement_labels, statement_table
from laomap.views.filters import Filter, href


def _text_block(detail: StatementDetail, lang_of_text: str, lang: str) -> str:
    text = detail.text(lang_of_text)
    if text is None:
        return f'<div class="lm-text-block lm-missing">{html.escape(t("st.no_text", lang))}</div>'
    return f'<div class="lm-text-block" lang="{lang_of_text}">{html.escape(text)}</div>'


def _facts(rows: list[tuple[str, str]]) -> str:
    return '<dl class="lm-facts">' + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows if v) + "</dl>"


def show_detail(detail: StatementDetail, ds: Dataset, lang: str) -> None:
    """Draw a statement's detail view."""
    e = html.escape
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
            st.html("".join(
                f"<div>{e(p.name)} <span style='color:{NOTE_GREY}'>— {e(t('st.role.' + p.role, lang))}, "
                f"{e(t('st.precision', lang, words=t(f'ab.code.{p.precision_code}', lang)))}</span></div>" for p in detail.places))
        else:
            st.caption(t("mp.no_place", lang))
        st.markdown(f"### {t('st.dates', lang)}")
        if detail.dates:
            st.html("".join(
                f"<div><b>{e(d.iso.replace('/', '–'))}</b> <span style='color:{NOTE_GREY}'>— {e(t('tl.' + d.kind, lang))}: “<q lang='{e(d.lang)}'>{e(d.quote)}</q>”"
                f"{' (' + e(d.note) + ')' if d.note else ''}</span></div>" for d in detail.dates))
        else:
            st.caption("—")
        if detail.amounts:
            st.markdown(f"### {t('st.amounts', lang)}")
            st.html("".join(f"<div><b>{e(format_amount(v, c, lang))}</b></div>" for v, c in detail.amounts))

    with st.expander(t("st.context", lang)):
        original = detail.texts.get(ds.documents[detail.plan_id].language, "")
        context = e(detail.paragraph_text)
        if original and e(original) in context:
            context = context.replace(e(original), f"<mark>{e(original)}</mark>", 1)
        st.html(f'<div class="lm-context" lang="{e(ds.documents[detail.plan_id].language)}">{context}</div>')


PAGE_SIZE = 50  # statements listed at once; more are a choice of pages (10,000 would be a long page)


def statement_rows_html(table: pd.DataFrame, lang: str, links: dict[str, str], chosen: str | None = None) -> str:
    """The statements as rows: the text first, wrapped and widest, with plan, section, kind, themes, places and years beside it.

    At phone width the rows become cards (the stylesheet's media query). Each row links to
    its statement in full (``links``: statement id -> URL); a statement shown in its original
    language because the chosen one has no text says so.
    """
    e = html.escape
    head = (f'<div class="lm-row lm-row-head" aria-hidden="true"><div>{e(t("st.col.text", lang))}</div>'
            f'<div>{e(t("st.col.about", lang))}</div></div>')
    rows = []
    for r in table.to_dict("records"):
        sid = r["statement_id"]
        text_lang = r.get("text_lang") or lang
        only = "" if r["translated"] else f'<span class="lm-only">{e(t(f"st.only.{text_lang}", lang))}</span>'
        meta = (f'<div class="lm-row-meta"><b>{e(r["plan"])}</b> <span>{e(r["where"])}</span> {only}'
                f'<span class="lm-kind">{e(r["kind"])}</span>'
                + (f'<span class="lm-row-fact">{e(r["themes"])}</span>' if r["themes"] else "")
                + (f'<span class="lm-row-fact">◎ {e(r["places"])}</span>' if r["places"] else "")
                + (f'<span class="lm-row-fact">{e(r["years"])}</span>' if r["years"] else "") + "</div>")
        cls = "lm-row lm-row-chosen" if sid == chosen else "lm-row"
        rows.append(f'<a class="{cls} lm-door" href="{e(links[sid])}" data-stmt="{e(sid)}">'
                    f'<div class="lm-row-text" lang="{e(text_lang)}">{e(r["text"])}</div>{meta}</a>')
    return f'<div class="lm-rows">{head}{"".join(rows)}</div>'


def statement_browser(ds: Dataset, rows: pd.DataFrame, lang: str, flt: Filter | None = None) -> None:
    """The statements of the selection, text first; the one picked (or in the link, ``?stmt=<id>``) in full below."""
    table = statement_table(ds, rows, lang)
    table["text_lang"] = list(rows.language)
    ids = table.statement_id.tolist()
    labels = statement_labels(ds, rows, lang)
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
    shown = table.iloc[start:start + PAGE_SIZE]
    base = flt if flt is not None else Filter(lang=lang)
    links = {sid: href("statements", base, stmt=sid) for sid in shown.statement_id}
    st.html(statement_rows_html(shown, lang, links, chosen))
    sid = st.selectbox(t("st.pick", lang), ids, format_func=lambda i: labels.get(i, i), key="stmt",
                       placeholder=t("st.pick_none", lang))
    set_url_value("stmt", sid)
    if sid:
        # the detail's parts (h3) sit under a heading of their own, seen by screen readers only: no level is skipped
        st.html(f'<h2 class="lm-sr">{html.escape(labels.get(sid, sid))}</h2>')
        show_detail(statement_detail(ds, sid, lang), ds, lang)
