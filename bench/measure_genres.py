"""What each genre of issue 22 yields: share of body sentences that became statements, with a theme, with the
place their text names, and the dates and amounts found, on the fixtures written in each genre's style.

Run: .venv/bin/python bench/measure_genres.py   (figures in the issue-22 note and bench/README.md)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.genres.measure import EXPECTED, measure  # noqa: E402


def main() -> int:
    print("| genre fixture | statements / body sentences | with a theme | with the place named | dates | amounts | "
          "non-statements (reason) |")
    print("|---|---|---|---|---|---|---|")
    for name, spec in EXPECTED.items():
        f = measure(name)
        dates = len(spec["dates"] & f.dates_found)
        amounts = len(spec["amounts"] & f.amounts_found)
        reasons = ", ".join(f"{k}" for k in sorted(f.not_statements.values()))
        print(f"| {name} | {f.statements}/{f.sentences} ({f.share(f.statements, f.sentences):.0%}) | "
              f"{f.with_theme}/{f.statements} ({f.share(f.with_theme, f.statements):.0%}) | "
              f"{f.with_that_place}/{f.naming_a_place} | {dates}/{len(spec['dates'])} | {amounts}/{len(spec['amounts'])} | "
              f"{reasons or '-'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
