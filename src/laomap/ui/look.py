"""The dashboard's look: one stylesheet for every page, and the page header.

Made for a meeting-room screen (1920×1080): compact top spacing, large figures, calm
colours from laomap.style, and a font stack that renders Japanese with a Japanese font
(without it, Chromium may pick Chinese glyph variants for kanji).
"""

from __future__ import annotations

import json
from functools import cache

import pandas as pd
import streamlit as st

from laomap.i18n import t
from laomap.maps.fonts import JAPANESE_FAMILIES, css_families, font_face_css, web_font_import
from laomap.pipeline.dataset import Dataset
from laomap.style import DATE_KINDS, STATEMENT_KIND_COLOURS, colours
from laomap.templates import Markup, render
from laomap.templates import stylesheet as stylesheet_template
from laomap.ui.literal import literal
from laomap.ui.state import url_notes
from laomap.views.about import Identifier, InLanguage
from laomap.views.filters import Filter, also_matched
from laomap.views.summary import describe

FONT_STACK = f'"Source Sans", "Source Sans Pro", "Source Sans 3", {css_families(JAPANESE_FAMILIES)}, "Noto Sans Lao", "Phetsarath OT", sans-serif'

# Each kind of date's colours (style.DATE_KINDS) for the marks above: the timeline's marks and legend, the deck's colours.
DATE_KIND_CSS = "\n".join(f".lm-tl-k-{k.id} {{ --lm-kind: {k.colour}; --lm-kind-edge: {k.edge or k.colour}; }}" for k in DATE_KINDS)



@cache
def stylesheet() -> str:
    """The dashboard's stylesheet (``templates/look.css``) with the colours of ``laomap.style``."""
    return stylesheet_template("look.css", font_stack=FONT_STACK, date_kind_css=DATE_KIND_CSS,
                               statement_kinds=STATEMENT_KIND_COLOURS, **colours())


@cache
def accessibility_css() -> str:
    """What every page needs, its own stylesheet or not (Present has its own): captions that read, a focus ring, skip links."""
    return stylesheet_template("accessibility.css", **colours())


# Set on every page (st.html runs it in the page itself): the document's language follows the interface, a
# Material icon's ligature ("arrow_forward", "upload_file") is hidden from screen readers, so a button or a page
# link is named by its words only, and the file uploader's drop zone is a named group. Streamlit redraws parts of the page on every rerun: an observer keeps both true.
A11Y_SCRIPT = """<script>
(function (lang, css) {
  var doc = document;
  // the accessibility stylesheet also goes into the document's head, where no rerun of the page replaces it
  var sheet = doc.getElementById('lm-a11y-css');
  if (!sheet) { sheet = doc.createElement('style'); sheet.id = 'lm-a11y-css'; doc.head.appendChild(sheet); }
  if (sheet.textContent !== css) { sheet.textContent = css; }
  function mend() {
    if (doc.documentElement.lang !== lang) { doc.documentElement.lang = lang; }
    doc.querySelectorAll('[data-testid="stIconMaterial"]:not([aria-hidden])').forEach(function (el) {
      el.setAttribute('aria-hidden', 'true');
    });
    // the file uploader's drop zone is named (the uploader's label) but marked presentational while it can take focus
    // (tabindex -1): a presentational element must be ignored by assistive technology, so it is a named group instead
    doc.querySelectorAll('[data-testid="stFileUploaderDropzone"][role="presentation"]').forEach(function (el) {
      el.setAttribute('role', 'group');
    });
  }
  mend();
  if (window.__lmA11y) { window.__lmA11y.disconnect(); }
  window.__lmA11y = new MutationObserver(mend);
  window.__lmA11y.observe(doc.body, {childList: true, subtree: true});
})(%s, %s);
</script>"""


def widget_words_css(lang: str) -> str:
    """Words Streamlit writes into its widgets in English only, replaced by the interface's own.

    The file uploader's button says "Upload" and its instructions "Limit 20MB per file • TXT, PDF";
    the instructions are hidden (the uploader's label gives the formats and the limit in the
    interface language) and the button's word is drawn from the catalog.
    """
    word = t("ui.upload", lang).replace("\\", "").replace('"', "")
    return render("style_tags.html", sheets=[Markup(stylesheet_template("widget_words.css", word=word))])


def head_html(lang: str) -> str:
    """The stylesheets, the Japanese web font and the page's words for Streamlit's English-only widgets."""
    sheets = [web_font_import(), font_face_css(), stylesheet(), accessibility_css()]
    return render("style_tags.html", sheets=[Markup(css) for css in sheets]) + widget_words_css(lang)


def declare_language(lang: str) -> None:
    """``<html lang>`` follows the interface language, and icon ligatures leave the accessible names (A11Y_SCRIPT)."""
    st.html(A11Y_SCRIPT % (json.dumps(lang), json.dumps(accessibility_css()).replace("</", "<\\/")), unsafe_allow_javascript=True)


def apply_look(lang: str = "en") -> None:
    """Add the stylesheet to the page (an invisible element)."""
    st.html(head_html(lang))
    declare_language(lang)


def page_header(ds: Dataset, flt: Filter, rows: pd.DataFrame | None, title_key: str, after: str = "") -> None:
    """Kicker with the atlas name, the page title, and what the selection is (count and active filters; not if ``rows`` is None).

    ``after``: HTML drawn with the selection line, in the same element (a skip link, a page's own style: one element
    fewer for the browser to build while the map's frame starts).
    """
    lang = flt.lang
    notes = url_notes()
    if notes:  # a shared link that was partly broken: said first, above what the page shows
        st.warning(t("f.url_notes", lang) + " " + literal("; ".join(notes)), icon=":material/link_off:")
    st.html(head_html(lang) + kicker_html(lang))
    declare_language(lang)
    st.title(t(title_key, lang), anchor=False)
    if rows is not None:
        st.html(selection_html(ds, flt, rows) + after)
    elif after:
        st.html(after)


def kicker_html(lang: str) -> str:
    """The atlas's name above a page's title (``templates/page_header.html``)."""
    return render("page_header.html", part="kicker", text=t("app_title", lang))


def selection_html(ds: Dataset, flt: Filter, rows: pd.DataFrame) -> str:
    """What the selection is: its count of statements, the active filters as chips, the places a search also matched."""
    lang = flt.lang
    also = also_matched(ds, flt, rows)
    return render("page_header.html", part="selection", no_filters=t("ui.filters_none", lang), chips=describe(ds, flt, lang),
                  count=t("ui.selection", lang, n=len(rows), total=ds.commitments.statement_id.nunique()),
                  also=t("ui.also_matched", lang, names=t("fmt.list_sep", lang).join(also)) if also else "")


def figure_cards(figures: list[tuple[str, int, str, str]]) -> None:
    """Headline figures (label, value, link, note) as cards (``templates/figure_cards.html``); each card is a link to what it counts."""
    st.html(render("figure_cards.html", figures=[{"label": label, "value": int(value), "link": link, "note": note}
                                                 for label, value, link, note in figures]))


def record_cards(records: list[dict[str, str]], title_field: str) -> None:
    """Records (e.g. the source documents) as cards (``templates/record_cards.html``): the title field as heading, the rest as a list."""
    st.html(render("record_cards.html", records=[
        {"title": str(record[title_field]), "facts": [(k, str(v)) for k, v in record.items() if k != title_field and v]}
        for record in records]))


def _cell(value: object) -> dict[str, object]:
    """A table cell for ``data_table.html``: its parts (text, language or None), and whether it is a number or code."""
    values = value if isinstance(value, tuple) else (value,)
    parts = [(v.text, v.lang) if isinstance(v, InLanguage) else (str(v), None) for v in values]  # Identifier: str()
    return {"parts": parts, "num": isinstance(value, int | float) and not isinstance(value, bool),
            "code": isinstance(value, Identifier)}


def data_table_html(frame: pd.DataFrame) -> str:
    """A small table as HTML (``templates/data_table.html``), not a data grid: it is in the page at once (no grid to
    load and draw on a canvas), it wraps on a phone, a cell in another language says so (``views.about.InLanguage``)."""
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    numeric = [bool(rows) and all(r[i]["num"] for r in rows) for i in range(len(frame.columns))]
    return render("data_table.html", columns=[{"name": str(c), "num": n} for c, n in zip(frame.columns, numeric, strict=True)],
                  rows=rows)


def data_table(frame: pd.DataFrame) -> None:
    """Draw ``data_table_html``."""
    st.html(data_table_html(frame))


def heading_html(target: str, text: str) -> str:
    """A section heading (h2) with an id a skip link can lead to, as HTML to draw with what follows it (one element)."""
    return render("anchor_heading.html", target=target, text=text)


def skip_link_html(target: str, text: str) -> str:
    """A skip link to a heading further down with the id ``target`` (``templates/skip_link.html``, ``anchor_heading.html``)."""
    return render("skip_link.html", target=target, text=text)
