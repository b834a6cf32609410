"""One statement in full: English and Japanese side by side, the citation, places, dates and the paragraph around it."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from laomap.i18n import kind_label, t, theme_label
from laomap.pipeline.dataset import Dataset
from laomap.ui.state import set_url_value, url_value
from laomap.views.details import StatementDetail, actor_label, statement_detail, statement_labels, statement_table


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
        st.markdown(f"##### {t('st.english', lang)}")
        st.html(_text_block(detail, "en", lang))
    with ja:
        st.markdown(f"##### {t('st.japanese', lang)}")
        st.html(_text_block(detail, "ja", lang))

    sep = t("fmt.list_sep", lang)
    facts, where = st.columns(2, gap="large")
    with facts:
        st.markdown(f"##### {t('st.citation', lang)}")
        cites = [(f"{t('st.citation', lang)} ({t('st.english' if code == 'en' else 'st.japanese', lang)})", c)
                 for code, c in sorted(detail.citations.items())]
        st.html(_facts([
            (t("st.document", lang), ds.documents[detail.plan_id].title_ja if lang == "ja" else ds.documents[detail.plan_id].title_en),
            (t("st.section", lang), detail.section_title),
            (t("st.paragraph", lang), str(detail.paragraph)),
            (t("st.sentence", lang), str(detail.sentence)),
            *cites,
            (t("st.kind", lang), kind_label(detail.kind, lang)),
            (t("st.themes", lang), sep.join(theme_label(x, lang) for x in detail.themes)),
            (t("st.actors", lang), sep.join(actor_label(a, lang) for a in detail.actors)),
        ]))
    with where:
        st.markdown(f"##### {t('st.places', lang)}")
        if detail.places:
            st.html("".join(
                f"<div>{e(p.name)} <span style='color:#6b7280'>— {e(t('st.role.' + p.role, lang))}, "
                f"{e(t('st.precision', lang, code=p.precision_code))}</span></div>" for p in detail.places))
        else:
            st.caption(t("mp.no_place", lang))
        st.markdown(f"##### {t('st.dates', lang)}")
        if detail.dates:
            st.html("".join(
                f"<div><b>{e(d.iso.replace('/', '–'))}</b> <span style='color:#6b7280'>— {e(t('tl.' + d.kind, lang))}: “{e(d.quote)}”"
                f"{' (' + e(d.note) + ')' if d.note else ''}</span></div>" for d in detail.dates))
        else:
            st.caption("—")

    with st.expander(t("st.context", lang)):
        original = detail.texts.get(ds.documents[detail.plan_id].language, "")
        context = e(detail.paragraph_text)
        if original and e(original) in context:
            context = context.replace(e(original), f"<mark>{e(original)}</mark>", 1)
        st.html(f'<div class="lm-context">{context}</div>')


def statement_browser(ds: Dataset, rows: pd.DataFrame, lang: str) -> None:
    """The table of the selection; the row picked (or the statement in the link, ``?stmt=<id>``) in full below it."""
    table = statement_table(ds, rows, lang)
    ids = table.statement_id.tolist()

    def pick_row() -> None:
        chosen = (st.session_state.get("stmt_table") or {}).get("selection", {}).get("rows", [])
        if chosen and chosen[0] < len(ids):
            st.session_state["stmt"] = ids[chosen[0]]

    columns = {
        "plan": st.column_config.TextColumn(t("st.col.plan", lang), width=150),
        "where": st.column_config.TextColumn(t("st.col.where", lang), width=90),
        "kind": st.column_config.TextColumn(t("st.col.kind", lang), width=130),
        "themes": st.column_config.TextColumn(t("st.col.themes", lang), width=240),
        "places": st.column_config.TextColumn(t("st.col.places", lang), width=150),
        "years": st.column_config.TextColumn(t("st.col.years", lang), width=90),
        "text": st.column_config.TextColumn(t("st.col.text", lang), width="large"),
        "translated": st.column_config.CheckboxColumn(t("st.col.translated", lang), width=90),
    }
    shown = table.drop(columns=["statement_id"] + ([] if (~table.translated).any() else ["translated"]))
    st.dataframe(shown, key="stmt_table", on_select=pick_row, selection_mode="single-row", hide_index=True,
                 use_container_width=True, height=min(460, 38 + 35 * len(table)), column_config=columns)
    labels = statement_labels(ds, rows, lang)
    if "stmt" not in st.session_state:  # a link to one statement
        st.session_state["stmt"] = url_value("stmt")
    if st.session_state["stmt"] not in ids:
        st.session_state["stmt"] = None
    sid = st.selectbox(t("st.pick", lang), ids, format_func=lambda i: labels.get(i, i), key="stmt",
                       placeholder=t("st.pick_none", lang))
    set_url_value("stmt", sid)
    if sid:
        show_detail(statement_detail(ds, sid, lang), ds, lang)
