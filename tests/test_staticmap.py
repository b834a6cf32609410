"""The exported map image: sizes per preset, the furniture every image must carry, the same
layers as the interactive map, Japanese text without missing glyphs, and clear errors."""

from __future__ import annotations

import io
import re
import warnings
from datetime import date

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.text import Text
from PIL import Image
from pypdf import PdfReader

from laomap import ExportError, Filter, apply
from laomap.export.image import export_map
from laomap.maps.static import PRESETS, figure_bytes, font_family, japanese_font_file, register_fonts, render_map
from laomap.style import CHOROPLETH
from laomap.views.layers import map_layers

from .phrase_breaks import assert_breaks_between_phrases

DAY = date(2026, 11, 22)
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _layers(ds, flt: Filter):
    return map_layers(ds, apply(ds, flt), flt.lang)


def _artists(fig: Figure) -> list:
    return list(fig.findobj())


def _by_gid(fig: Figure, prefix: str) -> list:
    return [a for a in _artists(fig) if (a.get_gid() or "").startswith(prefix)]


def _texts(fig: Figure) -> list[str]:
    return [a.get_text() for a in _artists(fig) if isinstance(a, Text) and a.get_text()]


@pytest.fixture(scope="module")
def figure_en(ds):
    flt = Filter()
    layers = _layers(ds, flt)
    return layers, render_map(layers, ds, preset="16:9", flt=flt, today=DAY)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_png_has_the_exact_pixel_size_of_its_preset(ds, preset):
    data = export_map(ds, Filter(themes=("tourism_culture",)), preset=preset, fmt="png", today=DAY)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (PRESETS[preset].width_px, PRESETS[preset].height_px)


def test_preset_sizes_are_the_documented_ones():
    assert (PRESETS["16:9"].width_px, PRESETS["16:9"].height_px) == (1920, 1080)
    assert (PRESETS["4:3"].width_px, PRESETS["4:3"].height_px) == (1600, 1200)
    assert PRESETS["a4-landscape"].dpi == PRESETS["a4-portrait"].dpi == 300
    assert (PRESETS["a4-portrait"].width_px, PRESETS["a4-portrait"].height_px) == (2480, 3508)


@pytest.mark.parametrize(("preset", "points"), [
    ("16:9", (921.6, 518.4)),
    ("a4-landscape", (841.89, 595.28)),  # A4 is 297 x 210 mm
    ("a4-portrait", (595.28, 841.89)),
])
def test_pdf_page_has_the_size_of_its_preset_in_points(ds, preset, points):
    data = export_map(ds, Filter(places=("luang_prabang",)), preset=preset, fmt="pdf", today=DAY)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(points[0], abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(points[1], abs=0.5)


def test_svg_is_a_vector_page_of_the_preset_size(ds):
    data = export_map(ds, Filter(places=("luang_prabang",)), preset="4:3", fmt="svg", today=DAY).decode("utf-8")
    assert data.lstrip().startswith("<?xml") and "<svg" in data
    assert 'width="768pt"' in data and 'height="576pt"' in data
    assert "<image" not in data  # drawn as vectors, not an embedded raster


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_svg_and_pdf_declare_the_language_of_their_text(ds, lang):
    svg = export_map(ds, Filter(lang=lang), preset="4:3", fmt="svg", today=DAY).decode("utf-8")
    root = svg[svg.index("<svg "):svg.index(">", svg.index("<svg "))]
    assert f'xml:lang="{lang}"' in root
    pdf = PdfReader(io.BytesIO(export_map(ds, Filter(lang=lang), preset="4:3", fmt="pdf", today=DAY)))
    assert pdf.trailer["/Root"]["/Lang"] == lang
    assert float(pdf.pages[0].mediabox.width) == pytest.approx(768, abs=0.5)  # still the whole page


def test_figure_has_title_subtitle_source_and_date(ds, figure_en):
    layers, fig = figure_en
    (title,) = _by_gid(fig, "title")
    assert title.get_text() == "Japan–Lao PDR cooperation plans"
    (subtitle,) = _by_gid(fig, "subtitle")
    assert subtitle.get_text() == "All statements of all plans"
    (source,) = _by_gid(fig, "source")
    assert "Action Plan (2021)" in source.get_text() and "Joint Plan (2016)" in source.get_text()
    assert "Boundaries: Natural Earth; Mekong: GSHHG" in source.get_text()
    assert any("22 November 2026" in text for text in _texts(fig))


def test_subtitle_summarises_the_active_filters(ds):
    flt = Filter(themes=("tourism_culture",), places=("luang_prabang",))
    fig = render_map(_layers(ds, flt), ds, flt=flt, today=DAY)
    (subtitle,) = _by_gid(fig, "subtitle")
    assert subtitle.get_text() == "Themes: Tourism, culture & sport · Places: Luang Prabang"


def test_figure_has_legend_with_every_class_and_line(figure_en):
    layers, fig = figure_en
    legends = {lg.get_gid(): lg for lg in fig.legends if isinstance(lg, Legend)}
    assert set(legends) == {"legend-provinces", "legend-symbols"}
    classes = [t.get_text() for t in legends["legend-provinces"].get_texts()]
    assert classes == ["0", "1–2", "3", "4", "5–6"]  # the largest province count in the full selection is 6
    symbols = [t.get_text() for t in legends["legend-symbols"].get_texts()]
    assert "East-West Economic Corridor (1)" in symbols and "Mekong River (3)" in symbols
    assert "Japanese partners" in symbols


def test_figure_has_one_patch_per_lao_province(figure_en):
    layers, fig = figure_en
    patches = [a for a in _by_gid(fig, "province:") if isinstance(a, PathPatch)]
    assert len(patches) == 17 == len(layers.areas)
    assert {p.get_gid() for p in patches} == {f"province:{a.place_id}" for a in layers.areas}


def test_province_shading_follows_the_counts(figure_en):
    layers, fig = figure_en
    colour = {p.get_gid(): p.get_facecolor() for p in _by_gid(fig, "province:")}
    from matplotlib.colors import to_rgba

    busiest = max(layers.areas, key=lambda a: a.count)
    empty = next(a for a in layers.areas if a.count == 0)
    assert colour[f"province:{busiest.place_id}"] == pytest.approx(to_rgba(CHOROPLETH[-1]))
    assert colour[f"province:{empty.place_id}"] == pytest.approx(to_rgba(CHOROPLETH[0]))


def test_figure_draws_the_corridor_and_the_mekong_in_utm_metres(figure_en):
    layers, fig = figure_en
    corridor = next(line for line in layers.lines if line.kind == "corridor")
    (drawn,) = [a for a in _by_gid(fig, f"line:{corridor.place_id}") if isinstance(a, Line2D)]
    xs, ys = drawn.get_xdata(), drawn.get_ydata()
    coords = list(corridor.geometry.coords)
    assert len(xs) >= len(coords)
    from pyproj import Transformer

    east_end = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform(*coords[-1][:2])
    assert (xs[len(coords) - 1], ys[len(coords) - 1]) == pytest.approx(east_end, abs=1.0)  # metres of UTM 48N
    assert np.nanmin(xs) < 0  # Mawlamyine, west of UTM zone 48, has a negative easting
    assert _by_gid(fig, "line:mekong")


def test_scale_bar_is_drawn_in_true_kilometres(figure_en):
    _layers_, fig = figure_en
    (bar,) = [a for a in _by_gid(fig, "scalebar") if a.get_gid() == "scalebar"]
    (label,) = [a for a in _by_gid(fig, "scalebar-label") if isinstance(a, Text)]
    km = float(label.get_text().split()[0])
    assert label.get_text().endswith(" km")
    assert bar.get_width() * 2 == pytest.approx(km * 1000)  # the bar has two equal segments
    ax = bar.axes
    assert 500_000 < ax.get_xlim()[1] - ax.get_xlim()[0] < 3_000_000  # the map is in metres


def test_north_arrow_and_sites_are_drawn(figure_en):
    layers, fig = figure_en
    assert _by_gid(fig, "north-arrow")
    sites = {a.get_gid().split(":", 1)[1] for a in _by_gid(fig, "site:")}
    assert sites == {s.place_id for s in layers.lao_sites}  # the same points as the interactive map


def test_japan_inset_shows_partner_links_when_there_are_any(ds, figure_en):
    layers, fig = figure_en
    assert layers.arcs
    assert len([a for a in _artists(fig) if getattr(a, "get_gid", lambda: None)() == "japan-inset"]) == 1
    arcs = {a.get_gid() for a in _by_gid(fig, "arc:")}
    assert arcs == {f"arc:{a.japan_place_id}:{a.lao_place_id}" for a in layers.arcs}
    links = [a.get_text() for a in _by_gid(fig, "partner-link")]
    assert "Kyoto  —  Vientiane" in links


def test_no_japan_inset_without_japanese_places(ds):
    flt = Filter(themes=("energy",))
    layers = _layers(ds, flt)
    assert not layers.japan_sites and not layers.arcs
    fig = render_map(layers, ds, flt=flt, today=DAY)
    assert not _by_gid(fig, "japan-inset")


def test_whole_country_box_lists_the_trays_with_counts(figure_en):
    layers, fig = figure_en
    (box,) = _by_gid(fig, "trays-box")
    texts = [t.get_text() for t in box.texts]
    for tray in layers.trays:
        i = texts.index(tray.name)
        assert texts[i + 1] == str(tray.count)
    assert texts[texts.index("No place named") + 1] == str(len(layers.unplaced))


def test_font_comes_from_the_python_dependencies():
    path = japanese_font_file()
    assert path.name == "ipaexg.ttf" and "matplotlib_fontja" in str(path)
    assert register_fonts() == "IPAexGothic"
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family="IPAexGothic"), fallback_to_default=False)
    assert found == str(path)
    assert font_family("ja")[0] == "IPAexGothic"


def _glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_japanese_export_renders_without_missing_glyphs(ds, fmt):
    flt = Filter(lang="ja")
    layers = _layers(ds, flt)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = render_map(layers, ds, preset="16:9", flt=flt, today=DAY)
        data = figure_bytes(fig, fmt, 150, "ja")
    assert data
    japanese = [text for text in _texts(fig) if CJK.search(text)]
    assert len(japanese) > 20  # title, legend, provinces, trays, source: really Japanese
    assert _glyph_warnings(caught) == []


def test_the_glyph_check_would_catch_a_font_without_japanese():
    """The check above can fail: the same capture sees the warning when a Latin-only font draws Japanese."""
    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "日本・ラオス", family="DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure_bytes(fig, "png", 50)
    assert _glyph_warnings(caught)


def test_empty_selection_is_a_clear_error_not_an_empty_map(ds):
    with pytest.raises(ExportError, match="selection is empty"):
        export_map(ds, Filter(text="no statement says zqxj"), preset="16:9", fmt="png")


def test_unknown_preset_or_format_is_a_clear_error(ds):
    with pytest.raises(ExportError, match="expected one of 16:9, 4:3"):
        export_map(ds, Filter(), preset="3:2")
    with pytest.raises(ExportError, match="expected one of png, svg, pdf"):
        export_map(ds, Filter(), fmt="gif")


# --------------------------------------------------------------------------- issue 13: an export that focuses on the question


def _place_figure(ds, place: str):
    from laomap.export.prepare import prepare

    flt = Filter(places=(place,))
    sel = prepare(ds, flt)
    return render_map(sel.focused, ds, flt=flt, focus=flt.places, today=date(2026, 11, 22)), sel


def test_a_place_export_zooms_to_the_place_and_its_title_names_it(ds):
    from laomap.maps.static import utm

    whole = render_map(_layers(ds, Filter()), ds, today=date(2026, 11, 22))
    (full,) = _by_gid(whole, "map")
    fig, sel = _place_figure(ds, "houaphanh")
    (ax,) = _by_gid(fig, "map")
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    (fx0, fx1), (fy0, fy1) = full.get_xlim(), full.get_ylim()
    assert (x1 - x0) < 0.6 * (fx1 - fx0) and (y1 - y0) < 0.6 * (fy1 - fy0)  # zoomed in, not all of Laos
    place = ds.gazetteer.places["houaphanh"]
    px, py = utm(place.lon, place.lat)
    assert x0 < px < x1 and y0 < py < y1  # on the place
    assert "Houaphanh" in next(a.get_text() for a in _by_gid(fig, "title"))
    assert _by_gid(fig, "selected:houaphanh")  # outlined
    # only the place keeps its count: no other province is shaded for statements that merely also name it
    from matplotlib.colors import to_hex

    shaded = [a.get_gid() for a in _by_gid(fig, "province:") if to_hex(a.get_facecolor()) != CHOROPLETH[0]]
    assert shaded == ["province:houaphanh"]
    assert all(s.country == "LA" or any(a.japan_place_id == s.place_id for a in sel.focused.arcs) for s in sel.focused.sites)


def test_boxes_leave_out_zeros_and_a_selection_with_nothing_to_map_gets_the_whole_country_layout(ds):
    fig, _sel = _place_figure(ds, "houaphanh")
    assert not any(a.get_text().strip() == "0" for a in _by_gid(fig, "tray-row"))
    assert all(" 0 " not in a.get_text() and not a.get_text().startswith("0 ") for a in _by_gid(fig, "counts"))
    energy = render_map(_layers(ds, Filter(themes=("energy",))), ds, flt=Filter(themes=("energy",)), today=date(2026, 11, 22))
    assert not _by_gid(energy, "map") and not _by_gid(energy, "province:")  # no grey map
    assert _by_gid(energy, "whole-country-title")
    rows = {a.get_text() for a in _by_gid(energy, "whole-country-row")}
    assert "Lao PDR" in rows and "0 on the map" not in " ".join(_texts(energy))


def test_a_province_is_not_named_twice_beside_its_city_and_every_shaded_province_shows_its_count(ds, figure_en):
    layers, fig = figure_en
    labels = {a.get_gid(): a.get_text() for a in _artists(fig) if (a.get_gid() or "").startswith(("province-label:", "site-label:"))}
    texts = [x for x in labels.values()]
    assert sum(x.split("\n")[0] == "Luang Prabang" for x in texts) == 1
    for area in layers.areas:
        if area.count:
            assert str(area.count) in labels.get(f"province-label:{area.place_id}", ""), area.place_id


# --------------------------------------------------------------------------- issue 24: the image uses its space


def test_a_wide_image_puts_the_key_statements_beside_a_map_that_fills_its_part_and_a_legend_of_what_is_in_view(ds):
    from laomap.export.prepare import prepare

    flt = Filter(themes=("tourism_culture",), places=("luang_prabang",))
    sel = prepare(ds, flt)
    assert {ln.place_id for ln in sel.focused.lines} >= {"ewec", "mekong"}  # the selection names the corridor, far from the view
    fig = render_map(sel.focused, ds, flt=flt, focus=flt.places, today=DAY)
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    (ax,) = _by_gid(fig, "map")
    assert ax.get_position().width >= 0.4
    texts = _by_gid(fig, "key-statement")
    cites = _by_gid(fig, "key-citation")
    assert len(texts) == len(cites) == len(sel.rows) == 1
    shown = texts[0].get_text().replace("\n", "")
    assert shown == " ".join(sel.rows.text.iloc[0].split())  # the statement, whole
    assert "Joint Plan (2016), section 3.III, paragraph 6" in cites[0].get_text().replace("\n", "")
    map_right = ax.get_window_extent(renderer).x1
    for artist in texts + cites:
        box = artist.get_window_extent(renderer)
        assert map_right < box.x0 and box.x1 <= 0.975 * width  # beside the map, inside the frame
    assert max(a.get_window_extent(renderer).x1 for a in texts) > 0.85 * width  # the right-hand part is used
    (symbols,) = [lg for lg in fig.legends if lg.get_gid() == "legend-symbols"]
    labels = [x.get_text() for x in symbols.get_texts()]
    assert any(lbl.startswith("Mekong") for lbl in labels)  # in view
    assert not any("Corridor" in lbl for lbl in labels)  # not in view: not in the legend


def test_the_key_statements_of_a_japanese_image_break_between_phrases_and_fill_the_column(ds):
    flt = Filter(themes=("energy",), lang="ja")
    fig = render_map(_layers(ds, flt), ds, flt=flt, today=DAY)
    texts = _by_gid(fig, "key-statement")
    assert len(texts) >= 2
    rows = set(apply(ds, flt).text)
    renderer = fig.canvas.get_renderer()
    for artist in texts:
        lines = artist.get_text().split("\n")
        whole = "".join(lines)
        if not CJK.search(whole):
            continue
        assert whole in rows  # verbatim
        assert_breaks_between_phrases(whole, lines)
        assert artist.get_window_extent(renderer).x1 <= 0.975 * fig.bbox.width
