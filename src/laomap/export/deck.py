"""The selection as a 16:9 PowerPoint deck (python-pptx), for meetings in rooms with no internet.

Slides: a title slide; one slide per theme (the selected themes, or every theme with
statements when none is selected) with its map and 3–5 key statements with their citations;
a timeline of the dates the statements mention; and a sources slide. Statements stay verbatim:
a long one is visibly shortened with an ellipsis on the slide and given in full, with its
citation, in the speaker notes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from laomap import style
from laomap.charts.slide_timeline import lanes_for, timeline_png
from laomap.errors import ExportError
from laomap.export.prepare import prepare
from laomap.i18n import citation, kind_label, t, theme_label
from laomap.maps.presets import Preset
from laomap.maps.static import figure_bytes, render_map
from laomap.views import captions
from laomap.views.chronology import timeline_items
from laomap.views.filters import Filter

if TYPE_CHECKING:
    from pptx.slide import Slide
    from pptx.text.text import _Paragraph

    from laomap.pipeline.dataset import Dataset


SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
ACCENT = RGBColor.from_string(style.ACCENT.lstrip("#").upper())
INK = RGBColor(0x1F, 0x29, 0x33)
GREY = RGBColor(0x6B, 0x72, 0x80)
RULE = RGBColor(0xD5, 0xDA, 0xDE)
FACES = {"en": ("Arial", "Meiryo"), "ja": ("Meiryo", "Meiryo")}  # (latin, east asian); PowerPoint substitutes if missing
MAP_BOX = (Inches(0.45), Inches(1.45), Inches(7.7), Inches(5.45))  # left, top, width, height of a theme slide's map
MAP_DPI = 200
MAP_TYPE_SCALE = 1.2  # the map picture is seen on a slide, so its type is larger than on a print of the same size
CHAR_BUDGET = {"en": 1050, "ja": 520}  # characters of statement text that fit the right-hand column

Progress = Callable[[str], None]


# --------------------------------------------------------------------------- text helpers


def _font(run, lang: str, size: float, bold: bool = False, colour: RGBColor = INK, italic: bool = False) -> None:
    latin, east = FACES.get(lang, FACES["en"])
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = colour
    run.font.name = latin
    rpr = run._r.get_or_add_rPr()
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = etree.SubElement(rpr, qn("a:ea"))
        rpr.find(qn("a:latin")).addnext(ea)
    ea.set("typeface", east)


def _para(frame, text: str, lang: str, size: float, *, bold: bool = False, colour: RGBColor = INK, first: bool = False,
          space_before: float = 0, italic: bool = False, align=None) -> _Paragraph:
    p = frame.paragraphs[0] if first else frame.add_paragraph()
    run = p.add_run()
    run.text = text
    _font(run, lang, size, bold, colour, italic)
    if space_before:
        p.space_before = Pt(space_before)
    if align is not None:
        p.alignment = align
    return p


def _box(slide: Slide, left, top, width, height, *, anchor=MSO_ANCHOR.TOP):
    shape = slide.shapes.add_textbox(left, top, width, height)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.04)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    return shape, frame


def _band(slide: Slide, left, top, width, height, colour: RGBColor, name: str) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = colour
    shape.line.fill.background()
    shape.name = name


def _header(slide: Slide, title: str, kicker: str, lang: str) -> None:
    _band(slide, 0, 0, SLIDE_W, Inches(0.09), ACCENT, "accent")
    shape, frame = _box(slide, Inches(0.45), Inches(0.28), Inches(12.4), Inches(1.0))
    shape.name = "title"
    _para(frame, kicker, lang, 12, colour=ACCENT, first=True, bold=True)
    _para(frame, title, lang, 28, bold=True)
    line = slide.shapes.add_connector(1, Inches(0.45), Inches(1.33), Inches(12.88), Inches(1.33))
    line.line.color.rgb = RULE
    line.line.width = Pt(0.75)


def _footer(slide: Slide, text: str, page: int, lang: str) -> None:
    _shape, frame = _box(slide, Inches(0.45), Inches(7.05), Inches(11.6), Inches(0.3), anchor=MSO_ANCHOR.MIDDLE)
    _para(frame, text, lang, 9, colour=GREY, first=True)
    _shape, frame = _box(slide, Inches(12.1), Inches(7.05), Inches(0.78), Inches(0.3), anchor=MSO_ANCHOR.MIDDLE)
    _para(frame, str(page), lang, 9, colour=GREY, first=True, align=PP_ALIGN.RIGHT)


def _picture(slide: Slide, data: bytes, left, top, width, name: str) -> None:
    pic = slide.shapes.add_picture(io.BytesIO(data), left, top, width=width)
    pic.name = name


# --------------------------------------------------------------------------- slides


def _title_slide(prs, ds: Dataset, flt: Filter, rows: pd.DataFrame, layers, today: date) -> None:
    lang = flt.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _band(slide, 0, 0, Inches(0.35), SLIDE_H, ACCENT, "accent")
    shape, frame = _box(slide, Inches(1.0), Inches(1.9), Inches(11.6), Inches(3.6))
    shape.name = "title"
    _para(frame, t("app_title", lang), lang, 16, colour=ACCENT, bold=True, first=True)
    title = captions.title(flt, lang)
    long = len(title) > (24 if lang == "ja" else 48)
    _para(frame, title, lang, 32 if long else 40, bold=True, space_before=6)
    _para(frame, captions.filter_summary(ds, flt, lang), lang, 20, space_before=18)
    _para(frame, captions.counts_line(layers), lang, 14, colour=GREY, space_before=8)
    _shape, frame = _box(slide, Inches(1.0), Inches(6.2), Inches(11.6), Inches(0.8))
    plans = t("fmt.title_sep", lang).join(ds.documents[d].short_title(lang) for d in captions.plans_in(ds, rows))
    _para(frame, plans, lang, 12, colour=GREY, first=True)
    _para(frame, captions.date_text(today, lang), lang, 12, colour=GREY)


def _theme_slide(prs, ds: Dataset, flt: Filter, theme: str, i: int, n: int, today: date, source: str) -> None:
    lang = flt.lang
    step = prepare(ds, flt).theme(theme)
    sub_filter, rows, layers = step.flt, step.rows, step.layers
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    count = t("smap.statements_short", lang, n=len(rows))
    _header(slide, theme_label(theme, lang), f"{t('deck.theme_of', lang, i=i, n=n)}  ·  {count}", lang)
    left, top, width, height = MAP_BOX
    preset = Preset("slide-map", int(width / 914400 * MAP_DPI), int(height / 914400 * MAP_DPI), MAP_DPI)
    fig = render_map(layers, ds, preset=preset, flt=sub_filter, furniture=False, today=today, scale=MAP_TYPE_SCALE)
    _picture(slide, figure_bytes(fig, "png", MAP_DPI, lang), left, top, width, f"map:{theme}")
    key = _fit_statements(captions.key_statements(rows, 5), lang)
    _shape, frame = _box(slide, Inches(8.45), Inches(1.5), Inches(4.45), Inches(5.4))
    _para(frame, t("deck.key", lang), lang, 14, bold=True, colour=ACCENT, first=True)
    if not key:
        _para(frame, t("deck.no_key", lang), lang, 12, colour=GREY, space_before=6)
    notes = []
    for row, text in key:
        size = 12.5 if lang != "ja" else 12
        _para(frame, text, lang, size, space_before=9)
        cite = f"{kind_label(row['kind'], lang)} — {citation(ds, row, lang)}"
        _para(frame, cite, lang, 9.5, colour=GREY, space_before=2)
        notes.append(f"{row['text']}\n({citation(ds, row, lang)})")
    slide.notes_slide.notes_text_frame.text = "\n\n".join(notes)
    _footer(slide, source, len(prs.slides), lang)


def _fit_statements(rows: pd.DataFrame, lang: str) -> list[tuple[pd.Series, str]]:
    """3–5 statements whose text fits the column: as many whole ones as fit, then shorten the rest visibly."""
    budget = CHAR_BUDGET.get(lang, CHAR_BUDGET["en"])
    records = [row for _, row in rows.iterrows()]
    chosen: list[pd.Series] = []
    used = 0
    for row in records:
        if len(chosen) >= 3 and used + len(row["text"]) > budget:
            break
        chosen.append(row)
        used += len(row["text"])
    share = budget // max(len(chosen), 1)
    return [(row, captions.clip(row["text"], max(share, 120 if lang != "ja" else 60))) for row in chosen]


def _timeline_slide(prs, ds: Dataset, flt: Filter, rows: pd.DataFrame, source: str) -> None:
    lang = flt.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _header(slide, t("deck.timeline", lang), captions.filter_summary(ds, flt, lang), lang)
    items = lanes_for(timeline_items(ds, rows, lang), rows, flt.themes, lang)
    plans = {ds.documents[d].short_title(lang): ds.documents[d].year for d in captions.plans_in(ds, rows)}
    data = timeline_png(items, lang, size=(12.4, 5.45), dpi=170, plan_years=plans)
    _picture(slide, data, Inches(0.45), Inches(1.45), Inches(12.4), "timeline")
    _footer(slide, source, len(prs.slides), lang)


def _sources_slide(prs, ds: Dataset, flt: Filter, rows: pd.DataFrame, today: date) -> None:
    lang = flt.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _header(slide, t("deck.sources", lang), t("app_title", lang), lang)
    _shape, frame = _box(slide, Inches(0.45), Inches(1.55), Inches(12.4), Inches(5.4))
    frame.paragraphs[0].text = ""
    _para(frame, t("deck.plans", lang), lang, 14, bold=True, colour=ACCENT, first=True)
    for doc_id in captions.plans_in(ds, rows):
        meta = ds.documents[doc_id]
        title = meta.title_ja if lang == "ja" and meta.title_ja else meta.title_en
        _para(frame, f"{meta.short_title(lang)} — {title}", lang, 13, space_before=6)
        when = meta.date if meta.date_precision != "day" else captions.date_text(date.fromisoformat(meta.date), lang)
        detail = t("deck.published", lang, publisher=captions.publisher_name(meta.publisher, lang), date=when)
        if meta.date_precision != "day":
            detail += " " + t("deck.inferred", lang)
        _para(frame, detail, lang, 10.5, colour=GREY, space_before=1)
    _para(frame, t("deck.geodata", lang), lang, 14, bold=True, colour=ACCENT, space_before=16)
    _para(frame, t("deck.geodata_text", lang), lang, 11, space_before=4)
    _para(frame, t("deck.method", lang), lang, 14, bold=True, colour=ACCENT, space_before=16)
    _para(frame, t("deck.method_text", lang), lang, 11, space_before=4)
    _para(frame, t("deck.selection", lang), lang, 14, bold=True, colour=ACCENT, space_before=16)
    _para(frame, captions.filter_summary(ds, flt, lang), lang, 11, space_before=4)
    _para(frame, t("deck.made", lang, date=captions.date_text(today, lang)), lang, 10.5, colour=GREY, space_before=10)


def build_deck(ds: Dataset, flt: Filter, *, today: date | None = None, progress: Progress | None = None) -> bytes:
    """The deck as .pptx bytes; ExportError when the selection is empty."""
    today = today or date.today()
    sel = prepare(ds, flt)
    rows, themes, layers, lang = sel.rows, sel.themes, sel.layers, flt.lang
    source = captions.source_line(ds, rows, lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    prs.core_properties.title = captions.title(flt, lang)
    prs.core_properties.author = "laomap"
    prs.core_properties.subject = captions.filter_summary(ds, flt, lang)
    _title_slide(prs, ds, flt, rows, layers, today)
    for i, theme in enumerate(themes, 1):
        if progress:
            progress(theme_label(theme, lang))
        _theme_slide(prs, ds, flt, theme, i, len(themes), today, source)
    _timeline_slide(prs, ds, flt, rows, source)
    _sources_slide(prs, ds, flt, rows, today)
    buf = io.BytesIO()
    try:
        prs.save(buf)
    except (OSError, ValueError) as exc:  # pragma: no cover - python-pptx writes to memory here
        raise ExportError(f"The deck could not be written: {exc}") from None
    return buf.getvalue()
