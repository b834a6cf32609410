"""The dashboard's look: one stylesheet for every page, and the page header.

Made for a meeting-room screen (1920×1080): compact top spacing, large figures, calm
colours from laomap.style, and a font stack that renders Japanese with a Japanese font
(without it, Chromium may pick Chinese glyph variants for kanji).
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from laomap.i18n import t
from laomap.pipeline.dataset import Dataset
from laomap.style import CHOROPLETH, DATE_KINDS, JAPAN_POINT, LAO_POINT, MUTED, TEXT
from laomap.ui.literal import literal
from laomap.ui.state import url_notes
from laomap.views.filters import Filter, also_matched
from laomap.views.summary import describe

FONT_STACK = ('"Source Sans", "Source Sans Pro", "Source Sans 3", "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", '
              '"Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic", Meiryo, sans-serif')

# Each kind of date's colours (style.DATE_KINDS) for the marks above: the timeline's marks and legend, the deck's colours.
DATE_KIND_CSS = "\n".join(f".lm-tl-k-{k.id} {{ --lm-kind: {k.colour}; --lm-kind-edge: {k.edge or k.colour}; }}" for k in DATE_KINDS)

CSS = f"""
<style>
html body, .stApp, .stMarkdown, p, li, label, input, textarea, button, h1, h2, h3, h4, h5, h6, summary, [data-testid="stHtml"],
[data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stCaptionContainer"] {{ font-family: {FONT_STACK}; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 2.2rem; padding-bottom: 3rem; max-width: 1880px; }}
[data-testid="stSidebarContent"] {{ padding-bottom: 1rem; }}
h1 {{ font-size: 2.1rem !important; font-weight: 700 !important; letter-spacing: -0.01em; padding-top: 0 !important; }}
h4 {{ font-weight: 600 !important; }}
.lm-kicker {{ color: {CHOROPLETH[4]}; font-weight: 600; font-size: .95rem; letter-spacing: .04em; text-transform: uppercase; }}
.lm-filters {{ color: {MUTED}; font-size: 1rem; margin-top: -0.4rem; }}
.lm-filters b {{ color: {TEXT}; font-weight: 600; }}
.lm-also {{ color: {MUTED}; font-size: .95rem; margin-top: 2px; }}
.lm-chip {{ display: inline-block; background: #e6f2ef; color: #0f4f47; border-radius: 999px; padding: 1px 10px; margin: 2px 4px 2px 0;
  font-size: .92rem; }}
[data-testid="stMetric"] {{ background: #f7f9f9; border: 1px solid #e3e8ea; border-radius: 10px; padding: 12px 18px; }}
[data-testid="stMetricValue"] {{ font-size: 2.4rem; font-weight: 600; color: {TEXT}; }}
[data-testid="stMetricLabel"] p {{ font-size: 1rem; color: #475569; }}
.lm-card {{ border: 1px solid #e5e7eb; border-left: 4px solid {CHOROPLETH[3]}; border-radius: 6px; padding: 10px 14px; margin: 0 0 10px;
  background: #fff; }}
.lm-card-title {{ font-size: 1.1rem; font-weight: 600; margin-bottom: 6px; }}
.lm-card-meta {{ display: flex; gap: 10px; flex-wrap: wrap; align-items: baseline; color: {MUTED}; font-size: .88rem; margin-bottom: 4px; }}
.lm-card-text {{ font-size: 1.02rem; line-height: 1.5; color: {TEXT}; }}
.lm-card-note {{ color: {MUTED}; font-size: .85rem; font-style: italic; margin-top: 4px; }}
.lm-card-more {{ color: {MUTED}; font-size: .92rem; margin: 4px 0 8px; }}
.lm-kind {{ text-transform: uppercase; letter-spacing: .05em; font-size: .75rem; font-weight: 700; color: #334155;
  background: #eef1f2; border-radius: 4px; padding: 1px 6px; }}
.lm-kind-commitment {{ background: #d9efe9; color: #0f4f47; }}
.lm-kind-acknowledgement {{ background: #e8edf5; color: {LAO_POINT}; }}
.lm-kind-goal {{ background: #fbeee0; color: #8a4b0f; }}
.lm-kind-programme {{ background: #f1e9f5; color: #5b3b6e; }}
.lm-panel-title {{ font-size: 1.3rem; font-weight: 600; margin: 0 0 4px; }}
.lm-panel-note {{ color: {MUTED}; font-size: .92rem; margin: 0 0 10px; }}
.lm-panel-sub {{ font-weight: 600; margin: 12px 0 6px; }}
.lm-details {{ border: 1px solid #e3e8ea; border-radius: 8px; margin: 0 0 8px; background: #fff; }}
.lm-details summary {{ cursor: pointer; padding: 8px 12px; font-size: 1rem; list-style-position: inside; }}
.lm-details[open] summary {{ border-bottom: 1px solid #eef1f2; }}
.lm-details-body {{ padding: 10px 12px 2px; }}
.lm-n {{ display: inline-block; min-width: 1.6em; text-align: center; background: #eef1f2; border-radius: 999px; font-size: .85rem;
  padding: 0 6px; margin-left: 6px; color: #334155; font-variant-numeric: tabular-nums; }}
.lm-partner-rel {{ color: {MUTED}; font-size: .9rem; margin: 2px 0 0 18px; }}
.lm-dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 8px; }}
.lm-text-block {{ font-size: 1.12rem; line-height: 1.65; background: #fafbfb; border: 1px solid #e5e7eb; border-radius: 8px;
  padding: 14px 18px; }}
.lm-text-block.lm-missing {{ color: {MUTED}; font-style: italic; font-size: 1rem; }}
.lm-context {{ color: #475569; font-size: .98rem; line-height: 1.6; }}
.lm-context mark {{ background: #fff3c4; color: {TEXT}; padding: 0 2px; }}
.lm-facts {{ display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: .98rem; }}
.lm-facts dt {{ color: {MUTED}; }}
.lm-facts dd {{ margin: 0; }}
.lm-japan {{ color: {JAPAN_POINT}; }}
.lm-bars {{ display: grid; grid-template-columns: minmax(6em, max-content) minmax(35%, 1fr); gap: 7px 12px; align-items: center; }}
.lm-bar-row {{ display: contents; }}
.lm-bar-label {{ text-align: right; font-size: 1rem; color: {TEXT}; line-height: 1.25; }}
.lm-bar-stack {{ display: flex; flex-direction: column; gap: 3px; width: 100%; min-width: 0; }}
.lm-bar-track {{ display: flex; align-items: center; gap: 6px; width: 100%; text-decoration: none; color: inherit; }}
a.lm-door {{ text-decoration: none; color: inherit; cursor: pointer; }}
a.lm-door:hover .lm-bar {{ filter: brightness(.82); }}
a.lm-door:hover .lm-bar-n, a.lm-bar-label.lm-door:hover {{ text-decoration: underline; }}
.lm-bar-note {{ font-size: .8rem; color: {MUTED}; }}
.lm-rows {{ max-height: 560px; overflow-y: auto; border: 1px solid #e3e8ea; border-radius: 8px; background: #fff; }}
.lm-row {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(180px, 24%); gap: 4px 18px; padding: 9px 14px;
  border-bottom: 1px solid #eef1f2; text-decoration: none; color: {TEXT}; }}
a.lm-row:hover {{ background: #f3f8f7; }}
.lm-row-chosen {{ background: #e6f2ef; box-shadow: inset 4px 0 0 {CHOROPLETH[4]}; }}
.lm-row-head {{ position: sticky; top: 0; background: #f7f9f9; font-weight: 600; color: #475569; font-size: .92rem; z-index: 1; }}
.lm-row-text {{ font-size: 1.02rem; line-height: 1.5; overflow-wrap: anywhere; }}
.lm-row-meta {{ display: flex; flex-wrap: wrap; gap: 3px 8px; align-content: flex-start; align-items: baseline; font-size: .86rem;
  color: {MUTED}; }}
.lm-row-meta b {{ color: {TEXT}; font-weight: 600; }}
.lm-row-fact {{ flex-basis: 100%; }}
.lm-only {{ background: #fff3c4; color: #7a5b00; border-radius: 4px; padding: 0 6px; font-size: .78rem; }}
@media (max-width: 640px) {{
  .lm-rows {{ max-height: none; border: 0; background: transparent; }}
  .lm-row-head {{ display: none; }}
  .lm-row {{ grid-template-columns: 1fr; border: 1px solid #e5e7eb; border-left: 4px solid {CHOROPLETH[3]}; border-radius: 6px;
    margin: 0 0 10px; background: #fff; }}
  .lm-row-meta {{ order: -1; }}
  .lm-row-fact {{ flex-basis: auto; }}
}}
.lm-tl {{ font-size: .95rem; }}
.lm-tl-legend {{ display: flex; flex-wrap: wrap; gap: 6px 16px; color: {MUTED}; margin: 0 0 6px; }}
.lm-tl-note {{ color: {MUTED}; font-size: .88rem; margin: 0 0 6px; }}
.lm-tl-empty {{ color: {MUTED}; padding: 24px; text-align: center; border: 1px dashed #d1d5db; border-radius: 8px; }}
.lm-tl-lane {{ display: grid; grid-template-columns: minmax(8em, 17%) minmax(0, 1fr); gap: 0 12px; align-items: center; }}
.lm-tl-lane:nth-child(odd of .lm-tl-lane) .lm-tl-track {{ background: #f3f5f6; }}
.lm-tl-label {{ text-align: right; line-height: 1.2; color: {TEXT}; }}
.lm-tl-track {{ position: relative; border-bottom: 1px solid #eef1f2; }}
.lm-tl-head .lm-tl-track {{ height: 44px; background: none !important; }}
.lm-tl-tick {{ position: absolute; bottom: 2px; transform: translateX(-50%); color: #475569; font-size: .85rem;
  font-variant-numeric: tabular-nums; }}
.lm-tl-plan {{ position: absolute; top: 0; transform: translateX(-50%); color: {MUTED}; font-size: .8rem; white-space: nowrap; }}
.lm-tl-grid {{ position: absolute; top: 0; bottom: 0; width: 1px; background: #e5e7eb; }}
.lm-tl-planline {{ position: absolute; top: 0; bottom: 0; border-left: 1.5px dashed #9ca3af; }}
.lm-tl-bar {{ position: absolute; height: 14px; border-radius: 2px; background: var(--lm-kind); opacity: .9; }}
.lm-tl-open {{ border-left: 3px solid var(--lm-kind-edge); }}
.lm-tl-mark {{ position: absolute; width: 12px; height: 12px; margin-left: -6px; margin-top: 1px; box-sizing: border-box; }}
.lm-tl-dot {{ border-radius: 50%; background: var(--lm-kind); border: 1.5px solid #fff; }}
.lm-tl-ring {{ border-radius: 50%; border: 2px solid var(--lm-kind); background: #fff; }}
.lm-tl-diamond::before {{ content: ""; position: absolute; inset: 0; background: var(--lm-kind); transform: rotate(45deg) scale(.85); }}
.lm-tl [data-tip]:hover::after {{ content: attr(data-tip); position: absolute; left: 0; top: 18px; z-index: 10; width: max-content;
  max-width: 440px; white-space: pre-line; background: #fff; border: 1px solid #94a3b8; border-radius: 6px; padding: 8px 10px;
  color: {TEXT}; font-size: .88rem; line-height: 1.45; box-shadow: 0 4px 14px rgba(15, 23, 42, .15); pointer-events: none;
  transform: none; }}
.lm-tl-square {{ border: 2px solid var(--lm-kind); background: #fff; }}
a.lm-tl-bar:hover, a.lm-tl-mark:hover {{ outline: 2px solid {TEXT}; z-index: 2; }}
.lm-tl .lm-tl-right[data-tip]:hover::after {{ left: auto; right: 0; }}
.lm-tl-key {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; box-sizing: border-box; }}
.lm-tl-key-bar {{ background: var(--lm-kind); width: 18px; }}
.lm-tl-key-open-bar {{ background: var(--lm-kind); border-left: 3px solid var(--lm-kind-edge); width: 18px; }}
.lm-tl-key-dot {{ background: var(--lm-kind); border-radius: 50%; }}
.lm-tl-key-diamond {{ background: var(--lm-kind); transform: rotate(45deg) scale(.8); }}
.lm-tl-key-ring {{ border: 2px solid var(--lm-kind); border-radius: 50%; }}
.lm-tl-key-square {{ border: 2px solid var(--lm-kind); }}
{DATE_KIND_CSS}
.lm-figures {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 4px 0 14px; }}
a.lm-figure {{ display: block; background: #f7f9f9; border: 1px solid #e3e8ea; border-radius: 10px; padding: 12px 18px;
  text-decoration: none; color: {TEXT}; }}
a.lm-figure:hover {{ border-color: {CHOROPLETH[4]}; background: #eef6f4; }}
.lm-figure-label {{ display: block; font-size: 1rem; color: #475569; }}
.lm-figure-value {{ display: block; font-size: 2.4rem; font-weight: 600; line-height: 1.2; font-variant-numeric: tabular-nums; }}
.lm-figure-note {{ display: block; font-size: .82rem; color: {MUTED}; }}
.lm-bar {{ display: inline-block; height: 20px; border-radius: 3px; min-width: 2px; }}
.lm-bar-n {{ font-size: .95rem; color: #475569; font-variant-numeric: tabular-nums; white-space: nowrap; }}
</style>
"""


def widget_words_css(lang: str) -> str:
    """Words Streamlit writes into its widgets in English only, replaced by the interface's own.

    The file uploader's button says "Upload" and its instructions "Limit 20MB per file • TXT, PDF";
    the instructions are hidden (the uploader's label gives the formats and the limit in the
    interface language) and the button's word is drawn from the catalog.
    """
    word = t("ui.upload", lang).replace("\\", "").replace('"', "")
    return (f'<style>[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}'
            f'[data-testid="stFileUploaderDropzone"] button p {{ font-size: 0; }}'
            f'[data-testid="stFileUploaderDropzone"] button p::after {{ content: "{word}"; font-size: 1rem; }}</style>')


def apply_look(lang: str = "en") -> None:
    """Add the stylesheet to the page (an invisible element)."""
    st.html(CSS + widget_words_css(lang))


def page_header(ds: Dataset, flt: Filter, rows: pd.DataFrame | None, title_key: str) -> None:
    """Kicker with the atlas name, the page title, and what the selection is (count and active filters; not if ``rows`` is None)."""
    lang = flt.lang
    e = html.escape
    notes = url_notes()
    if notes:  # a shared link that was partly broken: said first, above what the page shows
        st.warning(t("f.url_notes", lang) + " " + literal("; ".join(notes)), icon=":material/link_off:")
    st.html(CSS + widget_words_css(lang) + f'<div class="lm-kicker">{e(t("app_title", lang))}</div>')
    st.title(t(title_key, lang), anchor=False)
    if rows is not None:
        parts = describe(ds, flt, lang)
        count = t("ui.selection", lang, n=len(rows), total=ds.commitments.statement_id.nunique())
        chips = "".join(f'<span class="lm-chip">{e(p)}</span>' for p in parts) if parts else e(t("ui.filters_none", lang))
        also = also_matched(ds, flt, rows)
        extra = (f'<div class="lm-also">{e(t("ui.also_matched", lang, names=t("fmt.list_sep", lang).join(also)))}</div>'
                 if also else "")
        st.html(f'<div class="lm-filters"><b>{e(count)}</b> · {chips}</div>{extra}')


def figure_cards(figures: list[tuple[str, int, str, str]]) -> None:
    """Headline figures (label, value, link, note) as cards; each card is a link to what it counts."""
    e = html.escape
    cards = "".join(
        f'<a class="lm-figure lm-door" href="{e(link)}" title="{e(note)}"><span class="lm-figure-label">{e(label)}</span>'
        f'<span class="lm-figure-value">{int(value)}</span>{f"<span class=lm-figure-note>{e(note)}</span>" if note else ""}</a>'
        for label, value, link, note in figures)
    st.html(f'<div class="lm-figures">{cards}</div>')


def record_cards(records: list[dict[str, str]], title_field: str) -> None:
    """Records (e.g. the source documents) as cards: the title field as heading, the other fields as a list."""
    e = html.escape
    cards = []
    for record in records:
        facts = "".join(f"<dt>{e(k)}</dt><dd>{e(str(v))}</dd>" for k, v in record.items() if k != title_field and v)
        cards.append(f'<div class="lm-card"><div class="lm-card-title">{e(str(record[title_field]))}</div>'
                     f'<dl class="lm-facts">{facts}</dl></div>')
    st.html("".join(cards))
