"""The plan history from the command line: ``laomap links`` lists the links, ``laomap link`` corrects one.

``laomap link confirm|reject|add|undo LATER EARLIER`` writes the user's word on a link to
``carried.csv`` in the user data directory (checked, atomic, locked: ``laomap.userdata``);
it wins over the method at every build.
"""

from __future__ import annotations

import argparse
import csv
import sys

from laomap.cli.base import _data_options, _dataset, command

_COLUMNS = ("later_id", "earlier_id", "later_plan", "earlier_plan", "kind", "score", "origin")


def _links_options(p: argparse.ArgumentParser) -> None:
    _data_options(p)
    p.add_argument("--statement", metavar="ID", help="only the links of this statement (either side)")
    p.add_argument("--plan", metavar="ID", help="only the links of this later plan")
    p.add_argument("--csv", action="store_true", help="print CSV instead of aligned columns")


@command("links", _links_options)
def _links(args: argparse.Namespace) -> int:
    """List the plan history's links: which statement of a later plan carries on which of an earlier one."""
    ds = _dataset(args)
    links = ds.carried
    if args.statement:
        links = links[(links.later_id == args.statement) | (links.earlier_id == args.statement)]
    if args.plan:
        links = links[links.later_plan == args.plan]
    rows = [[("" if v != v else f"{v:.3f}") if k == "score" else v for k, v in zip(_COLUMNS, r)]
            for r in links[list(_COLUMNS)].itertuples(index=False)]
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(_COLUMNS)
        writer.writerows(rows)
        return 0
    for r in rows:
        print(f"{r[0]:34} <- {r[1]:34} {r[4]:9} {r[5]:>6} {r[6]}")
    by_origin = links.origin.value_counts().to_dict()
    print(f"{len(links)} links ({', '.join(f'{n} {o}' for o, n in sorted(by_origin.items())) or 'none'})")
    return 0


def _link_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("verdict", choices=("confirm", "reject", "add", "undo"),
                   help="confirm or reject a suggested link, add one the method missed, undo your word on one")
    p.add_argument("later", metavar="LATER", help="the later statement's id, e.g. action-plan-en:2(2):1.1")
    p.add_argument("earlier", metavar="EARLIER", help="the earlier statement's id, e.g. joint-plan-2016:3.I:5.1")
    p.add_argument("--kind", choices=("restated", "extended", "narrowed"), default="",
                   help="how the later statement takes the earlier one up (for add; default restated)")
    p.add_argument("--note", default="", help="why, in one line (kept with the correction)")
    _data_options(p)


@command("link", _link_options)
def _link(args: argparse.Namespace) -> int:
    """Confirm, reject or add a link of the plan history, or undo your word on one (kept in the user data)."""
    from laomap.userdata import correct_link, undo_correction

    where = {"user_dir": args.data_dir, "documents_dir": args.documents_dir, "geodata_dir": args.geodata_dir}
    if args.verdict == "undo":
        ds = undo_correction(args.later, args.earlier, **where)
    else:
        ds = correct_link(args.later, args.earlier, args.verdict, args.kind, args.note, **where)
    row = ds.carried[(ds.carried.later_id == args.later.strip()) & (ds.carried.earlier_id == args.earlier.strip())]
    state = f"now {row.origin.iloc[0]} ({row.kind.iloc[0]})" if len(row) else "now not linked"
    print(f"{args.later} <- {args.earlier}: {state}")
    return 0
