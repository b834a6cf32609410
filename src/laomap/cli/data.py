"""Data commands: build, validate, export-data, export-places, values, vocabulary."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from laomap.cli.base import _data_options, _dataset, add_filter_options, command, filter_from_args
from laomap.errors import ValidationError


@command("build", _data_options)
def _build(args: argparse.Namespace) -> int:
    """Build the dataset from documents/ and geodata/ and print what it holds."""
    from laomap.pipeline.dataset import build

    ds = build(args.documents_dir, args.geodata_dir, args.data_dir)
    print(ds.counts().to_string(index=False))
    print(f"\nplaces in the gazetteer: {len(ds.places)}; built and validated in {ds.build_seconds:.2f} s")
    for w in ds.warnings:
        print(f"warning: {w}")
    return 0


def _validate_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    p.add_argument("--verbose", action="store_true", help="also list the statements with no theme (what the vocabulary misses)")


@command("validate", _validate_options)
def _validate(args: argparse.Namespace) -> int:
    """Run every check and print a readable report; exit 1 if one fails."""
    from laomap.pipeline.dataset import build
    from laomap.pipeline.validate import problems

    ds = build(args.documents_dir, args.geodata_dir, args.data_dir, validate=False)
    found = problems(ds)
    if found:
        raise ValidationError(found)
    counts = ds.counts()
    n = ds.commitments.statement_id.nunique()
    print(f"OK: {len(ds.documents)} documents, {n} statements ({int(counts.commitments.sum())} records in all languages), "
          f"{len(ds.places)} places; all checks pass.")
    if args.verbose:
        originals = ds.commitments[ds.commitments.commitment_id == ds.commitments.statement_id]
        bare = originals[originals.themes.map(len) == 0]
        print(f"statements with no theme: {len(bare)} of {len(originals)} ({100 * len(bare) / max(1, len(originals)):.0f} %)")
        for row in bare.itertuples():
            print(f"  {row.commitment_id} [{row.kind}] {row.text[:100]}")
    return 0


def _export_data_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    add_filter_options(p)
    from laomap.export.formats import DATA_FORMATS

    p.add_argument("--format", choices=list(DATA_FORMATS), required=True,
                   help="; ".join(f"{f.name}: FILE.{f.suffix}" for f in DATA_FORMATS.values()))
    p.add_argument("--output", type=Path, required=True)
    p.add_argument("--all-languages", action="store_true", help="every record in every language instead of one per statement")


@command("export-data", _export_data_options)
def _export_data(args: argparse.Namespace) -> int:
    """The selection in a registered data format: CSV (one row per commitment), GeoJSON (one feature per link), ..."""
    from laomap.atomic import write_bytes
    from laomap.export.formats import data_format
    from laomap.views.filters import apply

    ds = _dataset(args)
    f = filter_from_args(args, ds)
    rows = ds.commitments if args.all_languages and f.is_empty else apply(ds, f)
    if args.all_languages and not f.is_empty:
        rows = ds.commitments[ds.commitments.statement_id.isin(rows.statement_id)]
    data = data_format(args.format).write(ds, rows)
    write_bytes(args.output, data)
    print(f"wrote {len(rows)} statement records to {args.output} ({len(data):,} bytes)")
    return 0


def _export_places_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    p.add_argument("--output", type=Path, required=True)


@command("export-places", _export_places_options)
def _export_places(args: argparse.Namespace) -> int:
    """Every gazetteer place with its geometry, as GeoJSON."""
    from laomap.atomic import write_bytes
    from laomap.export.data import places_geojson

    ds = _dataset(args)
    data = places_geojson(ds)
    write_bytes(args.output, data)
    print(f"wrote {len(ds.places)} places to {args.output} ({len(data):,} bytes)")
    return 0


@command("values", _data_options)
def _values(args: argparse.Namespace) -> int:
    """The accepted filter values (plan, theme, place, kind ids) as JSON."""
    from laomap.pipeline.extract import RECORD_KINDS
    from laomap.pipeline.vocabulary import THEMES
    from laomap.views.filters import plan_ids

    ds = _dataset(args)
    print(json.dumps({
        "document": plan_ids(ds),
        "theme": [t.id for t in THEMES],
        "place": sorted(ds.gazetteer.places),
        "kind": list(RECORD_KINDS),
    }, indent=1))
    return 0


@command("vocabulary")
def _vocabulary(args: argparse.Namespace) -> int:
    """Print the theme and actor vocabulary as Markdown."""
    from laomap.pipeline.vocabulary import markdown

    print(markdown())
    return 0
