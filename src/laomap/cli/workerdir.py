"""Where the command line's worker listens and what its socket is named; the standard library only (the client's path).

The socket lives in a private directory of the user (mode 0700, owned by the user: checked, else no worker is used) and
its name is a digest of the code (laomap's files, the interpreter, the installed libraries) and of the environment
except the variables laomap reads when a command runs (``CALL_TIME_ENV``), so that a worker never serves other code or
an environment it did not import with.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import stat
import struct
import sys
from pathlib import Path

from laomap.codeid import PACKAGE, code_files

SWITCH_ENV = "LAOMAP_WORKER"  # "0": every command runs in its own process
IDLE_ENV = "LAOMAP_WORKER_IDLE"  # seconds without a command after which a worker exits (600 unless set)
# Read when a command runs, never at import (tests/test_worker.py changes them between two commands of one worker),
# or set by the shell for every command: a worker serves whatever values they have.
CALL_TIME_ENV = frozenset({
    "LAOMAP_DATA_DIR", "LAOMAP_CACHE_DIR", "LAOMAP_DOCUMENTS_DIR", "LAOMAP_GEODATA_DIR", "LAOMAP_DEBUG",
    "LAOMAP_READER_MEMORY_MB", "LAOMAP_READER_SECONDS", "LAOMAP_MAX_UPLOAD_MB", "LAOMAP_MAX_TEXT_CHARS",
    "LAOMAP_LOCK_TIMEOUT", "LAOMAP_HOLD_ADD", IDLE_ENV, "PWD", "OLDPWD", "_", "SHLVL", "COLUMNS", "LINES",
})


def _libraries() -> list[str]:
    """The installed distributions (their folders' names carry the versions), without importing any of them."""
    names: list[str] = []
    for entry in sys.path:  # only where libraries are installed: sys.path[0] is the working directory or the script's
        if entry.endswith(("site-packages", "dist-packages")):
            with contextlib.suppress(OSError):
                names += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info", ".pth")))
    return names


def digest(env: dict[str, str]) -> str:
    """What a worker must share with a client to serve it: code, interpreter, libraries, import-time environment."""
    fixed = sorted((k, v) for k, v in env.items() if k not in CALL_TIME_ENV)
    # sys.flags and -W: a worker started without -O, -I or -W error must not serve a client started with them
    ident = (str(PACKAGE), sys.executable, sys.version, tuple(sys.flags), sys.warnoptions, code_files(), _libraries(), fixed)
    return hashlib.sha256(repr(ident).encode("utf-8", "surrogateescape")).hexdigest()[:24]


def private_dir(env: dict[str, str], create: bool = True) -> Path | None:
    """This user's directory for worker sockets, or None when it is not private (ours, a directory, mode 0700)."""
    uid = os.getuid()
    base = env.get("XDG_RUNTIME_DIR", "")
    folder = Path(base) / "laomap" if base else Path(f"/tmp/laomap-{uid}")  # noqa: S108 - checked below
    try:
        if create:
            with contextlib.suppress(FileExistsError):
                folder.mkdir(mode=0o700)
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid or st.st_mode & 0o077:
        return None
    return folder


def socket_path(env: dict[str, str], create: bool = True) -> Path | None:
    folder = private_dir(env, create)
    return None if folder is None else folder / f"w-{digest(env)}.sock"


def peer_uid(sock: socket.socket) -> int:
    """The uid of the process at the other end of a Unix socket (SO_PEERCRED: pid, uid, gid)."""
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


def recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        part = sock.recv(n - len(data))
        if not part:
            raise ConnectionError("the worker closed the connection")
        data += part
    return data


