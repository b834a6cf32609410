"""Places in Chromium: a place typed in full in the sidebar's picker is the place selected (English and Japanese), and
a click on the Add document review's map places a name no index knows.

The picker lists places whose names begin one another ("Vientiane", "Vientiane Capital", "Vientiane Province";
ルアンパバーン and ルアンパバーン県): typing one of them in full and pressing Enter must select that one, not the
first entry that starts like it.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from ..conftest import CORE_GEODATA
from ..fixtures.make_pdfs import FIXTURES
from .conftest import IFRAME
from .own_server import dashboard
from .test_meeting_e2e import IDLE

pytestmark = pytest.mark.e2e

TYPED = {  # interface language -> the picker's label, (what is typed, the place id it must select)
    "en": ("Place", [("Luang Prabang", "luang_prabang"), ("Luang Prabang Province", "luang_prabang_province"),
                     ("Vientiane", "vientiane"), ("Vientiane Capital", "vientiane_capital")]),
    "ja": ("場所", [("ルアンパバーン", "luang_prabang"), ("ルアンパバーン県", "luang_prabang_province"), ("ビエンチャン", "vientiane"),
                   ("ビエンチャン都", "vientiane_capital"), ("ビエンチャン県", "vientiane_province")]),
}


@pytest.mark.parametrize("lang", sorted(TYPED))
def test_a_place_typed_in_full_then_enter_selects_that_place(page: Page, app_url, lang):
    label, cases = TYPED[lang]
    for typed, place_id in cases:
        page.goto(f"{app_url}/statements?lang={lang}")
        box = page.locator(".st-key-place").get_by_role("combobox", name=label)
        expect(box).to_be_visible(timeout=60_000)  # the sidebar is drawn after the page...
        page.wait_for_function(IDLE, timeout=60_000)  # ... and the run is over: the picker is the one that stays
        box.click()
        box.fill(typed)
        expect(page.get_by_role("option").first).to_have_text(typed)  # the list has followed the typing
        box.press("Enter")
        page.wait_for_url(lambda url, pid=place_id: parse_qs(urlparse(url).query).get("place") == [pid], timeout=30_000)
        chips = page.locator(".st-key-place .react-aria-ComboBox [data-tag]")
        expect(chips).to_have_count(1)
        expect(chips.first).to_have_attribute("aria-label", typed)


@pytest.fixture(scope="module")
def review_app(tmp_path_factory):
    """(url, user_dir) of a dashboard of this module's own that reads the gazetteer without its regional table,
    so that the plan's Pakse is a name no index of the atlas knows."""
    user_dir = tmp_path_factory.mktemp("e2e-click-user")
    env = {"LAOMAP_DATA_DIR": str(user_dir), "LAOMAP_GEODATA_DIR": str(CORE_GEODATA)}
    with dashboard(tmp_path_factory.mktemp("e2e-click-log"), env) as url:
        yield url, user_dir


# The Leaflet map of the frame (streamlit-folium keeps it in a global of its own name), and a (lat, lon)'s point on it.
LEAFLET_MAP = """() => Object.keys(window).some(n => { try { return window[n] instanceof L.Map; } catch (e) { return false; } })"""
POINT_OF = """([lat, lon]) => { const n = Object.keys(window).find(k => { try { return window[k] instanceof L.Map; } catch (e) { return false; } });
    const p = window[n].latLngToContainerPoint([lat, lon]); return {x: p.x, y: p.y}; }"""


def test_a_click_on_the_review_map_places_an_unknown_name(page: Page, review_app):
    url, user_dir = review_app
    page.goto(f"{url}/add-document")
    # a new server builds the dataset before its first page: on a loaded machine that takes minutes
    expect(page.get_by_role("heading", name="Add a document")).to_be_visible(timeout=240_000)
    page.set_input_files("input[type=file]", str(FIXTURES / "followup-plan.en.txt"))
    page.get_by_label("Title (empty: the document's own first line)").fill("Joint Follow-up Plan")
    page.get_by_label("Date (empty: read from its date line)").fill("2024-03")
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_text("Pakse — 6×, looks like a city")).to_be_visible(timeout=90_000)

    page.get_by_text("Place it by clicking a map").first.click()  # the label, as a user clicks it
    expect(page.get_by_role("checkbox", name="Place it by clicking a map").first).to_be_checked()
    expect(page.locator(IFRAME)).to_have_count(1, timeout=60_000)
    frame = page.locator(IFRAME).element_handle().content_frame()
    frame.wait_for_function(LEAFLET_MAP, timeout=60_000)
    expect(frame.locator(".leaflet-overlay-pane path").first).to_be_attached(timeout=30_000)  # the outlines are drawn
    where = frame.evaluate(POINT_OF, [15.12, 105.80])  # Pakse
    frame.locator(".leaflet-container").click(position=where)

    shown = page.locator('[data-testid="stAlert"]').filter(has_text="It will be kept as approximate")
    expect(shown).to_contain_text("lies in Champasak (province)", timeout=60_000)
    expect(shown).to_contain_text("precision 2 (near a site)")
    assert not (user_dir / "gazetteer.csv").exists()  # nothing is added before the confirmation
    page.get_by_role("button", name="Add Pakse at this point").click()
    expect(page.get_by_text("Added the place Pakse")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Pakse — 6×, looks like a city")).to_have_count(0)
    row = next(r for r in csv.DictReader(io.StringIO((user_dir / "gazetteer.csv").read_text(encoding="utf-8")))
               if r["place_id"] == "pakse")
    assert (row["precision_code"], row["parent_id"], row["country"]) == ("2", "champasak", "LA")
    assert abs(float(row["lat"]) - 15.12) < 0.05 and abs(float(row["lon"]) - 105.80) < 0.05  # where the click fell
