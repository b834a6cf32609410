"""The command line's entry point: the parser over every registered command, and ``main`` with its exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Iterator, Sequence

from laomap.cli import data, export, history, userdata, workercmd  # noqa: F401 - each module registers its commands on import
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


# C0 and C1 control characters other than newline, tab and carriage return: in a title or a place name
# they could retitle or clear the user's terminal (ESC ] 0 ; ... BEL, ESC [ 2 J), so they print escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _Escaped:
    """A text stream that prints control characters as \\xNN instead of sending them to the terminal."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def _escaped_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaped(out), _Escaped(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def main(argv: Sequence[str] | None = None) -> int:
    with _escaped_output():
        return _main(argv)


def _not_utf8(text: str) -> bool:
    """An argument the system could not decode as UTF-8 (Python keeps its bytes as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for number, arg in enumerate(argv, 1):
        if _not_utf8(arg):
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
            print(f"laomap: argument {number} ({shown}) is not valid UTF-8 text: laomap stores titles, notes and names as "
                  "UTF-8. Type it again in a UTF-8 terminal (or rename the file). Nothing was changed.", file=sys.stderr)
            return 2
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
