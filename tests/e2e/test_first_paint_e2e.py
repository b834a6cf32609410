"""A first visit draws the page's map before the sidebar's filters (issue 29), and never goes without them.

The first run of a browser's session sends the page up to its map and no filters; the map's frame asks for the next
run once it has drawn the provinces, and that run adds the filters and the rest of the page in place (ui/session.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from laomap.ui.session import FIRST_PAINT_FALLBACK

from .conftest import IDLE, IFRAME, settled

pytestmark = pytest.mark.e2e
SEARCH = '[data-testid="stSidebar"] input[aria-label="Search the text"]'
# When, from navigation, the map's provinces were first drawn in its frame and the sidebar's search box first existed;
# and every map frame the page made (a frame made again would load the map twice).
WATCH = """(() => {
  if (window.top !== window) return;
  window.__lm = {drawn: null, search: null, frames: new Set()};
  const look = () => {
    const now = performance.now();
    document.querySelectorAll('IFRAME').forEach(f => {
      if (!f.__lmSeen) { f.__lmSeen = true; window.__lm.frames.add(f); }
      const d = f.contentDocument;
      if (window.__lm.drawn === null && d && d.querySelectorAll('.leaflet-overlay-pane path').length >= 17) window.__lm.drawn = now;
    });
    if (window.__lm.search === null && document.querySelector('SEARCH')) window.__lm.search = now;
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();""".replace("IFRAME", IFRAME).replace("SEARCH", SEARCH)
STATE = "() => ({drawn: window.__lm.drawn, search: window.__lm.search, frames: window.__lm.frames.size})"


@pytest.mark.parametrize("path", ["/", "/map"])
def test_a_first_visit_draws_the_map_before_the_filters_and_keeps_its_frame(page: Page, app_url, path):
    page.add_init_script(WATCH)
    page.goto(app_url + path)
    expect(page.locator(SEARCH)).to_be_visible(timeout=60_000)
    settled(page)
    state = page.evaluate(STATE)
    assert state["drawn"] is not None and state["search"] is not None, state
    assert state["drawn"] < state["search"], f"the filters came before the map was drawn: {state}"
    assert state["frames"] == 1, f"the map's frame was made {state['frames']} times"
    expect(page.locator("[data-lm-pending]")).to_have_count(0)
    # The rest of the page came with the filters: the map's caption (Overview) or its side column (Map page)
    expect(page.get_by_role("button", name="Share / embed")).to_be_visible()


def test_a_first_visit_whose_map_cannot_load_still_gets_its_filters(page: Page, app_url):
    page.route("**/leaflet.js", lambda route: route.abort())  # the map's frame never draws, so never asks for the run
    page.goto(app_url + "/")
    expect(page.locator("[data-lm-pending]")).to_have_count(1, timeout=60_000)
    expect(page.locator("[data-lm-pending]")).to_contain_text("filters")
    expect(page.locator(SEARCH)).to_be_visible(timeout=(FIRST_PAINT_FALLBACK + 30) * 1000)
    expect(page.locator("[data-lm-pending]")).to_have_count(0)
    page.get_by_label("Search the text", exact=True).fill("Attapeu")
    page.get_by_label("Search the text", exact=True).press("Enter")
    settled(page)
    expect(page.get_by_text("Attapeu").first).to_be_visible()


@pytest.mark.parametrize("path", ["/map", "/timeline?lang=ja"])
def test_a_first_visit_to_a_page_address_finds_the_server_at_once(page: Page, app_url, path):
    """Streamlit's browser side looks for its server under the page's address first (``/map/_stcore/health``: 404)
    unless the page names it (laomap.ui.serve): every request of its own goes to the root, and the page opens."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url[len(app_url):]) if "/_stcore/" in r.url else None)
    page.goto(app_url + path)
    settled(page)
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"]')).to_be_attached()  # the filters are in
    assert asked, "no request to the server's routes was seen"
    assert all(a.startswith("/_stcore/") for a in asked), f"asked under the page's address: {asked}"


@pytest.mark.parametrize(("path", "figure"), [("/timeline", ".lm-tl [data-stmt]"), ("/about", ".lm-table"),
                                              ("/add-document", '[data-testid="stFileUploaderDropzone"]'),
                                              ("/", IFRAME)])
def test_the_next_run_comes_once_and_its_timer_stops(page: Page, app_url, path, figure):
    """A page without a map asks for its full run on a timer, a page with one when the map is drawn; either way the
    full page comes once and the browser asks for no run after it (Streamlit drops the fragment's timer)."""
    runs: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: runs.append("sent")))
    page.goto(app_url + path)
    expect(page.locator(figure).first).to_be_attached(timeout=60_000)
    expect(page.locator(SEARCH)).to_be_attached(timeout=60_000)
    settled(page)
    before = len(runs)
    assert before >= 2, f"the browser asked for {before} runs: the first and the full page's"
    page.wait_for_timeout(int(FIRST_PAINT_FALLBACK * 1000) + 1500)  # longer than either timer: a live timer would fire
    assert len(runs) == before, f"the browser asked for {len(runs) - before} more runs after the full page"
    if path == "/about":  # the first run ended with the tables (ui/session.figure_drawn); the rest came with the filters
        expect(page.get_by_role("heading", name="Accessibility")).to_be_attached()
    if path == "/add-document":  # the first run drew the file field alone; its details and the user's additions came next
        expect(page.get_by_role("heading", name="Your documents and places")).to_be_attached()
        expect(page.get_by_label("Title")).to_be_attached()
        expect(page.get_by_role("button", name="Review")).to_be_enabled()


def test_a_page_is_not_settled_while_an_element_waits_for_its_script(page: Page, app_url):
    """What every browser test waits for (``settled``) also waits for an element whose script is still on its way.

    A first visit fetches the script of each kind of element the first time one is drawn and shows a skeleton
    meanwhile; the sidebar's note of the filters (st.html) once came after the run that sent it had ended, so a test
    that waited for "no run, no note" read the page before its filters. Here st.html's script is held back.
    """
    held = []
    page.route("**/static/js/Html.*.js", lambda route: held.append(route))
    page.goto(app_url + "/timeline")
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Filters", exact=True)).to_be_visible(timeout=60_000)  # the full run has come...
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'")  # ...and ended
    expect(page.locator('[data-testid="stSkeleton"]').first).to_be_attached()  # the timeline's figure, still to come
    assert held, "the page never asked for st.html's script"
    assert page.evaluate(IDLE) is False, "settled() would read the page before its figure"
    for route in held:
        route.continue_()
    settled(page)
    expect(page.locator(".lm-tl [data-stmt]").first).to_be_visible(timeout=0)
