"""A map popup's title is a heading that fits the page's outline (issue 28): an h2 under the page's h1, in the dashboard
and in the exported HTML page alike. An h4 skipped two levels while a popup was open (WCAG 1.3.1, axe heading-order)."""

from __future__ import annotations

import re

import pytest

from laomap.export.html import html_map
from laomap.maps.web import map_data
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers

from .test_webmap import payload

HEADING = re.compile(r"<h([1-6])\b")


def _popups(node: object) -> list[str]:
    """Every popup's HTML in the map's data, wherever it sits (provinces, lines, arcs, sites, groups); "" is none."""
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "popup" and isinstance(v, str) and v] + [p for v in node.values() for p in _popups(v)]
    if isinstance(node, list):
        return [p for v in node for p in _popups(v)]
    return []


def _skips(levels: list[int]) -> bool:
    """Whether an outline goes down more than one level at a step (h1 then h3); the first heading may be any level."""
    return any(b > a + 1 for a, b in zip(levels, levels[1:]))


@pytest.mark.parametrize("lang", ["en", "ja", "lo"])
def test_every_popup_is_titled_by_one_h2(ds, lang):
    layers = map_layers(ds, apply(ds, Filter(lang=lang)), lang)
    popups = _popups(map_data(layers, ds))
    assert len(popups) >= 15  # the provinces, sites, lines and arcs with statements
    for html in popups:
        assert [int(n) for n in HEADING.findall(html)] == [2], html[:120]
        assert html.startswith('<div class="lm-popup"><h2 class="lm-popup-title">')


def test_the_exported_page_with_any_popup_open_skips_no_heading_level(ds):
    page = html_map(ds, Filter())
    script = page.index("var D = ")
    own = [int(n) for n in HEADING.findall(page[:script])]  # the page's band (h1) before the map's script
    assert own == [1]
    for html in _popups(payload(page)):
        assert not _skips(own + [int(n) for n in HEADING.findall(html)])


def test_the_outline_check_sees_a_skipped_level():
    assert _skips([1, 4]) and _skips([1, 2, 4]) and not _skips([1, 2, 2, 3, 2]) and not _skips([2])
