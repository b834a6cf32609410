"""A dashboard server of a test module's own: its own port, user data directory and environment.

For browser tests whose data or inputs differ from the shared session server (conftest.py):
malicious data, a broken geodata folder, a lower upload limit. Starting, waiting and
stopping are laomap.appserver's, as for the benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from laomap.appserver import SERVED, AppStartError, running_app

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def dashboard(log_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """``streamlit run serve.py`` (the dashboard as served) with ``env`` added to the environment; yields its URL once it answers.

    The server's log is ``log_dir/streamlit.log``; a server that does not come up fails the test with its end.
    """
    try:
        with running_app(SERVED, cwd=ROOT, env=env, log_path=Path(log_dir) / "streamlit.log") as server:
            yield server.url
    except AppStartError as exc:
        pytest.fail(str(exc))
