"""Selection -> files: map images (PNG, SVG, PDF), the PowerPoint deck, the offline HTML map,
and data (CSV, GeoJSON). Every export starts from ``prepare(ds, flt)``, which the command line,
the dashboard's Export panel and the Present page use too.

Imports: ``laomap.maps``, ``laomap.charts``, ``laomap.views`` and the base modules; never ui
or Streamlit.
"""
