"""The user's own data directory: documents and places added without touching the project.

Layout of ``LAOMAP_DATA_DIR`` (default ~/.local/share/laomap)::

    manifest.json       documents added by the user (same format as documents/manifest.json)
    documents/          their texts, as UTF-8
    gazetteer.csv       places added by the user (same columns as geodata/gazetteer.csv)
"""

from __future__ import annotations

import json
from pathlib import Path

from .documents import DocumentMeta, meta_from_dict
from .errors import DocumentError
from .gazetteer import Place, read_gazetteer_csv


def user_documents(user_dir: Path) -> list[tuple[DocumentMeta, Path]]:
    """Manifest entries of added documents with the folder holding their files."""
    path = Path(user_dir) / "manifest.json"
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{path} is not valid UTF-8 JSON: {exc}") from None
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DocumentError(f"{path}: expected an object with a 'documents' list.")
    folder = Path(user_dir) / "documents"
    return [(meta_from_dict(e, where=f"{path} entry {i + 1}", builtin=False), folder) for i, e in enumerate(entries)]


def user_places(user_dir: Path) -> list[Place]:
    path = Path(user_dir) / "gazetteer.csv"
    return read_gazetteer_csv(path, user_added=True) if path.is_file() else []
