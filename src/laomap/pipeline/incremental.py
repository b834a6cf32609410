"""A review in a second: the dataset with new documents, made from the kept dataset instead of built anew (issue 29).

A full build extracts every plan, reads the gazetteer and links every statement again; adding a one-page press
release changes none of that but the new document's own rows and the plan history. ``with_documents`` takes the
dataset kept for the current inputs (in this process or in the disk cache), extracts only the new documents (and,
when one is a translation of a kept document, that document's family again, since a pair is extracted together),
links them with the kept gazetteer, puts their rows where a full build puts them and links the plan history again
(its weights depend on every statement). The result is the dataset ``build`` would give for the same inputs, row
for row (``tests/test_review_incremental.py`` compares them); when it cannot be sure of that (nothing kept, a kept
dataset that left something out, a warning it cannot place), it returns None and the caller builds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from laomap.errors import LaomapError
from laomap.pipeline import cache as disk_cache
from laomap.pipeline import dataset as _dataset
from laomap.pipeline.carry import carried_columns
from laomap.pipeline.dataset import Dataset, input_fingerprint, load_dataset
from laomap.pipeline.documents import Document, load_document, read_manifest
from laomap.pipeline.records import COMMITMENT_COLUMNS, COMMITMENT_DTYPES
from laomap.pipeline.sources import user_documents, user_places

_LEFT_OUT = ("User data in ", "The documents and places added in ")  # a dataset built without the user's additions


def base_dataset(documents_dir: Path, geodata_dir: Path, user_dir: Path) -> Dataset | None:
    """The dataset of the current inputs, to extend with a new document: the one kept (in this process, else in the disk
    cache), else built and kept for the next review. None if it left something out (a damaged layer, the user's
    additions) or cannot be built: the caller's strict build then says what is wrong."""
    try:
        ds = load_dataset(documents_dir, geodata_dir, user_dir)
    except LaomapError:
        return None
    if ds.gazetteer.degraded or any(w.startswith(_LEFT_OUT) for w in ds.warnings):
        return None
    return ds


def keep(ds: Dataset, documents_dir: Path, geodata_dir: Path, user_dir: Path) -> None:
    """Keep ``ds`` as the dataset of the inputs as they are now (just written by an add): the next page or command
    loads it instead of building it again. ``ds`` must be what ``build`` gives for these inputs."""
    key = input_fingerprint(documents_dir, geodata_dir, user_dir)
    with _dataset._lock:
        _dataset._cache.clear()
        _dataset._cache[key] = ds
    disk_cache.save(key, ds)


def with_documents(kept: Dataset, user_copy: Path, documents_dir: Path, new_ids: Iterable[str]) -> Dataset | None:
    """The dataset of the built-in documents and ``user_copy`` (the user's data with the documents ``new_ids`` added),
    made from ``kept`` (that of the same inputs without them), strict about the user's data as a candidate's build
    is; or None where only a full build can say (the caller then builds)."""
    started = time.perf_counter()
    new = set(new_ids)
    metas = [(m, documents_dir) for m in read_manifest(documents_dir)] + user_documents(user_copy)
    ids = [m.id for m, _ in metas]
    if len(set(ids)) != len(ids) or [i for i in ids if i not in new] != list(kept.documents):
        return None  # not the kept documents plus the new ones: the build says what is wrong
    if {p.place_id for p in user_places(user_copy)} != {p.place_id for p in kept.gazetteer.places.values() if p.user_added}:
        return None
    metas_of = {m.id: (m, d) for m, d in metas}
    root = {i: (m.translation_of or i) for i, (m, _) in metas_of.items()}
    affected = {root[i] for i in new}
    if any(r in metas_of and metas_of[r][0].translation_of for r in affected):
        return None  # a translation of a translation: the build's grouping says what becomes of it
    family = [i for i in ids if root[i] in affected]  # the new documents with every document extracted together with them
    rank = {i: n for n, i in enumerate(ids)}
    family_rank = {i: rank.get(root[i], len(ids)) for i in ids}  # a statement group's place: its original's

    kept_notes = _group_notes(kept, root)
    if kept_notes is None or any(root[i] in affected for i, _ in kept_notes):
        return None  # a warning the kept dataset gives for a document extracted again: only a full build redoes it right
    docs: dict[str, Document] = {i: load_document(*metas_of[i]) for i in family}
    groups, notes = _dataset._groups(docs)
    commitments, sentences, links, dates = _dataset.statement_rows(groups, docs, kept.gazetteer)

    gone = set(family)
    kept_com = kept.commitments[~kept.commitments.document_id.isin(gone)]
    com_rows = _ordered([*_records(kept_com), *commitments], lambda r: family_rank[r["document_id"]])
    com = pd.DataFrame(com_rows, columns=list(COMMITMENT_COLUMNS)).astype(COMMITMENT_DTYPES)
    position = {c: n for n, c in enumerate(com.commitment_id)}
    keep_ids = set(kept_com.commitment_id)

    others = kept.non_commitments[~kept.non_commitments.document_id.isin(gone)]
    is_sentence = (others.unit == "sentence").to_numpy()
    non_commitments = [*_ordered([*_records(others[is_sentence]), *sentences], lambda r: family_rank[r["document_id"]]),
                       *_ordered([*_records(others[~is_sentence]), *_dataset._structural_rows(docs)], lambda r: rank[r["document_id"]])]

    def per_commitment(frame: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
        kept_rows = _records(frame[frame.commitment_id.isin(keep_ids)])
        return pd.DataFrame(_ordered([*kept_rows, *rows], lambda r: position[r["commitment_id"]]), columns=list(frame.columns))

    def per_document(frame: pd.DataFrame, made: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
        rows = _ordered([*_records(frame[~frame.document_id.isin(gone)]), *_records(made)], lambda r: rank[r["document_id"]])
        return pd.DataFrame(rows, columns=list(frame.columns)).astype(dtypes)  # typed as the build types them

    documents = {m.id: m for m, _ in metas}
    method_links, carried, history_notes = _dataset._plan_history(com, documents, user_copy, True)
    com["carried_from"], com["carried_to"] = carried_columns(carried, com.statement_id)
    new_notes = [(_note_root(w, root) or "", w) for w in notes]
    group_notes = [w for _, w in sorted([*kept_notes, *new_notes], key=lambda item: family_rank.get(item[0], len(ids)))]
    ds = Dataset(
        documents=documents,
        parsed={i: docs[i] if i in docs else kept.parsed[i] for i in ids},
        sections=per_document(kept.sections, _dataset._sections_table(docs), {}),
        paragraphs=per_document(kept.paragraphs, _dataset._paragraphs_table(docs, commitments), {"parent": "Int64"}),
        commitments=com,
        non_commitments=pd.DataFrame(non_commitments, columns=list(kept.non_commitments.columns)),
        links=per_commitment(kept.links, links),
        dates=per_commitment(kept.dates, dates),
        places=kept.__dict__["places"],  # as kept: made on first read if the disk cache gave it so
        gazetteer=kept.gazetteer,
        warnings=[*kept.gazetteer.warnings, *group_notes, *history_notes],
        carried=carried,
        method_links=method_links,
    )
    from laomap.pipeline.validate import check

    check(ds, only=set(family))  # the kept documents' rows were checked when the kept dataset was built
    ds.build_seconds = time.perf_counter() - started
    return ds


def _group_notes(kept: Dataset, root: dict[str, str]) -> list[tuple[str, str]] | None:
    """The kept dataset's warnings from extracting translated pairs, each with the original it is about; None if a
    warning is neither the gazetteer's, such a note, nor the plan history's (the dataset then cannot be extended)."""
    head = len(kept.gazetteer.warnings)
    if kept.warnings[:head] != kept.gazetteer.warnings:
        return None
    rest = kept.warnings[head:]
    history = set(_dataset._correction_notes(kept))
    out = []
    for w in rest:
        if w in history:
            continue
        owner = _note_root(w, root)
        if owner is None:
            return None
        out.append((owner, w))
    return out


def _note_root(note: str, root: dict[str, str]) -> str | None:
    """The original document a pair's note is about ('<translation id> section ... kept as one statement.')."""
    doc_id = note.split(" section ", 1)[0]
    return root.get(doc_id) if doc_id in root and root[doc_id] != doc_id else None


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as the build made them (dicts of Python values), so that a frame made of them is typed as the build's."""
    rows: list[dict[str, Any]] = frame.to_dict("records")
    return rows


def _ordered(rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], int]) -> list[dict[str, Any]]:
    """The rows in the order of ``key``, ties in their present order (each block stays in the order it was made)."""
    return sorted(rows, key=key)
