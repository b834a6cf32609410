"""The command line's wall time, command by command, in a new process each time (what a user or a script waits for).

Run from the project root: .venv/bin/python bench/bench_cli.py [--runs 5] [--against OLD_SRC] [--only NAME ...]

Each command runs ``--runs`` times after one warm-up (the dataset's disk cache is then warm); the
"first review" runs each time with a new, empty cache directory (``LAOMAP_CACHE_DIR``), as on a freshly
set-up machine whose user never ran laomap (the GeoNames index then comes from the environment). With
``--against`` (the ``src`` folder of another checkout, e.g. a ``git worktree`` of an older commit) the
same commands run with that tree first on ``PYTHONPATH``, interleaved run by run with this one, so that
both see the same machine; the table gives both medians and their ratio, and the load average
before and after; also the median CPU seconds (user + system) of each command's process, which a loaded
machine inflates less than wall time. Targets (issue 29): 1 s warm for each command and for the review of a one-page document
(``add-document --dry-run``), 3 s for the first review.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESS = ROOT / "tests" / "fixtures" / "region" / "press-statement-2026.en.txt"  # one page, 2.3 kB
REVIEW = ["add-document", str(PRESS), "--lang", "en", "--dry-run", "--data-dir", "{tmp}/user"]
COMMANDS = {
    "--help": ["--help"],
    "values": ["values"],
    "links": ["links"],
    "export-data csv": ["export-data", "--format", "csv", "--output", "{tmp}/out.csv"],
    "review 1 page": REVIEW,
    "first review": REVIEW,
}
COLD = {"first review"}  # a new cache directory for every run
TARGET_S = {"first review": 3.0}  # else 1 s


def without_bytecode_switch(env: dict[str, str]) -> dict[str, str]:
    """The environment without PYTHONDONTWRITEBYTECODE: an installed laomap has its modules compiled once, and a
    process that compiles every module from source again (about 40 of laomap's alone) measures that, not laomap."""
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _cpu() -> float:
    """CPU seconds (user + system) of the ended child processes so far: on a shared machine less noisy than wall time."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(args: list[str], src: Path | None, tmp: str, cold: bool = False) -> tuple[float, float]:
    env = without_bytecode_switch(dict(os.environ))
    if src is not None:
        env["PYTHONPATH"] = str(src)
    if cold:
        env["LAOMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=tmp)
    started, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, "-m", "laomap.cli", *(a.format(tmp=tmp) for a in args)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - started, _cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="the src folder of another checkout to compare with")
    parser.add_argument("--only", nargs="+", choices=list(COMMANDS), help="these commands only")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    trees: dict[str, Path | None] = {"this": None}
    if args.against:
        trees = {"other": args.against.resolve(), "this": None}
    missed = False
    with tempfile.TemporaryDirectory(prefix="laomap-bench-cli-") as tmp:
        print(f"{'command':<18}" + "".join(f"{name + ' median s':>18}" for name in trees) + ("   ratio" if args.against else "")
              + "".join(f"{name + ' CPU s':>14}" for name in trees) + ("   ratio" if args.against else ""))
        for label, command in COMMANDS.items():
            if args.only and label not in args.only:
                continue
            times: dict[str, list[float]] = {name: [] for name in trees}
            cpus: dict[str, list[float]] = {name: [] for name in trees}
            for src in trees.values():
                _run(command, src, tmp)  # warm-up: the disk cache, the file system
            for _ in range(args.runs):
                for name, src in trees.items():
                    wall, cpu = _run(command, src, tmp, cold=label in COLD)
                    times[name].append(wall)
                    cpus[name].append(cpu)
            medians = {name: statistics.median(values) for name, values in times.items()}
            missed |= medians["this"] > TARGET_S.get(label, 1.0)
            ratio = f"{medians['this'] / medians['other']:8.2f}" if args.against else ""
            cpu_medians = {name: statistics.median(values) for name, values in cpus.items()}
            cpu_ratio = f"{cpu_medians['this'] / cpu_medians['other']:8.2f}" if args.against else ""
            print(f"{label:<18}" + "".join(f"{medians[name]:>18.3f}" for name in trees) + ratio
                  + "".join(f"{cpu_medians[name]:>14.3f}" for name in trees) + cpu_ratio)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"targets: every command and the review under 1 s warm, the first review under 3 s ({'missed' if missed else 'met'})")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
