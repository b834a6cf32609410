"""``read_upload`` in a separate process with a memory and a time limit: a hostile file costs that process, never the server.

The readers limit what they decompress and parse (``docx``: part sizes, no DTDs; ``html``: size and
nesting; ``pdf``: pages and stream sizes), but the libraries under them have more ways to be made
slow or large than any list of checks. So the Add document page and ``add-document`` read every
upload in a child process (``python -m laomap.ingest.bounded``) that caps its own address space
(``LAOMAP_READER_MEMORY_MB``, 1024 above what its imports take) and CPU time, and that the server
kills after ``LAOMAP_READER_SECONDS`` (120) of wall time. When the child ends, all its memory is
returned; the server only ever holds the upload's bytes and the text that comes back.

Protocol: the upload is a temporary file (mode 600) named on the command line; the child writes
one JSON object per line on stdout: ``{"progress": [done, total]}``, then ``{"ok": {...}}`` (the
``Extracted`` fields) or ``{"error": {"message", "key", "values"}}`` (a ``DocumentError``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from laomap.errors import DocumentError
from laomap.ingest.base import Extracted, Located, Progress, human_size

DEFAULT_MEMORY_MB = 1024
DEFAULT_SECONDS = 120


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise DocumentError(f"{name} must be a positive whole number, got {raw!r}.")
    return int(raw)


def memory_limit_mb() -> int:
    """Megabytes a reader may use above its own imports: ``LAOMAP_READER_MEMORY_MB``, 1024 unless set."""
    return _setting("LAOMAP_READER_MEMORY_MB", DEFAULT_MEMORY_MB)


def time_limit_s() -> int:
    """Seconds a reader may take: ``LAOMAP_READER_SECONDS``, 120 unless set."""
    return _setting("LAOMAP_READER_SECONDS", DEFAULT_SECONDS)


def _refused(name: str, size: int) -> DocumentError:
    return DocumentError.of("err.reader_limit", name=name, size=human_size(size), memory=f"{memory_limit_mb():,} MB",
                            seconds=time_limit_s())


def read_upload_bounded(data: bytes, name: str, progress: Progress | None = None) -> Extracted:
    """``read_upload(data, name, progress)`` in a child process; DocumentError (never anything else) on refusal."""
    from laomap.ingest import read_upload
    from laomap.ingest.base import check_size

    if not isinstance(data, bytes | bytearray):
        return read_upload(data, name, progress)  # refused there, with the same message
    check_size(len(data), name)  # before any process is started
    memory, seconds = memory_limit_mb(), time_limit_s()
    with tempfile.NamedTemporaryFile(prefix="laomap-upload-", suffix=".bin") as fh:
        fh.write(data)
        fh.flush()
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        try:
            if FORK:
                child: subprocess.Popen | _Forked = _Forked(fh.name, name, memory, seconds)
            else:
                child = subprocess.Popen([sys.executable, "-m", "laomap.ingest.bounded", fh.name, name, str(memory),
                                          str(seconds)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, env=env)
        except OSError as exc:
            raise DocumentError.of("err.reader_start", name=name, cause=exc.strerror or str(exc)) from None
        lines: queue.Queue[bytes | None] = queue.Queue()

        def pump() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + seconds + 30  # the child's own CPU limit usually ends it first; imports count here
        result: dict | None = None
        try:
            while True:
                try:
                    line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise _refused(name, len(data)) from None
                if line is None:
                    break
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                if "progress" in msg and progress is not None:
                    progress(*msg["progress"])
                elif "ok" in msg or "error" in msg or "bug" in msg:
                    result = msg
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
    if result is None:
        raise _refused(name, len(data))  # killed by its limits (or a crash of a library under it)
    if "bug" in result:
        raise RuntimeError(f"Reading {name} failed in the reader process: {result['bug']}")
    if "error" in result:
        err = result["error"]
        exc = DocumentError(err["message"])
        exc.key, exc.values = err.get("key"), err.get("values") or {}
        raise exc
    ok = result["ok"]
    return Extracted(**{**ok, "located": [Located(**x) for x in ok.get("located", ())]})  # the points came as dicts


# Set by the command line's worker (``laomap.cli.worker``), a single-threaded process that has imported the readers: the
# reader process is then a fork of it (same limits, set in the fork, and the same protocol) instead of a new Python
# that imports them again. The dashboard's server, with its many threads, starts a new process as before.
FORK = False


class _Forked:
    """A reader process forked from this one: what ``read_upload_bounded`` uses of a ``Popen`` (stdout, poll, kill, wait)."""

    def __init__(self, path: str, name: str, memory: int, seconds: int) -> None:
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the reader: its output to the pipe, nothing of the caller's streams
            code = 1
            try:
                os.close(read_end)
                with contextlib.suppress(Exception):  # ends with the process that waits for it, whatever ends that
                    import ctypes

                    ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
                devnull = os.open(os.devnull, os.O_RDWR)
                os.dup2(devnull, 0)
                os.dup2(write_end, 1)
                os.dup2(devnull, 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own stdout
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                code = _child(path, name, memory, seconds)
                sys.stdout.flush()
            finally:
                os._exit(code)
        os.close(write_end)
        self.stdout = os.fdopen(read_end, "rb")
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, 9)

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        self.stdout.close()
        return self.returncode


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next((int(line.split()[1]) for line in fh if line.startswith(f"{field}:")), 0)


_cap_bytes = 0


def _limit_self(memory_mb: int, seconds: int) -> None:
    """Cap this process: its address space at what the imports took plus ``memory_mb``, its CPU at ``seconds``."""
    import resource

    global _cap_bytes
    cap = _status_kb("VmSize") * 1024 + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    _cap_bytes = cap


def _hit_the_cap() -> bool:
    """Whether this process reached its memory cap: a library that ran out of memory may report a parse error instead."""
    return bool(_cap_bytes) and _status_kb("VmPeak") * 1024 > _cap_bytes - 32 * 1024 * 1024


_LIBRARIES = {"pdf": ("pypdf",), "docx": ("docx", "lxml.etree"), "html": ("trafilatura", "lxml.etree"), "iati": ("lxml.etree",)}


def _child(path: str, name: str, memory_mb: int, seconds: int) -> int:
    """The reader process: read, answer on stdout, exit. Its limits turn a bomb into its own end."""
    import importlib

    from laomap.ingest import READERS, read_upload

    data = Path(path).read_bytes()
    out = sys.stdout
    reader = next((r for r in READERS[:-1] if r.sniff(data)), None)
    for module in _LIBRARIES.get(reader.name if reader else "", ()):  # before the cap, so that it measures the work alone
        importlib.import_module(module)

    def say(msg: dict) -> None:
        out.write(json.dumps(msg, ensure_ascii=False, default=str) + "\n")
        out.flush()

    with contextlib.suppress(OSError, ValueError, ImportError):  # no resource limits here: the server's wall clock still holds
        _limit_self(memory_mb, seconds)
    try:
        got = read_upload(data, name, lambda done, total: say({"progress": [done, total]}))
    except DocumentError as exc:
        if _hit_the_cap():
            return 3  # libxml2 says "unknown error" when an allocation fails: the limit, not damage
        say({"error": {"message": str(exc), "key": exc.key,  # a nested error (a reason) travels as its English text
                          "values": {k: str(v) if isinstance(v, Exception) else v for k, v in (exc.values or {}).items()}}})
        return 0
    except MemoryError:
        return 3  # the server says what the limits are
    except Exception as exc:  # noqa: BLE001 - a defect of laomap's, reported as one (the server raises it)
        if _hit_the_cap():
            return 3  # at the cap anything may fail instead (a module imported late: "failed to map segment"): the limit
        say({"bug": f"{type(exc).__name__}: {exc}"[:500]})
        return 1
    say({"ok": dataclasses.asdict(got)})
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
