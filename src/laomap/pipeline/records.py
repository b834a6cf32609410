"""The statement record, declared once: every field of ``Dataset.commitments`` with its type, export, table and check.

The record used to be written out five times (the dataset's columns and its row dict, the
validation model, the CSV/GeoJSON columns, the Statements table's columns), so one new field
touched eight files. Now the dataset's columns (``COMMITMENT_COLUMNS``), the validation model
(``CommitmentRow``), the export columns (``CSV_COLUMNS``, also the GeoJSON properties) and the
Statements table's columns (``TABLE_COLUMNS``) are read from ``FIELDS``. A new field is its
parser (an attribute of ``extract.Statement``), one ``Field`` here and its label in the catalogs.

The order of ``FIELDS`` is the order of the CSV export (the public format) and of the dataset's
columns; the Statements table shows its columns in the same order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd

from laomap.pipeline.amounts import CURRENCIES
from laomap.pipeline.amounts import is_record as is_amount
from laomap.pipeline.extract import RECORD_KINDS, Statement
from laomap.pipeline.gazetteer import ROLES
from laomap.pipeline.vocabulary import ACTOR_IDS, THEME_IDS

if TYPE_CHECKING:
    from pydantic import BaseModel

    from laomap.pipeline.dataset import Dataset

Row = Mapping[str, Any]

LANGUAGES = ("en", "ja")  # the languages a statement's text can be in
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")


# ----------------------------------------------------------------------------- checks (value -> value, or ValueError)

def _language(v: str) -> str:
    if v not in LANGUAGES:
        raise ValueError(f"expected {' or '.join(LANGUAGES)}, got {v!r}")
    return v


def _kind(v: str) -> str:
    if v not in RECORD_KINDS:
        raise ValueError(f"expected one of {RECORD_KINDS}, got {v!r}")
    return v


def _themes(v: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [t for t in v if t not in THEME_IDS]
    if unknown:
        raise ValueError(f"unknown theme(s) {unknown}")
    return v


def _actors(v: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [a for a in v if a not in (*ACTOR_IDS, "japan", "lao_pdr")]
    if unknown:
        raise ValueError(f"unknown actor(s) {unknown}")
    return v


def _roles(v: tuple[str, ...]) -> tuple[str, ...]:
    if any(r not in ROLES for r in v):
        raise ValueError(f"roles must be among {ROLES}, got {v}")
    return v


def _iso_dates(v: tuple[str, ...]) -> tuple[str, ...]:
    bad = [d for d in v if not _ISO.match(d)]
    if bad:
        raise ValueError(f"dates must be YYYY, YYYY-MM, YYYY-MM-DD, YYYY/YYYY or YYYY-MM-DD/YYYY-MM-DD, got {bad}")
    return v


def _amounts(v: tuple[str, ...]) -> tuple[str, ...]:
    bad = [a for a in v if not is_amount(a)]
    if bad:
        raise ValueError(f"amounts must be 'VALUE CODE' with CODE one of {CURRENCIES}, got {bad}")
    return v


def _positive(v: int) -> int:
    if v < 1:
        raise ValueError("numbers are 1-based")
    return v


# ----------------------------------------------------------------------------- export cells

def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | tuple | list) and bool(pd.isna(value)))


def _place_names(ds: Dataset, row: Row) -> str:
    return ";".join(ds.gazetteer.places[p].name(row["language"]) for p in row["place_ids"])


@dataclass(frozen=True)
class Field:
    """One field of a statement record.

    ``type``: its Python type (what the check expects). ``csv``: its column in the CSV and the
    GeoJSON properties (None: not exported). ``table``: the Statements table's column that shows
    it (several fields can share one: section, paragraph and sentence make 'where'; None: not
    shown). ``label``: its catalog key (what a reader sees it called). ``check``: a validator
    (value -> value, ValueError with what was expected and what came); ``checked`` without a
    ``check`` validates the type only. ``from_statement``: the dataset copies it from the parser's
    ``extract.Statement`` attribute of the same name. ``dtype``: the pandas dtype of its column.
    ``derive``: an export column computed from the record (not stored in the dataset).
    """

    name: str
    type: Any
    csv: str | None = None
    table: str | None = None
    label: str | None = None
    check: Callable[[Any], Any] | None = None
    checked: bool = False
    from_statement: bool = False
    dtype: str | None = None
    derive: Callable[[Dataset, Row], object] | None = None

    @property
    def stored(self) -> bool:
        """Whether the dataset holds it as a column (an export-only field is derived when written)."""
        return self.derive is None

    def cell(self, ds: Dataset, row: Row) -> object:
        """Its value in a CSV cell or a GeoJSON property: lists joined with ';', missing as '', numbers as int."""
        if self.derive is not None:
            return self.derive(ds, row)
        value = row.get(self.name)
        if isinstance(value, tuple | list):
            return ";".join(value)
        if _missing(value):
            return ""
        if self.type in (int, int | None):
            return int(value)  # type: ignore[arg-type]  # a number: missing values returned above
        return value


FIELDS: tuple[Field, ...] = (
    Field("commitment_id", str, csv="commitment_id", checked=True),
    Field("document_id", str, csv="document_id", table="plan", label="st.document", checked=True, from_statement=True),
    Field("language", str, csv="language", table="translated", check=_language, from_statement=True),
    Field("section", str, csv="section", table="where", label="st.section", checked=True),
    Field("paragraph", int, csv="paragraph", table="where", label="st.paragraph", check=_positive, from_statement=True),
    Field("sentence", int, csv="sentence", table="where", label="st.sentence", check=_positive, from_statement=True),
    Field("paragraph_id", str),
    Field("level", int, from_statement=True),
    Field("kind", str, csv="kind", table="kind", label="st.kind", check=_kind, from_statement=True),
    Field("themes", tuple[str, ...], csv="themes", table="themes", label="st.themes", check=_themes, from_statement=True),
    Field("actors", tuple[str, ...], csv="actors", label="st.actors", check=_actors, from_statement=True),
    Field("place_ids", tuple[str, ...], csv="place_ids", table="places", label="st.places", checked=True),
    Field("place_names", tuple[str, ...], csv="place_names", derive=_place_names),
    Field("place_roles", tuple[str, ...], csv="place_roles", table="places", check=_roles),
    Field("place_themes", tuple[tuple[str, ...], ...]),  # aligned with place_ids: the themes each place is paired with
    Field("dates", tuple[str, ...], csv="dates", label="st.dates", check=_iso_dates),
    # grants and loans: 'VALUE CODE' ('1700000000 JPY'), so a user can ask how much went where (pipeline/amounts.py)
    Field("amounts", tuple[str, ...], csv="amounts", label="st.amounts", check=_amounts, from_statement=True),
    Field("text", str, csv="text", table="text", label="st.col.text", checked=True, from_statement=True),
    Field("section_title", str, csv="section_title"),
    Field("statement_id", str, csv="statement_id", table="statement_id"),
    Field("twin_id", str | None, csv="twin_id"),
    Field("year_min", int | None, csv="year_min", table="years", dtype="Int64"),
    Field("year_max", int | None, csv="year_max", table="years", dtype="Int64"),
    # the plan history: the earlier statements this one carries on, and the later ones that carry it on
    Field("carried_from", tuple[str, ...], csv="carried_from"),
    Field("carried_to", tuple[str, ...], csv="carried_to"),
)

FIELD = {f.name: f for f in FIELDS}
COMMITMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.stored)
COMMITMENT_DTYPES: dict[str, str] = {f.name: f.dtype for f in FIELDS if f.dtype}
CSV_COLUMNS: tuple[str, ...] = tuple(f.csv for f in FIELDS if f.csv)
TABLE_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(f.table for f in FIELDS if f.table))


def statement_values(s: Statement) -> dict[str, object]:
    """The fields the dataset copies from the parser's statement (lists as tuples, as the table holds them)."""
    out: dict[str, object] = {}
    for f in FIELDS:
        if f.from_statement:
            value = getattr(s, f.name)
            out[f.name] = tuple(value) if isinstance(value, list) else value
    return out


def export_record(ds: Dataset, row: Row) -> dict[str, object]:
    """One record as the CSV row / GeoJSON properties: ``CSV_COLUMNS`` -> cell."""
    return {f.csv: f.cell(ds, row) for f in FIELDS if f.csv}


def _model() -> type[BaseModel]:
    """The validation model of a record: every checked field, its type and its check."""
    from pydantic import AfterValidator, create_model

    fields: dict[str, Any] = {}
    for f in FIELDS:
        if f.check is not None:
            fields[f.name] = (Annotated[f.type, AfterValidator(f.check)], ...)
        elif f.checked:
            fields[f.name] = (f.type, ...)
    return create_model("CommitmentRow", **fields)


@functools.cache
def commitment_row() -> type[BaseModel]:
    """The record's validation model (``CommitmentRow``), made when first asked for: pydantic costs a fifth of a second
    to import, and a command that reads the kept dataset validates nothing."""
    return _model()


def __getattr__(name: str) -> Any:
    """``CommitmentRow``: ``commitment_row()``."""
    if name == "CommitmentRow":
        return commitment_row()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
