"""The reference for bench_dashboard.py: one page, one st_folium map, nothing else.

It draws as many polygons and markers as the dashboard's default map (the 17 Lao provinces,
the context countries, one circle marker per site) with the same local Leaflet, so the
benchmark compares the dashboard with the least any Streamlit app needs to show that map.
One text box (the "filter") changes what the map shows, the way the dashboard's search box does.

bench_dashboard.py runs it from a temporary folder beside a link to static/, which Streamlit
serves Leaflet from (static/ is looked up beside the script it runs).
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from laomap import Filter, apply, load_dataset
from laomap.maps.web import DEFAULT_ASSET_BASE
from laomap.views.layers import LAOS_BOUNDS, map_layers


@st.cache_resource
def _shapes() -> tuple[list, list, list]:
    ds = load_dataset()
    layers = map_layers(ds, apply(ds, Filter()), "en")
    provinces = [(a.place_id, a.geometry.simplify(0.004).__geo_interface__) for a in layers.areas]
    countries = [f["geometry"] for f in layers.basemap.get("features", [])]
    sites = [(s.lat, s.lon) for s in layers.sites]
    return provinces, countries, sites


text = st.sidebar.text_input("Filter")
provinces, countries, sites = _shapes()
west, south, east, north = LAOS_BOUNDS
m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=6, tiles=None)
m.default_js = [("leaflet", f"{DEFAULT_ASSET_BASE}/leaflet.js")]
m.default_css = [("leaflet_css", f"{DEFAULT_ASSET_BASE}/leaflet.css")]
for geometry in countries:
    folium.GeoJson(geometry, style_function=lambda _: {"fillColor": "#f7f5f0", "color": "#b9b3a6", "weight": 0.8}).add_to(m)
for i, (_place_id, geometry) in enumerate(provinces):
    colour = "#17695f" if (i % 3 == 0) != bool(text) else "#cfe8e3"  # the "filter" changes the shading
    folium.GeoJson(geometry, style_function=lambda _, c=colour: {"fillColor": c, "color": "#4a4a4a", "weight": 0.8,
                                                                  "fillOpacity": 0.85}).add_to(m)
for lat, lon in sites:
    folium.CircleMarker([lat, lon], radius=8, fill=True).add_to(m)
st_folium(m, height=620, use_container_width=True, returned_objects=["last_object_clicked"], key="map")
