"""Dataset + Filter -> what a page or an export shows, independent of how it is drawn.

``filters`` (the shared Filter, its URL and command-line form, ``apply``), ``layers`` (the
map's layers: areas, sites, lines, arcs, trays), ``summary``, ``details``, ``history`` (the plan history),
``chronology`` (timeline items), ``captions`` (titles, filter summaries, source lines,
key statements), ``review`` (what a new document brings), ``about``.

Imports: ``laomap.pipeline`` and the base modules (i18n, style, errors); never maps,
charts, export, ui or Streamlit.
"""
