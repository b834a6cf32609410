"""The Present page's view: one theme per step, a large map, large type and the key statements.

Made for a meeting room: the map is the same image as in the slide deck (drawn by
``maps.static``, so it needs no internet and no JavaScript), the statements are verbatim with
their citations, and the step is in the URL (``?step=energy``, the theme id) so a link opens the same screen.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from laomap.export.prepare import Prepared, prepare
from laomap.i18n import citation, kind_label, t, theme_label
from laomap.maps.presets import Preset
from laomap.maps.static import figure_bytes, render_map
from laomap.pipeline.dataset import Dataset
from laomap.style import CHOROPLETH, MUTED, TEXT
from laomap.views.captions import counts_line, key_statements, source_line
from laomap.views.filters import Filter

SCREEN = Preset("screen", 1500, 1060, 150)
FONT_STACK = ('"Source Sans", "Source Sans Pro", "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic UI", '
              '"Yu Gothic", Meiryo, sans-serif')
CSS = f"""
<style>
.pr-kicker {{ color: {CHOROPLETH[4]}; font-weight: 700; font-size: 1.05rem; letter-spacing: .04em; text-transform: uppercase;
  font-family: {FONT_STACK}; }}
.pr-title {{ font-size: 2.9rem; font-weight: 700; line-height: 1.12; color: {TEXT}; margin: .1rem 0 .3rem; font-family: {FONT_STACK}; }}
.pr-count {{ color: {MUTED}; font-size: 1.15rem; margin-bottom: .8rem; font-family: {FONT_STACK}; }}
.pr-key {{ color: {CHOROPLETH[4]}; font-weight: 700; font-size: 1.15rem; margin: .4rem 0 .2rem; font-family: {FONT_STACK}; }}
.pr-stmt {{ border-left: 5px solid {CHOROPLETH[3]}; padding: .35rem 0 .35rem .9rem; margin: .7rem 0; font-family: {FONT_STACK}; }}
.pr-text {{ font-size: 1.32rem; line-height: 1.45; color: {TEXT}; }}
.pr-cite {{ font-size: .98rem; color: {MUTED}; margin-top: .25rem; }}
.pr-source {{ font-size: .9rem; color: {MUTED}; font-family: {FONT_STACK}; }}
</style>
"""


PICTURES = 32  # step pictures remembered per dataset


def _map_png(step: Prepared) -> bytes:
    """The step's map, drawn once per dataset and filter."""
    def make() -> bytes:
        fig = render_map(step.layers, step.ds, preset=SCREEN, flt=step.flt, furniture=False, scale=1.1)
        return figure_bytes(fig, "png", SCREEN.dpi, step.lang)

    return step.ds.recent("present-pictures", PICTURES).get(step.flt, make)


def _go(steps: list[str], delta: int) -> None:
    current = st.session_state.get("pr_step")
    i = steps.index(current) if current in steps else 0
    st.session_state["pr_step"] = steps[(i + delta) % len(steps)]


def statements_html(ds: Dataset, rows: pd.DataFrame, lang: str) -> str:
    """The key statements, verbatim and escaped, each with its kind and citation."""
    e = html.escape
    return "".join(
        f'<div class="pr-stmt"><div class="pr-text" lang="{e(str(row.get("language") or lang))}">{e(row["text"])}</div>'
        f'<div class="pr-cite">{e(kind_label(row["kind"], lang))} — {e(citation(ds, row, lang))}</div></div>'
        for _, row in key_statements(rows, 5).iterrows()
    )


def present(ds: Dataset, flt: Filter) -> None:
    """Draw the Present page for the current filter."""
    lang = flt.lang
    st.html(CSS)
    sel = prepare(ds, flt, require=False)
    steps = sel.themes
    if not steps:
        st.info(t("pr.empty", lang))
        return
    wanted = st.query_params.get("step")
    if "pr_step" not in st.session_state and wanted in steps:
        st.session_state["pr_step"] = wanted  # a link opens its step
    if st.session_state.get("pr_step") not in steps:
        st.session_state["pr_step"] = steps[0]  # the filters changed and took the step away
    nav = st.columns([1, 4, 1], vertical_alignment="bottom")
    nav[0].button(t("pr.prev", lang), icon=":material/arrow_back:", on_click=_go, args=(steps, -1), key="pr_prev",
                  width="stretch")
    theme = nav[1].selectbox(t("pr.step", lang), steps, format_func=lambda x: theme_label(x, lang), key="pr_step",
                             label_visibility="collapsed")
    st.query_params["step"] = theme  # the theme id, the same in both languages
    nav[2].button(t("pr.next", lang), icon=":material/arrow_forward:", on_click=_go, args=(steps, 1), key="pr_next",
                  width="stretch")
    i = steps.index(theme) + 1
    st.progress(i / len(steps))
    step = sel.theme(theme)
    selected, layers = step.rows, step.layers
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.image(_map_png(step), width="stretch", alt=t("pr.map_alt", lang, theme=theme_label(theme, lang)))
    with right:
        st.html(f'<div class="pr-kicker">{html.escape(t("pr.of", lang, i=i, n=len(steps)))}</div>'
                f'<div class="pr-title" id="pr-title">{html.escape(theme_label(theme, lang))}</div>'
                f'<div class="pr-count">{html.escape(counts_line(layers))}</div>'
                f'<div class="pr-key">{html.escape(t("pr.key", lang))}</div>'
                f'{statements_html(ds, selected, lang)}')
    st.html(f'<div class="pr-source">{html.escape(source_line(ds, selected, lang))}</div>')
    st.caption(t("pr.tip", lang))
