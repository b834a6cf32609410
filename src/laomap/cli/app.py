"""The command line's entry point: the parser over every registered command, and ``main`` with its exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from laomap.cli import data, export, userdata  # noqa: F401 - each module registers its commands on import
from laomap.cli.base import _COMMANDS
from laomap.errors import LaomapError


def parser() -> argparse.ArgumentParser:
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
