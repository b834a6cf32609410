#!/usr/bin/env python3
"""How good are the review's GeoNames suggestions on realistic documents?

For every test document of the relationship's genres (tests/fixtures/region/, the follow-up plan in
English and Japanese, tests/fixtures/genres/), the review lists the place-like names the gazetteer
does not know, each with up to three GeoNames candidates. tests/fixtures/region/suggestion-truth.json
says, per document and name, which GeoNames id is the right place, ``0`` for a real place that is not
in the index (a reservoir, a plateau, a small village), or ``null`` for a name that is no place at all.

Printed: per document the names and whether the right place is among the suggestions, then

- recall: of the unknown names that are places, the share whose right place is among the suggestions
  (target >= 90 %);
- false place-like names: of all the names the review offers, the share that are not places.

Exit 1 if a listed name has no label in the truth file (label it) or recall is under the target.

    .venv/bin/python bench/measure_suggestions.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TRUTH = FIXTURES / "region" / "suggestion-truth.json"
DOCUMENTS = {  # file -> language
    "region/press-statement-2026.en.txt": "en",
    "region/outline-2026.ja.txt": "ja",
    "region/meeting-outline-2026.en.txt": "en",
    "followup-plan.en.txt": "en",
    "followup-plan.ja.txt": "ja",
    "genres/joint-statement-2010-style.txt": "en",
    "genres/press-statement-2012-style.txt": "en",
    "genres/outline-ja-reiwa-style.txt": "ja",
    "genres/outline-ja-kosshi-sjis.txt": "ja",
    "genres/summit-page-saved.html": "en",
}
TARGET = 0.90


def review(path: Path, lang: str, user: Path):
    from laomap import userdata
    from laomap.ingest import read_upload
    from laomap.pipeline.documents import own_header
    from laomap.views.review import review_document

    extracted = read_upload(path.read_bytes(), path.name)
    own = own_header(extracted.text, lang)
    meta = userdata.document_meta(own.title or path.stem, own.date or "2026", lang, doc_id="measured")
    ds = userdata.preview_document(extracted.text, meta, user)
    return review_document(ds, meta.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    places = hits = offered = false = in_index = 0
    unlabelled = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, lang in DOCUMENTS.items():
            labels = truth.get(name, {})
            r = review(FIXTURES / name, lang, Path(tmp) / "user")
            print(f"{name} ({lang}): {len(r.candidates)} unknown name(s)")
            for c in r.candidates:
                offered += 1
                ids = [s.geonames_id for s in c.suggestions]
                if c.name not in labels:
                    unlabelled.append(f"{name}: {c.name} {ids}")
                    print(f"  ?     {c.name}  suggestions {ids}  (no label)")
                    continue
                right = labels[c.name]
                if right is None:
                    false += 1
                    verdict = "not a place"
                else:
                    places += 1
                    found = bool(right) and right in ids
                    hits += found
                    in_index += bool(right)
                    verdict = f"found at #{ids.index(right) + 1}" if found else ("missed (not in the index)" if not right else "missed")
                print(f"  {verdict:<26} {c.name}  suggestions {ids}")
    recall = hits / places if places else 1.0
    false_share = false / offered if offered else 0.0
    print()
    print(f"unknown names that are places: {places}; right place among the suggestions: {hits} ({recall:.0%}; target >= {TARGET:.0%})")
    print(f"  of those whose place is in the GeoNames index: {in_index}, found: {hits} ({hits / in_index if in_index else 1:.0%})")
    print(f"names offered: {offered}; not places at all: {false} ({false_share:.0%})")
    if unlabelled:
        print("unlabelled names (add them to " + str(TRUTH.relative_to(ROOT)) + "):\n  " + "\n  ".join(unlabelled))
        return 1
    return 0 if recall >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
