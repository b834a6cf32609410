"""The sizes and formats of exported images: slide 16:9 and 4:3, A4 at 300 dpi; PNG, SVG, PDF."""

from __future__ import annotations

from dataclasses import dataclass

from laomap.errors import ExportError
from laomap.i18n import t


@dataclass(frozen=True)
class Preset:
    """An output size: pixels at a resolution (raster) and the same page in inches (vector)."""

    id: str
    width_px: int
    height_px: int
    dpi: int  # its label is ``preset.<id>`` in the catalogs

    @property
    def inches(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi

    @property
    def portrait(self) -> bool:
        return self.height_px > self.width_px

    def label(self, lang: str) -> str:
        return t(f"preset.{self.id}", lang)


PRESETS: dict[str, Preset] = {
    "16:9": Preset("16:9", 1920, 1080, 150),
    "4:3": Preset("4:3", 1600, 1200, 150),
    "a4-landscape": Preset("a4-landscape", 3508, 2480, 300),
    "a4-portrait": Preset("a4-portrait", 2480, 3508, 300),
}
FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def preset_named(preset: str | Preset) -> Preset:
    """A preset by its name ('16:9', '4:3', 'a4-landscape', ...), or the one given."""
    if isinstance(preset, Preset):
        return preset
    if preset not in PRESETS:
        raise ExportError.of("err.export_unknown_format", got=preset, allowed=", ".join(PRESETS))
    return PRESETS[preset]
