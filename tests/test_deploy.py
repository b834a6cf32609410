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


def _ask(port: int, value: str | None) -> tuple[bytes, str | None, http.client.HTTPResponse]:
    """(the replica that answered, the route token nginx set or None, the response) for a request with this cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers={"Cookie": f"laomap_replica={value}"} if value is not None else {})
    response = conn.getresponse()
    return response.read(), (route(response) if response.getheader("Set-Cookie") is not None else None), response


FORGED = ["evil", "x; Domain=example.org", "a" * 31, "0" * 32, "0" * 32 + "00", "%0d%0aX-Injected:%201", "deadbeef" * 4]


def test_nginx_routes_only_by_the_route_tokens_it_issued_and_replaces_any_other_value(tmp_path):
    """A client can neither choose nor inject its replica: only the deployment's random tokens route, sticky."""
    names = [b"A", b"B", b"C"]
    replicas = [_named_replica(n) for n in names]
    upstreams = [f"127.0.0.1:{r.server_address[1]}" for r in replicas]
    tokens = run_local.route_tokens(3)
    replica_of = dict(zip(tokens, names))
    nginx, port = _nginx(tmp_path, run_local.render(f"127.0.0.1:{free_port()}", upstreams, tokens=tokens))
    try:
        # a browser without a cookie: nginx chooses a replica and sends that replica's token
        first = [_ask(port, None) for _ in range(30)]
        assert all(token in replica_of and replica_of[token] == body for body, token, _ in first)
        assert {body for body, _, _ in first} == set(names)  # spread over all three (each misses with p < 1e-5)
        # a token nginx issued reaches its replica, every time, and is not sent again
        for token, name in replica_of.items():
            assert [_ask(port, token)[:2] for _ in range(5)] == [(name, None)] * 5
        # any other value is ignored: nginx chooses, and replaces it with the token of the replica that answered
        others = FORGED + run_local.route_tokens(3) + [tokens[0].upper(), tokens[0] + "0", f"{tokens[0]}|{tokens[1]}"]
        for sent in others:
            body, token, response = _ask(port, sent)
            assert token in replica_of and replica_of[token] == body, sent
            assert response.getheader("X-Injected") is None
        # one forged value sent again and again is no way to one replica: it lands where nginx says
        assert len({_ask(port, "0" * 32)[0] for _ in range(30)}) > 1
        # replica A stops: its browsers reach a backup and are given that backup's token, which then keeps them there
        replicas[0].shutdown()
        replicas[0].server_close()
        body, token, _ = _ask(port, tokens[0])
        assert body in (b"B", b"C") and token in replica_of and replica_of[token] == body
        assert [_ask(port, token)[:2] for _ in range(3)] == [(body, None)] * 3
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)
        for r in replicas:
            r.shutdown()
    conf = run_local.render("127.0.0.1:1", upstreams)
    assert set(re.findall(r"\b[0-9a-f]{32}\b", conf)).isdisjoint(tokens)  # every rendering draws new tokens
    assert not re.search(r"@[A-Z_]+@", conf)  # no mark left unfilled


def test_the_route_tokens_are_unguessable_and_checked():
    tokens = run_local.route_tokens(4)
    assert len(set(tokens)) == 4 and all(re.fullmatch(r"[0-9a-f]{32}", t) for t in tokens)  # 128 random bits each
    with pytest.raises(ValueError):
        run_local.render("127.0.0.1:1", ["127.0.0.1:2", "127.0.0.1:3"], tokens=["a" * 32, "a" * 32])
    with pytest.raises(ValueError):
        run_local.render("127.0.0.1:1", ["127.0.0.1:2"], tokens=['x" ; }'])


def test_the_compose_files_renderer_names_the_addresses_nginx_will_report(tmp_path):
    """``run_local.py render`` (compose's nginx-conf) resolves host names as nginx does, so a failover finds its token."""
    out = subprocess.run([sys.executable, str(ROOT / "deploy" / "run_local.py"), "render", "8600", "localhost:8501", "127.0.0.1:8502"],
                         capture_output=True, text=True, check=True, cwd=str(ROOT)).stdout
    assert "listen 8600;" in out and "server 127.0.0.1:8501 max_fails=1" in out and "server 127.0.0.1:8502 backup;" in out
    assert re.search(r'"~\(\^\|\[ ,\]\)127\\.0\\.0\\.1:8501\$" [0-9a-f]{32};', out)
    for sub in ("logs", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "nginx.conf").write_text(out, encoding="utf-8")
    check = subprocess.run([run_local.nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


# --------------------------------------------------------------------------- the monitor


def test_the_monitor_alarms_only_after_repeated_failures_and_says_when_a_replica_is_back():
    monitor = run_local.Monitor(fails_to_alarm=3)
    assert [monitor.check(1, ok) for ok in (False, False, True, False, False, True)] == [None] * 6  # slow answers under load
    lines = [monitor.check(1, ok) for ok in (False, False, False, False, True)]
    assert lines[:2] == [None, None] and "stopped answering" in lines[2] and lines[3] is None
    assert lines[4] == "replica 1 answers its health check again"
