"""Replicas behind nginx (deploy/run-local): sticky sessions on different replicas, one shared store,
and a replica killed in the middle of an add while the others carry on (its browser is told on the replica it reaches).

Needs Debian's nginx (bin/setup --with-tests installs it); skipped only where it is missing
outside CI.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from laomap.appserver import free_port

from ..fixtures.make_pdfs import FIXTURES
from .conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.e2e
HEADER = "x-laomap-replica"
SECOND = ROOT / "tests" / "fixtures" / "genres" / "agency-loan-release-en.txt"  # another English document
ADDED = re.compile(r"Joint Follow-up Plan on Regional Partnership")  # the added plan's title, as the sidebar shows it


def _nginx() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.fixture(scope="module")
def balanced(tmp_path_factory):
    """(url, {replica address: pid}, user_dir, run_dir) of deploy/run_local.py with two replicas.

    Their adds wait while ``run_dir/hold-add`` exists (``pending.hold``): a test can kill a replica mid-add for certain.
    """
    if _nginx() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing under CI: bin/setup --with-tests must install it")
        pytest.skip("nginx is not installed")
    user_dir, run_dir = tmp_path_factory.mktemp("deploy-user"), tmp_path_factory.mktemp("deploy-run")
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "run_local.py"), "2", "--port", str(port), "--replica-header", "--data-dir",
                             str(user_dir), "--run-dir", str(run_dir)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=str(ROOT), env={**os.environ, "LAOMAP_HOLD_ADD": str(run_dir / "hold-add")})
    replicas: dict[str, int] = {}
    lines = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        m = re.match(r"replica \d+: http://(\S+) \(pid (\d+)", line)
        if m:
            replicas[m.group(1)] = int(m.group(2))
        if line.startswith("laomap: "):
            break
    if len(replicas) != 2:
        proc.kill()
        pytest.fail("deploy/run_local.py did not start:\n" + "".join(lines))
    try:
        yield f"http://127.0.0.1:{port}", replicas, user_dir, run_dir
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def expect_soon(condition, what: str, timeout: float = 90.0) -> None:
    """Wait for a condition of the files (a browser expectation's counterpart for the disk)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout:.0f} s for {what}"
        time.sleep(0.05)


def open_session(browser: Browser, url: str) -> tuple[BrowserContext, str]:
    """A new browser (its own cookies: its own Streamlit session) on the Overview; returns it and its replica."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    response = page.goto(url)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=90_000)
    return context, response.headers[HEADER]


def test_sessions_stick_to_different_replicas_share_one_store_and_survive_a_replica_dying(browser: Browser, balanced):
    url, replicas, user_dir, run_dir = balanced
    sessions: dict[str, BrowserContext] = {}
    tried = []
    while len(sessions) < 2 and len(tried) < 12:  # routes are random: two replicas are reached within a few browsers
        context, replica = open_session(browser, url)
        tried.append(replica)
        if replica in sessions:
            context.close()
        else:
            sessions[replica] = context
    assert set(sessions) == set(replicas), tried
    a, b = list(sessions)
    page_a, page_b = sessions[a].pages[0], sessions[b].pages[0]
    for replica, context in sessions.items():  # sticky: every later request of a browser goes to its replica
        assert {context.request.get(f"{url}/_stcore/health").headers[HEADER] for _ in range(4)} == {replica}

    # a document added through replica a ...
    page_a.get_by_role("link", name="Add document").click()
    page_a.set_input_files("input[type=file]", str(FIXTURES / "followup-plan.en.txt"))
    page_a.get_by_role("textbox", name="Document id (optional)").fill("followup-en")
    page_a.get_by_label("Date (empty: read from its date line)").fill("2024-03")
    page_a.get_by_role("button", name="Review").click()  # the browser holds it until the file has reached the replica
    expect(page_a.get_by_text("2. Review what was found")).to_be_visible(timeout=90_000)
    expect(page_a.get_by_text(re.compile(r"Language English, read from the text"))).to_be_visible()
    page_a.get_by_role("button", name="Add the document").click(timeout=90_000)
    expect(page_a.get_by_text(re.compile(r"Added followup-en: \d+ statements"))).to_be_visible(timeout=90_000)
    assert (user_dir / "manifest.json").is_file()

    # ... is on replica b at its next rerun
    page_b.goto(f"{url}/statements?doc=followup-en")
    expect(page_b.get_by_text(ADDED).first).to_be_visible(timeout=90_000)
    assert page_b.context.request.get(f"{url}/_stcore/health").headers[HEADER] == b

    # replica a dies in the middle of a second add (held after its note is written, nothing added yet) ...
    hold = run_dir / "hold-add"
    hold.touch()
    page_a.set_input_files("input[type=file]", str(SECOND))
    page_a.get_by_role("textbox", name="Document id (optional)").fill("second-en")
    page_a.get_by_label("Date (empty: read from its date line)").fill("2024-05")
    page_a.get_by_role("button", name="Review").click()  # the browser holds it until the file has reached the replica
    expect(page_a.get_by_text("2. Review what was found")).to_be_visible(timeout=90_000)
    expect(page_a.get_by_text(re.compile(r"Language English, read from the text"))).to_be_visible()
    page_a.get_by_role("button", name="Add the document").click(timeout=90_000)
    notes = user_dir / ".laomap-pending"
    expect_soon(lambda: any(notes.glob("*.json")), "the add's note")  # written (renamed into place) before the hold
    os.kill(replicas[a], signal.SIGKILL)
    hold.unlink()
    # ... b's browser carries on ...
    page_b.goto(f"{url}/map?doc=followup-en")
    expect(page_b.get_by_role("heading", name=re.compile("Map"))).to_be_visible(timeout=90_000)
    # ... and a's, with no reload (Streamlit's client reconnects by itself, nginx sends it to b, which serves it a new
    # session of the page it was on), is told that its add may not have completed; nothing of it was kept
    expect(page_a.get_by_text(re.compile(r"Your last action may not have completed: adding second-en"))).to_be_visible(timeout=90_000)
    assert "second-en" not in (user_dir / "manifest.json").read_text(encoding="utf-8")
    assert not any(notes.glob("*.json"))  # the note was read once and removed
    page_a.get_by_role("link", name="Overview").click(timeout=90_000)
    expect(page_a.get_by_role("heading", name="Overview")).to_be_visible(timeout=90_000)
    assert page_a.context.request.get(f"{url}/_stcore/health").headers[HEADER] == b
    page_a.goto(f"{url}/statements?doc=followup-en")
    expect(page_a.get_by_text(ADDED).first).to_be_visible(timeout=90_000)  # nothing lost
    ARTIFACTS.mkdir(exist_ok=True)
    page_a.screenshot(path=str(ARTIFACTS / "deploy-after-failover.png"))
    log = (run_dir / "logs" / "access.log").read_text(encoding="utf-8")
    assert log.count("\n") > 10
    for context in sessions.values():
        context.close()
