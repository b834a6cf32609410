"""The timeline: one mark per dated mention, by kind, following the filters, with the clause in its tooltip and a link."""

from __future__ import annotations

import html
import re
from datetime import date

import pandas as pd

from laomap.charts.timeline import LANE_ROW, MAX_ROWS_PER_LANE, _focus, timeline_html
from laomap.views.chronology import ITEM_COLUMNS, timeline_items
from laomap.views.filters import Filter, apply

MARK = re.compile(r'<(?:a|span) class="(lm-tl-(?:bar|mark)[^"]*)"(?: href="([^"]*)")? style="([^"]*)" data-tip="([^"]*)" '
                  r'data-stmt="([^"]*)" data-kind="([^"]*)"')


def items_for(ds, lang="en", undated=False, **kw):
    return timeline_items(ds, apply(ds, Filter(lang=lang, **kw)), lang, undated=undated)


def marks(page: str) -> list[dict]:
    return [{"cls": c, "href": html.unescape(h or ""), "style": s, "title": html.unescape(ti), "sid": html.unescape(sid), "kind": k}
            for c, h, s, ti, sid, k in MARK.findall(page)]


def inside(items):
    _, _, lo, hi = _focus(items)
    return items[~((items.end < lo) | (items.start > hi))]


def test_every_item_in_view_is_drawn_once_as_its_kind(ds):
    items = items_for(ds)
    drawn = marks(timeline_html(items, "en", ds))
    shown = inside(items)
    assert sorted((m["sid"], m["kind"]) for m in drawn) == sorted(zip(shown.statement_id, shown.kind))
    assert all("lm-tl-bar" in m["cls"] for m in drawn if m["kind"] in ("period", "since"))  # periods are bars
    assert all("lm-tl-diamond" in m["cls"] for m in drawn if m["kind"] == "target")  # targets are milestones
    assert all("width" not in m["style"] for m in drawn if m["kind"] == "event")


def test_a_period_bar_spans_its_years(ds):
    items = items_for(ds)
    _, _, lo, hi = _focus(items)
    period = inside(items)[inside(items).kind == "period"].iloc[0]
    bar = next(m for m in marks(timeline_html(items, "en", ds)) if m["sid"] == period.statement_id and m["kind"] == "period")
    left, width = (float(v) for v in re.findall(r"(?:left|width):([\d.]+)%", bar["style"]))
    days = (hi - lo).days
    assert abs(left - 100 * (period.start - lo).days / days) < 0.01
    assert abs(left + width - 100 * (period.end - lo).days / days) < 0.02


def test_the_tooltip_shows_the_clause_escaped_and_its_citation_and_the_item_links(ds):
    items = items_for(ds).copy()
    items.loc[inside(items).index[0], "text"] = 'Both sides <b>agreed</b> & "more"'
    page = timeline_html(items, "en", ds, {sid: f"statements?stmt={sid}" for sid in items.statement_id})
    assert "<b>agreed" not in page and "&lt;b&gt;agreed&lt;/b&gt; &amp; &quot;more&quot;" in page
    drawn = marks(page)
    assert any(inside(items).citation.iloc[1] in m["title"] for m in drawn)
    assert all(m["href"] == f"statements?stmt={m['sid']}" for m in drawn)


def test_it_follows_the_filters_and_places_undated_statements_at_their_plan_s_date(ds):
    digital = items_for(ds, themes=("digital",))
    assert 0 < len(digital) < len(items_for(ds))
    assert {m["sid"] for m in marks(timeline_html(digital, "en", ds))} <= set(digital.statement_id)
    energy = items_for(ds, themes=("energy",), undated=True)
    selected = apply(ds, Filter(themes=("energy",)))
    assert set(energy.statement_id) == set(selected.statement_id)  # every statement of the selection is on it
    plan = energy[energy.kind == "plan"]
    assert len(plan) and all(iso == ds.documents[p].date for iso, p in zip(plan.iso, plan.plan_id))
    drawn = marks(timeline_html(energy, "en", ds))
    assert all("lm-tl-square" in m["cls"] and "placed at its plan's date" in m["title"] for m in drawn if m["kind"] == "plan")
    assert "Plan&#x27;s date (no date in the statement)" in timeline_html(energy, "en", ds)


def test_lanes_are_themes_in_the_chosen_language(ds):
    items = items_for(ds, lang="ja")
    page = timeline_html(items, "ja", ds)
    assert {html.unescape(x) for x in re.findall(r'<div class="lm-tl-label">([^<]*)</div>', page)} == set(items.theme)
    assert "期間" in page


def test_far_outliers_leave_the_view_on_the_dense_middle_and_say_so(ds):
    items = items_for(ds)
    assert len(inside(items)) < len(items)
    assert "more outside this view" in timeline_html(items, "en", ds)
    close = pd.DataFrame([{**{c: None for c in ITEM_COLUMNS}, "statement_id": "x:1:1.1", "kind": "event", "iso": "2020",
                           "precision": "year", "derived": False, "start": date(2020, 1, 1), "end": date(2020, 12, 31),
                           "text": "t", "quote": "2020", "citation": "c", "theme": "Health", "plan_id": "x"}])
    page = timeline_html(close, "en")
    assert "outside this view" not in page and len(marks(page)) == 1


def test_plans_are_marked_and_an_empty_selection_says_so(ds):
    page = timeline_html(items_for(ds), "en", ds)
    assert "Action Plan (2021)" in page and "Joint Plan (2016)" in page and "lm-tl-planline" in page
    empty = timeline_html(timeline_items(ds, apply(ds, Filter(text="zqxj nothing")), "ja"), "ja", ds)
    assert not marks(empty) and "日付の言及がありません" in empty


def test_lanes_are_bounded_in_height(ds):
    page = timeline_html(items_for(ds, undated=True), "en", ds)
    heights = [int(h) for h in re.findall(r'class="lm-tl-track" style="height:(\d+)px"', page)]
    assert heights and max(heights) <= MAX_ROWS_PER_LANE * LANE_ROW + 6


def test_every_kind_of_date_is_in_the_one_table_with_its_mark_colour_and_labels():
    """style.DATE_KINDS makes both timelines, their legends and the stylesheet: a kind found by the parser is in it."""
    from laomap.i18n import t
    from laomap.pipeline.dates import KINDS as PARSED
    from laomap.style import DATE_KINDS, MARKS
    from laomap.ui.look import stylesheet
    from laomap.views.chronology import PLAN_DATE

    ids = [k.id for k in DATE_KINDS]
    assert set(PARSED) | {PLAN_DATE} == set(ids) and len(ids) == len(set(ids))
    for k in DATE_KINDS:
        assert k.mark in MARKS
        assert f".lm-tl-k-{k.id} {{ --lm-kind: {k.colour};" in stylesheet() and f".lm-tl-key-{k.mark} " in stylesheet()
        assert t(k.label, "en") != k.label and t(k.label, "ja") != k.label
        assert k.slide_label is None or t(k.slide_label, "en") != k.slide_label


def test_the_legend_shows_each_kind_drawn_as_its_mark(ds):
    from laomap.style import DATE_KIND

    items = items_for(ds, undated=True)
    page = timeline_html(items, "en", ds)
    legend = page.split('class="lm-tl-legend">', 1)[1].split("</div>", 1)[0]
    for kind in set(items.kind):
        k = DATE_KIND[kind]
        assert f'class="lm-tl-key lm-tl-key-{k.mark} lm-tl-k-{kind}"' in legend
    assert all(f"lm-tl-k-{m['kind']}" in m["cls"] for m in marks(page))
