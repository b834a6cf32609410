"""A corrupt geodata layer in a real browser: the dashboard says so at the top and draws everything else.

The other faults (missing files and folders, damaged user data, a read-only directory, a full
disk) are tested with AppTest and the command line in tests/test_faults.py.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page, expect

from laomap.style import CORRIDOR, RIVER

from ..conftest import GEODATA
from .conftest import ARTIFACTS, IFRAME
from .own_server import dashboard

pytestmark = pytest.mark.e2e
PROVINCES = ".leaflet-overlay-pane path.leaflet-interactive"


@pytest.fixture(scope="module")
def broken_app(tmp_path_factory):
    """A dashboard whose Mekong layer was cut short (a copy interrupted halfway)."""
    geo = tmp_path_factory.mktemp("e2e-broken") / "geodata"
    shutil.copytree(GEODATA, geo)
    data = (geo / "mekong.geojson").read_bytes()
    (geo / "mekong.geojson").write_bytes(data[: len(data) // 2])
    env = {"LAOMAP_GEODATA_DIR": str(geo), "LAOMAP_DATA_DIR": str(tmp_path_factory.mktemp("e2e-broken-user"))}
    with dashboard(tmp_path_factory.mktemp("e2e-broken-log"), env) as url:
        yield url


def test_a_corrupt_layer_is_a_visible_warning_and_the_map_still_draws(page: Page, broken_app):
    for path, heading in (("", "Overview"), ("map", "Map of the statements")):
        page.goto(f"{broken_app}/{path}")
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
        warning = page.locator('[data-testid="stAlertContentWarning"]')
        expect(warning).to_contain_text("Some data could not be loaded; the dashboard shows the rest.")
        expect(warning).to_contain_text("mekong.geojson is corrupt")
        frame = page.frame_locator(IFRAME)
        expect(frame.locator(PROVINCES).nth(16)).to_be_attached(timeout=60_000)  # 17 provinces, and the sites
        strokes = frame.locator(".leaflet-pane path").evaluate_all("els => els.map(e => e.getAttribute('stroke'))")
        assert CORRIDOR in strokes and RIVER not in strokes  # the corridor is drawn; the broken river is left out
        assert page.locator('[data-testid="stException"]').count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"fault-corrupt-layer-{path or 'overview'}.png"))
    expect(page.locator(".lm-card:visible").first).to_be_visible()  # the statements are all there
