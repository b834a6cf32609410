"""Shared fixtures: the built dataset (once per session) and copies of the inputs to corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "documents"
GEODATA = ROOT / "geodata"


@pytest.fixture(scope="session")
def _cache_root(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_user_dir(tmp_path_factory, monkeypatch, _cache_root):
    """No test reads or writes the real user data directory or the real cache of built datasets."""
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(_cache_root))


@pytest.fixture(scope="session")
def ds(tmp_path_factory):
    from laomap.pipeline.dataset import build

    return build(DOCUMENTS, GEODATA, tmp_path_factory.mktemp("empty-user"))


@pytest.fixture
def inputs(tmp_path):
    """Writable copies of documents/ and geodata/ for tests that break them."""
    docs, geo = tmp_path / "documents", tmp_path / "geodata"
    shutil.copytree(DOCUMENTS, docs)
    shutil.copytree(GEODATA, geo)
    return docs, geo, tmp_path / "user"


CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_path() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's chromium (it cannot download its own browser here)."""
    import os

    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed, and browser tests may not be skipped under CI=true")
        pytest.skip("no chromium on this machine (bin/test installs it)")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}
