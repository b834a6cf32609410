"""Temporal expressions in English and Japanese (full-width digits included).

Every mention gets an ISO value (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY/YYYY`` for a
period), a precision (day / month / year / period) and a kind:

- ``event``: something that happened or happens at that time ("in March 2020", "２０２０年８月１日");
- ``period``: a span ("2021-2025", "２０２０－２０２５", "in the past five years");
- ``target``: a deadline or aim ("by 2030", "２０５０年までに", "towards 2030", "to attain ... in 2025");
- ``since``: a starting point ("since 2014", "２０１５年以降", "２０１４年以来");
- ``anniversary``: the origin year implied by an anniversary (a 55th anniversary in 2020 -> 1965).

Japanese era dates (令和5年11月10日, 平成22年3月4日, 元年) are read as the calendar dates they are.
Day ranges ("from March 14 to March 18, 2012", "2 to 6 March 2010", 1月20日から23日まで) are periods
of days (``2012-03-14/2012-03-18``). Values computed rather than read are flagged ``derived``: an
anniversary's origin, a period relative to the document's date, and dates written without a
year ("On Thursday, April 28", 本11日, 先月, 本年, 明年/来年, 今夏, "this year", "next year"),
which are resolved against the document's own date when it is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta as _timedelta

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
        if m is None:
            return False  # a day needs its month
        days = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return 1 <= d <= days[m - 1]
    return True


# Patterns run on NFKC-folded text, most specific first; a span once taken is not reused.
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926}  # first (元) year of each era
_EN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx)) for name, rx in (
    ("dayrange", rf"\bfrom {_MON} (?P<d>\d{{1,2}}) (?:to|until|through) (?:{_MON2} )?(?P<d2>\d{{1,2}}),? {_Y}\b"),
    ("dayrange", rf"\b(?:from )?(?P<d>\d{{1,2}})(?: {_MON2})? (?:to|until|-|–) (?P<d2>\d{{1,2}}) {_MON},? {_Y}\b"),
    ("period", r"(?<![\d/])(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?![\d/])"),
    ("period", r"\bfrom (?P<a>(?:19|20)\d{2}) (?:to|until|through) (?P<b>(?:19|20)\d{2})\b"),
    ("dmy", rf"\b(?P<d>\d{{1,2}}) {_MON},? {_Y}\b"),
    ("mdy", rf"\b{_MON} (?P<d>\d{{1,2}}),? {_Y}\b"),
    ("isoday", r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("my", rf"\b{_MON},? {_Y}\b"),
    ("year", rf"(?<![\d.,/-]){_Y}(?![\d/]|-\d)"),
))
# Written without a year: resolved against the document's date (``document_date``).
_EN_NO_YEAR: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx, re.I if name in ("rel", "day") else 0)) for name, rx in (
    ("md", rf"\b{_WEEKDAY}{_MON} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? ?\d)"),
    ("dm", rf"\b{_WEEKDAY}(?P<d>\d{{1,2}}) {_MON}\b(?!,? ?\d)"),
    ("rel", r"\b(?P<rel>this year|next year|last year)\b"),
    ("day", r"\b(?P<rel>yesterday|today|last week)\b"),
    ("mon", rf"\b(?:in|since|from|until|by|during|early|late|mid-|end of|beginning of)\s+(?:(?:early|late|mid-)\s*)?{_MON}\b(?!,? ?\d)"),
))
_JA_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx)) for name, rx in (
    ("era", r"(?P<era>令和|平成|昭和)(?P<ey>\d{1,2}|元)年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?"),
    ("dayrange", r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:\([月火水木金土日]\))?(?:から|~|-)"
                 r"(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日(?:まで)?"),
    ("period", r"(?<!\d)(?P<a>(?:19|20)\d{2})年?(?:度)?\s*(?:-|~|から)\s*(?P<b>(?:19|20)\d{2})年?(?:度)?(?!\d)"),
    ("ymd", r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    ("ym", r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月"),
    ("year", r"(?<!\d)(?<![A-Za-z]-)(?P<y>(?:19|20)\d{2})(?!\d|-\d)(?:年(?:度)?)?"),  # not inside a code (LA-2024-001)
))
# What a text must contain for any of the patterns above to match: most statements name no date, and one
# search for these is cheaper than every pattern.
_NO_YEAR_HINT = {"en": re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December|"
                                  r"\byear\b|yesterday|today|last week", re.I),
                 "ja": re.compile(r"\d月|本\d|先月|[本今明来昨]年|今[夏秋春冬]|昨日|本日|先週")}
_JA_NO_YEAR: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx)) for name, rx in (
    ("jymrel", r"(?P<rel>昨年|本年|今年|来年|明年)(?P<m>\d{1,2})月"),
    ("jago", r"(?P<n>\d{1,3})年前の(?:本日|今日)"),
    ("jday", r"(?P<rel>昨日|本日|先週)"),
    ("jdayrange", r"(?<![年\d])(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:\([月火水木金土日]\))?(?:から|~)(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日(?:まで)?"),
    ("jmd", r"(?<![年\d])(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    ("jthisday", r"本(?P<d>\d{1,2})日"),
    ("jm", r"(?<![年\d])(?P<m>\d{1,2})月(?![\d日])"),
    ("jrel", r"(?P<rel>本年度|来年度|先月|本年|今年|明年|来年|昨年|今夏|今秋|今春|今冬)"),  # 本年度 before 本年
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


def find_dates(text: str, lang: str, document_year: int | None = None, document_date: str | None = None) -> list[DateMention]:
    """All temporal expressions in ``text``, in order of appearance.

    ``document_year`` (the year of the document, when known from the document itself)
    anchors relative expressions such as "the past five years"; without it they are skipped.
    ``document_date`` (its ISO date, 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD') resolves dates written
    without a year; a month or day the document's date does not give is not guessed.
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
    if document_date:
        found += _without_year(norm, lang, document_date, taken)
    found += _anniversaries(norm, lang, found, int(document_date[:4]) if document_date else None)
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
    elif name == "dayrange":
        y = int(g["y"])
        m1 = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
        m2 = _MONTHS[g["mon2"].lower()] if g.get("mon2") else (int(g["m2"]) if g.get("m2") else m1)
        day_range = _day_range(y, m1, int(g["d"]), m2, int(g["d2"]))
        if day_range is None:
            return None
        iso = day_range
        precision, kind = "period", "period"
    else:  # a day, a month or a year, of the Gregorian calendar or of a Japanese era
        y = _ERAS[g["era"]] + (0 if g["ey"] == "元" else int(g["ey"]) - 1) if name == "era" else int(g["y"])
        mon = g.get("mon")
        month = _MONTHS[mon.lower()] if mon else (int(g["m"]) if g.get("m") else None)
        day = int(g["d"]) if g.get("d") else None
        if not _valid(y, month, day):
            if name != "era" or not _valid(y, month):
                return None
            day = None  # an era date with an impossible day keeps its month, as '31 April 2020' does
        iso = _iso(y, month, day)
        precision = "day" if day else ("month" if month else "year")
        kind = _kind_of(norm.text, start, end, lang)
    a, b = norm.span(start, end)
    return DateMention(iso, precision, kind, norm.original[a:b], a, b, note=f"{g['era']} era" if name == "era" else "")


def _day_range(y: int, m1: int, d1: int, m2: int, d2: int) -> str | None:
    """'2012-03-14/2012-03-18' for a valid, forward range of days within a year, else None."""
    if not (_valid(y, m1, d1) and _valid(y, m2, d2)) or (m2, d2) <= (m1, d1):
        return None
    return f"{_iso(y, m1, d1)}/{_iso(y, m2, d2)}"


_SEASONS = {"今夏": "summer", "今秋": "autumn", "今春": "spring", "今冬": "winter"}


def _without_year(norm: NormalisedText, lang: str, document_date: str, taken: list[bool]) -> list[DateMention]:
    """Dates written without a year, resolved against the document's date (derived, with a note)."""
    if not _NO_YEAR_HINT["ja" if lang == "ja" else "en"].search(norm.text):
        return []
    parts = [int(x) for x in document_date[:10].split("-")]
    year, month = parts[0], (parts[1] if len(parts) > 1 else None)
    out: list[DateMention] = []
    for name, rx in (_JA_NO_YEAR if lang == "ja" else _EN_NO_YEAR):
        for m in rx.finditer(norm.text):
            if any(taken[m.start():m.end()]):
                continue
            g = m.groupdict()
            iso, precision, kind, note = None, "day", "event", f"no year written: read in the document's year {year}"
            if name in ("md", "dm", "jmd"):
                mon = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
                if _valid(year, mon, int(g["d"])):
                    iso = _iso(year, mon, int(g["d"]))
            elif name == "jdayrange":
                m1 = int(g["m"])
                iso, precision, kind = _day_range(year, m1, int(g["d"]), int(g["m2"]) if g.get("m2") else m1, int(g["d2"])), "period", "period"
            elif name == "jthisday" and month is not None:
                if _valid(year, month, int(g["d"])):
                    iso, note = _iso(year, month, int(g["d"])), f"本{g['d']}日: day {g['d']} of the document's month {year}-{month:02d}"
            elif name in ("jymrel",):
                mon = int(g["m"])
                y = year + {"昨年": -1, "来年": 1, "明年": 1}.get(g["rel"], 0)
                if 1 <= mon <= 12:
                    iso, precision, note = _iso(y, mon), "month", f"{g['rel']}{mon}月: {y}-{mon:02d}, from the document's year {year}"
            elif name == "jago" and len(parts) == 3:
                y = year - int(g["n"])
                if _valid(y, parts[1], parts[2]):
                    iso, note = _iso(y, parts[1], parts[2]), f"{g['n']} years before the document's date {document_date[:10]}"
            elif name in ("jday", "day") and len(parts) == 3:
                rel = g["rel"].lower()
                here = _date(*parts)
                if rel in ("本日", "today"):
                    iso, note = here.isoformat(), f"{g['rel']}: the document's date"
                elif rel in ("昨日", "yesterday"):
                    iso, note = (here - _timedelta(days=1)).isoformat(), f"{g['rel']}: the day before the document's date {here}"
                else:  # 先週, last week: the seven days before the document's week
                    start = here - _timedelta(days=here.weekday() + 7)
                    iso, precision, kind = f"{start.isoformat()}/{(start + _timedelta(days=6)).isoformat()}", "period", "period"
                    note = f"{g['rel']}: the week before the document's date {here}"
            elif name == "mon":
                mon = _MONTHS[g["mon"].lower()]
                iso, precision = _iso(year, mon), "month"
            elif name == "jm":
                mon = int(g["m"])
                if 1 <= mon <= 12:
                    iso, precision = _iso(year, mon), "month"
            elif name in ("rel", "jrel"):
                rel = g["rel"].lower()
                if rel in ("先月",) and month is not None:
                    y, mo = (year, month - 1) if month > 1 else (year - 1, 12)
                    iso, precision, note = _iso(y, mo), "month", f"先月: the month before the document's {year}-{month:02d}"
                elif rel not in ("先月",):
                    delta = {"this year": 0, "本年": 0, "今年": 0, "本年度": 0, "next year": 1, "明年": 1, "来年": 1, "来年度": 1,
                             "last year": -1, "昨年": -1}.get(rel, 0)
                    if rel.endswith("年度") and month is not None and month < 4:
                        delta -= 1  # a Japanese fiscal year (named by its first year) starts in April
                    iso, precision = _iso(year + delta), "year"
                    note = f"{g['rel']}: {'the ' + _SEASONS[rel] + ' of ' if rel in _SEASONS else ''}{year + delta}, from the document's year {year}"
            if iso is None:
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            if kind == "event":
                kind = _kind_of(norm.text, m.start(), m.end(), lang)
            a, b = norm.span(*m.span())
            out.append(DateMention(iso, precision, kind, norm.original[a:b], a, b, derived=True, note=note))
    return out


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


def _anniversaries(norm: NormalisedText, lang: str, found: list[DateMention], document_year: int | None = None) -> list[DateMention]:
    """An Nth anniversary in year Y implies an origin in Y - N.

    Y is the nearest year the sentence states; a sentence that states none ("at this 75th
    anniversary of the UN") takes the document's year, when known.
    """
    rx = _JA_ANNIV if lang == "ja" else _EN_ANNIV
    out = []
    for m in rx.finditer(norm.text):
        n = int(m.group("n"))
        a, b = norm.span(*m.span())
        years = [d for d in found if d.precision in ("year", "month", "day") and d.kind == "event"]
        if n <= 0:
            continue
        anchor = min(years, key=lambda d: abs(d.start - a)) if years else None
        if anchor is not None and abs(anchor.start - a) <= 160:
            origin, note = anchor.years[0] - n, f"{n} years before {anchor.years[0]} ({anchor.text})"
        elif not years and document_year is not None:
            origin, note = document_year - n, f"{n} years before the document's year {document_year}"
        else:
            continue
        out.append(DateMention(f"{origin:04d}", "year", "anniversary", norm.original[a:b], a, b, derived=True, note=note))
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
