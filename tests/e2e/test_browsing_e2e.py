"""Browsing that answers questions, in Chromium: every figure is a door to its statements, and the Japanese
interface is Japanese on every page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from laomap.ui.pages import PAGES
from laomap.views.filters import Filter, apply

from .conftest import drawn, settled
from .test_dashboard import shot, until

pytestmark = pytest.mark.e2e


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def selected_count(page: Page) -> int:
    """The number of statements the page header says are selected ("10 of 112 statements selected")."""
    expect(page.locator(".lm-filters")).to_be_visible(timeout=30_000)
    return int(re.match(r"\s*(\d+)", page.locator(".lm-filters b").inner_text()).group(1))


def test_a_theme_bar_and_a_headline_figure_open_their_statements(page: Page, app_url, ds):
    page.goto(f"{app_url}/?kind=commitment")
    bar = page.locator(".lm-bars a.lm-bar-track").first
    expect(bar).to_be_visible(timeout=30_000)
    n = int(bar.get_attribute("data-n"))
    bar.click()
    expect(page.get_by_role("heading", name="Statements")).to_be_visible(timeout=30_000)
    theme = query(page)["theme"][0]
    assert query(page)["kind"] == ["commitment"]  # the other filters come along
    assert selected_count(page) == n == len(apply(ds, Filter(themes=(theme,), kinds=("commitment",))))
    expect(page.locator(".lm-rows a.lm-row")).to_have_count(n, timeout=30_000)  # the table comes after the heading

    page.goto(f"{app_url}/?theme=energy")
    page.locator("a.lm-figure", has_text="Commitments").click()
    expect(page.get_by_role("heading", name="Statements")).to_be_visible(timeout=30_000)
    assert query(page)["kind"] == ["commitment"] and query(page)["theme"] == ["energy"]
    assert selected_count(page) == len(apply(ds, Filter(themes=("energy",), kinds=("commitment",))))


def test_a_flow_band_of_the_history_lists_its_statements_and_compare_still_opens(page: Page, app_url, ds):
    from laomap.views.history import history

    page.goto(f"{app_url}/compare?kind=commitment")  # the old address of the page
    expect(page.get_by_role("heading", name="Plan history")).to_be_visible(timeout=30_000)
    bands = page.locator(".lm-alluvial a.lm-band")
    expect(bands.first).to_be_visible(timeout=30_000)
    sizes = [int(bands.nth(i).get_attribute("data-n")) for i in range(bands.count())]
    band = bands.nth(sizes.index(max(sizes)))
    flow, earlier, later = (band.get_attribute(k) for k in ("data-flow", "data-from", "data-to"))
    band.click()
    expect(page.get_by_role("heading", name=re.compile("Carried from|New in|Not carried on from"))).to_be_visible(timeout=30_000)
    q = query(page)
    assert q["flow"] == [flow] and q["earlier"] == [earlier] and q["later"] == [later] and q["kind"] == ["commitment"]
    expect(page.locator(".lm-alluvial a.lm-band.lm-on")).to_have_count(1)
    ids = history(ds, Filter(kinds=("commitment",))).flow(flow, earlier, later).ids
    shown = page.locator(".lm-card-meta code")
    expect(shown.first).to_be_visible(timeout=15_000)
    assert shown.all_text_contents()[: min(len(ids), 15)] == list(ids[:15])
    shot(page, "history-flow")


def test_a_timeline_item_opens_its_statement_and_every_selection_has_a_timeline(page: Page, app_url, ds):
    page.goto(f"{app_url}/timeline?theme=energy")
    points = page.locator(".lm-tl a[data-stmt]")
    expect(points.first).to_be_visible(timeout=30_000)
    energy = apply(ds, Filter(themes=("energy",)))
    assert points.count() >= len(energy)  # undated statements too, at their plan's date
    expect(page.locator(".lm-tl-legend")).to_contain_text("Plan's date")
    points.first.click()
    expect(page.get_by_role("heading", name="Statements")).to_be_visible(timeout=30_000)
    assert until(lambda: query(page).get("stmt"), 15)
    sid = query(page)["stmt"][0]
    assert sid in set(energy.statement_id)
    expect(page.locator(".lm-text-block").first).to_be_visible(timeout=15_000)
    shot(page, "timeline-door-statement")


def test_the_statements_text_is_the_widest_column_and_cards_on_a_phone(page: Page, app_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/statements")
    row = page.locator(".lm-rows a.lm-row").first
    expect(row).to_be_visible(timeout=30_000)
    text, meta = row.locator(".lm-row-text").bounding_box(), row.locator(".lm-row-meta").bounding_box()
    assert text["width"] > 2 * meta["width"] and text["x"] < meta["x"]  # text first and widest, the facts beside it
    assert text["x"] + text["width"] <= 1366 and meta["x"] + meta["width"] <= 1366  # nothing off-screen
    page.set_viewport_size({"width": 390, "height": 844})
    drawn(page)  # laid out again at the new width
    text, meta = row.locator(".lm-row-text").bounding_box(), row.locator(".lm-row-meta").bounding_box()
    assert meta["y"] < text["y"] and text["width"] > 250  # a card: the facts above the whole-width text
    shot(page, "statements-phone")


# ------------------------------------------------------------------------------------------- Japanese walk

# Latin-script words allowed in the Japanese interface: proper names, programme and licence names, formats.
PROPER = {
    "English", "ICT", "JICA", "JDS", "JOCV", "JENESYS", "SSEAYP", "ASEAN", "NSEDP", "RCEP", "NPT", "UXO", "ODA", "IATI", "UCDP",
    "ISO", "CSV", "Excel", "GeoJSON", "PNG", "SVG", "PDF", "HTML", "DOCX", "TXT", "UTF", "EUC", "JP", "EUC-JP", "JIS", "Shift", "MB", "KB",
    "Word", "PowerPoint", "README", "OpenStreetMap", "Leaflet", "Streamlit", "plotly", "folium", "Natural", "Earth", "GeoNames",
    "Debian", "MIT", "BSD", "Clause", "LGPL", "GNU", "ODbL", "CC", "BY", "GMT", "GSHHG", "WDBII", "Admin", "laomap", "OCR",
    "CO-OP", "OKINAWA", "km", "QGIS", "NASA", "SRTM", "CIA", "World", "Factbook", "Bank", "OSM", "contributors", "js",
    "Python",  # the language the offline index package is for, named in the GeoNames attribution
    "XML",  # the IATI export's format
    "WCAG", "A", "AA", "PC",  # the accessibility statement: the standard, its conformance levels, a computer
    "Enter", "Space", "Tab",  # key names, as written on the keys (the accessibility statement's keyboard use)
}
PHRASES = ("Page Up", "Page Down", "World Data Bank II", "The GMT Team", "Wessel & Smith", "Sport for Tomorrow", "Land-locked", "Land-linked", "Osaka Blue Ocean Vision", "Noto Sans")
CODE = re.compile(r"[\w./:@%+-]*[\d_./@][\w./:@%+-]*|\b[a-z]+(?:-[a-z0-9]+)+\b")  # ids, files, versions: action-plan-en, 001_61f7.txt

VISIBLE_TEXT = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    // data and code: statement texts carry their own language; code is code; the map is tested on its own
    if (el.closest('script, style, noscript, code, iframe, [aria-hidden="true"], [translate="no"]')) continue;
    const tagged = el.closest('[lang]');
    if (tagged && tagged !== document.documentElement) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
    if (box.right <= 0 || box.bottom <= 0) continue;  // off-screen: the "skip to content" link, shown on focus only
    if (parseFloat(style.fontSize) === 0) continue;  // a widget's own word, drawn over by the interface's (look.widget_words_css)
    out.push(node.textContent.trim());
  }
  return out;
}"""


def latin_words(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for phrase in PHRASES:
            text = text.replace(phrase, " ")
        text = CODE.sub(" ", text)
        found += [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", text) if w.strip("-") not in PROPER]
    return sorted(set(found))


def test_every_page_in_japanese_shows_no_english_interface_text(page: Page, app_url):
    """Walks every page of the registry in Japanese; fails on any Latin-script word that is not a name, a code or data."""
    page.set_viewport_size({"width": 1366, "height": 900})
    leaks = {}
    page.set_default_timeout(30_000)
    for spec in PAGES:
        page.goto(f"{app_url}/{'' if spec.default else spec.url_path}?lang=ja&theme=energy&from=2020")
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("絞り込み", timeout=30_000)
        # the sidebar is drawn after the page (dashboard.py): when it is there, the page has run
        expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text(spec.title("ja"))
        assert urlparse(page.url).path.rstrip("/").endswith("" if spec.default else spec.url_path)
        settled(page)  # the rest of the page after its title
        words = latin_words(page.evaluate(VISIBLE_TEXT))
        if words:
            leaks[spec.url_path] = words
    assert not leaks, f"English words in the Japanese interface: {leaks}"


def test_the_walk_would_see_english(page: Page, app_url):
    """Guards the walk itself: the English interface is full of words it would report."""
    page.goto(f"{app_url}/timeline")
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible(timeout=30_000)
    settled(page)
    words = latin_words(page.evaluate(VISIBLE_TEXT))
    assert {"Timeline", "Filters", "Overview", "Statements"} <= set(words), words
