"""Amounts of money in English and Japanese: a value and its currency, so a user can ask how much went where.

Press releases on grants and loans state what is funded in the units their readers use:
"1.7 billion yen", "JPY 9,000 million", "US$ 50,000", 30.49億円, 供与限度額は11億2,800万円,
3万ドル. Each becomes an ``Amount`` (an integer value in the currency's unit, an ISO 4217
code, and the characters as written); the record keeps them as ``"VALUE CODE"`` strings.
Full-width digits are read like half-width ones (NFKC), and spans point into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from laomap.textnorm import normalise

CURRENCIES = ("JPY", "USD", "LAK", "EUR")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_EN = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9, "m": 10**6}
_CUR_EN = {"yen": "JPY", "jpy": "JPY", "¥": "JPY", "us$": "USD", "usd": "USD", "$": "USD", "us dollars": "USD",
           "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD", "kip": "LAK", "lak": "LAK", "eur": "EUR", "euros": "EUR",
           "euro": "EUR", "€": "EUR"}
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|m)\b)?"
_EN = (
    # a symbol or code first: "US$ 50,000", "JPY 1.7 billion", "¥1.7 billion", "$3 million"
    re.compile(rf"(?P<cur>US\$|USD|JPY|LAK|EUR|¥|€|\$)\s?(?P<n>{_NUM}){_SCALE}", re.I),
    # the number first: "1.7 billion yen", "50,000 US dollars", "9,000 million Japanese yen", "20 billion kip"
    re.compile(rf"(?P<n>{_NUM}){_SCALE}\s*(?:Japanese\s+)?(?P<cur>yen|JPY|US dollars|U\.S\. dollars|dollars?|USD|kip|LAK|euros?|EUR)\b", re.I),
)
# 11億2,800万円, 30.49億円, 1,128百万円, 5万米ドル, 50,000ドル, 2億キープ
_JA = re.compile(
    rf"(?P<n>(?:(?:{_NUM})兆)?(?:(?:{_NUM})億)?(?:(?:{_NUM})(?:百万|千万|万|千))?(?:{_NUM})?)"
    r"(?P<cur>円|米ドル|ドル|キープ|ユーロ)"
)
_JA_UNITS = (("兆", 10**12), ("億", 10**8), ("千万", 10**7), ("百万", 10**6), ("万", 10**4), ("千", 10**3))
_CUR_JA = {"円": "JPY", "米ドル": "USD", "ドル": "USD", "キープ": "LAK", "ユーロ": "EUR"}


@dataclass(frozen=True)
class Amount:
    value: int  # in the currency's unit (yen, dollars)
    currency: str  # ISO 4217: CURRENCIES
    text: str  # as written
    start: int
    end: int

    @property
    def record(self) -> str:
        """As the record keeps it: 'VALUE CODE' ('1700000000 JPY')."""
        return f"{self.value} {self.currency}"


def _number(raw: str) -> Decimal:
    return Decimal(raw.replace(",", ""))


def _ja_value(raw: str) -> Decimal | None:
    """11億2,800万 -> 1128000000; a bare number is itself."""
    total, rest = Decimal(0), raw
    for unit, factor in _JA_UNITS:
        if unit in rest:
            head, rest = rest.split(unit, 1)
            if not head:
                return None
            total += _number(head) * factor
    if rest:
        total += _number(rest)
    return total


def find_amounts(text: str, lang: str) -> list[Amount]:
    """Every amount of money in ``text``, in order; numbers that are not money (years, counts) are not amounts."""
    norm = normalise(text)
    folded = norm.text
    found: list[Amount] = []
    taken = [False] * len(folded)
    patterns: list[re.Pattern[str]] = [_JA, *_EN] if lang == "ja" else [*_EN, _JA]
    for rx in patterns:
        for m in rx.finditer(folded):
            if not m.group("n") or any(taken[m.start():m.end()]):
                continue
            try:
                if rx is _JA:
                    value = _ja_value(m.group("n"))
                    currency = _CUR_JA[m.group("cur")]
                else:
                    value = _number(m.group("n")) * _SCALE_EN.get((m.group("scale") or "").lower(), 1)
                    currency = _CUR_EN[m.group("cur").lower()]
            except (InvalidOperation, KeyError):
                continue
            if value is None or value <= 0:
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            a, b = norm.span(m.start(), m.end())
            found.append(Amount(int(value), currency, norm.original[a:b], a, b))
    return sorted(found, key=lambda x: x.start)


_RECORD = re.compile(rf"^\d+ (?:{'|'.join(CURRENCIES)})$")


def is_record(value: str) -> bool:
    """Whether ``value`` is an amount as a record keeps it ('1700000000 JPY')."""
    return bool(_RECORD.match(value))
