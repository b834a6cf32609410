"""Text normalisation used only for matching; the original text is never rewritten.

Matching (dates, places, themes) runs on an NFKC-folded copy so that full-width digits
(２０２０), full-width Latin letters (ＪＩＣＡ) and the like match their ASCII patterns.
Format characters (soft hyphens, common in PDF text as 'Vien\u00adtiane', zero-width spaces,
byte-order marks) fold to nothing, so they never stop a name from matching. Every
normalised character keeps a pointer back to the original, so a match can be quoted
verbatim from the source. ``skeleton`` goes one step further for the one-name-one-place
rule: look-alike letters of other scripts (Cyrillic 'а', Greek 'ο') count as the Latin ones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Dashes and tildes that PDFs and Japanese typesetting use for ranges.
_DASHES = {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\uff0d", "\u301c", "\uff5e"}
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


@dataclass(frozen=True)
class NormalisedText:
    """A folded copy of ``original`` with, for each folded char, its index in the original."""

    original: str
    text: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text back to the original text."""
        if start >= end:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The original characters behind a folded span."""
        a, b = self.span(start, end)
        return self.original[a:b]


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """NFKC-fold one character, unifying dashes and curly quotes."""
    if ch in _DASHES:
        return "-"
    if ch in _QUOTES:
        return _QUOTES[ch]
    if unicodedata.category(ch) == "Cf":  # soft hyphen, zero-width space and joiners, BOM: invisible, never part of a name
        return ""
    return unicodedata.normalize("NFKC", ch)


def normalise(text: str) -> NormalisedText:
    """Fold ``text`` character by character, keeping the index map."""
    if text.isascii():  # nothing to fold: the common case for English text
        return NormalisedText(text, text, tuple(range(len(text))))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return NormalisedText(text, "".join(out), tuple(index))


# Invisible controls that reorder what is shown (embeddings, overrides, isolates, marks): no text of these
# languages needs them, and an override makes a statement display otherwise than it reads ("Trojan Source").
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_MARKS = 4  # combining marks kept on one letter: Lao and Thai stack two or three, Vietnamese two; more is a "storm"


@lru_cache(maxsize=1)
def _mark_storm() -> re.Pattern[str]:
    marks = "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Me"))
    return re.compile(f"([{marks}]{{{MAX_MARKS}}})[{marks}]+")


def tidy(text: str) -> str:
    """A document's text without bidirectional controls and with at most ``MAX_MARKS`` combining marks per letter.

    Unlike matching's folds this rewrites the text kept for a statement: an override or a pile of
    a thousand accents on one letter is a way to make a statement show what it does not say (or
    cover the lines around it), never a part of what a plan says.
    """
    if text.isascii():
        return text
    return _mark_storm().sub(r"\1", _BIDI.sub("", text))


def fold(text: str) -> str:
    """The folded text alone."""
    if text.isascii():
        return text
    return "".join(map(fold_char, text))


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Fold and remove all whitespace: the key for 'verbatim modulo whitespace' checks."""
    return _WS.sub("", fold(text))


def is_cjk(ch: str) -> bool:
    """True for Japanese/Chinese characters and full-width forms, where lines join without a space."""
    if not ch:
        return False
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width and half-width forms
    )


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


def skeleton(text: str) -> str:
    """The folded, lower-cased text with look-alike letters of other scripts read as Latin ones ('Vіеntiane' -> 'vientiane').

    Uses the Unicode confusables data (``confusable_homoglyphs``); only letters that look like a
    Latin letter are replaced, so Japanese names keep their own characters.
    """
    folded = fold(text)
    if folded.isascii():
        return folded.lower()
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(folded, greedy=True, preferred_aliases=["latin"]) or []
    latin = {}
    for item in found:
        ascii_glyphs = [h["c"] for h in item["homoglyphs"] if h["c"].isascii() and h["c"].isalpha()]
        if ascii_glyphs:
            latin[item["character"]] = ascii_glyphs[0]
    return "".join(latin.get(ch, ch) for ch in folded).lower()
