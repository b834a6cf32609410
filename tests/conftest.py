"""Shared fixtures: the built dataset (once per session) and copies of the inputs to corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "documents"
GEODATA = ROOT / "geodata"


@pytest.fixture(autouse=True)
def _isolated_user_dir(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user data directory."""
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture(scope="session")
def ds(tmp_path_factory):
    from laomap.dataset import build

    return build(DOCUMENTS, GEODATA, tmp_path_factory.mktemp("empty-user"))


@pytest.fixture
def inputs(tmp_path):
    """Writable copies of documents/ and geodata/ for tests that break them."""
    docs, geo = tmp_path / "documents", tmp_path / "geodata"
    shutil.copytree(DOCUMENTS, docs)
    shutil.copytree(GEODATA, geo)
    return docs, geo, tmp_path / "user"
