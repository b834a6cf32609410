"""Markup in the data, in a real browser: every page of a dashboard serving a malicious plan and malicious places.

The data (tests/hostile.py) carries <script>, <img onerror>, javascript: links, "><svg onload>,
backticks and ${...}, dollars and Markdown. On every page, and in the map's tooltip and popup,
the timeline's hover and the statement's detail view: no dialog opens (an alert would), no
element of the data's exists in any frame, and the text is there to read, as text.
"""

from __future__ import annotations

import contextlib
import http.client
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, expect

from .. import hostile as H
from ..conftest import DOCUMENTS, GEODATA
from .conftest import ARTIFACTS, IFRAME, drawn, settled
from .own_server import dashboard

pytestmark = pytest.mark.e2e
Q = f"doc={H.DOC_ID}"
INJECTED = """() => {
  const bad = [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:" i]')]
    .map(e => e.outerHTML.slice(0, 120));
  const scripts = [...document.scripts].filter(s => s.textContent.trim() === 'alert(1)').map(s => s.outerHTML);
  return bad.concat(scripts);
}"""


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """(url, user_dir) of a dashboard serving the malicious data, with a 1 MB upload limit."""
    user = tmp_path_factory.mktemp("e2e-hostile-user")
    H.make_hostile(user, DOCUMENTS, GEODATA)
    with dashboard(tmp_path_factory.mktemp("e2e-hostile-log"), {"LAOMAP_DATA_DIR": str(user), "LAOMAP_MAX_UPLOAD_MB": "1"}) as url:
        yield url, user


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every dialog the page opens (an alert from injected code would be one); each is dismissed."""
    opened: list[str] = []
    page.on("dialog", lambda d: (opened.append(d.message), d.dismiss()))
    return opened


def injected(page: Page) -> list[str]:
    """Elements in any frame that only the data's markup could have made."""
    found = []
    for frame in page.frames:
        with contextlib.suppress(PlaywrightError):  # a frame replaced while we looked: the next visit looks again
            found += frame.evaluate(INJECTED)
    return found


def clean(page: Page, dialogs: list[str], name: str, dashboard: bool = True) -> None:
    # an image the data's markup made has loaded or failed: its handler would have run (an offline file has no
    # script run to await, only its drawing)
    (settled if dashboard else drawn)(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hostile-{name}.png"))
    assert dialogs == [], f"{name}: a dialog opened: {dialogs}"
    assert injected(page) == [], f"{name}: elements from the data"
    assert page.locator('[data-testid="stException"]').count() == 0


def visit(page: Page, url: str, path: str, heading: str) -> None:
    """Open a page and wait for its heading (the Present page's is its theme's title)."""
    page.goto(f"{url}/{path}")
    title = page.locator(".pr-title") if path.startswith("present") else page.get_by_role("heading", name=heading).first
    expect(title).to_have_text(heading, timeout=60_000)


def map_frame(page: Page, timeout: float = 60.0) -> Frame:
    """The map's frame once Leaflet has drawn it (a rerun may replace the frame)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            frames = page.locator(IFRAME)
            if frames.count() == 1:
                frame = frames.element_handle().content_frame()
                if frame and frame.evaluate("() => !!window.map && document.querySelectorAll('.leaflet-interactive').length > 5"):
                    return frame
        except PlaywrightError:
            pass
        time.sleep(0.3)
    raise AssertionError("the map did not appear")


def point_on_map(page: Page, frame: Frame, lat: float, lon: float) -> tuple[float, float]:
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
    box = page.locator(IFRAME).bounding_box()
    return box["x"] + x, box["y"] + y


def test_overview_and_map_with_tooltip_and_popup(page: Page, hostile_app, dialogs):
    url, _ = hostile_app
    visit(page, url, f"overview?{Q}", "Overview")
    expect(page.locator(".lm-chip").first).to_have_text(f"Plan: {H.TITLE}")
    expect(page.get_by_text(f"Not on the map: whole country or region: {H.ZONE_EN} 1")).to_be_visible()
    map_frame(page)
    clean(page, dialogs, "overview")

    visit(page, url, f"map?{Q}", "Map of the statements")
    for text in H.STATEMENTS.values():  # the statement cards under the map
        expect(page.locator(".lm-card-text:visible", has_text=text).first).to_be_visible()
    expect(page.locator(".lm-details summary", has_text=H.ZONE_EN)).to_be_visible()
    frame = map_frame(page)
    x, y = point_on_map(page, frame, 15.12, 105.80)  # the town named <img src=x onerror=alert(1)>
    page.mouse.move(x, y)
    expect(frame.locator(".leaflet-tooltip")).to_have_text(f"{H.TOWN_EN} · 1 statement", timeout=10_000)
    expect(frame.locator(".lm-label", has_text=H.TOWN_EN)).to_have_count(1)
    page.mouse.click(x, y)
    popup = map_frame(page).locator(".leaflet-popup-content")
    expect(popup).to_contain_text(H.STATEMENTS["img"], timeout=30_000)
    expect(popup.locator("h2.lm-popup-title")).to_have_text(H.TOWN_EN)
    clean(page, dialogs, "map-popup")


def test_map_in_japanese_names_the_town_in_its_japanese_markup(page: Page, hostile_app, dialogs):
    url, _ = hostile_app
    visit(page, url, f"map?{Q}&lang=ja", "記述の地図")
    frame = map_frame(page)
    expect(frame.locator(".lm-label", has_text=H.TOWN_JA)).to_have_count(1)
    expect(frame.locator(".lm-trays")).to_contain_text(H.ZONE_JA)
    clean(page, dialogs, "map-ja")


def test_timeline_tooltips_show_the_clause_as_text(page: Page, hostile_app, dialogs):
    url, _ = hostile_app
    visit(page, url, f"timeline?{Q}", "Timeline")
    marks = page.locator(".lm-tl [data-stmt]")
    expect(marks.first).to_be_attached(timeout=30_000)
    tips = [marks.nth(i).get_attribute("data-tip") for i in range(marks.count())]
    # A tooltip is the attribute's text, the clause as written; Streamlit's sanitiser drops an attribute
    # that holds markup, so a hostile clause may have none, but never runs or shows as markup.
    shown = " ".join(tip for tip in tips if tip)
    assert all(tip is None or "&lt;" not in tip for tip in tips) and "&quot;" not in shown
    assert marks.count() >= 4 and all(marks.nth(i).get_attribute("href") for i in range(marks.count()))  # each opens its statement
    expect(page.locator(".lm-tl-plan", has_text=H.TITLE)).to_have_count(1)
    clean(page, dialogs, "timeline")


def test_statement_detail_and_table(page: Page, hostile_app, dialogs):
    url, _ = hostile_app
    visit(page, url, f"statements?{Q}&stmt={H.DOC_ID}:1(2):1.1", "Statements")
    expect(page.locator(".lm-text-block").first).to_have_text(H.STATEMENTS["svg"], timeout=30_000)
    expect(page.locator(".lm-facts dd", has_text=f"(2) Markup {H.SVG}")).to_be_visible()
    expect(page.locator(".lm-facts dd", has_text=H.TITLE).first).to_be_visible()
    clean(page, dialogs, "statements")


def test_history_present_and_about(page: Page, hostile_app, dialogs):
    url, _ = hostile_app
    visit(page, url, f"history?{Q}&flow=new", "Plan history")
    labels = page.locator(".lm-shares td.lm-sh-key")
    expect(labels.filter(has_text=H.TOWN_EN)).to_have_count(1, timeout=30_000)
    heads = page.locator(".lm-shares th.lm-sh-plan").all_text_contents()
    assert any(h.startswith("Joint Plan <script") for h in heads), heads  # the markup of the title shown as text
    tips = " ".join(page.locator(".lm-alluvial a.lm-band").evaluate_all("els => els.map(e => e.title)"))
    assert "&quot;" not in tips and "&lt;" not in tips
    clean(page, dialogs, "history")

    visit(page, url, f"present?{Q}&step=connectivity", "Connectivity & transport")
    expect(page.locator(".pr-stmt .pr-text")).to_have_text(H.STATEMENTS["img"])
    clean(page, dialogs, "present")

    visit(page, url, "about", "About this atlas")
    card = page.locator(".lm-card", has_text=H.TITLE)
    expect(card).to_contain_text(f"{H.SVG}.txt")  # the name the file was uploaded with
    expect(card).to_contain_text(f"Ministry {H.IMG}")
    clean(page, dialogs, "about")


def test_uploading_a_hostile_plan_reviews_it_as_text(page: Page, hostile_app, dialogs):
    url, user = hostile_app
    visit(page, url, "add-document", "Add a document")
    text = H.TEXT.replace("on Hostile Input", f"on Hostile Input {H.MARKDOWN}", 1) + "\nJapan affirmed to visit Phonsavan in 2029.\n"
    name = f"{H.IMG}.txt"  # (Chromium sends a double quote in a file name as %22)
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": "text/plain", "buffer": text.encode()}])
    page.get_by_label("Title (empty: the document's own first line)").fill(f"{H.TITLE} {H.MARKDOWN}")
    page.get_by_label("Date (empty: read from its date line)").fill("2024")
    page.get_by_role("textbox", name="Document id (optional)").fill("hostile-two-en")
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_text("2. Review what was found")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(f"{H.TITLE} {H.MARKDOWN}", exact=True)).to_be_visible()  # the typed title, as typed
    expect(page.get_by_text(f"Read {name}")).to_be_visible()
    clean(page, dialogs, "add-document-review")
    assert not (user / "documents" / "hostile-two-en.txt").exists()


def test_an_oversized_upload_is_refused_in_the_browser(page: Page, hostile_app, dialogs):
    url, user = hostile_app
    before = sorted((p.name, p.stat().st_size) for p in user.rglob("*"))
    visit(page, url, "add-document", "Add a document")
    expect(page.get_by_text("Document file (.txt, .pdf, .html or .docx, up to 1.0 MB)")).to_be_visible()
    big = ("Big Plan\n\n1 Roads\n\n" + "Japan affirmed to support the road in Vientiane by 2027. " * 30_000).encode()
    page.set_input_files("input[type=file]", files=[{"name": "big.txt", "mimeType": "text/plain", "buffer": big}])
    expect(page.get_by_text("File must be 1.0MB or smaller.")).to_be_visible(timeout=30_000)
    page.get_by_label("Title (empty: the document's own first line)").fill("Big")
    page.get_by_label("Date (empty: read from its date line)").fill("2024")
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_text("Choose a file to upload first.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("2. Review what was found")).to_have_count(0)
    assert sorted((p.name, p.stat().st_size) for p in user.rglob("*")) == before
    clean(page, dialogs, "oversized-upload")


def test_static_files_stay_inside_the_static_folder(hostile_app):
    url, _ = hostile_app
    host = urlparse(url)
    for path in ("/app/static/../../README.md", "/app/static/%2e%2e/%2e%2e/documents/manifest.json",
                 "/app/static/..%2f..%2fpyproject.toml", "/app/static//etc/passwd"):
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
        conn.request("GET", path)  # sent as written: no client-side normalisation of the dots
        response = conn.getresponse()
        body = response.read()
        conn.close()
        assert response.status != 200 and b"laomap" not in body and b"root:" not in body, (path, response.status)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.request("GET", "/app/static/vendor/leaflet/leaflet.js")
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200  # the served folder itself works


def test_the_offline_html_export_in_the_browser(page: Page, hostile_app, dialogs, tmp_path):
    from laomap.export.html import export_html
    from laomap.pipeline.dataset import build
    from laomap.views.filters import Filter

    _, user = hostile_app
    ds = build(DOCUMENTS, GEODATA, user)
    path = tmp_path / "hostile.html"
    path.write_bytes(export_html(ds, Filter(documents=(H.DOC_ID,), text="$x^{ $")))
    page.goto(path.as_uri())
    expect(page.locator("#lx-filters")).to_have_text(f"Plans: {H.TITLE} · Search: “$x^{{ $”")
    page.wait_for_selector(".leaflet-interactive")
    attapeu = ds.gazetteer.places["attapeu"]  # the only province of the one statement found
    x, y = page.evaluate("([lat, lon]) => { const m = Object.values(window).find(v => v instanceof L.Map);"
                         " const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [attapeu.lat, attapeu.lon])
    page.locator(".folium-map").click(position={"x": x, "y": y})
    expect(page.locator(".leaflet-popup-content")).to_contain_text(H.STATEMENTS["link"])
    clean(page, dialogs, "html-export", dashboard=False)
