"""Every dashboard page under Streamlit's AppTest: renders, follows the filters, restores a view from the URL, switches language.

AppTest sees the map only as an opaque component; its arguments (the Leaflet script, the
asset links) are inspected here, and a real browser checks the rest (tests/e2e).
"""

from __future__ import annotations

import gc
import html
import json
import re
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from laomap.i18n import t
from laomap.pipeline import dataset
from laomap.pipeline.dataset import load_dataset
from laomap.ui.pages import PAGES as REGISTRY
from laomap.views.filters import Filter, apply

from .apptest import APP, map_args, map_data, open_app
from .conftest import ROOT

PAGES = {spec.script: spec.heading_key for spec in REGISTRY if spec.heading_key}  # script -> the title key of its heading


def test_every_registered_page_is_tested():
    assert all((ROOT / spec.script).is_file() for spec in REGISTRY)
    # a page without a Streamlit heading draws its own screens and has its own test file
    for spec in REGISTRY:
        if not spec.heading_key:
            assert (ROOT / "tests" / f"test_{Path(spec.script).stem}_page.py").is_file(), spec.script


def header(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.main.get("html") if "lm-filters" in h.proto.body)


def figures(at: AppTest) -> dict[str, tuple[int, str]]:
    """The overview's headline figures: label -> (value, the link the figure opens)."""
    found = {}
    for h in at.main.get("html"):
        for link, label, value in re.findall(r'<a class="lm-figure lm-door" href="([^"]*)"[^>]*><span class="lm-figure-label">([^<]*)</span>'
                                             r'<span class="lm-figure-value">(\d+)</span>', h.proto.body):
            found[html.unescape(label)] = (int(value), html.unescape(link))
    return found


def metric(at: AppTest, label: str) -> int:
    shown = figures(at)
    if label in shown:
        return shown[label][0]
    return int(next(m.value for m in at.metric if m.label == label))


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_in_both_languages(page, lang):
    at = open_app(page, lang=lang)
    assert at.title[0].value == t(PAGES[page], lang)
    assert at.sidebar.multiselect[0].label == t("f.doc", lang)
    assert not at.error


def test_filters_change_what_the_overview_shows(ds):
    at = open_app()
    everything = metric(at, "Statements")
    provinces_before = {f["properties"]["id"]: f["properties"]["count"] for f in map_data(at)["provinces"]["features"]}
    at.sidebar.multiselect(key="theme").set_value(["tourism_culture"]).run()
    expected = apply(ds, Filter(themes=("tourism_culture",)))
    assert metric(at, "Statements") == len(expected) < everything
    provinces_after = {f["properties"]["id"]: f["properties"]["count"] for f in map_data(at)["provinces"]["features"]}
    assert provinces_after != provinces_before
    assert "Theme: Tourism, culture &amp; sport" in header(at)
    assert at.query_params.get("theme") == "tourism_culture"  # the URL follows the filter, with ids


def test_a_link_restores_the_view(ds):
    at = open_app(theme="energy", kind="commitment", **{"from": "2020"})
    assert at.sidebar.multiselect(key="theme").value == ["energy"]
    assert at.sidebar.multiselect(key="kind").value == ["commitment"]
    assert at.sidebar.slider(key="years").value[0] == 2020
    expected = apply(ds, Filter(themes=("energy",), kinds=("commitment",), year_from=2020))
    assert metric(at, "Statements") == len(expected)
    assert "Theme: Energy &amp; power" in header(at) and "Years: 2020–…" in header(at)


def test_a_link_with_unknown_values_keeps_the_rest_and_says_what_was_dropped():
    at = open_app(theme=["energy", "no_such_theme"], place="atlantis")
    assert at.sidebar.multiselect(key="theme").value == ["energy"]
    assert at.sidebar.multiselect(key="place").value == []
    (note,) = [w.value for w in at.warning if "no\\_such\\_theme" in w.value]
    assert "atlantis" in note  # Markdown-escaped: shown as typed, never as a link
    shown = [type(x).__name__ for x in at.main]
    assert shown.index("Warning") < shown.index("Title")  # at the top of the page, not below the fold
    ja = open_app("app_pages/timeline.py", theme="astrology", lang="ja")
    assert any("astrology" in w.value and "無視" in w.value for w in ja.warning)  # said in the interface language


def test_filters_survive_a_page_switch():
    at = open_app()
    at.sidebar.multiselect(key="place").set_value(["attapeu"]).run()
    at.sidebar.button(key="lang_ja").click().run()
    for page in ("app_pages/map.py", "app_pages/timeline.py", "app_pages/commitments.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert at.sidebar.multiselect(key="place").value == ["attapeu"]
        assert at.title[0].value == t(PAGES[page], "ja")
        assert "場所: アタプー県" in header(at)
        assert at.query_params.get("place") == "attapeu" and at.query_params.get("lang") == "ja"


def test_the_language_switch_changes_labels_map_and_statements():
    at = open_app("app_pages/map.py")
    assert "Statements per province" in map_data(at)["legend"]
    at.sidebar.button(key="lang_ja").click().run()
    assert at.title[0].value == "記述の地図"
    assert at.sidebar.multiselect(key="theme").label == "分野"
    data = map_data(at)
    assert "県ごとの記述数" in data["legend"]
    assert any(f["properties"]["tip"].startswith("フアパン県") for f in data["provinces"]["features"])
    cards = " ".join(h.proto.body for h in at.main.get("html") if "lm-card" in h.proto.body)
    assert "双方は" in cards  # Action Plan statements in Japanese
    assert "日本語版のない計画のため、英語原文で表示しています。" in cards  # the 2016 plan, in English, says so


def test_the_map_is_served_locally_and_returns_only_clicks():
    args = map_args(open_app("app_pages/map.py"))
    assert args["js_links"] == ["/app/static/vendor/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]
    assert sorted(args["returned_objects"]) == ["last_object_clicked", "last_object_clicked_tooltip"]  # no pan/zoom reruns
    assert "var D = " in args["feature_group"]  # the map's drawing (its frame's script is the bare map: ui.mapview)
    assert "tile.openstreetmap" not in args["script"] + args["feature_group"]


def test_osm_tiles_only_when_turned_on():
    at = open_app("app_pages/map.py")
    assert map_data(at)["tiles"] is None
    at.button(key="osm_button").click().run()
    tiles = map_data(at)["tiles"]
    assert tiles and "OpenStreetMap" in tiles["attribution"]
    at.button(key="osm_button").click().run()
    assert map_data(at)["tiles"] is None


def test_map_shows_every_place_and_outlines_the_selected_one(ds):
    at = open_app("app_pages/map.py", place="houaphanh")
    data = map_data(at)
    outline = map_args(at)["feature_group"]  # added to the map in the browser, without rebuilding it
    outline, _ = json.JSONDecoder().raw_decode(outline[outline.index("var data = ") + len("var data = "):])
    assert [f["properties"]["id"] for f in outline["areas"]["features"]] == ["houaphanh"]
    assert data["selected"]["features"] == []  # the map itself is the same whatever is selected
    assert sum(f["properties"]["count"] > 0 for f in data["provinces"]["features"]) > 1  # not only the selected one
    selection_list = [h.proto.body for h in at.main.get("html") if "lm-card" in h.proto.body][-1]  # last on the page
    assert selection_list.count('class="lm-card"') == len(apply(ds, Filter(places=("houaphanh",))))


def test_the_map_pages_list_shows_a_page_of_cards_then_more_and_starts_again_for_a_new_filter(ds):
    """Issue 29: the list under the map draws a few cards (the browser builds less while the map starts), every one on demand."""
    from laomap.ui.panels import LIST_FIRST, LIST_MORE

    def cards(at: AppTest) -> list[str]:
        (body,) = [h.proto.body for h in at.main.get("html") if 'id="lm-list"' in h.proto.body]  # heading and cards: one element
        return re.findall(r'<div class="lm-card-text"[^>]*>([^<]*)</div>', body)

    total = len(apply(ds, Filter()))
    assert total > LIST_FIRST + LIST_MORE  # more than two pages, so "show more" is pressed twice
    at = open_app("app_pages/map.py")
    first = cards(at)
    assert len(first) == LIST_FIRST
    more = at.button(key="map_list_more")
    assert more.label == t("mp.more", "en", n=LIST_MORE, left=total - LIST_FIRST)
    more.click().run()
    second = cards(at)
    assert len(second) == LIST_FIRST + LIST_MORE and second[:LIST_FIRST] == first
    while any(b.key == "map_list_more" for b in at.button):
        at.button(key="map_list_more").click().run()
    assert len(cards(at)) == total  # every statement of the selection can be shown
    at.sidebar.multiselect(key="theme").set_value(["energy"]).run()  # a new selection starts at its first page
    assert len(cards(at)) == min(LIST_FIRST, len(apply(ds, Filter(themes=("energy",)))))


def test_a_map_click_selects_the_place_and_a_second_click_clears_it():
    def script():
        import streamlit as st

        from laomap.ui.data import dataset
        from laomap.ui.mapview import _clicked, map_selection
        from laomap.views.filters import Filter

        layers = map_selection(dataset(), Filter())
        # the component's value is kept under its own key (a digest of the map), copied to the map's key on a click
        st.session_state["m_component"] = {"last_object_clicked": {"lat": 20.4, "lng": 104.0}, "last_object_clicked_tooltip": None}
        _clicked(layers, "m", "m_component")
        st.session_state["after_first"] = list(st.session_state["place"])
        _clicked(layers, "m", "m_component")

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception
    assert at.session_state["after_first"] == ["houaphanh"]
    assert at.session_state["place"] == []


def test_statements_page_shows_english_and_japanese_side_by_side(ds):
    sid = apply(ds, Filter(places=("attapeu",))).statement_id.iloc[0]
    at = open_app("app_pages/commitments.py", stmt=sid)
    assert at.selectbox(key="stmt").value == sid
    blocks = [h.proto.body for h in at.main.get("html") if "lm-text-block" in h.proto.body]
    en = ds.commitments[(ds.commitments.statement_id == sid) & (ds.commitments.language == "en")].text.iloc[0]
    ja = ds.commitments[(ds.commitments.statement_id == sid) & (ds.commitments.language == "ja")].text.iloc[0]
    assert any(en[:40] in b for b in blocks) and any(ja[:20] in b for b in blocks)
    facts = " ".join(h.proto.body for h in at.main.get("html") if "lm-facts" in h.proto.body)
    assert "Action Plan (2021), section" in facts and "paragraph" in facts
    assert at.query_params.get("stmt") == sid


def test_statements_table_follows_the_search(ds):
    at = open_app("app_pages/commitments.py", q="Okinawa")
    (rows,) = [h.proto.body for h in at.main.get("html") if 'class="lm-rows"' in h.proto.body]
    ids = [html.unescape(i) for i in re.findall(r'data-stmt="([^"]+)"', rows)]
    assert ids == list(apply(ds, Filter(text="Okinawa")).statement_id) and ids
    texts = [html.unescape(x) for x in re.findall(r'<div class="lm-row-text"[^>]*>([^<]*)</div>', rows)]
    assert len(texts) == len(ids) and all("Okinawa" in x or "おきなわ" in x or "沖縄" in x for x in texts)
    assert rows.index("lm-row-text") < rows.index("lm-row-meta")  # the text first, the plan, section and kind beside it


def test_statements_rows_open_their_statement_and_mark_the_untranslated(ds):
    at = open_app("app_pages/commitments.py", lang="ja", doc="joint-plan-2016")
    (rows,) = [h.proto.body for h in at.main.get("html") if 'class="lm-rows"' in h.proto.body]
    first = apply(ds, Filter(documents=("joint-plan-2016",), lang="ja")).statement_id.iloc[0]
    assert f'href="statements?doc=joint-plan-2016&amp;lang=ja&amp;stmt={first.replace(":", "%3A").replace("(", "%28").replace(")", "%29")}"' in rows
    assert rows.count("英語のみ") == rows.count("data-stmt=") > 0  # every statement of the English-only plan is marked
    assert 'lang="en"' in rows  # the English text of an English-only plan says so to the browser


def test_a_long_selection_is_listed_by_pages(ds):
    at = open_app("app_pages/commitments.py")
    assert at.selectbox(key="stmt_page").options[0].startswith("1–50")
    (rows,) = [h.proto.body for h in at.main.get("html") if 'class="lm-rows"' in h.proto.body]
    assert rows.count("data-stmt=") == 50
    at.selectbox(key="stmt_page").set_value(2).run()
    (rows,) = [h.proto.body for h in at.main.get("html") if 'class="lm-rows"' in h.proto.body]
    assert rows.count("data-stmt=") == len(apply(ds, Filter())) - 100


def test_statements_page_offers_guarded_downloads_instead_of_the_tables_own(ds):
    """The table's built-in CSV download writes formulas as they are; the page offers the guarded files instead."""
    import tomllib

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    at = open_app("app_pages/commitments.py", theme="energy", lang="ja")
    assert [b.proto.label for b in at.main.get("download_button")] == ["CSV（Excel）", "GeoJSON", "IATI XML"]
    empty = open_app("app_pages/commitments.py", q="no statement says zqxj")
    assert not empty.main.get("download_button")


def test_timeline_follows_the_filters(ds):
    def drawn(at) -> set[str]:
        (page,) = [h.proto.body for h in at.main.get("html") if 'class="lm-tl"' in h.proto.body]
        return {html.unescape(s) for s in re.findall(r'data-stmt="([^"]+)"', page)}

    at = open_app("app_pages/timeline.py")
    everything = drawn(at)
    at.sidebar.multiselect(key="theme").set_value(["digital"]).run()
    digital = drawn(at)
    assert digital and digital < everything
    assert digital == set(apply(ds, Filter(themes=("digital",))).statement_id)  # undated ones too, at their plan's date


def test_dataset_is_built_once_and_not_rebuilt_by_filter_changes(monkeypatch):
    import streamlit as st

    import laomap.pipeline.dataset as dataset_module

    st.cache_resource.clear()
    dataset_module._cache.clear()
    calls = []
    real_build = dataset_module.build
    monkeypatch.setattr(dataset_module, "build", lambda *a, **kw: calls.append(1) or real_build(*a, **kw))
    at = open_app()
    at.sidebar.multiselect(key="theme").set_value(["energy"]).run()
    at.sidebar.text_input(key="q").set_value("power").run()
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception
    assert len(calls) == 1


def test_the_sidebar_is_there_even_when_a_page_stops_early():
    at = open_app("app_pages/commitments.py", q="zqxj matches nothing")
    assert at.info and "No statement matches" in at.info[0].value
    assert at.sidebar.text_input(key="q").value == "zqxj matches nothing"
    assert at.sidebar.multiselect(key="theme").label == "Theme"


def test_the_sidebar_of_an_idle_session_keeps_no_dataset_alive():
    """Streamlit keeps each widget's format function for the session's life: the sidebar's must not hold the dataset,
    or a session left idle after the data changed would keep a whole old dataset (issue 30)."""
    at = open_app()
    assert at.sidebar.selectbox(key="carried").options  # the sidebar was drawn, with its document and "carried" choices
    first = weakref.ref(load_dataset())
    dataset._cache.clear()  # the data changed: the next run of any session builds another dataset; this one stays idle
    assert load_dataset() is not first()
    gc.collect()
    assert first() is None
