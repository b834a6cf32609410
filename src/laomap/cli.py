"""The ``laomap`` command: build, validate and export from a shell, for scripting.

Every command exits 0 on success, 1 when the data or the input is wrong or a file cannot be
read or written (with a message on stderr and no traceback), 2 on a usage error, and 70 on
an unexpected error (a bug: its type and message on stderr, the traceback only with
``LAOMAP_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import LaomapError, ValidationError

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, configure: Callable[[argparse.ArgumentParser], None] = lambda p: None) -> Callable[[Handler], Handler]:
    """Register a sub-command; other modules add theirs the same way."""

    def register(fn: Handler) -> Handler:
        _COMMANDS[name] = (configure, fn)
        return fn

    return register


def _data_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--documents-dir", type=Path, help="folder with manifest.json and the texts (default: documents/)")
    p.add_argument("--geodata-dir", type=Path, help="folder with the gazetteer and boundaries (default: geodata/)")
    p.add_argument("--data-dir", type=Path, help="user data directory (default: $LAOMAP_DATA_DIR or ~/.local/share/laomap)")


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The dashboard's filters, with the same values as its URL."""
    p.add_argument("--document", action="append", default=[], help="plan id (repeatable), e.g. action-plan-en")
    p.add_argument("--theme", action="append", default=[], help="theme id (repeatable), e.g. energy")
    p.add_argument("--place", action="append", default=[], help="place id (repeatable), e.g. houaphanh")
    p.add_argument("--kind", action="append", default=[], help="commitment | acknowledgement | goal | programme")
    p.add_argument("--from", dest="year_from", help="first year")
    p.add_argument("--to", dest="year_to", help="last year")
    p.add_argument("--search", default="", help="free text")
    p.add_argument("--lang", choices=("en", "ja"), default="en")


def filter_from_args(args: argparse.Namespace, ds: object):
    """A Filter from CLI options; unknown values are an error here (a script should not guess)."""
    from .filters import Filter

    query = {"doc": args.document, "theme": args.theme, "place": args.place, "kind": args.kind,
             "from": [args.year_from] if args.year_from else [], "to": [args.year_to] if args.year_to else [],
             "q": [args.search] if args.search else [], "lang": [args.lang]}
    f = Filter.from_query(query, ds)  # type: ignore[arg-type]
    if f.notes:
        raise LaomapError("; ".join(f.notes) + ". Run 'laomap values' to list the accepted values.")
    return f


def _dataset(args: argparse.Namespace):
    from .dataset import build

    return build(args.documents_dir, args.geodata_dir, args.data_dir)


@command("build", _data_options)
def _build(args: argparse.Namespace) -> int:
    """Build the dataset from documents/ and geodata/ and print what it holds."""
    ds = _dataset(args)
    print(ds.counts().to_string(index=False))
    print(f"\nplaces in the gazetteer: {len(ds.places)}; built and validated in {ds.build_seconds:.2f} s")
    for w in ds.warnings:
        print(f"warning: {w}")
    return 0


@command("validate", _data_options)
def _validate(args: argparse.Namespace) -> int:
    """Run every check and print a readable report; exit 1 if one fails."""
    from .dataset import build
    from .validate import problems

    ds = build(args.documents_dir, args.geodata_dir, args.data_dir, validate=False)
    found = problems(ds)
    if found:
        raise ValidationError(found)
    counts = ds.counts()
    print(f"OK: {len(ds.documents)} documents, {int(counts.commitments.sum())} commitments, {len(ds.places)} places; all checks pass.")
    return 0


def _export_data_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    add_filter_options(p)
    p.add_argument("--format", choices=("csv", "geojson"), required=True)
    p.add_argument("--output", type=Path, required=True)
    p.add_argument("--all-languages", action="store_true", help="every record in every language instead of one per statement")


@command("export-data", _export_data_options)
def _export_data(args: argparse.Namespace) -> int:
    """Commitments as CSV (one row per commitment) or GeoJSON (one feature per commitment-place link)."""
    from .atomic import write_bytes
    from .dataexport import commitments_csv, commitments_geojson
    from .filters import apply

    ds = _dataset(args)
    f = filter_from_args(args, ds)
    rows = ds.commitments if args.all_languages and f.is_empty else apply(ds, f)
    if args.all_languages and not f.is_empty:
        rows = ds.commitments[ds.commitments.statement_id.isin(rows.statement_id)]
    data = commitments_csv(ds, rows) if args.format == "csv" else commitments_geojson(ds, rows)
    write_bytes(args.output, data)
    print(f"wrote {len(rows)} commitments to {args.output} ({len(data):,} bytes)")
    return 0


def _export_places_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    p.add_argument("--output", type=Path, required=True)


@command("export-places", _export_places_options)
def _export_places(args: argparse.Namespace) -> int:
    """Every gazetteer place with its geometry, as GeoJSON."""
    from .atomic import write_bytes
    from .dataexport import places_geojson

    ds = _dataset(args)
    data = places_geojson(ds)
    write_bytes(args.output, data)
    print(f"wrote {len(ds.places)} places to {args.output} ({len(data):,} bytes)")
    return 0


@command("values", _data_options)
def _values(args: argparse.Namespace) -> int:
    """The accepted filter values (plan, theme, place, kind ids) as JSON."""
    from .extract import RECORD_KINDS
    from .filters import plan_ids
    from .vocabulary import THEMES

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
    from .vocabulary import markdown

    print(markdown())
    return 0


def _load_plugins() -> None:
    """Modules that add commands register them on import; a missing optional one is skipped."""
    import importlib

    for name in ("laomap.exportcli", "laomap.ingestcli"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def parser() -> argparse.ArgumentParser:
    _load_plugins()
    p = argparse.ArgumentParser(prog="laomap", description="Japan–Lao PDR Partnership Atlas: build, check and export the commitments data.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (configure, fn) in _COMMANDS.items():
        sp = sub.add_parser(name, help=(fn.__doc__ or "").strip().splitlines()[0], description=(fn.__doc__ or "").strip())
        configure(sp)
        sp.set_defaults(handler=fn)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except LaomapError as exc:
        print(f"laomap {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a disk, a folder or a permission the library did not expect to fail
        where = f": {exc.filename}" if exc.filename else ""
        print(f"laomap {args.command}: {exc.strerror or exc}{where}.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - no traceback for the user, but enough to report the bug
        if os.environ.get("LAOMAP_DEBUG"):
            raise
        print(f"laomap {args.command}: unexpected error ({type(exc).__name__}: {exc}). This is a bug in laomap; "
              "run the command again with LAOMAP_DEBUG=1 to see where it happened.", file=sys.stderr)
        return 70


if __name__ == "__main__":  # pragma: no cover
    # Run as `python -m laomap.cli`: use the imported module, where plugin commands register.
    from laomap.cli import main as _main

    sys.exit(_main())

