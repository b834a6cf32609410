"""nginx in front of replicas (issue 30 item 9): only its own cookie values, no internal address unless asked, calm alarms.

nginx runs for real with the configuration deploy/run_local.py renders, in front of a tiny
HTTP server standing in for a replica (the browser tests in tests/e2e/test_deploy_e2e.py run
the real dashboards).
"""

from __future__ import annotations

import http.client
import http.server
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))

import run_local  # noqa: E402

from laomap.appserver import free_port  # noqa: E402


class _Replica(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy(tmp_path, request):
    """nginx on a free port before one stand-in replica; the parameter says whether the replica header is on."""
    replica = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Replica)
    threading.Thread(target=replica.serve_forever, daemon=True).start()
    port = free_port()
    for sub in ("logs", "tmp"):
        (tmp_path / sub).mkdir()
    conf = run_local.render(f"127.0.0.1:{port}", [f"127.0.0.1:{replica.server_address[1]}"], getattr(request, "param", False))
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    nginx = subprocess.Popen([run_local.nginx_binary(), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/lb-health")
            break
        except OSError:
            assert nginx.poll() is None, nginx.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.1)
    yield port
    nginx.terminate()
    nginx.wait(timeout=30)
    replica.shutdown()


def get(port: int, cookie: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers={"Cookie": cookie} if cookie is not None else {})
    response = conn.getresponse()
    response.read()
    return response


def route(response: http.client.HTTPResponse) -> str:
    m = re.fullmatch(r"laomap_replica=([^;]*); Path=/; HttpOnly; SameSite=Lax", response.getheader("Set-Cookie") or "")
    assert m, response.getheader("Set-Cookie")
    return m.group(1)


def test_the_replica_header_is_off_by_default(proxy):
    response = get(proxy)
    assert response.status == 200 and response.getheader("X-Laomap-Replica") is None


@pytest.mark.parametrize("proxy", [True], indirect=True)
def test_the_replica_header_is_there_when_asked_for(proxy):
    assert re.fullmatch(r"127\.0\.0\.1:\d+", get(proxy).getheader("X-Laomap-Replica") or "")


@pytest.mark.parametrize("sent", ["evil", "x; Domain=example.org", "a" * 31, "A" * 32, "0" * 32 + "00", "%0d%0aX-Injected:%201"])
def test_nginx_never_sends_back_a_cookie_value_it_did_not_issue(proxy, sent):
    response = get(proxy, f"laomap_replica={sent}")
    value = route(response)
    assert re.fullmatch(r"[0-9a-f]{32}", value) and value != sent
    assert response.getheader("X-Injected") is None


def test_a_route_nginx_issued_is_kept(proxy):
    first = route(get(proxy))
    assert route(get(proxy, f"laomap_replica={first}")) == first


def _named_replica(name: bytes) -> http.server.ThreadingHTTPServer:
    class Named(_Replica):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(name)))
            self.end_headers()
            self.wfile.write(name)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Named)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _nginx(folder: Path, conf: str) -> tuple[subprocess.Popen, int]:
    port = int(re.search(r"listen 127\.0\.0\.1:(\d+);", conf).group(1))
    for sub in ("logs", "tmp"):
        (folder / sub).mkdir(parents=True)
    (folder / "nginx.conf").write_text(conf, encoding="utf-8")
    nginx = subprocess.Popen([run_local.nginx_binary(), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/lb-health")
            return nginx, port
        except OSError:
            assert nginx.poll() is None, nginx.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.1)


def _reached(port: int, value: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers={"Cookie": f"laomap_replica={value}"})
    return conn.getresponse().read()


def test_which_replica_a_cookie_value_reaches_depends_on_the_deployments_secret_key(tmp_path):
    """A client cannot pick its replica by the value it sends: the value is hashed with a key it never sees."""
    replicas = [_named_replica(b"A"), _named_replica(b"B"), _named_replica(b"C")]
    upstreams = [f"127.0.0.1:{r.server_address[1]}" for r in replicas]
    values = [f"{i:032x}" for i in range(1, 41)]  # values a client could try, all of the form nginx accepts
    seen = []
    try:
        for key in ("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"):
            nginx, port = _nginx(tmp_path / key, run_local.render(f"127.0.0.1:{free_port()}", upstreams, route_key=key))
            try:
                seen.append([_reached(port, v) for v in values])
                assert seen[-1] == [_reached(port, v) for v in values]  # sticky: a value keeps its replica
            finally:
                nginx.terminate()
                nginx.wait(timeout=30)
    finally:
        for r in replicas:
            r.shutdown()
    assert set(seen[0]) == set(seen[1]) == {b"A", b"B", b"C"}
    changed = sum(a != b for a, b in zip(*seen))
    assert 10 <= changed <= 35, changed  # under another key many values reach another replica (two in three by chance)
    first, second = run_local.render("127.0.0.1:1", upstreams), run_local.render("127.0.0.1:1", upstreams)
    key_of = lambda conf: re.search(r'hash "\$laomap_route:([0-9a-f]{32})";', conf).group(1)  # noqa: E731
    assert key_of(first) != key_of(second)  # every deployment draws its own key
    assert "@ROUTE_KEY@" not in first


# --------------------------------------------------------------------------- the monitor


def test_the_monitor_alarms_only_after_repeated_failures_and_says_when_a_replica_is_back():
    monitor = run_local.Monitor(fails_to_alarm=3)
    assert [monitor.check(1, ok) for ok in (False, False, True, False, False, True)] == [None] * 6  # slow answers under load
    lines = [monitor.check(1, ok) for ok in (False, False, False, False, True)]
    assert lines[:2] == [None, None] and "stopped answering" in lines[2] and lines[3] is None
    assert lines[4] == "replica 1 answers its health check again"
