"""The Present page (one theme per step, large map, key statements) and the Export panel, through AppTest."""

from __future__ import annotations

import base64
import csv as csv_module
import html
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from laomap import Filter, apply
from laomap.views.captions import theme_steps

ROOT = Path(__file__).resolve().parents[1]
PRESENT = str(ROOT / "app_pages" / "present.py")


def open_present(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(PRESENT, default_timeout=90)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def body(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.main.get("html"))


def images(at: AppTest) -> list:
    return list(at.main.get("image"))


def step_title(at: AppTest) -> str:
    return html.unescape(re.search(r'id="pr-title">([^<]*)<', body(at)).group(1))


def slide(at: AppTest) -> str:
    return re.search(r'data-step="([^"]*)"', body(at)).group(1)


def test_without_a_theme_filter_the_steps_are_a_title_every_theme_with_statements_and_the_end(ds):
    at = open_present()
    steps = theme_steps(apply(ds, Filter()), Filter())
    options = at.selectbox(key="pr_step").options
    assert len(options) == len(steps) + 2 and len(steps) > 10
    assert options[0].endswith("Title") and options[1].endswith("Political dialogue") and options[-1].endswith("Sources (end)")
    assert slide(at) == "title" and at.query_params["step"] == "title"
    assert at.button(key="pr_prev").proto.disabled  # nothing before the first step
    at.button(key="pr_next").click().run()
    assert step_title(at) == "Political dialogue"
    assert f"Theme 1 of {len(steps)}" in body(at)
    assert at.query_params["step"] == "politics"  # the theme id, not its label


def assert_verbatim_or_cut_between_words(shown: str, texts: set[str]) -> None:
    """A statement on a slide is its text, or (ending in '…') the start of exactly one text, cut between two words."""
    if not shown.endswith("…"):
        assert shown in texts
        return
    stem = shown[:-1]
    sources = [" ".join(x.split()) for x in texts if " ".join(x.split()).startswith(stem)]
    assert len(sources) == 1, shown
    rest = sources[0][len(stem):]
    assert rest[:1] in (" ", ",", ";", ":", "、", "，"), rest[:10]


def test_a_theme_step_shows_its_map_its_legend_and_two_or_three_cited_statements(ds):
    at = open_present(theme=["people_exchange", "energy"], step="people_exchange")
    assert step_title(at) == "People-to-people & youth exchange"
    assert "Theme 1 of 2" in body(at)
    statements = re.findall(r'<div class="pr-text"[^>]*>(.*?)</div><div class="pr-cite">(.*?)</div>', body(at))
    assert 2 <= len(statements) <= 3
    texts = set(apply(ds, Filter(themes=("people_exchange",))).text)
    for text, cite in statements:
        shown = html.unescape(text)
        assert_verbatim_or_cut_between_words(shown, texts)
        assert ", section " in cite and ", paragraph " in cite
    picture = re.search(r'<img src="data:image/png;base64,([^"]+)"', body(at)).group(1)
    assert Image.open(io.BytesIO(base64.b64decode(picture))).size == (1320, 1180)
    assert 'class="pr-legend"' in body(at) and "Statements per province" in body(at)


def test_a_theme_with_nothing_to_map_shows_the_whole_country_box_instead_of_a_map():
    at = open_present(theme=["energy"], step="energy")  # every energy statement is about a whole country or no place
    assert "<img" not in body(at)
    assert 'class="pr-whole' in body(at) and "Lao PDR" in body(at)
    assert len(re.findall(r'class="pr-text"', body(at))) >= 2


def test_next_and_previous_step_through_the_selected_themes_and_stop_at_the_end():
    at = open_present(theme=["people_exchange", "energy", "health"])
    at.button(key="pr_next").click().run()
    at.button(key="pr_next").click().run()
    assert step_title(at).startswith("Energy")
    assert "Theme 2 of 3" in body(at)
    at.button(key="pr_next").click().run()
    at.button(key="pr_next").click().run()
    assert slide(at) == "end" and "This is the last step" in body(at)
    assert at.button(key="pr_next").proto.disabled and at.button(key="pr_next").proto.label == "Last step"
    at.button(key="pr_prev").click().run()
    assert "Theme 3 of 3" in body(at)
    assert at.query_params["step"] == "health"


def test_pinned_statements_are_shown_first(ds):
    rows = apply(ds, Filter(themes=("people_exchange",)))
    last = rows.statement_id.iloc[-1]
    at = open_present(theme=["people_exchange"], step="people_exchange", pin=[last])
    first = re.search(r'<div class="pr-text"[^>]*>(.*?)</div>', body(at)).group(1)
    text = rows.set_index("statement_id").text[last]
    assert_verbatim_or_cut_between_words(html.unescape(first), {text})


def test_a_link_opens_its_step_in_japanese():
    at = open_present(theme=["people_exchange", "energy"], step="energy", lang="ja")
    assert "分野 2／2" in body(at)
    assert "エネルギー" in step_title(at)
    assert "項 第" in body(at)  # Japanese citations


def test_empty_selection_says_so_instead_of_an_empty_screen():
    at = open_present(q="no statement says zqxj")
    assert "pr-slide" not in body(at)
    assert any("nothing to present" in i.value for i in at.info)


@pytest.fixture
def export_app():
    def script():
        import streamlit as st

        from laomap.ui.data import dataset
        from laomap.ui.export_panel import export_panel
        from laomap.views.filters import Filter

        ds = dataset()
        query = dict(st.query_params)
        export_panel(ds, Filter(themes=tuple(st.query_params.get_all("theme")), text=query.get("q", ""),
                                lang=query.get("lang", "en")))

    return script


def test_export_panel_offers_every_download_a_preview_and_makes_the_deck_with_progress(export_app):
    at = AppTest.from_function(export_app, default_timeout=90)
    at.query_params.update({"theme": ["energy"]})
    at.run()
    assert not at.exception
    assert not at.main.get("download_button")  # closed until asked for: nothing built on every run
    at.button(key="xp_button").click().run()
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert labels == ["Map image", "Offline HTML map", "Offline map only", "CSV (Excel)", "GeoJSON", "IATI XML"]
    (preview,) = at.main.get("image")  # the thumbnail of the image before its download
    assert "Preview: Slide 16:9" in preview.proto.imgs[0].caption
    assert at.selectbox(key="xp_preset").value == "16:9"
    assert at.selectbox(key="xp_preset").options == ["Slide 16:9 (1920×1080)", "Slide 4:3 (1600×1200)", "A4 landscape, 300 dpi",
                                                     "A4 portrait, 300 dpi"]
    at.button(key="xp_deck_make").click().run()  # the deck is made in the run, with a progress bar slide by slide
    bars = at.main.get("progress")
    assert bars and bars[-1].proto.value == 100 and "ready" in bars[-1].proto.text
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert labels == ["Map image", "Slide deck (.pptx)", "Offline HTML map", "Offline map only", "CSV (Excel)", "GeoJSON", "IATI XML"]
    at.button(key="xp_button").click().run()  # the same button closes it again
    assert not at.main.get("download_button")


def test_export_panel_with_an_empty_selection_offers_no_download(export_app):
    at = AppTest.from_function(export_app, default_timeout=90)
    at.query_params.update({"q": "no statement says zqxj"})
    at.run()
    at.button(key="xp_button").click().run()
    assert not at.main.get("download_button")
    assert any("selection is empty" in i.value for i in at.info)


def test_export_panel_files(ds):
    """What the buttons hand over: the bytes the library makes, named after the selection."""
    from laomap.ui import export_panel as xp

    flt = Filter(themes=("energy",), lang="ja")
    png = xp._safe(xp._image, ds, flt, "4:3", "png")
    assert Image.open(io.BytesIO(png)).size == (1600, 1200)
    assert xp._image(ds, flt, "4:3", "png") is png  # cached: a second click is instant
    csv = xp._safe(xp._data, ds, flt, "csv")
    assert csv.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads the Japanese text as UTF-8
    written = list(csv_module.DictReader(io.StringIO(csv.decode("utf-8-sig"))))
    assert [r["text"] for r in written] == list(apply(ds, flt).text)  # the Japanese texts of the energy statements
    assert csv.decode("utf-8-sig").splitlines()[0].startswith("commitment_id,")
    assert xp.file_stem(ds, flt) == "laomap-energy-ja"
    assert xp._safe(xp._image, ds, Filter(text="no statement says zqxj"), "16:9", "png").startswith(b"laomap could not make")


def test_japanese_lines_break_only_between_phrases_and_never_before_closing_punctuation(ds):
    from laomap.i18n import theme_label
    from laomap.pipeline.vocabulary import THEME_IDS
    from laomap.views.captions import phrase_html, phrases

    assert phrases("観光・文化・スポーツ", "ja") == ("観光・文化・スポーツ",)  # not 'スポー／ツ'
    texts = [theme_label(x, "ja") for x in THEME_IDS] + list(ds.commitments[ds.commitments.language == "ja"].text)
    for text in texts:
        parts = phrases(text, "ja")
        assert "".join(parts) == text
        assert not any(p[:1] in "・、。」）" for p in parts[1:]), (text, parts)
    assert phrase_html("<b>観光", "ja") == "&lt;b&gt;観光" and phrases("Tourism, culture", "en") == ("Tourism, culture",)
