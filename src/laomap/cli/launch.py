"""The ``laomap`` command's entry point: hand the command to a warm worker when one answers, else run it here.

Why: a short command in a new process spends most of its time importing pandas and the pipeline (issue 29). A worker
(``laomap.cli.worker``) keeps them imported and forks a child per command that takes this process's arguments,
environment, working directory, umask and standard streams (passed as file descriptors), so each command is as isolated
as a new process and only the imports are warm. This module imports only the standard library (the client must stay
light) and, when it runs the command itself, ``laomap.cli.app``.

The worker's socket lives in a private directory of the user (mode 0700, checked) and its name is a digest of the code
(laomap's files, the interpreter, the installed libraries) and of the environment except the variables laomap reads
when a command runs (``CALL_TIME_ENV``): a worker never serves other code or an environment it did not import with.
Anything that keeps the worker from taking the command (none, refused, a stale socket, a broken handshake) makes the
command run in this process, silently; a command that runs here starts a worker for the next ones. ``LAOMAP_WORKER=0``
turns this off.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import sys
from pathlib import Path

from laomap.cli.workerdir import PACKAGE, SWITCH_ENV, peer_uid, recv_exact, socket_path

HANDSHAKE_S = 10.0  # a worker that has not taken the command by then is passed over (the command runs here)


def _stream_info(stream: object) -> list[str | None]:
    return [getattr(stream, "encoding", None), getattr(stream, "errors", None)]


def _request(argv: list[str], env: dict[str, str]) -> bytes:
    mask = os.umask(0)
    os.umask(mask)
    return json.dumps({"argv": argv, "env": env, "cwd": os.getcwd(), "umask": mask,
                       "streams": [_stream_info(s) for s in (sys.stdin, sys.stdout, sys.stderr)]},
                      ensure_ascii=False).encode("utf-8", "surrogateescape")


def hand_over(path: Path, argv: list[str], env: dict[str, str] | None = None) -> int | None:
    """The command's exit code from the worker at ``path`` (run with ``env``, this process's environment unless given, and
    this process's standard streams); None when the worker did not take it (then it did nothing: run it here)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(HANDSHAKE_S)
        sock.connect(str(path))
        payload = _request(argv, dict(os.environ) if env is None else env)
        if peer_uid(sock) != os.getuid():
            raise ConnectionError("the worker is another user's")
        socket.send_fds(sock, [struct.pack("!I", len(payload))], [0, 1, 2])
        sock.sendall(payload)
        if sock.recv(1) != b"S":  # the child has the request, its streams, environment and directory
            raise ConnectionError("the worker did not take the command")
    except (OSError, ValueError, UnicodeError):
        sock.close()
        return None
    interrupted: list[bool] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(True))  # held until "G" has gone
    with contextlib.suppress(OSError):  # if the child is gone, no exit code comes (below)
        sock.sendall(b"G")  # from here the worker's child runs the command: its answer is the command's
        sock.settimeout(None)

    def forward(signum: int, frame: object) -> None:
        with contextlib.suppress(OSError):
            sock.sendall(b"I")  # Ctrl-C reaches this process only: the child gets it as a KeyboardInterrupt

    signal.signal(signal.SIGINT, forward)
    if interrupted:
        forward(signal.SIGINT, None)
    try:
        while True:
            try:
                tag = recv_exact(sock, 1)
                if tag == b"X":
                    return struct.unpack("!i", recv_exact(sock, 4))[0]
            except OSError:
                print("laomap: the worker process running this command ended without an exit code (it was killed?). "
                      "Run the command again; LAOMAP_WORKER=0 runs it without a worker.", file=sys.stderr)
                return 70
    finally:
        signal.signal(signal.SIGINT, previous)
        sock.close()


def start_worker(path: Path) -> None:
    """A worker for ``path``, detached from this process (its own session, its streams on /dev/null)."""
    import subprocess  # here: only a command that found no worker needs it

    src = PACKAGE.parent
    with contextlib.suppress(OSError, ValueError):
        flags = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined] # -O, -W...: the worker's digest has them
        subprocess.Popen([sys.executable, *flags, "-m", "laomap.cli.worker", str(path)], cwd=src, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                         close_fds=True)  # the worker forks again and this child exits at once (no zombie kept)


def main() -> int:
    """The ``laomap`` command: in a worker when one answers, else here (and a worker is started for the next time)."""
    argv = sys.argv[1:]
    if os.environ.get(SWITCH_ENV, "").strip() != "0" and argv[:1] != ["worker"]:
        env = dict(os.environ)
        path = None
        with contextlib.suppress(OSError, ValueError):
            path = socket_path(env)
        if path is not None:
            code = hand_over(path, argv, env)
            if code is not None:
                return code
            start_worker(path)
    from laomap.cli.app import main as run_here

    return run_here(argv)
