"""The ``laomap`` command: build, validate and export from a shell, for scripting.

One module per group of sub-commands (``data``, ``export``, ``userdata``), each registering
its commands with ``app.command``. May import every library package; never Streamlit.

Every command exits 0 on success, 1 when the data or the input is wrong or a file cannot be
read or written (with a message on stderr and no traceback), 2 on a usage error, and 70 on
an unexpected error (a bug: its type and message on stderr, the traceback only with
``LAOMAP_DEBUG=1``).
"""

from laomap.cli.app import main, parser
from laomap.cli.base import command

__all__ = ["command", "main", "parser"]
