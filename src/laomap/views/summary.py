"""Headline figures and counts for a selection, as the overview shows them.

Counts are of statements (one sentence of a plan, in whichever languages it exists), so
the English and Japanese Action Plan do not count twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from laomap.i18n import kind_label, t, theme_label
from laomap.pipeline.vocabulary import THEME_IDS
from laomap.views.filters import Filter, latest_plan, undated_effect
from laomap.views.history import plan_label

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

MAPPED_ROLES = ("site", "partner")


@dataclass(frozen=True)
class Headline:
    statements: int
    commitments: int  # statements of kind 'commitment' (what the parties undertake to do)
    plans: int
    places: int  # distinct places the selection locates something at (sites and partners)
    provinces: int  # Lao provinces with at least one statement located in them
    untranslated: int  # statements shown in their original language because the chosen one is missing


def headline(ds: Dataset, rows: pd.DataFrame) -> Headline:
    """The figures at the top of the overview for the selected statements ``rows``."""
    places = {p for ids, roles in zip(rows.place_ids, rows.place_roles) for p, r in zip(ids, roles) if r in MAPPED_ROLES}
    provinces = {ds.gazetteer.lao_province_of(p) for p in places if p in ds.gazetteer.places} - {None}
    return Headline(
        statements=len(rows),
        commitments=int((rows.kind == "commitment").sum()),
        plans=int(rows.plan_id.nunique()),
        places=len(places),
        provinces=len(provinces),
        untranslated=int((~rows.translated.astype(bool)).sum()) if len(rows) else 0,
    )


def theme_counts(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Statements per theme (a statement with two themes counts for both), largest first.

    Columns: theme, label, statements; themes of the vocabulary with no statement are left out.
    """
    counts = {theme: 0 for theme in THEME_IDS}
    for themes in rows.themes:
        for theme in themes:
            counts[theme] = counts.get(theme, 0) + 1
    out = pd.DataFrame(
        [{"theme": k, "label": theme_label(k, lang), "statements": v} for k, v in counts.items() if v],
        columns=["theme", "label", "statements"],
    )
    order = {k: i for i, k in enumerate(THEME_IDS)}
    return out.sort_values(["statements", "theme"], ascending=[False, True], key=lambda s: s.map(order) if s.name == "theme" else s,
                           ).reset_index(drop=True)


def kind_counts(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Statements per kind (commitment, acknowledgement, goal, programme). Columns: kind, label, statements."""
    counts = rows.kind.value_counts()
    return pd.DataFrame(
        [{"kind": k, "label": kind_label(k, lang), "statements": int(n)} for k, n in counts.items()],
        columns=["kind", "label", "statements"],
    )



def describe(ds: Dataset, f: Filter, lang: str) -> list[str]:
    """The active filters in words ('Theme: Energy & power'), one item per filter; empty when none is set."""
    g = ds.gazetteer
    sep = t("fmt.list_sep", lang)
    parts = []
    if f.documents:
        parts.append(f"{t('sum.doc', lang)}: {sep.join(ds.documents[d].short_title(lang) for d in f.documents if d in ds.documents)}")
    if f.themes:
        parts.append(f"{t('sum.theme', lang)}: {sep.join(theme_label(x, lang) for x in f.themes)}")
    if f.places:
        parts.append(f"{t('sum.place', lang)}: {sep.join(g.places[p].name(lang) for p in f.places if p in g.places)}")
    if f.kinds:
        parts.append(f"{t('sum.kind', lang)}: {sep.join(kind_label(k, lang) for k in f.kinds)}")
    if f.year_from is not None or f.year_to is not None:
        years = f"{t('sum.years', lang)}: {f.year_from or '…'}–{f.year_to or '…'}"
        effect = undated_effect(ds, f)
        if effect is not None and effect[1]:
            years += " " + t("sum.undated_kept" if effect[0] == "keep" else "sum.undated_dropped", lang, n=effect[1])
        parts.append(years)
    if f.carried:
        parts.append(f"{t('sum.carried', lang)}: {carried_words(ds, f, lang)}")
    if f.text.strip():
        parts.append(f"{t('sum.text', lang)}: “{f.text.strip()}”")
    return parts


def carried_words(ds: Dataset, f: Filter, lang: str) -> str:
    """The plan-history filter in words: 'new in Action Plan (2021)', 'in Action Plan (2021), carried since Joint Plan (2016)'."""

    latest = latest_plan(ds, f.documents)
    title = plan_label(ds, latest, lang) if latest else ""
    since = f.carried_since
    if since is None:
        return t("sum.carried_new", lang, latest=title)
    return t("sum.carried_since", lang, latest=title, plan=plan_label(ds, since, lang) if since in ds.documents else since)
