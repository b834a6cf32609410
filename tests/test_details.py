"""Headline figures, the statement table and the detail view (English and Japanese side by side)."""

from __future__ import annotations

import pytest

from laomap.views.about import documents_table, precision_table, themes_table
from laomap.views.details import statement_detail, statement_labels, statement_table
from laomap.views.filters import Filter, apply
from laomap.views.summary import describe, headline, theme_counts


def test_headline_counts_statements_once_whatever_the_languages(ds):
    rows = apply(ds, Filter())
    h = headline(ds, rows)
    assert h.statements == ds.commitments.statement_id.nunique() == len(rows)
    assert h.commitments == int((rows.kind == "commitment").sum())
    assert h.plans == 2
    assert h.untranslated == 0
    ja = headline(ds, apply(ds, Filter(lang="ja")))
    joint = ds.commitments[ds.commitments.document_id == "joint-plan-2016"].statement_id.nunique()
    assert ja.untranslated == joint  # the 2016 plan has no Japanese text
    provinces = {ds.gazetteer.lao_province_of(p) for ids in rows.place_ids for p in ids} - {None}
    assert 0 < h.provinces <= len(provinces)


def test_theme_counts_count_every_theme_of_a_statement(ds):
    rows = apply(ds, Filter(places=("attapeu",)))
    counts = theme_counts(rows, "en").set_index("theme").statements.to_dict()
    expected = {}
    for themes in rows.themes:
        for theme in themes:
            expected[theme] = expected.get(theme, 0) + 1
    assert counts == expected
    assert list(theme_counts(rows, "en").statements) == sorted(expected.values(), reverse=True)


def test_describe_lists_the_active_filters(ds):
    assert describe(ds, Filter(), "en") == []
    parts = describe(ds, Filter(themes=("energy",), places=("attapeu",), year_from=2020, text="power", lang="ja"), "ja")
    assert parts == ["分野: エネルギー・電力", "場所: アタプー県", "年: 2020–…", "本文: “power”"]


def test_table_has_one_readable_row_per_statement(ds):
    rows = apply(ds, Filter(places=("luang_prabang",)))
    table = statement_table(ds, rows, "en")
    assert list(table.statement_id) == list(rows.statement_id)
    assert all("Luang Prabang" in p for p in table.places)
    assert table["where"].str.match(r"^\S+ ¶\d+\.\d+$").all()
    labels = statement_labels(ds, rows, "en", width=40)
    assert all(len(label.split(" — ", 1)[1]) <= 40 for label in labels.values())


def test_detail_has_english_and_japanese_and_the_citation(ds):
    sid = apply(ds, Filter(places=("attapeu",))).statement_id.iloc[0]
    d = statement_detail(ds, sid, "en")
    twin = ds.commitments[(ds.commitments.statement_id == sid) & (ds.commitments.language == "ja")].text.iloc[0]
    assert d.text("ja") == twin and d.text("en") and d.text("en") in d.paragraph_text
    assert d.citations["en"].startswith("Action Plan (2021), section ")
    assert any(p.place_id == "attapeu" for p in d.places)
    assert d.section_title.startswith(f"({d.section.split('(')[-1]}")
    only_english = ds.commitments[ds.commitments.document_id == "joint-plan-2016"].statement_id.iloc[0]
    assert statement_detail(ds, only_english, "ja").text("ja") is None
    with pytest.raises(KeyError, match="no statement 'nope'"):
        statement_detail(ds, "nope", "en")


def test_about_tables_come_from_the_data(ds):
    docs = documents_table(ds, "en")
    assert len(docs) == len(ds.documents) and set(docs["Publisher"]) == {"Ministry of Foreign Affairs of Japan"}
    precision = precision_table(ds, "ja").set_index("コード")
    assert precision.loc[8, "場所の数"] == sum(1 for p in ds.gazetteer.places.values() if p.precision_code == 8)
    from laomap.pipeline.vocabulary import THEMES

    assert list(themes_table("en").id) == [t.id for t in THEMES]
