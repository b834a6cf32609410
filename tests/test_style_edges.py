"""Edges of style.py the other style tests leave open (found by scripts/mutants.py): a dark channel in the WCAG
luminance, a class of one count, and the largest marker when the busiest place has a single statement."""

from __future__ import annotations

import pytest

from laomap.style import CHOROPLETH, CountClass, contrast, count_classes, point_radius


def test_a_channel_in_the_linear_part_of_srgb_counts_as_wcag_defines():
    # #050505: each channel 5/255 lies below the 0.04045 knee, so its luminance is (5/255)/12.92
    expected = (1.0 + 0.05) / ((5 / 255) / 12.92 + 0.05)
    assert contrast("#050505", "#ffffff") == pytest.approx(expected, rel=1e-9)
    assert contrast("#050505", "#ffffff") == pytest.approx(20.38, abs=0.01)


def test_a_class_of_one_count_is_labelled_with_the_count_and_a_range_with_both_ends():
    assert CountClass(3, 3, CHOROPLETH[1]).label() == "3"
    assert CountClass(1, 4, CHOROPLETH[1]).label() == "1–4"
    assert [c.label() for c in count_classes(8)] == ["0", "1–2", "3–4", "5–6", "7–8"]


def test_the_busiest_place_gets_the_largest_marker_even_with_one_statement():
    assert point_radius(1, 1) == 22.0
    assert point_radius(0, 1) == 6.0
    assert point_radius(1, 4) == pytest.approx(6.0 + 16.0 * 0.5)
