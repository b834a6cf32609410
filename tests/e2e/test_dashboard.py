"""The real dashboard in Chromium: the map draws offline, follows the filters, speaks Japanese, and the URL is the view."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, expect

from laomap.maps.web import build_map, map_html
from laomap.style import CORRIDOR
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers

from .conftest import ARTIFACTS, IFRAME, drawn, running_dashboard, settled

pytestmark = pytest.mark.e2e
PROVINCES = ".leaflet-overlay-pane path.leaflet-interactive"


def until(check, timeout: float = 30.0):
    """Poll ``check`` until it returns something true (the map's iframe may be replaced meanwhile)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except PlaywrightError:
            result = None
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.3)


def map_frame(page: Page, timeout: float = 30.0) -> Frame:
    """The Leaflet map's frame, once it is the only one (a rerun may mount a new one) and its 17 provinces are drawn."""

    def ready() -> Frame | None:
        frames = page.locator(IFRAME)
        if frames.count() != 1:
            return None
        frame = frames.element_handle().content_frame()
        if frame and frame.evaluate(f"document.querySelectorAll('{PROVINCES}').length") >= 17:
            return frame
        return None

    frame = until(ready, timeout)
    assert frame is not None, "the map did not appear (one iframe with the 17 provinces)"
    return frame


def map_text(page: Page, selector: str) -> str:
    """The text of an element of the map as it is now (looked up afresh: a rerun may replace the map)."""
    return map_frame(page).locator(selector).inner_text()


def province_fills(frame: Frame) -> list[str]:
    return frame.eval_on_selector_all(PROVINCES, "els => els.map(e => e.getAttribute('fill'))")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_map_is_visible_with_provinces_corridor_and_legend(page: Page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    box = page.locator(IFRAME).bounding_box()
    assert box and box["width"] > 800 and box["height"] > 500
    assert len(province_fills(frame)) >= 17
    strokes = frame.eval_on_selector_all(".leaflet-pane path", "els => els.map(e => [e.getAttribute('stroke'), e.getAttribute('stroke-dasharray')])")
    assert [CORRIDOR, "8 6"] in strokes, "the corridor is drawn as a dashed line"
    expect(frame.locator(".lm-legend")).to_contain_text("Statements per province")
    expect(frame.locator(".lm-inset")).to_contain_text("Kyoto")
    settled(page)  # fonts in and the map fitted again for the screenshot
    shot(page, "dashboard-overview-en")


def test_no_request_leaves_localhost_on_any_page(page: Page, app_url):
    outside: list[str] = []
    host = urlparse(app_url).netloc

    def record(request):
        if urlparse(request.url).scheme in ("http", "https", "ws", "wss") and urlparse(request.url).netloc != host:
            outside.append(request.url)

    page.on("request", record)
    page.context.on("request", record)  # requests from the map's iframe too
    page.goto(app_url)
    map_frame(page)
    for link, ready in (("Map", IFRAME), ("Timeline", ".lm-tl"), ("Statements", ".lm-rows"),
                        ("Plan history", ".lm-alluvial a.lm-band"), ("About", ".lm-table")):
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_selector(ready, state="visible", timeout=30_000)
        if link == "Map":
            map_frame(page)
        settled(page)  # every request the page makes has been made: its frames, fonts and images are in
    assert outside == []


def test_changing_a_filter_changes_the_map(page: Page, app_url):
    page.goto(app_url)
    before = province_fills(map_frame(page))
    page.get_by_label("Search the text").fill("Okinawa")
    page.keyboard.press("Enter")
    expect(page.locator(".lm-filters")).to_contain_text("Okinawa", timeout=30_000)
    after = until(lambda: (fills := province_fills(map_frame(page))) != before and fills)
    assert after and after != before
    assert query(page)["q"] == ["Okinawa"]


def test_a_filter_change_redraws_the_map_in_its_frame_and_its_clicks_still_select(page: Page, app_url):
    """A new filter redraws the provinces in the frame already shown (no new frame loads its page and Leaflet again:
    issue 29), with the new selection's colours; a click on the redrawn map selects a province as before."""
    page.goto(f"{app_url}/map")
    frame = map_frame(page)
    before = province_fills(frame)
    frame.evaluate("() => { window.__keptFrame = true; }")  # gone if the frame is replaced by a new one
    page.get_by_label("Search the text").fill("Okinawa")
    page.keyboard.press("Enter")
    expect(page.locator(".lm-filters")).to_contain_text("Okinawa", timeout=30_000)
    after = until(lambda: (fills := province_fills(map_frame(page))) != before and fills)
    assert after and after != before
    frame = map_frame(page)
    assert frame.evaluate("() => window.__keptFrame === true"), "the filter change loaded a new frame"
    assert frame.evaluate("() => document.querySelectorAll('.leaflet-container').length") == 2  # the map and its inset
    x, y = frame.evaluate("() => { const p = window.map.latLngToContainerPoint([20.45, 104.05]); return [p.x, p.y]; }")
    frame.locator("#map_div").click(position={"x": x, "y": y})
    expect(page).to_have_url(re.compile(r"place=houaphanh"), timeout=30_000)
    expect(page.locator(".lm-filters")).to_contain_text("Houaphanh", timeout=30_000)
    assert until(lambda: map_frame(page).locator(".leaflet-pane path[stroke='#111827']").count() > 0)
    assert map_frame(page).evaluate("() => window.__keptFrame === true")
    assert province_fills(map_frame(page)) == after  # selecting a place outlines it and draws no map again


def test_a_second_enter_after_the_map_was_redrawn_lets_the_place_go(page: Page, app_url):
    """A keyboard press is a click a hair beside the last press; after a filter change redraws the map in the same
    frame, the next press must still differ from the last one sent, or the page never hears it (the count of presses
    once started again with each drawing: Enter on the selected province then did nothing)."""
    page.goto(f"{app_url}/map")
    settled(page)
    province = 'path[aria-label^="Houaphanh Province"]'
    map_frame(page).locator(province).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"place=houaphanh"), timeout=30_000)
    settled(page)
    drawn = map_frame(page).evaluate("() => window.__laomapDrawn")
    page.get_by_label("Search the text").fill("cherry")  # Houaphanh's cherry trees: the place stays selected
    page.keyboard.press("Enter")
    expect(page.locator(".lm-filters")).to_contain_text("cherry", timeout=30_000)
    assert until(lambda: map_frame(page).evaluate("() => window.__laomapDrawn") != drawn), "the map was not drawn again"
    settled(page)
    map_frame(page).locator(province).focus()
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"place=houaphanh"), timeout=30_000)
    expect(page.locator(".lm-filters")).to_contain_text("cherry", timeout=30_000)


def test_a_filter_changed_while_the_map_loads_reaches_the_map(page: Page, app_url):
    """streamlit-folium drops the renders that arrive while its frame loads Leaflet; Streamlit sends the latest again
    when the frame sets its height, once the map is up: the map draws the filter of that one."""
    page.goto(f"{app_url}/map?q=Okinawa")
    expected = province_fills(map_frame(page))
    drawing = map_frame(page).evaluate("() => window.__laomapDrawn")  # the name of that filter's drawing
    held: list = []
    page.route("**/leaflet.js", lambda route: held.append(route))  # the frame waits for Leaflet until the filter has changed
    with page.expect_request("**/leaflet.js", timeout=30_000):
        page.goto(f"{app_url}/map")
    frame = page.locator(IFRAME).element_handle().content_frame()
    frame.evaluate("""(drawing) => window.addEventListener('message', (e) => { if (e.data.type === 'streamlit:render'
        && e.data.args.feature_group.includes(drawing)) { window.__newFilter = true; } })""", drawing)
    page.get_by_label("Search the text").fill("Okinawa")
    page.keyboard.press("Enter")
    expect(page.locator(".lm-filters")).to_contain_text("Okinawa", timeout=30_000)
    frame.wait_for_function("() => window.__newFilter === true", timeout=30_000)  # it reached the frame, still loading
    assert held, "the map's frame did not ask for Leaflet"
    for route in held:
        route.continue_()
    assert until(lambda: province_fills(map_frame(page)) == expected), "the map kept the filter it was loaded with"


def test_language_switch_shows_japanese_everywhere(page: Page, app_url):
    page.goto(app_url)
    map_frame(page)
    page.get_by_role("button", name="日本語").click()
    expect(page.get_by_role("heading", name="概要")).to_be_visible(timeout=30_000)
    assert until(lambda: "県ごとの記述数" in map_text(page, ".lm-legend")), map_text(page, ".lm-legend")
    assert "京都市" in map_text(page, ".lm-inset")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("絞り込み")
    assert query(page)["lang"] == ["ja"]
    settled(page)
    shot(page, "dashboard-overview-ja")


def test_a_link_restores_the_view_and_page_switches_keep_it(page: Page, app_url, ds):
    page.goto(f"{app_url}/map?theme=tourism_culture&place=sayaboury&lang=ja")
    map_frame(page)
    expect(page.locator(".lm-filters")).to_contain_text("観光・文化・スポーツ")
    expect(page.locator(".lm-filters")).to_contain_text("サイニャブリー県")
    n = len(apply(ds, Filter(themes=("tourism_culture",), places=("sayaboury",))))
    expect(page.locator(".lm-filters")).to_contain_text(f"{n}件")
    shot(page, "dashboard-map-ja")
    page.get_by_role("link", name="年表", exact=True).click()
    expect(page.get_by_role("heading", name="年表")).to_be_visible(timeout=30_000)
    expect(page.locator(".lm-filters")).to_contain_text("サイニャブリー県")
    expect(page).to_have_url(re.compile(r"place=sayaboury"), timeout=15_000)
    assert query(page)["theme"] == ["tourism_culture"] and query(page)["lang"] == ["ja"]


def test_the_first_visit_after_a_start_can_be_a_link_to_a_page(page: Page, tmp_path_factory):
    """A fresh server, opened straight at /map: Streamlit must not run app_pages/map.py without the dashboard around it."""
    with running_dashboard(tmp_path_factory) as url:
        page.goto(f"{url}/map?lang=ja&theme=energy")
        expect(page.get_by_role("heading", name="記述の地図")).to_be_visible(timeout=30_000)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("概要")  # the dashboard's own navigation
        expect(page.locator(".lm-filters")).to_contain_text("エネルギー・電力")
        map_frame(page)
        assert not page.locator('[data-testid="stException"]').count()


def test_clicking_a_province_filters_the_other_views(page: Page, app_url):
    page.goto(f"{app_url}/map")
    frame = map_frame(page)
    x, y = frame.evaluate("() => { const p = window.map.latLngToContainerPoint([20.45, 104.05]); return [p.x, p.y]; }")
    frame.locator("#map_div").click(position={"x": x, "y": y})
    expect(page).to_have_url(re.compile(r"place=houaphanh"), timeout=30_000)
    expect(page.locator(".lm-filters")).to_contain_text("Houaphanh", timeout=30_000)
    # the selected province is outlined in the same map, and the popup the click opened is still there
    assert until(lambda: map_frame(page).locator(".leaflet-pane path[stroke='#111827']").count() > 0)
    expect(map_frame(page).locator(".leaflet-popup-content")).to_contain_text("Houaphanh")


def test_clicking_a_japanese_partner_in_the_inset_filters_the_other_views(page: Page, app_url):
    page.goto(f"{app_url}/map")
    frame = map_frame(page)
    centre = frame.evaluate("() => window.map.getCenter().lng")
    # every label of the inset is inside it (a label left of its point was once placed off the inset)
    inset, labels = frame.locator(".lm-inset-map").bounding_box(), frame.locator(".lm-inset-label")
    assert labels.count() == 4
    for i in range(4):
        box = labels.nth(i).bounding_box()
        # within the inset's box (its padding is 8 px)
        assert inset["x"] - 8 <= box["x"] and box["x"] + box["width"] <= inset["x"] + inset["width"] + 8, labels.nth(i).inner_text()
    frame.locator(".lm-inset-list [data-place='kyoto']").click()
    expect(page).to_have_url(re.compile(r"place=kyoto"), timeout=30_000)
    expect(page.locator(".lm-filters")).to_contain_text("Kyoto", timeout=30_000)
    # the main map stays on Laos (the Kyoto marker's popup, far away in Japan, did not open and pan it)
    assert map_frame(page).locator(".leaflet-popup").count() == 0
    assert abs(map_frame(page).evaluate("() => window.map.getCenter().lng") - centre) < 0.01
    # a click on a point of the inset works the same way
    page.goto(f"{app_url}/map")
    frame = map_frame(page)
    points = frame.locator(".lm-inset-map path.leaflet-interactive")
    assert points.count() == 4  # Hakodate, Takayama, Kyoto, Okinawa: north to south
    points.nth(1).click(force=True)
    expect(page).to_have_url(re.compile(r"place=takayama"), timeout=30_000)


def test_panning_and_zooming_do_not_rerun_the_script(page: Page, app_url):
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    page.goto(f"{app_url}/map")
    frame = map_frame(page)
    settled(page)  # the first run and what the map sends once it is drawn are over
    sent.clear()
    centre = frame.evaluate("() => window.map.getCenter().lng")
    box = page.locator(IFRAME).bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 250, cy + 40, steps=8)
    page.mouse.up()
    page.mouse.wheel(0, -400)
    frame.wait_for_function("() => !window.map._animatingZoom && !(window.map._panAnim && window.map._panAnim._inProgress)")
    # An absence cannot be awaited: the map's component sends its value 250 ms after a move ends (its debounce);
    # this bound gives it eight times that to show a message, if the pan or the zoom made one.
    page.wait_for_timeout(2000)
    assert frame.evaluate("() => window.map.getCenter().lng") != centre  # the map did move
    assert sent == [], "a pan or zoom sent a message to the server (a rerun)"


def test_popup_text_is_shown_as_text_and_never_runs(page: Page, ds, tmp_path):
    """The map's escaping, checked where it matters: a statement with markup, in a real browser."""
    layers = map_layers(ds, apply(ds, Filter()), "en")
    target = next(a for a in layers.areas if a.place_id == "houaphanh").statement_ids[0]
    layers.statements = layers.statements.copy()
    layers.statements.loc[target, "text"] = "<img src=x onerror=alert(1)><script>alert(2)</script> `${x}`"
    js = (ARTIFACTS.parent / "static/vendor/leaflet/leaflet.js").read_text()
    css = (ARTIFACTS.parent / "static/vendor/leaflet/leaflet.css").read_text()
    path = tmp_path / "map.html"
    path.write_text(map_html(build_map(layers, ds, inline_assets=(js, css))), encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector(PROVINCES)
    x, y = page.evaluate("() => { const m = Object.values(window).find(v => v instanceof L.Map);"
                         " const p = m.latLngToContainerPoint([20.45, 104.05]); return [p.x, p.y]; }")
    page.locator(".folium-map").click(position={"x": x, "y": y})
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("<script>alert(2)</script> `${x}`")
    drawn(page)  # an image the markup made would have loaded or failed, its handler run
    assert dialogs == []
    assert page.locator(".leaflet-popup-content img").count() == 0


def test_a_popup_next_to_the_legend_opens_clear_of_it(page: Page, ds, tmp_path):
    """Clicking a province just beside the legend: the map pans so the popup is not hidden under the legend."""
    js = (ARTIFACTS.parent / "static/vendor/leaflet/leaflet.js").read_text()
    css = (ARTIFACTS.parent / "static/vendor/leaflet/leaflet.css").read_text()
    path = tmp_path / "map.html"
    path.write_text(map_html(build_map(map_layers(ds, apply(ds, Filter()), "en"), ds, inline_assets=(js, css))),
                    encoding="utf-8")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_selector(PROVINCES)
    # the point nearest below the legend (top right), where a province (not the legend) is under the mouse: its
    # popup, opening upwards, would lie under the legend unless the map pans it clear
    point = page.evaluate("""() => {
        const legend = document.querySelector('.lm-legend').getBoundingClientRect();
        for (let y = legend.bottom + 10; y < legend.bottom + 300; y += 10)
            for (let x = legend.right - 10; x > legend.left - 200; x -= 6) {
                const el = document.elementFromPoint(x, y);
                if (el && el.matches('.leaflet-overlay-pane path.leaflet-interactive') && el.getAttribute('fill') !== '#eef1f2')
                    return [x, y];  // a province with statements: its click opens a popup
            }
        return null; }""")
    assert point, "no province beside the legend to click"
    page.mouse.click(*point)
    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    # until the map's pan (that moves the popup clear) is over
    page.wait_for_function("() => { const m = Object.values(window).find(v => v instanceof L.Map);"
                           " return !m._animatingZoom && !(m._panAnim && m._panAnim._inProgress); }")
    drawn(page)
    box = popup.bounding_box()
    legend = page.locator(".lm-legend").bounding_box()
    overlap_x = min(box["x"] + box["width"], legend["x"] + legend["width"]) - max(box["x"], legend["x"])
    overlap_y = min(box["y"] + box["height"], legend["y"] + legend["height"]) - max(box["y"], legend["y"])
    assert overlap_x <= 0 or overlap_y <= 0, f"the popup {box} lies under the legend {legend}"
