"""The small map of the Add document review where a click sets the point of a name no index knows.

Only outlines (the context countries, the Lao provinces) and the chosen point: nothing on it is
clickable, so every click reaches the map itself and streamlit-folium returns it as ``last_clicked``.
Leaflet comes from the same local assets as the atlas map (no internet needed).
"""

from __future__ import annotations

from typing import Any

import folium

from laomap.maps.web import DEFAULT_ASSET_BASE
from laomap.style import COUNTRY_EDGE, COUNTRY_FILL, LAOS_EDGE, SELECTED_EDGE, WHITE
from laomap.views.layers import LAOS_BOUNDS


def pick_map(layers: dict[str, dict[str, Any]], point: tuple[float, float] | None = None, *,
             asset_base: str = DEFAULT_ASSET_BASE, height: int = 380) -> folium.Map:
    """Laos and its neighbours in outline, the clicked ``point`` (lat, lon) ringed; fitted to Laos."""
    west, south, east, north = LAOS_BOUNDS
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=6, tiles=None, height=height,
                   zoom_control=True, min_zoom=3, max_zoom=13)
    m.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    m.fit_bounds([[south, west], [north, east]])
    for name, style in (("countries", {"color": COUNTRY_EDGE, "weight": 1, "fillColor": COUNTRY_FILL, "fillOpacity": 0.6}),
                        ("lao_provinces", {"color": LAOS_EDGE, "weight": 1, "fillColor": WHITE, "fillOpacity": 0.5})):
        data = layers.get(name)
        if data and data.get("features"):
            folium.GeoJson(data, name=name, style_function=lambda _f, s=style: s, interactive=False, control=False).add_to(m)
    if point is not None:
        folium.CircleMarker(location=list(point), radius=7, color=SELECTED_EDGE, weight=3, fill=True, fill_opacity=0.4,
                            interactive=False).add_to(m)
    return m
