"""Writers of one user data directory: they exclude each other whatever their TMPDIR, a killed
writer leaves the data loadable and nothing half-written, and the next change cleans up after it.

Every writer here is a real process (``tests/crashwriter.py``), killed with SIGKILL at each of
the file-system events its change makes in turn: the crash points are enumerated, not sampled.
The writers to kill are forked from one process that has imported laomap already (``Writers``):
the import was half of each writer's time, and it does not touch the data.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from laomap import userdata
from laomap.errors import LaomapError
from laomap.pipeline.dataset import build
from laomap.pipeline.sources import CARRIED, MANIFEST, manifest_entries
from laomap.pipeline.sources import DOCUMENTS as DOCS_FOLDER
from laomap.userdata.lock import CANDIDATE_PREFIX, OWNER_NAME, candidate_dir, clean_leftovers, locked, read_owner

from .conftest import DOCUMENTS, GEODATA
from .datafiles import data_digest

ROOT = Path(__file__).resolve().parent.parent
WRITER = [sys.executable, str(Path(__file__).with_name("crashwriter.py"))]
# operation -> the operation that prepares the state it starts from (None: an empty directory)
OPERATIONS = {"add-document": None, "add-place": "add-document", "remove-document": "add-document", "ignore-name": None,
              "correct-link": None}


def run_writer(user: Path, operation: str, kill_at: int = 0, tmp: Path | None = None, slow: float = 0.0,
               env: dict | None = None, wait: bool = True):
    environ = {**os.environ, **(env or {})}
    if tmp is not None:
        environ["TMPDIR"] = str(tmp)
    cmd = [*WRITER, str(user), operation, str(kill_at), str(slow)]
    if not wait:
        return subprocess.Popen(cmd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, env=environ, capture_output=True, text=True, timeout=120)


class Writers:
    """``crashwriter.py --serve``: each ``run`` is a fresh writer process (forked from the server) with this
    process's environment, as ``run_writer`` would start it; the answer is its exit code, output and errors."""

    def __init__(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}  # no thread pools across fork
        self.proc = subprocess.Popen([*WRITER, "--serve"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def run(self, user: Path, operation: str, kill_at: int, tmp: Path) -> subprocess.CompletedProcess:
        environ = {**os.environ, "TMPDIR": str(tmp)}
        request = {"user": str(user), "operation": operation, "kill_at": kill_at, "slow": 0.0, "env": environ}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the writer server ended (exit {self.proc.poll()})"
        answer = json.loads(line)
        return subprocess.CompletedProcess(request, answer["returncode"], answer["stdout"], answer["stderr"])

    def close(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0


@pytest.fixture(scope="module")
def writers():
    server = Writers()
    yield server
    server.close()


def events_of(out: str) -> int:
    return int(next(ln.split()[1] for ln in out.splitlines() if ln.startswith("events ")))


def comparable(user: Path) -> dict[str, str]:
    """The data files' digests, the manifest's read without the moment each entry was added (it differs run to run)."""
    out = data_digest(user)
    if (user / MANIFEST).is_file() and MANIFEST in out:
        try:
            entries = [{k: v for k, v in e.items() if k != "added"} for e in manifest_entries(user)]
            out[MANIFEST] = json.dumps(entries, sort_keys=True)
        except LaomapError:
            pass  # a damaged manifest keeps its raw digest, which matches neither state
    if CARRIED in out:  # the corrections, without the moment each was made
        text = (user / CARRIED).read_text(encoding="utf-8")
        out[CARRIED] = "\n".join(line.rsplit(",", 1)[0] for line in text.splitlines())
    return out


def user_ids(user: Path) -> set[str]:
    return {e["id"] for e in manifest_entries(user)}


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """For each operation: its starting directory, the data before and after it, and its number of events."""
    out = {}
    base = tmp_path_factory.mktemp("states")
    for operation, prepare in OPERATIONS.items():
        start = base / f"{operation}-start"
        start.mkdir()
        if prepare:
            assert run_writer(start, prepare).returncode == 0
        done = base / f"{operation}-done"
        shutil.copytree(start, done)
        result = run_writer(done, operation)
        assert result.returncode == 0, result.stderr
        out[operation] = (start, comparable(start), comparable(done), events_of(result.stdout))
    return out


def _leftovers(user: Path, tmp: Path) -> list[str]:
    """Temporary files, texts no manifest entry names, candidate copies: what a dead writer can leave."""
    named = {e["file"] for e in manifest_entries(user)}
    found = [str(p) for folder in (user, user / DOCS_FOLDER) if folder.is_dir() for p in folder.glob(".*.tmp")]
    if (user / DOCS_FOLDER).is_dir():
        found += [str(p) for p in (user / DOCS_FOLDER).iterdir() if p.name not in named]
    found += [str(p) for p in tmp.glob(f"{CANDIDATE_PREFIX}*")]
    return found


@pytest.mark.slow  # a process killed at every step of every operation: 336 s (bin/test --fast leaves it out)
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a_writer_killed_at_every_step_leaves_loadable_data_and_the_next_change_cleans_up(operation, states, writers,
                                                                                          tmp_path, monkeypatch):
    start, before, after, events = states[operation]
    assert events >= 6  # the change copies, writes, syncs and renames: enough steps to be worth killing at each
    left_over = 0
    for kill_at in range(1, events + 1):
        user, tmp = tmp_path / f"user-{kill_at}", tmp_path / f"tmp-{kill_at}"
        shutil.copytree(start, user)
        tmp.mkdir()
        result = writers.run(user, operation, kill_at, tmp)
        assert result.returncode == -signal.SIGKILL, (kill_at, result.stdout, result.stderr)
        now = comparable(user)
        committed = {k: v for k, v in now.items() if not Path(k).name.startswith(".")}
        for name, digest in committed.items():  # every data file is the old one or the new one, never half of one
            if name.startswith(f"{DOCS_FOLDER}/") and name.split("/", 1)[1] not in {e["file"] for e in manifest_entries(user)}:
                continue  # a text written before its manifest entry: not committed, cleaned up below
            assert digest in (before.get(name), after.get(name)), (kill_at, name)
        ds = build(DOCUMENTS, GEODATA, user, strict_user_data=True)  # loads, strictly, after every kill
        ids = user_ids(user)
        assert ids in ({e for e in _ids(before, start)}, {e for e in _ids(after, start, operation)}), (kill_at, ids)
        assert set(ids) <= set(ds.documents)
        left_over += bool(_leftovers(user, tmp))
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))  # the next writer runs with the dead one's TMPDIR
        userdata.ignore_name("Later change", user)
        assert _leftovers(user, tmp) == [], kill_at
        assert user_ids(user) == ids  # cleaning removed nothing committed
        monkeypatch.undo()
    if operation != "ignore-name":
        assert left_over > 0  # the kills did catch writers with temporary files or copies open


def _ids(digest: dict, start: Path, operation: str | None = None) -> set[str]:
    """The user document ids of a state, known from the operation (before: the start's; after: the change's)."""
    ids = user_ids(start) if (start / MANIFEST).exists() else set()
    if operation == "add-document":
        ids = ids | {"followup-en"}
    if operation == "remove-document":
        ids = ids - {"followup-en"}
    return ids


def test_writers_with_different_tmpdirs_exclude_each_other(tmp_path):
    """Two writers of one directory, each with its own TMPDIR and one on a slow disk: both plans are kept, three rounds."""
    for round_ in range(3):
        user = tmp_path / f"user-{round_}"
        user.mkdir()
        (tmp_path / f"a-{round_}").mkdir()
        (tmp_path / f"b-{round_}").mkdir()
        slow = run_writer(user, "add-document", tmp=tmp_path / f"a-{round_}", slow=0.4, wait=False)
        time.sleep(0.3 * round_)  # the second starts at another moment of the first's change each round
        fast = run_writer(user, "add-document-2", tmp=tmp_path / f"b-{round_}", wait=False)
        outs = [p.communicate(timeout=120) for p in (slow, fast)]
        assert [p.returncode for p in (slow, fast)] == [0, 0], outs
        assert all("Added" in out for out, _ in outs)
        assert user_ids(user) == {"followup-en", "second-en"}, round_  # no lost update
        assert set(build(DOCUMENTS, GEODATA, user, strict_user_data=True).documents) >= {"followup-en", "second-en"}


def test_two_corrections_of_the_plan_history_at_the_same_moment_are_both_kept(tmp_path):
    """Two people confirm links at once (one on a slow disk): carried.csv ends with both, never one lost."""
    for round_ in range(2):
        user = tmp_path / f"user-{round_}"
        user.mkdir()
        (tmp_path / f"a-{round_}").mkdir()
        (tmp_path / f"b-{round_}").mkdir()
        slow = run_writer(user, "correct-link", tmp=tmp_path / f"a-{round_}", slow=0.4, wait=False)
        time.sleep(0.4 * round_)
        fast = run_writer(user, "correct-link-2", tmp=tmp_path / f"b-{round_}", wait=False)
        outs = [p.communicate(timeout=120) for p in (slow, fast)]
        assert [p.returncode for p in (slow, fast)] == [0, 0], outs
        kept = {(c.later_id, c.earlier_id) for c in userdata.corrections(user)}
        assert kept == {("action-plan-en:4(7):1.1", "joint-plan-2016:3.II:2.1"), ("action-plan-en:4(9):1.2", "joint-plan-2016:3.II:2.1")}
        links = build(DOCUMENTS, GEODATA, user, strict_user_data=True).carried
        assert set(links[links.origin != "method"].later_id) == {"action-plan-en:4(7):1.1", "action-plan-en:4(9):1.2"}


HOLDER = """
import sys, time, os, signal
from pathlib import Path
from laomap.userdata.lock import locked
with locked(Path(sys.argv[1])):
    print("held", flush=True)
    if sys.argv[2] == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(float(sys.argv[2]))
"""


def hold(user: Path, how: str, tmp: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(user), how], env={**os.environ, "TMPDIR": str(tmp)},
                            stdout=subprocess.PIPE, text=True)
    if how != "die":
        assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_held_lock_gives_up_after_the_timeout_saying_who_holds_it(tmp_path, monkeypatch):
    user = tmp_path / "user"
    user.mkdir()
    (tmp_path / "other-tmp").mkdir()
    holder = hold(user, "30", tmp_path / "other-tmp")
    try:
        monkeypatch.setenv("LAOMAP_LOCK_TIMEOUT", "0.5")
        before = data_digest(user)
        with pytest.raises(LaomapError) as info:
            userdata.ignore_name("Bolaven Plateau", user)
        message = str(info.value)
        assert f"process {holder.pid}" in message and f"kill {holder.pid}" in message and "nothing was changed" in message
        assert "LAOMAP_LOCK_TIMEOUT" in message
        assert data_digest(user) == before
        owner = read_owner(user)
        assert owner is not None and owner.pid == holder.pid and owner.alive()
    finally:
        holder.kill()
        holder.wait()
    assert userdata.ignore_name("Bolaven Plateau", user) == ["Bolaven Plateau"]  # free again once it is gone


def test_a_lock_left_by_a_killed_process_is_recognised_and_taken_over(tmp_path, monkeypatch):
    user = tmp_path / "user"
    user.mkdir()
    (tmp_path / "t").mkdir()
    dead = hold(user, "die", tmp_path / "t")
    assert dead.wait(timeout=60) == -signal.SIGKILL
    owner = read_owner(user)
    assert owner is not None and owner.pid == dead.pid and not owner.alive()  # the record stays, its process is gone
    monkeypatch.setenv("LAOMAP_LOCK_TIMEOUT", "2")
    assert userdata.ignore_name("Bolaven Plateau", user) == ["Bolaven Plateau"]  # no waiting for a dead owner
    assert json.loads((user / OWNER_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()


@pytest.mark.parametrize("raw", ["soon", "-1", "1e9"])
def test_a_bad_timeout_setting_is_a_message(raw, tmp_path, monkeypatch):
    monkeypatch.setenv("LAOMAP_LOCK_TIMEOUT", raw)
    with pytest.raises(LaomapError, match="LAOMAP_LOCK_TIMEOUT must be a number of seconds"):
        userdata.ignore_name("x", tmp_path / "user")


def test_a_linked_lock_file_is_refused(tmp_path):
    user, target = tmp_path / "user", tmp_path / "precious.txt"
    user.mkdir()
    target.write_text("keep me", encoding="utf-8")
    (user / ".laomap.lock").symlink_to(target)
    with pytest.raises(LaomapError, match="symbolic link"), locked(user):
        pass
    assert target.read_text(encoding="utf-8") == "keep me"


def test_cleaning_keeps_what_is_committed_and_what_live_processes_use(tmp_path, monkeypatch):
    user, tmp = tmp_path / "user", tmp_path / "tmp"
    tmp.mkdir()
    assert run_writer(user, "add-document").returncode == 0
    (user / DOCS_FOLDER / "orphan.txt").write_text("never committed", encoding="utf-8")
    (user / ".manifest.json.x1.tmp").write_text("{", encoding="utf-8")
    with candidate_dir() as live:  # this process is alive: its copy stays
        pass
    mine = tmp / Path(live).name
    mine.mkdir()
    foreign = [tmp / f"{CANDIDATE_PREFIX}12345678", tmp / f"{CANDIDATE_PREFIX}otherhost-1-abcdefgh"]  # not ours to judge
    for d in foreign:
        d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    removed = clean_leftovers(user)
    assert sorted(Path(p).name for p in removed) == [".manifest.json.x1.tmp", "orphan.txt"]
    assert all(d.is_dir() for d in foreign)
    assert mine.is_dir() and user_ids(user) == {"followup-en"} and (user / DOCS_FOLDER / "followup-en.txt").is_file()


STOPPED_WRITER = """
import os, signal, sys
from pathlib import Path
from laomap.userdata import lock

real = lock.write_text

def stop_first(path, text, *a, **k):  # the window: the lock is taken, the owner record not yet written
    if Path(path).name == lock.OWNER_NAME:
        os.kill(os.getpid(), signal.SIGSTOP)
    return real(path, text, *a, **k)

lock.write_text = stop_first
with lock.locked(Path(sys.argv[1])):
    print("inside", flush=True)
"""


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_a_writer_stopped_before_its_owner_record_is_named_and_no_advice_lets_two_in(tmp_path, monkeypatch):
    """Issue 30 item 3: the record still names the previous (ended) writer while a stopped one holds the lock."""
    user = tmp_path / "user"
    user.mkdir()
    (tmp_path / "t").mkdir()
    previous = hold(user, "0", tmp_path / "t")  # a writer that held the lock, wrote its record and ended
    assert previous.wait(timeout=60) == 0
    assert read_owner(user).pid == previous.pid and not read_owner(user).alive()
    stopped = subprocess.Popen([sys.executable, "-c", STOPPED_WRITER, str(user)], stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while _state(stopped.pid) != "T":  # wait for it to stop itself inside the window
            assert stopped.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        assert read_owner(user).pid == previous.pid  # the record lags: it still names the ended writer
        monkeypatch.setenv("LAOMAP_LOCK_TIMEOUT", "0.3")
        before = data_digest(user)
        with pytest.raises(LaomapError) as info:
            userdata.ignore_name("Bolaven Plateau", user)
        message = str(info.value)
        assert f"process {stopped.pid}" in message and f"kill {stopped.pid}" in message
        assert str(previous.pid) not in message
        assert "delete" not in message.lower() and "no longer runs" not in message
        assert data_digest(user) == before
    finally:
        stopped.send_signal(signal.SIGCONT)
    assert stopped.communicate(timeout=60)[0].strip() == "inside" and stopped.returncode == 0
    assert userdata.ignore_name("Bolaven Plateau", user) == ["Bolaven Plateau"]


def test_a_record_naming_an_ended_writer_never_advises_deleting_the_lock(tmp_path, monkeypatch):
    """Even where the kernel's table cannot be read, the message says the kernel frees the lock: nothing to delete."""
    from laomap.userdata import lock

    user = tmp_path / "user"
    user.mkdir()
    (tmp_path / "t").mkdir()
    previous = hold(user, "0", tmp_path / "t")
    assert previous.wait(timeout=60) == 0
    monkeypatch.setattr(lock, "lock_holder", lambda _user: None)
    message = str(lock._busy_message(user, 10.0))  # the refusal, in English
    assert f"process {previous.pid}" in message and "no longer runs" in message and "nothing to delete" in message
    assert "delete " + str(user) not in message and "try again" in message.lower()
