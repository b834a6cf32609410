"""The shared filter: what it selects and how it round-trips through a URL."""

from __future__ import annotations

import re

import pytest

from laomap.views.filters import Filter, also_matched, apply, search_terms, statements, undated_effect


def test_empty_filter_selects_one_row_per_statement(ds):
    rows = apply(ds, Filter())
    assert len(rows) == rows.statement_id.nunique() == ds.commitments.statement_id.nunique()


def test_language_picks_the_translation_where_one_exists(ds):
    ja = statements(ds, "ja")
    ap = ja[ja.plan_id == "action-plan-en"]
    assert (ap.language == "ja").all() and ap.translated.all()
    jp2016 = ja[ja.plan_id == "joint-plan-2016"]
    assert (jp2016.language == "en").all() and not jp2016.translated.any()


def test_theme_kind_and_document(ds):
    rows = apply(ds, Filter(themes=("uxo",)))
    assert len(rows) >= 2 and all("uxo" in t for t in rows.themes)
    rows = apply(ds, Filter(kinds=("programme",), documents=("joint-plan-2016",)))
    assert len(rows) > 10 and set(rows.kind) == {"programme"} and set(rows.plan_id) == {"joint-plan-2016"}
    assert apply(ds, Filter(kinds=("programme",), documents=("action-plan-en",))).empty


def test_a_province_selects_the_statements_about_places_inside_it(ds):
    rows = apply(ds, Filter(places=("vientiane_capital",)))
    linked = {p for ids in rows.place_ids for p in ids}
    assert {"vientiane", "wattay_airport"} <= linked
    assert len(rows) == 6  # with the two 2016 list items that take Vientiane from their lead-in


def test_mentions_do_not_count_unless_asked(ds):
    assert apply(ds, Filter(places=("osaka",))).empty
    assert len(apply(ds, Filter(places=("osaka",), include_mentions=True))) == 1


def test_year_range_keeps_dated_statements_that_overlap(ds):
    rows = apply(ds, Filter(year_from=2030, year_to=2030, undated="drop"))
    assert len(rows) >= 2  # "by 2030" targets
    assert all(r.year_min <= 2030 <= r.year_max for r in rows.itertuples())
    assert apply(ds, Filter(year_from=1960, year_to=1966)).statement_id.str.contains(r"2\(5\)").any()  # the 55th anniversary


def test_year_range_keeps_undated_statements_unless_asked_and_says_how_many(ds):
    everything = apply(ds, Filter())
    undated = int(everything.year_min.isna().sum())
    assert undated > 0
    kept = apply(ds, Filter(year_from=1966))
    dropped = apply(ds, Filter(year_from=1966, undated="drop"))
    assert len(kept) - len(dropped) == undated  # moving the slider by one year no longer cuts the undated statements
    assert dropped.year_min.notna().all() and kept.year_min.isna().sum() == undated
    assert undated_effect(ds, Filter(year_from=1966)) == ("keep", undated)
    assert undated_effect(ds, Filter(year_from=1966, undated="drop")) == ("drop", undated)
    assert undated_effect(ds, Filter()) is None
    assert Filter.from_query({"from": ["2020"], "undated": ["drop"]}, ds).undated == "drop"
    odd = Filter.from_query({"undated": ["maybe"]}, ds)
    assert odd.undated == "keep" and any("undated" in n for n in odd.notes)


def test_search_for_a_place_finds_its_other_spellings_and_says_so(ds):
    plain = [sid for sid, text in zip(apply(ds, Filter()).statement_id, apply(ds, Filter()).text) if "Luang Prabang" in text]
    rows = apply(ds, Filter(text="Luang Prabang"))
    assert set(plain) < set(rows.statement_id)  # the 2016 plan's "Luang Phabang" as well
    assert any("Luang Phabang" in text for text in rows.text)
    assert also_matched(ds, Filter(text="Luang Prabang"), rows) == ["Luang Phabang"]
    ja = apply(ds, Filter(text="ルアンパバーン", lang="ja"))
    assert list(ja.statement_id) == list(rows.statement_id)  # the Japanese name finds the English-only plan too
    assert search_terms(ds, "energy Luang Prabang").places == ("luang_prabang", "luang_prabang_province")
    for words in ("energy", "heritage", "city"):  # every word must match: the statements that match each word alone, in common
        both = set(apply(ds, Filter(text=f"{words} Luang Prabang")).statement_id)
        assert both == set(apply(ds, Filter(text=words)).statement_id) & set(rows.statement_id)
    assert apply(ds, Filter(text="energy Luang Prabang")).empty and not apply(ds, Filter(text="heritage Luang Prabang")).empty
    assert also_matched(ds, Filter(text="cherry blossom"), apply(ds, Filter(text="cherry blossom"))) == []


def test_text_search_matches_either_language(ds):
    en = apply(ds, Filter(text="cherry blossom", lang="ja"))
    ja = apply(ds, Filter(text="桜の植樹"))
    assert list(en.statement_id) == list(ja.statement_id) == ["action-plan-en:4(5):1.1"]


UXO_STATEMENTS = {"action-plan-en:2(1):1.2", "joint-plan-2016:3.IV:4.1"}  # the Action Plan's (EN + JA) and the 2016 plan's (EN only)


@pytest.mark.parametrize("query", ["不発弾", "UXO", "uxo", "unexploded ordnance"])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_glossary_term_finds_the_statement_through_either_language(ds, query, lang):
    rows = apply(ds, Filter(text=query, lang=lang))
    assert set(rows.statement_id) == UXO_STATEMENTS
    also = also_matched(ds, Filter(text=query, lang=lang), rows)
    assert also and all(form.lower() not in query.lower() for form in also)  # the header names the other forms found
    if lang == "en" and query == "不発弾":
        assert "UXO" in also


def test_electric_power_in_japanese_finds_every_statement_about_electric_power(ds):
    english = statements(ds, "en")
    about_power = {sid for sid, text in zip(english.statement_id, english.text)
                   if re.search(r"\b(?:power|electric(?:ity|al)?|grid)\b", text, re.I)}
    assert len(about_power) >= 8
    found = set(apply(ds, Filter(text="電力")).statement_id)
    assert about_power <= found
    assert found <= about_power | {sid for sid, text in zip(statements(ds, "ja").statement_id, statements(ds, "ja").text)
                                   if "電力" in text or "電気" in text or "送電" in text}


def test_a_search_word_that_is_part_of_a_glossary_form_is_no_glossary_search(ds):
    assert search_terms(ds, "電").concepts == (frozenset(),)
    assert search_terms(ds, "ordnance").concepts == (frozenset(),)
    assert search_terms(ds, "electricity Vientiane").places  # a place and a glossary term in one search
    rows = apply(ds, Filter(text="electricity Vientiane"))
    assert len(rows) < len(apply(ds, Filter(text="electricity")))


def test_query_round_trip(ds):
    f = Filter(documents=("action-plan-en",), themes=("energy", "uxo"), places=("houaphanh",), kinds=("commitment",),
               year_from=2020, year_to=2025, text="power", lang="ja")
    assert Filter.from_query(f.to_query(), ds) == f


def test_unknown_query_values_are_dropped_and_noted(ds):
    f = Filter.from_query({"theme": ["energy", "astrology"], "lang": "xx", "from": "20x0"}, ds)
    assert f.themes == ("energy",) and f.lang == "en" and f.year_from is None
    assert len(f.notes) == 3
    ja = Filter.from_query({"theme": ["astrology"], "lang": "ja"}, ds)
    assert ja.notes and all("astrology" in n and "無視" in n for n in ja.notes)  # in the language of the link


def test_a_year_range_given_backwards_is_swapped_and_says_so(ds):
    f = Filter.from_query({"from": ["2050"], "to": ["1900"]}, ds)
    assert (f.year_from, f.year_to) == (1900, 2050)
    assert any("swapped" in note for note in f.notes)
    assert not apply(ds, f).empty
    assert Filter.from_query({"from": ["٢٠٢٣"]}, ds).year_from is None  # digits 0-9 only


def test_links_made_together_are_the_links_made_one_by_one():
    """``hrefs`` (the History page's 1,000 share cells) encodes the filter once; each link is ``href``'s, byte for byte."""
    from laomap.views.filters import href, hrefs

    filters = [Filter(), Filter(lang="ja", text="橋 & road+x/?", year_from=2010, year_to=2020, undated="drop"),
               Filter(documents=("a", "b"), places=("x y",), kinds=("project",), carried="since:p", themes=("energy",))]
    changes = [{"documents": ("p1",), "places": ("LA-01",)}, {"documents": (), "themes": ("energy", "a&b=c")},
               {"kinds": ("é",)}, {}]
    for f in filters:
        assert hrefs("statements", f, changes) == [href("statements", f.with_(**c)) for c in changes]
    assert hrefs("statements", Filter(), [{}]) == ["statements"]
