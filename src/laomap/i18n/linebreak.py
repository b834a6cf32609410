"""Where a line of text may break: at spaces, between Japanese phrases, and between Lao syllables.

Lao is written without spaces between words, and a break inside a syllable would separate a consonant
from its vowel and tone marks. The breaks offered here are the ones that are always syllable boundaries
(before a vowel written in front of its consonant, ເ ແ ໂ ໃ ໄ; after a syllable-closing ະ ຳ ໆ), so
a break never splits a syllable; a Lao text without any of them is not broken.

Japanese breaks only between phrases (BudouX, a model made for Japanese line breaking): "観光・文化・スポーツ"
stays whole, and a line never starts with ・、。」. ``phrases`` gives the pieces and ``wrap`` fills lines with
them for any renderer that can measure a string (the exported map's matplotlib, the deck's PowerPoint text):
one rule for the dashboard (``<wbr>`` between the same phrases), the images and the deck.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_LAO_CONSONANT = {chr(c) for c in range(0x0E81, 0x0EAF)} | {"ໜ", "ໝ", "ໞ", "ໟ"}
_LAO_PREPOSED = set("ເແໂໃໄ")
_LAO_CLOSING = set("ະຳໆ")
_JA_AFTER = set("、。・：，！？）」』")  # a Japanese line may end after these (never start with them)


def _lao(ch: str) -> bool:
    return "\u0e80" <= ch <= "\u0eff"


def break_points(text: str) -> list[int]:
    """Indices ``i`` where ``text`` may break into ``text[:i]`` / ``text[i:]`` (a space at ``i`` is dropped by ``split_at``)."""
    points = []
    for i in range(1, len(text)):
        before, ch = text[i - 1], text[i]
        if ch == " " or before in _JA_AFTER or _lao(before) and ch in _LAO_PREPOSED or before in _LAO_CLOSING and (ch in _LAO_CONSONANT or ch in _LAO_PREPOSED):
            points.append(i)
    return points


def segments(text: str) -> tuple[str, ...]:
    """``text`` cut at its Lao syllable boundaries (spaces stay inside the pieces): where a line without spaces may break."""
    points = [i for i in break_points(text) if text[i] != " " and text[i - 1] != " "]
    bounds = [0, *points, len(text)]
    return tuple(text[a:b] for a, b in zip(bounds, bounds[1:]) if b > a) or (text,)


def split_at(text: str, i: int) -> str:
    """``text`` on two lines, broken at ``i`` (the space there, if any, removed)."""
    return text[:i].rstrip(" ") + "\n" + text[i:].lstrip(" ")


def two_lines(text: str) -> str:
    """``text`` on two lines at the allowed break nearest its middle; unbroken when it has none (a Lao word, a name).
    Japanese breaks between its phrases (``phrases``), never inside a word."""
    mid = len(text) // 2
    points = _phrase_points(text, "ja") if is_japanese(text) else break_points(text)
    if not points:
        return text
    return split_at(text, min(points, key=lambda i: abs(i - mid)))


def is_japanese(text: str) -> bool:
    """Whether ``text`` has kana or kanji (Japanese line breaking applies)."""
    return any("\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


@lru_cache(maxsize=1)
def _ja_parser() -> Any:  # budoux.Parser (budoux ships no type information)
    import budoux

    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=4096)
def phrases(text: str, lang: str) -> tuple[str, ...]:
    """Where a line may break: Japanese at phrase boundaries (BudouX: '観光・文化・スポーツ' stays whole, never
    'スポー／ツ'), Lao between syllables, other languages at their spaces as usual (the text as one piece)."""
    if not text:
        return (text,)
    if not is_japanese(text):
        return segments(text)  # Lao: between syllables; a text with spaces breaks at them as usual
    return tuple(_ja_parser().parse(text)) or (text,)


def _phrase_points(text: str, lang: str) -> list[int]:
    """Where ``text`` may break: between its phrases and at its spaces."""
    points, at = [], 0
    for piece in units(text, lang)[:-1]:
        at += len(piece)
        points.append(at)
    return points


_WORD = re.compile(r"\S+\s*|\s+")


def units(text: str, lang: str) -> list[str]:
    """The pieces a line is filled with: words (with their trailing space), each cut further where ``phrases`` allows."""
    out: list[str] = []
    for word in _WORD.findall(text):
        core = word.rstrip()
        pieces = list(phrases(core, lang)) if core else []
        if not pieces:
            if out:
                out[-1] += word
            continue
        pieces[-1] += word[len(core):]
        out.extend(pieces)
    return out


def wrap(text: str, lang: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` as lines no wider than ``width`` by ``measure`` (any unit; a line's trailing space is not measured and is
    kept, so the lines joined give ``text`` back), broken only where the language allows:
    at spaces, between Japanese phrases, between Lao syllables. A phrase wider than a whole line is cut only after its
    punctuation (``_pieces``: '…教育・' / '日本語', never '・日本語'); a piece still wider stands alone on its line (it is never
    cut inside a word), so the caller shrinks the type when a line is still too wide."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for whole in units(para, lang):
            for unit in ([whole] if measure(whole.rstrip()) <= width else _pieces(whole)):
                trial = line + unit
                if line and measure(trial.rstrip()) > width:
                    lines.append(line)
                    line = unit
                else:
                    line = trial
        lines.append(line)
    return lines


def html_pieces(text: str, lang: str) -> tuple[str, ...]:
    """Where an HTML line that the browser fills may break (a ``<wbr>`` between pieces, ``word-break: keep-all`` on the
    element): between phrases, and inside a phrase after its punctuation, the cut ``wrap`` makes when a phrase is wider
    than a line ('観光・' / '文化・' / 'スポーツ', never 'スポー' / 'ツ'). The browser cannot be told to prefer the phrase
    boundaries, so both are offered."""
    return tuple(piece for phrase in phrases(text, lang) for piece in (_pieces(phrase) if is_japanese(phrase) else [phrase]))


def _pieces(unit: str) -> list[str]:
    """A phrase longer than a line, cut where a line may still end: after 、。・：and closing brackets (a line then ends
    with them, never starts with them) or at a Lao syllable boundary."""
    bounds = [0, *break_points(unit), len(unit)]
    return [unit[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def em_width(text: str) -> float:
    """A string's width in ems, without a font: wide (kana, kanji, full-width) characters 1 em, others 0.6 em (wider than
    most Latin letters, so a line measured with it fits the real font)."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
