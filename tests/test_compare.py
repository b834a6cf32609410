"""Comparing two plans by theme and by place: shared, new, dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from laomap.views.compare import COLUMNS, compare_plans, plan_pair
from laomap.views.filters import Filter, apply, statements


def fake_rows(*rows):
    """Statements as ``apply`` returns them, with only the columns the comparison reads."""
    return pd.DataFrame([{"plan_id": p, "themes": tuple(ts), "place_ids": tuple(ps), "place_roles": tuple(rs)}
                         for p, ts, ps, rs in rows])


def test_status_is_shared_new_or_dropped(ds):
    old, new = plan_pair(ds)
    rows = fake_rows(
        (old, ["energy", "health"], ["attapeu"], ["site"]),
        (old, ["energy"], ["osaka"], ["mention"]),  # a mention is no place of the plan
        (new, ["energy", "digital"], ["attapeu", "kyoto"], ["site", "partner"]),
        (new, ["digital"], [], []),
    )
    cmp = compare_plans(ds, rows, old, new)
    themes = cmp.by_theme.set_index("key")
    assert themes.loc["energy", ["before", "after", "status"]].tolist() == [2, 1, "shared"]
    assert themes.loc["digital", ["before", "after", "status"]].tolist() == [0, 2, "new"]
    assert themes.loc["health", ["before", "after", "status"]].tolist() == [1, 0, "dropped"]
    assert list(cmp.by_theme.status) == ["shared", "new", "dropped"]  # ordered by status
    places = cmp.by_place.set_index("key")
    assert places.status.to_dict() == {"attapeu": "shared", "kyoto": "new"}
    assert cmp.count("theme", "new") == 1 and cmp.count("place", "dropped") == 0
    assert list(cmp.by_theme.columns) == list(COLUMNS)


def test_counts_match_the_statements_of_each_plan(ds):
    old, new = plan_pair(ds)
    rows = statements(ds, "en")
    cmp = compare_plans(ds, rows, old, new)
    for _, r in cmp.by_theme.iterrows():
        for plan, column in ((old, "before"), (new, "after")):
            expected = sum(1 for p, ts in zip(rows.plan_id, rows.themes) if p == plan and r.key in ts)
            assert r[column] == expected, (r.key, plan)
    labels = dict(zip(cmp.by_place.key, cmp.by_place.label))
    assert labels["luang_prabang_province" if "luang_prabang_province" in labels else "luang_prabang"].startswith("Luang Prabang")


def test_the_filters_narrow_the_comparison(ds):
    old, new = plan_pair(ds)
    everything = compare_plans(ds, statements(ds, "en"), old, new)
    energy = compare_plans(ds, apply(ds, Filter(themes=("energy",))), old, new)
    assert len(energy.by_place) <= len(everything.by_place)
    assert energy.by_theme.set_index("key").loc["energy"].tolist()[1:3] == everything.by_theme.set_index("key").loc["energy"].tolist()[1:3]


def test_plan_pair_is_earliest_and_latest(ds):
    old, new = plan_pair(ds)
    assert ds.documents[old].date < ds.documents[new].date
    assert not ds.documents[old].translation_of and not ds.documents[new].translation_of


def test_labels_follow_the_language(ds):
    old, new = plan_pair(ds)
    cmp = compare_plans(ds, statements(ds, "ja"), old, new, lang="ja")
    assert "エネルギー・電力" in set(cmp.by_theme.label)


def test_bad_plan_choices_are_clear_errors(ds):
    old, new = plan_pair(ds)
    with pytest.raises(ValueError, match="cannot compare a plan with itself"):
        compare_plans(ds, statements(ds, "en"), old, old)
    with pytest.raises(ValueError, match="is not a plan of the dataset; expected one of"):
        compare_plans(ds, statements(ds, "en"), "action-plan-ja", new)  # a translation is not a plan of its own
