"""The command line's wall time, command by command, in a new process each time (what a user or a script waits for).

Run from the project root: .venv/bin/python bench/bench_cli.py [--runs 5] [--against OLD_SRC]

Each command runs ``--runs`` times after one warm-up (the dataset's disk cache is then warm). With
``--against`` (the ``src`` folder of another checkout, e.g. a ``git worktree`` of an older commit) the
same commands run with that tree first on ``PYTHONPATH``, interleaved run by run with this one, so that
both see the same machine; the table gives both medians and their ratio. The target is 1 s warm
for each command (issue 29).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "--help": ["--help"],
    "values": ["values"],
    "links": ["links"],
    "export-data csv": ["export-data", "--format", "csv", "--output", "{tmp}/out.csv"],
}
TARGET_S = 1.0


def _run(args: list[str], src: Path | None, tmp: str) -> float:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "laomap.cli", *(a.format(tmp=tmp) for a in args)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="the src folder of another checkout to compare with")
    args = parser.parse_args()
    trees: dict[str, Path | None] = {"this": None}
    if args.against:
        trees = {"other": args.against.resolve(), "this": None}
    missed = False
    with tempfile.TemporaryDirectory(prefix="laomap-bench-cli-") as tmp:
        print(f"{'command':<18}" + "".join(f"{name + ' median s':>18}" for name in trees) + ("   ratio" if args.against else ""))
        for label, command in COMMANDS.items():
            times: dict[str, list[float]] = {name: [] for name in trees}
            for src in trees.values():
                _run(command, src, tmp)  # warm-up: the disk cache, the file system
            for _ in range(args.runs):
                for name, src in trees.items():
                    times[name].append(_run(command, src, tmp))
            medians = {name: statistics.median(values) for name, values in times.items()}
            missed |= medians["this"] > TARGET_S
            ratio = f"{medians['this'] / medians['other']:8.2f}" if args.against else ""
            print(f"{label:<18}" + "".join(f"{medians[name]:>18.3f}" for name in trees) + ratio)
    print(f"target: every command under {TARGET_S:.0f} s warm ({'missed' if missed else 'met'})")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
