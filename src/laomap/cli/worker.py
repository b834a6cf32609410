"""The command line's worker: a process that has imported what the commands need and forks a child per command.

Why: see ``laomap.cli.launch`` (the client). Each child takes the client's arguments, environment (os.environ replaced
wholly), working directory, umask and standard streams, runs ``laomap.cli.app.main`` and sends the exit code back; it
keeps nothing between commands (it is a new fork of the worker each time). A Ctrl-C of the client reaches the child as
a KeyboardInterrupt; a client that goes away ends its child (SIGKILL, as a closed terminal would end the command).

The worker holds a lock beside its socket for its whole life (one worker per socket), checks the peer's uid of every
connection, exits after ``LAOMAP_WORKER_IDLE`` seconds (600) without a command, and exits as soon as its socket is
removed or replaced (``laomap worker stop``, in ``cli/workercmd.py``). ``python -m laomap.cli.worker SOCKET`` starts one (the client does).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import gc
import importlib
import io
import json
import os
import pkgutil
import select
import signal
import socket
import struct
import sys
import threading
import time
import traceback
from pathlib import Path

from laomap.cli.workerdir import IDLE_ENV, PACKAGE, peer_uid, private_dir, recv_exact, socket_path
from laomap.ingest import bounded

DEFAULT_IDLE_S = 600
POLL_S = 2.0
# Imported inside the functions that use them (a new process should not pay for what it does not use): a worker has
# them ready. The laomap modules themselves are all imported, except the dashboard's.
LIBRARIES = ("scipy.sparse", "shapely", "shapely.geometry", "shapely.ops", "geopandas", "pyproj", "babel",
             "babel.messages.pofile", "pydantic", "pypdf", "docx", "lxml.etree", "lxml.html", "trafilatura")


def idle_seconds() -> float:
    raw = os.environ.get(IDLE_ENV, "").strip()
    try:
        return float(raw) if raw and float(raw) > 0 else DEFAULT_IDLE_S
    except ValueError:
        return DEFAULT_IDLE_S


def preimport() -> None:
    """Every laomap module but the dashboard's, and the libraries they import lazily: import only, nothing called (a
    cache filled here would be shared by every command, whatever its environment)."""
    for info in pkgutil.walk_packages([str(PACKAGE)], "laomap."):
        if info.name.startswith(("laomap.ui", "laomap.appserver")) or info.name.endswith("__main__"):
            continue
        with contextlib.suppress(Exception):
            importlib.import_module(info.name)
    for name in LIBRARIES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


# --------------------------------------------------------------------------- the child: one command


def _streams(info: list[list[str | None]]) -> None:
    """sys.stdin/stdout/stderr over the client's descriptors (now 0, 1, 2), buffered as a new process's would be."""
    made = []
    for fd, (encoding, errors) in enumerate(info):
        tty = os.isatty(fd)
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        made.append(io.TextIOWrapper(buffered, encoding=encoding or "utf-8", errors=errors or "strict",  # type: ignore[type-var]
                                     line_buffering=fd == 2 or tty))
    sys.stdin, sys.stdout, sys.stderr = made
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = made  # type: ignore[misc]


def _watch(conn: socket.socket) -> None:
    """A client's Ctrl-C ("I") becomes a KeyboardInterrupt here; the client gone (end of stream) ends this process."""
    while True:
        try:
            data = conn.recv(1)
        except OSError:
            data = b""
        if not data:
            os.kill(os.getpid(), signal.SIGKILL)
        if data == b"I":
            os.kill(os.getpid(), signal.SIGINT)


def _exit_code(exc: SystemExit) -> int:
    """What Python makes of ``sys.exit(x)``: None is 0, a number itself, anything else printed and 1."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def _run(argv: list[str]) -> int:
    from laomap.cli.app import main

    try:
        return main(argv)
    except SystemExit as exc:
        return _exit_code(exc)
    except KeyboardInterrupt:
        traceback.print_exc()
        return 130
    except BaseException:  # noqa: BLE001 - what an uncaught exception does to a new process (LAOMAP_DEBUG=1)
        traceback.print_exc()
        return 1


def child(conn: socket.socket) -> None:
    """Take one command from ``conn`` and run it; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        conn.settimeout(30)
        if peer_uid(conn) != os.getuid():
            os._exit(0)
        header, fds, _flags, _addr = socket.recv_fds(conn, 4, 3)
        header += recv_exact(conn, 4 - len(header))
        req = json.loads(recv_exact(conn, struct.unpack("!I", header)[0]).decode("utf-8", "surrogateescape"))
        if len(fds) != 3:
            os._exit(0)
        os.environ.clear()
        os.environ.update(req["env"])
        time.tzset()
        os.chdir(req["cwd"])
        os.umask(req["umask"])
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        _streams(req["streams"])
        sys.argv = ["laomap", *req["argv"]]
        conn.sendall(b"S")
        if conn.recv(1) != b"G":  # the client gave up waiting and runs the command itself
            os._exit(0)
        conn.settimeout(None)
    except BaseException:  # noqa: BLE001 - before "G" the client runs the command itself
        os._exit(0)
    try:
        threading.Thread(target=_watch, args=(conn,), daemon=True).start()
        bounded.FORK = True  # the reader process a fork of this one (it has the readers imported)
        code = _run(req["argv"])
        with contextlib.suppress(Exception):
            atexit._run_exitfuncs()  # what a new process does at its end
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(OSError):
            conn.sendall(b"X" + struct.pack("!i", code))
        os._exit(0)


# --------------------------------------------------------------------------- the worker


def _still_ours(path: Path, inode: int) -> bool:
    try:
        return os.lstat(path).st_ino == inode
    except OSError:
        return False


def serve(path: Path) -> None:
    """Answer commands at ``path`` until idle or the socket is removed; return at once if another worker has it."""
    env = dict(os.environ)
    if path.parent != private_dir(env, create=False) or path != socket_path(env, create=False):
        return  # not this code's or this environment's socket, or not in a private directory
    try:  # held for the worker's life
        lock = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another worker serves it
    os.chdir("/")
    preimport()
    gc.collect()
    gc.freeze()  # the children share these pages instead of copying them when the collector walks them
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    old = os.umask(0o177)
    try:
        server.bind(str(path))
    finally:
        os.umask(old)
    server.listen(16)
    inode = os.lstat(path).st_ino
    idle, last, children = idle_seconds(), time.monotonic(), set()
    try:
        while _still_ours(path, inode):
            for pid in list(children):
                with contextlib.suppress(ChildProcessError):
                    if os.waitpid(pid, os.WNOHANG)[0]:
                        children.discard(pid)
            if not children and time.monotonic() - last > idle:
                break
            if not select.select([server], [], [], min(POLL_S, idle))[0]:
                continue
            conn, _ = server.accept()
            last = time.monotonic()
            pid = os.fork()
            if pid == 0:
                server.close()
                os.close(lock)
                child(conn)
            conn.close()
            children.add(pid)
    finally:
        if _still_ours(path, inode):
            path.unlink()
        server.close()


def _detach_and_serve(path: Path) -> None:
    """The second fork: the client's child returns at once, the worker is nobody's child (no zombie, no terminal)."""
    if os.fork():
        os._exit(0)
    with contextlib.suppress(OSError):
        os.setsid()
    serve(path)


if __name__ == "__main__":
    _detach_and_serve(Path(sys.argv[1]))
