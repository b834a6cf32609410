"""The PowerPoint deck: the expected slides, pictures in them, verbatim statements with citations."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from laomap import ExportError, Filter, apply
from laomap.charts.slide_timeline import timeline_figure
from laomap.export.deck import build_deck
from laomap.views.captions import clip, key_statements, theme_steps
from laomap.views.chronology import timeline_items

DAY = date(2026, 11, 22)
THEMES = ("tourism_culture", "people_exchange", "environment")


@pytest.fixture(scope="module")
def deck(ds):
    return Presentation(io.BytesIO(build_deck(ds, Filter(themes=THEMES), today=DAY)))


def _text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_deck_is_16_9_with_title_theme_timeline_and_sources_slides(deck):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(deck.slides)
    assert len(slides) == 1 + len(THEMES) + 2
    assert "Japan–Lao PDR cooperation: Tourism, culture & sport, People-to-people & youth exchange" in _text(slides[0])
    for slide, heading in zip(slides[1:4], ("Tourism, culture & sport", "People-to-people & youth exchange", "Environment, climate & disasters")):
        assert heading in _text(slide)
    assert "Timeline: the dates the statements mention" in _text(slides[4])
    sources = _text(slides[5])
    assert "Action Plan for Advancement of Strategic Partnership between the Lao PDR and Japan" in sources
    assert "Natural Earth" in sources and "GSHHG" in sources and "22 November 2026" in sources


def test_every_theme_slide_has_its_map_picture(deck):
    for slide, theme in zip(list(deck.slides)[1:4], THEMES):
        (picture,) = _pictures(slide)
        assert picture.name == f"map:{theme}"
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.format == "PNG" and image.size[0] > 1200
        assert picture.left + picture.width <= deck.slide_width


def test_timeline_slide_has_a_picture(deck):
    (picture,) = _pictures(list(deck.slides)[4])
    assert picture.name == "timeline"
    assert Image.open(io.BytesIO(picture.image.blob)).size[0] > 1500


def test_theme_slides_quote_three_to_five_statements_with_citations(ds, deck):
    rows = apply(ds, Filter(themes=THEMES))
    texts = set(rows.text)
    for slide in list(deck.slides)[1:4]:
        body = _text(slide)
        citations = [line for line in body.splitlines() if ", section " in line and ", paragraph " in line]
        assert 3 <= len(citations) <= 5
        notes = slide.notes_slide.notes_text_frame.text.split("\n\n")
        assert len(notes) == len(citations)
        for note in notes:
            statement = note.rsplit("\n(", 1)[0]
            assert statement in texts  # the notes hold each statement verbatim
            shown = next(line for line in body.splitlines() if line.rstrip("…") and statement.startswith(line.rstrip("…")))
            assert shown == statement or shown.endswith("…")  # on the slide: whole, or visibly shortened


def test_japanese_deck_uses_japanese_text_and_an_east_asian_font(ds):
    prs = Presentation(io.BytesIO(build_deck(ds, Filter(themes=("energy",), lang="ja"), today=DAY)))
    slides = list(prs.slides)
    assert len(slides) == 4
    assert "エネルギー" in _text(slides[1]) and "2026年11月22日" in _text(slides[0])
    run = slides[1].shapes[1].text_frame.paragraphs[1].runs[0]
    assert run._r.find(qn("a:rPr")).find(qn("a:ea")).get("typeface") == "Meiryo"


def test_empty_selection_is_a_clear_error(ds):
    with pytest.raises(ExportError, match="selection is empty"):
        build_deck(ds, Filter(text="no statement says zqxj"))


def test_themes_to_present_are_the_selected_ones_with_statements(ds):
    rows = apply(ds, Filter(themes=("energy", "uxo")))
    assert theme_steps(rows, Filter(themes=("energy", "uxo"))) == ["energy", "uxo"]
    every = apply(ds, Filter())
    steps = theme_steps(every, Filter())
    assert steps[0] == "politics" and len(steps) == len({x for ts in every.themes for x in ts})


def test_key_statements_prefer_commitments_and_keep_document_order(ds):
    rows = apply(ds, Filter(themes=("people_exchange",)))
    key = key_statements(rows, 5)
    assert 3 <= len(key) <= 5
    assert list(key.index) == sorted(key.index)
    if (rows.kind == "commitment").sum() >= 5:
        assert set(key.kind) == {"commitment"}


def test_clip_shortens_visibly_and_never_rewords():
    text = "Both sides affirmed to further promote Japan Festival in the Lao PDR and Lao Festival in Japan."
    assert clip(text, 200) == text
    short = clip(text, 40)
    assert short.endswith("…") and text.startswith(short[:-1]) and len(short) <= 41


def test_timeline_figure_draws_the_items_and_says_when_there_are_none(ds):
    items = timeline_items(ds, apply(ds, Filter()), "en")
    fig = timeline_figure(items, "en")
    gids = [a.get_gid() for a in fig.findobj() if a.get_gid()]
    assert gids.count("tl-period") == (items.kind == "period").sum()
    assert gids.count("tl-target") == (items.kind == "target").sum()
    empty = timeline_figure(items.iloc[0:0], "en")
    assert any(a.get_gid() == "timeline-empty" for a in empty.findobj())


def test_timeline_lanes_are_the_selected_themes(ds):
    from laomap.charts.slide_timeline import lanes_for

    flt = Filter(themes=("people_exchange", "energy", "uxo"))
    rows = apply(ds, flt)
    items = lanes_for(timeline_items(ds, rows, "en"), rows, flt.themes, "en")
    assert not items.empty
    assert set(items.theme) <= {"People-to-people & youth exchange", "Energy & power", "Unexploded ordnance"}
