"""N dashboard replicas and nginx in front of them, on this machine (``deploy/run-local N``).

Each replica is the ordinary dashboard (``laomap.appserver``: a free local port, no file
watcher) with the same user data directory and the same cookie secret, so a browser sent to
another replica (when its own stops) keeps a valid upload token. nginx balances them with
sticky sessions and WebSocket upgrade (``nginx.conf.template``); it listens on --port. Before
nginx starts, every replica must answer its health check (``/_stcore/health``); while they run,
one line per replica that stops answering is printed, and nginx stops sending it browsers
(passive health checks: nginx without Plus has no active ones). Ctrl-C or SIGTERM stops all.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from laomap.appserver import (  # noqa: E402
    HOST,
    SERVED,
    AppServer,
    AppStartError,
    free_port,
    healthy,
    stop,
    streamlit_command,
    wait_until_healthy,
)

TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise SystemExit("deploy/run-local: nginx is not installed (Debian: apt-get install nginx).")
    return found


REPLICA_HEADER = "            add_header X-Laomap-Replica $upstream_addr always;"


def route_tokens(n: int) -> list[str]:
    """One route token per replica: 128 random bits each, new for every rendering (every deployment)."""
    return [secrets.token_hex(16) for _ in range(n)]


def render(listen: str, upstreams: list[str], replica_header: bool = False, tokens: list[str] | None = None) -> str:
    """The nginx configuration for these replica addresses (HOST:PORT); the replica header only if asked for.

    ``tokens``: the route token of each replica (new random ones by default). nginx routes a browser only by
    a token it issued; any other cookie value is ignored and replaced, so no client can choose its replica.
    """
    tokens = tokens or route_tokens(len(upstreams))
    if len(tokens) != len(upstreams) or len(set(tokens)) != len(tokens):
        raise ValueError("tokens: one distinct token per replica")
    if any(len(t) != 32 or t.strip("0123456789abcdef") for t in tokens):
        raise ValueError("tokens: 32 lower-case hex digits each (written into the nginx configuration)")
    n = len(upstreams)
    routes = "\n".join(f"        {t} laomap_{i + 1};" for i, t in enumerate(tokens))
    share = f"{10000 // n / 100:g}"  # split_clients takes two decimals at most; "*" takes the rest
    split = "\n".join(f"        {share}% laomap_{i + 1};" for i in range(n - 1)) + ("\n" if n > 1 else "") + f"        * laomap_{n};"
    answered = "\n".join(f'        "~(^|[ ,]){re.escape(u)}$" {t};' for u, t in zip(upstreams, tokens))
    groups = "\n".join(
        f"    upstream laomap_{i + 1} {{\n        server {u} max_fails=1 fail_timeout=10s;\n"
        + "".join(f"        server {o} backup;\n" for o in upstreams[i + 1:] + upstreams[:i])
        + "    }" for i, u in enumerate(upstreams))
    text = TEMPLATE.read_text(encoding="utf-8")
    for mark, value in (("@LISTEN@", listen), ("@ROUTES@", routes), ("@SPLIT@", split), ("@ANSWERED@", answered), ("@GROUPS@", groups)):
        text = text.replace(mark, value)
    return text.replace("@REPLICA_HEADER@", REPLICA_HEADER if replica_header else "            # (no X-Laomap-Replica header)")


def render_main(argv: list[str]) -> int:
    """``run_local.py render LISTEN HOST:PORT...``: write the configuration to stdout, with new route tokens.

    For the compose file's nginx (its image has no Python: a one-shot container of the laomap image renders it).
    Host names are resolved here, as nginx resolves them once when it starts, so that the addresses nginx reports
    for the replica that answered are the ones the configuration names.
    """
    if len(argv) < 2:
        print("usage: run_local.py render LISTEN HOST:PORT...", file=sys.stderr)
        return 2
    upstreams = []
    for item in argv[1:]:
        host, _, port = item.rpartition(":")
        upstreams.append(f"{socket.gethostbyname(host)}:{int(port)}")
    sys.stdout.write(render(argv[0], upstreams))
    return 0


FAILS_TO_ALARM = 3  # consecutive failed health checks (2 s apart) before a replica is reported as stopped


class Monitor:
    """Says a replica stopped answering only after ``FAILS_TO_ALARM`` failed checks in a row, and when it is back.

    One slow answer under load is not a stopped replica: a single failed check raised 16 false alarms in the probe.
    """

    def __init__(self, fails_to_alarm: int = FAILS_TO_ALARM):
        self.fails_to_alarm = fails_to_alarm
        self.failures: dict[int, int] = {}
        self.down: set[int] = set()

    def check(self, replica: int, ok: bool) -> str | None:
        """The line to print for this check's result, if any."""
        if ok:
            self.failures[replica] = 0
            if replica in self.down:
                self.down.discard(replica)
                return f"replica {replica} answers its health check again"
            return None
        self.failures[replica] = self.failures.get(replica, 0) + 1
        if self.failures[replica] >= self.fails_to_alarm and replica not in self.down:
            self.down.add(replica)
            return (f"replica {replica} stopped answering its health check ({self.failures[replica]} checks in a row); "
                    "nginx sends its browsers elsewhere")
        return None


def start_replica(index: int, run: Path, env: dict[str, str]) -> AppServer:
    port = free_port()
    log = run / "logs" / f"replica-{index}.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(streamlit_command(SERVED, port), cwd=str(ROOT), stdout=out, stderr=subprocess.STDOUT,
                                   env={**env, "LAOMAP_REPLICA": str(index), "STREAMLIT_SERVER_COOKIE_SECRET": env["LAOMAP_COOKIE_SECRET"]})
    return AppServer(f"http://{HOST}:{port}", process, log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/run-local", description=__doc__.split("\n\n")[0])
    parser.add_argument("replicas", type=int, help="how many dashboard processes (1-16)")
    parser.add_argument("--port", type=int, default=8600, help="where nginx listens on 127.0.0.1 (default 8600)")
    parser.add_argument("--data-dir", help="the shared user data directory (default: $LAOMAP_DATA_DIR or the platform's)")
    parser.add_argument("--run-dir", help="where the nginx configuration and the logs go (default: a new temporary folder)")
    parser.add_argument("--replica-header", action="store_true",
                        help="name the replica that answered in a header X-Laomap-Replica (for measurements; off by default)")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 16:
        parser.error(f"replicas: expected 1 to 16, got {args.replicas}")
    run = Path(args.run_dir or tempfile.mkdtemp(prefix="laomap-deploy-"))
    for sub in ("logs", "tmp"):
        (run / sub).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LAOMAP_COOKIE_SECRET": os.environ.get("LAOMAP_COOKIE_SECRET") or secrets.token_hex(32)}
    if args.data_dir:
        env["LAOMAP_DATA_DIR"] = str(Path(args.data_dir).resolve())
    replicas: list[AppServer] = []
    proxy: subprocess.Popen | None = None

    def shutdown(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shutdown)
    try:
        replicas = [start_replica(i + 1, run, env) for i in range(args.replicas)]
        for r in replicas:
            wait_until_healthy(r)
        upstreams = [r.url.removeprefix("http://") for r in replicas]
        (run / "nginx.conf").write_text(render(f"{HOST}:{args.port}", upstreams, args.replica_header), encoding="utf-8")
        proxy = subprocess.Popen([nginx_binary(), "-p", str(run), "-c", str(run / "nginx.conf"), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=open(run / "logs" / "nginx.err", "w"))  # noqa: SIM115
        url = f"http://{HOST}:{args.port}"
        deadline = time.monotonic() + 30
        while not healthy(url):
            if proxy.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"deploy/run-local: nginx did not start: {(run / 'logs' / 'nginx.err').read_text()[-2000:]}")
            time.sleep(0.2)
        for i, r in enumerate(replicas, 1):
            print(f"replica {i}: {r.url} (pid {r.pid}, log {r.log_path})", flush=True)
        print(f"laomap: {len(replicas)} replicas behind nginx at {url} (run folder {run}); Ctrl-C stops them", flush=True)
        monitor = Monitor()
        checks = open(run / "logs" / "health.log", "a", encoding="utf-8")  # noqa: SIM115 - open while nginx runs
        while proxy.poll() is None:
            time.sleep(2)
            for i, r in enumerate(replicas, 1):
                exited = r.process.poll() is not None
                started = time.monotonic()
                ok = not exited and healthy(r.url, timeout=2.0)
                # every check, for bench/measure_monitor.py (the false-alarm rate of the alarm rule)
                checks.write(f"{time.time():.3f} {i} {int(ok)} {(time.monotonic() - started) * 1000:.0f}\n")
                checks.flush()
                line = monitor.check(i, ok)
                if exited and i not in monitor.down:  # a process that ended is not a slow one: at once
                    monitor.down.add(i)
                    line = f"replica {i} exited (code {r.process.returncode}); nginx sends its browsers elsewhere"
                if line:
                    print(line, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    except AppStartError as exc:
        print(f"deploy/run-local: a replica did not start: {exc}", file=sys.stderr)
        return 1
    finally:
        if proxy is not None and proxy.poll() is None:
            proxy.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proxy.wait(timeout=10)
        for r in replicas:
            stop(r)


if __name__ == "__main__":
    sys.exit(render_main(sys.argv[2:]) if sys.argv[1:2] == ["render"] else main())
