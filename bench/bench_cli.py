"""The command line's wall time, command by command, in a new process each time (what a user or a script waits for).

Run from the project root: .venv/bin/python bench/bench_cli.py [--runs 5] [--against OLD_SRC] [--only NAME ...]

Each command runs ``--runs`` times after one warm-up (the dataset's disk cache is then warm); the
"first review" runs each time with a new, empty cache directory (``LAOMAP_CACHE_DIR``), as on a freshly
set-up machine whose user never ran laomap (the GeoNames index then comes from the environment). With
``--against`` (the ``src`` folder of another checkout, e.g. a ``git worktree`` of an older commit) the
same commands run with that tree first on ``PYTHONPATH``, interleaved run by run with this one, so that
both see the same machine; the table gives both medians and their ratio, and the load average
before and after; also the median CPU seconds (user + system) of each command's process, which a loaded
machine inflates less than wall time. This checkout runs twice: "in-process" with ``LAOMAP_WORKER=0`` (a new process
does everything, as before the worker) and "worker", the command as a user runs it (the warm-up call started the
worker, in a runtime directory of the benchmark's own; stopped at the end). Targets (issue 29): 1 s warm for each command and for the review of a one-page document
(``add-document --dry-run``), 3 s for the first review.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
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


def _run(args: list[str], src: Path | None, tmp: str, extra: dict[str, str], cold: bool = False) -> tuple[float, float]:
    env = without_bytecode_switch(dict(os.environ))
    env.pop("PYTEST_CURRENT_TEST", None)
    env.update(extra)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    if cold:
        env["LAOMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=tmp)
    started, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, "-m", "laomap.cli", *(a.format(tmp=tmp) for a in args)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - started, _cpu() - cpu


def _await_worker(runtime: Path, timeout: float = 300.0) -> None:
    """Until the worker the warm-up started answers (it imports pandas and the pipeline in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in (runtime / "laomap").glob("w-*.sock"):
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(path))
                return
            except OSError:
                pass
            finally:
                probe.close()
        time.sleep(0.1)
    print("note: no worker answered; the 'worker' column ran in its own processes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="the src folder of another checkout to compare with")
    parser.add_argument("--only", nargs="+", action="extend", choices=[*COMMANDS, "help"],
                        help="these commands only ('help' or --only=--help for --help)")
    args = parser.parse_args()
    args.only = [("--help" if name == "help" else name) for name in args.only or []]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="laomap-bench-cli-") as tmp:
        runtime = Path(tempfile.mkdtemp(prefix="lb-", dir="/tmp"))  # the worker's socket: a short path of our own
        # name: (src folder, environment); "worker" is the command as a user runs it (the warm-up started the worker)
        trees: dict[str, tuple[Path | None, dict[str, str]]] = {
            "in-process": (None, {"LAOMAP_WORKER": "0"}), "worker": (None, {"XDG_RUNTIME_DIR": str(runtime)})}
        if args.against:
            trees = {"other": (args.against.resolve(), {"LAOMAP_WORKER": "0"}), **trees}
        base = "other" if args.against else "in-process"
        missed = False
        print(f"{'command':<18}" + "".join(f"{name + ' median s':>22}" for name in trees) + f"{'worker/' + base:>18}"
              + "".join(f"{name + ' CPU s':>18}" for name in trees if name != "worker"))
        try:
            for label, command in COMMANDS.items():
                if args.only and label not in args.only:
                    continue
                times: dict[str, list[float]] = {name: [] for name in trees}
                cpus: dict[str, list[float]] = {name: [] for name in trees}
                for src, extra in trees.values():
                    _run(command, src, tmp, extra)  # warm-up: the disk cache, the file system, the worker started
                _await_worker(runtime)
                for _ in range(args.runs):
                    for name, (src, extra) in trees.items():
                        wall, cpu = _run(command, src, tmp, extra, cold=label in COLD)
                        times[name].append(wall)
                        cpus[name].append(cpu)
                medians = {name: statistics.median(values) for name, values in times.items()}
                missed |= medians["worker"] > TARGET_S.get(label, 1.0)
                cpu_medians = {name: statistics.median(values) for name, values in cpus.items()}
                print(f"{label:<18}" + "".join(f"{medians[name]:>22.3f}" for name in trees)
                      + f"{medians['worker'] / medians[base]:>18.2f}"
                      + "".join(f"{cpu_medians[name]:>18.3f}" for name in trees if name != "worker"))
        finally:
            for path in (runtime / "laomap").glob("w-*.sock"):
                path.unlink()  # the worker exits within a few seconds
            shutil.rmtree(runtime, ignore_errors=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("CPU s: the command's process and its reader child; the worker's child is not this script's child, so the "
          "worker column has no CPU figure")
    print(f"targets: every command and the review under 1 s warm, the first review under 3 s ({'missed' if missed else 'met'})")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
