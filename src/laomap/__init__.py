"""laomap — the Japan–Lao PDR Partnership Atlas.

The library knows nothing of Streamlit. One data flow: documents -> dataset -> filter ->
layers -> folium / matplotlib / HTML charts. Public API::

    ds = laomap.load_dataset()          # commitments table, places GeoDataFrame, ...
    rows = laomap.apply(ds, laomap.Filter(themes=("energy",), lang="ja"))
"""

from typing import TYPE_CHECKING

from laomap.errors import AlignmentError, DocumentError, ExportError, GazetteerError, LaomapError, ValidationError

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset, build, load_dataset
    from laomap.views.filters import Filter, apply

_LAZY = {"Dataset": "laomap.pipeline.dataset", "build": "laomap.pipeline.dataset", "load_dataset": "laomap.pipeline.dataset",
         "Filter": "laomap.views.filters", "apply": "laomap.views.filters"}


def __getattr__(name: str) -> object:
    """The public API, imported on first use: a process that only reads a file (``ingest.bounded``) needs none of it."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'laomap' has no attribute {name!r}")


__all__ = [
    "AlignmentError",
    "Dataset",
    "DocumentError",
    "ExportError",
    "Filter",
    "GazetteerError",
    "LaomapError",
    "ValidationError",
    "apply",
    "build",
    "load_dataset",
]
__version__ = "0.1.0"
