"""Dates at the edges of the calendar: impossible days, leap years, months across a year boundary, and every
form written without a year in a January and a December document."""

from __future__ import annotations

import pytest

from laomap.pipeline.dates import find_dates


def found(text: str, lang: str, **kw: object) -> list[tuple[str, str]]:
    return [(d.iso, d.precision) for d in find_dates(text, lang, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("on 31 April 2020", "en", [("2020-04", "month")]),  # no 31 April: the month the words name is kept, never the day
    ("on 31 June 2021", "en", [("2021-06", "month")]),
    ("February 30, 2021", "en", [("2021", "year")]),
    ("on 2021-02-29", "en", []),
    ("on 2019-13-01", "en", []),
    ("on 2019-00-10", "en", []),
    ("2020年2月30日", "ja", [("2020-02", "month")]),
    ("2021年4月31日", "ja", [("2021-04", "month")]),
    ("2020年13月", "ja", [("2020", "year")]),
    ("令和3年2月29日", "ja", [("2021-02", "month")]),
])
def test_an_impossible_day_is_never_a_date(text, lang, expected):
    assert found(text, lang) == expected


@pytest.mark.parametrize(("text", "lang", "iso"), [
    ("29 February 2020", "en", "2020-02-29"),
    ("February 29, 2024", "en", "2024-02-29"),
    ("29 February 2000", "en", "2000-02-29"),  # divisible by 400: a leap year
    ("2024年2月29日", "ja", "2024-02-29"),
    ("令和2年2月29日", "ja", "2020-02-29"),  # Reiwa 2 = 2020
])
def test_29_february_of_a_leap_year_is_a_day(text, lang, iso):
    assert found(text, lang) == [(iso, "day")]


@pytest.mark.parametrize(("text", "lang"), [
    ("29 February 2019", "en"), ("29 February 1900", "en"),  # 1900: divisible by 100, not by 400
    ("29 February 2100", "en"), ("2023年2月29日", "ja"),
])
def test_29_february_of_a_common_year_is_not_a_day(text, lang):
    assert all(p != "day" for _, p in found(text, lang))


def test_a_day_range_that_runs_backwards_or_off_the_calendar_is_no_period():
    assert found("from 14 to 18 March 2012", "en") == [("2012-03-14/2012-03-18", "period")]
    assert ("2012-03-18/2012-03-14", "period") not in found("from 18 to 14 March 2012", "en")
    assert all(p != "period" for _, p in found("from 28 to 30 February 2021", "en"))
    assert found("2024年2月28日から3月1日", "ja") == [("2024-02-28/2024-03-01", "period")]


@pytest.mark.parametrize(("document_date", "expected"), [
    ("2025-01-15", "2024-12"),  # the month before January is December of the year before
    ("2025-02-03", "2025-01"),
    ("2025-12-10", "2025-11"),
    ("2025", None),  # a document dated only by its year: 先月 is not guessed
])
def test_last_month_crosses_the_year_boundary(document_date, expected):
    got = found("先月、両国は協議を行った。", "ja", document_date=document_date)
    assert got == ([(expected, "month")] if expected else [])


JANUARY, DECEMBER = "2025-01-15", "2025-12-10"


@pytest.mark.parametrize(("text", "lang", "in_january", "in_december"), [
    ("this year", "en", "2025", "2025"),
    ("next year", "en", "2026", "2026"),
    ("last year", "en", "2024", "2024"),
    ("on March 3", "en", "2025-03-03", "2025-03-03"),
    ("on 31 December", "en", "2025-12-31", "2025-12-31"),
    ("本年", "ja", "2025", "2025"),
    ("今年", "ja", "2025", "2025"),
    ("明年", "ja", "2026", "2026"),
    ("来年", "ja", "2026", "2026"),
    ("昨年", "ja", "2024", "2024"),
    ("今夏", "ja", "2025", "2025"),
    ("本年度", "ja", "2024", "2025"),  # the fiscal year runs April to March: in January it began the April before
    ("来年度", "ja", "2025", "2026"),
    ("先月", "ja", "2024-12", "2025-11"),
    ("本15日", "ja", "2025-01-15", "2025-12-15"),
    ("3月", "ja", "2025-03", "2025-03"),
    ("12月1日", "ja", "2025-12-01", "2025-12-01"),
    ("1月5日から7日", "ja", "2025-01-05/2025-01-07", "2025-01-05/2025-01-07"),
])
def test_each_form_without_a_year_in_a_january_and_a_december_document(text, lang, in_january, in_december):
    for document_date, iso in ((JANUARY, in_january), (DECEMBER, in_december)):
        dates = find_dates(text, lang, document_date=document_date)
        assert [d.iso for d in dates] == [iso], (text, document_date)
        assert all(d.derived and d.note for d in dates)  # resolved from the document's date, and it says so


def test_a_day_of_this_month_that_the_month_does_not_have_is_not_guessed():
    assert found("本31日", "ja", document_date="2025-02-10") == []
    assert found("本29日", "ja", document_date="2024-02-10") == [("2024-02-29", "day")]
    assert found("本29日", "ja", document_date="2025-02-10") == []


@pytest.mark.parametrize(("text", "lang", "year", "iso"), [
    ("in the past five years", "en", 2025, "2020/2025"),
    ("over the last 3 years", "en", 2001, "1998/2001"),
    ("過去5年間", "ja", 2025, "2020/2025"),
])
def test_the_past_n_years_end_in_the_document_s_year(text, lang, year, iso):
    assert found(text, lang, document_year=year) == [(iso, "period")]


def test_an_anniversary_counts_back_from_the_year_beside_it_or_the_document_s():
    got = find_dates("In 2025 the two countries celebrate the 70th anniversary of diplomatic relations.", "en")
    assert [(d.iso, d.kind) for d in got] == [("2025", "event"), ("1955", "anniversary")]
    alone = find_dates("at this 75th anniversary of the UN", "en", document_date="2020-09-21")
    assert [(d.iso, d.kind) for d in alone] == [("1945", "anniversary")]


MONTH_DAYS = {"January": 31, "February": 28, "March": 31, "April": 30, "May": 31, "June": 30, "July": 31, "August": 31,
              "September": 30, "October": 31, "November": 30, "December": 31}


@pytest.mark.parametrize("month", list(MONTH_DAYS))
def test_every_month_ends_on_its_last_day(month):
    last = MONTH_DAYS[month]
    assert [p for _, p in found(f"on {last} {month} 2021", "en")] == ["day"]
    assert [p for _, p in found(f"on {last + 1} {month} 2021", "en")] == ["month"]


def test_a_day_needs_its_month():
    from laomap.pipeline.dates import _valid

    assert _valid(2021, None, 5) is False and _valid(2021, 3, 5) is True and _valid(2021) is True


def test_the_years_a_date_covers():
    day, month, span = (find_dates(t, "en")[0] for t in ("on 5 April 2020", "in April 2020", "from 14 to 18 March 2012"))
    assert day.years == month.years == (2020, 2020)
    assert span.years == (2012, 2012)
    assert find_dates("2016-2020", "en")[0].years == (2016, 2020)


@pytest.mark.parametrize(("text", "expected"), [
    ("2020-2020", []), ("1970-2020", [("1970/2020", "period")]),  # at most fifty years, forwards
    ("1970-2021", []),
])
def test_a_period_runs_forwards_for_at_most_fifty_years(text, expected):
    assert found(text, "en") == expected


def test_the_first_year_of_an_era():
    assert found("令和元年5月1日", "ja") == [("2019-05-01", "day")]
    assert found("平成元年", "ja") == [("1989", "year")]


def test_a_range_of_one_day_is_no_period():
    assert all(p != "period" for _, p in found("from 14 to 14 March 2012", "en"))


def test_a_document_dated_by_its_month_still_resolves_last_month():
    assert found("先月", "ja", document_date="2025-01") == [("2024-12", "month")]


@pytest.mark.parametrize(("text", "month"), [("1月", "01"), ("12月", "12")])
def test_a_month_alone_is_read_in_the_document_s_year(text, month):
    assert found(text, "ja", document_date="2025-06-01") == [(f"2025-{month}", "month")]


def test_a_thirteenth_month_is_no_month():
    assert found("13月", "ja", document_date="2025-06-01") == []


def test_the_fiscal_year_turns_in_april_and_the_note_names_it():
    april = find_dates("本年度", "ja", document_date="2025-04-01")
    assert [d.iso for d in april] == ["2025"]
    assert "2025" in april[0].note
    march = find_dates("本年度", "ja", document_date="2025-03-31")
    assert [d.iso for d in march] == ["2024"] and "2024" in march[0].note


def test_a_date_without_a_year_keeps_its_kind():
    got = find_dates("The works will be finished by March 3.", "en", document_date="2025-01-10")
    assert [(d.iso, d.kind) for d in got] == [("2025-03-03", "target")]
    assert [d.kind for d in find_dates("Since 2010 Japan has supported the sector.", "en")] == ["since"]


@pytest.mark.parametrize(("n", "expected"), [("0th", []), ("1st", [("2020", "anniversary")])])
def test_an_anniversary_counts_at_least_one_year(n, expected):
    got = find_dates(f"In 2021 the partners marked the {n} anniversary of the agreement.", "en")
    assert [(d.iso, d.kind) for d in got if d.kind == "anniversary"] == expected


def test_an_anniversary_counts_back_from_the_nearest_event_within_160_characters():
    got = find_dates("In 1995 the office opened. In 2025 the two countries celebrate the 70th anniversary.", "en")
    assert [d.iso for d in got if d.kind == "anniversary"] == ["1955"]
    for gap, expected in ((160, ["1955"]), (161, [])):
        text = "In 2025 " + "x" * (gap - 6) + " 70th anniversary"
        anchor = text.index("2025")
        assert text.index("70th") - anchor == gap
        assert [d.iso for d in find_dates(text, "en") if d.kind == "anniversary"] == expected
    far = "y" * 300 + " In 2025 the 70th anniversary."  # near each other, far from the start of the text
    assert [d.iso for d in find_dates(far, "en") if d.kind == "anniversary"] == ["1955"]
    assert [d.kind for d in find_dates("By 2030 the 10th anniversary", "en")] == ["target"]  # a target is no anchor
