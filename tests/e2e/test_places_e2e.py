"""Places in Chromium: a place typed in full in the sidebar's picker is the place selected (English and Japanese).

The picker lists places whose names begin one another ("Vientiane", "Vientiane Capital", "Vientiane Province";
ルアンパバーン and ルアンパバーン県): typing one of them in full and pressing Enter must select that one, not the
first entry that starts like it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

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
