"""The edges of views/filters.py that its mutants showed untested: the URL form both ways, year bounds, search words.

Each test pins one exact result (a boundary value, an ordering, a note), so that changing one comparison or
constant of the module fails a test (``scripts/mutants.py laomap.views.filters ...``).
"""

from __future__ import annotations

import pytest

from laomap.i18n import t
from laomap.views.filters import (
    CARRIED_SINCE,
    Filter,
    _glossary_parts,
    _in_years,
    apply,
    href,
    plan_ids,
    search_terms,
    statements,
)

# ------------------------------------------------------------------------------------------- the URL form


def test_an_empty_filter_has_no_query_and_is_empty():
    assert Filter().to_query() == {}
    assert Filter().is_empty
    assert Filter(text="   ").is_empty and Filter(text="   ").to_query() == {}


@pytest.mark.parametrize("change", [
    {"documents": ("a",)}, {"themes": ("energy",)}, {"places": ("attapeu",)}, {"kinds": ("goal",)},
    {"year_from": 2020}, {"year_to": 2020}, {"text": "x"}, {"carried": "new"},
])
def test_each_filter_alone_makes_a_selection(change):
    assert not Filter(**change).is_empty


def test_the_language_and_the_undated_rule_are_not_a_selection():
    assert Filter(lang="ja", undated="drop").is_empty


def test_every_field_goes_into_the_query_in_its_own_key():
    f = Filter(documents=("d1", "d2"), themes=("energy",), places=("attapeu",), kinds=("goal",), year_from=2016,
               year_to=2030, text="  rice  ", lang="ja", undated="drop", carried="new")
    assert f.to_query() == {"doc": ["d1", "d2"], "theme": ["energy"], "place": ["attapeu"], "kind": ["goal"],
                            "from": ["2016"], "to": ["2030"], "undated": ["drop"], "carried": ["new"], "q": ["rice"],
                            "lang": ["ja"]}


def test_a_year_zero_is_a_year():
    assert Filter(year_from=0, year_to=0).to_query() == {"from": ["0"], "to": ["0"]}


def test_carried_since_names_its_plan_and_new_names_none():
    assert Filter(carried=CARRIED_SINCE + "plan-2016").carried_since == "plan-2016"
    assert Filter(carried="new").carried_since is None
    assert Filter().carried_since is None


def test_a_query_round_trips(ds):
    plan = plan_ids(ds)[0]
    f = Filter(documents=(plan,), themes=("energy", "education"), places=("attapeu",), kinds=("goal",), year_from=2016,
               year_to=2030, text="rice", lang="ja", undated="drop", carried=CARRIED_SINCE + plan)
    back = Filter.from_query(f.to_query(), ds)
    assert back == f and back.notes == ()


def test_values_are_split_on_commas_without_blanks_or_repeats(ds):
    f = Filter.from_query({"theme": ["energy,,education", " ", "energy"], "kind": "goal,goal"}, ds)
    assert f.themes == ("energy", "education") and f.kinds == ("goal",) and f.notes == ()


def test_an_unknown_value_is_dropped_and_named(ds):
    f = Filter.from_query({"theme": ["energy", "nonsense"], "place": "atlantis", "lang": "ja"}, ds)
    assert f.themes == ("energy",) and f.places == ()
    assert f.notes == (t("url.unknown", "ja", param="theme", values="nonsense"), t("url.unknown", "ja", param="place", values="atlantis"))


def test_without_a_dataset_documents_and_places_are_taken_as_given():
    f = Filter.from_query({"doc": "any-plan", "place": "anywhere", "carried": "since:any-plan"})
    assert (f.documents, f.places, f.carried, f.notes) == (("any-plan",), ("anywhere",), "since:any-plan", ())


def test_an_unknown_language_falls_back_to_english_with_a_note():
    f = Filter.from_query({"lang": "xx"})
    assert f.lang == "en"
    assert f.notes == (t("url.lang", "en", value="'xx'", allowed="en, ja, lo"),)
    assert Filter.from_query({"lang": ["lo", "ja"]}).lang == "lo"  # the first value counts


def test_a_year_must_be_four_digits():
    f = Filter.from_query({"from": "20x0", "to": "2030"})
    assert (f.year_from, f.year_to) == (None, 2030)
    assert f.notes == (t("url.year", "en", param="from", value="'20x0'"),)
    assert Filter.from_query({"from": "0999"}).year_from == 999
    assert Filter.from_query({"to": "12345"}).year_to is None


def test_years_the_wrong_way_round_are_swapped_and_equal_ones_are_not():
    f = Filter.from_query({"from": "2030", "to": "2016"})
    assert (f.year_from, f.year_to) == (2016, 2030)
    assert f.notes == (t("url.swapped", "en", first=2030, last=2016),)
    same = Filter.from_query({"from": "2020", "to": "2020"})
    assert (same.year_from, same.year_to, same.notes) == (2020, 2020, ())


def test_the_undated_rule_is_keep_or_drop():
    assert Filter.from_query({"undated": "drop"}).undated == "drop"
    f = Filter.from_query({"undated": "maybe"})
    assert f.undated == "keep" and f.notes == (t("url.undated", "en", value="'maybe'", allowed="keep, drop"),)


def test_carried_is_new_or_since_a_known_plan(ds):
    plan = plan_ids(ds)[0]
    assert Filter.from_query({"carried": "new"}, ds).carried == "new"
    assert Filter.from_query({"carried": CARRIED_SINCE + plan}, ds).carried == CARRIED_SINCE + plan
    for bad in ("since:no-such-plan", "old", "since"):
        f = Filter.from_query({"carried": bad}, ds)
        assert f.carried == "" and len(f.notes) == 1 and repr(bad) in f.notes[0], bad


def test_the_search_words_are_joined_and_cut_at_200_characters():
    assert Filter.from_query({"q": ["rice", "fields"]}).text == "rice fields"
    assert Filter.from_query({"q": "x" * 250}).text == "x" * 200


def test_a_link_carries_the_filter_and_the_extra_values_given():
    assert href("statements", Filter()) == "statements"
    assert href("statements", Filter(), stmt="") == "statements"
    assert href("statements", Filter(themes=("energy",)), stmt="a:1") == "statements?theme=energy&stmt=a%3A1"
    assert href("map", Filter(lang="ja", text="水 力")) == "map?q=%E6%B0%B4+%E5%8A%9B&lang=ja"


# ------------------------------------------------------------------------------------------- years


def _one_range(ds):
    rows = statements(ds, "en")
    ranged = rows[rows.year_min.notna() & (rows.year_max > rows.year_min)]
    return ranged.iloc[[0]]


def test_a_year_range_meets_a_statement_s_range_at_both_of_its_ends(ds):
    row = _one_range(ds)
    lo, hi = int(row.year_min.iloc[0]), int(row.year_max.iloc[0])
    inside = [bool(_in_years(row, Filter(year_from=a, year_to=b)).iloc[0]) for a, b in
              ((hi, None), (hi + 1, None), (None, lo), (None, lo - 1), (lo, hi), (hi, lo + 0))]
    assert inside == [True, False, True, False, True, True]


def test_a_statement_without_a_date_is_kept_or_dropped_as_the_filter_says(ds):
    rows = statements(ds, "en")
    undated = rows[rows.year_min.isna()].iloc[[0]]
    assert bool(_in_years(undated, Filter(year_from=2020)).iloc[0])
    assert not bool(_in_years(undated, Filter(year_from=2020, undated="drop")).iloc[0])


def test_the_year_filter_selects_exactly_the_overlapping_statements(ds):
    rows = statements(ds, "en")
    got = set(apply(ds, Filter(year_from=2020, year_to=2021, undated="drop")).statement_id)
    dated = rows[rows.year_min.notna()]
    want = {s for s, a, b in zip(dated.statement_id, dated.year_min, dated.year_max) if int(a) <= 2021 and int(b) >= 2020}
    assert got == want and got


# ------------------------------------------------------------------------------------------- search words


def test_a_glossary_term_of_several_words_is_one_search_word():
    assert _glossary_parts("unexploded ordnance clearance in laos") == ["unexploded ordnance", "clearance", "in", "laos"]
    assert _glossary_parts("a b c d unexploded ordnance") == ["a", "b", "c", "d", "unexploded ordnance"]
    assert _glossary_parts("human resource development") == ["human resource development"]  # the longest term first
    assert _glossary_parts("human resource development in laos") == ["human resource development", "in", "laos"]
    assert _glossary_parts("") == []


def test_a_place_name_in_latin_letters_is_found_as_a_whole_word_only(ds):
    whole = search_terms(ds, "Attapeu rice")
    assert "attapeu" in whole.places and ("rice",) in whole.groups
    inside = search_terms(ds, "xattapeux")
    assert inside.places == () and inside.groups == (("xattapeux",),)
    assert search_terms(ds, "attapeu").places == search_terms(ds, "ATTAPEU.").places == ("attapeu",)


def test_a_japanese_place_name_is_found_inside_the_words_around_it(ds):
    assert "attapeu" in search_terms(ds, "アタプー県の米").places
    assert search_terms(ds, "ラオス南部のアタプー県").places == ("attapeu", "lao_pdr")  # after other characters too


def test_a_latin_place_name_with_a_letter_on_either_side_is_no_place(ds):
    assert search_terms(ds, "xattapeu").places == search_terms(ds, "attapeux").places == ()
    assert search_terms(ds, "x-attapeu").places == ("attapeu",)


def test_the_longest_place_name_in_a_search_wins_over_a_shorter_one_inside_it(ds):
    terms = search_terms(ds, "Luang Prabang Province")
    assert terms.places == ("luang_prabang_province",) and len(terms.groups) == 1  # not the town, and no word "province"
    assert set(search_terms(ds, "Luang Prabang").places) == {"luang_prabang", "luang_prabang_province"}


def test_the_words_after_a_place_name_stay_search_words(ds):
    terms = search_terms(ds, "rice Attapeu school")
    assert terms.places == ("attapeu",)
    assert terms.groups[1:] == (("rice",), ("school",))


def test_a_searched_glossary_term_stands_for_its_concept(ds):
    terms = search_terms(ds, "unexploded ordnance")
    assert terms.groups == (("unexploded ordnance",),) and terms.concepts == (frozenset({"uxo"}),)


# ------------------------------------------------------------------------------------------- the statements, plans, carried


@pytest.mark.parametrize("lang", ["en", "ja", "lo"])
def test_each_statement_once_in_document_order_in_its_language_or_its_original(ds, lang):
    com = ds.commitments
    originals = com[com.commitment_id == com.statement_id]
    rows = statements(ds, lang)
    assert list(rows.statement_id) == list(originals.statement_id)  # every statement once, as the documents order them
    in_lang = set(com[com.language == lang].statement_id)
    assert list(rows.translated) == [s in in_lang for s in rows.statement_id]
    assert list(rows.language) == [lang if s in in_lang else o for s, o in zip(rows.statement_id, originals.language)]
    assert list(rows.plan_id) == [s.split(":")[0] for s in rows.statement_id]


def test_the_latest_plan_is_the_latest_of_those_named(ds):
    from laomap.pipeline.carry import plan_order
    from laomap.pipeline.dataset import plan_date
    from laomap.views.filters import latest_plan

    order = plan_order({d: plan_date(ds.documents[d]) for d in plan_ids(ds)})
    assert len(order) >= 2
    assert latest_plan(ds) == order[-1]
    assert latest_plan(ds, reversed(order)) == order[-1]
    assert latest_plan(ds, [order[0]]) == order[0]
    assert latest_plan(ds, ["no-such-plan"]) is None


def test_carried_new_and_since_select_within_the_latest_plan(ds):
    from laomap.views.filters import latest_plan, reached_plans

    latest = latest_plan(ds)
    rows = statements(ds, "en")
    new = apply(ds, Filter(carried="new"))
    assert set(new.statement_id) == {s for s, p, c in zip(rows.statement_id, rows.plan_id, rows.carried_from) if p == latest and not c}
    reached = reached_plans(ds)
    for plan in plan_ids(ds):
        since = apply(ds, Filter(carried=CARRIED_SINCE + plan))
        assert set(since.statement_id) == {s for s, p in zip(rows.statement_id, rows.plan_id) if p == latest and plan in reached.get(s, ())}
    earlier = next(p for p in plan_ids(ds) if p != latest)
    assert len(new) and len(apply(ds, Filter(carried=CARRIED_SINCE + earlier)))  # both selections hold statements


def test_the_plans_a_statement_reaches_go_back_through_every_link(ds):
    from laomap.views.filters import reached_plans

    reached = reached_plans(ds)
    direct: dict[str, set[str]] = {}
    for later, earlier in zip(ds.carried.later_id, ds.carried.earlier_id):
        direct.setdefault(later, set()).add(earlier)

    def walk(sid: str) -> set[str]:
        return {e.split(":")[0] for e in direct.get(sid, ())} | {p for e in direct.get(sid, ()) for p in walk(e)}

    assert reached == {s: frozenset(walk(s)) for s in direct} and reached


# ------------------------------------------------------------------------------------------- more edges (issue 28)


def test_an_unknown_carried_value_is_named_with_every_value_it_may_take(ds):
    f = Filter.from_query({"carried": "old"}, ds)
    allowed = ", ".join(["new", *(CARRIED_SINCE + p for p in sorted(plan_ids(ds)))])
    assert f.notes == (t("url.carried", "en", value="'old'", allowed=allowed),)


def _with_commitments(ds, commitments):
    """The dataset with other statements, and none of the tables derived from the old ones."""
    import dataclasses

    return dataclasses.replace(ds, commitments=commitments, derived={})


def test_every_plan_kind_is_offered_and_an_activity_only_when_the_data_has_one(ds):
    from laomap.pipeline.extract import RECORD_KINDS
    from laomap.views.filters import kind_options

    plan_kinds = [k for k in RECORD_KINDS if k != "activity"]
    assert kind_options(ds) == plan_kinds  # the built-in plans hold no imported activity
    com = ds.commitments
    assert kind_options(_with_commitments(ds, com[com.kind == "goal"])) == plan_kinds  # offered even when none is there
    one = com.copy()
    one.loc[one.index[0], "kind"] = "activity"
    assert kind_options(_with_commitments(ds, one)) == list(RECORD_KINDS)


def test_a_year_range_open_at_either_end(ds):
    rows = statements(ds, "en")
    dated = rows[rows.year_min.notna()]
    until = apply(ds, Filter(year_to=1970, undated="drop"))
    assert list(until.statement_id) == [s for s, a in zip(dated.statement_id, dated.year_min) if a <= 1970]
    assert list(until.statement_id) == ["action-plan-en:2(5):1.1", "action-plan-en:5(5):1.2"]  # 1965-2020, 1945
    since = apply(ds, Filter(year_from=2030, undated="drop"))
    assert list(since.statement_id) == [s for s, b in zip(dated.statement_id, dated.year_max) if b >= 2030] and len(since)


def test_a_selection_is_numbered_from_0_and_has_the_statements_columns(ds):
    assert list(statements(ds, "ja").columns) == [*ds.commitments.columns, "translated", "plan_id"]
    rows = apply(ds, Filter(kinds=("goal",)))
    assert list(rows.columns) == list(statements(ds, "en").columns)
    assert list(rows.index) == list(range(len(rows))) and len(rows) > 1


def test_search_groups_without_glossary_terms_get_none_and_given_ones_are_kept():
    from laomap.views.filters import SearchTerms

    assert SearchTerms((("a",), ("b",))).concepts == (frozenset(), frozenset())
    assert SearchTerms((("uxo",),), (), (frozenset({"uxo"}),)).concepts == (frozenset({"uxo"}),)


def test_a_two_character_japanese_place_name_is_a_place_and_a_spelling(ds):
    from laomap.views.filters import also_matched

    assert search_terms(ds, "京都").places == ("kyoto",)
    assert search_terms(ds, "Tokyo").groups == (("tokyo", "東京"),)  # every spelling, the short Japanese one too
    typed_ja = Filter(text="京都")
    assert also_matched(ds, typed_ja, apply(ds, typed_ja)) == ["Kyoto"]  # the English texts shown say Kyoto
    typed_en = Filter(text="Kyoto", lang="ja")
    shown = apply(ds, typed_en)
    assert list(shown.statement_id) == ["action-plan-en:4(5):1.1", "action-plan-en:4(6):1.1"]
    assert also_matched(ds, typed_en, shown) == ["京都"]  # 京都市 in the texts holds 京都: it says nothing more


def test_a_theme_keeps_only_the_places_of_the_clauses_about_it(ds):
    # "Honorary Consulate in Hakodate ..., exchanges between Kyoto and Vientiane ..., CO-OP Okinawa to Attapeu ..."
    sid = "action-plan-en:4(6):1.1"
    every = statements(ds, "en").set_index("statement_id").loc[sid]
    assert set(every.place_ids) >= {"hakodate", "kyoto", "vientiane", "okinawa", "attapeu"}
    farming = apply(ds, Filter(themes=("agriculture",))).set_index("statement_id").loc[sid]
    assert farming.place_ids == ("okinawa", "attapeu")
    assert all("agriculture" in themes for themes in farming.place_themes) and len(farming.place_roles) == 2
    assert sid not in set(apply(ds, Filter(themes=("agriculture",), places=("kyoto",))).statement_id)


def test_a_chain_of_links_reaches_every_plan_whatever_order_the_links_come_in(ds):
    import dataclasses

    import pandas as pd

    from laomap.views.filters import reached_plans

    # a third plan after the two built-in ones, whose statement carries on the 2020 plan's, which carries on 2016's
    old, mid = "joint-plan-2016", "action-plan-en"
    assert ds.documents[old].date < ds.documents[mid].date
    later = dataclasses.replace(ds.documents[mid], date="2025-06-01", date_earliest="2025-06-01")
    s_old, s_mid, s_new = "joint-plan-2016:1.I:1.1", "action-plan-en:1(1):1.1", "plan-2025:1:1.1"
    # the latest plan's link listed first: its statement is still walked after the one it carries on
    links = pd.DataFrame({"later_id": [s_new, s_mid], "earlier_id": [s_mid, s_old]})
    chain = dataclasses.replace(ds, documents={**ds.documents, "plan-2025": later}, carried=links, derived={})
    assert reached_plans(chain) == {s_new: frozenset({mid, old}), s_mid: frozenset({old})}
