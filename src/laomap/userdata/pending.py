"""What a browser was doing when its server process stopped: one note per browser while a document is being added.

Behind nginx several replicas serve one user data directory. A replica killed during "Add the
document" leaves nothing half-written (the manifest is the commit point), but the browser that
asked reconnects to another replica and would be told nothing. So the page writes a note
(``.laomap-pending/<browser>.json``: what, when, which host and process) before it adds a document
and removes it after, whatever the outcome. The replica the browser reaches next finds a note
whose process is gone (on this host: the pid has ended; from another host: that replica no
longer serves the browser, or the sticky route would not have sent it here) and says the last
action may not have completed. The folder is not an input of the dataset (``cache.content_key``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from laomap.atomic import write_text
from laomap.pipeline.cache import NOTES_FOLDER as FOLDER
from laomap.userdata.lock import _host_tag, _pid_alive

STALE_S = 7 * 24 * 3600  # notes older than this are dropped unread (a browser that never came back)


def browser_of_xsrf(cookie: str) -> str:
    """The browser's lasting token in Streamlit's XSRF cookie ("" if none).

    The cookie is ``2|mask|masked token|time`` and the server sends it again with a new random mask on many
    responses (so its text changes; the token under the mask does not): the token is what names the browser.
    """
    parts = cookie.strip("\"'").split("|")
    if len(parts) == 4 and parts[0] == "2":
        try:
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        except ValueError:
            return ""
        if len(mask) == 4 and masked:
            return bytes(b ^ mask[i % 4] for i, b in enumerate(masked)).hex()
        return ""
    return cookie if len(parts) == 1 else ""


def _note(user_dir: Path, client: str) -> Path:
    return Path(user_dir) / FOLDER / f"{hashlib.sha256(client.encode('utf-8')).hexdigest()[:32]}.json"


def begin(user_dir: Path, client: str, session: str, what: dict[str, str]) -> Path | None:
    """Note that this browser's ``what`` (an action and its document) is under way; None when no note can be kept."""
    if not client:
        return None
    path = _note(user_dir, client)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps({**what, "host": _host_tag(), "pid": os.getpid(), "session": session,
                                     "started": time.time()}, ensure_ascii=False))
    except Exception:  # noqa: BLE001 - the note is a courtesy (a read-only folder, a full disk): never why an add fails
        return None
    return path


HOLD_ENV = "LAOMAP_HOLD_ADD"  # tests only: a file whose presence holds an add after its note is written
HOLD_MAX_S = 300.0


def hold() -> None:
    """Wait, with the note written and nothing added yet, while the file named by ``LAOMAP_HOLD_ADD`` exists.

    For the browser test that kills a replica in the middle of an add (tests/e2e/test_deploy_e2e.py): it makes
    "in the middle" certain rather than a matter of timing. Unset (always, outside that test): returns at once.
    """
    gate = os.environ.get(HOLD_ENV)
    if not gate:
        return
    deadline = time.monotonic() + HOLD_MAX_S
    while Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def end(path: Path | None) -> None:
    """The action finished (done or refused): its note goes."""
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def interrupted(user_dir: Path, client: str, session: str) -> dict[str, Any] | None:
    """This browser's note of an action whose process stopped before it finished (read once: the note goes), or None.

    A note of this session, or of a process of this host that still runs, is an action under way, not a lost one.
    """
    if not client:
        return None
    path = _note(user_dir, client)
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or note.get("session") == session:
        return None
    if note.get("host") == _host_tag() and isinstance(note.get("pid"), int) and _pid_alive(note["pid"]):
        return None  # a process of this host that still runs is at it (another tab of this browser), or finished it
    end(path)
    if time.time() - float(note.get("started") or 0) > STALE_S:
        return None
    return note
