"""Map layers -> a map: ``web`` (folium/Leaflet for the dashboard and the offline HTML map, with
its script and style sheet as ``atlas.js`` and ``atlas.css``) and ``static`` (matplotlib, for
images at slide and print sizes, with ``presets`` for the sizes and formats and ``fonts`` for the
Japanese font and matplotlib settings). Both draw the same ``views.layers.MapLayers``, so they agree.

Imports: ``laomap.views`` (and through it the pipeline's types) and the base modules
(i18n, style, errors); never export, ui or Streamlit.
"""
