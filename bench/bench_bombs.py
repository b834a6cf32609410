"""Hostile documents: how long reading each takes, and what memory the server and the reader use.

Run from the project root: .venv/bin/python bench/bench_bombs.py [--only NAME] [--timeout 180]

Each file of tests/bombs.py is read in a fresh process that stands for the server: it imports
laomap, notes its resident memory, reads the file the way the Add document page does
(``laomap.ingest.read_upload_bounded`` where it exists, else ``read_upload`` in the process) and
reports the outcome (the message, or the exception's type), the wall time, the server's peak
memory above what it had before, its memory afterwards, and the peak of any reader process it
started. The stand-in server is capped at 8 GB of address space and --timeout seconds, so a
bomb cannot take the machine down; "killed" means it hit one of these caps.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time, gc
sys.path.insert(0, sys.argv[1])
import laomap.ingest as ingest
from pathlib import Path
name, data = sys.argv[3], Path(sys.argv[2]).read_bytes()
def rss():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmRSS:")) // 1024
gc.collect()
before = rss()
read = getattr(ingest, "read_upload_bounded", None)
started = time.perf_counter()
try:
    got = (read or ingest.read_upload)(data, name)
    outcome = f"read: {len(got.text)} characters"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {str(exc)[:160]}"
seconds = time.perf_counter() - started
gc.collect()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({"size_kb": len(data) // 1024, "outcome": outcome, "seconds": seconds, "before_mb": before,
                  "peak_mb": peak, "after_mb": rss(), "reader_peak_mb": kids, "bounded": read is not None}))
"""


def run(name: str, timeout: float, folder: Path) -> dict:
    from tests.bombs import BOMBS

    file_name, make = BOMBS[name]
    path = folder / name
    path.write_bytes(make())

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))

    started = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(path), file_name], capture_output=True, text=True,
                              timeout=timeout, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return {"outcome": f"killed after {timeout:.0f} s (still reading)", "seconds": time.perf_counter() - started}
    if proc.returncode != 0:
        return {"outcome": f"killed (exit {proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}",
                "seconds": time.perf_counter() - started}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    from tests.bombs import BOMBS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    print("| file | size | outcome | time | server peak above before | server after - before | reader process peak |")
    print("|---|---|---|---|---|---|---|")
    for name in args.only or BOMBS:
        with tempfile.TemporaryDirectory(prefix="laomap-bombs-") as tmp:
            r = run(name, args.timeout, Path(tmp))
        if "peak_mb" in r:
            print(f"| {name} | {r['size_kb']} KB | {r['outcome']} | {r['seconds']:.1f} s | {r['peak_mb'] - r['before_mb']} MB "
                  f"| {r['after_mb'] - r['before_mb']} MB | {r['reader_peak_mb'] if r['bounded'] else '-'} MB |", flush=True)
        else:
            print(f"| {name} | | {r['outcome']} | {r['seconds']:.1f} s | | | |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
