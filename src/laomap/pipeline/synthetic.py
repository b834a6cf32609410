"""Deterministic synthetic inputs for scale tests and benchmarks.

Two generators, both seeded so the same call always writes the same bytes:

- ``write_synthetic_corpus(out, commitments=10_000, places=500)``: plan documents in the style
  of the Action Plan (numbered sections, sentences with the plans' verbs, themes, dates and
  place names) over ``places`` generated villages placed inside the Lao provinces, plus a
  copy of geodata/ whose gazetteer lists them;
- ``write_replicated_corpus(out, factor)``: the real documents repeated ``factor`` times as
  distinct plans (the Japanese translation with each copy), i.e. exactly ``factor`` x the real data.

Both write a ``documents/`` and a ``geodata/`` folder that ``dataset.build`` reads like the real ones.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path
from typing import Any

from shapely.geometry import Point, shape

from laomap import paths
from laomap.pipeline.gazetteer import GAZETTEER_COLUMNS

_SYLLABLES = ("na", "khan", "phon", "xai", "thong", "sa", "vang", "kham", "done", "hin", "lao", "mai", "nong", "pak", "tha",
              "houay", "sen", "som", "boun", "chan", "khoun", "la", "ngam", "ou", "phou", "see", "vieng", "xay", "kang", "det")
_PREFIXES = ("Ban", "Muang", "Nong", "Phon", "Xieng", "Pak", "Houay", "Na", "Don", "Tha")
_THEME_PHRASES = (
    ("energy", "the rural electricity network"), ("health", "district hospitals and maternal health care"),
    ("education", "primary schools and teacher training"), ("agriculture", "irrigation and food value chains"),
    ("connectivity", "rural roads and bridges"), ("environment", "forest conservation and disaster risk reduction"),
    ("tourism_culture", "community-based tourism and cultural heritage"), ("human_resources", "vocational training centres"),
    ("uxo", "the clearance of unexploded ordnance (UXO)"), ("governance", "provincial public administration and the rule of law"),
    ("digital", "digital public services and ICT"), ("trade_investment", "small and medium-sized enterprises (SMEs)"),
)
_TEMPLATES = (
    "Both sides affirmed to strengthen cooperation on {phrase} in {place}{suffix}.",
    "Japan expressed its continued support for {phrase} in {place}{suffix}.",
    "Both sides shared the intention to promote {phrase} in {place} by {year}.",
    "Both sides welcomed the progress of {phrase} in {place} since {past}.",
    "Both sides appreciated the results of the project on {phrase} in {place} completed in {month} {past}.",
    "Both sides shared the view to expand {phrase} across the Lao PDR during {y1}-{y2}.",
    "Both sides affirmed the importance of {phrase} for the sustainable development of the Lao PDR.",
)
_MONTHS = ("January", "March", "May", "July", "September", "November")


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(_PREFIXES)} {rng.choice(_SYLLABLES).capitalize()}{rng.choice(_SYLLABLES)}"
        if name not in used:
            used.add(name)
            return name


def synthetic_places(count: int, seed: int = 7, geodata_dir: Path | None = None) -> list[dict[str, str]]:
    """``count`` village-like places at random points inside the Lao provinces, as gazetteer rows."""
    geodata_dir = Path(geodata_dir or paths.geodata_dir())
    provinces = json.loads((geodata_dir / "lao_provinces.geojson").read_text(encoding="utf-8"))["features"]
    polygons = [(f["properties"]["place_id"], shape(f["geometry"])) for f in sorted(provinces, key=lambda f: f["properties"]["place_id"])]
    rng = random.Random(seed)
    used: set[str] = set()
    rows = []
    for i in range(count):
        province, polygon = polygons[i % len(polygons)]
        inner = polygon.buffer(-0.08) if polygon.buffer(-0.08).area > 0 else polygon
        west, south, east, north = inner.bounds
        while True:
            lon, lat = rng.uniform(west, east), rng.uniform(south, north)
            if inner.contains(Point(lon, lat)):
                break
        name = _name(rng, used)
        rows.append({
            "place_id": f"syn_{i + 1:05d}", "name_en": name, "name_ja": "", "aliases_en": name, "aliases_ja": "",
            "mention_in_en": "", "mention_in_ja": "", "kind": "city", "country": "LA", "iso3166_2": "", "precision_code": "3",
            "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "geometry_ref": "point", "parent_id": province,
            "source": "synthetic", "notes": "generated for scale tests",
        })
    return rows


def synthetic_plan(commitments: int, places: list[dict[str, str]], seed: int = 11, title: str = "Synthetic Plan") -> str:
    """A plan text with ``commitments`` sentences in numbered sections and paragraphs."""
    rng = random.Random(seed)
    lines = [title, ""]
    per_section, per_paragraph = 40, 2
    written, section = 0, 0
    while written < commitments:
        section += 1
        lines += [f"{section} Cooperation Area {section}", ""]
        sub = 0
        in_section = 0
        while written < commitments and in_section < per_section:
            sub += 1
            lines += [f"({sub}) Programme line {section}.{sub}", ""]
            for _ in range(4):
                sentences = []
                for _ in range(per_paragraph):
                    if written >= commitments:
                        break
                    theme, phrase = rng.choice(_THEME_PHRASES)
                    place = rng.choice(places)["name_en"]
                    year = rng.randint(2025, 2035)
                    past = rng.randint(2010, 2024)
                    y1 = rng.randint(2021, 2028)
                    sentences.append(rng.choice(_TEMPLATES).format(
                        phrase=phrase, place=place, suffix=rng.choice(("", " and neighbouring districts")), year=year,
                        past=past, month=rng.choice(_MONTHS), y1=y1, y2=y1 + rng.randint(2, 5)))
                    written += 1
                    in_section += 1
                if sentences:
                    lines += [" ".join(sentences), ""]
                if written >= commitments or in_section >= per_section:
                    break
    return "\n".join(lines) + "\n"


def _copy_geodata(out: Path, extra: list[dict[str, str]]) -> Path:
    geo = out / "geodata"
    if geo.exists():
        shutil.rmtree(geo)
    shutil.copytree(paths.geodata_dir(), geo, ignore=shutil.ignore_patterns("README.md"))
    if extra:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(GAZETTEER_COLUMNS), lineterminator="\n")
        writer.writerows(extra)
        with open(geo / "gazetteer.csv", "a", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
    return geo


def _manifest_entry(doc_id: str, file: str, title: str, lang: str = "en", translation_of: str | None = None) -> dict[str, Any]:
    return {"id": doc_id, "file": file, "title_en": title, "title_ja": title, "language": lang, "date": "2025",
            "date_precision": "year", "date_basis": "synthetic test data", "publisher": "laomap test generator",
            "translation_of": translation_of}


def write_synthetic_corpus(out: Path, commitments: int = 10_000, places: int = 500, documents: int = 4, seed: int = 3) -> Path:
    """Write documents/ and geodata/ for a synthetic corpus under ``out``; returns ``out``."""
    out = Path(out)
    rows = synthetic_places(places, seed)
    docs_dir = out / "documents"
    docs_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    per_doc = -(-commitments // documents)
    remaining = commitments
    for i in range(documents):
        n = min(per_doc, remaining)
        if n <= 0:
            break
        remaining -= n
        name = f"synthetic-{i + 1:02d}"
        (docs_dir / f"{name}.en.txt").write_text(synthetic_plan(n, rows, seed + i, f"Synthetic Follow-up Plan {i + 1}"), encoding="utf-8")
        entries.append(_manifest_entry(name, f"{name}.en.txt", f"Synthetic Follow-up Plan {i + 1}"))
    (docs_dir / "manifest.json").write_text(json.dumps({"schema": 1, "documents": entries}, indent=1), encoding="utf-8")
    _copy_geodata(out, rows)
    return out


def write_replicated_corpus(out: Path, factor: int) -> Path:
    """The real documents ``factor`` times over, as distinct plans, under ``out``."""
    out = Path(out)
    src = paths.documents_dir()
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))["documents"]
    docs_dir = out / "documents"
    docs_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for copy in range(1, factor + 1):
        for entry in manifest:
            e = dict(entry)
            e["id"] = f"{entry['id']}-{copy}"
            e["file"] = f"{copy}-{entry['file']}"
            if entry.get("translation_of"):
                e["translation_of"] = f"{entry['translation_of']}-{copy}"
            e.pop("sha256", None)
            shutil.copyfile(src / entry["file"], docs_dir / e["file"])
            entries.append(e)
    (docs_dir / "manifest.json").write_text(json.dumps({"schema": 1, "documents": entries}, ensure_ascii=False), encoding="utf-8")
    _copy_geodata(out, [])
    return out


def synthetic_plan_pair(statements: int, places: int = 500, carried: float = 0.3,
                        seed: int = 5) -> tuple[list[Any], dict[str, str], dict[str, str]]:
    """Two synthetic plans of ``statements`` statements each, the later restating a share ``carried`` of the earlier.

    Returns (``carry.StatementText`` items, plan dates, {later id: the earlier id it restates}) for
    the linking benchmark and tests: a restated statement keeps its phrase and place and changes
    its verb and its year.
    """
    from laomap.pipeline.carry import StatementText

    rng = random.Random(seed)
    placed = [t for t in _TEMPLATES if "{place}" in t]  # a restatement keeps its place: it is what tells it apart
    names = [f"{rng.choice(_PREFIXES)} {rng.choice(_SYLLABLES).capitalize()}{rng.choice(_SYLLABLES)}" for _ in range(places)]

    def sentence(theme_phrase: tuple[str, str], place: int) -> tuple[str, int]:
        year = rng.randint(2025, 2035)
        past = rng.randint(2010, 2024)
        y1 = rng.randint(2021, 2028)
        text = rng.choice(placed).format(phrase=theme_phrase[1], place=names[place], suffix="", year=year, past=past,
                                         month=rng.choice(_MONTHS), y1=y1, y2=y1 + 3)
        return text, year

    items, earlier = [], []
    for i in range(statements):
        tp, place = rng.choice(_THEME_PHRASES), rng.randrange(places)
        text, year = sentence(tp, place)
        earlier.append((tp, place))
        items.append(StatementText(f"early:{i + 1}", "early", {"en": text}, (tp[0],), (), (f"syn_{place + 1:05d}",), (year,)))
    restates = {}
    for i in range(statements):
        if rng.random() < carried:
            source = rng.randrange(statements)
            tp, place = earlier[source]
            restates[f"late:{i + 1}"] = f"early:{source + 1}"
        else:
            tp, place = rng.choice(_THEME_PHRASES), rng.randrange(places)
        text, year = sentence(tp, place)
        items.append(StatementText(f"late:{i + 1}", "late", {"en": text}, (tp[0],), (), (f"syn_{place + 1:05d}",), (year,)))
    return items, {"early": "2016", "late": "2021"}, restates
