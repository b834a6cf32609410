"""The app-facing layer: the only part of laomap that imports Streamlit.

Pages in app_pages/ stay thin: read the shared filter with ``current_filter()``, get the
dataset with ``dataset()``, call the library, show the result.
"""
