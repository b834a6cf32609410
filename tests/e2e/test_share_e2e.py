"""Share / embed in the browser: the embedded view is the map and its legend, and nothing else."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import IFRAME

pytestmark = pytest.mark.e2e


def test_the_embedded_view_shows_the_map_and_legend_and_nothing_else(page: Page, app_url):
    page.set_viewport_size({"width": 800, "height": 600})  # the snippet's size
    page.goto(f"{app_url}/map?theme=energy&bare=1&embed=true")
    frame = page.frame_locator(IFRAME)
    expect(frame.locator(".lm-legend")).to_contain_text("Statements per province", timeout=60_000)
    expect(frame.locator(".leaflet-pane path").first).to_be_attached()
    box = page.locator(IFRAME).bounding_box()
    assert box and box["width"] > 760 and box["height"] > 540  # the map fills the frame
    # nothing else: no sidebar, no header or toolbar, no title, button, caption or text outside the map
    for selector in ('[data-testid="stSidebar"]', '[data-testid="stToolbar"]', '[data-testid="stSidebarCollapsedControl"]', "h1", "h2", "h3",
                     "button", '[data-testid="stCaptionContainer"]', '[data-testid="stMarkdownContainer"]'):
        assert page.locator(selector).filter(visible=True).count() == 0, selector
    # the page's own text: none (the map's is in its frame; Streamlit's skip link shows only on keyboard focus)
    assert page.evaluate("document.body.innerText").replace("Skip to main content", "").strip() == ""
    visible_blocks = page.locator('[data-testid="stElementContainer"]').filter(visible=True)
    assert visible_blocks.count() == 1 and visible_blocks.locator(IFRAME).count() == 1
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 600 + 2  # nothing below the map


def test_the_map_page_gives_the_permalink_and_the_snippet(page: Page, app_url):
    page.goto(f"{app_url}/map?theme=energy")
    page.get_by_role("button", name="Share / embed").click()
    snippet = page.locator("code", has_text="<iframe").first
    expect(snippet).to_contain_text("bare=1&amp;embed=true", timeout=30_000)
    expect(page.locator("code", has_text="/map?theme=energy").first).to_be_visible()
