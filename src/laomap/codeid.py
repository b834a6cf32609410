"""The identity of laomap's code without reading it: its files' names, sizes and modification times.

The disk cache names its datasets with it (an upgrade never serves an old build) and the command line's worker names its
socket with it (a worker never serves other code). The standard library only: the command line's client imports it.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # the laomap package


def code_files(suffixes: tuple[str, ...] | None = None) -> list[tuple[str, int, int]]:
    """laomap's files (name, size, modification time), the code's identity without reading it (a stat each).

    ``pipeline/cache.py`` names its datasets with the ``.py``/``.po``/``.csv``/``.json`` ones; the worker with all.
    """
    found: list[tuple[str, int, int]] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        walk(entry.path, f"{prefix}{entry.name}/")
                elif (suffixes is None or os.path.splitext(entry.name)[1] in suffixes) and entry.is_file():
                    st = entry.stat()
                    found.append((prefix + entry.name, st.st_size, st.st_mtime_ns))

    walk(str(PACKAGE), "")
    return sorted(found)
