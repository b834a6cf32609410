"""``laomap worker status|stop``: the user's view of the command line's warm workers (``laomap.cli.worker``).

Its own module: the worker imports the command registry (``app``) to run commands, so the registry cannot import it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket

from laomap.cli.base import command
from laomap.cli.workerdir import private_dir, socket_path


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("status", "stop"), help="status: list this user's workers; stop: stop them all")


@command("worker", _configure)
def worker_command(args: argparse.Namespace) -> int:
    """The command line's warm worker: 'status' lists this user's workers, 'stop' stops them.

    A command starts a worker in the background and later commands run in it (pandas and the pipeline already
    imported); it exits after LAOMAP_WORKER_IDLE seconds (600) without a command. LAOMAP_WORKER=0 turns it off.
    """
    folder = private_dir(dict(os.environ), create=False)
    mine = socket_path(dict(os.environ), create=False)
    sockets = sorted(folder.glob("w-*.sock")) if folder else []
    if args.action == "stop":
        for path in sockets:
            with contextlib.suppress(OSError):
                path.unlink()  # the worker sees its socket gone within a few seconds and exits
        print(f"{len(sockets)} worker(s) told to stop")
        return 0
    for path in sockets:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
            state = "running"
        except OSError:
            state = "not running (stale socket)"
        finally:
            probe.close()
        print(f"{path}: {state}{', this code and environment' if path == mine else ''}")
    if not sockets:
        print("no worker")
    return 0
