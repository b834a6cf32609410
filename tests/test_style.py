"""Province shading classes: contiguous, ending at the largest count, the busiest always the darkest above four."""

import pytest

from laomap.style import CHOROPLETH, count_classes


@pytest.mark.parametrize("largest", [1, 2, 3, 4, 5, 6, 7, 9, 13, 40, 10_000])
def test_classes_cover_every_count_once(largest):
    classes = count_classes(largest)
    assert classes[0].lower == classes[0].upper == 0
    covered = [n for c in classes[1:] for n in range(c.lower, c.upper + 1)]
    assert covered == list(range(1, largest + 1))
    assert len(classes) <= len(CHOROPLETH)
    if largest >= 4:
        assert classes[-1].colour == CHOROPLETH[-1], "the busiest province is drawn in the darkest shade"


def test_only_the_count_classes_read_the_province_palette():
    """The brand (kickers, rules, the deck's accent) has its own colours: CHOROPLETH is read by count_classes alone."""
    import ast
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "laomap"
    readers = {str(p.relative_to(src)) for p in src.rglob("*.py")
               if any(isinstance(n, ast.Name | ast.alias) and "CHOROPLETH" in (getattr(n, "id", None) or getattr(n, "name", ""))
                      for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))}
    assert readers == {"style.py"}


def test_recolouring_the_provinces_recolours_the_provinces_only():
    """A fresh interpreter with other province classes: the map's classes change; the page, the deck and the bars do not."""
    import subprocess
    import sys

    probe = """
import laomap.style as s
s.CHOROPLETH = ("#000001", "#000002", "#000003", "#000004", "#000005")
from laomap.charts import small
from laomap.export import deck
from laomap.ui import look, present
classes = [c.colour for c in s.count_classes(40)]
import pandas as pd
bars = small.theme_bars_html(pd.DataFrame({"theme": ["energy", "health"], "label": ["E", "H"], "statements": [3, 1]}), ["energy"])
others = look.stylesheet() + look.accessibility_css() + present.head_html() + str(deck.ACCENT) + bars
print(",".join(classes)); print(any(f"#00000{i}" in others for i in range(1, 6))); print(s.ACCENT, s.BRAND)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split("\n")
    assert set(out[0].split(",")) <= {"#000001", "#000002", "#000003", "#000004", "#000005"}  # the provinces follow
    assert out[1] == "False"  # nothing else does
    assert out[2] == "#17695f #17695f"


def test_five_counts_make_classes_of_one_one_two_and_one():
    """Four classes of roughly equal width whose last ends at the largest count: 1 | 2 | 3-4 | 5 for five."""
    assert [(c.lower, c.upper) for c in count_classes(5)] == [(0, 0), (1, 1), (2, 2), (3, 4), (5, 5)]
    assert [(c.lower, c.upper) for c in count_classes(40)] == [(0, 0), (1, 10), (11, 20), (21, 30), (31, 40)]


def test_a_count_past_every_class_takes_the_darkest_and_zero_the_grey():
    from laomap.style import colour_for

    classes = count_classes(40)
    assert colour_for(100, classes) == CHOROPLETH[-1]
    assert colour_for(0, classes) == CHOROPLETH[0]
    assert colour_for(15, classes) == CHOROPLETH[2]


def test_a_marker_s_area_grows_with_its_count():
    from laomap.style import point_radius

    assert point_radius(0, 10) == point_radius(5, 0) == 6.0
    assert point_radius(10, 10) == 22.0
    assert point_radius(25, 100) == 6.0 + 16.0 * 0.5  # a quarter of the count: half the radius step
    assert point_radius(1, 4, small=2.0, large=10.0) == 6.0
