"""What a timeline shows, independent of how it is drawn (HTML in the app, matplotlib on slides).

Each dated mention of a selected statement becomes one item: events as points, periods as
bars, targets as milestones, "since" as an open bar up to the document's year, and
anniversary origins as (derived) points. Items are deduplicated per statement and ISO
value, so the English and Japanese records of one statement give one item.

A statement that mentions no date of its own is placed at its plan's date as an item of
kind ``plan`` (drawn apart and labelled as such), so that every selection has a timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from laomap.i18n import citation, theme_label
from laomap.style import DATE_KIND

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

ITEM_COLUMNS = (
    "statement_id", "kind", "iso", "precision", "derived", "start", "end", "text", "quote", "citation", "theme", "plan_id",
)
PLAN_DATE = "plan"  # the kind of an item placed at its plan's date because the statement gives none


def _start_end(iso: str, precision: str) -> tuple[date, date]:
    if "/" in iso:
        a, b = iso.split("/")
        if len(a) == 10 and len(b) == 10:  # a range of days: 2012-03-14/2012-03-18
            return date.fromisoformat(a), date.fromisoformat(b)
        return date(int(a[:4]), 1, 1), date(int(b[:4]), 12, 31)
    parts = [int(x) for x in iso.split("-")]
    if precision == "day":
        d = date(*parts)
        return d, d
    if precision == "month":
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], 28)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def timeline_items(ds: Dataset, rows: pd.DataFrame, lang: str, undated: bool = False, themes: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per (statement, dated mention) for the selected statements ``rows``.

    With ``undated``, each statement that mentions no date gets one item of kind ``plan`` at its plan's date.
    An item's ``theme`` (its lane) is the statement's first theme, or its first of ``themes`` (the selected ones).
    """

    def lane(ts: Sequence[str]) -> str:
        chosen = [x for x in ts if x in themes] or list(ts)
        return theme_label(chosen[0], lang) if chosen else "—"

    if rows.empty:
        return pd.DataFrame(columns=list(ITEM_COLUMNS))
    members = ds.commitments[ds.commitments.statement_id.isin(rows.statement_id)][["commitment_id", "statement_id"]]
    dates = ds.dates.merge(members, on="commitment_id")
    # One plain dict per statement, looked up per date: a DataFrame .loc per date took seconds at 10,000 statements.
    needed = ["statement_id", "document_id", "section", "paragraph", "text", "themes", "plan_id"]
    shown = {r["statement_id"]: r for r in rows[needed].to_dict("records")}
    cited: dict[str, tuple[str, str]] = {}  # statement -> (citation, theme label), made once per statement
    items, seen = [], set()
    for d in dates.itertuples(index=False):
        key = (d.statement_id, d.iso, d.kind)
        if key in seen:
            continue
        seen.add(key)
        row = shown[d.statement_id]
        if d.statement_id not in cited:
            themes = row["themes"]
            cited[d.statement_id] = (citation(ds, row, lang), lane(themes))
        cite, theme = cited[d.statement_id]
        start, end = _start_end(d.iso, d.precision)
        if DATE_KIND[d.kind].to_plan:  # "since 1955": up to the plan's year
            end = date(ds.documents[row["document_id"]].year, 12, 31)
        items.append({
            "statement_id": d.statement_id, "kind": d.kind, "iso": d.iso, "precision": d.precision, "derived": bool(d.derived),
            "start": start, "end": end, "text": row["text"], "quote": d.text, "citation": cite, "theme": theme,
            "plan_id": row["plan_id"],
        })
    dated = {key[0] for key in seen}
    for sid, row in shown.items():
        if not undated or sid in dated:
            continue
        meta = ds.documents[row["plan_id"]]
        if sid not in cited:
            themes = row["themes"]
            cited[sid] = (citation(ds, row, lang), lane(themes))
        cite, theme = cited[sid]
        precision = {4: "year", 7: "month"}.get(len(meta.date), "day")
        start, end = _start_end(meta.date, precision)
        items.append({
            "statement_id": sid, "kind": PLAN_DATE, "iso": meta.date, "precision": precision, "derived": True,
            "start": start, "end": end, "text": row["text"], "quote": "", "citation": cite, "theme": theme, "plan_id": row["plan_id"],
        })
    return pd.DataFrame(items, columns=list(ITEM_COLUMNS)).sort_values(["start", "statement_id"]).reset_index(drop=True)
