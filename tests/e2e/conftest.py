"""The real dashboard for browser tests: one Streamlit server per session on a free local port.

The server gets a fresh LAOMAP_DATA_DIR, so no test reads or writes the user's data. A
failing test leaves a full-page screenshot in test-artifacts/.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from laomap.appserver import free_port

from .own_server import ROOT, dashboard

ARTIFACTS = ROOT / "test-artifacts"
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

__all__ = ["ARTIFACTS", "IFRAME", "ROOT", "drawn", "free_port", "running_dashboard", "settled"]

# A document has finished loading: its load event, its fonts, every image loaded or failed (an image's error
# handler has run), and two frames drawn since (layout, and what the map's script redoes once the fonts are in).
DRAWN = """async () => {
  if (document.readyState !== 'complete') { await new Promise(r => addEventListener('load', r, {once: true})); }
  await document.fonts.ready;
  await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => {
    i.addEventListener('load', r, {once: true}); i.addEventListener('error', r, {once: true}); })));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return true;
}"""
# Streamlit's own state: no script run going on
# and no part of the page is still to come (a first visit's sidebar follows its map: ui/session.first_paint),
# nor an element whose script the browser is still fetching (Streamlit draws a skeleton in its place: a first
# visit's note of the filters, st.html, came a moment after the run that sent it, so the note's check alone passed early)
IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning' && !document.querySelector('[data-lm-pending]')
        && !document.querySelector('[data-testid="stSkeleton"]'); }"""


def drawn(page: Page) -> None:
    """Every frame of the page has loaded, with its fonts and images, and drawn since (see ``DRAWN``)."""
    for frame in page.frames:
        with contextlib.suppress(PlaywrightError):  # a frame replaced by a rerun meanwhile: its successor is in page.frames
            frame.evaluate(DRAWN)


def settled(page: Page, timeout: float = 60_000) -> None:
    """The dashboard has finished: the script's run is over, nothing stale is left from it, and every frame is drawn.

    What a test used to sleep for ("let the fonts settle", "the rest of the page", "time for a handler to fire"),
    as conditions the browser reports.
    """
    page.wait_for_function(IDLE, timeout=timeout)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout)
    drawn(page)


@contextmanager
def running_dashboard(tmp_path_factory) -> Iterator[str]:
    """The dashboard on a free local port with its own user data dir; yields its URL once it answers."""
    user_dir = tmp_path_factory.mktemp("e2e-user")
    with dashboard(tmp_path_factory.mktemp("e2e-log"), {"LAOMAP_DATA_DIR": str(user_dir)}) as url:
        yield url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The dashboard, started once for the whole session."""
    with running_dashboard(tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A meeting-room screen."""
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "page" in item.funcargs:
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            item.funcargs["page"].screenshot(path=str(ARTIFACTS / f"FAILED-{item.name}.png"), full_page=True)
        except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the real failure
            report.sections.append(("screenshot", f"could not take a screenshot: {exc}"))
