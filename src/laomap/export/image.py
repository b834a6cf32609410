"""Map images of a selection: PNG, SVG or PDF at a preset size, drawn by ``maps.static``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from laomap.errors import ExportError
from laomap.export.prepare import prepare
from laomap.maps.presets import FORMATS, PRESETS, Preset, preset_named
from laomap.maps.static import figure_bytes, render_map

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset
    from laomap.views.filters import Filter

__all__ = ["FORMATS", "PRESETS", "Preset", "export_map"]


def export_map(ds: Dataset, flt: Filter, *, preset: str = "16:9", fmt: str = "png", today: date | None = None,
               title: str | None = None) -> bytes:
    """The filtered selection as a map image; ExportError for an empty selection or a bad preset/format."""
    p = preset_named(preset)
    if fmt not in FORMATS:
        raise ExportError.of("err.export_unknown_format", got=fmt, allowed=", ".join(FORMATS))
    sel = prepare(ds, flt)
    fig = render_map(sel.focused, ds, preset=p, flt=flt, today=today, title=title, focus=flt.places)
    return figure_bytes(fig, fmt, p.dpi, flt.lang)
