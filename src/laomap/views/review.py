"""What the pipeline found in a newly added document, for the user to check before and after adding it.

``review_document(ds, doc_id)`` summarises one document of a built dataset (usually the
in-memory preview from ``userdata.preview_document``): its structure, its statements by
kind, the places linked with their roles, the dates, and the place-like names the
gazetteer does not know (``candidates``), each with up to three places of the offline
GeoNames index (``Candidate.suggestions``, ranked by the countries the document names).
The CLI prints ``report_text`` (or ``review_json`` with ``--json``); the dashboard's
"Add document" page shows the same ``Review`` as tables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from laomap.i18n import pick, t
from laomap.pipeline.candidates import Candidate, find_candidates, known_names
from laomap.pipeline.extract import RECORD_KINDS
from laomap.pipeline.gazetteer import name_column

if TYPE_CHECKING:
    from laomap.ingest.base import Located
    from laomap.pipeline.dataset import Dataset
    from laomap.pipeline.geonames import Suggestion


@dataclass(frozen=True)
class FoundPlace:
    place_id: str
    name: str
    kind: str
    country: str
    role: str  # the strongest role any statement gives it: partner > site > mention
    statements: int
    user_added: bool


@dataclass(frozen=True)
class FoundDate:
    iso: str
    kind: str
    precision: str
    text: str


@dataclass(frozen=True)
class FoundStatement:
    """One statement the document will add, as the review lists it for the user to check before adding."""

    ref: str  # section:paragraph.sentence
    kind: str
    themes: tuple[str, ...]
    places: tuple[str, ...]  # place ids
    dates: tuple[str, ...]  # ISO
    amounts: tuple[str, ...]  # 'VALUE CODE'
    text: str


@dataclass
class Review:
    doc_id: str
    language: str
    title: str
    sections: int
    paragraphs: int
    layout: str  # the structure found, one of documents.LAYOUTS
    kinds: dict[str, int]  # statements per record kind
    non_commitments: int  # sentences kept as non-statement text (lead-in, heading, caption...)
    places: list[FoundPlace]
    dates: list[FoundDate]
    candidates: list[Candidate]
    unplaced: int  # statements that name no known place
    warnings: list[str] = field(default_factory=list)
    listed: list[FoundStatement] = field(default_factory=list)  # every statement it will add, in document order
    date: str = ""  # the document's date, as it would be stored
    # set by the caller, which knows how they were obtained:
    detected_share: float | None = None  # the language was read from the text: the share of its letters in that script
    proposed_from: str | None = None  # the date was read from this body sentence (no date line): to be confirmed

    @property
    def placed(self) -> int:
        """Statements that will be on the map (they name a known place)."""
        return self.statements - self.unplaced

    @property
    def statements(self) -> int:
        return sum(self.kinds.values())


def review_document(ds: Dataset, doc_id: str, ignored: tuple[str, ...] | list[str] = (), suggest: bool = True,
                    located: tuple[Located, ...] | list[Located] = ()) -> Review:
    """Everything the pipeline found in one document of ``ds``; with ``suggest``, GeoNames places for each unknown name.

    ``located``: names the file gives its own point for (IATI locations); an unknown one becomes a candidate carrying
    that point, so the user can add it where the file puts it (nothing is added without that confirmation).
    """
    doc = ds.parsed[doc_id]
    lang = doc.meta.language
    com = ds.commitments[ds.commitments.document_id == doc_id]
    kinds = Counter(com.kind)
    links = ds.links[ds.links.commitment_id.isin(set(com.commitment_id))]
    rank = {"partner": 0, "site": 1, "mention": 2}
    places = []
    for pid, group in links.groupby("place_id", sort=False):
        place = ds.gazetteer.places[pid]
        role = min(group.role, key=rank.__getitem__)
        places.append(FoundPlace(pid, place.name(lang), place.kind, place.country, role, group.commitment_id.nunique(), place.user_added))
    places.sort(key=lambda p: (-p.statements, rank[p.role], p.name))
    dates = ds.dates[ds.dates.commitment_id.isin(set(com.commitment_id))]
    found_dates = [FoundDate(r.iso, r.kind, r.precision, r.text) for r in dates.drop_duplicates(["iso", "kind", "text"]).itertuples()]
    others = ds.non_commitments
    non = int(((others.document_id == doc_id) & (others.unit == "sentence")).sum())
    texts = [doc.title] + [s.title for s in doc.sections if s.title] + [p.text for p in doc.paragraphs]
    candidates = find_candidates(texts, lang, ds.gazetteer, ignored)
    _with_points(candidates, located, texts, lang, ds, ignored)
    if suggest and candidates:
        from laomap.pipeline import geonames

        context = tuple(dict.fromkeys(p.country for p in places if p.country))
        for c in candidates:
            c.suggestions = geonames.suggest(c.name, context, ds.gazetteer)
    return Review(
        doc_id=doc_id, language=lang, title=doc.meta.title(lang) or doc.title,  # the title it is added under (typed, else its first line)
        date=doc.meta.date, sections=sum(1 for s in doc.sections if s.section_id != "0"),
        paragraphs=len(doc.paragraphs), layout=doc.layout, kinds={k: int(kinds.get(k, 0)) for k in RECORD_KINDS}, non_commitments=non,
        places=places, dates=found_dates, candidates=candidates,
        unplaced=int((com.place_ids.map(len) == 0).sum()),
        warnings=[w for w in ds.warnings if doc_id in w],
        listed=[FoundStatement(f"{r.section}:{r.paragraph}.{r.sentence}", r.kind, tuple(r.themes), tuple(r.place_ids), tuple(r.dates),
                               tuple(getattr(r, "amounts", ())), r.text) for r in com.itertuples()],
    )


def _with_points(candidates: list[Candidate], located: tuple[Located, ...] | list[Located], texts: list[str], lang: str,
                 ds: Dataset, ignored: tuple[str, ...] | list[str]) -> None:
    """Attach each located name the gazetteer does not know to its candidate (made when the text search missed it)."""
    if not located:
        return
    from laomap.textnorm import fold

    known = known_names(ds.gazetteer)
    skip = {fold(n).lower() for n in ignored}
    by_name = {fold(c.name).lower(): c for c in candidates}
    for loc in located:
        key = fold(loc.name).lower()
        words = key.split()
        spans = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
        if spans & known or key in skip:  # 'Luang Prabang old town': the gazetteer's Luang Prabang already places it
            continue
        cand = by_name.get(key)
        if cand is None:
            count = sum(t.count(loc.name) for t in texts)
            cand = Candidate(loc.name, lang, count=max(count, 1), kind=point_kind(loc),
                             contexts=[loc.name])
            candidates.append(cand)
            by_name[key] = cand
        cand.point = loc


def point_kind(point: Located) -> str:
    """The kind of place a file's point stands for: an administrative area (precision 3/4) a province, else a city."""
    return "province" if point.precision in (3, 4) else "city"


def _option(column: str) -> str:
    """The ``laomap add-place`` option that sets a gazetteer column (``name_ja`` -> ``--name-ja``)."""
    return "--" + column.replace("_", "-")


def report_text(review: Review, add_place_hint: bool = True) -> str:
    """The review as plain text for the terminal."""
    r = review
    kinds = ", ".join(f"{k} {n}" for k, n in r.kinds.items() if n) or "none"
    detected = "" if r.detected_share is None else f" (read from the text: {r.detected_share:.0%} of its letters)"
    proposed = "" if r.proposed_from is None else f" (no date line: proposed from the sentence \"{r.proposed_from}\"; to be confirmed)"
    lines = [
        f"{r.doc_id} ({r.language}): {r.title}",
        f"  language: {r.language}{detected}; date: {r.date}{proposed}",
        f"  structure: {t('layout.' + r.layout, 'en')}: {r.sections} sections, {r.paragraphs} paragraphs",
        f"  statements: {r.statements} ({kinds}); {r.non_commitments} sentence(s) kept as non-statement text",
        f"  places found: {len(r.places)}; statements naming no known place: {r.unplaced}",
    ]
    width = max((len(p.place_id) for p in r.places), default=0)
    for p in r.places:
        added = " (added by you)" if p.user_added else ""
        lines.append(f"    {p.place_id:<{width}}  {p.name} [{p.kind}, {p.country or '-'}] {p.role}, {p.statements} statement(s){added}")
    lines.append(f"  dates found: {len(r.dates)}")
    for d in r.dates:
        lines.append(f"    {d.iso:<10} {d.kind:<11} {d.precision:<6} \"{d.text}\"")
    if r.candidates:
        lines.append(f"  place-like names the gazetteer does not know: {len(r.candidates)}")
        for c in r.candidates:
            lines.append(f"    {c.name} ({c.count}x, looks like a {c.kind}): {c.contexts[0]}")
            for s in c.suggestions:
                lines.append(f"      GeoNames {s.geonames_id}: {suggestion_text(s)}")
            if c.point is not None:
                p = c.point
                lines.append(f"      the file places it at {p.lat:.4f}, {p.lon:.4f} (precision {p.precision}): "
                             f"laomap add-place --id {c.suggested_id or 'PLACE_ID'} --name-en '{c.name}' --kind {point_kind(p)} "
                             f"--country LA --lat {p.lat} --lon {p.lon} --precision {p.precision}")
            elif not c.suggestions:
                lines.append("      no place of this name in the offline GeoNames index")
        if add_place_hint:
            c = r.candidates[0]
            pid = c.suggested_id or "PLACE_ID"
            column = name_column(c.lang)  # the name goes where its language files it; add-place always needs an English one
            name = (f"--name-en '{c.name}'" if column == "name_en" else f"--name-en NAME {_option(column)} '{c.name}'")
            with_suggestion = next((x for x in r.candidates if x.suggestions), None)
            lines.append("  To put them on the map, add each one to your gazetteer (the document links to it on the next build):")
            if with_suggestion is not None:
                s = with_suggestion.suggestions[0]
                spelled = f" {_option(name_column(with_suggestion.lang))} '{with_suggestion.name}'"
                lines.append(f"    laomap add-place --geonames {s.geonames_id}{spelled}   (one of the places suggested above)")
            lines += [
                f"    laomap add-place --id {pid} {name} --kind {c.kind} --country LA --lat LAT --lon LON",
                "  or stop suggesting a name with:",
                f"    laomap ignore-name '{c.name}'",
            ]
    else:
        lines.append("  place-like names the gazetteer does not know: none")
    lines.append(f"  the statements it will add ({r.statements}):")
    for x in r.listed:
        facts = " | ".join(part for part in (", ".join(x.themes), ", ".join(x.places), ", ".join(x.dates), ", ".join(x.amounts)) if part)
        lines.append(f"    {x.ref} [{x.kind}] {facts + ': ' if facts else ''}{x.text}")
    for w in r.warnings:
        lines.append(f"  note: {w}")
    return "\n".join(lines)


def suggestion_text(s: Suggestion, lang: str = "en") -> str:
    """'Pakse, LA (Champasak), population 77,900, 15.1202, 105.7990' for a GeoNames suggestion."""
    name = pick({"en": s.name, "ja": s.name_ja}, lang)
    division = pick({"en": s.division, "ja": s.division_ja}, lang)
    where = f"{s.country} ({division})" if division else s.country
    return t("ad.suggestion", lang, name=name, where=where, population=f"{s.population:,}", lat=f"{s.lat:.4f}", lon=f"{s.lon:.4f}",
             id=s.geonames_id)


def review_json(review: Review) -> dict[str, Any]:
    """The whole review as JSON-ready data (``laomap add-document FILE --dry-run --json``; its shape is in the README)."""
    r = review
    return {
        "document": {"id": r.doc_id, "language": r.language, "title": r.title, "layout": r.layout, "date": r.date,
                     "language_detected": r.detected_share is not None, "date_proposed_from": r.proposed_from},
        "structure": {"sections": r.sections, "paragraphs": r.paragraphs},
        "statements": {"total": r.statements, "by_kind": r.kinds, "context_sentences": r.non_commitments, "naming_no_known_place": r.unplaced},
        "places": [{"place_id": p.place_id, "name": p.name, "kind": p.kind, "country": p.country, "role": p.role,
                    "statements": p.statements, "added_by_user": p.user_added} for p in r.places],
        "dates": [{"iso": d.iso, "kind": d.kind, "precision": d.precision, "text": d.text} for d in r.dates],
        "unknown_names": [{"name": c.name, "language": c.lang, "count": c.count, "looks_like": c.kind,
                           "suggested_id": c.suggested_id, "contexts": c.contexts,
                           "candidates": [s.as_dict() for s in c.suggestions],
                           "point": None if c.point is None else {"lat": c.point.lat, "lon": c.point.lon,
                                                                  "precision": c.point.precision, "geonames_id": c.point.geonames_id}} for c in r.candidates],
        "warnings": r.warnings,
        "list": [{"ref": x.ref, "kind": x.kind, "themes": list(x.themes), "places": list(x.places), "dates": list(x.dates),
                  "amounts": list(x.amounts), "text": x.text} for x in r.listed],
    }
