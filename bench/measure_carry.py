"""How well the plan history's links match hand labels: precision and recall at each threshold.

Run: .venv/bin/python bench/measure_carry.py [--labels tests/fixtures/history/labels-2016-2021.csv]

The labels (tests/fixtures/history/README.md says how they were made) give, for each Action
Plan statement, the 2016 Joint Plan statements it carries on. Three readings:

- ``bilingual``: the plans as built in (the Action Plan in English and Japanese);
- ``across languages``: the Action Plan's English text removed, so each Japanese statement
  must find its English 2016 original through what they are about alone;
- ``sure only``: the bilingual reading scored against the links labelled 'sure'.

Then, held out (not used to choose anything), the fictional documents of
tests/fixtures/history/ added to a scratch data directory: a 2025 Japanese-only joint
statement against the English 2016 plan (no language in common) and against the bilingual
Action Plan, and the 2016 plan against a 2015 English joint statement (labels-fictional.csv).

Prints, per threshold, the links suggested, precision and recall; and the chosen threshold
(``carry.THRESHOLD``) with the target: precision >= 0.85 at recall >= 0.75.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from laomap.pipeline import carry
from laomap.pipeline.dataset import build

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "fixtures" / "history" / "labels-2016-2021.csv"
THRESHOLDS = (0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22, 0.24, 0.26, 0.28, 0.30, 0.35, 0.40)


def read_labels(path: Path, sure_only: bool = False) -> tuple[set[tuple[str, str]], set[str]]:
    """The labelled (later, earlier) pairs and every later statement labelled."""
    pairs, later = set(), set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            later.add(row["later_id"])
            if row["earlier_id"] and (not sure_only or row.get("confidence") == "sure"):
                pairs.add((row["later_id"], row["earlier_id"]))
    return pairs, later


def real_items(drop_english_later: bool = False) -> tuple[list[carry.StatementText], dict[str, str]]:
    with tempfile.TemporaryDirectory() as user:
        ds = build(user_dir=Path(user))
    plan_of = {d: (m.translation_of or d) for d, m in ds.documents.items()}
    dates = {d: (m.date_earliest or m.date) for d, m in ds.documents.items() if not m.translation_of}
    items = carry.statement_texts(ds.commitments, plan_of)
    if drop_english_later:
        items = [replace(s, texts={"ja": s.texts["ja"]}) if s.plan_id == "action-plan-en" else s for s in items]
    return items, dates


FICTIONAL = ROOT / "tests" / "fixtures" / "history"
HELD_OUT = (("2025 ja -> 2016 en", "joint-statement-2025-ja", "joint-plan-2016"),
            ("2025 ja -> 2021 en+ja", "joint-statement-2025-ja", "action-plan-en"),
            ("2016 en -> 2015 en", "joint-plan-2016", "joint-statement-2015-en"))


def fictional_dataset(user: Path):
    """The built-in plans with the two fictional joint statements added (as their README says)."""
    from laomap.userdata import add_document, document_meta

    for name, title, date, lang, doc_id in (
            ("joint-statement-2015.en.txt", "Joint Statement (2015, fictional)", "2015-11-24", "en", "joint-statement-2015-en"),
            ("joint-statement-2025.ja.txt", "共同声明（2025年、架空）", "2025-09-12", "ja", "joint-statement-2025-ja")):
        meta = document_meta(title, date, lang, doc_id=doc_id, title_en=title)
        add_document((FICTIONAL / name).read_text(encoding="utf-8"), meta, user_dir=user)
    return build(user_dir=user)


def held_out(threshold: float) -> list[tuple[str, int, int, float, float]]:
    """(reading, labelled links, suggested, precision, recall) for each held-out pair of documents."""
    with tempfile.TemporaryDirectory() as user:
        ds = fictional_dataset(Path(user))
    plan_of = {d: (m.translation_of or d) for d, m in ds.documents.items()}
    dates = {d: (m.date_earliest or m.date) for d, m in ds.documents.items() if not m.translation_of}
    links = carry.link_statements(carry.statement_texts(ds.commitments, plan_of), dates, threshold=threshold)
    out = []
    for name, later, earlier in HELD_OUT:
        truth, later_ids = set(), set()
        with (FICTIONAL / "labels-fictional.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["later_id"].startswith(later + ":"):
                    later_ids.add(row["later_id"])
                    if row["earlier_id"].startswith(earlier + ":"):
                        truth.add((row["later_id"], row["earlier_id"]))
        if later == "joint-plan-2016":  # labelled from the 2015 side: every 2016 statement not named carries on nothing of it
            later_ids = {s for s in ds.commitments.statement_id if s.startswith(later + ":")}
        found = {(a, b) for a, b, p in zip(links.later_id, links.earlier_id, links.earlier_plan) if a in later_ids and p == earlier}
        p, r = precision_recall(found, truth)
        out.append((name, len(truth), len(found), p, r))
    return out


def kind_agreement(path: Path) -> tuple[int, int]:
    """Among the labelled links the method finds (bilingual reading) and gives a kind (not 'related'), how many it
    gives the labelled kind."""
    labelled = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["earlier_id"]:
                labelled[(row["later_id"], row["earlier_id"])] = row["kind"]
    items, dates = real_items()
    links = carry.link_statements(items, dates)
    found = [(labelled[(a, b)], k) for a, b, k in zip(links.later_id, links.earlier_id, links.kind)
             if (a, b) in labelled and k != "related"]
    return sum(x == y for x, y in found), len(found)


def band_precision(path: Path) -> dict[str, tuple[int, int]]:
    """Per band of score (carry.band: strong / likely / weak), the links found (bilingual reading) and how many are labelled."""
    truth, later_ids = read_labels(path)
    items, dates = real_items()
    links = carry.link_statements(items, dates)
    out = {b: [0, 0] for b in carry.BANDS}
    for a, b, score in zip(links.later_id, links.earlier_id, links.score):
        if a in later_ids:
            cell = out[carry.band(score)]
            cell[0] += 1
            cell[1] += (a, b) in truth
    return {k: (n, hits) for k, (n, hits) in out.items()}


def precision_recall(found: set, truth: set) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)


def evaluate(items, dates, truth: set, later_ids: set, threshold: float) -> tuple[int, float, float]:
    links = carry.link_statements(items, dates, threshold=threshold)
    found = {(a, b) for a, b in zip(links.later_id, links.earlier_id) if a in later_ids}
    p, r = precision_recall(found, truth)
    return len(found), p, r


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    truth, later_ids = read_labels(args.labels)
    sure, _ = read_labels(args.labels, sure_only=True)
    readings = {"bilingual": (real_items(), truth), "across languages": (real_items(True), truth),
                "sure only": (real_items(), sure)}
    print(f"labels: {len(truth)} links ({len(sure)} sure) from {len({a for a, _ in truth})} of {len(later_ids)} later statements")
    print(f"{'threshold':>9} " + " ".join(f"{name:>26}" for name in readings))
    print(f"{'':9} " + " ".join(f"{'links  precision  recall':>26}" for _ in readings))
    chosen = {}
    for threshold in sorted({*THRESHOLDS, carry.THRESHOLD}):
        cells = []
        for name, ((items, dates), gold) in readings.items():
            n, p, r = evaluate(items, dates, gold, later_ids, threshold)
            cells.append(f"{n:5d} {p:10.2f} {r:7.2f}   ")
            if threshold == carry.THRESHOLD:
                chosen[name] = (n, p, r)
        mark = "  <- carry.THRESHOLD" if threshold == carry.THRESHOLD else ""
        print(f"{threshold:9.2f} " + " ".join(f"{c:>26}" for c in cells) + mark)
    print(f"held out, at {carry.THRESHOLD:.2f} (fictional documents, labels-fictional.csv):")
    for name, labelled, suggested, p, r in held_out(carry.THRESHOLD):
        print(f"  {name:24} {labelled:3d} labelled, {suggested:3d} suggested: precision {p:.2f}, recall {r:.2f}")
    kinds = kind_agreement(args.labels)
    print(f"kind of link (restated / extended / narrowed) as labelled, among the labelled links found that claim one: "
          f"{kinds[0]} of {kinds[1]} (a link below carry.STRONG is 'related': it claims no kind)")
    print("precision per band of score (bilingual reading; carry.BAND_PRECISION is what the History and About pages say):")
    for name, (n, hits) in band_precision(args.labels).items():
        p = hits / n if n else float("nan")
        said = carry.BAND_PRECISION[name]
        note = "" if abs(p - said) <= 0.05 else f"  <- differs from carry.BAND_PRECISION ({said:.2f}): update it"
        print(f"  {name:7} {n:3d} links, {hits:3d} labelled: precision {p:.2f}{note}")
    n, p, r = chosen["bilingual"]
    ok = p >= 0.85 and r >= 0.75
    print(f"at {carry.THRESHOLD:.2f}: precision {p:.2f}, recall {r:.2f} on all {len(truth)} labelled links "
          f"(target precision >= 0.85 at recall >= 0.75): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
