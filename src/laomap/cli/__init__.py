"""The ``laomap`` command: build, validate and export from a shell, for scripting.

One module per group of sub-commands (``data``, ``export``, ``userdata``), each registering
its commands with ``app.command``. May import every library package; never Streamlit.

Every command exits 0 on success, 1 when the data or the input is wrong or a file cannot be
read or written (with a message on stderr and no traceback), 2 on a usage error, and 70 on
an unexpected error (a bug: its type and message on stderr, the traceback only with
``LAOMAP_DEBUG=1``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["command", "main", "parser"]


def __getattr__(name: str) -> Any:
    """``main``, ``parser`` and ``command`` imported when asked for: the ``laomap`` entry point (``launch``) is a module
    of this package and must not import every command before it has tried the worker."""
    if name in __all__:
        from laomap.cli import app, base

        return {"main": app.main, "parser": app.parser, "command": base.command}[name]
    raise AttributeError(f"module 'laomap.cli' has no attribute {name!r}")
