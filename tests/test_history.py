"""views/history.py: plans in date order, shares by theme and place, flows that partition the statements, one flow
statement by statement; the plan-history filter (Filter.carried) and its URL form."""

from __future__ import annotations

import pytest

from laomap import userdata
from laomap.errors import DocumentError
from laomap.pipeline.carry import KINDS, LIKELY, STRONG
from laomap.pipeline.dataset import load_dataset
from laomap.views.filters import Filter, apply, reached_plans
from laomap.views.history import FLOWS, flow_items, history, read_flow

from .conftest import DOCUMENTS, GEODATA, ROOT

HISTORY = ROOT / "tests" / "fixtures" / "history"


def add_fictional_plans(user_dir):
    """The fictional 2015 (English) and 2025 (Japanese-only) joint statements of tests/fixtures/history, as a user adds them."""
    meta15 = userdata.document_meta("Joint Statement 2015", "2015-11-24", "en", doc_id="joint-statement-2015-en",
                                    title_ja="共同声明（2015年）")
    userdata.add_document((HISTORY / "joint-statement-2015.en.txt").read_text(encoding="utf-8"), meta15, user_dir=user_dir,
                          documents_dir=DOCUMENTS, geodata_dir=GEODATA)
    meta25 = userdata.document_meta("共同声明（2025年）", "2025-09-12", "ja", doc_id="joint-statement-2025-ja",
                                    title_en="Joint Statement 2025")
    return userdata.add_document((HISTORY / "joint-statement-2025.ja.txt").read_text(encoding="utf-8"), meta25, user_dir=user_dir,
                                 documents_dir=DOCUMENTS, geodata_dir=GEODATA)


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    """Four plans: 2015, the 2016 Joint Plan, the Action Plan (2021), 2025."""
    return add_fictional_plans(tmp_path_factory.mktemp("four-plans"))


@pytest.mark.parametrize("which", ["two", "four"])
@pytest.mark.parametrize("flt", [Filter(), Filter(themes=("energy",)), Filter(kinds=("commitment",), lang="ja"),
                                 Filter(places=("vientiane",))])
def test_flows_partition_each_plan_s_statements(request, ds, which, flt):
    data = ds if which == "two" else request.getfixturevalue("four")
    hist = history(data, flt.with_(documents=("joint-plan-2016",)))  # the plan filter does not narrow the history
    rows = apply(data, flt)
    assert list(hist.plans.plan_id)[:1] != [] and len(hist.rows) == len(rows)
    counts = dict(zip(hist.plans.plan_id, hist.plans.statements))
    assert counts == rows.plan_id.value_counts().reindex(hist.order, fill_value=0).to_dict()
    for a, b in zip(hist.order, hist.order[1:]):
        carried, new, dropped = (hist.flow(f, a, b) for f in FLOWS)
        later = set(rows[rows.plan_id == b].statement_id)
        earlier = set(rows[rows.plan_id == a].statement_id)
        assert set(carried.ids) | set(new.ids) == later and not set(carried.ids) & set(new.ids)
        assert carried.n + new.n == len(later)
        assert carried.earlier_n + dropped.n == len(earlier)  # carried on + not carried again = the earlier plan's
        assert set(dropped.ids) <= earlier
        links = data.carried
        carried_on = set(links[(links.later_plan == b) & (links.earlier_plan == a)].earlier_id) & earlier
        assert carried.earlier_n == len(carried_on) and not carried_on & set(dropped.ids)
        assert set(carried.ids) == set(links[links.later_plan == b].later_id) & later


def test_four_plans_in_date_order_with_links_across_languages(four):
    hist = history(four, Filter())
    assert hist.order == ["joint-statement-2015-en", "joint-plan-2016", "action-plan-en", "joint-statement-2025-ja"]
    assert list(hist.plans.year) == [2015, 2016, 2021, 2025]
    last = hist.flow("carried", "action-plan-en", "joint-statement-2025-ja")
    assert last.n > 0 and last.older > 0  # 2025 takes up 2016 statements the Action Plan did not carry on
    items = flow_items(four, hist, "carried", "action-plan-en", "joint-statement-2025-ja", "en")
    assert sorted(i.statement.statement_id for i in items) == sorted(last.ids)
    best = [max(v.score for v in i.earlier) for i in items]
    assert best == sorted(best, reverse=True)  # the strongest links first
    for item in items:
        assert item.statement.plan_id == "joint-statement-2025-ja" and item.statement.language == "ja"
        assert item.earlier and all(v.plan_id in {"joint-statement-2015-en", "joint-plan-2016", "action-plan-en"} for v in item.earlier)
        assert all(v.origin == "method" and 0 < v.score <= 1 for v in item.earlier)
        assert [v.score for v in item.earlier] == sorted((v.score for v in item.earlier), reverse=True)
        # how a link carries the earlier statement on is claimed only for a strong one; the others are "related"
        assert all(v.kind == ("related" if v.score < STRONG else v.kind) and v.kind in KINDS for v in item.earlier)
        assert all(v.band == ("strong" if v.score >= STRONG else "likely" if v.score >= LIKELY else "weak") for v in item.earlier)
        assert all(v.citation.startswith(("Joint", "Action")) and ", section " in v.citation for v in item.earlier)
    # an English earlier version beside a Japanese later one: the cross-language links are there
    assert any(v.language == "en" for item in items for v in item.earlier)


def test_shares_are_of_each_plan_s_statements_and_count_a_statement_once_per_theme(ds):
    hist = history(ds, Filter())
    rows = apply(ds, Filter())
    for plan, group in hist.themes.groupby("plan_id"):
        mine = rows[rows.plan_id == plan]
        assert set(group.total) == {len(mine)}
        assert group.n.sum() == sum(len(set(ts)) for ts in mine.themes)  # once per theme of each statement
        assert (group.share - group.n / len(mine)).abs().max() < 1e-12
        assert group.share.sum() == pytest.approx(sum(len(set(ts)) for ts in mine.themes) / len(mine))
    energy = hist.themes[(hist.themes.key == "energy") & (hist.themes.plan_id == "joint-plan-2016")].iloc[0]
    assert energy.n == len(apply(ds, Filter(themes=("energy",), documents=("joint-plan-2016",))))
    vientiane = hist.places[(hist.places.key == "vientiane")]
    assert len(vientiane) == 2 and vientiane.n.sum() > 0 and (vientiane.share <= 1).all()


def test_shares_in_japanese_sort_in_gojuon_order(ds):
    from laomap.i18n import theme_sort_key

    keys = list(dict.fromkeys(history(ds, Filter(lang="ja")).themes.key))
    assert keys == sorted(keys, key=lambda k: theme_sort_key(k, "ja"))


def test_a_flow_url_is_read_and_odd_ones_are_notes(ds):
    hist = history(ds, Filter())
    assert read_flow(hist, {"flow": "new", "earlier": "joint-plan-2016", "later": "action-plan-en"}, "en") == (
        ("new", "joint-plan-2016", "action-plan-en"), [])
    assert read_flow(hist, {"flow": "dropped"}, "en") == (("dropped", "joint-plan-2016", "action-plan-en"), [])
    assert read_flow(hist, {}, "en") == (None, [])
    for params, word in (({"flow": "gone"}, "flow='gone'"), ({"flow": "new", "earlier": "nope", "later": "action-plan-en"}, "'nope'"),
                         ({"flow": "new", "earlier": "action-plan-en", "later": "joint-plan-2016"}, "not consecutive")):
        chosen, notes = read_flow(hist, params, "en")
        assert chosen is None and len(notes) == 1 and word in notes[0]
    assert "無視しました" in read_flow(hist, {"flow": "x"}, "ja")[1][0]


def test_carried_filter_new_and_since(four):
    every = apply(four, Filter())
    latest = every[every.plan_id == "joint-statement-2025-ja"]
    new = apply(four, Filter(carried="new"))
    assert set(new.statement_id) == set(latest[latest.carried_from.map(len) == 0].statement_id)
    since = apply(four, Filter(carried="since:joint-plan-2016"))
    reached = reached_plans(four)
    assert set(since.statement_id) == {s for s in latest.statement_id if "joint-plan-2016" in reached.get(s, ())}
    assert set(since.plan_id) == {"joint-statement-2025-ja"} and len(since) > 0
    assert not set(new.statement_id) & set(since.statement_id)
    # through a chain: a 2025 statement carrying on an Action Plan statement that carries on 2016 reaches 2016
    links = four.carried
    chain = {s for s, e in zip(links.later_id, links.earlier_id)
             if s in set(latest.statement_id) and e in set(links[links.earlier_plan == "joint-plan-2016"].later_id)}
    assert chain <= set(since.statement_id)
    # with a plan filter the latest plan is the latest of the selected ones
    in_2021 = apply(four, Filter(carried="new", documents=("joint-plan-2016", "action-plan-en")))
    assert set(in_2021.plan_id) <= {"action-plan-en"} and len(in_2021) > 0
    assert set(in_2021.statement_id) == set(every[(every.plan_id == "action-plan-en") & (every.carried_from.map(len) == 0)].statement_id)


def test_carried_filter_url_round_trip_and_unknown_values(ds):
    for value in ("new", "since:joint-plan-2016"):
        flt = Filter(carried=value, themes=("energy",))
        query = flt.to_query()
        assert query["carried"] == [value]
        back = Filter.from_query(query, ds)
        assert back == flt and not back.notes
    for bad in ("old", "since:nope", "since:"):
        back = Filter.from_query({"carried": bad, "theme": "energy"}, ds)
        assert back.carried == "" and back.themes == ("energy",)
        assert len(back.notes) == 1 and f"carried={bad!r}" in back.notes[0] and "since:joint-plan-2016" in back.notes[0]
    assert not Filter().to_query().get("carried") and not Filter(carried="new").is_empty


def test_the_carried_filter_is_in_the_summaries(ds):
    from laomap.views.captions import filter_summary
    from laomap.views.summary import describe

    flt = Filter(carried="since:joint-plan-2016")
    assert "Action Plan (2021), carried since Joint Plan (2016)" in " ".join(describe(ds, flt, "en"))
    assert "共同計画（2016年）から引き継がれた文" in filter_summary(ds, flt, "ja")


def test_the_command_line_takes_the_carried_filter(ds):
    import argparse

    from laomap.cli.base import add_filter_options, filter_from_args
    from laomap.errors import LaomapError

    parser = argparse.ArgumentParser()
    add_filter_options(parser)
    flt = filter_from_args(parser.parse_args(["--carried", "since:joint-plan-2016", "--theme", "energy"]), ds)
    assert flt.carried == "since:joint-plan-2016" and flt.themes == ("energy",)
    with pytest.raises(LaomapError, match="carried='since:nope'"):
        filter_from_args(parser.parse_args(["--carried", "since:nope"]), ds)


def test_a_document_that_is_not_a_plan_is_an_event_on_the_time_axis_and_its_role_can_be_changed(tmp_path):
    from laomap.charts.history import alluvial_html
    from laomap.pipeline.documents import document_role

    meta = userdata.document_meta("Outline of the Japan-Laos Summit Meeting", "2018-10-09", "en", doc_id="summit-outline-2018-en")
    assert document_role(meta) == "other"  # a meeting's outline, by its title
    assert document_role(userdata.document_meta("Joint Statement 2015", "2015-11-24", "en")) == "plan"
    text = (HISTORY / "joint-statement-2015.en.txt").read_text(encoding="utf-8")
    ds = userdata.add_document(text, meta, user_dir=tmp_path, documents_dir=DOCUMENTS, geodata_dir=GEODATA)
    hist = history(ds, Filter())
    assert hist.order == ["joint-plan-2016", "action-plan-en"]  # not the next plan in the flow diagram ...
    assert list(hist.events.doc_id) == ["summit-outline-2018-en"]  # ... but an event on the plans' time axis
    assert hist.events.statements.iloc[0] == (hist.rows.plan_id == "summit-outline-2018-en").sum() > 0
    page = alluvial_html(hist.plans, hist.flows, "en", {k: "#" for k in zip(hist.flows.flow, hist.flows.earlier, hist.flows.later)},
                         events=hist.events, event_links={"summit-outline-2018-en": "statements?doc=summit-outline-2018-en"})
    assert 'class="lm-hist-event" href="statements?doc=summit-outline-2018-en"' in page and "2018-10-09" in page
    assert 'data-from="summit-outline-2018-en"' not in page and 'data-to="summit-outline-2018-en"' not in page
    # the user says it is a plan after all, then lets the title decide again
    as_plan = userdata.set_document_role("summit-outline-2018-en", "plan", tmp_path, DOCUMENTS, GEODATA)
    assert history(as_plan, Filter()).order == ["joint-plan-2016", "summit-outline-2018-en", "action-plan-en"]
    back = userdata.set_document_role("summit-outline-2018-en", "auto", tmp_path, DOCUMENTS, GEODATA)
    assert list(history(back, Filter()).events.doc_id) == ["summit-outline-2018-en"]
    with pytest.raises(DocumentError, match="built-in"):
        userdata.set_document_role("joint-plan-2016", "other", tmp_path, DOCUMENTS, GEODATA)
    with pytest.raises(DocumentError):
        userdata.set_document_role("summit-outline-2018-en", "minutes", tmp_path, DOCUMENTS, GEODATA)
    assert list(history(load_dataset(DOCUMENTS, GEODATA, tmp_path), Filter()).events.doc_id) == ["summit-outline-2018-en"]  # unchanged by refusals
