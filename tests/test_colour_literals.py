"""Every colour comes from laomap.style: no colour literal anywhere else in src/ (issue 28, item 5).

A colour written in a module, a stylesheet, a template or the map's script is a second source: changing the
palette would miss it. Stylesheets take the colours as template values or ``var(--lm-…)`` variables made from
``style.colours()``. What counts as a literal: ``#rgb`` / ``#rrggbb`` / ``#rrggbbaa``, ``rgb()``/``rgba()``/``hsl()``
with numbers, a hex colour in a data URL (``%23rrggbb``), python-pptx's ``RGBColor(0x…)``, and a named colour
(``white``, ``grey``…) given as a colour: in a CSS declaration of a colour property, or as a colour argument in Python.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from matplotlib.colors import CSS4_COLORS, is_color_like

SRC = Path(__file__).resolve().parents[1] / "src" / "laomap"
STYLE = SRC / "style.py"
SCANNED = (".py", ".css", ".js", ".html")

HEX = re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![\w-])")
FUNCTIONAL = re.compile(r"\b(?:rgba?|hsla?)\(\s*[\d.][^)]*\)")
URL_HEX = re.compile(r"%23[0-9a-fA-F]{6}\b")
PPTX = re.compile(r"RGBColor\(\s*0x")
# a CSS (or the map script's) declaration of a colour: its value is checked for colour names
DECLARATION = re.compile(r"(?<![\w-])(color|background(?:-color)?|border(?:-(?:top|right|bottom|left))?(?:-color)?|outline(?:-color)?|"
                         r"fill|stroke|box-shadow|text-shadow|caret-color|text-decoration-color|fillColor)\s*:\s*([^;}\n]*)")
NAMES = frozenset(CSS4_COLORS)
# a name of style's colours where a value goes: a template's {{ white }}, an f-string's {WHITE} (not its {{ }} braces)
PLACEHOLDER = {".py": re.compile(r"(?<!\{)\{[\w.()\[\]\"']+\}(?!\})")}
TEMPLATE_VALUE = re.compile(r"\{\{[^{}]*\}\}")
# Python keyword arguments that take a colour (matplotlib, the map's style dicts)
COLOUR_ARGS = re.compile(r"(?i)(colou?r|^fc$|^ec$|^c$|foreground|background|fill$)")


def _named_in_css(text: str, suffix: str) -> list[str]:
    found = []
    text = PLACEHOLDER.get(suffix, TEMPLATE_VALUE).sub(" ", text)
    for m in DECLARATION.finditer(text):
        for token in re.split(r"[\s,()'\"+]+", m.group(2)):
            if token in NAMES:
                found.append(f"{m.group(1)}: {token}")
    return found


def _named_in_python(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        pairs: list[tuple[str, ast.AST]] = []
        if isinstance(node, ast.Call):
            pairs = [(k.arg or "", k.value) for k in node.keywords]
        elif isinstance(node, ast.Dict):
            pairs = [(k.value, v) for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        for name, value in pairs:
            if (COLOUR_ARGS.search(name) and isinstance(value, ast.Constant) and isinstance(value.value, str)
                    and value.value.lower() != "none" and is_color_like(value.value)):
                found.append(f"{name}={value.value!r}")
    return found


def colour_literals(text: str, suffix: str) -> list[str]:
    """The colour literals in a file's text (its suffix says how to read it)."""
    found = [m.group(0) for pattern in (HEX, FUNCTIONAL, URL_HEX, PPTX) for m in pattern.finditer(text)]
    found += _named_in_css(text, suffix)
    if suffix == ".py":
        found += _named_in_python(text)
    return found


def _files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*") if p.suffix in SCANNED and p != STYLE and "__pycache__" not in p.parts)


def test_no_colour_literal_outside_style():
    offenders = {str(p.relative_to(SRC)): hits for p in _files() if (hits := colour_literals(p.read_text(encoding="utf-8"), p.suffix))}
    assert offenders == {}, "colours belong in laomap/style.py: " + repr(offenders)


def test_the_scan_reads_stylesheets_modules_and_scripts():
    names = {p.name for p in _files()}
    assert {"look.css", "history.css", "accessibility.css", "atlas.css", "atlas.js", "furniture.py", "webboxes.py"} <= names


@pytest.mark.parametrize(("text", "suffix", "expected"), [
    (".a { color: #fff; }", ".css", ["#fff"]),
    (".a { border: 1px solid #e5e7eb; }", ".css", ["#e5e7eb"]),
    (".a { box-shadow: 0 1px 5px rgba(0,0,0,.22); }", ".css", ["rgba(0,0,0,.22)"]),
    (".a { background: white; }", ".css", ["background: white"]),
    (".a { text-shadow: 0 0 3px white, 0 0 2px grey; }", ".css", ["text-shadow: white", "text-shadow: grey"]),
    ("x = {color: '#ffffff', weight: 3};", ".js", ["#ffffff"]),
    ("return {color: 'white'};", ".js", ["color: white"]),
    ('CSS = f".a {{ display: none; }} .b {{ color: {TEXT}; background: white; }}"', ".py", ["background: white"]),
    ('ax.scatter(x, y, edgecolor="white")', ".py", ["edgecolor='white'"]),
    ('pe.withStroke(linewidth=2, foreground="w")', ".py", ["foreground='w'"]),
    ('style = {"color": "black"}', ".py", ["color='black'"]),
    ('ICON = "stroke=\'%23334155\'"', ".py", ["%23334155"]),
    ("INK = RGBColor(0x1F, 0x29, 0x33)", ".py", ["RGBColor(0x"]),
])
def test_the_scan_finds_each_kind_of_literal(text, suffix, expected):
    assert colour_literals(text, suffix) == expected


@pytest.mark.parametrize(("text", "suffix"), [
    (".a { color: var(--lm-white); white-space: nowrap; background: transparent; }", ".css"),
    (".a { color: {{ white }}; border-color: inherit; }", ".css"),
    ('CSS = f".a {{ background: {WHITE}; }}"', ".py"),
    ('CSS = f".a {{ display: none; }} .b {{ background: {style.WHITE}; }}"', ".py"),
    ('ax.scatter(x, y, edgecolor=WHITE, facecolor="none")', ".py"),
    ('href = "#map"; words = ["green", "red"]; anchor = "#fed-2"', ".py"),
    ("a.lm-door { color: inherit; }  .lm-row-chosen { box-shadow: inset 4px 0 0 {{ brand }}; }", ".css"),
])
def test_what_is_not_a_literal(text, suffix):
    assert colour_literals(text, suffix) == []
