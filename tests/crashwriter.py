"""A writer that kills itself (SIGKILL) at its N-th file-system event, for tests/test_writers.py.

    python tests/crashwriter.py USER_DIR OPERATION N [SLOW_S]
    python tests/crashwriter.py --serve     (one writer process per request line, forked from this one)

The events are the steps a change takes on disk: each file copied into the candidate, each
write, each fsync, each rename. With N = 0 nothing is killed and the number of events is
printed, so the test can then kill the writer at every one of them in turn. SLOW_S makes
every fsync sleep that long (a slow disk, for the concurrency rounds).
OPERATION: add-document, add-place, remove-document, ignore-name, correct-link, add-document-2, correct-link-2.

``--serve`` is for the test that kills a writer at every one of its steps: importing laomap is about half of
a writer's time, so this process imports once and forks a fresh writer for each request (a JSON line: user
dir, operation, N, slow, the environment to run with). Each writer is still a process of its own, started
from a copy of the data and killed with SIGKILL; the answer line gives its exit code as ``subprocess`` would
(-9 when killed) and what it printed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from laomap import userdata  # noqa: E402
from tests.fixtures.make_pdfs import fixture_text  # noqa: E402

DOCUMENTS, GEODATA = ROOT / "documents", ROOT / "geodata"
kill_at, slow, events = 0, 0.0, 0


def event(name: str) -> None:
    global events
    events += 1
    if events == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


def watched(name: str, real):
    def wrapper(*args, **kwargs):
        event(f"before {name}")
        out = real(*args, **kwargs)
        event(f"after {name}")
        return out
    return wrapper


real_fsync = os.fsync


def fsync(fd):
    if slow:
        time.sleep(slow)
    return real_fsync(fd)


os.fsync = watched("fsync", fsync)
os.replace = watched("replace", os.replace)
shutil.copy2 = watched("copy2", shutil.copy2)
Path.write_text = watched("write_text", Path.write_text)
Path.unlink = watched("unlink", Path.unlink)


def write(user_dir: Path, operation: str) -> None:
    """Make the change ``operation`` to ``user_dir``, counting (and at ``kill_at``, dying at) its events."""
    if operation in ("add-document", "add-document-2"):
        text = fixture_text("en")
        if operation == "add-document-2":  # another plan: the same text with another title line
            text = "Second follow-up plan\n\n" + text
        meta = userdata.document_meta("Joint Follow-up Plan", "2024-03", "en", doc_id="followup-en" if operation == "add-document" else "second-en")
        userdata.add_document(text, meta, user_dir, DOCUMENTS, GEODATA)
    elif operation == "add-place":
        place = userdata.place_row("sukhuma", "Sukhuma", "スクマー", "city", "LA", 14.6432, 105.8127)
        userdata.add_place(place, user_dir, DOCUMENTS, GEODATA)
    elif operation == "remove-document":
        userdata.remove_document("followup-en", user_dir, DOCUMENTS, GEODATA)
    elif operation == "ignore-name":
        userdata.ignore_name("Bolaven Plateau", user_dir)
    elif operation == "correct-link":
        userdata.correct_link("action-plan-en:4(7):1.1", "joint-plan-2016:3.II:2.1", "add", "narrowed", "study in Japan", user_dir,
                              DOCUMENTS, GEODATA)
    elif operation == "correct-link-2":  # another user's word on another link, at the same moment
        userdata.correct_link("action-plan-en:4(9):1.2", "joint-plan-2016:3.II:2.1", "add", "narrowed", "", user_dir, DOCUMENTS, GEODATA)
    else:
        raise SystemExit(f"unknown operation {operation!r}")
    print(f"events {events}")
    print("Added" if operation.startswith("add") else "Done")


# the modules the five operations import after start-up (userdata and ingest load their parts on first use)
WARM = ("laomap.userdata.store", "laomap.userdata.places", "laomap.userdata.kinds", "laomap.userdata.carried",
        "laomap.pipeline.incremental", "laomap.pipeline.dataset", "laomap.pipeline.validate", "laomap.ingest")


def serve() -> None:
    """Answer each request line with a forked writer's exit code and output (see the module docstring)."""
    global kill_at, slow, events
    import importlib

    for name in WARM:  # what a writer would import on its way (the package imports its parts lazily)
        importlib.import_module(name)
    for line in sys.stdin:
        req = json.loads(line)
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            pid = os.fork()
            if pid == 0:  # the writer: the environment it was given, its own output, its own count
                try:
                    os.dup2(out.fileno(), 1)
                    os.dup2(err.fileno(), 2)
                    os.environ.clear()
                    os.environ.update(req["env"])
                    tempfile.tempdir = None  # TMPDIR is read again, as by a new process
                    kill_at, slow, events = req["kill_at"], req["slow"], 0
                    write(Path(req["user"]), req["operation"])
                    sys.stdout.flush()
                    os._exit(0)
                except BaseException:  # noqa: BLE001 - reported like an uncaught exception in a process of its own
                    import traceback

                    traceback.print_exc()
                    sys.stderr.flush()
                    os._exit(1)
            _, status = os.waitpid(pid, 0)
            out.seek(0)
            err.seek(0)
            answer = {"returncode": os.waitstatus_to_exitcode(status), "stdout": out.read(), "stderr": err.read()}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve()
    else:
        kill_at = int(sys.argv[3])
        slow = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
        write(Path(sys.argv[1]), sys.argv[2])
