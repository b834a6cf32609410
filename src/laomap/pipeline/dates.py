"""Temporal expressions in English and Japanese (full-width digits included).

Every mention gets an ISO value (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY/YYYY`` for a
period), a precision (day / month / year / period) and a kind:

- ``event``: something that happened or happens at that time ("in March 2020", "２０２０年８月１日");
- ``period``: a span ("2021-2025", "２０２０－２０２５", "in the past five years");
- ``target``: a deadline or aim ("by 2030", "２０５０年までに", "towards 2030", "to attain ... in 2025");
- ``since``: a starting point ("since 2014", "２０１５年以降", "２０１４年以来");
- ``anniversary``: the origin year implied by an anniversary (a 55th anniversary in 2020 -> 1965).

Values computed rather than read (an anniversary's origin, a period relative to the
document's date) are flagged ``derived``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from laomap.textnorm import NormalisedText, normalise

PRECISIONS = ("day", "month", "year", "period")
KINDS = ("event", "period", "target", "since", "anniversary")

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
_MON = "(?P<mon>" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_Y = r"(?P<y>(?:1[89]|20|21)\d{2})"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50}


@dataclass(frozen=True)
class DateMention:
    iso: str
    precision: str
    kind: str
    text: str  # the original characters, e.g. "２０２０年８月１日"
    start: int  # span in the original text
    end: int
    derived: bool = False
    note: str = ""

    @property
    def years(self) -> tuple[int, int]:
        """First and last year covered, for filtering by year range."""
        if "/" in self.iso:
            a, b = self.iso.split("/")
            return int(a[:4]), int(b[:4])
        return int(self.iso[:4]), int(self.iso[:4])


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int | None = None, d: int | None = None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        days = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return 1 <= d <= days[m - 1]  # type: ignore[index]
    return True


# Patterns run on NFKC-folded text, most specific first; a span once taken is not reused.
_EN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx)) for name, rx in (
    ("period", r"(?<![\d/])(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?![\d/])"),
    ("period", r"\bfrom (?P<a>(?:19|20)\d{2}) (?:to|until|through) (?P<b>(?:19|20)\d{2})\b"),
    ("dmy", rf"\b(?P<d>\d{{1,2}}) {_MON},? {_Y}\b"),
    ("mdy", rf"\b{_MON} (?P<d>\d{{1,2}}),? {_Y}\b"),
    ("isoday", r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("my", rf"\b{_MON},? {_Y}\b"),
    ("year", rf"(?<![\d.,/-]){_Y}(?![\d/]|-\d)"),
))
_JA_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx)) for name, rx in (
    ("period", r"(?<!\d)(?P<a>(?:19|20)\d{2})年?(?:度)?\s*(?:-|~|から)\s*(?P<b>(?:19|20)\d{2})年?(?:度)?(?!\d)"),
    ("ymd", r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    ("ym", r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月"),
    ("year", r"(?<!\d)(?P<y>(?:19|20)\d{2})(?!\d)(?:年(?:度)?)?"),
))

_EN_TARGET_BEFORE = re.compile(r"\b(?:by|until|till|towards?|no later than|before the end of)\s+(?:the end of\s+)?$", re.I)
_EN_GOAL_IN = re.compile(r"\b(?:attain|achieve|reach|realize|realise|graduate|become|aim(?:ing)?|target)\b[^.;]{0,80}\bin\s+$", re.I)
_EN_SINCE_BEFORE = re.compile(r"\b(?:since|from)\s+$", re.I)
_JA_TARGET_AFTER = re.compile(r"^(?:年)?(?:度)?(?:まで|を目途|を目標|に向け)")
_JA_SINCE_AFTER = re.compile(r"^(?:年)?(?:度)?(?:以降|以来|から)")
_EN_ANNIV = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th) anniversary\b", re.I)
_JA_ANNIV = re.compile(r"(?P<n>\d{1,3})周年")
_EN_PAST = re.compile(r"\b(?:in|over|during) the (?:past|last) (?P<n>\w+) years\b", re.I)
_JA_PAST = re.compile(r"(?:過去|この)(?P<n>\d{1,2})年間")


def find_dates(text: str, lang: str, document_year: int | None = None) -> list[DateMention]:
    """All temporal expressions in ``text``, in order of appearance.

    ``document_year`` (the year of the document, when known from the document itself)
    anchors relative expressions such as "the past five years"; without it they are skipped.
    """
    norm = normalise(text)
    folded = norm.text
    taken = [False] * len(folded)
    found: list[DateMention] = []
    patterns = _JA_PATTERNS if lang == "ja" else _EN_PATTERNS
    for name, rx in patterns:
        for m in rx.finditer(folded):
            if any(taken[m.start():m.end()]):
                continue
            mention = _mention(name, m, norm, lang)
            if mention is None:
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.append(mention)
    found += _anniversaries(norm, lang, found)
    if document_year is not None:
        found += _relative_periods(norm, lang, document_year)
    found.sort(key=lambda d: (d.start, d.kind != "anniversary"))
    return found


def _mention(name: str, m: re.Match[str], norm: NormalisedText, lang: str) -> DateMention | None:
    g = m.groupdict()
    start, end = m.span()
    if name == "period":
        a, b = int(g["a"]), int(g["b"])
        if not a < b <= a + 50:
            return None
        iso, precision, kind = f"{a:04d}/{b:04d}", "period", "period"
    else:
        y = int(g["y"])
        mon = g.get("mon")
        month = _MONTHS[mon.lower()] if mon else (int(g["m"]) if g.get("m") else None)
        day = int(g["d"]) if g.get("d") else None
        if not _valid(y, month, day):
            return None
        iso = _iso(y, month, day)
        precision = "day" if day else ("month" if month else "year")
        kind = _kind_of(norm.text, start, end, lang)
    a, b = norm.span(start, end)
    return DateMention(iso, precision, kind, norm.original[a:b], a, b)


def _kind_of(folded: str, start: int, end: int, lang: str) -> str:
    if lang == "ja":
        after = folded[end:end + 8]
        if _JA_SINCE_AFTER.match(after):
            return "since"
        if _JA_TARGET_AFTER.match(after):
            return "target"
        return "event"
    before = folded[max(0, start - 120):start]
    if _EN_SINCE_BEFORE.search(before):
        return "since"
    if _EN_TARGET_BEFORE.search(before) or _EN_GOAL_IN.search(before):
        return "target"
    return "event"


def _anniversaries(norm: NormalisedText, lang: str, found: list[DateMention]) -> list[DateMention]:
    """An Nth anniversary in year Y implies an origin in Y - N; Y must be stated in the sentence."""
    rx = _JA_ANNIV if lang == "ja" else _EN_ANNIV
    out = []
    for m in rx.finditer(norm.text):
        n = int(m.group("n"))
        a, b = norm.span(*m.span())
        years = [d for d in found if d.precision in ("year", "month", "day") and d.kind == "event"]
        if not years or n <= 0:
            continue
        anchor = min(years, key=lambda d: abs(d.start - a))
        if abs(anchor.start - a) > 160:
            continue
        origin = anchor.years[0] - n
        out.append(DateMention(
            f"{origin:04d}", "year", "anniversary", norm.original[a:b], a, b, derived=True,
            note=f"{n} years before {anchor.years[0]} ({anchor.text})",
        ))
    return out


def _relative_periods(norm: NormalisedText, lang: str, document_year: int) -> list[DateMention]:
    rx = _JA_PAST if lang == "ja" else _EN_PAST
    out = []
    for m in rx.finditer(norm.text):
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
        if not n:
            continue
        a, b = norm.span(*m.span())
        out.append(DateMention(
            f"{document_year - n:04d}/{document_year:04d}", "period", "period", norm.original[a:b], a, b, derived=True,
            note=f"{n} years up to the document's year {document_year}",
        ))
    return out
