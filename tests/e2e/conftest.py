"""The real dashboard for browser tests: one Streamlit server per session on a free local port.

The server gets a fresh LAOMAP_DATA_DIR, so no test reads or writes the user's data. A
failing test leaves a full-page screenshot in test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from laomap.appserver import free_port

from .own_server import ROOT, dashboard

ARTIFACTS = ROOT / "test-artifacts"
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

__all__ = ["ARTIFACTS", "IFRAME", "ROOT", "free_port", "running_dashboard"]


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
