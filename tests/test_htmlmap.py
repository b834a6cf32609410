"""The standalone HTML map: everything inline, nothing fetched, and it really draws in a browser."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from laomap import ExportError, Filter
from laomap.export.html import export_html, html_map, leaflet_assets

DAY = date(2026, 11, 22)
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def page_html(ds) -> str:
    return html_map(ds, Filter(), today=DAY)


def test_leaflet_assets_are_inlined_with_their_images():
    js, css = leaflet_assets()
    assert len(js) > 100_000 and "Leaflet" in js
    assert "url(images/" not in css
    assert css.count("url(data:image/png;base64,") == 3  # layers, layers-2x, marker-icon
    assert "</script" not in js and "</style" not in css


def test_page_has_no_external_script_stylesheet_or_image(page_html):
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page_html, flags=re.I)
    for tag in tags:
        assert not re.search(r"\b(?:src|href)\s*=", tag, flags=re.I), tag
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page_html)
    assert page_html.count("<script") >= 2  # Leaflet itself and the map, both inline


def test_page_carries_title_filters_sources_and_date(ds):
    text = html_map(ds, Filter(themes=("tourism_culture",), lang="ja"), today=DAY)
    assert '<html lang="ja">' in text
    assert "<title>日本・ラオス協力：観光・文化・スポーツ</title>" in text
    assert "分野：観光・文化・スポーツ" in text
    assert "境界：Natural Earth、メコン川：GSHHG" in text and "2026年11月22日作成" in text


def test_export_is_utf8_bytes_of_the_page(ds):
    data = export_html(ds, Filter(places=("luang_prabang",)), today=DAY)
    assert data.decode("utf-8").lstrip().lower().startswith("<!doctype html>")


def test_missing_leaflet_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="Leaflet is not installed .* run bin/setup"):
        leaflet_assets(tmp_path)


def test_empty_selection_is_a_clear_error(ds):
    with pytest.raises(ExportError, match="selection is empty"):
        html_map(ds, Filter(text="no statement says zqxj"))


@pytest.mark.e2e
def test_page_opens_offline_in_chromium_and_draws_the_provinces(page, page_html, tmp_path):
    path = tmp_path / "atlas.html"
    path.write_text(page_html, encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort())
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-overlay-pane path", timeout=15_000)
    try:
        assert [u for u in requests if u.startswith(("http:", "https:"))] == []
        assert errors == []
        assert page.locator(".leaflet-overlay-pane path").count() >= 17  # the 17 provinces, plus lines
        assert page.locator("#lx-title").inner_text() == "Japan–Lao PDR cooperation plans"
        box = page.locator(".folium-map").bounding_box()
        assert box and box["height"] > 300 and box["width"] > 600
    except AssertionError:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "htmlmap-offline-failure.png"))
        raise
