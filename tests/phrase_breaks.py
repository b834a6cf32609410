"""One check for Japanese line breaks, shared by the image and the deck tests: a text cut into lines breaks only
between BudouX phrases (or after the punctuation ending a phrase longer than a line) and no line starts with
closing punctuation."""

from __future__ import annotations

from laomap.i18n.linebreak import phrases

OPENING_FORBIDDEN = tuple("・、。」）")
PUNCTUATION_BREAKS = " 、。・：，！？）」』"


def assert_breaks_between_phrases(text: str, lines: list[str]) -> None:
    """``lines`` (joined, ``text``) break only where ``phrases`` allows."""
    bounds, at = set(), 0
    for piece in phrases(text, "ja"):
        at += len(piece)
        bounds.add(at)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        assert at in bounds or text[at - 1] in PUNCTUATION_BREAKS, (line, text[at:at + 6])
    for line in lines:
        assert not line.startswith(OPENING_FORBIDDEN), line
