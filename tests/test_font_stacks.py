"""The order of the font stacks: the machine's Noto Sans CJK JP first, the served Noto Sans JP next (issues 25 and 29).

A browser fetches a web face only when no family before it in the stack has the character. With the served font first,
a Japanese Map page fetched some 65 font files twice (page and map frame), ahead of the map's own files; with the
system's copy of the same design first, a machine that has it fetches none, and one without it still gets the served
font (the browser test ``test_japanese_is_drawn_with_the_served_font_on_a_machine_without_one``).
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from laomap.maps.fonts import JAPANESE_FAMILIES, JAPANESE_WEB_FONT
from laomap.ui import look, present


def families(stack: str) -> list[str]:
    return [name.strip().strip("'\"") for name in stack.split(",")]


def atlas_stack() -> str:
    css = resources.files("laomap.maps").joinpath("atlas.css").read_text(encoding="utf-8")
    return re.search(r"\.leaflet-container \{[^}]*?font-family:([^;]*);", css).group(1)


@pytest.mark.parametrize("stack", [look.FONT_STACK, present.FONT_STACK, atlas_stack()], ids=["page", "present", "map frame"])
def test_the_system_copy_of_the_design_comes_before_the_served_font_and_other_japanese_fonts_after(stack):
    names = families(stack)
    assert names.index("Noto Sans CJK JP") < names.index(JAPANESE_WEB_FONT), names
    others = [n for n in JAPANESE_FAMILIES if n not in ("Noto Sans CJK JP", JAPANESE_WEB_FONT) and n in names]
    assert others and all(names.index(n) > names.index(JAPANESE_WEB_FONT) for n in others), names


def test_the_families_start_with_the_system_copy_then_the_served_font():
    assert JAPANESE_FAMILIES[:2] == ("Noto Sans CJK JP", JAPANESE_WEB_FONT)
