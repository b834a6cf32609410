"""Exports and the Present page in the real dashboard: downloads arrive whole, the Present page steps."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def _open_export_panel(page: Page, url: str) -> None:
    page.goto(url)
    header = page.get_by_role("button", name="Export: image, slides, offline map, data")
    header.wait_for(timeout=60_000)
    header.click()
    page.get_by_role("button", name="Map image").wait_for(timeout=30_000)


def test_map_page_downloads_the_image_and_the_csv(page: Page, app_url, tmp_path):
    _open_export_panel(page, f"{app_url}/map?theme=tourism_culture")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Map image").click()
    download = info.value
    assert download.suggested_filename == "laomap-tourism-culture-en-16x9.png"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert Image.open(io.BytesIO(path.read_bytes())).size == (1920, 1080)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV (Excel)").click()
    csv = tmp_path / "data.csv"
    info.value.save_as(csv)
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfcommitment_id,")


def test_present_page_steps_through_the_selected_themes(page: Page, app_url):
    page.goto(f"{app_url}/present?theme=people_exchange&theme=energy&step=people_exchange")
    title = page.locator(".pr-title")
    expect(title).to_have_text("People-to-people & youth exchange", timeout=60_000)
    image = page.locator(".pr-map img").first
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") >= 1000
    assert 2 <= page.locator(".pr-stmt").count() <= 3
    page.get_by_role("button", name="Next").click()
    expect(title).to_have_text("Energy & power", timeout=30_000)
    expect(page.locator(".pr-kicker")).to_have_text("Theme 2 of 2")
    assert parse_qs(urlparse(page.url).query).get("step") == ["energy"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "present-energy-en.png"))
