"""A typed filter shared by every view, its URL form, and ``apply(dataset, filter)``.

The filter works on statements: one statement is a sentence of a plan in one or more
languages (the English and Japanese Action Plan records of the same sentence are one
statement). ``apply`` returns one row per matching statement, shown in the chosen language
where a translation exists and in its original language otherwise (``translated`` says which).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from laomap.i18n import LANGUAGES, t
from laomap.pipeline.extract import RECORD_KINDS
from laomap.pipeline.glossary import concepts, matched_forms, terms_named
from laomap.pipeline.vocabulary import THEME_IDS
from laomap.textnorm import fold

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

LANGS = LANGUAGES
DEFAULT_LANG = "en"  # the interface language of a link that names none
QUERY_KEYS = ("doc", "theme", "place", "kind", "from", "to", "undated", "carried", "q", "lang")
UNDATED = ("keep", "drop")  # what the year range does with statements that give no date of their own
CARRIED_NEW = "new"  # Filter.carried: statements of the latest plan that carry on nothing earlier
CARRIED_SINCE = "since:"  # Filter.carried "since:PLAN": statements of the latest plan whose history goes back to PLAN


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
    lang: str = DEFAULT_LANG
    undated: str = "keep"  # keep | drop: statements without a date of their own when a year range is set
    include_mentions: bool = False  # whether a 'mention' link counts for the place filter
    # "" | "new" | "since:PLAN": only the latest plan's statements (the latest of ``documents`` when set) that are
    # new in it, or that carry on, through any chain of earlier plans, a statement of PLAN (``carried_since``)
    carried: str = ""
    notes: tuple[str, ...] = field(default=(), compare=False)  # what was dropped when reading a URL

    @property
    def is_empty(self) -> bool:
        return not (self.documents or self.themes or self.places or self.kinds or self.year_from or self.year_to or self.text.strip()
                    or self.carried)

    @property
    def carried_since(self) -> str | None:
        """The plan of a 'carried since PLAN' filter, else None."""
        return self.carried[len(CARRIED_SINCE):] if self.carried.startswith(CARRIED_SINCE) else None

    def with_(self, **changes: Any) -> Filter:
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
        if self.undated != "keep":
            q["undated"] = [self.undated]
        if self.carried:
            q["carried"] = [self.carried]
        if self.text.strip():
            q["q"] = [self.text.strip()]
        if self.lang != DEFAULT_LANG:  # the default language is left out of the URL
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
        lang = (values("lang") or [DEFAULT_LANG])[0]
        if lang not in LANGS:
            notes.append(t("url.lang", "en", value=repr(lang), allowed=", ".join(LANGS)))
            lang = DEFAULT_LANG

        def known(key: str, allowed: set[str] | None) -> tuple[str, ...]:
            got = values(key)
            if allowed is None:
                return tuple(dict.fromkeys(got))
            bad = [v for v in got if v not in allowed]
            if bad:
                notes.append(t("url.unknown", lang, param=key, values=", ".join(bad)))
            return tuple(dict.fromkeys(v for v in got if v in allowed))

        def year(key: str) -> int | None:
            got = values(key)
            if not got:
                return None
            if re.fullmatch(r"[0-9]{4}", got[0]):
                return int(got[0])
            notes.append(t("url.year", lang, param=key, value=repr(got[0])))
            return None

        year_from, year_to = year("from"), year("to")
        if year_from is not None and year_to is not None and year_from > year_to:
            notes.append(t("url.swapped", lang, first=year_from, last=year_to))
            year_from, year_to = year_to, year_from
        undated = (values("undated") or ["keep"])[0]
        if undated not in UNDATED:
            notes.append(t("url.undated", lang, value=repr(undated), allowed=", ".join(UNDATED)))
            undated = "keep"
        docs = set(plan_ids(ds)) if ds is not None else None
        carried = (values("carried") or [""])[0]
        if carried and not (carried == CARRIED_NEW or (carried.startswith(CARRIED_SINCE) and (
                docs is None or carried[len(CARRIED_SINCE):] in docs))):
            allowed = [CARRIED_NEW, *(CARRIED_SINCE + d for d in sorted(docs or ()))]
            notes.append(t("url.carried", lang, value=repr(carried), allowed=", ".join(allowed)))
            carried = ""
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
            undated=undated,
            carried=carried,
            notes=tuple(notes),
        )


ONLY_WHEN_PRESENT = ("activity",)  # kinds of imported files (IATI activities): offered only when the data has some


def kind_options(ds: Dataset) -> list[str]:
    """The statement kinds worth offering in the filter: every plan kind, and an activity only when the data holds one."""
    present = ds.derive(("kinds present",), lambda: frozenset(ds.commitments.kind.unique()))
    return [k for k in RECORD_KINDS if k not in ONLY_WHEN_PRESENT or k in present]


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


def statement_table(ds: Dataset, lang: str) -> pd.DataFrame:
    """``statements()`` without a copy: the one table shared by every page and session, to read and never change."""
    return _statements(ds, lang)


def _search_texts(ds: Dataset) -> dict[str, str]:
    """Each statement's text in every language, folded and lower-cased for search; made once per dataset."""
    return ds.derive(("search",), lambda: {
        sid: fold(text).lower() for sid, text in ds.commitments.groupby("statement_id").text.agg(" ".join).items()})


def _statement_concepts(ds: Dataset) -> dict[str, frozenset[str]]:
    """Each statement's glossary terms (``pipeline.glossary``) in every language it is written in; made once per dataset."""
    def make() -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for sid, text, lang in zip(ds.commitments.statement_id, ds.commitments.text, ds.commitments.language):
            out.setdefault(sid, set()).update(concepts(text, lang))
        return {sid: frozenset(ids) for sid, ids in out.items()}
    return ds.derive(("search-concepts",), make)


def _make_statements(ds: Dataset, lang: str) -> pd.DataFrame:
    """Each statement's row in ``lang`` (its first), else its original row, in the originals' order; then the rows in
    ``lang`` of statements with no original row (none in a built dataset), in their order.

    Worked out as row positions with Arrow's hash lookups (no Python string per row) and taken once: concatenating
    and reordering the rows, and loops over every row, were a fifth of the History page's first visit at 10,000
    statements a plan (issue 29).
    """
    com = ds.commitments
    sids, languages = pa.array(com.statement_id), pa.array(com.language)

    def rows(mask: pa.Array) -> np.ndarray:
        return np.flatnonzero(mask.fill_null(False).to_numpy(zero_copy_only=False))

    originals = rows(pc.equal(pa.array(com.commitment_id), sids))
    in_lang = rows(pc.equal(languages, lang))
    named = sids.take(in_lang)
    first = pc.index_in(named, value_set=named).to_numpy(zero_copy_only=False) == np.arange(len(named))  # its first row
    in_lang, named = in_lang[first], named.filter(pa.array(first))
    of_originals = sids.take(originals)
    hit = pc.index_in(of_originals, value_set=named).fill_null(-1).to_numpy(zero_copy_only=False)
    orphans = in_lang[~pc.is_in(named, value_set=of_originals).to_numpy(zero_copy_only=False)]
    chosen = originals.copy()
    chosen[hit >= 0] = in_lang[hit[hit >= 0]]
    positions = np.concatenate([chosen, orphans]).astype(np.int64)
    out = com.take(positions).reset_index(drop=True)
    out["translated"] = pc.equal(languages.take(positions), lang).fill_null(False).to_numpy(zero_copy_only=False)
    plans = pc.list_element(pc.split_pattern(sids.take(positions), ":", max_splits=1), 0)
    out["plan_id"] = pd.array(plans, dtype=com.statement_id.dtype)
    return out


def apply(ds: Dataset, f: Filter) -> pd.DataFrame:
    """The statements matching ``f``, one row each, in document order."""
    rows = _statements(ds, f.lang)
    mask = pd.Series(True, index=rows.index)
    if f.documents:
        mask &= rows.plan_id.isin(f.documents)
    if f.themes:
        wanted = set(f.themes)
        mask &= rows.themes.map(lambda ts: bool(wanted & set(ts)))
        rows = _paired_places(rows, wanted)
    if f.kinds:
        mask &= rows.kind.isin(f.kinds)
    if f.places:
        inside = _descendants(ds, f.places)
        roles_ok = ("site", "partner", "mention") if f.include_mentions else ("site", "partner")
        hits = [any(p in inside and r in roles_ok for p, r in zip(ids, roles)) for ids, roles in zip(rows.place_ids, rows.place_roles)]
        mask &= pd.Series(hits, index=rows.index, dtype=bool)
    if f.year_from is not None or f.year_to is not None:
        mask &= _in_years(rows, f)
    if f.carried:
        mask &= _carried_mask(ds, rows, f)
    if f.text.strip():
        terms = search_terms(ds, f.text)
        texts = _search_texts(ds)
        known = _statement_concepts(ds) if any(terms.concepts) else {}
        mask &= pd.Series([all(any(n in texts[sid] for n in group) or bool(ids & known.get(sid, frozenset()))
                               for group, ids in zip(terms.groups, terms.concepts)) for sid in rows.statement_id],
                          index=rows.index, dtype=bool)
    return rows[mask.astype(bool)].reset_index(drop=True)


def latest_plan(ds: Dataset, among: Iterable[str] = ()) -> str | None:
    """The latest plan by date (``dataset.plan_date``), of ``among`` when given."""
    from laomap.pipeline.carry import plan_order
    from laomap.pipeline.dataset import plan_date

    wanted = set(among)
    plans = [d for d in plan_ids(ds) if not wanted or d in wanted]
    order = plan_order({d: plan_date(ds.documents[d]) for d in plans})
    return order[-1] if order else None


def reached_plans(ds: Dataset) -> dict[str, frozenset[str]]:
    """Statement id -> the earlier plans its history reaches through the links (``Dataset.carried``), at any depth.

    A statement of 2025 that carries on one of 2021, which carries on one of 2016, reaches both plans.
    Made once per dataset.
    """
    def make() -> dict[str, frozenset[str]]:
        from laomap.pipeline.carry import plan_order
        from laomap.pipeline.dataset import plan_date

        earlier: dict[str, set[str]] = {}
        for later_id, earlier_id in zip(ds.carried.later_id, ds.carried.earlier_id):
            earlier.setdefault(later_id, set()).add(earlier_id)
        rank = {p: i for i, p in enumerate(plan_order({d: plan_date(ds.documents[d]) for d in plan_ids(ds)}))}
        out: dict[str, frozenset[str]] = {}
        # plans in date order: every earlier statement is done before the statements that carry it on
        for sid in sorted(earlier, key=lambda s: rank.get(s.split(":")[0], -1)):
            reached: set[str] = set()
            for e in earlier[sid]:
                reached.add(e.split(":")[0])
                reached |= out.get(e, frozenset())
            out[sid] = frozenset(reached)
        return out
    return ds.derive(("reached_plans",), make)


def _carried_mask(ds: Dataset, rows: pd.DataFrame, f: Filter) -> pd.Series:
    latest = latest_plan(ds, f.documents)
    in_latest = rows.plan_id == latest
    if f.carried == CARRIED_NEW:
        return in_latest & (rows.carried_from.map(len) == 0)
    since = f.carried_since
    reached = reached_plans(ds)
    return in_latest & rows.statement_id.map(lambda sid: since in reached.get(sid, ()))


def _in_years(rows: pd.DataFrame, f: Filter) -> pd.Series:
    """Statements whose dates meet the year range; those without a date of their own as ``f.undated`` says."""
    lo = f.year_from if f.year_from is not None else -10**6
    hi = f.year_to if f.year_to is not None else 10**6
    dated = rows.year_min.notna()
    inside = dated & (rows.year_max.fillna(-10**6) >= lo) & (rows.year_min.fillna(10**6) <= hi)
    return inside | ~dated if f.undated == "keep" else inside


def undated_effect(ds: Dataset, f: Filter) -> tuple[str, int] | None:
    """What the year range does with the statements that give no date: ('keep' | 'drop', how many), or None.

    None when no year range is set (nothing is kept or removed for want of a date); the
    count is of the statements the other filters select.
    """
    if f.year_from is None and f.year_to is None:
        return None
    others = selected(ds, f.with_(year_from=None, year_to=None))
    return f.undated, int(others.year_min.isna().sum())


# ---------------------------------------------------------------------- search by every spelling of a place


@dataclass(frozen=True)
class SearchTerms:
    """A search in folded words: every group must match, by any one of its spellings or glossary terms."""

    groups: tuple[tuple[str, ...], ...]
    places: tuple[str, ...] = ()  # ids of the places whose names the search recognised
    # per group, the glossary terms (pipeline.glossary) it stands for: a statement using one of them in either of its
    # languages matches the group too (不発弾 finds "UXO", "electricity" finds 電力)
    concepts: tuple[frozenset[str], ...] = ()

    def __post_init__(self) -> None:
        if len(self.concepts) != len(self.groups):
            object.__setattr__(self, "concepts", tuple(frozenset() for _ in self.groups))


def _spellings(ds: Dataset) -> dict[str, set[str]]:
    """Folded, lower-cased spelling -> the places it names (every name and alias of the gazetteer, every language)."""
    def make() -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for pid, p in ds.gazetteer.places.items():
            for name in (p.name_en, p.name_ja, *p.aliases_en, *p.aliases_ja, *(n for _, n in p.names), *p.aliases_more):
                key = fold(name).lower().strip()
                if len(key) >= 2:
                    out.setdefault(key, set()).add(pid)
        return out
    return ds.derive(("spellings",), make)


def _place_spellings(ds: Dataset, place_ids: Iterable[str]) -> tuple[str, ...]:
    g = ds.gazetteer.places
    names = [n for pid in sorted(place_ids) for n in (g[pid].name_en, g[pid].name_ja, *g[pid].aliases_en, *g[pid].aliases_ja)]
    return tuple(dict.fromkeys(fold(n).lower().strip() for n in names if len(n.strip()) >= 2))


def search_terms(ds: Dataset, text: str) -> SearchTerms:
    """The words of a search, a place's name (longest first, whole words) standing for all its spellings.

    "Luang Prabang" finds "Luang Phabang" and ルアンパバーン; the other words must all occur.
    """
    return ds.recent("search_terms", SELECTIONS).get(text, lambda: _search_terms(ds, text))


def _search_terms(ds: Dataset, text: str) -> SearchTerms:
    query = " ".join(fold(text).lower().split())
    spellings = _spellings(ds)
    groups: list[tuple[str, ...]] = []
    places: list[str] = []
    taken = [False] * len(query)
    for name in sorted((n for n in spellings if n in query), key=len, reverse=True):
        for m in re.finditer(re.escape(name), query):
            a, b = m.span()
            ascii_name = name.isascii()
            before_ok = a == 0 or not ascii_name or not query[a - 1].isalnum()
            after_ok = b == len(query) or not ascii_name or not query[b].isalnum()
            if before_ok and after_ok and not any(taken[a:b]):
                taken[a:b] = [True] * (b - a)
                ids = spellings[name]
                groups.append(_place_spellings(ds, ids))
                places.extend(i for i in sorted(ids) if i not in places)
    rest = "".join(" " if taken[i] else c for i, c in enumerate(query))
    found = [frozenset[str]() for _ in groups]
    for part in _glossary_parts(rest):
        groups.append((part,))
        found.append(frozenset(_glossary_terms(part)))
    return SearchTerms(tuple(groups), tuple(places), tuple(found))


def _glossary_parts(rest: str) -> list[str]:
    """The words of a search, a glossary term of several words ("unexploded ordnance") kept as one."""
    words = rest.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 4), i + 1, -1):  # the longest term first
            phrase = " ".join(words[i:j])
            if _glossary_terms(phrase):
                out.append(phrase)
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _glossary_terms(word: str) -> tuple[str, ...]:
    """The glossary terms a search word names: one of a term's Japanese forms, or an English one as a whole."""
    return terms_named(word)


def also_matched(ds: Dataset, f: Filter, rows: pd.DataFrame) -> list[str]:
    """Other spellings of the places in a search that the selected statements use ("Luang Phabang" for "Luang Prabang")."""
    if not f.text.strip() or rows.empty:
        return []
    terms = search_terms(ds, f.text)
    typed = " ".join(fold(f.text).lower().split())
    found = [fold(text).lower() for text in rows.text]  # the texts as shown, in the language they are shown in
    glossary = _glossary_matched(terms, typed, [fold(text) for text in rows.text])
    if not terms.places:
        return glossary
    g = ds.gazetteer.places
    seen: dict[str, str] = {}  # folded spelling -> as the gazetteer writes it
    for pid in terms.places:
        for name in (g[pid].name_en, *g[pid].aliases_en, g[pid].name_ja, *g[pid].aliases_ja):
            key = fold(name).lower().strip()
            if len(key) >= 2 and key not in typed and key not in seen and any(key in text for text in found):
                seen[key] = name.strip()
    # a spelling that holds a shorter one found or typed ("Luang Prabang City") says nothing more
    known = set(seen) | {n for group in terms.groups for n in group if n in typed}
    return [v for k, v in seen.items() if not any(o != k and o in k for o in known)] + glossary


def _glossary_matched(terms: SearchTerms, typed: str, texts: list[str]) -> list[str]:
    """The forms of the searched glossary terms that the shown texts use, other than the typed one ("UXO" for 不発弾)."""
    wanted = sorted({term_id for ids in terms.concepts for term_id in ids})
    seen: dict[str, str] = {}
    for term_id in wanted:
        for form in matched_forms(term_id, texts):
            key = form.lower()
            if key not in typed and key not in seen:
                seen[key] = form
    return list(seen.values())


def href(page: str, f: Filter, **params: str) -> str:
    """A link to ``page`` (its URL path, 'statements') with the filter ``f`` and extra parameters (``stmt=...``)."""
    from urllib.parse import urlencode

    query = f.to_query()
    query.update({k: [v] for k, v in params.items() if v})
    return f"{page}?{urlencode(query, doseq=True)}" if query else page


LIST_KEYS = {"documents": "doc", "themes": "theme", "places": "place", "kinds": "kind"}  # Filter field -> its query key


def hrefs(page: str, f: Filter, changes: Sequence[Mapping[str, tuple[str, ...]]]) -> list[str]:
    """``href(page, f.with_(**change))`` for each change of the filter's lists (``LIST_KEYS``), the same links made with
    the filter's own part of the query encoded once: the History page's shares link 1,000 cells (at 10,000
    statements a plan, a tenth of its first visit went to copying and encoding the filter per cell: issue 29)."""
    from urllib.parse import quote_plus

    encoded = {key: "&".join(f"{key}={quote_plus(v)}" for v in values) for key, values in f.to_query().items()}
    out = []
    for change in changes:
        parts = dict(encoded)
        for name, values in change.items():
            key = LIST_KEYS[name]
            if values:
                parts[key] = "&".join(f"{key}={quote_plus(v)}" for v in values)
            else:
                parts.pop(key, None)
        query = "&".join(parts[key] for key in QUERY_KEYS if key in parts)
        out.append(f"{page}?{query}" if query else page)
    return out


def _paired_places(rows: pd.DataFrame, themes: set[str]) -> pd.DataFrame:
    """``rows`` with each statement's places narrowed to those paired with one of ``themes`` (clause-level pairing).

    "Honorary consulates in Hakodate ..., exchanges between Kyoto and Vientiane ..., and assistance
    by CO-OP Okinawa to Attapeu in ... liquor production" puts Attapeu on Agriculture only: a
    place counts for the themes of the clause that names it (``place_themes``), on the map, in
    the counts and in the exports alike.
    """
    if "place_themes" not in rows:
        return rows
    narrowed = [all(themes & set(pt) for pt in pts) for pts in rows.place_themes]
    if all(narrowed):
        return rows
    out = rows.copy()
    keep = [[i for i, pt in enumerate(pts) if themes & set(pt)] for pts in rows.place_themes]
    for column in ("place_ids", "place_roles", "place_themes"):
        out[column] = [tuple(values[i] for i in idx) for values, idx in zip(rows[column], keep)]
    return out


SELECTIONS = 64  # filters remembered per dataset: every rerun of every page asks for its selection


def selected(ds: Dataset, f: Filter) -> pd.DataFrame:
    """``apply(ds, f)``, remembered per dataset for the last ``SELECTIONS`` filters.

    The frame is shared between callers and sessions: do not change it (copy it first).
    """
    if _selects_all(f):  # every statement: the shared table itself, not a copy of its 20,000 rows (issue 29)
        return _statements(ds, f.lang)
    return ds.recent("selections", SELECTIONS).get(f, lambda: apply(ds, f))


def _selects_all(f: Filter) -> bool:
    """Whether ``apply`` keeps every row for ``f``: ``Filter.is_empty``, where a year 0 counts as a year (``apply``
    filters by any year that is not None; ``is_empty`` reads a 0 as none)."""
    return f.is_empty and f.year_from is None and f.year_to is None
