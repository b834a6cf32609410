"""The fonts an offline HTML map carries: the served web fonts, cut down to the characters the file uses.

The dashboard serves Noto Sans JP and Noto Sans Lao (static/vendor, bin/setup), so Japanese and Lao read on a machine
without such fonts; an exported file cannot reach the server, and opened on such a machine would draw boxes. So for each
font of ``maps.fonts.OFFLINE_FONTS`` whose script the file's text uses, the export writes the glyphs of exactly those
characters into the page (fontTools' subsetter, as WOFF2 data URIs), under the family name its style sheets already
name, each face limited to its characters by ``unicode-range``. Everything else in the page keeps its own fonts.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTFont

from laomap.errors import ExportError
from laomap.maps.fonts import OFFLINE_FONTS

# a JSON string's escaped character (the map's data is JSON with every non-ASCII character escaped), a pair for
# characters beyond the basic plane
_JSON_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}")


def page_characters(page: str) -> set[str]:
    """Every character a page can show: its markup's text, its JSON data's strings and its character references."""
    return set(html.unescape(_JSON_ESCAPE.sub(lambda m: json.loads(f'"{m.group(0)}"'), page)))


def code_points(ranges: str) -> set[int]:
    """The code points of a CSS ``unicode-range`` ("U+3000-30FF, U+4e00")."""
    points: set[int] = set()
    for part in ranges.split(","):
        first, _, last = part.strip().upper().removeprefix("U+").partition("-")
        if first:
            points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def unicode_range(points: Iterable[int]) -> str:
    """A CSS ``unicode-range`` naming exactly ``points``, runs as ranges."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


@lru_cache(maxsize=64)
def _cut(path: Path, points: frozenset[int]) -> bytes:
    """The font file at ``path`` with only the glyphs of ``points`` (and those its layout needs for them), as WOFF2."""
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # screens at any size draw these outlines well without; hints are a large part of a glyph
    try:
        font = TTFont(path)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    except OSError:
        raise ExportError.of("err.font_missing", font=path.stem, path=str(path)) from None
    return out.getvalue()


def embedded_fonts(characters: Iterable[str]) -> list[dict[str, Any]]:
    """For each offline font whose script ``characters`` use: a face per weight and served file holding some of them,
    as ``{"family", "weight", "points", "woff2"}``."""
    wanted = {ord(c) for c in characters}
    faces = []
    for family, script, weights, served in OFFLINE_FONTS:
        needed = wanted & code_points(script)
        if not needed:
            continue
        for weight in weights:
            left = set(needed)
            for face_weight, ranges, path in served():
                mine = left & code_points(ranges) if face_weight == weight else set()
                if mine:
                    left -= mine
                    faces.append({"family": family, "weight": weight, "points": mine, "woff2": _cut(path, frozenset(mine))})
    return faces


def font_face_css(characters: Iterable[str]) -> str:
    """The @font-face rules of ``embedded_fonts``, their fonts as data, the licence named (SIL Open Font License 1.1)."""
    faces = embedded_fonts(characters)
    if not faces:
        return ""
    families = ", ".join(dict.fromkeys(face["family"] for face in faces))
    return f"/* {families}: only the characters of this file (SIL Open Font License 1.1) */\n" + "\n".join(
        f"@font-face {{ font-family: '{face['family']}'; font-weight: {face['weight']}; font-style: normal; font-display: block; "
        f"src: url(data:font/woff2;base64,{base64.b64encode(face['woff2']).decode('ascii')}) format('woff2'); "
        f"unicode-range: {unicode_range(face['points'])}; }}" for face in faces)
