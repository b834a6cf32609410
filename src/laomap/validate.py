"""The dataset's invariants, checked on every build.

- ids are unique;
- every record's text occurs verbatim (modulo whitespace) in its document;
- every paragraph of every document is accounted for, sentence by sentence, as a record or
  as explicitly non-commitment text (context, lead-in), and titles, headings and navigation
  text are listed as such;
- every place has coordinates in range and inside its country (checked when the gazetteer loads);
- every record of a translated document is linked to its twin and back, at the same
  section, paragraph and sentence, with the same kind;
- every row matches its schema (kinds, themes, roles, ISO dates).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, field_validator
from pydantic import ValidationError as PydanticError

from .errors import ValidationError
from .extract import NON_RECORD_KINDS, RECORD_KINDS, split_sentences
from .gazetteer import ROLES
from .textnorm import squash
from .vocabulary import ACTOR_IDS, THEME_IDS

if TYPE_CHECKING:
    from .dataset import Dataset

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4})?$")


class CommitmentRow(BaseModel):
    commitment_id: str
    document_id: str
    language: str
    section: str
    paragraph: int
    sentence: int
    kind: str
    themes: tuple[str, ...]
    actors: tuple[str, ...]
    place_ids: tuple[str, ...]
    place_roles: tuple[str, ...]
    dates: tuple[str, ...]
    text: str

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str) -> str:
        if v not in ("en", "ja"):
            raise ValueError(f"expected en or ja, got {v!r}")
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in RECORD_KINDS:
            raise ValueError(f"expected one of {RECORD_KINDS}, got {v!r}")
        return v

    @field_validator("themes")
    @classmethod
    def _themes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in v if t not in THEME_IDS]
        if unknown:
            raise ValueError(f"unknown theme(s) {unknown}")
        return v

    @field_validator("actors")
    @classmethod
    def _actors(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [a for a in v if a not in ACTOR_IDS + ("japan", "lao_pdr")]
        if unknown:
            raise ValueError(f"unknown actor(s) {unknown}")
        return v

    @field_validator("place_roles")
    @classmethod
    def _roles(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if any(r not in ROLES for r in v):
            raise ValueError(f"roles must be among {ROLES}, got {v}")
        return v

    @field_validator("dates")
    @classmethod
    def _dates(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [d for d in v if not _ISO.match(d)]
        if bad:
            raise ValueError(f"dates must be YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY, got {bad}")
        return v

    @field_validator("paragraph", "sentence")
    @classmethod
    def _positive(cls, v: int) -> int:
        if v < 1:
            raise ValueError("numbers are 1-based")
        return v


def problems(ds: Dataset) -> list[str]:
    """Every broken invariant, as a readable sentence; empty when the dataset is sound."""
    out: list[str] = []
    com = ds.commitments

    dup = com.commitment_id[com.commitment_id.duplicated()].tolist()
    if dup:
        out.append(f"duplicate commitment ids: {dup[:5]}")
    dup_places = ds.places.place_id[ds.places.place_id.duplicated()].tolist()
    if dup_places:
        out.append(f"duplicate place ids: {dup_places[:5]}")

    for row in com.to_dict("records"):
        try:
            CommitmentRow(**{k: row[k] for k in CommitmentRow.model_fields})
        except PydanticError as exc:
            first = exc.errors()[0]
            out.append(f"{row['commitment_id']}: {'.'.join(map(str, first['loc']))}: {first['msg']}")
        if len(row["place_ids"]) != len(row["place_roles"]):
            out.append(f"{row['commitment_id']}: place_ids and place_roles differ in length")
        unknown = [p for p in row["place_ids"] if p not in ds.gazetteer.places]
        if unknown:
            out.append(f"{row['commitment_id']}: links to unknown place(s) {unknown}")

    source = {doc_id: squash(doc.raw_text) for doc_id, doc in ds.parsed.items()}
    for row in com[["commitment_id", "document_id", "text"]].itertuples(index=False):
        if squash(row.text) not in source.get(row.document_id, ""):
            out.append(f"{row.commitment_id}: text does not occur verbatim in {row.document_id}: {row.text[:60]!r}")

    out += _coverage(ds)
    out += _twins(ds)
    return out


def _coverage(ds: Dataset) -> list[str]:
    out = []
    records = set(ds.commitments.commitment_id)
    others = ds.non_commitments
    non_records = set(others.ref[others.unit == "sentence"])
    bad_kinds = set(others.kind[others.unit == "sentence"]) - set(NON_RECORD_KINDS)
    if bad_kinds:
        out.append(f"non-commitment sentences with unknown kind(s) {sorted(bad_kinds)}")
    for doc in ds.parsed.values():
        for p in doc.paragraphs:
            ids = {f"{p.document_id}:{p.section_id}:{p.number}.{i}" for i in range(1, 1 + len(split_sentences(p.text, doc.meta.language)))}
            mine = ds.commitments[ds.commitments.paragraph_id == p.paragraph_id]
            pieces = list(zip(mine.sentence, mine.text))
            theirs = others[others.ref.str.startswith(f"{p.paragraph_id}.")]
            pieces += [(int(ref.rsplit(".", 1)[1]), text) for ref, text in zip(theirs.ref, theirs.text)]
            texts = [text for _, text in sorted(pieces)]
            accounted = {i for i in ids if i in records or i in non_records}
            whole = f"{p.paragraph_id}.1" in records | non_records
            if accounted != ids and not whole:
                missing = sorted(ids - accounted)
                out.append(f"{doc.id} section {p.section_id} paragraph {p.number}: sentence(s) {missing} are not accounted for")
            elif squash("".join(texts)) != squash(p.text):
                out.append(f"{doc.id} section {p.section_id} paragraph {p.number}: its records and non-commitment text do not add up to the paragraph")
    return out


def _twins(ds: Dataset) -> list[str]:
    out = []
    com = ds.commitments.set_index("commitment_id")
    for doc_id, meta in ds.documents.items():
        if not meta.translation_of:
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


def check(ds: Dataset) -> None:
    """Raise ValidationError listing every problem, or return quietly."""
    found = problems(ds)
    if found:
        raise ValidationError(found)
