"""Adding a document in a real browser: upload, review, add a place, add; the plan then shows on the map.

This module runs its own dashboard with its own user data directory, so the documents it
adds never change what the other browser tests see.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from ..conftest import CORE_GEODATA
from ..fixtures.make_pdfs import FIXTURES
from .conftest import ARTIFACTS, IFRAME, settled
from .own_server import dashboard

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    """(url, user_dir) of a dashboard whose user data only this module touches.

    It reads the gazetteer without its regional table, so that the plan's Pakse and Thakhek are
    unknown: one is added by hand, the other with one click on its GeoNames suggestion.
    """
    user_dir = tmp_path_factory.mktemp("e2e-add-user")
    env = {"LAOMAP_DATA_DIR": str(user_dir), "LAOMAP_GEODATA_DIR": str(CORE_GEODATA)}
    with dashboard(tmp_path_factory.mktemp("e2e-add-log"), env) as url:
        yield url, user_dir


def map_shows(page: Page, text: str, timeout: float = 60.0) -> bool:
    """Whether a frame of the map (Leaflet sits in frames that are re-mounted on reruns) comes to show ``text``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame == page.main_frame:
                continue
            try:
                if frame.locator(".leaflet-container").count() and text in frame.locator(".leaflet-container").first.inner_text():
                    return True
            except PlaywrightError:
                pass  # the frame was replaced while we looked
        time.sleep(0.3)
    return False


def open_page(page: Page, url: str) -> None:
    """Open the dashboard and go to the page through the navigation, as a user does."""
    page.goto(url)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=60_000)  # the first run is over
    page.get_by_role("link", name="Add document").click()
    expect(page.get_by_role("heading", name="Add a document")).to_be_visible(timeout=60_000)
    assert page.url.endswith("/add-document")


def test_upload_review_add_place_add_and_see_it_on_the_map(page: Page, own_app):
    url, user_dir = own_app
    open_page(page, url)
    page.set_input_files("input[type=file]", str(FIXTURES / "followup-plan.en.txt"))
    expect(page.get_by_text("followup-plan.en.txt")).to_be_visible()
    page.get_by_label("Title (empty: the document's own first line)").fill("Joint Follow-up Plan on Regional Partnership")
    page.get_by_label("Date (empty: read from its date line)").fill("2024-03")
    page.get_by_role("textbox", name="Document id (optional)").fill("followup-en")
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_text("2. Review what was found")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Pakse — 6×, looks like a city")).to_be_visible()

    page.get_by_role("spinbutton", name="Latitude (°N)").first.fill("15.1202")
    page.get_by_role("spinbutton", name="Longitude (°E)").first.fill("105.799")
    page.get_by_role("button", name="Add this place").first.click()
    expect(page.get_by_text("Added the place Pakse")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Pakse — 6×, looks like a city")).to_have_count(0)

    # Thakhek (now the first name, its panel open) with one click on the place the offline GeoNames index suggests
    suggestion = page.get_by_role("button", name="Add Thakhèk, LA (Khammouane)")
    expect(suggestion).to_be_visible(timeout=30_000)
    suggestion.click()
    expect(page.get_by_text("Added the place Thakhek")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Thakhek — ")).to_have_count(0)
    assert "thakhek,Thakhek," in (user_dir / "gazetteer.csv").read_text(encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "add-document-review.png"), full_page=True)

    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_text("Added followup-en: 14 statements")).to_be_visible(timeout=60_000)
    assert (user_dir / "documents" / "followup-en.txt").is_file()

    # the added plan is a plan like the others: selectable in the URL, drawn on the map
    page.goto(f"{url}/map?doc=followup-en&place=pakse")
    expect(page.get_by_text("7 of ")).to_be_visible(timeout=60_000)  # the plan's 7 statements naming Pakse
    expect(page.locator(IFRAME)).to_have_count(1, timeout=60_000)
    page.locator(IFRAME).scroll_into_view_if_needed()
    ok = map_shows(page, "Pakse")
    assert ok, "Pakse is labelled on the map of the added plan"
    settled(page)
    page.screenshot(path=str(ARTIFACTS / "add-document-map.png"))


def test_a_bad_upload_is_a_message_in_the_browser(page: Page, own_app, tmp_path):
    url, user_dir = own_app
    before = sorted(p.name for p in user_dir.rglob("*"))
    locked = tmp_path / "locked.pdf"
    from ..fixtures.make_pdfs import encrypted_pdf, fixture_pdf

    locked.write_bytes(encrypted_pdf(fixture_pdf("en")))
    open_page(page, url)
    page.set_input_files("input[type=file]", str(locked))
    expect(page.get_by_text("locked.pdf")).to_be_visible()
    page.get_by_label("Title (empty: the document's own first line)").fill("Locked")
    page.get_by_label("Date (empty: read from its date line)").fill("2024")
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_text("locked.pdf is an encrypted (password-protected) PDF")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    assert sorted(p.name for p in user_dir.rglob("*")) == before


def test_review_sent_as_soon_as_a_file_is_dropped_reviews_that_file(page: Page, own_app):
    """A quick user: drops a file, types, sends the form at once. Review waits for the file; what was typed is kept.

    The uploader once sat outside the form: a click sent before the file had reached the server reviewed no file
    ("Choose a file to upload first") or lost the typed date. Inside the form, the browser holds Review until then.
    """
    from .. import bombs

    url, user_dir = own_app
    before = sorted(p.name for p in user_dir.rglob("*"))
    open_page(page, url)
    slow = bombs.pdf_many_pages(300, drawing=200)  # a few seconds of reading; no date line, a year in its sentence
    page.set_input_files("input[type=file]", files=[{"name": "slow-plan.pdf", "mimeType": "application/pdf", "buffer": slow}])
    page.get_by_label("Title (empty: the document's own first line)").fill("A Plan Read Slowly")
    page.get_by_label("Date (empty: read from its date line)").fill("2024-05")
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_text("2. Review what was found")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("A Plan Read Slowly", exact=True)).to_be_visible()
    expect(page.get_by_text("2024-05-plan-read-slowly-en", exact=True)).to_be_visible()  # the typed date is in its id
    expect(page.get_by_text(re.compile(r"Language English, read from the text"))).to_be_visible()
    expect(page.get_by_text("Choose a file to upload first.")).to_have_count(0)
    expect(page.get_by_text("This document has no date line")).to_have_count(0)
    assert sorted(p.name for p in user_dir.rglob("*")) == before  # a review adds nothing
