"""laomap — the Japan–Lao PDR Partnership Atlas.

The library knows nothing of Streamlit. One data flow: documents -> dataset -> filter ->
layers -> folium / matplotlib / HTML charts. Public API::

    ds = laomap.load_dataset()          # commitments table, places GeoDataFrame, ...
    rows = laomap.apply(ds, laomap.Filter(themes=("energy",), lang="ja"))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from laomap.errors import AlignmentError, DocumentError, ExportError, GazetteerError, LaomapError, ValidationError

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset, build, load_dataset
    from laomap.views.filters import Filter, apply

# The dataset and the filters pull in pandas and geopandas (most of a second): they are imported on first use,
# so that ``import laomap.errors`` (every command-line command, ``laomap --help``) does not pay for them.
_LAZY = {"Dataset": "laomap.pipeline.dataset", "build": "laomap.pipeline.dataset", "load_dataset": "laomap.pipeline.dataset",
         "Filter": "laomap.views.filters", "apply": "laomap.views.filters"}


def __getattr__(name: str) -> Any:
    """The public API's heavy names, imported when first asked for (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'laomap' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


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
