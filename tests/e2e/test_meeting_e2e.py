"""A meeting on a laptop or projector (issue 13): the Map page's map shows all of Laos, Present is a slide show.

At 1366×768 (a laptop) and 1280×720 (a projector), the share of the Lao provinces' area that any
box of the map (legend, whole-country box, Japan inset, zoom and layer buttons, scale,
attribution) covers is measured from the elements' boxes, sampling the map every 5 px; every
province lies inside the map. The Present page fits the window with nothing to scroll and moves
on with the arrow key.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .test_dashboard import map_frame

pytestmark = pytest.mark.e2e

SCREENS = [(1366, 768), (1280, 720)]

# Of every 5 px sample over the map where a province is hit, the share under a control's box; and the
# provinces whose box reaches outside the map.
COVERAGE = """() => {
  const c = document.querySelector('.leaflet-container').getBoundingClientRect();
  const provinces = [...document.querySelectorAll('path.lm-province')];
  const outside = provinces.filter(p => { const r = p.getBoundingClientRect();
    return r.left < c.left - 1 || r.top < c.top - 1 || r.right > c.right + 1 || r.bottom > c.bottom + 1; }).length;
  const boxes = [...document.querySelectorAll('.leaflet-control')].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0);
  let inside = 0, covered = 0;
  for (let y = c.top + 2; y < c.bottom; y += 5) for (let x = c.left + 2; x < c.right; x += 5) {
    if (!document.elementsFromPoint(x, y).some(e => e.classList && e.classList.contains('lm-province'))) continue;
    inside++;
    if (boxes.some(r => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) covered++;
  }
  return {provinces: provinces.length, outside, inside, covered, boxes: boxes.length};
}"""


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_map_shows_every_province_with_under_5_percent_of_laos_under_a_box(page: Page, app_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/map")
    frame = map_frame(page)
    page.wait_for_timeout(800)  # the view is fitted again once the fonts are in
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["y"] + box["height"] <= height + 1, "the map is taller than the screen"
    m = frame.evaluate(COVERAGE)
    assert m["provinces"] == 17 and m["outside"] == 0, m
    assert m["boxes"] >= 5  # legend, inset, whole-country box, zoom, layers, scale, attribution: all measured
    assert m["inside"] > 1000, m  # Laos is drawn large, not shrunk to a stamp
    assert m["covered"] / m["inside"] < 0.05, m


IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'; }"""


def press_to(page: Page, key: str, step: str) -> None:
    """Press ``key`` once the page is idle and its Next button is in, until the slide is at ``step``.

    A key pressed while Streamlit is still drawing the step (its buttons not yet there) is lost, as
    it would be for a presenter: the test presses again only when the page is idle and the step has
    not moved, so it can never skip a step.
    """
    slide = page.locator(".pr-slide")
    for _ in range(3):
        page.wait_for_function(IDLE, timeout=60_000)
        expect(page.locator(".st-key-pr_next button")).to_be_visible(timeout=30_000)
        before = slide.get_attribute("data-step")
        page.keyboard.press(key)
        try:
            expect(slide).to_have_attribute("data-step", step, timeout=20_000)
            return
        except AssertionError:
            page.wait_for_function(IDLE, timeout=60_000)
            if slide.get_attribute("data-step") != before:
                break  # it moved, but elsewhere: fail below with the locator's message
    expect(slide).to_have_attribute("data-step", step, timeout=1_000)


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_present_is_one_screen_per_step_and_moves_on_with_the_arrow_key(page: Page, app_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/present?theme=people_exchange&theme=energy")
    slide = page.locator(".pr-slide")
    expect(slide).to_have_attribute("data-step", "title", timeout=60_000)
    page.wait_for_function("() => window.__laomapPresentKeys === true", timeout=30_000)  # the key listener is in
    press_to(page, "ArrowRight", "people_exchange")
    assert "step=people_exchange" in page.url
    page.wait_for_timeout(500)
    scroll = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                           " return [m.scrollHeight, m.clientHeight, document.scrollingElement.scrollHeight]; }")
    assert scroll[0] <= scroll[1] + 1 and scroll[2] <= height + 1, scroll  # nothing to scroll
    r = slide.bounding_box()
    assert r["y"] >= 0 and r["y"] + r["height"] <= height and abs(r["width"] / r["height"] - 16 / 9) < 0.02
    img = page.locator(".pr-map img").bounding_box()
    assert img["width"] >= 0.6 * r["width"]  # the map takes at least 60 % of the step
    legend = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.pr-legend')).fontSize)")
    assert legend >= 18
    press_to(page, "PageDown", "energy")
    press_to(page, "ArrowLeft", "people_exchange")
