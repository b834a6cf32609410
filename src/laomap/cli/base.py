"""What every command module shares: the sub-command registry and the data and filter options.

Every command exits 0 on success, 1 when the data or the input is wrong or a file cannot be
read or written (with a message on stderr and no traceback), 2 on a usage error, and 70 on
an unexpected error (a bug: its type and message on stderr, the traceback only with
``LAOMAP_DEBUG=1``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from laomap.errors import LaomapError
from laomap.i18n import LANGUAGES

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
    p.add_argument("--place", action="append", default=[], help="place id (repeatable), e.g. houaphanh; namesakes have their own ids: luang_prabang (the city), "
                   "luang_prabang_province (the province); the ids are the first column of geodata/gazetteer*.csv")
    p.add_argument("--kind", action="append", default=[], help="commitment | acknowledgement | goal | programme")
    p.add_argument("--from", dest="year_from", help="first year")
    p.add_argument("--to", dest="year_to", help="last year")
    p.add_argument("--undated", choices=("keep", "drop"), default="keep",
                   help="with --from/--to: keep (default) or drop the statements that give no date of their own")
    p.add_argument("--carried", default="", help="the plan history: 'new' (new in the latest plan) or 'since:PLAN' "
                   "(statements of the latest plan carried since PLAN), e.g. since:joint-plan-2016")
    p.add_argument("--search", default="", help="free text")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the labels and texts")


def filter_from_args(args: argparse.Namespace, ds: object):
    """A Filter from CLI options; unknown values are an error here (a script should not guess)."""
    from laomap.views.filters import Filter

    query = {"doc": args.document, "theme": args.theme, "place": args.place, "kind": args.kind,
             "from": [args.year_from] if args.year_from else [], "to": [args.year_to] if args.year_to else [],
             "undated": [getattr(args, "undated", "keep")], "carried": [args.carried] if getattr(args, "carried", "") else [],
             "q": [args.search] if args.search else [], "lang": [args.lang]}
    f = Filter.from_query(query, ds)  # type: ignore[arg-type]
    if f.notes:
        raise LaomapError("; ".join(f.notes) + ". Run 'laomap values' to list the accepted values.")
    return f


def _dataset(args: argparse.Namespace):
    """The dataset for the command's inputs: from the disk cache when it holds them (geometry made only if used), else
    built, validated and kept; strict about the geodata, as ``laomap build`` is."""
    from laomap.pipeline.dataset import load_dataset

    return load_dataset(args.documents_dir, args.geodata_dir, args.data_dir, strict_geodata=True)
