"""The registry of data export formats: one entry per format, read by every place that offers one.

A data format writes the statement rows of a selection to bytes. The command line's
``export-data --format`` choices, the Export panel's data buttons and the Statements page's
downloads are all made from ``DATA_FORMATS``, so a new format is its writer plus one
``register`` call plus its labels in the catalogs (datasette's output renderers are the model:
a name, a callable, a content type, a file extension).

The other files a selection is exported to (map image, deck, offline HTML map) have their own
options; their MIME types sit here too, so no caller keeps a table of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from laomap.errors import ExportError
from laomap.maps.presets import FORMATS as IMAGE_MIME

if TYPE_CHECKING:
    import pandas as pd

    from laomap.pipeline.dataset import Dataset

Writer = Callable[["Dataset", "pd.DataFrame"], bytes]


@dataclass(frozen=True)
class DataFormat:
    """A data export: its id (``--format``), writer, MIME type, file suffix and the catalog keys of its button."""

    name: str
    writer: Writer | str  # the writer, or "module:function" imported on first use (the command line's --help stays light)
    mime: str
    suffix: str
    label_key: str
    help_key: str
    icon: str = ":material/description:"  # the button's Material icon name (a string; the ui draws it)

    def write(self, ds: Dataset, rows: pd.DataFrame) -> bytes:
        """The rows of a selection as this format's bytes."""
        writer = self.writer
        if isinstance(writer, str):
            module, _, name = writer.partition(":")
            writer = getattr(import_module(module), name)
        return writer(ds, rows)

    def file_name(self, stem: str) -> str:
        """'laomap-energy-en.csv': the download's name for a file stem."""
        return f"{stem}.{self.suffix}"


DATA_FORMATS: dict[str, DataFormat] = {}


def register(fmt: DataFormat) -> DataFormat:
    """Add a format (in the order the buttons show); a second format of the same name is a bug."""
    if fmt.name in DATA_FORMATS:
        raise ValueError(f"data format {fmt.name!r} is registered twice")
    DATA_FORMATS[fmt.name] = fmt
    return fmt


def data_format(name: str) -> DataFormat:
    """The format called ``name``; ExportError naming the known ones otherwise."""
    try:
        return DATA_FORMATS[name]
    except KeyError:
        raise ExportError.of("err.export_unknown_format", got=name, allowed=", ".join(DATA_FORMATS)) from None


register(DataFormat("csv", "laomap.export.data:commitments_csv", "text/csv", "csv", "xp.csv", "xp.help_csv", ":material/table:"))
register(DataFormat("geojson", "laomap.export.data:commitments_geojson", "application/geo+json", "geojson", "xp.geojson", "xp.help_geojson",
                    ":material/location_on:"))
register(DataFormat("iati", "laomap.export.iati:commitments_iati", "application/xml", "xml", "xp.iati", "xp.help_iati", ":material/code:"))

# the other exports of a selection, by file suffix
MIME: dict[str, str] = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
    **IMAGE_MIME,
}
