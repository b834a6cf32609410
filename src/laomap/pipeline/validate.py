"""The dataset's invariants, checked on every build.

- ids are unique;
- every record's text occurs verbatim (modulo whitespace) in its document;
- every paragraph of every document is accounted for, sentence by sentence, as a record or
  as explicitly non-commitment text (context, lead-in), and titles, headings and navigation
  text are listed as such;
- every place has coordinates in range and inside its country (checked when the gazetteer loads);
- every record of a translated document is linked to its twin and back, at the same
  section, paragraph and sentence, with the same kind;
- every row matches its schema (``records.FIELDS``: kinds, themes, roles, ISO dates);
- every link of the plan history joins a later plan's statement to an earlier plan's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError as PydanticError

from laomap.errors import ValidationError
from laomap.pipeline.extract import NON_RECORD_KINDS, split_sentences
from laomap.pipeline.records import commitment_row
from laomap.textnorm import squash

if TYPE_CHECKING:
    from collections.abc import Collection

    import pandas as pd

    from laomap.pipeline.dataset import Dataset
    from laomap.pipeline.documents import Document

def problems(ds: Dataset, only: Collection[str] | None = None) -> list[str]:
    """Every broken invariant, as a readable sentence; empty when the dataset is sound.

    ``only``: the documents added to a dataset that was checked whole when it was built (``pipeline/incremental.py``):
    their rows are checked, the ids and the plan history whole, the rest (and the places) as they were.
    """
    out: list[str] = []
    com = ds.commitments

    dup = com.commitment_id[com.commitment_id.duplicated()].tolist()
    if dup:
        out.append(f"duplicate commitment ids: {dup[:5]}")
    if only is None:
        dup_places = ds.places.place_id[ds.places.place_id.duplicated()].tolist()
        if dup_places:
            out.append(f"duplicate place ids: {dup_places[:5]}")
    others, parsed = ds.non_commitments, ds.parsed
    if only is not None:
        com, others = com[com.document_id.isin(only)], others[others.document_id.isin(only)]
        parsed = {k: v for k, v in parsed.items() if k in only}

    model = commitment_row()
    for row in com.to_dict("records"):
        try:
            model(**{k: row[k] for k in model.model_fields})
        except PydanticError as exc:
            first = exc.errors()[0]
            out.append(f"{row['commitment_id']}: {'.'.join(map(str, first['loc']))}: {first['msg']}")
        if len(row["place_ids"]) != len(row["place_roles"]):
            out.append(f"{row['commitment_id']}: place_ids and place_roles differ in length")
        unknown = [p for p in row["place_ids"] if p not in ds.gazetteer.places]
        if unknown:
            out.append(f"{row['commitment_id']}: links to unknown place(s) {unknown}")

    out += _coverage(com, others, parsed)
    out += _twins(ds, only)
    out += _history(ds)
    return out


def _history(ds: Dataset) -> list[str]:
    """Every link of the plan history joins two known statements, an earlier plan's to a later one's."""
    from laomap.pipeline.carry import KINDS, ORIGINS

    out = []
    known = set(ds.commitments.statement_id)
    for r in ds.carried.itertuples(index=False):
        where = f"plan history link {r.later_id} <- {r.earlier_id}"
        if r.later_id not in known or r.earlier_id not in known:
            out.append(f"{where}: names a statement the dataset does not hold")
        elif r.later_plan == r.earlier_plan or not (ds.documents[r.earlier_plan].date_earliest or ds.documents[r.earlier_plan].date) \
                < (ds.documents[r.later_plan].date_earliest or ds.documents[r.later_plan].date):
            out.append(f"{where}: the earlier statement is not of an earlier plan")
        if r.kind not in KINDS or r.origin not in ORIGINS:
            out.append(f"{where}: kind {r.kind!r} or origin {r.origin!r} is not one of {KINDS} / {ORIGINS}")
    return out


def _coverage(commitments: pd.DataFrame, others: pd.DataFrame, parsed: dict[str, Document]) -> list[str]:
    """Sentence by sentence, each paragraph is rebuilt from its records and non-commitment text.

    Together with the parser's own check that the paragraphs rebuild the document, this
    proves every record's text occurs verbatim (modulo whitespace) in its document.
    """
    out = []
    sentences = others[others.unit == "sentence"]
    bad_kinds = set(sentences.kind) - set(NON_RECORD_KINDS)
    if bad_kinds:
        out.append(f"non-commitment sentences with unknown kind(s) {sorted(bad_kinds)}")
    pieces: dict[str, list[tuple[int, str, str]]] = {}
    for cid, pid, n, text in zip(commitments.commitment_id, commitments.paragraph_id, commitments.sentence, commitments.text):
        pieces.setdefault(pid, []).append((int(n), cid, text))
    for ref, text in zip(sentences.ref, sentences.text):
        pid, _, n = ref.rpartition(".")
        pieces.setdefault(pid, []).append((int(n), ref, text))
    for doc in parsed.values():
        for p in doc.paragraphs:
            found = sorted(pieces.pop(p.paragraph_id, []))
            expected = len(split_sentences(p.text, doc.meta.language))
            numbers = [n for n, _, _ in found]
            if numbers != list(range(1, expected + 1)) and numbers != [1]:
                missing = sorted(set(range(1, expected + 1)) - set(numbers))
                out.append(f"{doc.id} section {p.section_id} paragraph {p.number}: sentence(s) {missing} are not accounted for")
                continue
            whole = squash(p.text)
            for _, ref, text in found:
                if squash(text) not in whole:
                    out.append(f"{ref}: text does not occur verbatim in {doc.id}: {text[:60]!r}")
            if "".join(squash(text) for _, _, text in found) != whole:
                out.append(f"{doc.id} section {p.section_id} paragraph {p.number}: its records and non-commitment text do not add up to the paragraph")
    for pid, rest in pieces.items():
        out.append(f"{rest[0][1]}: belongs to no paragraph of any document ({pid})")
    return out


def _twins(ds: Dataset, only: Collection[str] | None = None) -> list[str]:
    out = []
    com = ds.commitments.set_index("commitment_id")
    for doc_id, meta in ds.documents.items():
        if not meta.translation_of or (only is not None and doc_id not in only):
            continue
        for side in (doc_id, meta.translation_of):
            rows = com[com.document_id == side]
            for cid, row in rows.iterrows():
                twin = row.twin_id
                if not isinstance(twin, str) or twin not in com.index:
                    out.append(f"{cid}: has no {'original' if side == doc_id else 'translation'} twin")
                    continue
                other = com.loc[twin]
                if (other.section, other.paragraph, other.sentence, other.kind) != (row.section, row.paragraph, row.sentence, row.kind):
                    out.append(f"{cid} and its twin {twin} differ in position or kind")
    return out


def check(ds: Dataset, only: Collection[str] | None = None) -> None:
    """Raise ValidationError listing every problem, or return quietly (``only``: see ``problems``)."""
    found = problems(ds, only)
    if found:
        raise ValidationError(found)
