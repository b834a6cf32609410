"""WCAG 2.1 contrast, computed from laomap.style: text 4.5:1 on every ground it is drawn on, graphics that carry
meaning 3:1 against what they touch, in the dashboard, the map, the exported images and the deck alike."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from laomap import style
from laomap.charts.history import BAND_OPACITY
from laomap.charts.history import COLOURS as FLOW_COLOURS
from laomap.style import GRAPHIC_CONTRAST, TEXT_CONTRAST, contrast, over

WHITE = "#ffffff"
# The light grounds of the interface: page, sidebar and lanes (.streamlit/config.toml), cards and figures, text blocks.
GROUNDS = (WHITE, "#f3f5f6", "#f7f9f9", "#fafbfb")


def test_the_ratio_is_wcag_s():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the well-known grey just under 4.5:1
    assert contrast("#797f85", "#ffffff") < TEXT_CONTRAST  # Streamlit's caption grey, which the stylesheet replaces
    assert over("#000000", 0.5, "#ffffff") == "#808080"


@pytest.mark.parametrize("ground", GROUNDS)
@pytest.mark.parametrize("name", ["TEXT", "MUTED"])
def test_text_colours_on_every_ground(name, ground):
    assert contrast(getattr(style, name), ground) >= TEXT_CONTRAST, (name, ground)


def test_streamlit_s_own_faded_text_reads_without_the_page_s_stylesheet():
    """Captions and help are the theme's text colour at 60 % (Streamlit's own CSS): 4.5:1 on every ground, whether or not
    the page's stylesheet (which makes them MUTED) has arrived yet."""
    import tomllib

    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["theme"]["textColor"] == style.THEME_TEXT
    for ground in (config["theme"]["backgroundColor"], config["theme"]["secondaryBackgroundColor"], *GROUNDS):
        assert contrast(over(style.THEME_TEXT, style.THEME_FADED, ground), ground) >= TEXT_CONTRAST, ground
    assert contrast(over("#1f2933", style.THEME_FADED, WHITE), WHITE) < TEXT_CONTRAST  # the old text colour did not


def test_the_accent_carries_white_text_and_the_kicker():
    assert contrast(style.ACCENT, WHITE) >= TEXT_CONTRAST  # the deck's and exports' title bands, the page kicker


def test_country_names_on_land_and_sea():
    for ground in (style.COUNTRY_FILL, style.SEA):
        assert contrast(style.COUNTRY_LABEL, ground) >= TEXT_CONTRAST, ground


def test_country_names_of_the_exported_map_on_its_land_and_sea(ds):
    """The image's grounds as the image draws them: the map's face (sea) and the neighbours' fill (land)."""
    from matplotlib.colors import to_hex
    from matplotlib.text import Text

    from laomap.maps.static import render_map
    from laomap.views.filters import Filter, apply
    from laomap.views.layers import map_layers

    fig = render_map(map_layers(ds, apply(ds, Filter(lang="en")), "en"), ds, preset="16:9")
    found = fig.findobj()
    labels = [a for a in found if isinstance(a, Text) and str(a.get_gid()).startswith("country-label:")]
    land = {to_hex(a.get_facecolor()) for a in found if str(a.get_gid()).startswith("country:")}
    sea = {to_hex(a.get_facecolor()) for a in fig.axes if any(a is getattr(lab, "axes", None) for lab in labels)}
    assert labels and land, "the image draws neighbouring countries and their names"
    for label in labels:
        for ground in sea | land:
            assert contrast(to_hex(label.get_color()), ground) >= TEXT_CONTRAST, (label.get_text(), ground)


def _css_rule(selector: str) -> str:
    css = resources.files("laomap.maps").joinpath("atlas.css").read_text(encoding="utf-8")
    return next(line for line in css.splitlines() if line.startswith(selector + " "))


def _css_var(rule: str, prop: str) -> str:
    """The colour of ``laomap.style`` that a rule of atlas.css gives a property, through its ``var(--lm-…)``."""
    name = re.search(prop + r": var\(--lm-([a-z-]+)\)", rule).group(1)
    return style.colours()[name.replace("-", "_")]


@pytest.mark.parametrize("colour", style.CHOROPLETH)
def test_map_labels_read_on_every_class_of_the_choropleth(colour):
    """Names and counts sit on a white pill at 85 %: the text on the pill over each class is 4.5:1 or more."""
    pill = _css_var(_css_rule(".lm-label.lm-province, .lm-label.lm-site"), "background")
    assert pill == style.rgba(WHITE, style.PILL_ALPHA)
    ground = over(WHITE, style.PILL_ALPHA, colour)
    name = _css_var(_css_rule(".lm-label.lm-province {"), "color")
    count = _css_var(_css_rule(".lm-n {"), "color")
    assert contrast(name, ground) >= TEXT_CONTRAST and contrast(count, ground) >= TEXT_CONTRAST


def test_legend_swatches_are_outlined_against_the_legend():
    assert contrast(style.LEGEND_EDGE, WHITE) >= GRAPHIC_CONTRAST
    assert contrast(style.CHOROPLETH[0], WHITE) < GRAPHIC_CONTRAST  # why the outline is needed


@pytest.mark.parametrize("name", ["LAO_POINT", "JAPAN_POINT", "CORRIDOR", "RIVER"])
def test_marks_and_lines_against_their_white_halo_or_casing(name):
    """Points have a white edge, lines a white casing (map and exported image): the mark stands 3:1 from it."""
    assert contrast(getattr(style, name), WHITE) >= GRAPHIC_CONTRAST


@pytest.mark.parametrize("kind", list(style.DATE_KIND_COLOURS))
def test_timeline_bars_and_marks_on_its_lanes(kind):
    """The dashboard's timeline (a bar at 90 % opacity, lanes white and grey) and the deck's (white)."""
    colour = style.DATE_KIND_COLOURS[kind]
    for ground in (WHITE, "#f3f5f6"):
        assert contrast(over(colour, 0.9, ground), ground) >= GRAPHIC_CONTRAST, (kind, ground)


@pytest.mark.parametrize("flow", list(FLOW_COLOURS))
def test_history_bands_on_white(flow):
    assert contrast(over(FLOW_COLOURS[flow], BAND_OPACITY, WHITE), WHITE) >= GRAPHIC_CONTRAST


def test_the_focus_ring_shows_on_light_and_dark_ground():
    assert contrast(style.FOCUS, WHITE) >= GRAPHIC_CONTRAST  # with a white ring around it, for dark ground
