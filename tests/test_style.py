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
