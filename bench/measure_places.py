"""How many of the place names a careful reader would map does the review link or offer, and how many false names does it offer?

On the documents of tests/fixtures/places/ (written for this project in the style of embassy, JICA and
ministry releases) and their hand labels in truth.json: a name labelled with a place_id counts when the
gazetteer links that place from the text; a name labelled null (no index knows it) counts when the review
offers it as a place-like name to place by hand. False names are the offered names that are not labelled
places. Run: .venv/bin/python bench/measure_places.py [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from laomap.pipeline.candidates import find_candidates
from laomap.pipeline.gazetteer_files import load_gazetteer
from laomap.textnorm import fold

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "places"


def measure(name: str, truth: dict, gazetteer) -> dict:
    """Found / missed labelled names and the false names offered for one document."""
    lang = truth["lang"]
    text = (FIXTURES / name).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]  # one paragraph a line in these fixtures
    linked: dict[str, set[str]] = {}
    for para in paragraphs:
        for link in gazetteer.match(para, lang):
            linked.setdefault(fold(link.text).lower(), set()).add(link.place_id)
    offered = {fold(c.name).lower(): c for c in find_candidates(paragraphs, lang, gazetteer)}
    found, missed = [], []
    for label, pid in truth["places"].items():
        key = fold(label).lower()
        ok = pid in set().union(*linked.values()) and any(pid in ids and (k in key or key in k) for k, ids in linked.items()) \
            if pid else any(key == k or key in k or k in key for k in offered)
        (found if ok else missed).append(label)
    labels = [fold(x).lower() for x in truth["places"]]
    false = [c.name for k, c in offered.items() if not any(k == lab or k in lab or lab in k for lab in labels)]
    return {"document": name, "labelled": len(truth["places"]), "found": len(found), "share": len(found) / len(truth["places"]),
            "missed": missed, "false_names": false}


def main(argv: list[str]) -> int:
    truth = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
    gazetteer = load_gazetteer(ROOT / "geodata")
    rows = [measure(name, t, gazetteer) for name, t in truth.items() if not name.startswith("_")]
    if "--json" in argv:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        print(f"{r['document']:<28} {r['found']:>2}/{r['labelled']:<2} {r['share']:6.1%}  false {len(r['false_names'])}")
        if r["missed"]:
            print(f"    missed: {', '.join(r['missed'])}")
        if r["false_names"]:
            print(f"    false:  {', '.join(r['false_names'])}")
    total, found = sum(r["labelled"] for r in rows), sum(r["found"] for r in rows)
    print(f"all: {found}/{total} = {found / total:.1%}; false names per document {sum(len(r['false_names']) for r in rows) / len(rows):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
