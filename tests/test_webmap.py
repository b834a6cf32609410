"""The folium map as data: features, counts, escaping, offline assets, clicks, determinism."""

from __future__ import annotations

import json
import re

import pytest
from streamlit_folium import _get_header, _get_map_string

from laomap.maps.web import OSM_TILES, area_name, build_map, map_data, map_html, payload_size, place_for_click, tooltip_text
from laomap.style import CORRIDOR, count_classes
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers

NASTY = "<script>alert(1)</script> `tick` ${x} & \"quote\" 'apos'"


def layers_for(ds, lang="en", **kw):
    return map_layers(ds, apply(ds, Filter(lang=lang, **kw)), lang)


def payload(html: str) -> dict:
    """The JSON document the map script draws from (``var D = {...};``)."""
    start = html.index("var D = ") + len("var D = ")
    data, _ = json.JSONDecoder().raw_decode(html[start:])
    return data


@pytest.fixture(scope="module")
def layers(ds):
    return layers_for(ds)


@pytest.fixture(scope="module")
def html_en(ds, layers):
    return map_html(build_map(layers, ds))


def test_every_province_is_a_feature_with_its_count_and_class_colour(ds, layers, html_en):
    data = payload(html_en)
    features = data["provinces"]["features"]
    assert len(features) == len(layers.areas) == 17
    by_id = {f["properties"]["id"]: f for f in features}
    classes = count_classes(layers.max_area_count)
    for area in layers.areas:
        props = by_id[area.place_id]["properties"]
        assert props["count"] == area.count
        expected = next(c.colour for c in classes if c.lower <= area.count <= c.upper)
        assert props["style"]["fillColor"] == expected
        assert by_id[area.place_id]["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert bool(props["popup"]) == bool(area.count)


def test_sites_lines_and_arcs_are_drawn_as_the_layers_say(ds, layers, html_en):
    data = payload(html_en)
    assert {s["id"]: s["count"] for s in data["sites"]} == {s.place_id: s.count for s in layers.sites}
    radii = {s["id"]: s["style"]["radius"] for s in data["sites"]}
    biggest = max(layers.lao_sites, key=lambda s: s.count)
    smallest = min(layers.sites, key=lambda s: s.count)
    assert biggest.count > smallest.count and radii[biggest.place_id] > radii[smallest.place_id]
    lines = {f["properties"]["id"]: f for f in data["lines"]}
    assert set(lines) == {"ewec", "mekong"}
    assert lines["ewec"]["properties"]["style"]["color"] == CORRIDOR
    assert lines["ewec"]["properties"]["style"]["dashArray"]  # an approximate line is dashed
    assert lines["mekong"]["properties"]["style"]["dashArray"] is None
    assert lines["ewec"]["geometry"]["type"] == "LineString"
    assert len(data["arcs"]) == len(layers.arcs) == 3
    capital = next(s for s in data["sites"] if s["id"] == "vientiane")
    assert capital["style"]["ring"] is True  # precision 8: the seat of government gets a ring
    airport = next(s for s in data["sites"] if s["id"] == "wattay_airport")
    assert airport["style"]["ring"] is False and airport["style"]["color"] != "#ffffff"  # an exact site: dark edge


def test_trays_legend_and_japan_inset(ds, layers, html_en):
    data = payload(html_en)
    for tray in layers.trays:
        assert f"<span>{tray.name}</span><span class=\"n\">{tray.count}</span>" in data["trays"]
    for c in count_classes(layers.max_area_count):
        assert c.label() in data["legend"]
    inset = data["inset"]
    names = {s["label"] for s in inset["sites"]}
    assert {"Kyoto", "Takayama", "Okinawa"} <= names
    assert "Kyoto ⇄ Vientiane" in inset["list"] and "Okinawa ⇄ Attapeu" in inset["list"]
    okinawa = [f for f in inset["areas"]["features"]]
    assert okinawa, "a Japanese prefecture (Okinawa) is drawn as an area, not a point"


def test_compact_map_leaves_the_tray_to_the_page_and_numbers_the_inset(ds, layers):
    data = map_data(layers, ds, compact=True)
    assert data["trays"] == "" and data["compact"] is True
    assert {s["label"] for s in data["inset"]["sites"]} == {str(i) for i in range(1, len(layers.japan_sites) + 1)}


def test_no_japan_inset_when_the_selection_names_no_japanese_place(ds):
    layers = layers_for(ds, themes=("uxo",))
    assert not layers.japan_sites
    assert map_data(layers, ds)["inset"] is None


def test_text_is_escaped_and_cannot_break_out_of_the_script(ds):
    layers = layers_for(ds)
    target = next(a for a in layers.areas if a.count).statement_ids[0]
    layers.statements = layers.statements.copy()
    layers.statements.loc[target, "text"] = NASTY
    html = map_html(build_map(layers, ds))
    assert "<script>alert(1)</script>" not in html
    assert "${x}" not in html.split("var D = ", 1)[0]  # nothing before the JSON holds the text
    popups = " ".join(f["properties"]["popup"] for f in payload(html)["provinces"]["features"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt; `tick` ${x} &amp; &quot;quote&quot; &#x27;apos&#x27;" in popups
    # the JSON is a plain double-quoted string: '<' never appears raw, so '</script>' cannot close the tag
    script = html.split("var D = ", 1)[1].split(";\n", 1)[0]
    assert "<" not in script


def test_tooltips_and_legend_follow_the_language(ds):
    layers = layers_for(ds, lang="ja")
    data = payload(map_html(build_map(layers, ds)))
    tips = {f["properties"]["id"]: f["properties"]["tip"] for f in data["provinces"]["features"]}
    assert tips["houaphanh"].startswith("フアパン県")
    assert "件の記述" in tips["houaphanh"]
    assert "県ごとの記述数" in data["legend"]
    assert data["inset"]["title"] == "日本：パートナー・地点"
    assert "ラオス" in data["trays"]


def test_selected_place_is_outlined(ds, layers):
    data = map_data(layers, ds, selected=("houaphanh",))
    assert [f["properties"]["id"] for f in data["selected"]["features"]] == ["houaphanh"]
    assert map_data(layers, ds)["selected"]["features"] == []


def test_offline_assets_only_and_osm_only_on_request(ds, layers, html_en):
    srcs = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"([^\"]+)\"", html_en)
    assert srcs and all(s.startswith("/app/static/vendor/leaflet/") for s in srcs), srcs
    assert "openstreetmap" not in html_en.lower()
    with_tiles = payload(map_html(build_map(layers, ds, tiles=True)))
    assert with_tiles["tiles"]["url"] == OSM_TILES
    assert "OpenStreetMap" in with_tiles["tiles"]["attribution"]


def test_map_sent_to_the_browser_is_small_and_deterministic(ds, layers):
    a, b = build_map(layers, ds), build_map(layers, ds)
    script_a, script_b = _get_map_string(a), _get_map_string(b)
    assert script_a == script_b  # the same selection gives the same component arguments: no reload
    assert _get_header(a) == _get_header(b)
    assert payload_size(build_map(layers, ds)) <= 300_000


def test_a_click_is_traced_back_to_the_place(ds, layers):
    site = next(s for s in layers.sites if s.place_id == "luang_prabang")
    province = next(a for a in layers.areas if a.place_id == "luang_prabang_province")
    # the city and its province share a name: tooltips keep them apart
    assert tooltip_text(site.name, site.count, "en") != tooltip_text(area_name(province, "en"), province.count, "en")
    clicked = {"last_object_clicked": {"lat": site.lat + 0.1, "lng": site.lon + 0.1},  # a marker's edge, not its centre
               "last_object_clicked_tooltip": tooltip_text(site.name, site.count, "en")}
    assert place_for_click(layers, clicked) == "luang_prabang"
    clicked["last_object_clicked_tooltip"] = tooltip_text(area_name(province, "en"), province.count, "en")
    assert place_for_click(layers, clicked) == "luang_prabang_province"
    corridor = next(line for line in layers.lines if line.place_id == "ewec")
    assert place_for_click(layers, {"last_object_clicked_tooltip": tooltip_text(corridor.name, corridor.count, "en")}) == "ewec"
    # no tooltip (or one that matches nothing): the position decides
    assert place_for_click(layers, {"last_object_clicked": {"lat": 20.4, "lng": 104.0}, "last_object_clicked_tooltip": None}) == "houaphanh"
    assert place_for_click(layers, {"last_object_clicked": {"lat": 20.4, "lng": 104.0}, "last_object_clicked_tooltip": "?"}) == "houaphanh"
    assert place_for_click(layers, None) is None
    assert place_for_click(layers, {"last_object_clicked": None, "last_object_clicked_tooltip": None}) is None


def test_legend_lists_only_what_the_map_shows(ds):
    full = map_data(layers_for(ds), ds)["legend"]
    assert "Capital (seat of government)" in full and "Exact site" in full and "Partnership link" in full
    energy = layers_for(ds, themes=("energy",))
    assert not energy.sites and not energy.arcs
    legend = map_data(energy, ds)["legend"]
    assert "Capital" not in legend and "Exact site" not in legend and "Partnership link" not in legend
    assert "East-West Economic Corridor" in legend  # the lines are always drawn


def test_selection_layer_outlines_the_selected_places_without_changing_the_map(ds, layers):
    from streamlit_folium import _get_feature_group_string

    from laomap.maps.web import selection_layer

    group = selection_layer(layers, ("houaphanh", "luang_prabang", "ewec"))
    script = _get_feature_group_string(group, build_map(layers, ds))
    data, _ = json.JSONDecoder().raw_decode(script[script.index("var data = ") + len("var data = "):])
    assert [f["properties"]["id"] for f in data["areas"]["features"]] == ["houaphanh", "ewec"]  # outline, corridor highlight
    assert [r["id"] for r in data["rings"]] == ["luang_prabang"]
    assert "interactive: false" in script  # clicks go through to the map below
    empty = _get_feature_group_string(selection_layer(layers, ()), build_map(layers, ds))
    assert '"features": []' in empty and '"rings": []' in empty


def test_the_keyboard_reads_the_map_north_to_south_lao_places_before_their_partners_in_every_language(ds):
    """Tab's order (each shape's ``tab``): provinces north to south, then the places at home before the partner places
    in Japan, each north to south; the same order whatever the language."""
    from shapely.geometry import shape

    orders = {}
    for lang in ("en", "ja", "lo"):
        data = map_data(layers_for(ds, lang), ds)
        provinces = sorted(data["provinces"]["features"], key=lambda f: f["properties"]["tab"])
        sites = sorted(data["sites"], key=lambda s: s["tab"])
        for shapes in (provinces, sites, data["lines"]):
            tabs = sorted(s["tab"] if "tab" in s else s["properties"]["tab"] for s in shapes)
            assert tabs == list(range(len(shapes)))  # one stop each, no gap, no tie
        latitudes = [shape(f["geometry"]).centroid.y for f in provinces]
        assert latitudes == sorted(latitudes, reverse=True)
        assert provinces[0]["properties"]["id"] == "phongsaly" and provinces[-1]["properties"]["id"] in ("attapeu", "champasak")
        countries = [ds.gazetteer.places[s["id"]].country for s in sites]
        assert "JP" in countries and countries == sorted(countries, key=lambda c: c != "LA")  # home first, then abroad
        for country in set(countries):
            here = [s["lat"] for s, c in zip(sites, countries) if c == country]
            assert here == sorted(here, reverse=True), country
        orders[lang] = ([f["properties"]["id"] for f in provinces], [s["id"] for s in sites])
    assert orders["en"] == orders["ja"] == orders["lo"]
