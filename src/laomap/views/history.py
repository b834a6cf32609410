"""The plan history of a selection: every plan on one time axis, each plan's shares by theme and place, and the
flows of statements between consecutive plans (carried, new, not carried again), each down to its statements.

The selection is the shared filter without its plan filter (the history is of every plan). Statements are
linked by ``Dataset.carried`` (``pipeline.carry``: the method's links with the user's corrections).

How the flows between two consecutive plans A (earlier) and B (later) count, among the selected statements:

- *carried*: the statements of B that carry on a statement of an earlier plan. A statement of B linked only to a
  plan older than A (taken up again after a pause) counts as carried too, and is counted apart in ``older``;
  on the A side, ``earlier_n`` counts the statements of A that some statement of B carries on.
- *new*: the statements of B that carry on nothing earlier. Carried + new = B's statements.
- *not carried again* (``dropped``): the statements of A that no statement of B carries on; ``resumed`` counts
  those of them that a plan after B takes up again. Carried on (``earlier_n``) + not carried again = A's statements.

Shares: a plan's share of a theme (or place) is the part of that plan's selected statements that are about it;
a statement counts once per theme it has (so a plan's shares can add up to more than 1), and once per place
linked to it as a site or partner.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from laomap.i18n import t, theme_label, theme_sort_key
from laomap.pipeline.carry import BAND_PRECISION, LIKELY, STRONG, THRESHOLD, band, plan_order
from laomap.pipeline.dataset import plan_date
from laomap.textnorm import fold, is_cjk
from laomap.views.details import place_name, place_sort_key
from laomap.views.filters import Filter, plan_ids, selected, statement_table

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

FLOWS = ("carried", "new", "dropped")  # URL values of ?flow=
MAPPED_ROLES = ("site", "partner")
PLAN_COLUMNS = ("plan_id", "label", "title", "date", "year", "statements")  # date: as the plan gives it (ordered by plan_date)
EVENT_COLUMNS = ("doc_id", "label", "title", "date", "statements")  # a document that is not a plan, on the time axis
FLOW_COLUMNS = ("earlier", "later", "flow", "n", "earlier_n", "older", "resumed", "ids", "wording")  # wording: link_wording of the later plan
SHARE_COLUMNS = ("key", "label", "plan_id", "n", "total", "share")
# The words of a link, by the kind of its later statement: a plan's statement carries an earlier one *on*, an IATI
# activity carries a plan's statement *out*. Kind -> {the plans' key: its own}; a kind not listed keeps the plans' words.
LINK_WORDING: dict[str, dict[str, str]] = {"activity": {
    "hi.earlier_versions": "hi.activity.earlier_versions",
    "hi.carries_nothing": "hi.activity.carries_nothing",
    "hi.not_in_next": "hi.activity.not_in_next",
    "hi.confirmed": "hi.activity.confirmed",
    "hi.rejected": "hi.activity.rejected",
    "hi.added": "hi.activity.added",
    "hi.flow_title.carried": "hi.activity.flow_title.carried",
    "hi.flow_title.dropped": "hi.activity.flow_title.dropped",
    "hi.tip.carried": "hi.activity.tip.carried",
    "hi.tip.older": "hi.activity.tip.older",
    "hi.tip.new": "hi.activity.tip.new",
    "hi.tip.dropped": "hi.activity.tip.dropped",
}}
SHORT = 26  # a plan title longer than this is shortened on the diagram (in full in its tooltip)


@dataclass(frozen=True)
class History:
    """What the History page shows for one selection."""

    plans: pd.DataFrame  # PLAN_COLUMNS, in date order
    flows: pd.DataFrame  # FLOW_COLUMNS: one row per consecutive pair of plans and flow
    themes: pd.DataFrame  # SHARE_COLUMNS, per theme and plan (themes that some plan has)
    places: pd.DataFrame  # SHARE_COLUMNS, per place and plan
    rows: pd.DataFrame  # the selected statements, of every plan
    events: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(EVENT_COLUMNS)))  # other documents, by date

    @property
    def order(self) -> list[str]:
        return list(self.plans.plan_id)

    def flow(self, flow: str, earlier: str, later: str) -> pd.Series | None:
        hit = self.flows[(self.flows.flow == flow) & (self.flows.earlier == earlier) & (self.flows.later == later)]
        return None if hit.empty else hit.iloc[0]


def plan_label(ds: Dataset, plan: str, lang: str) -> str:
    """A plan's title short enough for a diagram: 'Joint Statement (2025)' for a long user-added title."""
    meta = ds.documents[plan]
    title = meta.short_title(lang)
    if len(title) <= SHORT:
        return title
    year = str(meta.date)[:4]
    if any(is_cjk(ch) for ch in title):
        head = re.split(r"[「『（(]", title.split("との間の")[-1])[0].strip()
    else:
        head = re.split(r"\s+(?:between|of|on|for)\s+|[\"“(:]", title)[0].strip()
    head = head or title
    if len(head) > SHORT - 7:
        head = head[: SHORT - 8].rstrip() + "…"
    return t("hi.plan_label", lang, title=head, year=year)


def worded(key: str, kind: str) -> str:
    """The catalog key that tells a link whose later statement is of ``kind`` (``LINK_WORDING``): the plans' ``key`` or its own."""
    return LINK_WORDING.get(kind, {}).get(key, key)


def link_wording(ds: Dataset, plan: str) -> str:
    """The kind a document's links are told by: the kind every statement of it has when that kind has words of its own
    (``LINK_WORDING``: 'activity' for an IATI activity file), else '' (the plans' words)."""
    def make() -> dict[str, str]:
        # the (document, kind) pairs from column lists: a groupby iterated Arrow strings one by one (0.2 s at 10,000
        # statements a plan, on the History page's first visit: issue 29)
        pairs = ds.commitments[["document_id", "kind"]].drop_duplicates()  # a few pairs: hashed in C, not 40,000 tuples
        kinds: dict[str, set[str]] = {}
        for doc, kind in zip(pairs.document_id.tolist(), pairs.kind.tolist()):
            if isinstance(doc, str):
                kinds.setdefault(doc, set()).add(kind)
        out: dict[str, str] = {}
        for doc, only in kinds.items():
            kind = next(iter(only)) if len(only) == 1 else ""
            out[doc] = kind if kind in LINK_WORDING else ""
        return out
    return ds.derive(("link_wording",), make).get(plan, "")


def statement_wording(ds: Dataset, sid: str) -> str:
    """The kind a link whose later statement is ``sid`` is told by: that statement's kind when it has words of its own
    (``LINK_WORDING``), else '' (the plans' words)."""
    def make() -> dict[str, str]:
        table = ds.commitments
        own = table[table.kind.isin(list(LINK_WORDING))]
        return dict(zip(own.statement_id.astype(str), own.kind.astype(str)))
    return ds.derive(("statement_wording",), make).get(sid, "")


def bands_text(lang: str) -> str:
    """What strong / likely / weak mean and how often each was right: the History page and the About page say it once."""
    p = {k: f"{v:.0%}" for k, v in BAND_PRECISION.items()}
    return t("hi.bands", lang, strong=f"{STRONG:.2f}", likely=f"{LIKELY:.2f}", threshold=f"{THRESHOLD:.2f}",
             p_strong=p["strong"], p_likely=p["likely"], p_weak=p["weak"])


def ordered_plans(ds: Dataset) -> list[str]:
    """The plans by date: the documents whose role is a plan (``documents.document_role``; the others are events)."""
    return plan_order({d: plan_date(ds.documents[d]) for d in plan_ids(ds) if ds.documents[d].is_plan})


def ordered_events(ds: Dataset) -> list[str]:
    """The documents that are not plans (a meeting's outline, a press release), by date: events on the plans' time axis."""
    return plan_order({d: plan_date(ds.documents[d]) for d in plan_ids(ds) if not ds.documents[d].is_plan})


def history(ds: Dataset, flt: Filter) -> History:
    """The history of the statements ``flt`` selects (its plan filter left out); remembered per dataset and filter."""
    flt = flt.with_(documents=(), carried="")
    return ds.recent("history", 16).get(flt, lambda: _history(ds, flt))


def _history(ds: Dataset, flt: Filter) -> History:
    lang = flt.lang
    rows = selected(ds, flt)
    order = ordered_plans(ds)
    # columns as Python lists, statements grouped by plan as positions: a sub-frame per plan (and per place for the
    # shares) cost seconds at 10,000 statements a plan (issue 29)
    sid, plan_of = rows.statement_id.tolist(), rows.plan_id.tolist()
    came, went = rows.carried_from.tolist(), rows.carried_to.tolist()
    at: dict[str, list[int]] = {}
    for i, p in enumerate(plan_of):
        at.setdefault(p, []).append(i)
    by_plan = {p: at.get(p, []) for p in order}
    plans = pd.DataFrame([{
        "plan_id": p, "label": plan_label(ds, p, lang), "title": ds.documents[p].short_title(lang),
        "date": str(ds.documents[p].date), "year": int(str(ds.documents[p].date)[:4]),
        "statements": len(by_plan[p]),
    } for p in order], columns=list(PLAN_COLUMNS))
    rank = {p: i for i, p in enumerate(order)}
    flows = []
    for a, b in zip(order, order[1:]):
        ia, ib = by_plan[a], by_plan[b]
        of_a, of_b = a + ":", b + ":"  # a statement id is 'PLAN:NUMBER' (startswith: no list of parts per id)
        # those that carry on plan a first (what a click on the band from a asks for), then those taken up from older plans
        carried, older, new = [], [], []
        for i in ib:
            if not came[i]:
                new.append(sid[i])
            elif any(e.startswith(of_a) for e in came[i]):
                carried.append(sid[i])
            else:
                older.append(sid[i])
        carried += older
        on, dropped, resumed = [], [], []
        for i in ia:
            if any(x.startswith(of_b) for x in went[i]):
                on.append(sid[i])
            else:
                dropped.append(sid[i])
                if went[i] and any(rank.get(x.split(":")[0], -1) > rank[b] for x in went[i]):
                    resumed.append(sid[i])
        wording = link_wording(ds, b)
        flows += [
            {"earlier": a, "later": b, "flow": "carried", "n": len(carried), "earlier_n": len(on), "older": len(older),
             "resumed": 0, "ids": tuple(carried), "wording": wording},
            {"earlier": a, "later": b, "flow": "new", "n": len(new), "earlier_n": 0, "older": 0, "resumed": 0, "ids": tuple(new),
             "wording": wording},
            {"earlier": a, "later": b, "flow": "dropped", "n": len(dropped), "earlier_n": len(dropped), "older": 0,
             "resumed": len(resumed), "ids": tuple(dropped), "wording": wording},
        ]
    events = pd.DataFrame([{
        "doc_id": d, "label": plan_label(ds, d, lang), "title": ds.documents[d].short_title(lang), "date": str(ds.documents[d].date),
        "statements": len(at.get(d, ())),
    } for d in ordered_events(ds)], columns=list(EVENT_COLUMNS))
    themes, places = _counts(ds, rows, by_plan)
    return History(
        events=events,
        plans=plans,
        flows=pd.DataFrame(flows, columns=list(FLOW_COLUMNS)),
        themes=_shares(by_plan, themes, "themes", lang, ds),
        places=_shares(by_plan, places, "places", lang, ds),
        rows=rows,
    )


def _counts(ds: Dataset, rows: pd.DataFrame, by_plan: Mapping[str, list[int]]
            ) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """(theme, plan) and (place, plan) -> how many of the plan's statements (positions ``by_plan``) have it: a statement
    counts once per theme and once per place linked to it as a site or partner.

    Counted plan by plan without keeping a set per statement: 20,000 sets alive at once cost more in the garbage
    collector's passes than in the counting (issue 29).
    """
    g = ds.gazetteer.places
    themes, ids, roles = rows.themes.tolist(), rows.place_ids.tolist(), rows.place_roles.tolist()

    def mapped(i: int) -> Iterable[str]:  # the places of statement i counted once (most have one)
        if len(ids[i]) == 1 == len(roles[i]):
            return ids[i] if roles[i][0] in MAPPED_ROLES and ids[i][0] in g else ()
        return {p for p, r in zip(ids[i], roles[i]) if r in MAPPED_ROLES and p in g}

    by_theme: dict[tuple[str, str], int] = {}
    by_place: dict[tuple[str, str], int] = {}
    for plan, at in by_plan.items():  # Counter over a chain: the counting in C, one generator step per statement
        per_theme = Counter(itertools.chain.from_iterable(themes[i] if len(themes[i]) < 2 else set(themes[i]) for i in at))
        per_place = Counter(itertools.chain.from_iterable(mapped(i) for i in at if len(ids[i])))
        by_theme.update(((k, plan), n) for k, n in per_theme.items())
        by_place.update(((k, plan), n) for k, n in per_place.items())
    return by_theme, by_place


def _shares(by_plan: Mapping[str, list[int]], counts: Mapping[tuple[str, str], int], field: str, lang: str, ds: Dataset
            ) -> pd.DataFrame:
    """Per key (theme or place) and plan: how many of the plan's statements have it (``_counts``), and its share."""
    g = ds.gazetteer.places
    found = {k for k, _ in counts}
    if field == "themes":
        label = {k: theme_label(k, lang) for k in found}
        ordered = sorted(found, key=lambda k: theme_sort_key(k, lang))
    else:
        label = {k: place_name(g[k], lang) for k in found}
        total_of: dict[str, int] = {}
        for (k, _), n in counts.items():
            total_of[k] = total_of.get(k, 0) + n
        ordered = sorted(found, key=lambda k: (-total_of[k], place_sort_key(g[k], lang), k))  # most statements first
    out = [{"key": k, "label": label[k], "plan_id": plan, "n": counts.get((k, plan), 0), "total": len(at),
            "share": counts.get((k, plan), 0) / len(at) if len(at) else 0.0}
           for k in ordered for plan, at in by_plan.items()]
    return pd.DataFrame(out, columns=list(SHARE_COLUMNS)).astype({"n": int, "total": int, "share": float})


# --------------------------------------------------------------------------- one flow, statement by statement


@dataclass(frozen=True)
class Version:
    """A statement as the flow list shows it: its text in the chosen language (or its own), and where it comes from."""

    statement_id: str
    plan_id: str
    text: str
    language: str
    translated: bool  # shown in the chosen language (False: in its original one)
    citation: str
    kind: str = ""  # of the link to the statement it is shown beside: restated | extended | narrowed | related
    score: float | None = None  # the method's score (None for a link a user added)
    origin: str = ""  # method | confirmed | added

    @property
    def band(self) -> str:
        """The link's score in words: strong / likely / weak (``carry.band``)."""
        return band(self.score)

    @property
    def strength(self) -> float:
        """For ordering: a link a user confirmed or added first, then the method's by score."""
        return 10.0 if self.origin in ("confirmed", "added") else (self.score if self.score is not None else 0.0)


@dataclass(frozen=True)
class FlowItem:
    """One statement of a flow with its earlier versions (carried), or the later plans that take it up (dropped)."""

    statement: Version
    earlier: tuple[Version, ...] = ()  # the statements it carries on, latest plan first
    later_plans: tuple[str, ...] = ()  # for a statement not carried again: plans after the next one that take it up


TEXT_COLUMNS = ("text", "language", "translated", "plan_id", "section", "paragraph", "carried_to")


class _Texts(Mapping[str, dict[str, Any]]):
    """Statement id -> what a flow list shows of it (``TEXT_COLUMNS``), read from columns kept as Python lists.

    ``DataFrame.loc`` per statement took 2 ms a statement, for a flow of 5,000 statements (issue 29). A column is
    made readable when first read, and the positions by id when first asked for.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.ids: list[str] = table.statement_id.tolist()
        self._table = table
        self._columns: dict[str, Callable[[int], Any]] = {}
        self._positions: dict[str, int] | None = None

    def _column(self, name: str) -> Callable[[int], Any]:
        """Row -> the column's value: Arrow strings read one by one (a flow list reads 15 rows of 20,000: turning
        the text columns into lists was most of its first listing), other columns as lists (cheap)."""
        read = self._columns.get(name)
        if read is None:
            column = self._table[name]
            if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
                values = pa.array(column)
                read = self._columns[name] = lambda i: values[i].as_py()
            else:
                read = self._columns[name] = column.tolist().__getitem__  # shared by sessions: made twice at worst
        return read

    @property
    def _at(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {sid: i for i, sid in enumerate(self.ids)}
        return self._positions

    def value(self, sid: str, name: str) -> Any:
        return self._column(name)(self._at[sid])

    def __getitem__(self, sid: str) -> dict[str, Any]:
        i = self._at[sid]
        return {c: self._column(c)(i) for c in TEXT_COLUMNS}

    def __contains__(self, sid: object) -> bool:
        return sid in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def _texts(ds: Dataset, lang: str) -> _Texts:
    """The statements' texts for flow lists and pickers, made once per dataset and language (from the shared statement
    table as it is: a copy of it was a tenth of a flow's first listing at 10,000 statements a plan)."""
    return ds.derive(("history_texts", lang), lambda: _Texts(statement_table(ds, lang)))


def _links_by_later(ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Later statement id -> its links (``Dataset.carried`` rows as dicts), made once per dataset."""
    def make() -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for link in ds.carried.to_dict("records"):
            out.setdefault(link["later_id"], []).append(link)
        return out
    return ds.derive(("links_by_later",), make)


def _cite(ds: Dataset, row: Mapping[str, Any], lang: str, label: str | None = None) -> str:
    """'Joint Statement (2025), section 1, paragraph 1': ``i18n.citation`` with the plan's short label."""
    plan = str(row["plan_id"])
    return t("cite.statement", lang, title=label or plan_label(ds, plan, lang), section=row["section"],
             paragraph=int(row["paragraph"]))


def _version(ds: Dataset, texts: Mapping[str, Mapping[str, Any]], sid: str, lang: str, link: Mapping[str, Any] | None = None,
             labels: dict[str, str] | None = None) -> Version:
    row = texts[sid]
    score = None if link is None or pd.isna(link["score"]) else float(link["score"])
    plan = str(row["plan_id"])
    if labels is not None and plan not in labels:
        labels[plan] = plan_label(ds, plan, lang)
    return Version(sid, sid.split(":")[0], str(row["text"]), str(row["language"]), bool(row["translated"]),
                   _cite(ds, row, lang, (labels or {}).get(plan)),
                   *((str(link["kind"]), score, str(link["origin"])) if link is not None else ()))


def _strength(link: Mapping[str, Any]) -> float:
    """``Version.strength`` of a link: a user's first, then the method's by score."""
    if link["origin"] in ("confirmed", "added"):
        return 10.0
    return 0.0 if pd.isna(link["score"]) else float(link["score"])


class FlowItems(Sequence[FlowItem]):
    """The statements of one flow in the order they are listed, each made (texts, citations, earlier versions) only
    when it is asked for: the page lists a flow 15 statements at a time, and a flow of 10,000 statements a plan holds
    thousands (making every one took seconds)."""

    def __init__(self, ids: Sequence[str], make: Callable[[str], FlowItem]) -> None:
        self.ids = tuple(ids)
        self._make = make
        self._made: dict[str, FlowItem] = {}

    def _item(self, sid: str) -> FlowItem:
        if sid not in self._made:
            self._made[sid] = self._make(sid)
        return self._made[sid]

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> FlowItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[FlowItem]: ...

    def __getitem__(self, index: int | slice) -> FlowItem | list[FlowItem]:
        if isinstance(index, slice):
            return [self._item(sid) for sid in self.ids[index]]
        return self._item(self.ids[index])

    def __iter__(self) -> Iterator[FlowItem]:
        return (self._item(sid) for sid in self.ids)


def flow_items(ds: Dataset, hist: History, flow: str, earlier: str, later: str, lang: str) -> FlowItems:
    """The statements of one flow, each with its earlier version(s) and their citations, kinds, scores and origins.

    Carried statements come strongest link first, and so do the earlier versions beside each. The order is worked
    out for the whole flow; each item is made when it is read (``FlowItems``).
    """
    row = hist.flow(flow, earlier, later)
    if row is None:
        return FlowItems((), lambda sid: FlowItem(Version(sid, "", "", "", False, "")))
    texts = _texts(ds, lang)
    rank = {p: i for i, p in enumerate(hist.order)}
    labels: dict[str, str] = {}
    ids = list(row.ids)
    if flow == "carried":
        by_later = _links_by_later(ds)

        def links_of(sid: str) -> list[dict[str, Any]]:
            return [link for link in by_later.get(sid, ()) if link["earlier_id"] in texts]

        best = {sid: max((_strength(link) for link in links_of(sid)), default=0.0) for sid in ids}
        ids.sort(key=lambda sid: -best[sid])  # the strongest links first (a user's, then the method's); the plans' order among equals

        def make(sid: str) -> FlowItem:
            versions = sorted((_version(ds, texts, link["earlier_id"], lang, link, labels) for link in links_of(sid)),
                              key=lambda v: (-v.strength, -rank.get(v.plan_id, -1)))
            return FlowItem(_version(ds, texts, sid, lang, labels=labels), tuple(versions))
    elif flow == "dropped":
        def make(sid: str) -> FlowItem:
            plans = sorted({x.split(":")[0] for x in texts.value(sid, "carried_to") if rank.get(x.split(":")[0], -1) > rank[later]},
                           key=lambda p: rank[p])
            return FlowItem(_version(ds, texts, sid, lang, labels=labels), later_plans=tuple(plans))
    else:
        def make(sid: str) -> FlowItem:
            return FlowItem(_version(ds, texts, sid, lang, labels=labels))
    return FlowItems(ids, make)


def read_flow(hist: History, params: Mapping[str, str | None], lang: str) -> tuple[tuple[str, str, str] | None, list[str]]:
    """The flow a URL asks for (``?flow=carried&earlier=A&later=B``; not ``from``/``to``, which are the year range) as (flow, earlier, later), and notes on what was not understood.

    Without ``earlier``/``later`` the latest pair of plans is meant; an unknown flow or plan, or two plans that do
    not follow each other, is a note and no flow.
    """
    flow = (params.get("flow") or "").strip()
    if not flow:
        return None, []
    if flow not in FLOWS:
        return None, [t("hi.bad_flow", lang, value=repr(flow), allowed=", ".join(FLOWS))]
    order = hist.order
    if len(order) < 2:
        return None, []
    a, b = (params.get("earlier") or "").strip(), (params.get("later") or "").strip()
    if not a and not b:
        return (flow, order[-2], order[-1]), []
    unknown = [v for v in (a, b) if v not in order]
    if unknown:
        return None, [t("hi.bad_plan", lang, values=", ".join(repr(v) for v in unknown), allowed=", ".join(order))]
    if order.index(b) != order.index(a) + 1:
        return None, [t("hi.not_next", lang, earlier=a, later=b)]
    return (flow, a, b), []


def version_of(ds: Dataset, sid: str, lang: str) -> Version | None:
    """A statement as a flow list shows it (text and citation), or None if the dataset no longer holds it."""
    texts = _texts(ds, lang)
    return _version(ds, texts, sid, lang) if sid in texts else None


class Choices(Mapping[str, str]):
    """Picker labels by statement id (``statement_choices``), each made when it is first read, and folded for a search
    once: a picker lists 200 of a plan's 10,000 statements (a search finds the rest), so the labels of all are made
    only when the user searches (issue 29)."""

    def __init__(self, ids: Sequence[str], make: Callable[[str], str]) -> None:
        self.ids = list(ids)
        self._known = set(self.ids)
        self._make = make
        self._labels: dict[str, str] = {}
        self._folded: list[str] | None = None

    def __getitem__(self, sid: str) -> str:
        label = self._labels.get(sid)
        if label is None:
            if sid not in self._known:
                raise KeyError(sid)
            label = self._labels[sid] = self._make(sid)  # shared by sessions: two threads make the same label at worst
        return label

    def __contains__(self, sid: object) -> bool:
        return sid in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def folded(self) -> list[str]:
        if self._folded is None:
            self._folded = [fold(self[sid]).casefold() for sid in self.ids]
        return self._folded


def statement_choices(ds: Dataset, plans: Sequence[str], lang: str, width: int = 80) -> Choices:
    """Statement id -> a label for a picker ('Joint Plan (2016) 3.I:2.1 — Both sides will…'), for the plans given.

    Made once per dataset, language and plans (the page draws its form on every rerun).
    """
    return ds.derive(("history_choices", lang, tuple(plans), width), lambda: _choices(ds, plans, lang, width))


def matching_choices(choices: Mapping[str, str], query: str, limit: int) -> tuple[dict[str, str], int]:
    """The first ``limit`` choices whose label holds every word of ``query`` (Unicode and case folded), and how many do.

    A plan of 10,000 statements cannot be a list of 10,000 options (the browser receives each one on every
    rerun): the add-link form lists at most ``limit`` and finds the rest by their words or number.
    """
    words = fold(query).casefold().split()
    if not words:
        return dict(itertools.islice(choices.items(), limit)), len(choices)
    folded = choices.folded() if isinstance(choices, Choices) else [fold(label).casefold() for label in choices.values()]
    found = [sid for sid, label in zip(choices, folded) if all(w in label for w in words)]
    return {sid: choices[sid] for sid in found[:limit]}, len(found)


def _choices(ds: Dataset, plans: Sequence[str], lang: str, width: int) -> Choices:
    """The plans' statements found with Arrow (no Python string per statement of other plans), a label's text read
    when the label is made: a picker of a 10,000-statement plan labels 200 (issue 29)."""
    table = statement_table(ds, lang)
    labels = {p: plan_label(ds, p, lang) for p in set(plans) if p in ds.documents}
    mine = pc.is_in(pa.array(table.plan_id), value_set=pa.array(sorted(set(plans)), type=pa.string()))
    ids: list[str] = pa.array(table.statement_id).filter(mine).to_pylist()
    texts = pa.array(table.text).filter(mine)
    at = {sid: i for i, sid in enumerate(ids)}
    return Choices(ids, lambda sid: choice_label(labels, sid, texts[at[sid]].as_py(), width))


def choice_label(plan_labels: Mapping[str, str], sid: str, text: object, width: int) -> str:
    """'Joint Plan (2016) 3.I:2.1 — Both sides will…': a statement in a picker, its text cut at ``width``."""
    plan, number = sid.split(":", 1)
    words = " ".join(str(text).split())
    return f"{plan_labels[plan]} {number} — {words[:width]}{'…' if len(words) > width else ''}"
