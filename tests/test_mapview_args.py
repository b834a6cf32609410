"""The map as the dashboard sends it (``ui.mapview``): kept per filter and view, and st_folium's own for the bare map.

``atlas_map`` hands the browser what ``st_folium`` would for the bare map (its frame, made once per view), with the
selection's drawing in ``feature_group`` (made once per filter), instead of rendering folium's templates on every
script run; a new filter then redraws the map in the same frame (issue 29). These tests pin that equivalence to the
pinned streamlit-folium (if its arguments change, the kept ones must change with them) and the split of the map.
"""

from __future__ import annotations

import re

import pytest
import streamlit_folium

from laomap.maps.web import build_map, selection_layer
from laomap.ui.mapview import RETURNED, folium_args, frame_args, group_script, map_selection
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers


@pytest.mark.parametrize(("lang", "places", "compact", "fill"), [("en", ("attapeu",), True, False), ("ja", (), False, True)])
def test_the_kept_map_is_what_st_folium_sends(ds, monkeypatch, lang, places, compact, fill):
    layers = map_layers(ds, apply(ds, Filter(lang=lang)), lang)
    sent: list[dict] = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.append(kwargs))
    theirs_map = build_map(layers, ds, compact=compact, fill=fill)
    streamlit_folium.st_folium(theirs_map, key="map_x", height=640, use_container_width=True, returned_objects=RETURNED,
                               feature_group_to_add=selection_layer(layers, places))
    (theirs,) = sent
    ours_map = build_map(layers, ds, compact=compact, fill=fill)  # another map object, with other random ids inside
    ours = {**folium_args(ours_map, "map_x"), "feature_group": group_script(selection_layer(layers, places))}
    for name in ("id", "script", "header", "html", "key", "default", "css_links", "js_links", "feature_group"):
        assert ours[name] == theirs[name], name
    assert set(theirs) - set(ours) == {"height", "width", "returned_objects", "zoom", "center", "return_on_hover",
                                       "layer_control", "pixelated", "on_change", "wrap_longitude"}
    assert ("attapeu" in ours["feature_group"]) == bool(places)  # the outline names the selected place
    assert len(ours["script"]) > 100_000  # the whole map, not an empty frame


def _data(script: str) -> str:
    """The atlas's JSON document in a script (``var D = …;``)."""
    (found,) = re.findall(r"var D = (.*);\n", script)
    return found


def test_the_frame_is_the_bare_map_per_view_and_the_drawing_follows_the_filter(ds):
    view = (640, False, False, True, False, "en")

    def sent(flt: Filter, view: tuple = view) -> dict:
        return frame_args(build_map(map_selection(ds, flt), ds), "map_x", view)

    everything, water = sent(Filter(lang="en")), sent(Filter(lang="en", text="water"))
    # one frame for both filters: the same key, page and bare map (its view only, no atlas in it)
    for name in ("key", "script", "header", "html", "id", "css_links", "js_links"):
        assert everything[name] == water[name], name
    assert len(everything["script"]) < 3_000 and "laomapAtlas" not in everything["script"]
    # the filter's drawing: what the whole map draws, in feature_group, with the bare map to make anew on its element
    full = folium_args(build_map(map_selection(ds, Filter(lang="en")), ds), "map_x")
    assert _data(everything["drawing"]) == _data(full["script"]) != _data(water["drawing"])
    assert everything["script"] in everything["drawing"] and "window.initComponent(map_div, false)" in everything["drawing"]
    assert full["header"].count("<style>") == everything["header"].count("<style>")  # the atlas's style too
    # another view or language is another frame
    assert sent(Filter(lang="en"), (760, *view[1:]))["key"] != everything["key"]
    assert sent(Filter(lang="ja"), (*view[:-1], "ja"))["key"] != everything["key"]
    # sent once, as before: under 300 KB
    assert sum(len(everything[name]) for name in ("script", "header", "html", "drawing")) < 300_000
