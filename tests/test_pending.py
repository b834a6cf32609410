"""After a replica is lost during "Add the document", the replica the browser reaches next says so (issue 30, item 9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from laomap.pipeline import cache
from laomap.userdata import pending
from laomap.userdata.lock import _pid_alive

from .conftest import ROOT

PAGE = str(ROOT / "app_pages" / "add_document.py")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def lost_note(user, client: str, host: str | None = None) -> None:
    """The note a replica leaves when it is killed in the middle of an add (its process is gone)."""
    path = pending.begin(user, client, "old-session", {"action": "add", "id": "followup-en", "title": "Joint Follow-up Plan"})
    note = json.loads(path.read_text(encoding="utf-8"))
    note["pid"] = dead_pid()
    if host is not None:
        note["host"] = host
    path.write_text(json.dumps(note), encoding="utf-8")


def test_a_note_of_a_process_that_is_gone_is_reported_once(tmp_path):
    lost_note(tmp_path, "browser-1")
    got = pending.interrupted(tmp_path, "browser-1", "new-session")
    assert got is not None and got["id"] == "followup-en" and got["title"] == "Joint Follow-up Plan"
    assert pending.interrupted(tmp_path, "browser-1", "new-session") is None  # read once
    assert list((tmp_path / pending.FOLDER).iterdir()) == []


def test_an_action_under_way_is_not_reported_as_lost(tmp_path):
    path = pending.begin(tmp_path, "browser-1", "session-a", {"action": "add", "id": "x", "title": "X"})
    assert pending.interrupted(tmp_path, "browser-1", "session-a") is None  # its own session
    assert pending.interrupted(tmp_path, "browser-1", "session-b") is None  # this process still runs: another tab
    assert pending.interrupted(tmp_path, "browser-2", "session-b") is None  # another browser's note is not ours
    pending.end(path)
    assert not path.exists()


def test_a_note_from_another_replicas_host_is_reported(tmp_path):
    lost_note(tmp_path, "browser-1", host="otherreplica")
    assert pending.interrupted(tmp_path, "browser-1", "new-session")["id"] == "followup-en"


def test_no_note_without_a_browser_id_and_the_notes_are_no_input_of_the_dataset(tmp_path):
    assert pending.begin(tmp_path, "", "s", {"action": "add", "id": "x", "title": "X"}) is None
    before = cache.content_key(tmp_path)
    lost_note(tmp_path, "browser-1")
    assert cache.content_key(tmp_path) == before  # a note never makes the dataset be built again


@pytest.fixture
def user(tmp_path, monkeypatch):
    path = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(path))
    monkeypatch.setattr("laomap.ui.add_document.client_id", lambda: "browser-1")
    return path


def test_the_page_says_the_last_add_may_not_have_completed_after_its_replica_was_lost(user):
    lost_note(user, "browser-1")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    (warning,) = [w.value for w in at.warning if "may not have completed" in w.value]
    assert "followup-en" in warning and "Joint Follow-up Plan" in warning and "add it again" in warning
    at.run()
    assert not [w for w in at.warning if "may not have completed" in w.value]  # said once
    assert list((user / pending.FOLDER).iterdir()) == []


def test_an_add_that_finishes_leaves_no_note(user):
    from .test_add_document_page import EN_BYTES, button, upload

    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    at = upload(at, "followup.en.txt", EN_BYTES)
    button(at, "Add the document").click()
    at.run()
    assert not at.exception and at.success[0].value.startswith("Added followup-en")
    assert list((user / pending.FOLDER).iterdir()) == []  # the note was written and removed
    assert not [w for w in at.warning if "may not have completed" in w.value]


def test_a_killed_process_its_parent_has_not_collected_yet_has_ended():
    """A replica killed under deploy/run-local stays a zombie until the runner's next poll: its add is over all the same."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        assert _pid_alive(child.pid)
        child.kill()
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # ended, not collected: a zombie
        assert Path(f"/proc/{child.pid}").exists() and not _pid_alive(child.pid)
    finally:
        child.kill()
        child.wait()


def test_a_browser_is_named_by_the_token_under_its_xsrf_cookies_mask():
    """Streamlit sends the XSRF cookie again with a new mask: the same browser, whatever the mask; another token, another."""
    token = bytes(range(16))

    def cookie(mask: bytes, tok: bytes = token) -> str:
        return f"2|{mask.hex()}|{bytes(b ^ mask[i % 4] for i, b in enumerate(tok)).hex()}|1700000000"

    first, second = cookie(b"\x01\x02\x03\x04"), cookie(b"\xaa\xbb\xcc\xdd")
    assert first != second and pending.browser_of_xsrf(first) == pending.browser_of_xsrf(second) == token.hex()
    assert pending.browser_of_xsrf(cookie(b"\x01\x02\x03\x04", bytes(16))) != token.hex()
    assert [pending.browser_of_xsrf(c) for c in ("", "2|zz|00|1", "2|0102|00|1", "1|2|3")] == ["", "", "", ""]
