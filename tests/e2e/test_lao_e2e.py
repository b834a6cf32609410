"""The Lao interface in Chromium: every page speaks Lao (no Latin-script interface word that is not a name, a code or
a document's own text), the Lao web font is what draws it (no tofu on a machine without a Lao font), and a screenshot."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from laomap.i18n import t
from laomap.ui.pages import PAGES

from .conftest import IFRAME
from .test_browsing_e2e import VISIBLE_TEXT, latin_words
from .test_dashboard import shot

pytestmark = pytest.mark.e2e

# The Lao font is a web font: the page shows Lao with it, not with whatever the machine has (or boxes, without).
LAO_FONT_STATE = r"""() => {
  const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Noto Sans Lao');
  return {faces: faces.length, loaded: faces.filter(f => f.status === 'loaded').length,
          failed: faces.filter(f => f.status === 'error').length};
}"""

# A Lao face has settled (loaded, or failed): the page declared it and drew Lao text with it.
LAO_FACE_SETTLED = r"""() => [...document.fonts].some(f => f.family.replace(/["']/g, '') === 'Noto Sans Lao'
                                                     && (f.status === 'loaded' || f.status === 'error'))"""

# Names in the About page's sources table (the Lao font, the sources of the Lao place names).
NAMES = {"Noto", "Sans", "Lao", "SIL", "Open", "Font", "License", "Babel", "CLDR", "pycountry", "npm", "Unicode", "Phetsarath", "OT", "XML",
         "WCAG", "A", "AA", "PC", "Enter", "Space", "Tab",  # the accessibility statement: the standard, its levels, key names
         "JAIF", "NIHONGO"}  # programmes whose Lao names keep their Latin letters (About's list of organisations and programmes)


def data_words(ds) -> set[str]:
    """Latin words that are data in the Lao interface: the plans' own titles, publishers and the manifest's provenance,
    in the language the manifest gives them (the About page marks them as English)."""
    words = set(NAMES)
    for meta in ds.documents.values():
        for text in (meta.title_en, meta.short_title_en, meta.publisher, meta.date_basis, meta.source_format):
            words |= set(re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", text or ""))
    return words


def test_every_page_in_lao_shows_lao_interface_text_drawn_with_the_lao_font(page: Page, app_url, ds):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.set_default_timeout(30_000)
    allowed = data_words(ds)
    leaks, fonts = {}, {}
    for spec in PAGES:
        page.goto(f"{app_url}/{'' if spec.default else spec.url_path}?lang=lo&theme=energy&from=2020")
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(t("filters", "lo"), timeout=60_000)
        expect(page.locator("[data-lm-pending]")).to_have_count(0, timeout=60_000)  # not the note: the filters have come
        expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text(spec.title("lo"))
        assert urlparse(page.url).path.rstrip("/").endswith("" if spec.default else spec.url_path)
        # The page's stylesheet (with the @font-face rules) comes with the main area, after the sidebar: await a Lao
        # face's load (a page that never declares or uses it fails here, by timeout), then the other fonts.
        page.wait_for_function(LAO_FACE_SETTLED)
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        words = [w for w in latin_words(page.evaluate(VISIBLE_TEXT)) if w not in allowed]
        if words:
            leaks[spec.url_path or "overview"] = words
        state = page.evaluate(LAO_FONT_STATE)
        if not state["loaded"] or state["failed"]:
            fonts[spec.url_path or "overview"] = state
        if spec.default:  # the screenshot once the sidebar's language buttons and the map are drawn
            expect(page.locator('[data-testid="stSidebar"]').get_by_role("button", name="ລາວ")).to_be_visible()
            expect(page.frame_locator(IFRAME).locator(".leaflet-container")).to_be_visible(timeout=30_000)
            shot(page, "overview-lo")
        elif spec.url_path in ("present", "statements"):
            shot(page, f"{spec.url_path}-lo")
    assert not leaks, f"Latin-script interface words in the Lao interface: {leaks}"
    assert not fonts, f"the Lao web font did not draw these pages: {fonts}"


def test_the_language_buttons_offer_lao_in_its_own_script(page: Page, app_url):
    page.goto(app_url)
    sidebar = page.locator('[data-testid="stSidebar"]')
    for name in ("English", "日本語", "ລາວ"):
        expect(sidebar.get_by_role("button", name=name)).to_be_visible(timeout=30_000)
    sidebar.get_by_role("button", name="ລາວ").click()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text(t("nav.overview", "lo"), timeout=30_000)
    expect(page).to_have_url(re.compile(r"[?&]lang=lo\b"))  # the address follows once the run has set it
