"""Sentences, kinds, themes and actors."""

from __future__ import annotations

import pytest

from laomap.pipeline.extract import classify, parties, split_sentences
from laomap.pipeline.vocabulary import THEMES, find_terms
from laomap.textnorm import fold


def test_sentence_split_keeps_abbreviations_and_roman_lists():
    text = "The challenges will be: I. Achieving connectivity; II. Lifting competitiveness. Japan expresses its determination."
    assert split_sentences(text, "en") == [
        "The challenges will be: I. Achieving connectivity; II. Lifting competitiveness.",
        "Japan expresses its determination.",
    ]
    assert split_sentences("双方は歓迎した。双方は確認した。", "ja") == ["双方は歓迎した。", "双方は確認した。"]


@pytest.mark.parametrize(
    ("sentence", "lang", "kind"),
    [
        ("Both sides affirmed to further promote Japan Festival in the Lao PDR.", "en", "commitment"),
        ("They shared the intention to strengthen cooperation.", "en", "commitment"),
        ("Both sides welcomed the entry into force of the Protocol and affirmed to work together.", "en", "commitment"),
        ("Both sides welcomed the expansion of exchanges between young leaders.", "en", "acknowledgement"),
        ("Both sides affirmed the importance of the 2021 NPT Review Conference.", "en", "acknowledgement"),
        ("They shared the view that quality infrastructure is essential.", "en", "acknowledgement"),
        ("Land and air routes will be developed as a transportation network.", "en", "goal"),
        ("Develop safe operating structures at regional airports", "en", "programme"),
        ("From these standpoints, the following cooperation will be implemented.", "en", "lead-in"),
        ("In its 8th NSEDP, Lao PDR states that it will promote integration.", "en", "context"),
        ("双方は、文化交流を促進することを確認した。", "ja", "commitment"),
        ("双方は、２０２１年のＮＰＴ運用検討会議の重要性を再確認した。", "ja", "acknowledgement"),
        ("双方は、若手政治家の交流の拡大を歓迎した。", "ja", "acknowledgement"),
        ("双方は、協力を強化する意図を共有した。", "ja", "commitment"),
    ],
)
def test_kinds(sentence, lang, kind):
    assert classify(sentence, lang) == kind


def test_parties_from_subject():
    assert parties("Both sides affirmed to cooperate.", "en") == ("japan", "lao_pdr")
    assert parties("In this regard, Japan affirmed that it will continue.", "en") == ("japan",)
    assert parties("The Lao PDR appreciated Japan's support.", "en") == ("lao_pdr",)
    assert parties("They also affirmed it.", "en", ("japan",)) == ("japan",)
    assert parties("この観点から、日本は表明した。", "ja") == ("japan",)


def test_themes_in_both_languages():
    en = find_terms(THEMES, fold("support for the clearance of unexploded ordnance (UXO) and power trade"), "en")
    ja = find_terms(THEMES, fold("不発弾（ＵＸＯ）処理及び電力取引"), "ja")
    assert "uxo" in en and "energy" in en
    assert "uxo" in ja and "energy" in ja


def test_theme_keywords_respect_word_boundaries_and_case():
    assert "regional_order" not in find_terms(THEMES, "a fun bun", "en")  # 'UN' is case-sensitive
    assert "infrastructure" not in find_terms(THEMES, fold("京都市動物園へ寄贈"), "ja")  # 都市 inside 京都市
