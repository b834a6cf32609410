"""A typed filter shared by every view, its URL form, and ``apply(dataset, filter)``.

The filter works on statements: one statement is a sentence of a plan in one or more
languages (the English and Japanese Action Plan records of the same sentence are one
statement). ``apply`` returns one row per matching statement, shown in the chosen language
where a translation exists and in its original language otherwise (``translated`` says which).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pandas as pd

from laomap.i18n import LANGUAGES
from laomap.pipeline.extract import RECORD_KINDS
from laomap.pipeline.vocabulary import THEME_IDS
from laomap.textnorm import fold

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

LANGS = LANGUAGES
QUERY_KEYS = ("doc", "theme", "place", "kind", "from", "to", "q", "lang")


@dataclass(frozen=True)
class Filter:
    """What the user has selected; the empty filter selects everything."""

    documents: tuple[str, ...] = ()  # ids of plans (original documents); a translation counts as its original
    themes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # a place selects statements linked to it or to any place inside it
    kinds: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    text: str = ""
    lang: str = "en"
    include_mentions: bool = False  # whether a 'mention' link counts for the place filter
    notes: tuple[str, ...] = field(default=(), compare=False)  # what was dropped when reading a URL

    @property
    def is_empty(self) -> bool:
        return not (self.documents or self.themes or self.places or self.kinds or self.year_from or self.year_to or self.text.strip())

    def with_(self, **changes: object) -> Filter:
        return replace(self, **changes)

    # ------------------------------------------------------------------ URL form

    def to_query(self) -> dict[str, list[str]]:
        """Query parameters that restore this filter (lists for repeatable keys)."""
        q: dict[str, list[str]] = {}
        if self.documents:
            q["doc"] = list(self.documents)
        if self.themes:
            q["theme"] = list(self.themes)
        if self.places:
            q["place"] = list(self.places)
        if self.kinds:
            q["kind"] = list(self.kinds)
        if self.year_from is not None:
            q["from"] = [str(self.year_from)]
        if self.year_to is not None:
            q["to"] = [str(self.year_to)]
        if self.text.strip():
            q["q"] = [self.text.strip()]
        if self.lang != "en":
            q["lang"] = [self.lang]
        return q

    @classmethod
    def from_query(cls, params: Mapping[str, str | Sequence[str]], ds: Dataset | None = None) -> Filter:
        """Read query parameters, dropping (and noting) values the dataset does not know."""

        def values(key: str) -> list[str]:
            raw = params.get(key, [])
            items = [raw] if isinstance(raw, str) else list(raw)
            return [v for item in items for v in str(item).split(",") if v.strip()]

        notes: list[str] = []

        def known(key: str, allowed: set[str] | None) -> tuple[str, ...]:
            got = values(key)
            if allowed is None:
                return tuple(dict.fromkeys(got))
            bad = [v for v in got if v not in allowed]
            if bad:
                notes.append(f"ignored unknown {key} value(s): {', '.join(bad)}")
            return tuple(dict.fromkeys(v for v in got if v in allowed))

        def year(key: str) -> int | None:
            got = values(key)
            if not got:
                return None
            if re.fullmatch(r"[0-9]{4}", got[0]):
                return int(got[0])
            notes.append(f"ignored {key}={got[0]!r}: expected a four-digit year")
            return None

        lang = (values("lang") or ["en"])[0]
        if lang not in LANGS:
            notes.append(f"ignored lang={lang!r}: expected one of {', '.join(LANGS)}")
            lang = "en"
        year_from, year_to = year("from"), year("to")
        if year_from is not None and year_to is not None and year_from > year_to:
            notes.append(f"from={year_from} is after to={year_to}: the two were swapped")
            year_from, year_to = year_to, year_from
        docs = set(plan_ids(ds)) if ds is not None else None
        places = set(ds.gazetteer.places) if ds is not None else None
        return cls(
            documents=known("doc", docs),
            themes=known("theme", set(THEME_IDS)),
            places=known("place", places),
            kinds=known("kind", set(RECORD_KINDS)),
            year_from=year_from,
            year_to=year_to,
            text=" ".join(values("q"))[:200],
            lang=lang,
            notes=tuple(notes),
        )


def plan_ids(ds: Dataset) -> list[str]:
    """Documents that are plans in their own right (translations fold into their original)."""
    return [d for d, meta in ds.documents.items() if not meta.translation_of]


def _descendants(ds: Dataset, place_ids: tuple[str, ...]) -> set[str]:
    wanted = set(place_ids)
    return {pid for pid in ds.gazetteer.places if pid in wanted or wanted & set(ds.gazetteer.ancestors(pid))}


def statements(ds: Dataset, lang: str) -> pd.DataFrame:
    """One row per statement in ``lang`` where available, else in its original language."""
    return _statements(ds, lang).copy()


def _statements(ds: Dataset, lang: str) -> pd.DataFrame:
    """statements(), made once per dataset and language (read-only: callers select from it)."""
    return ds.derive(("statements", lang), lambda: _make_statements(ds, lang))


def _search_texts(ds: Dataset) -> dict[str, str]:
    """Each statement's text in every language, folded and lower-cased for search; made once per dataset."""
    return ds.derive(("search",), lambda: {
        sid: fold(text).lower() for sid, text in ds.commitments.groupby("statement_id").text.agg(" ".join).items()})


def _make_statements(ds: Dataset, lang: str) -> pd.DataFrame:
    com = ds.commitments
    original = com[com.commitment_id == com.statement_id]
    chosen = com[com.language == lang].drop_duplicates("statement_id")
    missing = original[~original.statement_id.isin(chosen.statement_id)]
    out = pd.concat([chosen, missing], ignore_index=True)
    out["translated"] = out.language == lang
    out["plan_id"] = out.statement_id.str.split(":").str[0]
    order = {cid: i for i, cid in enumerate(original.commitment_id)}
    return out.sort_values("statement_id", key=lambda s: s.map(order)).reset_index(drop=True)


def apply(ds: Dataset, f: Filter) -> pd.DataFrame:
    """The statements matching ``f``, one row each, in document order."""
    rows = _statements(ds, f.lang)
    mask = pd.Series(True, index=rows.index)
    if f.documents:
        mask &= rows.plan_id.isin(f.documents)
    if f.themes:
        wanted = set(f.themes)
        mask &= rows.themes.map(lambda ts: bool(wanted & set(ts)))
    if f.kinds:
        mask &= rows.kind.isin(f.kinds)
    if f.places:
        inside = _descendants(ds, f.places)
        roles_ok = ("site", "partner", "mention") if f.include_mentions else ("site", "partner")
        hits = [any(p in inside and r in roles_ok for p, r in zip(ids, roles)) for ids, roles in zip(rows.place_ids, rows.place_roles)]
        mask &= pd.Series(hits, index=rows.index, dtype=bool)
    if f.year_from is not None or f.year_to is not None:
        lo = f.year_from if f.year_from is not None else -10**6
        hi = f.year_to if f.year_to is not None else 10**6
        mask &= rows.year_min.notna() & (rows.year_max.fillna(-10**6) >= lo) & (rows.year_min.fillna(10**6) <= hi)
    if f.text.strip():
        needle = fold(f.text).lower().split()
        texts = _search_texts(ds)
        mask &= pd.Series([all(n in texts[sid] for n in needle) for sid in rows.statement_id], index=rows.index, dtype=bool)
    return rows[mask.astype(bool)].reset_index(drop=True)


SELECTIONS = 64  # filters remembered per dataset: every rerun of every page asks for its selection


def selected(ds: Dataset, f: Filter) -> pd.DataFrame:
    """``apply(ds, f)``, remembered per dataset for the last ``SELECTIONS`` filters.

    The frame is shared between callers and sessions: do not change it (copy it first).
    """
    return ds.recent("selections", SELECTIONS).get(f, lambda: apply(ds, f))
