"""Start a Streamlit app in a subprocess on a free local port, wait until it answers, stop it.

Browser tests and benchmarks need the real dashboard served on 127.0.0.1 with an
environment of their own (a fresh user data directory, a synthetic corpus, a lower upload
limit). This module does that in one place. It does not import Streamlit: the app runs
in its own process, started with this interpreter (``python -m streamlit run``), without
Streamlit's file watcher (files written under the project would wake it and slow every
page) and without usage statistics. Nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from laomap.errors import LaomapError
from laomap.paths import PROJECT_ROOT

HOST = "127.0.0.1"
SERVED = "serve.py"  # the dashboard as served: dashboard.py behind laomap.ui.serve's addition to the server
START_TIMEOUT = 90.0  # seconds: a cold start on a busy 2-core machine imports geopandas, folium, matplotlib...


class AppStartError(LaomapError):
    """The app did not answer its health check in time, or exited while starting."""


@dataclass(frozen=True)
class AppServer:
    """A running app: its URL, process and log file (stdout and stderr together)."""

    url: str
    process: subprocess.Popen
    log_path: Path | None

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's log, for a failure message."""
        if self.log_path is None or not self.log_path.exists():
            return "(no log)"
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


def free_port() -> int:
    """A TCP port nobody listens on at this moment (the OS picks it)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def streamlit_command(script: str, port: int, *extra: str) -> list[str]:
    """The ``streamlit run`` command line for ``script`` on ``HOST:port``."""
    return [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address", HOST,
            "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *extra]


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether Streamlit at ``url`` answers its health check with ``ok``."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def wait_until_healthy(server: AppServer, timeout: float = START_TIMEOUT) -> None:
    """Return once the server answers; raise AppStartError with its log if it exits or times out."""
    deadline = time.monotonic() + timeout
    while not healthy(server.url):
        if server.process.poll() is not None:
            raise AppStartError(f"the app exited with code {server.process.returncode} while starting on {server.url}:\n"
                                f"{server.log_tail()}")
        if time.monotonic() > deadline:
            raise AppStartError(f"the app did not answer on {server.url} within {timeout:.0f} s:\n{server.log_tail()}")
        time.sleep(0.2)


def stop(server: AppServer, timeout: float = 15.0) -> None:
    """Terminate the server (then kill it if it does not stop within ``timeout`` seconds)."""
    if server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=timeout)


@contextmanager
def running_app(script: str | Path = SERVED, *, cwd: str | Path = PROJECT_ROOT, env: Mapping[str, str] | None = None,
                log_path: str | Path | None = None, timeout: float = START_TIMEOUT, args: tuple[str, ...] = ()) -> Iterator[AppServer]:
    """``streamlit run script`` in ``cwd`` on a free port, with ``env`` added to this process's environment.

    Yields the running server once its health check answers and stops it on exit. ``script``
    is relative to ``cwd`` (Streamlit serves ``static/`` from the script's folder). The log
    goes to ``log_path`` (discarded when None). Raises AppStartError if it does not come up.
    """
    port = free_port()
    full_env = {**os.environ, **(env or {})}
    log = Path(log_path) if log_path is not None else None
    out = open(log, "w", encoding="utf-8") if log is not None else subprocess.DEVNULL  # noqa: SIM115 - closed below
    try:
        process = subprocess.Popen(streamlit_command(str(script), port, *args), cwd=str(cwd), env=full_env,
                                   stdout=out, stderr=subprocess.STDOUT)
    finally:
        if log is not None:
            out.close()  # the child has its own handle
    server = AppServer(f"http://{HOST}:{port}", process, log)
    try:
        wait_until_healthy(server, timeout)
        yield server
    finally:
        stop(server)
