"""Finding the gazetteer's names in a text: the longest known name at each word start, with its boundary rules.

With a few thousand names (the districts, the Japanese municipalities) one regular expression of
every name, even factored as a trie, took Python's ``re`` about 0.1 s of CPU to compile in every new
process, more than the rest of the gazetteer's loading. Here the names sit in a dictionary trie
(milliseconds to make); a small regex finds the places where a name may start (C speed), and the trie
is walked only there. The rules are those of the former expression: the longest name wins, a
shorter one is tried when the longer one fails its boundary, an optional kind word follows ("Attapeu
Province", 高山市), matches do not overlap. ``tests/test_namematch.py`` checks it against a regex of the
same names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# An English name may be followed by the word for its kind; the match then covers it ("Attapeu Province").
EN_SUFFIX = r"(?:\s+(?:Province|province|Prefecture|prefecture|City|city|Capital|District|district))?"
JA_SUFFIX = r"(?:県|市|府|都|州|省|郡|区)?"
_EN_KIND_WORD = re.compile(r"\s+(?:province|prefecture|city|capital|district)")
_EN_AFTER = re.compile(r"\w|-\w")  # what may not follow an English name: it would be part of a longer word
_JA_KIND_CHARS = frozenset("県市府都州省郡区")
_KATAKANA = re.compile(r"[ァ-ヺー]")


@dataclass(frozen=True)
class NameHit:
    """One name found: ``key`` as stored, the span of the name alone and of the name with its kind word."""

    key: str
    start: int
    name_end: int
    end: int


def _lower_same_length(text: str) -> str:
    """``text`` in lower case, character for character (a letter whose lower case is longer stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass
class NameMatcher:
    """Every name of ``keys`` in a text (English: keys in lower case, matched regardless of case; Japanese: as written)."""

    lang: str
    trie: dict[str, Any] = field(default_factory=dict)
    starts: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!x)x"))

    @classmethod
    def of(cls, keys: Iterable[str], lang: str) -> NameMatcher:
        """The matcher of these names (made once per process for a given set: it is never changed after)."""
        wanted = (lang, frozenset(keys))
        if wanted not in _MADE:
            if len(_MADE) >= 8:
                _MADE.clear()
            _MADE[wanted] = cls._make(wanted[1], lang)
        return _MADE[wanted]

    @classmethod
    def _make(cls, keys: Iterable[str], lang: str) -> NameMatcher:
        trie: dict[str, Any] = {}
        for key in keys:
            if not key:
                continue
            node = trie
            for ch in key:
                node = node.setdefault(ch, {})
            node[""] = key
        if not trie:
            return cls(lang)
        first = "".join(sorted(re.escape(ch) for ch in trie))
        if lang == "en":
            # "Ban Phonxay" is a village, not the district Phonxay: a bare name after "Ban " is not matched
            starts = re.compile(rf"(?<![\w-])(?<!ban )[{first}]")
        else:
            # a katakana name is not part of a longer katakana word (バンコクポスト is a newspaper, not Bangkok)
            starts = re.compile(rf"(?<![ァ-ヺー])[{first}]")
        return cls(lang, trie, starts)

    def finditer(self, folded: str) -> Iterator[NameHit]:
        """The names in ``folded`` (a text already folded by ``textnorm``), left to right, not overlapping."""
        text = _lower_same_length(folded) if self.lang == "en" else folded
        n, pos = len(text), 0
        while True:
            m = self.starts.search(text, pos)
            if m is None:
                return
            i = m.start()
            hit = self._at(text, i, n)
            if hit is None:
                pos = i + 1
                continue
            yield hit
            pos = hit.end

    def _at(self, text: str, i: int, n: int) -> NameHit | None:
        node: dict[str, Any] = self.trie
        j, ends = i, []
        while j < n:
            child = node.get(text[j])
            if child is None:
                break
            node, j = child, j + 1
            if "" in node:
                ends.append((j, node[""]))
        for end, key in reversed(ends):  # the longest name first, then shorter ones
            for stop in self._with_kind_word(text, end, n):
                if self._boundary(text, i, stop, n):
                    return NameHit(key, i, end, stop)
        return None

    def _with_kind_word(self, text: str, end: int, n: int) -> tuple[int, ...]:
        """Where the match may stop: after the kind word that follows the name (tried first), else after the name."""
        if self.lang == "en":
            m = _EN_KIND_WORD.match(text, end)
            return (m.end(), end) if m else (end,)
        return (end + 1, end) if end < n and text[end] in _JA_KIND_CHARS else (end,)

    def _boundary(self, text: str, start: int, stop: int, n: int) -> bool:
        if self.lang == "en":
            return _EN_AFTER.match(text, stop) is None
        # a name that ends in a kanji (トゥラコム郡) may be followed by katakana (トゥラコム郡ナーカム村)
        return not _KATAKANA.match(text[stop - 1]) or stop >= n or not _KATAKANA.match(text[stop])


_MADE: dict[tuple[str, frozenset[str]], NameMatcher] = {}
