"""Shared fixtures: the built dataset (once per session) and copies of the inputs to corrupt."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

# No command of the suite hands itself to a worker or starts one (tests/test_worker.py starts its own and stops them):
# set before any test, so that every process a test starts inherits it. The token marks this session's processes, so
# that the check at the end finds a worker the suite left behind (and only this session's, with xdist or not).
os.environ["LAOMAP_WORKER"] = "0"
SESSION_TOKEN = f"LAOMAP_TEST_SESSION={uuid.uuid4().hex}"
os.environ["LAOMAP_TEST_SESSION"] = SESSION_TOKEN.partition("=")[2]


def suite_workers() -> list[int]:
    """The pids of the command line's workers started by this test process (they carry its token in their environment)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"laomap.cli.worker" in (entry / "cmdline").read_bytes() and \
                    SESSION_TOKEN.encode() in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def pytest_sessionfinish(session, exitstatus):
    """A worker left running by the suite is a failure (and is ended here, by its pid)."""
    import signal

    left = suite_workers()
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    if left:
        print(f"\nthe suite left command-line workers running: pids {left} (killed now)")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "documents"
GEODATA = ROOT / "geodata"


@pytest.fixture(scope="session")
def _cache_root(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")

def _core_geodata() -> Path:
    """geodata/ without its regional table (gazetteer_region.csv): the hand-written gazetteer.csv alone.

    The tests of the review -> add place workflow use it: the fixture plan names Pakse, Thakhek,
    Nagoya and Aichi, which the full gazetteer knows, as places it must review and add by hand.
    """
    target = Path(tempfile.mkdtemp(prefix="laomap-core-geodata-"))
    for path in GEODATA.iterdir():
        if path.is_file() and path.name != "gazetteer_region.csv":
            shutil.copy2(path, target / path.name)
    atexit.register(shutil.rmtree, target, True)
    return target


CORE_GEODATA = _core_geodata()


@pytest.fixture(scope="session", autouse=True)
def _geonames_cache(tmp_path_factory):
    """The compact GeoNames index is built once per test session in a temporary cache, never in the user's."""
    import os

    old = os.environ.get("LAOMAP_CACHE_DIR")
    os.environ["LAOMAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("geonames-cache"))
    yield
    if old is None:
        os.environ.pop("LAOMAP_CACHE_DIR", None)
    else:
        os.environ["LAOMAP_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def _isolated_user_dir(tmp_path_factory, monkeypatch, _cache_root):
    """No test reads or writes the real user data directory or the real cache of built datasets, nor reads the dataset
    bin/setup built into the environment (``pipeline/shipped.py``: its tests give it a folder of their own), so that a
    test counting builds sees the same with or without it."""
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(_cache_root))
    monkeypatch.setattr("laomap.pipeline.shipped.folder", lambda: _cache_root / "no-setup-copy")


@pytest.fixture(scope="session")
def ds(tmp_path_factory):
    from laomap.pipeline.dataset import build

    return build(DOCUMENTS, GEODATA, tmp_path_factory.mktemp("empty-user"))


@pytest.fixture(scope="session")
def big(tmp_path_factory):
    """The synthetic corpus of 10,000 statements over 500 places in four plans, built once for the session (about
    10 s; the map's and the pages' scale tests share it)."""
    from laomap.pipeline.dataset import build
    from laomap.pipeline.synthetic import write_synthetic_corpus

    out = write_synthetic_corpus(tmp_path_factory.mktemp("scale10k"), 10_000, 500)
    return build(out / "documents", out / "geodata", tmp_path_factory.mktemp("scale-user"))


@pytest.fixture
def inputs(tmp_path):
    """Writable copies of documents/ and geodata/ for tests that break them."""
    docs, geo = tmp_path / "documents", tmp_path / "geodata"
    shutil.copytree(DOCUMENTS, docs)
    shutil.copytree(GEODATA, geo)
    return docs, geo, tmp_path / "user"


CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_path() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's chromium (it cannot download its own browser here)."""
    import os

    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed, and browser tests may not be skipped under CI=true")
        pytest.skip("no chromium on this machine (bin/test installs it)")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}
