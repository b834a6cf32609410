"""Headline figures, the statement table and the detail view (English and Japanese side by side)."""

from __future__ import annotations

import pandas as pd
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

    assert [str(i) for i in themes_table("en").Id] == [t.id for t in THEMES]


def test_about_tables_are_html_that_marks_other_languages(ds):
    """About's tables are the page's own HTML: a cell in a language other than the interface's carries it (so the
    browser's language walk and a screen reader treat it as such), identifiers are code, counts align right."""
    from html.parser import HTMLParser

    from laomap.ui.look import data_table_html

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict[str, str | None]]] = []
            self.texts: dict[str, list[str]] = {}
            self.now: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))
            self.now.append(dict(attrs).get("lang") or ("code" if tag == "code" else ""))

        def handle_endtag(self, tag):
            if tag in ("span", "code") and self.now:
                self.now.pop()

        def handle_data(self, data):
            mark = next((m for m in reversed(self.now) if m in ("en", "ja", "lo", "code")), "")
            if data.strip():
                self.texts.setdefault(mark, []).append(data.strip())

    themes = Cells()
    themes.feed(data_table_html(themes_table("ja")))
    from laomap.pipeline.vocabulary import THEMES

    assert [h for tag, h in themes.tags if tag == "th"] == [{"scope": "col"}] * 4
    assert set(themes.texts["en"]) >= {t.description for t in THEMES} | {t.label("en") for t in THEMES}
    assert set(themes.texts["lo"]) == {t.label("lo") for t in THEMES} and set(themes.texts["code"]) == {t.id for t in THEMES}
    assert set(themes.texts[""]) - {"/"} == {"分野", "他の言語での名称", "内容（英語）", "識別子"} | {t.label("ja") for t in THEMES}
    precision = data_table_html(precision_table(ds, "en"))
    assert precision.count('<td class="lm-num">') == 2 * len(precision_table(ds, "en"))  # the code and the count of places
    assert 'lang="' not in precision and "<script" not in data_table_html(pd.DataFrame({"a<b": ["<script>x</script>"]}))
