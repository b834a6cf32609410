"""The dashboard under Streamlit's AppTest, as the page tests open it, and the map it hands to the browser."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from .conftest import ROOT

APP = str(ROOT / "dashboard.py")


def open_app(page: str = "app_pages/overview.py", **query: str | list[str]) -> AppTest:
    """Open the dashboard at ``page`` with the URL query ``query``, as a link would; no page may raise."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(query)
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_args(at: AppTest) -> dict:
    """The arguments of the page's one st_folium map (its Leaflet script among them)."""
    (component,) = [c for c in at.main.get("component_instance") if c.proto.component_name.endswith("st_folium")]
    return json.loads(component.proto.json_args)


def map_data(at: AppTest) -> dict:
    """The JSON document the map's drawing draws from (``webmap.map_data``; it travels in ``feature_group``: ui.mapview)."""
    script = map_args(at)["feature_group"]
    data, _ = json.JSONDecoder().raw_decode(script[script.index("var D = ") + len("var D = "):])
    return data
