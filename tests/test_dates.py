"""Temporal expressions in English and full-width Japanese."""

from __future__ import annotations

import pytest

from laomap.pipeline.dates import find_dates


def one(text: str, lang: str = "en", year: int | None = None):
    found = find_dates(text, lang, year)
    return [(d.iso, d.precision, d.kind, d.derived) for d in found]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("entry into force on 1 August 2020 and", "en", [("2020-08-01", "day", "event", False)]),
        ("held on July 9, 2020 in", "en", [("2020-07-09", "day", "event", False)]),
        ("visit in August 2020 amid", "en", [("2020-08", "month", "event", False)]),
        ("the Plan (2021-2025) at", "en", [("2021/2025", "period", "period", False)]),
        ("Master Plan 2020–2025.", "en", [("2020/2025", "period", "period", False)]),
        ("Upper-Middle-Income Country by 2030 based", "en", [("2030", "year", "target", False)]),
        ("litter to zero by 2050.", "en", [("2050", "year", "target", False)]),
        ("increasing since 2015 including", "en", [("2015", "year", "since", False)]),
        ("to attain Universal Health Coverage in 2025.", "en", [("2025", "year", "target", False)]),
        ("the 1982 United Nations Convention", "en", [("1982", "year", "event", False)]),
        ("２０２０年８月１日の", "ja", [("2020-08-01", "day", "event", False)]),
        ("２０２０年３月に行われた", "ja", [("2020-03", "month", "event", False)]),
        ("マスタープラン２０２０－２０２５に沿って", "ja", [("2020/2025", "period", "period", False)]),
        ("２０３０年までに", "ja", [("2030", "year", "target", False)]),
        ("２０１５年以降着実に", "ja", [("2015", "year", "since", False)]),
        ("２０１４年以来", "ja", [("2014", "year", "since", False)]),
        ("東京２０２０オリンピック", "ja", [("2020", "year", "event", False)]),
    ],
)
def test_dates(text, lang, expected):
    assert one(text, lang) == expected


def test_anniversary_implies_origin_year_english():
    got = one("Both sides welcomed the 55th anniversary of the first dispatch of JOCV to the Lao PDR in 2020 and")
    assert ("1965", "year", "anniversary", True) in got
    assert ("2020", "year", "event", False) in got


def test_anniversary_implies_origin_year_japanese():
    got = one("双方は、２０２０年にラオスへのＪＯＣＶ第１回目の派遣から５５周年を迎えたことを歓迎し", "ja")
    assert ("1965", "year", "anniversary", True) in got


def test_anniversary_without_a_year_is_not_guessed():
    assert one("at this 75th anniversary of the UN.") == []


def test_relative_period_needs_and_uses_the_document_year():
    assert one("held seven times in the past five years", year=None) == []
    assert one("held seven times in the past five years", year=2021) == [("2016/2021", "period", "period", True)]
    assert one("過去５年間で実施した", "ja", 2021) == [("2016/2021", "period", "period", True)]


def test_quotes_are_the_original_characters():
    [d] = find_dates("２０２０年１１月１５日の第４回", "ja")
    assert d.text == "２０２０年１１月１５日"


def test_no_false_dates():
    assert one("Article 6 of the Agreement, four municipalities, 13th Meeting, 75 percent") == []
    assert one("the 30th of February 2021", "en") == [("2021-02", "month", "event", False)]
    assert one("２０２１年２月３０日", "ja") == [("2021-02", "month", "event", False)]  # invalid day: month kept


@pytest.mark.parametrize(("text", "lang", "document_date", "expected"), [
    ("On Thursday, April 28, the ministers met.", "en", "2011-04-20", ("2011-04-28", "day")),
    ("The work will be finished in September.", "en", "2024-03-06", ("2024-09", "month")),
    ("The contract was signed yesterday.", "en", "2024-03-06", ("2024-03-05", "day")),
    ("Last week, a team visited the site.", "en", "2024-03-06", ("2024-02-26/2024-03-03", "period")),
    ("11月10日、両首脳は会談した。", "ja", "2023-11-12", ("2023-11-10", "day")),
    ("4月に協議を行った。", "ja", "2018-06-11", ("2018-04", "month")),
    ("昨年10月には会談を行いました。", "ja", "2023-05-01", ("2022-10", "month")),
    ("昨日、署名式が行われた。", "ja", "2024-03-12", ("2024-03-11", "day")),
    ("先週、大使が視察した。", "ja", "2024-02-15", ("2024-02-05/2024-02-11", "period")),
    ("70年前の本日、両国は外交関係を樹立しました。", "ja", "2025-03-05", ("1955-03-05", "day")),
])
def test_dates_without_a_year_resolve_against_the_document_s_date_and_are_derived(text, lang, document_date, expected):
    from laomap.pipeline.dates import find_dates

    found = [(d.iso, d.precision) for d in find_dates(text, lang, document_date=document_date)]
    assert expected in found
    assert all(d.derived for d in find_dates(text, lang, document_date=document_date) if (d.iso, d.precision) == expected)


def test_an_anniversary_takes_the_year_written_in_its_own_sentence():
    from laomap.pipeline.dates import find_dates

    found = find_dates("双方は、本年の日ASEAN友好協力50周年を歓迎した。", "ja", document_date="2023-12-16")
    assert [d.iso for d in found if d.kind == "anniversary"] == ["1973"]
    ranged = find_dates("The Prime Minister visited Japan from 2 to 6 March 2010.", "en")
    assert [(d.iso, d.kind) for d in ranged] == [("2010-03-02/2010-03-06", "period")]
