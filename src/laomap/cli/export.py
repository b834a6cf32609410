"""The export commands of ``laomap``: map images, slide decks and offline HTML maps, for scripting.

    laomap export-map  --output FILE.png|.svg|.pdf [--preset 16:9|4:3|a4-landscape|a4-portrait] [--lang en|ja] [filters]
    laomap export-deck --output FILE.pptx [filters]
    laomap export-html --output FILE.html [--bare] [filters]

The filters (--theme, --place, --document, ... repeatable) take the same ids as the dashboard's
URL. Every file is written atomically: a failed export leaves no partial file and does not
replace an existing one. An empty selection or an unwritable output is exit 1 with one line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from laomap.cli.base import _data_options, _dataset, add_filter_options, command, filter_from_args
from laomap.errors import ExportError
from laomap.maps.presets import FORMATS, PRESETS


def _output(path: Path, allowed: tuple[str, ...]) -> str:
    """The output format from the file's extension; an ExportError names the ones accepted."""
    ext = path.suffix.lower().lstrip(".")
    if ext not in allowed:
        raise ExportError(f"Cannot tell the format of {path}: expected a file name ending in {', '.join('.' + a for a in allowed)}.")
    if path.is_dir():
        raise ExportError(f"Cannot write {path}: it is a folder.")
    return ext


def _map_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    add_filter_options(p)
    p.add_argument("--output", type=Path, required=True, help="FILE.png, FILE.svg or FILE.pdf")
    p.add_argument("--preset", choices=list(PRESETS), default="16:9", help="size: slide 16:9 (1920x1080), 4:3, or A4 at 300 dpi")
    p.add_argument("--title", help="a title instead of the one made from the filters")


@command("export-map", _map_options)
def _export_map(args: argparse.Namespace) -> int:
    """A map image of the selection (PNG, SVG or PDF) with title, legend, scale bar and sources."""
    from laomap.atomic import write_bytes
    from laomap.export.image import export_map

    fmt = _output(args.output, tuple(FORMATS))
    ds = _dataset(args)
    data = export_map(ds, filter_from_args(args, ds), preset=args.preset, fmt=fmt, title=args.title)
    write_bytes(args.output, data)
    print(f"wrote {args.output} ({PRESETS[args.preset].label('en')}, {len(data):,} bytes)")
    return 0


def _deck_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    add_filter_options(p)
    p.add_argument("--output", type=Path, required=True, help="FILE.pptx")
    p.add_argument("--template", type=Path, default=None,
                   help="an organisation's FILE.pptx: its master and layouts are used (its slides are left out)")
    p.add_argument("--pin", action="append", default=[], metavar="STATEMENT_ID",
                   help="a statement to show first on its theme's slide (repeatable; ids as in export-data)")


@command("export-deck", _deck_options)
def _export_deck(args: argparse.Namespace) -> int:
    """A 16:9 PowerPoint deck: title, one slide per theme (map and key statements), timeline, sources."""
    from laomap.atomic import write_bytes
    from laomap.export.deck import build_deck

    _output(args.output, ("pptx",))
    ds = _dataset(args)
    data = build_deck(ds, filter_from_args(args, ds), template=args.template, pins=tuple(args.pin))
    write_bytes(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


def _html_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    add_filter_options(p)
    p.add_argument("--output", type=Path, required=True, help="FILE.html")
    p.add_argument("--bare", action="store_true", help="the map and its legend only: no title band, no footer")


@command("export-html", _html_options)
def _export_html(args: argparse.Namespace) -> int:
    """A self-contained interactive map in one HTML file that opens offline."""
    from laomap.atomic import write_bytes
    from laomap.export.html import export_html

    _output(args.output, ("html", "htm"))
    ds = _dataset(args)
    data = export_html(ds, filter_from_args(args, ds), bare=args.bare)
    write_bytes(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0
