"""One writer at a time on a user data directory, and the clean-up of what a dead writer left.

The lock lives in the data directory itself (``.laomap.lock``, a ``filelock`` flock), so
every writer of that directory excludes every other, whatever its ``TMPDIR``, user or
container: two dashboard replicas, a service with a private /tmp and a command line all
see the same file. The kernel releases a flock when its process dies, so a lock left by a
killed writer is no lock at all; the owner record beside it (``.laomap.lock.owner``: pid,
host, command, since when) only serves the message a waiting writer gets when it gives up.
It is written just after the lock is taken, so it can lag: the message names the holder the
kernel reports (``lock_holder``) and never advises deleting the lock file (issue 30).

A writer that was killed mid-change can leave temporary files (``.NAME.*.tmp``), a text in
``documents/`` that no manifest entry names (the manifest is the commit point) and its
candidate copy of the data in the temporary folder. ``clean_leftovers`` removes them; it
runs inside the lock, at the start of every change, when no other writer can be at work.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from laomap.atomic import write_text
from laomap.errors import LaomapError
from laomap.pipeline.sources import DOCUMENTS, manifest_entries

LOCK_NAME = ".laomap.lock"
OWNER_NAME = ".laomap.lock.owner"
CANDIDATE_PREFIX = "laomap-candidate-"
DEFAULT_TIMEOUT_S = 10.0  # a change takes one to three seconds; ten is several changes queued, not a hang
TIMEOUT_ENV = "LAOMAP_LOCK_TIMEOUT"
_THREADS = threading.Lock()  # sessions of one dashboard process are threads: they queue here too


def lock_timeout() -> float:
    """Seconds a writer waits for another: ``LAOMAP_LOCK_TIMEOUT`` if set, else ten."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise LaomapError(f"{TIMEOUT_ENV} must be a number of seconds from 0 to 3600, got {raw!r}.")
    return value


@dataclass(frozen=True)
class Owner:
    """Who holds (or last held) the lock, as its owner record says."""

    pid: int
    host: str
    command: str
    since: str

    def alive(self) -> bool:
        """Whether the process still runs; only knowable on the same host."""
        if self.host != socket.gethostname():
            return True  # another machine's process: assume it runs
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # it exists, under another user
        return True


def read_owner(user_dir: Path) -> Owner | None:
    """The owner record, or None when there is none or it cannot be read (a writer killed while writing it)."""
    try:
        raw = json.loads((user_dir / OWNER_NAME).read_text(encoding="utf-8"))
        return Owner(int(raw["pid"]), str(raw["host"]), str(raw["command"]), str(raw["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _command() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if name in ("laomap", "__main__.py") and len(sys.argv) > 1:
        return f"laomap {sys.argv[1]}"
    return "the dashboard" if "streamlit" in name else name


def lock_holder(user_dir: Path) -> int | None:
    """The process that holds the directory's lock now, as the kernel says (Linux ``/proc/locks``), or None.

    The owner record is written just after the lock is taken: a writer stopped in between (a pause,
    SIGSTOP) holds the lock while the record still names the previous writer. The kernel's own table
    never lags. None where it cannot be read (another system, the lock held on another machine).
    """
    try:
        st = (user_dir / LOCK_NAME).stat()
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    want = (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)
    for line in table.splitlines():
        fields = line.split()
        if "->" in fields or len(fields) < 6 or fields[1] != "FLOCK":
            continue  # a waiter ("->"), or a lock of another kind
        try:
            major, minor, inode = fields[5].split(":")
            if (int(major, 16), int(minor, 16), int(inode)) == want:
                return int(fields[4])
        except ValueError:
            continue
    return None


def _command_of(pid: int) -> str:
    """What a process runs, for a message (``/proc/PID/cmdline``), or "" when that cannot be read."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return ""
    words = [a.decode("utf-8", "replace") for a in argv if a]
    return " ".join(words)[:120]


def _busy_message(user_dir: Path, waited: float) -> LaomapError:
    """Who holds the lock, for a writer that gave up waiting, in the catalogs' words. It never advises deleting the lock file.

    Deleting it could let two writers in at once (the next one locks a new file while the holder
    keeps the old); and it is never needed: the kernel frees the lock of a process that has ended.
    """
    owner = read_owner(user_dir)
    holder = lock_holder(user_dir)
    common = {"folder": str(user_dir), "waited": f"{waited:.0f}", "env": TIMEOUT_ENV}
    if holder is not None and (owner is None or owner.pid != holder or owner.host != socket.gethostname()):
        command = _command_of(holder)
        return LaomapError.of("err.lock_busy_starting", **common, pid=holder, what=f" ({command})" if command else "")
    if owner is None:
        return LaomapError.of("err.lock_busy", **common)
    if not owner.alive():
        return LaomapError.of("err.lock_busy_dead", **common, pid=owner.pid, command=owner.command)
    if owner.host != socket.gethostname():
        return LaomapError.of("err.lock_busy_held_host", **common, pid=owner.pid, host=owner.host, command=owner.command,
                              since=owner.since)
    return LaomapError.of("err.lock_busy_held", **common, pid=owner.pid, command=owner.command, since=owner.since)


@contextmanager
def locked(user_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the directory's lock for one change; refuse with who holds it after ``timeout`` seconds."""
    wait = lock_timeout() if timeout is None else timeout
    try:
        user_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LaomapError.of("err.user_dir_create", folder=str(user_dir), reason=exc.strerror or str(exc)) from None
    for name in (LOCK_NAME, OWNER_NAME):
        if (user_dir / name).is_symlink():
            raise LaomapError.of("err.lock_symlink", path=str(user_dir / name))
    lock = FileLock(user_dir / LOCK_NAME, timeout=wait, thread_local=False)
    started = time.monotonic()
    if not _THREADS.acquire(timeout=wait if wait > 0 else -1):
        raise _busy_message(user_dir, time.monotonic() - started)
    try:
        try:
            lock.acquire(timeout=max(0.0, wait - (time.monotonic() - started)))
        except Timeout:
            raise _busy_message(user_dir, time.monotonic() - started) from None
        except (OSError, NotImplementedError) as exc:
            raise LaomapError.of("err.lock_failed", folder=str(user_dir), reason=getattr(exc, "strerror", None) or str(exc)) from None
        try:
            owner = {"pid": os.getpid(), "host": socket.gethostname(), "command": _command(),
                     "since": _dt.datetime.now().astimezone().isoformat(timespec="seconds")}
            with contextlib.suppress(LaomapError):  # the record only improves a message; a full disk shows up in the change itself
                write_text(user_dir / OWNER_NAME, json.dumps(owner) + "\n")
            clean_leftovers(user_dir)
            yield
        finally:
            lock.release()
    finally:
        _THREADS.release()


# --------------------------------------------------------------------------- leftovers of killed writers


def _host_tag() -> str:
    """This machine's name as a file-name part: a pid means something only on the host (container) that made it."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"


def candidate_dir() -> tempfile.TemporaryDirectory:
    """A temporary folder for a candidate copy of the data, named by host and process so a dead one's can be found."""
    return tempfile.TemporaryDirectory(prefix=f"{CANDIDATE_PREFIX}{_host_tag()}-{os.getpid()}-")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie has ended: only its parent has not collected its exit status yet
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat[stat.rindex(")") + 2:][:1] != "Z"
    except (OSError, ValueError):
        return True


def clean_leftovers(user_dir: Path) -> list[str]:
    """Remove what killed writers left; call it holding the lock. Returns what was removed, for the tests and logs."""
    removed: list[str] = []
    docs = user_dir / DOCUMENTS
    for folder in (user_dir, docs):
        if folder.is_dir() and not folder.is_symlink():
            for f in folder.iterdir():
                if f.name.startswith(".") and f.name.endswith(".tmp") and f.is_file() and not f.is_symlink():
                    with contextlib.suppress(OSError):
                        f.unlink()
                        removed.append(str(f))
    try:
        named = {e.get("file") for e in manifest_entries(user_dir)}
    except LaomapError:
        named = None  # a damaged manifest: every change is refused anyway, and no text may be judged an orphan
    if named is not None and docs.is_dir() and not docs.is_symlink():
        for f in docs.iterdir():
            if f.is_file() and not f.is_symlink() and not f.name.startswith(".") and f.name not in named:
                with contextlib.suppress(OSError):
                    f.unlink()  # a text written by a writer that died before its manifest: never committed
                    removed.append(str(f))
    tmp = Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        mine = re.compile(rf"{re.escape(CANDIDATE_PREFIX)}{re.escape(_host_tag())}-(\d+)-[A-Za-z0-9_]+")
        for d in tmp.glob(f"{CANDIDATE_PREFIX}*"):
            m = mine.fullmatch(d.name)  # this host's only, and never a folder named otherwise (older laomaps, others)
            pid = int(m.group(1)) if m else 0
            if m and d.is_dir() and not d.is_symlink() and pid != os.getpid() and not _pid_alive(pid):
                shutil.rmtree(d, ignore_errors=True)
                removed.append(str(d))
    return removed


__all__ = ["DEFAULT_TIMEOUT_S", "LOCK_NAME", "OWNER_NAME", "Owner", "candidate_dir", "clean_leftovers", "lock_holder", "lock_timeout",
           "locked", "read_owner"]
