"""The gazetteer's name finder (pipeline/namematch.py) finds what one regular expression of the same names finds.

The reference is the expression the gazetteer compiled before (every name as an alternative, the longest
first, the same boundaries and kind words): on texts made of the names, their pieces, kind words and
boundary characters, both must give the same names at the same places.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from laomap.pipeline.namematch import EN_SUFFIX, JA_SUFFIX, NameMatcher

EN_NAMES = ["vientiane", "vientiane capital", "luang prabang", "luang", "pakse", "nam ngum 1", "sekong bridge", "lao pdr",
            "ban", "xay", "phonxay"]
JA_NAMES = ["ビエンチャン", "ビエンチャン特別市", "高山", "高山市", "岐阜県高山市", "トゥラコム郡", "パクセー", "ラオス"]
EN_PIECES = [*EN_NAMES, *(n.title() for n in EN_NAMES), *(n.upper() for n in EN_NAMES), " ", "  ", "-", ",", ".", "x",
             "Province", " province", " City", " District", "Ban ", "ban ", "s", "1", "Capital", "é"]
JA_PIECES = [*JA_NAMES, "県", "市", "郡", "区", "ナーカム", "ポスト", "ー", "の", "、", "村", " ", "ビエン", "高"]


def reference(names: list[str], lang: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    if lang == "en":
        return re.compile(rf"(?<![\w-])(?<!Ban )(?P<name>{alts})(?P<suffix>{EN_SUFFIX})(?![\w]|-\w)", re.I)
    return re.compile(rf"(?<![ァ-ヺー])(?P<name>{alts})(?P<suffix>{JA_SUFFIX})(?:(?<![ァ-ヺー])|(?![ァ-ヺー]))")


def both(text: str, names: list[str], lang: str) -> tuple[list, list]:
    rx = reference(names, lang)
    expected = [(m.start(), m.end("name"), m.end(), m.group("name").lower() if lang == "en" else m.group("name"))
                for m in rx.finditer(text)]
    found = [(h.start, h.name_end, h.end, h.key) for h in NameMatcher.of(names, lang).finditer(text)]
    return expected, found


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(EN_PIECES), max_size=12))
def test_english_names_as_the_expression_finds_them(pieces):
    expected, found = both("".join(pieces), EN_NAMES, "en")
    assert found == expected


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(JA_PIECES), max_size=12))
def test_japanese_names_as_the_expression_finds_them(pieces):
    expected, found = both("".join(pieces), JA_NAMES, "ja")
    assert found == expected


def test_the_longest_name_the_kind_word_and_the_boundaries():
    text = "Vientiane Capital Province is near Luang Prabang, Ban Phonxay, Vientianes and Luang Prabang-based firms"
    hits = [(h.key, text[h.start:h.end]) for h in NameMatcher.of(EN_NAMES, "en").finditer(text)]
    # Phonxay after "Ban " is a village's name; "Vientianes" is a longer word; before "-based" the shorter "Luang" is tried
    assert hits == [("vientiane capital", "Vientiane Capital Province"), ("luang prabang", "Luang Prabang"), ("ban", "Ban"),
                    ("luang", "Luang")]
    ja = NameMatcher.of(JA_NAMES, "ja")
    assert [h.key for h in ja.finditer("岐阜県高山市とビエンチャンポスト、トゥラコム郡ナーカム村")] == ["岐阜県高山市", "トゥラコム郡"]


def test_no_names_find_nothing():
    assert list(NameMatcher.of([], "en").finditer("Vientiane")) == []
