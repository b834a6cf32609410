"""The map as the dashboard sends it (``ui.mapview``): kept per filter and view, and the same as st_folium's own.

``atlas_map`` hands the browser what ``st_folium`` would, made once per filter and view for every session
instead of rendering folium's templates on every script run (issue 29). These tests pin that equivalence to the
pinned streamlit-folium: if its arguments change, the kept ones must change with them.
"""

from __future__ import annotations

import pytest
import streamlit_folium

from laomap.maps.web import build_map, selection_layer
from laomap.ui.mapview import RETURNED, folium_args, group_script
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
