"""Fonts and matplotlib settings for static figures: IPAexGothic from the matplotlib-fontja wheel and Noto Sans Lao
from static/vendor (bin/setup), by file path.

Japanese and Lao exports need no system font; matplotlib (3.11, with libraqm) shapes the Lao text. matplotlib's settings are process-wide, so figures drawn
on several threads take turns (``RENDER_LOCK``).
"""

from __future__ import annotations

import importlib.util
import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path

from matplotlib import font_manager

from laomap.errors import ExportError

_font_lock = threading.Lock()
# matplotlib's rc settings are process-wide: exports made on several threads (the dashboard renders
# downloads off the script thread) take turns, so one export's fonts never leak into another's.
RENDER_LOCK = threading.RLock()


def japanese_font_file() -> Path:
    """IPAexGothic from the matplotlib-fontja wheel, found without importing it (its import restyles matplotlib)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / "ipaexg.ttf"
        if path.is_file():
            return path
    raise ExportError.of("err.font_missing", font="IPAexGothic (matplotlib-fontja)", path=", ".join(folders) or "matplotlib_fontja")


class _NoBoldNotice(logging.Filter):
    """IPAexGothic has one weight; matplotlib's notice that it has no bold is expected, not a problem."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to find font weight" not in record.getMessage()


def lao_font_file(bold: bool = False) -> Path:
    """Noto Sans Lao (SIL OFL 1.1), installed by bin/setup from the npm registry into static/vendor/noto-sans-lao."""
    from laomap import paths

    path = paths.PROJECT_ROOT / "static" / "vendor" / "noto-sans-lao" / f"NotoSansLao-{'Bold' if bold else 'Regular'}.ttf"
    if not path.is_file():
        raise ExportError.of("err.font_missing", font="Noto Sans Lao", path=str(path))
    return path


# The font each interface language's text needs, placed before every fallback in that language's exports
# (Lao marks stack over the vowels only with a Lao font: DejaVu Sans has the glyphs but not the positioning).
# A new language whose script DejaVu Sans draws needs no entry; one that needs its own font adds it here.
SCRIPT_FONTS: dict[str, tuple] = {"ja": (japanese_font_file,), "lo": (lao_font_file, lambda: lao_font_file(bold=True))}
BASE_FONT = "DejaVu Sans"
# The deck's faces per language: (latin, east asian, complex script). PowerPoint draws Lao with the complex-script
# face; Phetsarath OT is the Lao government's standard Unicode font (Debian fonts-lao), and PowerPoint substitutes
# Lao UI where it is missing.
DECK_FACES: dict[str, tuple[str, str, str]] = {"en": ("Arial", "Meiryo", "Phetsarath OT"), "ja": ("Meiryo", "Meiryo", "Phetsarath OT"),
                                               "lo": ("Arial", "Meiryo", "Phetsarath OT")}
# Web fonts the browser cannot be assumed to have: the dashboard serves them from static/vendor (bin/setup puts them
# there), the offline HTML map embeds what it uses of them (OFFLINE_FONTS). Each applies to its script's characters only (unicode-range).
WEB_FONTS: dict[str, tuple[str, str, tuple]] = {
    "lo": ("Noto Sans Lao", "U+0E80-0EFF", ((lao_font_file, 400), (lambda: lao_font_file(bold=True), 700))),
}
WEB_FONT_BASE = "/app/static/vendor"  # where Streamlit serves static/vendor
# Japanese: fontsource's Noto Sans JP, its faces cut by unicode-range into small files of which a page fetches only those
# its characters need (bin/setup, web-assets.txt).
JAPANESE_WEB_FONT = "Noto Sans JP"
JAPANESE_WEB_FONT_CSS = f"{WEB_FONT_BASE}/noto-sans-jp/noto-sans-jp.css"
# The Japanese families of every stack (page, map frame, Present), in this order: the machine's own Noto Sans CJK JP (the
# same design as the served font) where it is installed, so a page fetches no font file at all; else the served one,
# so Japanese looks the same on a machine with no Japanese font; other system fonts only if the served one fails. A
# browser fetches a web face only when no family before it has the character: on a Japanese Map page the served
# font was some 65 files (1.3 MB) that the page and the map's frame queued for, ahead of the map's own files.
JAPANESE_FAMILIES = ("Noto Sans CJK JP", JAPANESE_WEB_FONT, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI",
                     "Yu Gothic", "Meiryo")


def css_families(names: tuple[str, ...]) -> str:
    """Font family names as a CSS list, each quoted."""
    return ", ".join(f'"{name}"' for name in names)


def web_font_import() -> str:
    """The served Japanese faces as a CSS @import (the first rule of a style sheet)."""
    return f'@import url("{JAPANESE_WEB_FONT_CSS}");'


_families: dict[str, str] = {}


def font_face_css() -> str:
    """@font-face rules for the web fonts the dashboard serves from ``WEB_FONT_BASE``; missing font files are left out."""
    rules = []
    for family, ranges, files in WEB_FONTS.values():
        for make, weight in files:
            try:
                path = make()
            except ExportError:
                continue
            rules.append(f"@font-face {{ font-family: '{family}'; src: url({WEB_FONT_BASE}/{path.parent.name}/{path.name}) "
                         f"format('truetype'); font-weight: {weight}; font-display: swap; unicode-range: {ranges}; }}")
    return "\n".join(rules)


# --------------------------------------------------------------------------- fonts an offline file carries

Face = tuple[int, str, Path]  # (weight, unicode-range, file)


def japanese_web_faces() -> list[Face]:
    """The served Noto Sans JP faces, as the fontsource style sheet (static/vendor/noto-sans-jp, bin/setup) lists them."""
    from laomap import paths

    sheet = paths.PROJECT_ROOT / "static" / "vendor" / "noto-sans-jp" / "noto-sans-jp.css"
    try:
        text = sheet.read_text(encoding="utf-8")
    except OSError:
        raise ExportError.of("err.font_missing", font=JAPANESE_WEB_FONT, path=str(sheet)) from None
    faces = []
    for rule in re.findall(r"@font-face\s*\{(.*?)\}", text, flags=re.S):
        weight, file, ranges = (re.search(rx, rule) for rx in (r"font-weight:\s*(\d+)", r"url\(\./([^)]+\.woff2)\)",
                                                                 r"unicode-range:\s*([^;]+);"))
        if weight and file and ranges:
            served = sheet.parent / file.group(1)
            # its WOFF twin where bin/setup copied it (the regular weight): cut ten times faster than the WOFF2, whose
            # outlines must all be decoded first
            plain = served.with_suffix(".woff")
            faces.append((int(weight.group(1)), ranges.group(1).strip(), plain if plain.is_file() else served))
    return faces


def lao_web_faces() -> list[Face]:
    """Noto Sans Lao, regular and bold (the dashboard serves the same files)."""
    family, ranges, files = WEB_FONTS["lo"]
    return [(weight, ranges, make()) for make, weight in files]


# Fonts an offline HTML map writes into itself (export/fontembed.py), each for the characters of its script that the file
# uses: the family its style sheets name, the script's characters, the weights embedded, and the served faces to cut them
# from. Japanese embeds its regular weight only: its bold would double the file's font bytes, and the browser emboldens
# the regular face where the page asks for bold (its labels and headings). Lao's two faces are small.
OFFLINE_FONTS: tuple[tuple[str, str, tuple[int, ...], Callable[[], list[Face]]], ...] = (
    (JAPANESE_WEB_FONT, "U+3000-30FF, U+31F0-31FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF, U+20000-3134F", (400,),
     japanese_web_faces),
    (WEB_FONTS["lo"][0], WEB_FONTS["lo"][1], (400, 700), lao_web_faces),
)


def _register(lang: str) -> str:
    """Add the ``lang`` script font's files to matplotlib's font manager by file path (once); its family name."""
    with _font_lock:
        if lang not in _families:
            files = [make() for make in SCRIPT_FONTS[lang]]
            for path in files:
                font_manager.fontManager.addfont(str(path))
            _families[lang] = font_manager.FontProperties(fname=str(files[0])).get_name()
            logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldNotice())
    return _families[lang]


def register_fonts() -> str:
    """Add IPAexGothic to matplotlib's font manager by file path (once) and return its family name."""
    return _register("ja")


def font_family(lang: str) -> list[str]:
    """The language's own script font first, then DejaVu Sans, then the other script fonts as fallbacks."""
    own = [_register(lang)] if lang in SCRIPT_FONTS else []
    others = [_register(code) for code in SCRIPT_FONTS if code != lang]
    return [*own, BASE_FONT, *others]


def has_bold(lang: str) -> bool:
    """Whether the language's first font has a bold face (IPAexGothic has one weight: Japanese is emboldened by a stroke)."""
    return lang not in SCRIPT_FONTS or len(SCRIPT_FONTS[lang]) > 1


def rc(lang: str) -> dict:
    """matplotlib settings for an export: its fonts, text kept as text in PDF, as paths in SVG.

    ``text.parse_math`` is off: names, titles and search words come from documents and users,
    and a ``$`` in them must print as a dollar sign, not start mathtext (which garbles the
    text or, unbalanced, raises instead of drawing).
    """
    return {"font.family": font_family(lang), "pdf.fonttype": 42, "svg.fonttype": "path", "axes.unicode_minus": False,
            "svg.hashsalt": "laomap", "path.simplify": True, "text.parse_math": False}
