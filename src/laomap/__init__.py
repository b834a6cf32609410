"""laomap — the Japan–Lao PDR Partnership Atlas.

The library knows nothing of Streamlit. One data flow: documents -> dataset -> filter ->
layers -> folium / matplotlib / HTML charts. Public API::

    ds = laomap.load_dataset()          # commitments table, places GeoDataFrame, ...
    rows = laomap.apply(ds, laomap.Filter(themes=("energy",), lang="ja"))
"""

from laomap.errors import AlignmentError, DocumentError, ExportError, GazetteerError, LaomapError, ValidationError
from laomap.pipeline.dataset import Dataset, build, load_dataset
from laomap.views.filters import Filter, apply

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
