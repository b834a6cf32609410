"""The identity of laomap's code without reading it: its files' names, sizes and modification times.

The disk cache names its datasets with it (an upgrade never serves an old build) and the command line's worker names its
socket with it (a worker never serves other code). The standard library only: the command line's client imports it.
"""

from __future__ import annotations

import stat
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # the laomap package


def code_files(suffixes: tuple[str, ...] | None = None) -> list[tuple[str, int, int]]:
    """laomap's files (name, size, modification time), the code's identity without reading it (a stat each).

    ``pipeline/cache.py`` names its datasets with the ``.py``/``.po``/``.csv``/``.json`` ones; the worker with all.
    """
    return [(str(f.relative_to(PACKAGE)), st.st_size, st.st_mtime_ns) for f in sorted(PACKAGE.rglob("*"))
            if "__pycache__" not in f.parts and (suffixes is None or f.suffix in suffixes)
            and stat.S_ISREG((st := f.stat()).st_mode)]
