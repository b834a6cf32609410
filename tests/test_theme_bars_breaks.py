"""The Overview's theme bars: a label breaks only between its phrases (issue 28). At 1280×720 in Japanese the label
column is narrow and the labels wrap; without break points of its own a label broke anywhere (スポー／ツ). The bars'
HTML puts ``<wbr>`` between the phrases of ``i18n.phrases`` (BudouX for Japanese, syllables for Lao) and after the
punctuation inside a Japanese phrase (where ``wrap`` cuts a phrase wider than a line), and the stylesheet keeps the rest
of a label whole (``word-break: keep-all``)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from laomap.charts.small import theme_bars_html
from laomap.i18n import theme_label
from laomap.i18n.linebreak import html_pieces, phrases
from laomap.pipeline.vocabulary import THEMES
from laomap.ui.look import stylesheet

from .phrase_breaks import assert_breaks_between_phrases

LABEL = re.compile(r'class="lm-bar-label[^"]*"[^>]*>(.*?)</(?:a|span)>')


def _labels(lang: str) -> list[str]:
    counts = pd.DataFrame({"theme": [x.id for x in THEMES], "label": [theme_label(x.id, lang) for x in THEMES],
                           "statements": range(len(THEMES), 0, -1)})
    return LABEL.findall(theme_bars_html(counts, (), {x.id: f"/statements?theme={x.id}" for x in THEMES}, lang))


def test_a_japanese_label_may_break_only_between_its_phrases():
    found = _labels("ja")
    assert len(found) == len(THEMES)
    for label in found:
        pieces = [html.unescape(p) for p in label.split("<wbr>")]
        text = "".join(pieces)
        assert pieces == list(html_pieces(text, "ja"))
        assert_breaks_between_phrases(text, pieces)  # every <wbr> at a phrase boundary or after ・、, none before them
    culture = html.unescape(found[[x.id for x in THEMES].index("tourism_culture")])
    assert "スポー<wbr>ツ" not in culture and "スポーツ" in culture.replace("<wbr>", "")
    assert culture.split("<wbr>") == ["観光・", "文化・", "スポーツ"]  # one BudouX phrase, cut after its dots only
    assert html.unescape(found[[x.id for x in THEMES].index("infrastructure")]).split("<wbr>")[:2] == ["質の", "高い"]
    assert all("<wbr>" in label for label, x in zip(found, THEMES) if len(theme_label(x.id, "ja")) > 5)


def test_english_labels_break_at_their_spaces_only_and_lao_between_syllables():
    for label in _labels("en"):
        assert "<wbr>" not in label
    lao = [html.unescape(label) for label in _labels("lo")]
    for label in lao:
        assert label.split("<wbr>") == list(phrases(label.replace("<wbr>", ""), "lo"))  # syllables (no Japanese cut)


def test_the_label_keeps_its_words_whole_between_the_break_points():
    rule = re.search(r"\.lm-bar-label \{[^}]*\}", stylesheet()).group()
    assert "word-break: keep-all" in rule


@pytest.mark.parametrize("lang", ["en", "ja", "lo"])
def test_a_label_is_escaped_around_its_break_points(lang):
    counts = pd.DataFrame({"theme": ["x"], "label": ["<b>観光・文化・スポーツ & 'more'</b>"], "statements": [1]})
    label = LABEL.findall(theme_bars_html(counts, (), None, lang))[0]
    assert "<b>" not in label and "&lt;b&gt;" in label and "&amp;" in label
