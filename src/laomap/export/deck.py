"""The selection as a 16:9 PowerPoint deck (python-pptx), for meetings in rooms with no internet.

Slides: a title slide; one slide per theme (the selected themes, or every theme with
statements when none is selected) with its map and key statements with their citations (a
theme with nothing to map: a layout made for text, its statements across the slide and the whole-country counts in
a band below, no map); a timeline of what the Timeline page shows (the dates the statements mention, and the others
at their plan's date); and a sources slide. Japanese lines break only between phrases (``i18n.linebreak.wrap``, the
rule of the dashboard and the images): the deck writes its own line breaks, so PowerPoint never breaks inside a word
or starts a line with ・、。」. Titles and bodies sit in
the layouts' placeholders, so an organisation's template (``template``) applies; body text is
18 pt, citations and the smallest text 12 pt. Statements stay verbatim and whole, never cut: a theme's slide quotes
those of its five most relevant that fit its column at 18 pt (by ``block_height``, the deck's estimate of the space a
text takes), so a theme is one slide; only statements the user pinned that do not fit go whole, with their citations,
to a continuation slide of the same theme ("(continued)", a layout made for text). Each slide's speaker notes give
its statements with their citations.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from laomap import style
from laomap.charts.slide_timeline import lanes_for, timeline_png
from laomap.errors import ExportError
from laomap.export.prepare import prepare
from laomap.i18n import citation, kind_label, t, text_width, theme_label
from laomap.i18n.linebreak import em_width, is_japanese, phrases, wrap
from laomap.maps.fonts import DECK_FACES
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
INK = RGBColor.from_string(style.TEXT.lstrip("#").upper())
GREY = RGBColor.from_string(style.NOTE_GREY.lstrip("#").upper())
MAP_DPI = 200
MAP_TYPE_SCALE = 1.2  # the map picture is seen on a slide, so its type is larger than on a print of the same size
KEY_PER_SLIDE = 5  # a theme slide's key statements: those of its this many most relevant that fit (``_theme_slide``)
# Type sizes (pt): a room reads body text at 18 pt and no run is under 12 pt.
TITLE_PT, BODY_PT, CITE_PT, SMALL_PT, HEAD_PT = 30, 18, 12, 12, 16

Progress = Callable[[str], None]


# --------------------------------------------------------------------------- the template's layouts


class _Layouts:
    """The layouts the deck uses, found by their placeholders, so any organisation's master serves.

    ``title``: a title and a subtitle (PowerPoint's "Title Slide"); ``content``: a title and a
    body ("Title and Content"); ``title_only``: a title and nothing else ("Title Only"), else the
    content layout (its body is then removed from the slide).
    """

    def __init__(self, prs: Any) -> None:
        def types(layout: Any) -> set[Any]:
            return {ph.placeholder_format.type for ph in layout.placeholders}

        layouts = list(prs.slide_layouts)
        titled = [lo for lo in layouts if types(lo) & {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}]
        if not titled:
            raise ExportError.of("deck.template_no_title")
        with_body = [lo for lo in titled if types(lo) & {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
                     and PP_PLACEHOLDER.CENTER_TITLE not in types(lo)]
        self.title = next((lo for lo in titled if PP_PLACEHOLDER.CENTER_TITLE in types(lo)), titled[0])
        self.content = with_body[0] if with_body else titled[0]
        self.title_only = next((lo for lo in titled if types(lo) & BODIES == set() and PP_PLACEHOLDER.CENTER_TITLE not in types(lo)),
                               self.content)


BODIES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE}


def _placeholders(slide: Any) -> tuple[Any, ...]:
    """(title, body) placeholders of a slide; body None when the layout has none. Other placeholders are removed."""
    title = body = None
    for ph in list(slide.placeholders):
        kind = ph.placeholder_format.type
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) and title is None:
            title = ph
        elif kind in BODIES and body is None:
            body = ph
        else:
            ph._element.getparent().remove(ph._element)  # date, footer, slide number, pictures: the deck draws its own
    return title, body


class _Deck:
    """A presentation (the default one, or an organisation's template emptied of its slides) and where things go."""

    def __init__(self, template: Path | None):
        if template is None:
            self.prs = Presentation()
            self.prs.slide_width, self.prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
            self.own = True
        else:
            try:
                self.prs = Presentation(str(template))
            except Exception as exc:  # noqa: BLE001 - python-pptx raises several kinds for a file that is no deck
                raise ExportError.of("deck.template_bad", path=str(template), why=type(exc).__name__) from None
            _drop_slides(self.prs)
            self.own = False
        self.layouts = _Layouts(self.prs)
        self.w, self.h = int(self.prs.slide_width or SLIDE_W), int(self.prs.slide_height or SLIDE_H)

    def x(self, f: float) -> Emu:
        return Emu(int(self.w * f))

    def y(self, f: float) -> Emu:
        return Emu(int(self.h * f))

    def slide(self, layout: Any) -> tuple[Any, ...]:
        slide = self.prs.slides.add_slide(layout)
        title, body = _placeholders(slide)
        return slide, title, body

    def place(self, shape: Any, left: float, top: float, width: float, height: float) -> None:
        shape.left, shape.top, shape.width, shape.height = self.x(left), self.y(top), self.x(width), self.y(height)


def _drop_slides(prs: Any) -> None:
    """Remove the slides a template file holds (its layouts and master stay)."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


# --------------------------------------------------------------------------- text helpers


def _font(run: Any, lang: str, size: float, bold: bool = False, colour: RGBColor | None = INK, italic: bool = False,
          faces: bool = True) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if colour is not None:
        run.font.color.rgb = colour
    if not faces:
        return  # an organisation's template: its fonts apply
    latin, east, complex_script = DECK_FACES.get(lang, DECK_FACES["en"])
    run.font.name = latin
    rpr = run._r.get_or_add_rPr()
    previous = rpr.find(qn("a:latin"))
    for tag, face in (("a:ea", east), ("a:cs", complex_script)):  # schema order: latin, ea, cs
        element = rpr.find(qn(tag))
        if element is None:
            element = etree.SubElement(rpr, qn(tag))
            previous.addnext(element)
        element.set("typeface", face)
        previous = element


def _no_bullet(p: Any) -> None:
    ppr = p._p.get_or_add_pPr()
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    if ppr.find(qn("a:buNone")) is None:
        etree.SubElement(ppr, qn("a:buNone"))


FILL = 0.94  # of a text box's width that a line written by the deck may take (the renderer's font may be a little wider)


def lines_for(text: str, lang: str, width_emu: int | None, size_pt: float) -> list[str]:
    """``text`` as the lines a box ``width_emu`` wide holds at ``size_pt``, broken only between phrases (Japanese, Lao);
    a text that breaks at its spaces is left to the renderer (one line here)."""
    if not width_emu or not (is_japanese(text) or len(phrases(text, lang)) > 1):
        return [text]
    return wrap(text, lang, width_emu / 12700 / size_pt * FILL, em_width)


def leading(text: str) -> float:
    """A line's height over its type size: Meiryo's lines (Japanese) are tall, Arial's about 1.2 (rounded up)."""
    return 1.5 if is_japanese(text) else 1.25


def text_height(text: str, lang: str, width_emu: int, size_pt: float, space_before: float = 0,
                measure: Callable[[str], float] = em_width) -> float:
    """Points a paragraph takes in a box ``width_emu`` wide (its inner width) at ``size_pt``: its lines as ``wrap`` fills
    them by ``measure`` (ems; by default the font-free ``em_width``, wider than any real font), each ``leading`` times
    the type size."""
    lines = wrap(text, lang, width_emu / 12700 / size_pt * FILL, measure)
    return space_before + len(lines) * size_pt * leading(text)


# Advance widths of Arial's printable ASCII characters, in thousandths of an em (Liberation Sans, which LibreOffice
# draws in its place, has the same widths: tests/test_deck.py measures them against it).
ARIAL_WIDTHS: dict[str, int] = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278, 584, 584, 584,
     556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
     667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222,
     833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584), strict=True))


def arial_width(text: str) -> float:
    """A string's width in ems in Arial, the deck's own face for Latin text (``em_width`` for any other character)."""
    return sum(ARIAL_WIDTHS[ch] / 1000 if ch in ARIAL_WIDTHS else em_width(ch) for ch in text)


def _cite_text(ds: Dataset, row: pd.Series, lang: str) -> str:
    return f"{kind_label(row['kind'], lang)} — {citation(ds, row, lang)}"


def block_height(text: str, cite: str, lang: str, width_emu: int, measure: Callable[[str], float] = em_width) -> float:
    """Points a statement and its citation take in a column of inner width ``width_emu`` (as ``_statements`` writes them)."""
    return (text_height(text, lang, width_emu, BODY_PT, STATEMENT_GAP, measure)
            + text_height(cite, lang, width_emu, CITE_PT, CITE_GAP, measure))


def measure_for(own: bool, lang: str) -> Callable[[str], float]:
    """How the deck measures a line: in Arial's widths where it sets Latin text in Arial itself (its own look, not an
    organisation's template, whose fonts it does not know), else with the font-free ``em_width``."""
    return arial_width if own and DECK_FACES.get(lang, DECK_FACES["en"])[0] == "Arial" else em_width


STATEMENT_GAP, CITE_GAP = 10, 2  # points before a statement and before its citation


def _inner_width(frame: Any) -> int | None:
    shape = getattr(frame, "_parent", None)
    width = getattr(shape, "width", None)
    if not width:
        return None
    return int(width) - int(frame.margin_left or 0) - int(frame.margin_right or 0)


def _para(frame: Any, text: str, lang: str, size: float, *, bold: bool = False, colour: RGBColor | None = INK, first: bool = False,
          space_before: float = 0, italic: bool = False, align: Any = None, faces: bool = True) -> _Paragraph:
    p: _Paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    for i, line in enumerate(lines_for(text, lang, _inner_width(frame), size)):
        if i:
            p.add_line_break()
        run = p.add_run()
        run.text = line
        _font(run, lang, size, bold, colour, italic, faces)
    _no_bullet(p)
    p.space_before = Pt(space_before)
    if align is not None:
        p.alignment = align
    return p


def _frame(shape: Any, anchor: Any = MSO_ANCHOR.TOP) -> Any:
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.auto_size = MSO_AUTO_SIZE.NONE
    return frame


def _box(deck: _Deck, slide: Slide, left: float, top: float, width: float, height: float, *, anchor: Any = MSO_ANCHOR.TOP) -> Any:
    shape = slide.shapes.add_textbox(deck.x(left), deck.y(top), deck.x(width), deck.y(height))
    frame = _frame(shape, anchor)
    frame.margin_left = frame.margin_right = Inches(0.04)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    return shape, frame


def _band(deck: _Deck, slide: Slide, left: Any, top: Any, width: Any, height: Any, colour: RGBColor, name: str) -> None:
    if not deck.own:
        return  # the organisation's master has its own look
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = colour
    shape.line.fill.background()
    shape.name = name


def _title(deck: _Deck, slide: Slide, title_ph: Any, text: str, kicker: str, lang: str) -> None:
    """The slide's title in its title placeholder, a small kicker line above it."""
    _band(deck, slide, 0, 0, deck.x(1), Inches(0.09), ACCENT, "accent")
    deck.place(title_ph, 0.034, 0.085, 0.93, 0.11)
    frame = _frame(title_ph, MSO_ANCHOR.TOP)
    _para(frame, text, lang, TITLE_PT, bold=True, first=True, colour=INK if deck.own else None, faces=deck.own)
    if kicker:
        _shape, kf = _box(deck, slide, 0.034, 0.035, 0.93, 0.05)
        _shape.name = "kicker"
        _para(kf, kicker, lang, SMALL_PT, colour=ACCENT, first=True, bold=True, faces=deck.own)


def _footer(deck: _Deck, slide: Slide, text: str, page: int, lang: str) -> None:
    _shape, frame = _box(deck, slide, 0.034, 0.925, 0.87, 0.065, anchor=MSO_ANCHOR.MIDDLE)
    _shape.name = "footer"
    _para(frame, text, lang, SMALL_PT, colour=GREY, first=True, faces=deck.own)
    _shape, frame = _box(deck, slide, 0.91, 0.925, 0.056, 0.065, anchor=MSO_ANCHOR.MIDDLE)
    _shape.name = "page"
    _para(frame, str(page), lang, SMALL_PT, colour=GREY, first=True, align=PP_ALIGN.RIGHT, faces=deck.own)


def _picture(slide: Slide, data: bytes, left: Any, top: Any, width: Any, name: str, height: Any = None) -> None:
    pic = slide.shapes.add_picture(io.BytesIO(data), left, top, width=width, height=height)
    pic.name = name


# --------------------------------------------------------------------------- slides


def _title_slide(deck: _Deck, ds: Dataset, flt: Filter, rows: pd.DataFrame, layers: Any, today: date) -> None:
    lang = flt.lang
    slide, title_ph, body = deck.slide(deck.layouts.title)
    if deck.own:
        _band(deck, slide, 0, 0, Inches(0.35), deck.y(1), ACCENT, "accent")
    title = captions.title(flt, lang, ds)
    long = len(title) > 48 // text_width(lang)
    deck.place(title_ph, 0.075, 0.22, 0.87, 0.3)
    frame = _frame(title_ph, MSO_ANCHOR.BOTTOM)
    _para(frame, title, lang, 34 if long else 40, bold=True, first=True, colour=INK if deck.own else None, faces=deck.own)
    if body is None:
        body = slide.shapes.add_textbox(deck.x(0.075), deck.y(0.55), deck.x(0.87), deck.y(0.38))
    deck.place(body, 0.075, 0.55, 0.87, 0.38)
    frame = _frame(body)
    _para(frame, t("app_title", lang), lang, HEAD_PT, colour=ACCENT, bold=True, first=True, faces=deck.own)
    _para(frame, captions.filter_summary(ds, flt, lang), lang, 20, space_before=10, faces=deck.own)
    _para(frame, captions.counts_line(layers), lang, 14, colour=GREY, space_before=8, faces=deck.own)
    plans = t("fmt.title_sep", lang).join(ds.documents[d].short_title(lang) for d in captions.plans_in(ds, rows))
    _para(frame, plans, lang, 14, colour=GREY, space_before=18, faces=deck.own)
    _para(frame, captions.date_text(today, lang), lang, 14, colour=GREY, faces=deck.own)


def _statements(deck: _Deck, frame: Any, ds: Dataset, key: list[pd.Series], lang: str) -> list[str]:
    notes = []
    for row in key:
        _para(frame, str(row["text"]), lang, BODY_PT, space_before=STATEMENT_GAP, faces=deck.own)
        _para(frame, _cite_text(ds, row, lang), lang, CITE_PT, colour=GREY, space_before=CITE_GAP, faces=deck.own)
        notes.append(f"{row['text']}\n({citation(ds, row, lang)})")
    return notes


def _inner_height(frame: Any, shape: Any) -> float:
    """Points of a body's height left for statements under its heading and above a 'continued on the next slide' line."""
    inner = int(shape.height) - int(frame.margin_top or 0) - int(frame.margin_bottom or 0)
    return inner / 12700 - HEAD_PT * 1.5 - (STATEMENT_GAP + CITE_PT * 1.5)


def _fill(deck: _Deck, ds: Dataset, key: list[pd.Series], lang: str, frame: Any, shape: Any) -> tuple[list[pd.Series], list[pd.Series]]:
    """The statements that fit the body whole at 18 pt (in order; one that does not fit is passed over for a shorter one
    after it), and those left (whole: for a continuation slide, or left out; see ``_theme_slide``)."""
    width, room = _inner_width(frame) or int(shape.width), _inner_height(frame, shape)
    measure = measure_for(deck.own, lang)
    here: list[pd.Series] = []
    left: list[pd.Series] = []
    for row in key:
        need = block_height(str(row["text"]), _cite_text(ds, row, lang), lang, width, measure)
        if need <= room:
            here.append(row)
            room -= need
        else:
            left.append(row)
    return here, left


def _theme_slide(deck: _Deck, ds: Dataset, flt: Filter, theme: str, i: int, n: int, today: date, source: str,
                 pins: tuple[str, ...] = ()) -> None:
    lang = flt.lang
    step = prepare(ds, flt).theme(theme)
    sub_filter, rows, layers = step.flt, step.rows, step.focused
    slide, title_ph, body = deck.slide(deck.layouts.content)
    count = t("smap.statements_short", lang, n=len(rows))
    _title(deck, slide, title_ph, theme_label(theme, lang), f"{t('deck.theme_of', lang, i=i, n=n)}  ·  {count}", lang)
    if body is None:
        body = slide.shapes.add_textbox(0, 0, deck.x(0.3), deck.y(0.3))
    mapped = bool(layers.mapped)
    if mapped:
        left, top, width, height = 0.034, 0.205, 0.54, 0.71
        w_in, h_in = deck.w * width / 914400, deck.h * height / 914400
        preset = Preset("slide-map", int(w_in * MAP_DPI), int(h_in * MAP_DPI), MAP_DPI)
        fig = render_map(layers, ds, preset=preset, flt=sub_filter, furniture=False, today=today, scale=MAP_TYPE_SCALE,
                         focus=sub_filter.places)
        _picture(slide, figure_bytes(fig, "png", MAP_DPI, lang), deck.x(left), deck.y(top), deck.x(width), f"map:{theme}")
        deck.place(body, 0.6, 0.205, 0.366, 0.71)
    else:  # nothing to map: a layout for text, the statements across the slide and the whole-country counts below them
        deck.place(body, 0.034, 0.205, 0.93, 0.6)
        _whole_country_band(deck, slide, layers, lang)
    frame = _frame(body)
    _para(frame, t("deck.key", lang), lang, HEAD_PT, bold=True, colour=ACCENT, first=True, faces=deck.own)
    # The key statements are a choice: of the theme's most relevant (the pinned ones first), going down from the most
    # relevant, those that fit the slide whole at 18 pt, listed in the plans' order. One the user pinned goes whole to a
    # continuation slide if it does not fit, and so does the first when none fits beside the map; the others are left
    # out rather than given a slide of their own (issue 24: slides that use the slide; once 14 of 35 slides held one).
    ranked = [row for _, row in captions.ranked_statements(rows, theme, pins).head(KEY_PER_SLIDE).iterrows()]
    if not ranked:
        _para(frame, t("deck.no_key", lang), lang, BODY_PT, colour=GREY, space_before=6, faces=deck.own)
    here, over = _fill(deck, ds, ranked, lang, frame, body)
    if over and not here and not mapped:
        here, over = over[:1], over[1:]  # a text slide holds at least one (it is the widest body the deck has)
    if here:
        here = [row for _, row in captions.in_slide_order(pd.DataFrame(here), rows, pins).iterrows()]
    rest = [row for row in over if row["statement_id"] in pins] or ([] if here else over[:1])
    notes = _statements(deck, frame, ds, here, lang)
    if rest:
        _para(frame, t("deck.on_next", lang), lang, CITE_PT, colour=GREY, space_before=STATEMENT_GAP, italic=True, faces=deck.own)
    slide.notes_slide.notes_text_frame.text = "\n\n".join(notes)
    _footer(deck, slide, source, len(deck.prs.slides), lang)
    while rest:
        rest = _continued(deck, ds, theme, rest, lang, f"{t('deck.theme_of', lang, i=i, n=n)}  ·  {count}", source)


def _continued(deck: _Deck, ds: Dataset, theme: str, key: list[pd.Series], lang: str, kicker: str, source: str) -> list[pd.Series]:
    """A continuation slide of a theme: the statements that did not fit the slide before, whole, across the slide (a
    layout made for text); returns those that still do not fit (for the next one)."""
    slide, title_ph, body = deck.slide(deck.layouts.content)
    _title(deck, slide, title_ph, t("deck.continued", lang, title=theme_label(theme, lang)), kicker, lang)
    if body is None:
        body = slide.shapes.add_textbox(0, 0, deck.x(0.3), deck.y(0.3))
    deck.place(body, 0.034, 0.205, 0.93, 0.71)
    frame = _frame(body)
    _para(frame, t("deck.key", lang), lang, HEAD_PT, bold=True, colour=ACCENT, first=True, faces=deck.own)
    here, rest = _fill(deck, ds, key, lang, frame, body)
    if not here:  # one statement taller than the whole slide at 18 pt (none in the built-in plans): it still goes whole
        here, rest = key[:1], key[1:]
    notes = _statements(deck, frame, ds, here, lang)
    if rest:
        _para(frame, t("deck.on_next", lang), lang, CITE_PT, colour=GREY, space_before=STATEMENT_GAP, italic=True, faces=deck.own)
    slide.notes_slide.notes_text_frame.text = "\n\n".join(notes)
    _footer(deck, slide, source, len(deck.prs.slides), lang)
    return rest


def _whole_country_band(deck: _Deck, slide: Slide, layers: Any, lang: str) -> None:
    """The whole-country counts as a band under a text slide's statements ('Lao PDR 2 · No place named 5')."""
    rows = [(tr.name, tr.count) for tr in layers.trays if tr.count]
    if layers.unplaced:
        rows.append((t("smap.no_place", lang), len(layers.unplaced)))
    shape, frame = _box(deck, slide, 0.034, 0.815, 0.93, 0.1, anchor=MSO_ANCHOR.MIDDLE)
    shape.name = "whole-country"
    if deck.own:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(style.LANE.lstrip("#").upper())
    frame.margin_left = frame.margin_right = Inches(0.18)
    counts = captions.SEP.join(f"{name} {n}" for name, n in rows)
    _para(frame, f"{t('smap.whole_title', lang)}  —  {counts}", lang, 16, first=True, faces=deck.own)
    _para(frame, t("smap.whole_note", lang), lang, CITE_PT, colour=GREY, space_before=2, faces=deck.own)


def _timeline_slide(deck: _Deck, ds: Dataset, flt: Filter, rows: pd.DataFrame, source: str) -> None:
    lang = flt.lang
    slide, title_ph, body = deck.slide(deck.layouts.title_only)
    if body is not None:
        body._element.getparent().remove(body._element)
    _title(deck, slide, title_ph, t("deck.timeline", lang), captions.filter_summary(ds, flt, lang), lang)
    items = lanes_for(timeline_items(ds, rows, lang, undated=True), rows, flt.themes, lang)  # what the Timeline page shows
    plans = {ds.documents[d].short_title(lang): ds.documents[d].year for d in captions.plans_in(ds, rows)}
    w_in, h_in = deck.w * 0.93 / 914400, deck.h * 0.71 / 914400
    data = timeline_png(items, lang, size=(w_in, h_in), dpi=170, plan_years=plans)
    _picture(slide, data, deck.x(0.034), deck.y(0.205), deck.x(0.93), "timeline")
    _footer(deck, slide, source, len(deck.prs.slides), lang)


def _sources_slide(deck: _Deck, ds: Dataset, flt: Filter, rows: pd.DataFrame, today: date) -> None:
    lang = flt.lang
    slide, title_ph, body = deck.slide(deck.layouts.content)
    _title(deck, slide, title_ph, t("deck.sources", lang), t("app_title", lang), lang)
    if body is None:
        body = slide.shapes.add_textbox(0, 0, deck.x(0.3), deck.y(0.3))
    deck.place(body, 0.034, 0.2, 0.93, 0.76)
    frame = _frame(body)
    own = deck.own
    _para(frame, t("deck.plans", lang), lang, HEAD_PT, bold=True, colour=ACCENT, first=True, faces=own)
    for doc_id in captions.plans_in(ds, rows):
        meta = ds.documents[doc_id]
        title = meta.title(lang)
        _para(frame, f"{meta.short_title(lang)} — {title}", lang, 14, space_before=6, faces=own)
        detail = t("deck.published", lang, publisher=captions.publisher_name(meta.publisher, lang), dated=captions.dated_words(meta, lang))
        _para(frame, detail, lang, SMALL_PT, colour=GREY, space_before=1, faces=own)
    _para(frame, t("deck.geodata", lang), lang, HEAD_PT, bold=True, colour=ACCENT, space_before=12, faces=own)
    _para(frame, t("deck.geodata_text", lang), lang, 13, space_before=3, faces=own)
    _para(frame, t("deck.method", lang), lang, HEAD_PT, bold=True, colour=ACCENT, space_before=12, faces=own)
    _para(frame, t("deck.method_text", lang), lang, 13, space_before=3, faces=own)
    _para(frame, t("deck.selection", lang), lang, HEAD_PT, bold=True, colour=ACCENT, space_before=12, faces=own)
    _para(frame, captions.filter_summary(ds, flt, lang), lang, 13, space_before=3, faces=own)
    _para(frame, t("deck.made", lang, date=captions.date_text(today, lang)), lang, SMALL_PT, colour=GREY, space_before=8, faces=own)


def build_deck(ds: Dataset, flt: Filter, *, today: date | None = None, progress: Progress | None = None,
               template: Path | None = None, pins: tuple[str, ...] = ()) -> bytes:
    """The deck as .pptx bytes; ExportError when the selection is empty or the template is not a deck.

    ``template``: an organisation's .pptx; its master and layouts are used (its slides are dropped),
    titles and bodies go in the layouts' placeholders, and its fonts and colours apply.
    ``pins``: statement ids to show first on their themes' slides (the user's choice, as in the URL's ``pin``).
    """
    today = today or date.today()
    sel = prepare(ds, flt)
    rows, themes, layers, lang = sel.rows, sel.themes, sel.layers, flt.lang
    source = captions.source_line(ds, rows, lang)
    deck = _Deck(template)
    prs = deck.prs
    prs.core_properties.title = captions.title(flt, lang, ds)
    prs.core_properties.author = "laomap"
    prs.core_properties.subject = captions.filter_summary(ds, flt, lang)
    _title_slide(deck, ds, flt, rows, layers, today)
    for i, theme in enumerate(themes, 1):
        if progress:
            progress(theme_label(theme, lang))
        _theme_slide(deck, ds, flt, theme, i, len(themes), today, source, pins)
    _timeline_slide(deck, ds, flt, rows, source)
    _sources_slide(deck, ds, flt, rows, today)
    buf = io.BytesIO()
    try:
        prs.save(buf)
    except (OSError, ValueError) as exc:  # pragma: no cover - python-pptx writes to memory here
        raise ExportError.of("err.deck_write", cause=str(exc)) from None
    return buf.getvalue()
