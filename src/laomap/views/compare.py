"""Compare two plans (the 2016 Joint Plan and the Action Plan): what they share, what is new, what was dropped.

The comparison works on the shared vocabulary and the gazetteer, so it is by theme and by
place: a theme is *shared* if both plans have statements on it, *new* if only the later
plan has, *dropped* if only the earlier one had. Statements are counted once however many
languages they exist in. The selection passed in (the dashboard's filters, without the
plan filter) narrows what is compared, e.g. to one province or to commitments only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from laomap.i18n import t, theme_label
from laomap.pipeline.vocabulary import THEME_IDS
from laomap.views.details import place_name
from laomap.views.filters import plan_ids

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

STATUSES = ("shared", "new", "dropped")
COLUMNS = ("key", "label", "before", "after", "status")
MAPPED_ROLES = ("site", "partner")


def status_label(status: str, lang: str) -> str:
    return t(f"cmp.{status}", lang)


@dataclass(frozen=True)
class Comparison:
    before: str  # plan id of the earlier plan
    after: str  # plan id of the later plan
    by_theme: pd.DataFrame  # COLUMNS: key (theme id), label, before, after (statement counts), status
    by_place: pd.DataFrame  # COLUMNS: key (place id), label, before, after, status

    def count(self, table: str, status: str) -> int:
        """How many themes (table='theme') or places (table='place') have ``status``."""
        frame = self.by_theme if table == "theme" else self.by_place
        return int((frame.status == status).sum())


def plan_pair(ds: Dataset) -> tuple[str, str]:
    """The earliest and the latest plan by date: the natural pair to compare."""
    plans = sorted(plan_ids(ds), key=lambda d: (ds.documents[d].date_earliest or ds.documents[d].date, d))
    if len(plans) < 2:
        raise ValueError(f"comparing plans needs at least two plans; the dataset has {len(plans)}")
    return plans[0], plans[-1]


def _table(before: Counter, after: Counter, labels: dict[str, str], order: dict[str, int]) -> pd.DataFrame:
    rows = []
    for key in set(before) | set(after):
        b, a = before.get(key, 0), after.get(key, 0)
        status = "shared" if a and b else ("new" if a else "dropped")
        rows.append({"key": key, "label": labels[key], "before": b, "after": a, "status": status})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if frame.empty:
        return frame.astype({"before": int, "after": int})
    frame["_s"] = frame.status.map({s: i for i, s in enumerate(STATUSES)})
    frame["_t"] = -(frame.before + frame.after)
    frame["_o"] = frame.key.map(lambda k: order.get(k, len(order)))
    return frame.sort_values(["_s", "_t", "_o", "key"]).drop(columns=["_s", "_t", "_o"]).reset_index(drop=True)


def compare_plans(ds: Dataset, rows: pd.DataFrame, before: str, after: str, lang: str = "en") -> Comparison:
    """Themes and places of plan ``before`` against plan ``after`` among the statements ``rows``."""
    known = plan_ids(ds)
    for name, value in (("before", before), ("after", after)):
        if value not in known:
            raise ValueError(f"{name}={value!r} is not a plan of the dataset; expected one of {', '.join(known)}")
    if before == after:
        raise ValueError(f"cannot compare a plan with itself ({before!r}); choose two different plans")
    g = ds.gazetteer
    themes = {before: Counter(), after: Counter()}
    places = {before: Counter(), after: Counter()}
    for plan, ts, ids, roles in zip(rows.plan_id, rows.themes, rows.place_ids, rows.place_roles):
        if plan not in themes:
            continue
        themes[plan].update(set(ts))
        places[plan].update({p for p, r in zip(ids, roles) if r in MAPPED_ROLES and p in g.places})
    theme_labels = {k: theme_label(k, lang) for k in THEME_IDS}
    theme_order = {k: i for i, k in enumerate(THEME_IDS)}
    place_ids = set(places[before]) | set(places[after])
    place_labels = {p: place_name(g.places[p], lang) for p in place_ids}
    place_order = {p: i for i, p in enumerate(sorted(place_ids, key=lambda p: (g.places[p].country != "LA", g.places[p].name_en)))}
    return Comparison(
        before=before,
        after=after,
        by_theme=_table(themes[before], themes[after], theme_labels, theme_order),
        by_place=_table(places[before], places[after], place_labels, place_order),
    )
