"""The false-alarm rate of deploy/run-local's monitor: its health checks under load, judged by each alarm rule.

Run from the project root, after a run of deploy/run-local (for instance through
``bench/bench_load.py --replicas 2``, which puts browser sessions on the replicas):

    .venv/bin/python bench/measure_monitor.py RUN_DIR/logs/health.log

deploy/run-local writes one line per health check (time, replica, passed, milliseconds) to
``logs/health.log``. No replica was stopped during such a run, so every alarm is a false one.
Prints the checks, the failed ones, and for each rule "alarm after k failed checks in a row"
(k = 1, the rule the probe saw; k = 3, today's ``FAILS_TO_ALARM``) how many alarms it raises,
per replica-hour of checks.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))

from run_local import FAILS_TO_ALARM, Monitor  # noqa: E402


def main(path: str) -> int:
    rows = [line.split() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    checks = [(float(t), int(r), v == "1", float(ms)) for t, r, v, ms in rows]
    if not checks:
        print("no checks in the log")
        return 1
    hours = sum(1 for _ in checks) * 2 / 3600  # one check per replica every 2 s (plus its own time)
    span = checks[-1][0] - checks[0][0]
    failed = [c for c in checks if not c[2]]
    slow = sorted(c[3] for c in checks)
    print(f"{len(checks)} checks of {len({c[1] for c in checks})} replicas over {span / 60:.1f} min; failed {len(failed)} "
          f"({len(failed) / len(checks):.1%}); check time median {slow[len(slow) // 2]:.0f} ms, max {slow[-1]:.0f} ms")
    for k in sorted({1, 2, FAILS_TO_ALARM}):
        monitor = Monitor(fails_to_alarm=k)
        alarms = sum(1 for _, replica, ok, _ in checks if (monitor.check(replica, ok) or "").startswith(f"replica {replica} stopped"))
        print(f"alarm after {k} failed check(s) in a row: {alarms} false alarm(s), {alarms / max(hours, 1e-9):.1f} per replica-hour")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
