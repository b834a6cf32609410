"""Lao, the third interface language: its catalog, place names, formats, order, line breaks and fonts in every output."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import numpy as np
import pytest
from PIL import Image

from laomap.i18n import LANGUAGE_NAMES, LANGUAGES, catalog, format_day, format_list, original_note, pick, pick_field, t
from laomap.i18n.collate import place_sort_key, sort_key_lo
from laomap.i18n.linebreak import break_points, two_lines
from laomap.views.filters import Filter, apply, search_terms

from .conftest import ROOT

LAO = re.compile(r"[\u0e80-\u0eff]")


def test_lao_is_an_interface_language_with_every_key_translated():
    assert LANGUAGES[:3] == ("en", "ja", "lo") and LANGUAGE_NAMES["lo"] == "ລາວ"
    english, lao = catalog("en"), catalog("lo")
    assert set(lao) == set(english)
    words = {k: re.sub(r"{\w*}", "", v) for k, v in lao.items()}
    untranslated = [k for k, v in words.items() if v == re.sub(r"{\w*}", "", english[k]) and re.search(r"[a-z]{4,}", v)
                    and not k.startswith(("term.", "fmt.", "sort."))]
    # identical texts are names and codes only: CSV (Excel), IATI XML, JICA, Sport for Tomorrow (terms of the vocabulary)
    assert untranslated == [], untranslated


def test_the_catalog_header_keeps_a_glossary_and_the_about_page_welcomes_corrections():
    head = (ROOT / "src" / "laomap" / "i18n" / "lo.po").read_text(encoding="utf-8").split('msgid ""')[0]
    assert "Glossary" in head and "province -> ແຂວງ" in head and "statement (a sentence of a plan) -> ຂໍ້ຄວາມ" in head
    assert "ຍິນດີຮັບການແກ້ໄຂ" in t("ab.text.sources_intro", "lo")


def test_one_fallback_chain_interface_then_document_then_english():
    texts = {"en": "Action Plan", "ja": "行動計画"}
    assert pick(texts, "lo", "ja") == "行動計画"  # no Lao text: the document's own language
    assert pick(texts, "lo", None) == "Action Plan"  # then English
    assert pick({**texts, "lo": "ແຜນດຳເນີນງານ"}, "lo", "ja") == "ແຜນດຳເນີນງານ"
    assert pick({"ja": "行動計画", "en": ""}, "en") == "行動計画"  # an empty text counts as missing
    assert pick_field({"name_en": "Pakse", "name_lo": "ປາກເຊ"}, "name", "lo") == "ປາກເຊ"


def test_a_statement_in_english_or_japanese_is_marked_in_the_lao_interface():
    assert original_note("en", "lo") != original_note("ja", "lo")
    assert "ອັງກິດ" in original_note("en", "lo") and "ຍີ່ປຸ່ນ" in original_note("ja", "lo")
    assert "Japanese" in original_note("ja", "en")  # the popup names the language actually shown, in every interface


def test_eighteen_provinces_and_the_japanese_prefectures_have_lao_names_and_the_two_vientianes_differ(ds):
    g = ds.gazetteer.places
    lao_provinces = [p for p in g.values() if p.kind == "province" and p.country == "LA"]
    prefectures = [p for p in g.values() if p.kind == "province" and p.country == "JP"]
    assert len(lao_provinces) == 18 and len(prefectures) == 47
    for p in [*lao_provinces, *prefectures]:
        assert LAO.match(p.name("lo")), p.place_id
    assert g["vientiane_capital"].name("lo") == "ນະຄອນຫຼວງວຽງຈັນ"
    assert g["vientiane_province"].name("lo") == "ແຂວງວຽງຈັນ"
    assert g["thailand"].name("lo") == "ໄທ" and LAO.match(g["kyoto"].name("lo"))
    rows = list(csv.DictReader(io.StringIO((ROOT / "geodata" / "names_lo.csv").read_text(encoding="utf-8"))))
    assert all(r["source"] for r in rows)  # every Lao name says where it comes from
    named = {r["place_id"] for r in rows}
    assert named <= set(g)  # names of places the gazetteer has
    # every place of the built-in plans, province, prefecture and country has its Lao name (the region's further towns and
    # districts where a source gives one: the rest keep their English name)
    from laomap.pipeline.gazetteer_files import read_gazetteer_csv
    core = {p.place_id for p in read_gazetteer_csv(ROOT / "geodata" / "gazetteer.csv")}
    wanted = core | {p.place_id for p in g.values() if p.kind in ("province", "country") and not p.user_added}
    assert wanted <= named, sorted(wanted - named)


@pytest.mark.parametrize(("typed", "place"), [("ຫົວພັນ", "houaphanh"), ("ແຂວງອັດຕະປື", "attapeu"), ("ຫຼວງພະບາງ", "luang_prabang")])
def test_a_search_in_lao_script_finds_the_place(ds, typed, place):
    assert place in search_terms(ds, typed).places
    found = set(apply(ds, Filter(text=typed, lang="lo")).statement_id)
    placed = set(apply(ds, Filter(places=(place,), lang="lo")).statement_id)
    assert placed and placed <= found  # every statement at the place, found through its name in Lao


def test_dates_and_lists_are_babel_s_lao_with_latin_digits():
    assert format_day(date(2026, 12, 6), "lo") == "6 ທັນວາ 2026"
    assert "ແລະ" in format_list(["ກ", "ຂ", "ຄ"], "lo") or format_list(["ກ", "ຂ"], "lo") != "ກ and ຂ"
    assert t("ui.selection", "lo", n=3, total=12) == "ເລືອກ 3 ໃນ 12 ຂໍ້ຄວາມ"


def test_lao_alphabetical_order():
    # ສ follows ຈ in the Lao alphabet (not in Unicode); a vowel written first sorts by its consonant; ແຂວງ is not read
    words = ["ອັດຕະປື", "ສາລະວັນ", "ຈຳປາສັກ", "ເຊກອງ", "ບໍ່ແກ້ວ", "ກຳແພງ"]
    assert sorted(words, key=sort_key_lo) == ["ກຳແພງ", "ຈຳປາສັກ", "ສາລະວັນ", "ເຊກອງ", "ບໍ່ແກ້ວ", "ອັດຕະປື"]
    provinces = ["ແຂວງອັດຕະປື", "ແຂວງຈຳປາສັກ", "ນະຄອນຫຼວງວຽງຈັນ"]
    assert sorted(provinces, key=lambda n: place_sort_key(n, (), "", "lo")) == ["ແຂວງຈຳປາສັກ", "ນະຄອນຫຼວງວຽງຈັນ", "ແຂວງອັດຕະປື"]
    assert sort_key_lo("Tokyo") > sort_key_lo("ອັດຕະປື")  # a name without Lao letters after the Lao ones


def _syllables_intact(text: str, i: int) -> bool:
    """A break at ``i`` leaves no combining mark or following vowel at the start of the second line."""
    follower = re.compile(r"[\u0eb0-\u0ebc\u0ec8-\u0ecd]")
    return not follower.match(text[i]) and text[i] not in "ງຍນມວ" or text[i - 1] in "ະຳ "


def test_a_line_never_breaks_inside_a_lao_syllable():
    text = "ສິ່ງແວດລ້ອມສະພາບອາກາດແລະໄພພິບັດ"
    points = break_points(text)
    assert points  # ສະ|ພາບ, |ແລະ, ແລະ|ໄພ
    for i in points:
        assert text[i] in "ເແໂໃໄ" or text[i - 1] in "ະຳໆ", (text[:i], text[i:])
    assert two_lines("ກະຊວງ") == "ກະ\nຊວງ" and two_lines("ບໍ່") == "ບໍ່"  # one syllable is never broken
    assert all(_syllables_intact(text, i) for i in points)


def test_the_deck_sets_the_complex_script_font_for_lao(ds):
    from pptx import Presentation

    from laomap.export.deck import build_deck

    deck = Presentation(io.BytesIO(build_deck(ds, Filter(themes=("energy",), lang="lo"), today=date(2026, 12, 6))))
    runs = [r for s in deck.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs]
    lao_runs = [r for r in runs if LAO.search(r.text)]
    assert lao_runs
    for run in lao_runs:
        cs = run._r.find("{http://schemas.openxmlformats.org/drawingml/2006/main}rPr/{http://schemas.openxmlformats.org/drawingml/2006/main}cs")
        assert cs is not None and cs.get("typeface") == "Phetsarath OT"


# The offline HTML map in Lao carries the Lao glyphs its text uses: tests/test_fontembed.py.


# --------------------------------------------------------------------------- marks stacked in an exported image

WORDS = "ງື່ ບໍ່ ຄື້ນ ນ້ຳ"
TONES = re.compile("[\u0ec8-\u0ecb]")
ABOVE = str.maketrans({"\u0eb7": None, "\u0ecd": None, "\u0eb3": "\u0eb2"})  # ື ໍ, and ຳ (ໍ + າ) as າ


def _title_ink(ds, title: str, family: list[str] | None = None) -> np.ndarray:
    """The ink (darkness) of a Lao exported map image titled ``title``; ``family`` overrides the Lao fonts (the guard)."""
    from laomap.export.image import export_map
    from laomap.maps import fonts

    original = fonts.font_family
    if family is not None:
        fonts.font_family = lambda lang: family  # type: ignore[assignment]
    try:
        png = export_map(ds, Filter(themes=("energy",), lang="lo"), preset="16:9", fmt="png", today=date(2026, 12, 6), title=title)
    finally:
        fonts.font_family = original
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.int16)
    return 255 - grey


def _mark_gaps(ds, family: list[str] | None = None) -> list[int]:
    """For each tone mark of WORDS: rows of clear space between it and the vowel mark below it (negative: they overlap)."""
    full = _title_ink(ds, WORDS, family)
    no_tone = _title_ink(ds, TONES.sub("", WORDS), family)
    no_above = _title_ink(ds, TONES.sub("", WORDS).translate(ABOVE), family)
    tone = (full > 128) & (no_tone < 40)  # the tone marks' own ink (dark only with them: not a shift of anti-aliasing)
    vowel = (no_tone > 128) & (no_above < 40)  # the vowel marks' above the consonants
    columns = np.flatnonzero(tone.any(axis=0))
    assert len(columns), "no tone mark was drawn"
    groups = np.split(columns, np.flatnonzero(np.diff(columns) > 3) + 1)
    gaps = []
    for cols in groups:
        span = slice(cols[0] - 2, cols[-1] + 3)
        t_rows = np.flatnonzero(tone[:, span].any(axis=1))
        v_rows = np.flatnonzero(vowel[:, span].any(axis=1))
        assert len(v_rows), "no vowel mark under a tone mark"
        gaps.append(int(v_rows.min() - t_rows.max()))
    return gaps


@pytest.mark.slow
def test_lao_tone_marks_stack_above_the_vowel_marks_in_an_exported_image(ds):
    gaps = _mark_gaps(ds)
    assert len(gaps) == 4 and all(g >= 1 for g in gaps), gaps  # ງື່ ບໍ່ ຄື້ນ ນ້ຳ: the tone wholly above its vowel


@pytest.mark.slow
def test_the_mark_check_sees_marks_collide_without_a_lao_font(ds):
    """Guards the check: DejaVu Sans has Lao glyphs but does not stack the marks, and the check says so."""
    gaps = _mark_gaps(ds, ["DejaVu Sans"])
    assert min(gaps) < 1, gaps


def test_present_lines_in_lao_break_only_between_syllables():
    from laomap.views.captions import phrase_html, phrases

    text = t("term.environment", "lo")
    pieces = phrases(text, "lo")
    assert "".join(pieces) == text and len(pieces) > 1
    cut = 0
    for piece in pieces[:-1]:
        cut += len(piece)
        assert cut in break_points(text)
    assert phrase_html(text, "lo").count("<wbr>") == len(pieces) - 1
    assert phrases("Energy & power", "en") == ("Energy & power",)
