"""Fonts and matplotlib settings for static figures: IPAexGothic from the matplotlib-fontja wheel, by file path.

Japanese exports need no system font. matplotlib's settings are process-wide, so figures drawn
on several threads take turns (``RENDER_LOCK``).
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path

from matplotlib import font_manager

from laomap.errors import ExportError

_font_lock = threading.Lock()
# matplotlib's rc settings are process-wide: exports made on several threads (the dashboard renders
# downloads off the script thread) take turns, so one export's fonts never leak into another's.
RENDER_LOCK = threading.RLock()
_font_name: str | None = None


def japanese_font_file() -> Path:
    """IPAexGothic from the matplotlib-fontja wheel, found without importing it (its import restyles matplotlib)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / "ipaexg.ttf"
        if path.is_file():
            return path
    raise ExportError("The Japanese font (IPAexGothic from the matplotlib-fontja package) is missing: run bin/setup.")


class _NoBoldNotice(logging.Filter):
    """IPAexGothic has one weight; matplotlib's notice that it has no bold is expected, not a problem."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to find font weight" not in record.getMessage()


def register_fonts() -> str:
    """Add IPAexGothic to matplotlib's font manager by file path (once) and return its family name."""
    global _font_name
    with _font_lock:
        if _font_name is None:
            path = japanese_font_file()
            font_manager.fontManager.addfont(str(path))
            _font_name = font_manager.FontProperties(fname=str(path)).get_name()
            logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldNotice())
    return _font_name


def font_family(lang: str) -> list[str]:
    """Japanese first for Japanese exports; otherwise DejaVu Sans with IPAexGothic as the fallback."""
    jp = register_fonts()
    return [jp, "DejaVu Sans"] if lang == "ja" else ["DejaVu Sans", jp]


def rc(lang: str) -> dict:
    """matplotlib settings for an export: its fonts, text kept as text in PDF, as paths in SVG.

    ``text.parse_math`` is off: names, titles and search words come from documents and users,
    and a ``$`` in them must print as a dollar sign, not start mathtext (which garbles the
    text or, unbalanced, raises instead of drawing).
    """
    return {"font.family": font_family(lang), "pdf.fonttype": 42, "svg.fonttype": "path", "axes.unicode_minus": False,
            "svg.hashsalt": "laomap", "path.simplify": True, "text.parse_math": False}
