"""Present: one theme per screen — a large map, large type and 3–5 key statements with citations."""

from __future__ import annotations

from laomap.ui.data import dataset
from laomap.ui.present import present
from laomap.ui.state import current_filter

ds = dataset()
flt = current_filter(ds)
present(ds, flt)
