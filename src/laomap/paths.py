"""Where laomap finds its inputs: the project's documents/ and geodata/, and the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(os.environ.get("LAOMAP_ROOT") or Path(__file__).resolve().parents[2])
DEFAULT_USER_DIR = Path(platformdirs.user_data_dir("laomap", appauthor=False))  # ~/.local/share/laomap on Linux


def documents_dir() -> Path:
    return Path(os.environ.get("LAOMAP_DOCUMENTS_DIR") or PROJECT_ROOT / "documents")


def geodata_dir() -> Path:
    return Path(os.environ.get("LAOMAP_GEODATA_DIR") or PROJECT_ROOT / "geodata")


def user_data_dir() -> Path:
    """Added documents and places live here: ``LAOMAP_DATA_DIR`` or ~/.local/share/laomap."""
    return Path(os.environ.get("LAOMAP_DATA_DIR") or DEFAULT_USER_DIR)


def cache_dir() -> Path:
    """Built datasets kept between runs: ``LAOMAP_CACHE_DIR`` or ~/.cache/laomap (safe to delete at any time)."""
    return Path(os.environ.get("LAOMAP_CACHE_DIR") or platformdirs.user_cache_dir("laomap", appauthor=False))
