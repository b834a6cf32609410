"""Figures that are not maps: ``timeline`` (HTML, interactive), ``slide_timeline`` (matplotlib,
for the deck), ``history`` (the plan history's flows and shares, HTML) and ``small`` (theme bars). Each returns a figure and never
shows it.

Imports: ``laomap.views``, ``laomap.maps.static`` (fonts and figure sizes for slides) and the
base modules; never export, ui or Streamlit.
"""
