"""The map at scale: 10,000 synthetic statements over 500 places stay a map under 1 MB that loses no count.

Timings are not tested here (bench/bench_scale.py measures them); these tests check what
the grouping must keep: every province's count, every site's count inside its group, short
popups, clicks on a group, and the real data drawn exactly as before (a handful of sites, no groups).
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit_folium import _get_feature_group_string

from laomap.maps.web import (
    GROUP_POPUP_LIMIT,
    POPUP_LIMIT,
    build_map,
    group_tooltip,
    map_data,
    payload_size,
    place_for_click,
    selection_layer,
)
from laomap.views.filters import Filter, apply
from laomap.views.layers import SITE_LIMIT, hit_test, map_layers

pytestmark = pytest.mark.slow  # a 10,000-statement corpus is built (conftest's ``big``, once a session) (bin/test --fast leaves it out)

ONE_MB = 1_000_000


@pytest.fixture(scope="module")
def big_layers(big):
    return map_layers(big, apply(big, Filter()), "en")


def test_the_corpus_is_as_large_as_asked(big, big_layers):
    assert big.commitments.statement_id.nunique() == 10_000
    assert len(big_layers.lao_sites) > SITE_LIMIT  # enough sites named for grouping to matter
    assert len({p for p in big.gazetteer.places if p.startswith("syn_")}) == 500


@pytest.mark.parametrize("lang, compact", [("en", False), ("en", True), ("ja", False)])
def test_map_sent_to_the_browser_stays_under_1_mb(big, lang, compact):
    layers = map_layers(big, apply(big, Filter(lang=lang)), lang)
    size = payload_size(build_map(layers, big, compact=compact))
    assert size < ONE_MB, f"{size:,} bytes"
    # and it is still a whole map: without grouping the same selection would not fit
    ungrouped = map_layers(big, apply(big, Filter(lang=lang)), lang, site_limit=None)
    assert not ungrouped.groups and payload_size(build_map(ungrouped, big, compact=compact)) > ONE_MB


def test_every_site_count_is_represented_in_the_groups(big, big_layers):
    data = map_data(big_layers, big)
    lao = {s.place_id: s for s in big_layers.lao_sites}
    groups = [s for s in data["sites"] if "group" in s]
    singles = [s for s in data["sites"] if "group" not in s and s["id"] in lao]
    assert groups, "10,000 statements over 500 places must be grouped"
    # the sum of the sites' counts is kept, and every Lao site is in exactly one group or drawn itself
    assert sum(g["group"]["siteCount"] for g in groups) + sum(s["count"] for s in singles) == sum(s.count for s in lao.values())
    assert sum(g["group"]["places"] for g in groups) + len(singles) == len(lao)
    members = [s.place_id for grp in big_layers.groups for s in grp.sites]
    assert len(members) == len(set(members)) and set(members) | {s["id"] for s in singles} == set(lao)
    for grp in big_layers.groups:  # each member belongs to the group's province; the group counts distinct statements
        assert all(big.gazetteer.lao_province_of(s.place_id) == grp.province_id for s in grp.sites)
        assert grp.count == len({i for s in grp.sites for i in s.statement_ids}) <= grp.site_count
    # Japanese sites are never grouped
    assert {s.place_id for s in big_layers.japan_sites} <= {s["id"] for s in data["sites"] if "group" not in s}


def test_provinces_carry_counts_and_popups_stay_short(big, big_layers):
    data = map_data(big_layers, big)
    counts = {f["properties"]["id"]: f["properties"]["count"] for f in data["provinces"]["features"]}
    assert counts == {a.place_id: a.count for a in big_layers.areas}
    assert sum(counts.values()) > 5_000
    for feature in data["provinces"]["features"]:
        props = feature["properties"]
        if props["count"]:
            assert f"{props['count']:,}".replace(",", "") in props["tip"].replace(",", "")
            assert props["popup"].count('class="lm-card"') == min(POPUP_LIMIT, props["count"])
        if props["count"] > POPUP_LIMIT:
            assert f"and {props['count'] - POPUP_LIMIT} more" in props["popup"]
    for site in data["sites"]:
        if "group" in site:
            places = site["group"]["places"]
            assert site["popup"].count('class="lm-place"') == min(GROUP_POPUP_LIMIT, places)
            if places > GROUP_POPUP_LIMIT:
                assert f"and {places - GROUP_POPUP_LIMIT} more places" in site["popup"]
    popup_bytes = max(len(x["popup"]) for x in [*data["sites"], *(f["properties"] for f in data["provinces"]["features"])])
    assert popup_bytes < 6_000


def test_a_group_lists_its_busiest_places_first(big, big_layers):
    grp = max(big_layers.groups, key=lambda g: len(g.sites))
    popup = next(s["popup"] for s in map_data(big_layers, big)["sites"] if s.get("group") and s["id"] == grp.province_id)
    shown = re.findall(r'<div class="lm-place"><span>([^<]*)</span><span class="n">(\d+)</span>', popup)
    assert [int(n) for _, n in shown] == sorted((s.count for s in grp.sites), reverse=True)[:GROUP_POPUP_LIMIT]
    assert shown[0][0] == grp.sites[0].name


def test_a_click_on_a_group_selects_its_province(big, big_layers):
    grp = big_layers.groups[0]
    assert place_for_click(big_layers, {"last_object_clicked": {"lat": grp.lat, "lng": grp.lon},
                                        "last_object_clicked_tooltip": group_tooltip(grp, "en")}) == grp.province_id
    assert hit_test(big_layers, grp.lat, grp.lon) == grp.province_id


def test_a_selected_place_inside_a_group_rings_the_group(big, big_layers):
    grp = big_layers.groups[3]
    script = _get_feature_group_string(selection_layer(big_layers, (grp.sites[-1].place_id,)), build_map(big_layers, big))
    data, _ = json.JSONDecoder().raw_decode(script[script.index("var data = ") + len("var data = "):])
    assert [(r["id"], r["lat"], r["lon"]) for r in data["rings"]] == [(grp.province_id, grp.lat, grp.lon)]


def test_the_real_data_is_drawn_as_before(ds):
    layers = map_layers(ds, apply(ds, Filter()), "en")
    assert 0 < len(layers.sites) < SITE_LIMIT and not layers.groups and layers.drawn_sites == layers.sites
    data = map_data(layers, ds)
    assert not any("group" in s or s.get("halo") for s in data["sites"])
    assert "grouped by province" not in data["legend"]


def test_grouping_keeps_counts_on_the_real_data_too(ds):
    """The same rule on a small scale: with a limit of 2 the real (three Lao) sites are grouped and nothing is lost."""
    layers = map_layers(ds, apply(ds, Filter()), "en", site_limit=2)
    assert layers.groups
    grouped = {s.place_id: s.count for g in layers.groups for s in g.sites}
    drawn = {s.place_id: s.count for s in layers.drawn_sites}
    assert not grouped.keys() & drawn.keys()
    assert {**grouped, **drawn} == {s.place_id: s.count for s in layers.sites}
    vientiane = next(g for g in layers.groups if any(s.place_id == "vientiane" for s in g.sites))
    assert vientiane.province_id == ds.gazetteer.lao_province_of("vientiane")
    data = map_data(layers, ds)
    assert "grouped by province" in data["legend"]
    assert {s["id"] for s in data["sites"] if "group" in s} == {g.province_id for g in layers.groups}


def test_the_timeline_keeps_every_item_in_lanes_of_bounded_height(big):
    import re

    from laomap.charts.timeline import LANE_ROW, MAX_ROWS_PER_LANE, _focus, timeline_html
    from laomap.views.chronology import timeline_items

    items = timeline_items(big, apply(big, Filter()), "en")
    page = timeline_html(items, "en", big)
    _, _, lo, hi = _focus(items)
    shown = items[~((items.end < lo) | (items.start > hi))]
    assert page.count("data-stmt=") == len(shown)  # every dated mention in view is drawn
    heights = [int(h) for h in re.findall(r'class="lm-tl-track" style="height:(\d+)px"', page)]
    lanes = items.theme.nunique()
    assert lanes > 5 and len(heights) == lanes and max(heights) <= MAX_ROWS_PER_LANE * LANE_ROW + 6  # 79,000 px without the cap


def test_the_statement_table_lists_every_statement_once(big):
    from laomap.views.details import statement_labels, statement_table

    rows = apply(big, Filter())
    table = statement_table(big, rows, "en")
    assert len(table) == 10_000 and table.statement_id.is_unique
    assert table["where"].iloc[0] == f"{rows.section.iloc[0]} ¶{int(rows.paragraph.iloc[0])}.{int(rows.sentence.iloc[0])}"
    assert set(statement_labels(big, rows, "en")) == set(table.statement_id)
