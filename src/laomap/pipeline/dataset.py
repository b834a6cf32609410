"""Build, validate and load the commitments dataset: the one entry point every view uses.

documents/ + geodata/ (+ the user's added documents and places) -> ``Dataset``: tables of
sections, paragraphs, commitments, place links and dates, and the places as a
GeoDataFrame. ``load_dataset()`` builds once per process and input state and caches it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from laomap import paths
from laomap.errors import DocumentError, LaomapError
from laomap.pipeline import cache as disk_cache
from laomap.pipeline import shipped
from laomap.pipeline.carry import LINK_COLUMNS, apply_corrections, carried_columns, empty_links, link_statements, statement_texts
from laomap.pipeline.dates import find_dates
from laomap.pipeline.documents import Document, DocumentMeta, align, load_document, read_manifest
from laomap.pipeline.extract import (
    ACTOR_ORDER,
    RECORD_KINDS,
    THEME_ORDER,
    Statement,
    clause_themes,
    extract,
    extract_pair,
    pair_places_with_themes,
    union_ordered,
)
from laomap.pipeline.gazetteer import Gazetteer, PlaceLink
from laomap.pipeline.gazetteer_files import load_gazetteer
from laomap.pipeline.later import MadeOnUse
from laomap.pipeline.records import COMMITMENT_COLUMNS, COMMITMENT_DTYPES, statement_values
from laomap.pipeline.sources import CARRIED, has_user_data, user_corrections, user_documents, user_places

if TYPE_CHECKING:
    import geopandas as gpd

T = TypeVar("T")
_MISSING = object()
_derive_lock = threading.Lock()


class Recent:
    """The ``size`` most recently used results, thread-safe: for values per filter, which are unbounded in number."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        value = make()  # outside the lock: a slow make (a deck) must not hold up other keys
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Dataset:
    documents: dict[str, DocumentMeta]
    parsed: dict[str, Document]
    sections: pd.DataFrame
    paragraphs: pd.DataFrame
    commitments: pd.DataFrame
    non_commitments: pd.DataFrame
    links: pd.DataFrame
    dates: pd.DataFrame
    places: gpd.GeoDataFrame  # the disk cache gives it and the tables as ``Later``: made on first read (``MadeOnUse``)
    gazetteer: Gazetteer
    warnings: list[str] = field(default_factory=list)
    # The plan history: which statements of a later plan carry on which of an earlier one
    # (carry.LINK_COLUMNS; the user's corrections applied). Also as the commitments' carried_from / carried_to.
    carried: pd.DataFrame = field(default_factory=empty_links)
    # the method's links before the user's corrections: a correction is applied to them again (``with_corrections``)
    # without building the rest anew
    method_links: pd.DataFrame = field(default_factory=empty_links)
    build_seconds: float = 0.0
    # Tables derived from the (never modified) tables above, made once per dataset on first use:
    # every filter change needs them, and at 10,000 statements they cost more than the rest of a rerun.
    derived: dict[tuple[Any, ...], object] = field(default_factory=dict, repr=False, compare=False)

    def derive(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """``make()`` once per dataset and ``key``; later calls return the same object (treat it as read-only).

        The one cache of everything computed from a dataset: it lives and dies with the
        dataset, so a rebuilt dataset never sees an old table (no ``id()`` keys anywhere).
        """
        hit = self.derived.get(key, _MISSING)
        if hit is _MISSING:
            hit = make()
            with _derive_lock:
                hit = self.derived.setdefault(key, hit)
        return hit  # type: ignore[return-value]

    def recent(self, name: str, size: int) -> Recent:
        """A bounded cache of this dataset's ``name`` (per-filter selections, files made for download...)."""
        return self.derive(("recent", name), lambda: Recent(size))

    def counts(self) -> pd.DataFrame:
        """Sections, paragraphs, commitments, linked places and dates per document."""
        rows = []
        for doc_id, meta in self.documents.items():
            com = self.commitments[self.commitments.document_id == doc_id]
            ids = set(com.commitment_id)
            rows.append({
                "document_id": doc_id,
                "language": meta.language,
                "sections": int((self.sections.document_id == doc_id).sum()),
                "paragraphs": int((self.paragraphs.document_id == doc_id).sum()),
                "commitments": len(com),
                **{kind: int((com.kind == kind).sum()) for kind in RECORD_KINDS},
                "non_commitment_sentences": int(((self.non_commitments.document_id == doc_id) & (self.non_commitments.unit == "sentence")).sum()),
                "places": self.links[self.links.commitment_id.isin(ids)].place_id.nunique(),
                "place_links": int(self.links.commitment_id.isin(ids).sum()),
                "dates": int(self.dates.commitment_id.isin(ids).sum()),
            })
        return pd.DataFrame(rows)


for _made_on_use in ("places", "sections", "paragraphs", "commitments", "non_commitments", "links", "dates", "carried",
                     "method_links"):
    MadeOnUse.install(Dataset, _made_on_use)  # the disk cache gives these as ``Later``: made on first read

# --------------------------------------------------------------------------- building


def _groups(docs: dict[str, Document]) -> tuple[list[list[Statement]], list[str]]:
    """Statements grouped with their translations: each group is one statement in 1..n languages."""
    warnings: list[str] = []
    translations: dict[str, list[str]] = {}
    for doc in docs.values():
        if doc.meta.translation_of:
            if doc.meta.translation_of not in docs:
                raise DocumentError.of("err.translation_of_missing", id=doc.id, original=doc.meta.translation_of)
            translations.setdefault(doc.meta.translation_of, []).append(doc.id)
    groups: list[list[Statement]] = []
    for doc in docs.values():
        if doc.meta.translation_of:
            continue
        if doc.id not in translations:
            groups += [[s] for s in extract(doc)]
            continue
        per_statement: dict[str, list[Statement]] = {}
        for tid in translations[doc.id]:
            align(doc, docs[tid])
            original, translated, notes = extract_pair(doc, docs[tid])
            warnings += notes
            for a, b in zip(original, translated):
                members = per_statement.setdefault(a.id, [a])
                members.append(b)
                shared_themes = union_ordered(*(m.themes for m in members), order=THEME_ORDER)
                shared_actors = union_ordered(*(m.actors for m in members), order=ACTOR_ORDER)
                for m in members:
                    m.themes, m.actors, m.kind = list(shared_themes), list(shared_actors), members[0].kind
        groups += list(per_statement.values())
    return groups, warnings


def build(documents_dir: Path | None = None, geodata_dir: Path | None = None, user_dir: Path | None = None,
          validate: bool = True, strict_user_data: bool = False, strict_geodata: bool = True,
          gazetteer: Gazetteer | None = None) -> Dataset:
    """Build the dataset from scratch; raise a LaomapError subclass with a readable message on bad input.

    Unless ``strict_user_data``, the user's additions never take the built-in data down with
    them: if the build fails with them (a damaged added document, a missing file, a
    translation that no longer aligns), it is built again without them and says why in
    ``Dataset.warnings``.

    ``gazetteer``: the gazetteer these geodata and the user's places make, already read and checked (``incremental.kept_dataset``:
    a review adds a document, not a place, and reading the gazetteer is a fifth of a build).
    """
    documents_dir = Path(documents_dir or paths.documents_dir())
    geodata_dir = Path(geodata_dir or paths.geodata_dir())
    user_dir = Path(user_dir or paths.user_data_dir())
    try:
        return _build(documents_dir, geodata_dir, user_dir, validate, strict_user_data, strict_geodata, gazetteer=gazetteer)
    except LaomapError as exc:
        if strict_user_data or not has_user_data(user_dir):
            raise
        dataset = _build(documents_dir, geodata_dir, user_dir, validate, strict_user_data, strict_geodata, with_user=False)
        dataset.warnings.insert(0, f"The documents and places added in {user_dir} were left out: {exc}")
        return dataset


def _build(documents_dir: Path, geodata_dir: Path, user_dir: Path, validate: bool, strict_user_data: bool,
           strict_geodata: bool, with_user: bool = True, gazetteer: Gazetteer | None = None) -> Dataset:
    started = time.perf_counter()

    metas = [(m, documents_dir) for m in read_manifest(documents_dir)]
    warnings: list[str] = []
    extra_places = []
    if with_user and os.path.lexists(user_dir) and not user_dir.is_dir():  # a file, or a link that loops or leads nowhere
        warnings.append(f"The user data directory {user_dir} is not a folder (a file, or a link that loops or leads nowhere): "
                        "no added documents or places are read from it, and nothing can be added there. Point LAOMAP_DATA_DIR "
                        "at a folder.")
    try:  # a damaged user manifest or gazetteer costs the user's additions, not the app
        if with_user:
            added, extra = user_documents(user_dir), user_places(user_dir)
            metas, extra_places = metas + added, extra
    except LaomapError as exc:
        if strict_user_data:
            raise
        warnings.append(f"User data in {user_dir} was skipped: {exc}")
    if gazetteer is None or {p.place_id for p in gazetteer.places.values() if p.user_added} != {p.place_id for p in extra_places}:
        gazetteer = load_gazetteer(geodata_dir, extra_places, strict=strict_geodata)  # not given, or not of these places
    assert gazetteer is not None
    warnings += gazetteer.warnings

    ids = [m.id for m, _ in metas]
    duplicate = {i for i in ids if ids.count(i) > 1}
    if duplicate:
        raise DocumentError.of("err.duplicate_document_ids", ids=", ".join(sorted(duplicate)))
    docs = {m.id: load_document(m, d) for m, d in metas}
    groups, notes = _groups(docs)
    warnings += notes

    commitments, non_commitments, links, dates = statement_rows(groups, docs, gazetteer)
    non_commitments += _structural_rows(docs)
    commitments_frame = pd.DataFrame(commitments, columns=list(COMMITMENT_COLUMNS)).astype(COMMITMENT_DTYPES)
    method_links, carried, notes = _plan_history(commitments_frame, {m.id: m for m, _ in metas}, user_dir if with_user else None,
                                                 strict_user_data)
    warnings += notes
    commitments_frame["carried_from"], commitments_frame["carried_to"] = carried_columns(carried, commitments_frame.statement_id)
    dataset = Dataset(
        documents={m.id: m for m, _ in metas},
        parsed=docs,
        sections=_sections_table(docs),
        paragraphs=_paragraphs_table(docs, commitments),
        commitments=commitments_frame,
        non_commitments=pd.DataFrame(non_commitments, columns=["document_id", "unit", "ref", "kind", "text"]),
        links=pd.DataFrame(links, columns=["commitment_id", "place_id", "role", "text", "via_translation", "via_lead_in"]),
        dates=pd.DataFrame(dates, columns=["commitment_id", "iso", "precision", "kind", "derived", "text", "note", "year_start", "year_end"]),
        places=places_frame(gazetteer),
        gazetteer=gazetteer,
        warnings=warnings,
        carried=carried,
        method_links=method_links,
    )
    if validate:
        from laomap.pipeline.validate import check

        check(dataset)
    dataset.build_seconds = time.perf_counter() - started
    return dataset


def statement_rows(groups: list[list[Statement]], docs: dict[str, Document], gazetteer: Gazetteer
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows (commitments, non-commitment sentences, place links, dates) of statement groups (``_groups``), in order.

    One group's rows depend only on its documents and the gazetteer: a review makes only the new document's
    (``pipeline/incremental.py``).
    """
    commitments: list[dict[str, Any]] = []
    non_commitments: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    lead_ins: dict[tuple[str, str, int], list[str]] = {}  # (document, section, paragraph) -> sites its lead-in names
    for group in groups:
        if not group[0].is_record:
            for s in group:
                non_commitments.append(_non_record_row(s, docs))
            if _introduces_list(group[0]):
                sites = [link.place_id for link in _group_links(group, docs, gazetteer)[group[0].id] if link.role == "site"]
                lead_ins[(group[0].document_id, group[0].section_id, group[0].paragraph)] = sites
            continue
        group_links = _group_links(group, docs, gazetteer)
        if _introduces_list(group[0]):
            lead_ins[(group[0].document_id, group[0].section_id, group[0].paragraph)] = [
                link.place_id for link in group_links[group[0].id] if link.role == "site"]
        inherited = _inherit_lead_in_sites(group, group_links, docs, lead_ins)
        group_dates = _shared_dates(group, docs)
        years = [y for ds in group_dates.values() for d in ds for y in d.years]
        paired = _place_themes(group, group_links)
        for s in group:
            twin = next((t.id for t in group if t is not s), None)
            own = group_links[s.id]
            commitments.append({
                **statement_values(s),  # the fields the parser found (records.FIELDS, from_statement)
                "commitment_id": s.id,
                "statement_id": group[0].id,
                "twin_id": twin,
                "section": s.section_id,
                "section_title": docs[s.document_id].section(s.section_id).title,
                "paragraph_id": f"{s.document_id}:{s.section_id}:{s.paragraph}",
                "place_ids": tuple(link.place_id for link in own),
                "place_roles": tuple(link.role for link in own),
                "place_themes": tuple(paired.get(link.place_id, tuple(s.themes)) for link in own),
                "dates": tuple(d.iso for d in group_dates[s.id]),
                "year_min": min(years) if years else None,
                "year_max": max(years) if years else None,
            })
            links += [{"commitment_id": s.id, "place_id": link.place_id, "role": link.role, "text": link.text,
                       "via_translation": not link.text and link.place_id not in inherited,
                       "via_lead_in": link.place_id in inherited} for link in own]
            dates += [{"commitment_id": s.id, "iso": d.iso, "precision": d.precision, "kind": d.kind, "derived": d.derived,
                       "text": d.text, "note": d.note, "year_start": d.years[0], "year_end": d.years[1]}
                      for d in group_dates[s.id]]

    return commitments, non_commitments, links, dates


def _plan_history(commitments: pd.DataFrame, metas: dict[str, DocumentMeta], user_dir: Path | None,
                  strict_user_data: bool) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The links between the plans' statements (``carry``): (the method's, with the user's corrections applied, notes)."""
    plan_of = {d: (m.translation_of or d) for d, m in metas.items()}
    dates = {d: plan_date(m) for d, m in metas.items() if not m.translation_of}
    method = link_statements(statement_texts(commitments, plan_of), dates)[list(LINK_COLUMNS)]
    links, warnings = _corrected(method, commitments, dates, user_dir, strict_user_data)
    return method, links, warnings


CORRECTIONS_LEFT_OUT = "Your corrections of the plan history were left out"


def _corrected(links: pd.DataFrame, commitments: pd.DataFrame, dates: dict[str, str], user_dir: Path | None,
               strict_user_data: bool) -> tuple[pd.DataFrame, list[str]]:
    """The method's links with the user's corrections (carried.csv) applied, and what could not be applied."""
    warnings: list[str] = []
    corrections = []
    if user_dir is not None:
        try:
            corrections = user_corrections(user_dir)
        except LaomapError as exc:
            if strict_user_data:
                raise
            warnings.append(f"{CORRECTIONS_LEFT_OUT}: {exc}")
    statement_plan = dict(zip(commitments.statement_id, commitments.statement_id.str.split(":").str[0]))
    links, notes = apply_corrections(links, corrections, statement_plan, dates)
    return links[list(LINK_COLUMNS)], warnings + notes


def with_corrections(ds: Dataset, user_dir: Path, strict_user_data: bool = False) -> Dataset:
    """The dataset with the user's corrections of the plan history read again, the rest kept (a correction settles in
    well under a second instead of a full build). The method's links are those ``ds`` was built with."""
    dates = {d: plan_date(m) for d, m in ds.documents.items() if not m.translation_of}
    links, notes = _corrected(ds.method_links, ds.commitments, dates, user_dir, strict_user_data)
    commitments = ds.commitments.copy()
    commitments["carried_from"], commitments["carried_to"] = carried_columns(links, commitments.statement_id)
    old_notes = set(_correction_notes(ds))
    warnings = [w for w in ds.warnings if w not in old_notes] + notes
    return dataclasses.replace(ds, commitments=commitments, carried=links, warnings=warnings, derived={})


def only_correction_notes(ds: Dataset) -> bool:
    """Whether every warning of ``ds`` is about the user's corrections (nothing else was left out of it)."""
    return len(_correction_notes(ds)) == len(ds.warnings)


def _correction_notes(ds: Dataset) -> list[str]:
    """The warnings of ``ds`` about the user's corrections (they are made again with the corrections)."""
    return [w for w in ds.warnings if w.startswith((CORRECTIONS_LEFT_OUT, "A correction "))]


def _only_corrections_differ(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Whether two input keys differ in the user's corrections file alone (every other input the same)."""
    if a[:3] != b[:3] or a[3][:-1] != b[3][:-1]:
        return False
    return [x for x in a[3][-1] if x[0] != CARRIED] == [x for x in b[3][-1] if x[0] != CARRIED]


def plan_date(meta: DocumentMeta) -> str:
    """The date a plan is ordered by in its history: the earliest it can be (an undated plan's inferred date)."""
    return meta.date_earliest or meta.date


_LIST_INTRO = re.compile(r"(?:\b(?:the following|as follows|listed below|outlined below)\b[^.]{0,80}[.:]|[:：])\s*$|(?:以下|次)の", re.I)


def _introduces_list(s: Statement) -> bool:
    """A sentence that introduces the list below it (a lead-in, or a commitment ending 'in the following programs.')."""
    return s.kind == "lead-in" or bool(_LIST_INTRO.search(s.text))


def _inherit_lead_in_sites(group: list[Statement], group_links: dict[str, list[PlaceLink]], docs: dict[str, Document],
                           lead_ins: dict[tuple[str, str, int], list[str]]) -> set[str]:
    """A list item that names no site of its own takes the sites of the lead-in that introduces it.

    ("... in the capital city of Vientiane and regional cities, ... will jointly engage in the following
    programs." - "Develop public transportation ... in the capital."). Returns the place ids so added.
    """
    first = group[0]
    paragraph = docs[first.document_id].section(first.section_id).paragraphs[first.paragraph - 1]
    if paragraph.level == 0 or paragraph.parent is None:
        return set()
    sites = lead_ins.get((first.document_id, first.section_id, paragraph.parent), [])
    if not sites or any(link.role == "site" for link in group_links[first.id]):
        return set()
    added = set()
    for s in group:
        have = {link.place_id for link in group_links[s.id]}
        for pid in sites:
            if pid not in have:
                group_links[s.id].append(PlaceLink(pid, "site", ""))
                added.add(pid)
    return added


# The documents' languages by their English names (i18n.LANGUAGE_NAMES has each in its own), for the note of a date
# one language states for the other: data, so a third language is one entry (an unknown code is printed as it is).
LANGUAGE_NAMES_EN = {"en": "English", "ja": "Japanese", "lo": "Lao"}


def _shared_dates(group: list[Statement], docs: dict[str, Document]) -> dict[str, list[Any]]:
    """Each record's dates, and those its twins state in the other language (text empty, note says whence).

    An English and a Japanese statement share their dates as they share their places: the Japanese
    ５か年計画 of the Action Plan's 2(1) is the 2021-2025 its English twin writes out.
    """
    own = {s.id: find_dates(s.text, s.language, docs[s.document_id].meta.year, _anchor_date(docs[s.document_id].meta))
           for s in group}
    if len(group) == 1:
        return own
    out = {}
    for s in group:
        mine = list(own[s.id])
        seen = {(d.iso, d.kind) for d in mine}
        for other in group:
            if other is s:
                continue
            for d in own[other.id]:
                if (d.iso, d.kind) not in seen:
                    seen.add((d.iso, d.kind))
                    note = f"stated in the {LANGUAGE_NAMES_EN.get(other.language, other.language)} text ({d.text})"
                    mine.append(replace(d, text="", start=0, end=0, derived=True, note=note))
        out[s.id] = mine
    return out


def _anchor_date(meta: DocumentMeta) -> str:
    """The date that dates written without a year are read against: the earliest the document can be.

    An undated plan inferred from its content (the Action Plan: 2021, not before 2020-11-15) was
    written around its earliest date, so "this 75th anniversary of the UN" there is 2020's.
    """
    return meta.date_earliest or meta.date


def _group_links(group: list[Statement], docs: dict[str, Document], gazetteer: Gazetteer) -> dict[str, list[PlaceLink]]:
    """Place links shared by a statement and its translations (the union, then resolved once)."""
    raw = {s.id: gazetteer.match(s.text, s.language) for s in group}
    resolved = gazetteer.resolve([link for links in raw.values() for link in links])
    out = {}
    for s in group:
        own: dict[str, PlaceLink] = {}
        for link in raw[s.id]:
            own.setdefault(link.place_id, link)
        out[s.id] = [
            PlaceLink(r.place_id, r.role, own[r.place_id].text, own[r.place_id].start, own[r.place_id].end)
            if r.place_id in own else PlaceLink(r.place_id, r.role, "")
            for r in resolved
        ]
    return out


def _place_themes(group: list[Statement], group_links: dict[str, list[PlaceLink]]) -> dict[str, tuple[str, ...]]:
    """Place id -> the themes it counts for in this statement (clause-level pairing, ``extract.pair_places_with_themes``).

    The clauses are read in the original's text (its wording decides, as it decides the kind);
    the translations share the pairing, as they share the places.
    """
    per_language = []
    for s in group[:1]:
        links = [link for link in group_links[s.id] if link.text and link.start >= 0]
        found = clause_themes(s.text, s.language, [link.start for link in links])
        per_language.append({link.place_id: th for link, th in zip(links, found) if th})
    ids = list(dict.fromkeys(link.place_id for links in group_links.values() for link in links))
    return dict(zip(ids, pair_places_with_themes(list(group[0].themes), per_language, ids)))


def _non_record_row(s: Statement, docs: dict[str, Document]) -> dict[str, Any]:
    return {"document_id": s.document_id, "unit": "sentence", "ref": s.id, "kind": s.kind, "text": s.text}


def _structural_rows(docs: dict[str, Document]) -> list[dict[str, Any]]:
    """Titles, date lines, headings and navigation text: accounted for, never commitments."""
    rows = []
    for doc in docs.values():
        rows.append({"document_id": doc.id, "unit": "title", "ref": f"{doc.id}:title", "kind": "title", "text": doc.title})
        if doc.date_line:
            rows.append({"document_id": doc.id, "unit": "date", "ref": f"{doc.id}:date", "kind": "date", "text": doc.date_line})
        for s in doc.sections:
            if s.section_id != "0" and s.title:  # a document with no headings has one untitled section
                rows.append({"document_id": doc.id, "unit": "heading", "ref": f"{doc.id}:{s.section_id}", "kind": "heading", "text": s.title})
        for i, text in enumerate(doc.boilerplate, 1):
            rows.append({"document_id": doc.id, "unit": "boilerplate", "ref": f"{doc.id}:boilerplate{i}", "kind": "boilerplate", "text": text})
    return rows


def _sections_table(docs: dict[str, Document]) -> pd.DataFrame:
    rows = [{"document_id": d.id, "section_id": s.section_id, "label": s.label, "title": s.title, "level": s.level,
             "parent_id": s.parent_id, "line": s.line, "paragraphs": len(s.paragraphs)}
            for d in docs.values() for s in d.sections]
    return pd.DataFrame(rows, columns=["document_id", "section_id", "label", "title", "level", "parent_id", "line", "paragraphs"])


def _paragraphs_table(docs: dict[str, Document], commitments: list[dict[str, Any]]) -> pd.DataFrame:
    per_paragraph: dict[str, int] = {}
    for c in commitments:
        per_paragraph[c["paragraph_id"]] = per_paragraph.get(c["paragraph_id"], 0) + 1
    rows = [{"paragraph_id": p.paragraph_id, "document_id": p.document_id, "section_id": p.section_id, "number": p.number,
             "level": p.level, "parent": p.parent, "line": p.line, "records": per_paragraph.get(p.paragraph_id, 0), "text": p.text}
            for d in docs.values() for p in d.paragraphs]
    return pd.DataFrame(rows, columns=["paragraph_id", "document_id", "section_id", "number", "level", "parent", "line", "records", "text"]).astype({"parent": "Int64"})


def places_frame(gazetteer: Gazetteer) -> gpd.GeoDataFrame:
    import geopandas as gpd

    rows = []
    for p in gazetteer.places.values():
        rows.append({
            "place_id": p.place_id, "name_en": p.name_en, "name_ja": p.name_ja, "kind": p.kind, "country": p.country,
            "iso3166_2": p.iso3166_2, "precision_code": p.precision_code, "lat": p.lat, "lon": p.lon,
            "parent_id": p.parent_id, "lao_province": gazetteer.lao_province_of(p.place_id) or "",
            "aliases_en": ";".join(p.aliases_en), "aliases_ja": ";".join(p.aliases_ja), "user_added": p.user_added,
            "geometry": gazetteer.geometry(p.place_id),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


# --------------------------------------------------------------------------- loading (cached)

_cache: dict[tuple[Any, ...], Dataset] = {}
_lock = threading.Lock()
DISK_CACHE_KEEP = disk_cache.KEEP


def input_fingerprint(documents_dir: Path | None = None, geodata_dir: Path | None = None, user_dir: Path | None = None) -> tuple[Any, ...]:
    """A key that changes whenever any input file's content changes (``cache.content_key``: digests, memoised per file)."""
    d = Path(documents_dir or paths.documents_dir())
    g = Path(geodata_dir or paths.geodata_dir())
    u = Path(user_dir or paths.user_data_dir())
    return (str(d), str(g), str(u), disk_cache.content_key(d, g, u))


def load_dataset(documents_dir: Path | None = None, geodata_dir: Path | None = None, user_dir: Path | None = None,
                 *, strict_geodata: bool = False) -> Dataset:
    """The dataset for the current inputs, built once per process and input state (and kept on disk, ``cache``).

    Lenient about geometry layers (a corrupt Mekong file costs the river, not the app: see
    ``Dataset.warnings``); ``build()`` and ``laomap validate`` stay strict, and so does this with
    ``strict_geodata`` (the command line: a kept dataset that left a layer out is built again, strictly,
    which says what is wrong). A dataset from the disk cache makes its geometries on first use.
    """
    key = input_fingerprint(documents_dir, geodata_dir, user_dir)
    d, g, u = (Path(x) for x in key[:3])
    with _lock:
        if key not in _cache:
            before = next(iter(_cache.items()), None)
            _cache.clear()
            kept = disk_cache.load(key)
            if kept is None:
                kept = shipped.load(key)  # bin/setup's build of the built-in data (when the user has added nothing)
            ds = Dataset(**kept) if kept is not None else None
            if ds is None and before is not None and _only_corrections_differ(before[0], key):
                _cache[key] = with_corrections(before[1], u)  # a correction: not kept on disk (a restart builds it)
                return _cache[key]
            if ds is None:
                ds = build(d, g, u, strict_geodata=strict_geodata)
                refused = disk_cache.save(key, ds)
                if refused:
                    ds.warnings.append(refused)
            _cache[key] = ds
        ds = _cache[key]
    if strict_geodata and ds.gazetteer.degraded:
        return build(d, g, u, strict_geodata=True)  # raises the GazetteerError that names the damaged file
    return ds
