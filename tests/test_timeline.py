"""The plotly timeline: one mark per dated mention, by kind, following the filters, with the clause on hover."""

from __future__ import annotations

from datetime import date

import pandas as pd

from laomap.charts.timeline import timeline_figure
from laomap.views.chronology import ITEM_COLUMNS, timeline_items
from laomap.views.filters import Filter, apply


def items_for(ds, lang="en", **kw):
    return timeline_items(ds, apply(ds, Filter(lang=lang, **kw)), lang)


def traces_by_name(fig):
    return {t.name: t for t in fig.data if t.name}


def test_every_item_is_drawn_once_in_the_trace_of_its_kind(ds):
    items = items_for(ds)
    fig = timeline_figure(items, "en", ds)
    traces = traces_by_name(fig)
    expected = items.kind.value_counts().to_dict()
    names = {"period": "Period", "since": "Since (continuing)", "event": "Event", "target": "Target (milestone)",
             "anniversary": "Anniversary origin (derived)"}
    assert {kind: len(traces[names[kind]].y) for kind in expected} == expected
    assert traces["Period"].type == "bar" and traces["Period"].orientation == "h"  # periods are bars
    assert traces["Event"].mode == "markers" and traces["Target (milestone)"].marker.symbol == "diamond"
    drawn = sorted(sid for t in fig.data if t.customdata is not None for sid in t.customdata)
    assert drawn == sorted(items.statement_id)


def test_a_period_bar_spans_its_years(ds):
    items = items_for(ds)
    fig = timeline_figure(items, "en", ds)
    bars = traces_by_name(fig)["Period"]
    period = items[items.kind == "period"].iloc[0]
    i = list(bars.customdata).index(period.statement_id)
    start = pd.Timestamp(bars.base[i])
    assert start == pd.Timestamp(period.start)
    assert start + pd.Timedelta(milliseconds=bars.x[i]) == pd.Timestamp(period.end)


def test_hover_shows_the_clause_escaped_and_its_citation(ds):
    items = items_for(ds).copy()
    items.loc[items.index[0], "text"] = "Both sides <b>agreed</b> & more"
    fig = timeline_figure(items, "en", ds)
    hovers = [h for t in fig.data if t.hovertext is not None for h in t.hovertext]
    assert any("Both sides &lt;b&gt;agreed&lt;/b&gt; &amp; more" in h for h in hovers)
    assert all("<b>agreed" not in h for h in hovers)
    assert any(items.citation.iloc[1] in h for h in hovers)


def test_it_follows_the_filters(ds):
    all_items = items_for(ds)
    energy = items_for(ds, themes=("digital",))
    assert 0 < len(energy) < len(all_items)
    fig = timeline_figure(energy, "en", ds)
    drawn = {sid for t in fig.data if t.customdata is not None for sid in t.customdata}
    assert drawn == set(energy.statement_id)


def test_lanes_are_themes_in_the_chosen_language(ds):
    items = items_for(ds, lang="ja")
    fig = timeline_figure(items, "ja", ds)
    assert set(fig.layout.yaxis.ticktext) == set(items.theme)
    assert "期間" in traces_by_name(fig)


def test_far_outliers_leave_the_view_on_the_dense_middle_with_a_slider(ds):
    items = items_for(ds)
    fig = timeline_figure(items, "en", ds)
    lo, hi = fig.layout.xaxis.range
    assert items.start.min() < pd.Timestamp(lo).date() and pd.Timestamp(hi).date() < items.end.max()
    assert fig.layout.xaxis.rangeslider.visible
    close = pd.DataFrame([{**{c: None for c in ITEM_COLUMNS}, "statement_id": "x:1:1.1", "kind": "event", "iso": "2020",
                           "precision": "year", "derived": False, "start": date(2020, 1, 1), "end": date(2020, 12, 31),
                           "text": "t", "quote": "2020", "citation": "c", "theme": "Health", "plan_id": "x"}])
    fig = timeline_figure(close, "en")
    assert not fig.layout.xaxis.rangeslider.visible


def test_plans_are_marked_and_an_empty_selection_says_so(ds):
    fig = timeline_figure(items_for(ds), "en", ds)
    texts = [a.text for a in fig.layout.annotations]
    assert "Action Plan (2021)" in texts and "Joint Plan (2016)" in texts
    empty = timeline_figure(timeline_items(ds, apply(ds, Filter(text="zqxj nothing")), "ja"), "ja", ds)
    assert not empty.data
    assert "日付の言及がありません" in empty.layout.annotations[0].text
