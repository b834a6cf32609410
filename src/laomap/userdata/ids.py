"""The id of an added document: its date and the part of its title that tells it from its neighbours.

Ministries publish several documents a day under titles that differ only at the end ("… Grant Aid for the
Project for Improvement of Water Supply in Luang Prabang" and "… for the Project for Construction of the
Bridge on National Road No. 9"), and a summit's press statement keeps its long title from one year to the
next. An id made from the first words of the title, or from the year alone, made such documents collide.
Here the id is ``DATE-WORDS-LANG``: the document's date as given (2024-03-15, 2024-03 or 2024), then the
title's words without the ones every title of the relationship shares (the two countries' names, "the",
"concerning"…; when the title is long also the genre's own words: signing, exchange of notes, grant aid,
project…), then the language. A Japanese title keeps its katakana (place names, mostly) in romaji and its
Latin letters and digits, plus four hexadecimal digits of the whole title, so two titles that differ only
in kanji still differ. An id already taken gets ``-2``, ``-3``…

The id is a function of the title, the date and the language alone (and of the ids already taken), so the
same document gets the same id whenever it is added; an added document's id is stored in the user's
manifest and never recomputed, and the built-in documents' ids are those of ``documents/manifest.json``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection

from laomap.textnorm import fold

ID_MAX = 63  # the manifest's limit (documents.meta_from_dict)
WORDS_MAX = 36  # characters of title words in an id: room for a date, a language and a "-2"

# Words every title of the relationship may share: they tell no two documents apart.
_COMMON = frozenset([
    "a", "an", "the", "of", "for", "on", "in", "to", "and", "at", "by", "with", "between", "from", "concerning",
    "regarding", "s", "his", "her", "mr", "ms", "h", "e", "japan", "lao", "laos", "pdr", "people", "peoples",
    "democratic", "republic", "government", "governments", "kingdom",
])
# The genre's own words, dropped too when a title is long (press releases on grants and loans).
_GENRE = frozenset([
    "signing", "signed", "exchange", "notes", "note", "letters", "grant", "grants", "aid", "loan", "loans", "yen",
    "project", "projects", "programme", "program", "improvement", "construction", "expansion", "development",
    "press", "release", "announcement", "japanese", "assistance", "provision",
])
# Japanese title words that every title of a genre shares; what is left tells the documents apart.
_JA_COMMON = re.compile(
    r"ラオス人民民主共和国|ラオス|日本国|日本|に対する|に関する|における|のための|書簡の交換|交換公文|の署名|署名|"
    r"無償資金協力|円借款|計画|事業|報道発表|[「」『』（）()〔〕［］【】・、，,。\s　の]"
)


def document_id(title: str, date: str, lang: str, taken: Collection[str] = ()) -> str:
    """``DATE-WORDS-LANG``, e.g. '2016-03-23-water-supply-luang-prabang-en'; with '-2', '-3'… if taken."""
    words = _ja_words(title) if lang == "ja" or not _latin_words(title) else _en_words(title, date)
    base = "-".join(part for part in (date.strip(), words) if part)
    doc_id = f"{base}-{lang}"
    n = 1
    while doc_id in taken:
        n += 1
        doc_id = f"{base}-{n}-{lang}"
    return doc_id[:ID_MAX]


def _latin_words(title: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", fold(title)).encode("ascii", "ignore").decode().lower())


def _en_words(title: str, date: str) -> str:
    """The title's telling words: without the shared ones, the document's own year and, if long, the genre's words."""
    words = [w for w in _latin_words(title) if w not in _COMMON and w != date[:4]] or _latin_words(title)
    if len("-".join(words)) > WORDS_MAX:
        words = [w for w in words if w not in _GENRE] or words
    return _fit(words)


def _fit(words: list[str]) -> str:
    kept: list[str] = []
    for w in words:
        if len("-".join([*kept, w])) > WORDS_MAX:
            break
        kept.append(w)
    return "-".join(kept) or words[0][:WORDS_MAX]


def _ja_words(title: str) -> str:
    """Romaji of the katakana runs and the Latin words of a Japanese title's telling part, and a digest of the title."""
    whole = unicodedata.normalize("NFKC", title)
    runs = re.findall(r"[\u30a0-\u30ff]+|[A-Za-z0-9]+", _JA_COMMON.sub("", whole))
    words = [w for w in (re.sub(r"[^a-z0-9]+", "", (romaji(r) if not r.isascii() else r).lower()) for r in runs) if w]
    digest = hashlib.sha1("".join(whole.split()).encode("utf-8")).hexdigest()[:4]  # any two titles differ here
    return "-".join([_fit(words), digest] if words else [digest])


_SPECIAL = {"TI": "chi", "SI": "shi", "TU": "tsu", "HU": "fu", "ZI": "ji", "DI": "ji", "DU": "zu", "WO": "o"}


def romaji(kana: str) -> str:
    """Katakana or hiragana in romaji, from the characters' Unicode names: 'ルアンパバーン' -> 'ruanpaban'."""
    out: list[str] = []
    double = False
    for ch in kana:
        name = unicodedata.name(ch, "")
        m = re.fullmatch(r"(?:KATAKANA|HIRAGANA) LETTER (SMALL )?([A-Z]+)", name)
        if not m:
            continue  # the long vowel mark, the middle dot, iteration marks
        small, sound = m.group(1), m.group(2)
        if small and sound == "TU":
            double = True
            continue
        syllable = _SPECIAL.get(sound, sound.lower())
        if small and out:
            if sound in ("YA", "YU", "YO"):  # キャ kya, チャ cha, シュ shu
                prev = out.pop()
                stem = prev[:-1] if prev.endswith("i") else prev
                syllable = (stem if stem.endswith(("ch", "sh", "j")) else stem + "y") + syllable[-1]
            else:  # ファ fa, ティ ti, ウェ we
                syllable = out.pop()[:-1] + syllable
        if double and syllable[0] not in "aeiou":
            syllable = syllable[0] + syllable
        double = False
        out.append(syllable)
    return "".join(out)
