"""Map layers as data: what the map shows for a selection."""

from __future__ import annotations

from laomap.views.filters import Filter, apply
from laomap.views.layers import hit_test, map_layers


def layers_for(ds, **kw):
    lang = kw.pop("lang", "en")
    return map_layers(ds, apply(ds, Filter(lang=lang, **kw)), lang)


def test_all_provinces_are_areas_with_counts(ds):
    layers = layers_for(ds)
    assert len(layers.areas) == 17
    counts = {a.place_id: a.count for a in layers.areas}
    assert counts["vientiane_capital"] == 6 and counts["houaphanh"] == 1 and counts["attapeu"] == 1  # 6: two 2016 list items take Vientiane from their lead-in (issue 11)
    assert counts["phongsaly"] == 0


def test_sites_lines_arcs_and_trays(ds):
    layers = layers_for(ds)
    sites = {s.place_id: s for s in layers.sites}
    assert sites["kyoto"].role == "partner" and sites["kyoto"].country == "JP"
    assert sites["vientiane"].precision_code == 8
    lines = {line.place_id: line for line in layers.lines}
    assert lines["ewec"].geometry.geom_type == "LineString" and lines["ewec"].count == 1
    assert {(a.japan_place_id, a.lao_place_id) for a in layers.arcs} == {
        ("kyoto", "vientiane"), ("takayama", "luang_prabang"), ("okinawa", "attapeu")}
    trays = {t.place_id: t.count for t in layers.trays}
    assert trays["lao_pdr"] >= 10
    assert layers.trays[0].place_id == "lao_pdr"
    assert layers.total == len(apply(ds, Filter()))


def test_filter_changes_the_layers(ds):
    layers = layers_for(ds, themes=("uxo",))
    assert all(a.count == 0 for a in layers.areas)
    assert layers.total == len(apply(ds, Filter(themes=("uxo",))))


def test_mentions_only_when_asked(ds):
    rows = apply(ds, Filter())
    assert "osaka" not in {s.place_id for s in map_layers(ds, rows).sites}
    assert "osaka" in {s.place_id for s in map_layers(ds, rows, include_mentions=True).sites}


def test_names_follow_the_language(ds):
    layers = layers_for(ds, lang="ja")
    assert {a.place_id: a.name for a in layers.areas}["houaphanh"] == "フアパン県"


def test_hit_test_finds_sites_then_provinces(ds):
    layers = layers_for(ds)
    assert hit_test(layers, 19.8856, 102.1347) == "luang_prabang"
    assert hit_test(layers, 20.4, 104.0) == "houaphanh"
    assert hit_test(layers, 10.0, 90.0) is None
