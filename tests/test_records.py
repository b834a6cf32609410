"""The statement record is declared once (``pipeline.records``): the dataset, the checks, the exports and the table follow it."""

from __future__ import annotations

import csv
import io
import json

import pytest

from laomap.export.data import commitments_csv, commitments_geojson
from laomap.pipeline import records
from laomap.pipeline.validate import problems
from laomap.views.details import statement_table
from laomap.views.filters import Filter, apply


def test_the_dataset_holds_every_stored_field_and_nothing_else(ds):
    assert list(ds.commitments.columns) == [f.name for f in records.FIELDS if f.stored]
    assert str(ds.commitments.year_min.dtype) == "Int64"


def test_the_exports_write_every_exported_field_in_schema_order(ds):
    rows = apply(ds, Filter(places=("attapeu",)))
    header = next(csv.reader(io.StringIO(commitments_csv(ds, rows).decode("utf-8-sig"))))
    assert header == [f.csv for f in records.FIELDS if f.csv]
    props = json.loads(commitments_geojson(ds, rows))["features"][0]["properties"]
    assert [k for k in props if k in records.CSV_COLUMNS] == list(records.CSV_COLUMNS)


def test_the_statements_table_has_a_column_for_every_shown_field(ds):
    table = statement_table(ds, apply(ds, Filter(places=("attapeu",))), "en")
    assert list(table.columns) == list(dict.fromkeys(f.table for f in records.FIELDS if f.table))
    assert {"where", "years", "places", "plan"} <= set(table.columns)


@pytest.mark.parametrize(("field", "bad", "says"), [
    ("language", "fr", "expected en or ja, got 'fr'"),
    ("kind", "wish", "expected one of"),
    ("themes", ("astrology",), "unknown theme(s) ['astrology']"),
    ("actors", ("martians",), "unknown actor(s) ['martians']"),
    ("place_roles", ("host",), "roles must be among"),
    ("dates", ("2020-13-45x",), "dates must be YYYY"),
    ("paragraph", 0, "numbers are 1-based"),
])
def test_each_checked_field_refuses_a_bad_value_with_what_it_expected(ds, field, bad, says):
    broken = ds.commitments.copy()
    broken[field] = broken[field].astype(object)
    broken.at[broken.index[0], field] = bad
    found = problems(type(ds)(**{**ds.__dict__, "commitments": broken}))
    first = broken.commitment_id.iloc[0]
    assert any(p.startswith(f"{first}: {field}: ") and says in p for p in found), found


def test_a_good_row_passes_the_model(ds):
    row = ds.commitments.iloc[0].to_dict()
    model = records.CommitmentRow(**{k: row[k] for k in records.CommitmentRow.model_fields})
    assert model.commitment_id == row["commitment_id"]  # type: ignore[attr-defined]
