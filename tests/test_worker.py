"""The command line's warm worker (issue 29): the same output and exit code as a new process, each command with its
own environment, never another code's or another environment's worker, never a socket in a directory others could use,
an idle exit, and a killed or interrupted client ends its command.

Every test starts its own worker in a runtime directory of its own (XDG_RUNTIME_DIR) and stops it; ``hand_over`` is
the client's own call, made here so that a test knows the worker (not a fallback in this process) ran the command,
with the command's output captured from this process's descriptors.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from filelock import FileLock

from laomap.cli import launch, workerdir

ROOT = Path(__file__).resolve().parents[1]
PRESS = ROOT / "tests" / "fixtures" / "region" / "press-statement-2026.en.txt"
WAIT_S = 240.0  # a worker imports pandas and the pipeline: on a loaded machine that takes a while


def _await(condition, what: str, timeout: float = WAIT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = condition()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _pids_with(text: str) -> list[int]:
    """Live processes whose command line contains ``text`` (zombies are ended processes: not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes() and not _dead(int(entry.name)):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _dead(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _stdout_of(pid: int) -> str:
    """The pipe a process writes its output to: a worker's child writes to its client's."""
    try:
        return os.readlink(f"/proc/{pid}/fd/1")
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                found.append(int(entry.name))
    return found


class Worker:
    """A runtime directory of a test's own, the environment of its commands and the worker serving it."""

    def __init__(self, tmp: Path, **extra: str) -> None:
        self.runtime = Path(tempfile.mkdtemp(prefix="lw-", dir="/tmp"))  # short: a socket's path has ~100 bytes
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        self.env.update({"XDG_RUNTIME_DIR": str(self.runtime), "LAOMAP_WORKER": "1", "LAOMAP_DATA_DIR": str(tmp / "user"),
                         "LAOMAP_CACHE_DIR": str(tmp / "cache"), "PYTHONIOENCODING": "utf-8", **extra})
        self.tmp = tmp

    @property
    def path(self) -> Path:
        path = workerdir.socket_path(self.env)
        assert path is not None
        return path

    def run(self, *argv: str, **env: str) -> subprocess.CompletedProcess:
        """The ``laomap`` command in a new process, as a user runs it."""
        return subprocess.run([sys.executable, "-m", "laomap.cli", *argv], env={**self.env, **env}, capture_output=True,
                              text=True, timeout=600, cwd=self.tmp)

    def start(self) -> int:
        """A first command (it runs in its own process and starts the worker); the worker's pid once it answers."""
        assert self.run("--help").returncode == 0

        def answers() -> bool:
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(self.path))
                return True
            except OSError:
                return False
            finally:
                probe.close()

        _await(answers, "the worker to answer")
        return _await(lambda: _pids_with(str(self.path)), "the worker's pid")[0]

    def stop(self) -> None:
        with_socket = self.runtime / "laomap"
        for path in with_socket.glob("w-*.sock") if with_socket.is_dir() else ():
            pids = _pids_with(str(path))
            path.unlink()
            _await(lambda pids=pids: all(_dead(p) for p in pids), "the worker to exit after its socket went", 60)
        shutil.rmtree(self.runtime, ignore_errors=True)


@pytest.fixture
def worker(tmp_path):
    made = Worker(tmp_path)
    yield made
    made.stop()


def _without_worker(w: Worker, argv: list[str]) -> tuple[int, str, str]:
    done = w.run(*argv, LAOMAP_WORKER="0")
    return done.returncode, done.stdout, done.stderr


def _with_worker(w: Worker, capfd, argv: list[str], **env: str) -> tuple[int, str, str]:
    capfd.readouterr()
    code = launch.hand_over(w.path, argv, {**w.env, **env})
    assert code is not None, "the worker did not take the command"
    out, err = capfd.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["values"],
    ["add-document", str(PRESS), "--lang", "en", "--dry-run"],
    ["values", "--no-such-option"],  # a usage error: 2
    ["add-document", "{tmp}/broken.pdf", "--lang", "en", "--dry-run"],  # a file that cannot be read: 1
], ids=["values", "dry-run", "usage-error", "bad-file"])
def test_a_command_gives_the_same_output_and_exit_code_with_and_without_the_worker(worker, capfd, argv):
    (worker.tmp / "broken.pdf").write_bytes(b"%PDF-1.4\n this is no PDF at all")
    argv = [a.format(tmp=worker.tmp) for a in argv]
    worker.start()
    expected = _without_worker(worker, argv)
    got = _with_worker(worker, capfd, argv)
    assert got == expected
    assert expected[0] == (2 if "--no-such-option" in argv else 1 if "broken.pdf" in " ".join(argv) else 0)


def test_the_entry_point_hands_the_command_to_the_worker_and_stays_light(worker):
    """Through ``python -m laomap.cli`` with a worker: the same output, and the client imported neither pandas nor the
    pipeline (its own import list, from -X importtime, goes to its stderr; the command's output has none)."""
    worker.start()
    expected = _without_worker(worker, ["values"])
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "laomap.cli", "values"], env=worker.env,
                          capture_output=True, text=True, timeout=600, cwd=worker.tmp)
    assert (done.returncode, done.stdout) == expected[:2]
    imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "laomap.cli.launch" in imported
    assert not {"pandas", "numpy", "laomap.pipeline", "laomap.cli.app"} & imported


def test_each_command_has_its_own_environment(worker, capfd):
    """Two commands of one worker with different LAOMAP_DATA_DIR and LAOMAP_CACHE_DIR each use their own. A place of
    the user's own in each data directory: the dataset is then built (not read from the setup's copy of the built-in
    data's) and kept in that command's cache directory."""
    worker.start()
    a, b = worker.tmp / "a", worker.tmp / "b"
    for folder, name in ((a, "Zorblat"), (b, "Quixmire")):
        env = {"LAOMAP_DATA_DIR": str(folder / "user"), "LAOMAP_CACHE_DIR": str(folder / "cache")}
        assert _with_worker(worker, capfd, ["ignore-name", name], **env)[0] == 0
        assert _with_worker(worker, capfd, ["add-place", "--near", "paksong", "--name-en", f"{name} Town"], **env)[0] == 0
        assert _with_worker(worker, capfd, ["values"], **env)[0] == 0
    assert "Zorblat" in (a / "user" / "ignored-names.txt").read_text() and "Quixmire" not in (a / "user" / "ignored-names.txt").read_text()
    assert "Quixmire" in (b / "user" / "ignored-names.txt").read_text() and "Zorblat" not in (b / "user" / "ignored-names.txt").read_text()

    def written(folder):
        return " ".join(f.read_text(errors="replace") for f in (folder / "user").rglob("*") if f.is_file())

    assert "zorblat_town" in written(a) and "quixmire_town" not in written(a)
    assert "quixmire_town" in written(b) and "zorblat_town" not in written(b)
    assert any((a / "cache").iterdir()) and any((b / "cache").iterdir())


def test_the_socket_name_follows_the_code_and_the_environment_but_not_the_per_command_variables(monkeypatch):
    env = {"HOME": "/home/x", "LAOMAP_DATA_DIR": "/a", "LAOMAP_CACHE_DIR": "/c"}
    base = workerdir.digest(env)
    assert workerdir.digest({**env, "LAOMAP_DATA_DIR": "/b", "LAOMAP_CACHE_DIR": "/d", "PWD": "/elsewhere"}) == base
    assert workerdir.digest({**env, "LAOMAP_EXTRA_CATALOGS": "/po"}) != base  # read at import: another worker
    assert workerdir.digest({**env, "HOME": "/home/y"}) != base
    real = workerdir.code_files
    monkeypatch.setattr(workerdir, "code_files", lambda: [*real(), ("cli/new.py", 10, 1)])
    assert workerdir.digest(env) != base  # laomap upgraded: the old worker's socket is not the one asked for


def test_a_worker_serves_only_its_own_code_and_environment(worker):
    """A worker asked to listen under another name (another code's or environment's digest) exits without a socket."""
    folder = workerdir.private_dir(worker.env)
    assert folder is not None
    stale = folder / ("w-" + "0" * 24 + ".sock")
    done = subprocess.run([sys.executable, "-c", "import sys; from laomap.cli.worker import serve; from pathlib import Path; "
                           "serve(Path(sys.argv[1]))", str(stale)], env=worker.env, timeout=600, capture_output=True)
    assert done.returncode == 0
    assert not stale.exists()
    assert launch.hand_over(stale, ["values"], worker.env) is None  # nothing there: the client runs the command itself


@pytest.mark.parametrize("mode", [0o755, 0o770])
def test_a_socket_directory_others_can_enter_is_not_used(worker, mode):
    folder = worker.runtime / "laomap"
    folder.mkdir(mode=0o700)
    folder.chmod(mode)
    assert workerdir.private_dir(worker.env) is None
    expected = _without_worker(worker, ["values"])
    done = worker.run("values")
    assert (done.returncode, done.stdout, done.stderr) == expected
    assert list(folder.iterdir()) == []  # no worker started, no socket made
    assert _pids_with(str(folder)) == []


def test_a_socket_directory_of_another_user_is_not_used(worker, monkeypatch):
    (worker.runtime / "laomap").mkdir(mode=0o700)
    assert workerdir.private_dir(worker.env) is not None
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)
    assert workerdir.private_dir(worker.env) is None


def test_an_idle_worker_exits(tmp_path):
    w = Worker(tmp_path, LAOMAP_WORKER_IDLE="1")
    try:
        pid = w.start()
        _await(lambda: _dead(pid), "the idle worker to exit", 60)
        assert not w.path.exists()
    finally:
        w.stop()


def _holding_the_lock(w: Worker, user: Path):
    user.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(user / ".laomap.lock"))
    lock.acquire()
    client = subprocess.Popen([sys.executable, "-m", "laomap.cli", "ignore-name", "Zorblat"], cwd=w.tmp,
                              env={**w.env, "LAOMAP_DATA_DIR": str(user), "LAOMAP_LOCK_TIMEOUT": "300"},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return lock, client


def _running_children(worker_pid: int, count: int = 1) -> list[int]:
    """The worker's children that run a command: past the handshake, each has started its thread that watches the
    client (a new thread: the worker itself has one)."""

    def running() -> list[int] | None:
        found = []
        for pid in _children(worker_pid):
            try:
                if len(list(Path(f"/proc/{pid}/task").iterdir())) >= 2:
                    found.append(pid)
            except OSError:
                continue
        return found if len(found) >= count else None

    return _await(running, f"{count} command(s) under way in the worker")


def test_a_killed_client_ends_its_command(worker):
    pid = worker.start()
    user = worker.tmp / "held"
    lock, client = _holding_the_lock(worker, user)
    try:
        (child,) = _running_children(pid)
        client.kill()
        client.wait()
        _await(lambda: _dead(child), "the command's process to end with its client", 60)
    finally:
        lock.release()
    assert not (user / "ignored-names.txt").exists()  # killed while it waited: nothing added


def test_ctrl_c_interrupts_the_command_and_two_clients_run_at_once(worker):
    pid = worker.start()
    first, second = worker.tmp / "one", worker.tmp / "two"
    lock1, client1 = _holding_the_lock(worker, first)
    lock2, client2 = _holding_the_lock(worker, second)
    try:
        _running_children(pid, 2)  # both commands under way at once
        (child1,) = [c for c in _running_children(pid, 2) if _stdout_of(c) == _stdout_of(client1.pid)]
        client1.send_signal(signal.SIGINT)
        out, err = client1.communicate(timeout=120)
        assert client1.returncode == 130, err
        _await(lambda: _dead(child1), "the interrupted command's process to end", 60)
        lock2.release()
        out, err = client2.communicate(timeout=300)
        assert client2.returncode == 0, err
    finally:
        lock1.release()
        lock2.release()
    assert not (first / "ignored-names.txt").exists()
    assert "Zorblat" in (second / "ignored-names.txt").read_text()
