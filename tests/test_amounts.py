"""Amounts of money: a value with its currency on the statement, in every written form of the genres (issue 22)."""

from __future__ import annotations

import pytest

from laomap.pipeline.amounts import find_amounts, is_record


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("More than 1.7 billion yen of the total grant will be spent in Phongsaly province.", "en", [(1_700_000_000, "JPY", "1.7 billion yen")]),
    ("総額３０．４９億円の無償資金協力です。", "ja", [(3_049_000_000, "JPY", "３０．４９億円")]),
    ("供与限度額は11億2,800万円です。", "ja", [(1_128_000_000, "JPY", "11億2,800万円")]),
    ("The embassy provided US$ 50,000 to the village.", "en", [(50_000, "USD", "US$ 50,000")]),
    ("a loan of up to JPY 9,000 million", "en", [(9_000_000_000, "JPY", "JPY 9,000 million")]),
    ("up to 2.5 billion Japanese yen (about US$22.7 million)", "en",
     [(2_500_000_000, "JPY", "2.5 billion Japanese yen"), (22_700_000, "USD", "US$22.7 million")]),
    ("供与限度額は1,128百万円。", "ja", [(1_128_000_000, "JPY", "1,128百万円")]),
    ("草の根無償資金協力として約５万米ドルを供与しました。", "ja", [(50_000, "USD", "５万米ドル")]),
    ("a budget of 20 billion kip", "en", [(20_000_000_000, "LAK", "20 billion kip")]),
])
def test_each_written_form_is_a_value_with_its_currency(text, lang, expected):
    found = find_amounts(text, lang)
    assert [(a.value, a.currency, a.text) for a in found] == expected
    assert all(text[a.start:a.end] == a.text and is_record(a.record) for a in found)


@pytest.mark.parametrize(("text", "lang"), [
    ("In 2016, 30 schools in 12 districts received 1,200 desks.", "en"),
    ("２０２３年１１月１０日、３県の１２の村で。", "ja"),
    ("The 55th anniversary of 1965.", "en"),
])
def test_numbers_that_are_not_money_are_no_amounts(text, lang):
    assert find_amounts(text, lang) == []


def test_an_amount_is_a_column_of_the_exports_and_in_the_statement_s_detail(tmp_path):
    from laomap import userdata
    from laomap.export.data import commitments_csv
    from laomap.pipeline.documents import own_header
    from laomap.views.details import statement_detail
    from laomap.views.filters import Filter, apply

    from .conftest import DOCUMENTS, GEODATA

    text = ("Grant Aid for the Water Supply in Phongsaly\n\nTOKYO, March 6, 2024\n\n"
            "Japan will provide a grant of 1.7 billion yen for the water supply of Phongsaly Province. "
            "The ceremony was held in Vientiane.\n")
    header = own_header(text, "en")
    meta = userdata.document_meta(header.title, header.date or "2024", "en")
    ds = userdata.preview_document(text, meta, tmp_path, DOCUMENTS, GEODATA)
    rows = ds.commitments[ds.commitments.document_id == meta.id].set_index("sentence")
    assert rows.loc[1].amounts == ("1700000000 JPY",) and rows.loc[2].amounts == ()
    csv = commitments_csv(ds, apply(ds, Filter(documents=(meta.id,)))).decode("utf-8-sig")
    assert "amounts" in csv.splitlines()[0].split(",") and "1700000000 JPY" in csv
    assert statement_detail(ds, rows.loc[1].commitment_id, "en").amounts == ((1_700_000_000, "JPY"),)
