"""What a user data directory holds as data: every file but the writers' lock and its owner record.

The lock lives in the data directory (``laomap.userdata.lock``), so "nothing was written"
means no data file changed, not that the folder is untouched.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from laomap.userdata.lock import LOCK_NAME, OWNER_NAME

LOCK_FILES = frozenset({LOCK_NAME, OWNER_NAME})


def _only_lock_files(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()}
    return bool(names) and names <= LOCK_FILES


def data_names(folder: Path) -> set[str]:
    """Relative paths of the files and folders under ``folder``, leaving out lock files and folders holding only them."""
    if not folder.exists():
        return set()
    out = set()
    for p in folder.rglob("*"):
        if p.name in LOCK_FILES or (p.is_dir() and _only_lock_files(p)):
            continue
        out.add(str(p.relative_to(folder)))
    return out


def data_digest(folder: Path) -> dict[str, str]:
    """Every data file under ``folder`` with its hash: 'nothing changed' means this is equal before and after."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in LOCK_FILES}
