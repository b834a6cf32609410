"""Snapshots of what the built-in dataset exports and draws, pinned before a refactor: the same inputs
must give the same CSV, GeoJSON, map JSON, image content, deck text and record ids afterwards.

Compare (default) or write the files in tests/snapshots/ with ``UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py``;
after regenerating, ``git diff tests/snapshots`` shows what changed. ``ds`` (built once from documents/ and
geodata/ with an empty user directory) and the empty LAOMAP_DATA_DIR come from conftest.py.

What is normalised, and why:
- dates: every export is made with ``today=DAY``, because titles, source lines and slides print the export date;
- the GeoJSON is stored pretty-printed for a readable diff, but the test re-serialises it compactly and demands the
  export's exact bytes (key order included);
- the PNG is not stored (matplotlib and FreeType change pixels between versions): its size and an "artist census"
  (artists per type, every text, gids, patches, collections) are. Label placement and text fitting measure text
  with the installed fonts, so the census is exact for this environment's matplotlib/font versions;
- the map JSON is compared parsed (key order is not part of it); the deck by its slides' shapes and notes only
  (a .pptx zip carries timestamps and the map pictures' pixels).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from datetime import date
from itertools import zip_longest
from pathlib import Path

import pytest
from matplotlib.collections import Collection
from matplotlib.patches import Patch
from matplotlib.text import Text
from PIL import Image
from pptx import Presentation

# --- the laomap API under test: the refactor updates these import paths, and nothing else in this file ---
from laomap import Filter, apply
from laomap.export.data import commitments_csv, commitments_geojson
from laomap.export.deck import build_deck
from laomap.maps.static import figure_bytes, render_map
from laomap.maps.web import map_data
from laomap.views.layers import map_layers

DAY = date(2026, 11, 22)
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
# A run of only numbers, brackets, commas and whitespace in pretty JSON (a coordinate array) goes on one line:
# removing whitespace between JSON tokens never changes the document.
NUMBER_RUN = re.compile(r"\[[-+\d.eE,\s\[\]]*\]")

EXPORTS = {"en": Filter(), "ja_energy": Filter(lang="ja", themes=("energy",))}
MAPS = {"en": Filter(), "ja": Filter(lang="ja"), "en_education": Filter(themes=("education",)),
        "en_houaphanh": Filter(places=("houaphanh",))}
DECKS = {"en": Filter(), "ja_energy_education": Filter(lang="ja", themes=("energy", "education"))}


# --------------------------------------------------------------------------- snapshot helpers


def pretty(obj: object, sort_keys: bool = True) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=sort_keys, allow_nan=False)
    return (NUMBER_RUN.sub(lambda m: re.sub(r"\s+", "", m.group()), text) + "\n").encode("utf-8")


def compact(obj: object) -> bytes:
    """The form dataexport writes its JSON in."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def snapshot(name: str, data: bytes, parse=None) -> None:
    """Write tests/snapshots/<name> (UPDATE_SNAPSHOTS=1) or demand it: the same bytes, or equal after ``parse``."""
    path = SNAPSHOTS / name
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"no snapshot {name}: make it with UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py")
    stored = path.read_bytes()
    if (parse(data) == parse(stored)) if parse else data == stored:
        return
    # pytest's own diff of a large dict or bytes object is slow and pages long: say where the first difference is instead.
    new, old = data.decode("utf-8", "replace").splitlines(), stored.decode("utf-8", "replace").splitlines()
    pairs = enumerate(zip_longest(new, old), 1)
    first = next((f"line {i}:\n  now:  {str(a)[:300]}\n  was:  {str(b)[:300]}" for i, (a, b) in pairs if a != b),
                 "no line: it is in the line endings, a BOM or the key order")
    pytest.fail(f"{name} differs from its snapshot, first at {first}\n"
                "Rerun with UPDATE_SNAPSHOTS=1 and see git diff tests/snapshots.")


def json_snapshot(name: str, obj: object) -> None:
    snapshot(name, pretty(obj), parse=json.loads)


# --------------------------------------------------------------------------- the snapshots


def test_dataset_record_ids(ds):
    snapshot("dataset_commitment_ids.csv", ds.commitments[["commitment_id"]].to_csv(index=False, lineterminator="\n").encode())
    links = ds.links[["commitment_id", "place_id", "role"]]
    snapshot("dataset_links.csv", links.to_csv(index=False, lineterminator="\n").encode())
    dates = ds.dates[["commitment_id", "iso", "precision", "kind"]]
    snapshot("dataset_dates.csv", dates.to_csv(index=False, lineterminator="\n").encode())


@pytest.mark.parametrize("case", list(EXPORTS))
def test_commitments_csv(ds, case):
    snapshot(f"commitments_{case}.csv", commitments_csv(ds, apply(ds, EXPORTS[case])))


@pytest.mark.parametrize("case", list(EXPORTS))
def test_commitments_geojson(ds, case):
    raw = commitments_geojson(ds, apply(ds, EXPORTS[case]))
    assert compact(json.loads(raw)) == raw  # the pretty file below is a faithful form of these bytes
    snapshot(f"commitments_{case}.geojson", pretty(json.loads(raw), sort_keys=False), parse=lambda b: compact(json.loads(b)))


@pytest.mark.parametrize("case", list(MAPS))
def test_map_data(ds, case):
    flt = MAPS[case]
    layers = map_layers(ds, apply(ds, flt), flt.lang)
    json_snapshot(f"map_{case}.json", map_data(layers, ds, selected=flt.places))


def census(fig) -> dict:
    artists = fig.findobj()
    return {
        "artists": dict(sorted(Counter(type(a).__name__ for a in artists).items())),
        "texts": sorted(a.get_text() for a in artists if isinstance(a, Text)),
        "gids": sorted(a.get_gid() for a in artists if a.get_gid()),
        "patches": sum(isinstance(a, Patch) for a in artists),
        "collections": sum(isinstance(a, Collection) for a in artists),
    }


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_static_map(ds, lang):
    flt = Filter(lang=lang)
    fig = render_map(map_layers(ds, apply(ds, flt), lang), ds, preset="16:9", flt=flt, today=DAY)
    found = census(fig)
    png = Image.open(io.BytesIO(figure_bytes(fig, "png", lang=lang)))
    assert (png.format, png.size) == ("PNG", (1920, 1080))
    json_snapshot(f"staticmap_{lang}_16x9.json", found)


@pytest.mark.parametrize("case", list(DECKS))
def test_deck(ds, case):
    prs = Presentation(io.BytesIO(build_deck(ds, DECKS[case], today=DAY)))
    slides = [{
        "shapes": [{"name": s.name, "text": s.text_frame.text if s.has_text_frame else None} for s in slide.shapes],
        "notes": slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else None,
    } for slide in prs.slides]
    json_snapshot(f"deck_{case}.json", {"slide_count": len(slides), "slides": slides})
