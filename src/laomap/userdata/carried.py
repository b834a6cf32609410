"""The user's corrections of the plan history: confirm or reject a suggested link, add one the method missed.

They live in ``carried.csv`` in the user data directory (one row per pair of statements, the
latest word on it) and win over the method at every build (``carry.apply_corrections``). A
correction is checked against the dataset first (both statements exist, the earlier one is
of an earlier plan) and written like every other change: built and validated from a copy,
then written atomically under the lock (``transaction.change``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from laomap.atomic import write_text
from laomap.errors import DocumentError
from laomap.pipeline.carry import Correction
from laomap.pipeline.dataset import load_dataset, only_correction_notes, plan_date, with_corrections
from laomap.pipeline.sources import CARRIED, CARRIED_COLUMNS, check_correction, user_corrections
from laomap.userdata.transaction import build_candidate, candidate, change, directories, make_dir

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset


def _text(corrections: list[Correction], changed: dict[tuple[str, str], str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CARRIED_COLUMNS)
    for c in corrections:
        writer.writerow([c.later_id, c.earlier_id, c.verdict, c.kind, c.note, changed.get((c.later_id, c.earlier_id), "")])
    return buf.getvalue()


def _changed_times(user_dir: Path) -> dict[tuple[str, str], str]:
    """When each existing correction was made (kept as it was written)."""
    path = user_dir / CARRIED
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {(r["later_id"], r["earlier_id"]): r.get("changed") or "" for r in rows}


def _check_against(ds: Dataset, c: Correction) -> None:
    """Both statements exist and the earlier one is of an earlier plan; a confirmation names a suggested link."""
    plans = dict(zip(ds.commitments.statement_id, ds.commitments.statement_id.str.split(":").str[0]))
    for label, sid in (("later", c.later_id), ("earlier", c.earlier_id)):
        if sid not in plans:
            raise DocumentError.of("err.link_no_statement", id=sid, which_key=f"err.field.{label}")
    later, earlier = ds.documents[plans[c.later_id]], ds.documents[plans[c.earlier_id]]
    if not plan_date(earlier) < plan_date(later):
        raise DocumentError.of("err.link_not_earlier", earlier=c.earlier_id, later=c.later_id, earlier_date=str(plan_date(earlier)),
                                later_date=str(plan_date(later)))


def correct_link(later_id: str, earlier_id: str, verdict: str, kind: str = "", note: str = "", user_dir: Path | None = None,
                 documents_dir: Path | None = None, geodata_dir: Path | None = None) -> Dataset:
    """Record the user's word on the link ``later_id`` <- ``earlier_id`` (confirm | reject | add); returns the new dataset."""
    c = check_correction(later_id, earlier_id, verdict, kind, note)
    if c.verdict == "add" and not c.kind:
        c = Correction(c.later_id, c.earlier_id, c.verdict, "restated", c.note)
    u, d, g = directories(user_dir, documents_dir, geodata_dir)
    return _write(u, d, g, lambda rows: [*(r for r in rows if (r.later_id, r.earlier_id) != (c.later_id, c.earlier_id)), c],
                  check=c)


def undo_correction(later_id: str, earlier_id: str, user_dir: Path | None = None, documents_dir: Path | None = None,
                    geodata_dir: Path | None = None) -> Dataset:
    """Forget the user's word on a link: the method decides it again. Returns the new dataset."""
    u, d, g = directories(user_dir, documents_dir, geodata_dir)
    key = (later_id.strip(), earlier_id.strip())

    def without(rows: list[Correction]) -> list[Correction]:
        if not any((r.later_id, r.earlier_id) == key for r in rows):
            raise DocumentError.of("err.link_nothing_to_undo", later=key[0], earlier=key[1])
        return [r for r in rows if (r.later_id, r.earlier_id) != key]

    return _write(u, d, g, without)


def corrections(user_dir: Path | None = None) -> list[Correction]:
    """The user's corrections as they are on disk."""
    u, _d, _g = directories(user_dir, None, None)
    return user_corrections(u)


def _write(u: Path, d: Path, g: Path, edit, check: Correction | None = None) -> Dataset:
    def prepare() -> tuple[str, Dataset]:
        rows = edit(user_corrections(u))
        changed = _changed_times(u)
        if check is not None:
            changed[(check.later_id, check.earlier_id)] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        text = _text(rows, changed)
        with candidate(u) as copy:
            (copy / CARRIED).write_text(text, encoding="utf-8")
            base = load_dataset(d, g, u)  # the dataset as served: a correction changes only the links, read again
            ds = with_corrections(base, copy, strict_user_data=True) if only_correction_notes(base) else build_candidate(copy, d, g)
        if check is not None:
            _check_against(ds, check)
        return text, ds

    def commit(prepared: tuple[str, Dataset]) -> None:
        make_dir(u)
        write_text(u / CARRIED, prepared[0])

    return change(u, prepare, commit)[1]
