"""Where a line of text may break: at spaces, after Japanese punctuation, and between Lao syllables.

Lao is written without spaces between words, and a break inside a syllable would separate a consonant
from its vowel and tone marks. The breaks offered here are the ones that are always syllable boundaries
(before a vowel written in front of its consonant, ເ ແ ໂ ໃ ໄ; after a syllable-closing ະ ຳ ໆ), so
a break never splits a syllable; a Lao text without any of them is not broken. Standard library only.
"""

from __future__ import annotations

_LAO_CONSONANT = {chr(c) for c in range(0x0E81, 0x0EAF)} | {"ໜ", "ໝ", "ໞ", "ໟ"}
_LAO_PREPOSED = set("ເແໂໃໄ")
_LAO_CLOSING = set("ະຳໆ")
_JA_AFTER = set("、。・")


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
    """``text`` on two lines at the allowed break nearest its middle; unbroken when it has none (a Lao word, a name)
    unless it is Japanese, whose characters may break anywhere except before closing punctuation."""
    mid = len(text) // 2
    points = break_points(text)
    if not points:
        cjk = [i for i in range(1, len(text)) if "\u3040" <= text[i - 1] <= "\u9fff" and text[i] not in "、。）」』ー"]
        points = cjk
    if not points:
        return text
    return split_at(text, min(points, key=lambda i: abs(i - mid)))
