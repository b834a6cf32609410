"""Type on the static map: halos, bold that works without a bold face, labels that never overlap, text that fits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib import patheffects as pe
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from laomap.i18n.linebreak import two_lines
from laomap.maps.fonts import has_bold
from laomap.style import WHITE

if TYPE_CHECKING:
    pass


def halo(width: float) -> list:
    return [pe.withStroke(linewidth=width, foreground=WHITE)]


def strong(lang: str, size: float, colour: str, halo: float = 0.0) -> dict:
    """Bold text. A font without a bold face (IPAexGothic) is emboldened with a thin stroke of its own colour."""
    effects = [pe.Stroke(linewidth=halo, foreground=WHITE)] if halo else []
    if not has_bold(lang):
        effects += [pe.Stroke(linewidth=max(0.35, size * 0.05), foreground=colour), pe.Normal()]
        return {"fontsize": size, "color": colour, "path_effects": effects}
    if effects:
        effects.append(pe.Normal())
    return {"fontsize": size, "color": colour, "fontweight": "bold", "path_effects": effects or None}


class Labeller:
    """Places map labels in priority order, trying a few positions and dropping one that would overlap."""

    def __init__(self, fig: Figure, ax: Axes):
        self.renderer = fig.canvas.get_renderer()
        self.ax = ax
        self.taken: list = []
        self.frame = ax.get_window_extent(self.renderer)

    def block_point(self, x: float, y: float, radius_pt: float) -> None:
        """Keep labels off a marker of ``radius_pt`` points at data point (x, y)."""
        from matplotlib.transforms import Bbox

        px, py = self.ax.transData.transform((x, y))
        r = radius_pt * self.ax.figure.dpi / 72
        self.taken.append(Bbox.from_extents(px - r, py - r, px + r, py + r))

    def place(self, make, candidates) -> bool:
        for option in candidates:
            text = make(option)
            bb = text.get_window_extent(self.renderer)
            inside = (bb.x0 >= self.frame.x0 and bb.x1 <= self.frame.x1 and bb.y0 >= self.frame.y0 and bb.y1 <= self.frame.y1)
            if inside and not any(bb.overlaps(other) for other in self.taken):
                self.taken.append(bb.expanded(1.04, 1.08))
                return True
            text.remove()
        return False


def fit_width(text, max_px: float, min_scale: float = 0.72, wrap: bool = True) -> None:
    """Shrink a text (down to ``min_scale`` of its size) until it fits ``max_px``; then wrap it onto two lines."""
    renderer = text.figure.canvas.get_renderer()
    size = text.get_fontsize()
    scale = 1.0
    while text.get_window_extent(renderer).width > max_px and scale > min_scale:
        scale -= 0.04
        text.set_fontsize(size * scale)
    if wrap and text.get_window_extent(renderer).width > max_px:
        text.set_text(label_lines(text.get_text()))


def label_lines(text: str) -> str:
    """Break a text where a line may break nearest its middle (never inside a Lao syllable: ``i18n.linebreak``)."""
    return two_lines(text)


