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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from laomap.i18n import t, theme_label, theme_sort_key
from laomap.pipeline.carry import BAND_PRECISION, LIKELY, STRONG, THRESHOLD, band, plan_order
from laomap.pipeline.dataset import plan_date
from laomap.textnorm import fold, is_cjk
from laomap.views.details import place_name, place_sort_key
from laomap.views.filters import Filter, plan_ids, selected, statements

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

FLOWS = ("carried", "new", "dropped")  # URL values of ?flow=
MAPPED_ROLES = ("site", "partner")
PLAN_COLUMNS = ("plan_id", "label", "title", "date", "year", "statements")  # date: as the plan gives it (ordered by plan_date)
EVENT_COLUMNS = ("doc_id", "label", "title", "date", "statements")  # a document that is not a plan, on the time axis
FLOW_COLUMNS = ("earlier", "later", "flow", "n", "earlier_n", "older", "resumed", "ids")
SHARE_COLUMNS = ("key", "label", "plan_id", "n", "total", "share")
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
    by_plan = {p: rows[rows.plan_id == p] for p in order}
    plans = pd.DataFrame([{
        "plan_id": p, "label": plan_label(ds, p, lang), "title": ds.documents[p].short_title(lang),
        "date": str(ds.documents[p].date), "year": int(str(ds.documents[p].date)[:4]),
        "statements": len(by_plan[p]),
    } for p in order], columns=list(PLAN_COLUMNS))
    rank = {p: i for i, p in enumerate(order)}
    flows = []
    for a, b in zip(order, order[1:]):
        ra, rb = by_plan[a], by_plan[b]
        older = [s for s, cf in zip(rb.statement_id, rb.carried_from) if cf and not any(e.split(":")[0] == a for e in cf)]
        # those that carry on plan a first (what a click on the band from a asks for), then those taken up from older plans
        taken_up = set(older)
        carried = [s for s, cf in zip(rb.statement_id, rb.carried_from) if cf and s not in taken_up] + older
        new = [s for s, cf in zip(rb.statement_id, rb.carried_from) if not cf]
        on = [s for s, ct in zip(ra.statement_id, ra.carried_to) if any(x.split(":")[0] == b for x in ct)]
        dropped = [s for s, ct in zip(ra.statement_id, ra.carried_to) if not any(x.split(":")[0] == b for x in ct)]
        later_ct = dict(zip(ra.statement_id, ra.carried_to))
        resumed = [s for s in dropped if any(rank.get(x.split(":")[0], -1) > rank[b] for x in later_ct[s])]
        flows += [
            {"earlier": a, "later": b, "flow": "carried", "n": len(carried), "earlier_n": len(on), "older": len(older),
             "resumed": 0, "ids": tuple(carried)},
            {"earlier": a, "later": b, "flow": "new", "n": len(new), "earlier_n": 0, "older": 0, "resumed": 0, "ids": tuple(new)},
            {"earlier": a, "later": b, "flow": "dropped", "n": len(dropped), "earlier_n": len(dropped), "older": 0,
             "resumed": len(resumed), "ids": tuple(dropped)},
        ]
    events = pd.DataFrame([{
        "doc_id": d, "label": plan_label(ds, d, lang), "title": ds.documents[d].short_title(lang), "date": str(ds.documents[d].date),
        "statements": int((rows.plan_id == d).sum()),
    } for d in ordered_events(ds)], columns=list(EVENT_COLUMNS))
    return History(
        events=events,
        plans=plans,
        flows=pd.DataFrame(flows, columns=list(FLOW_COLUMNS)),
        themes=_shares(by_plan, "themes", lang, ds),
        places=_shares(by_plan, "places", lang, ds),
        rows=rows,
    )


def _shares(by_plan: Mapping[str, pd.DataFrame], field: str, lang: str, ds: Dataset) -> pd.DataFrame:
    g = ds.gazetteer.places
    counts: dict[tuple[str, str], int] = {}
    for plan, rows in by_plan.items():
        if field == "themes":
            keys = [set(ts) for ts in rows.themes]
        else:
            keys = [{p for p, r in zip(ids, roles) if r in MAPPED_ROLES and p in g} for ids, roles in zip(rows.place_ids, rows.place_roles)]
        for ks in keys:
            for k in ks:
                counts[(k, plan)] = counts.get((k, plan), 0) + 1
    found = {k for k, _ in counts}
    if field == "themes":
        label = {k: theme_label(k, lang) for k in found}
        ordered = sorted(found, key=lambda k: theme_sort_key(k, lang))
    else:
        label = {k: place_name(g[k], lang) for k in found}
        total_of = {k: sum(n for (kk, _), n in counts.items() if kk == k) for k in found}
        ordered = sorted(found, key=lambda k: (-total_of[k], place_sort_key(g[k], lang), k))  # most statements first
    out = [{"key": k, "label": label[k], "plan_id": plan, "n": counts.get((k, plan), 0), "total": len(rows),
            "share": counts.get((k, plan), 0) / len(rows) if len(rows) else 0.0}
           for k in ordered for plan, rows in by_plan.items()]
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


def _texts(ds: Dataset, lang: str) -> pd.DataFrame:
    return ds.derive(("history_texts", lang), lambda: statements(ds, lang).set_index("statement_id"))


def _cite(ds: Dataset, row: pd.Series, lang: str) -> str:
    """'Joint Statement (2025), section 1, paragraph 1': ``i18n.citation`` with the plan's short label."""
    plan = str(row["plan_id"])
    return t("cite.statement", lang, title=plan_label(ds, plan, lang), section=row["section"], paragraph=int(row["paragraph"]))


def _version(ds: Dataset, texts: pd.DataFrame, sid: str, lang: str, link: Mapping[str, Any] | None = None) -> Version:
    row = texts.loc[sid]
    score = None if link is None or pd.isna(link["score"]) else float(link["score"])
    return Version(sid, sid.split(":")[0], str(row["text"]), str(row["language"]), bool(row["translated"]),
                   _cite(ds, row, lang), *((str(link["kind"]), score, str(link["origin"])) if link is not None else ()))


def flow_items(ds: Dataset, hist: History, flow: str, earlier: str, later: str, lang: str) -> list[FlowItem]:
    """The statements of one flow, each with its earlier version(s) and their citations, kinds, scores and origins.

    Carried statements come strongest link first, and so do the earlier versions beside each.
    """
    row = hist.flow(flow, earlier, later)
    if row is None:
        return []
    texts = _texts(ds, lang)
    links = ds.carried
    rank = {p: i for i, p in enumerate(hist.order)}
    by_later = {sid: group for sid, group in links.groupby("later_id")} if flow == "carried" else {}
    items = []
    for sid in row.ids:
        if flow == "carried":
            group = by_later.get(sid, links.iloc[0:0])
            versions = tuple(sorted((_version(ds, texts, e, lang, link) for e, link in zip(group.earlier_id, group.to_dict("records"))
                                     if e in texts.index), key=lambda v: (-v.strength, -rank.get(v.plan_id, -1))))
            items.append(FlowItem(_version(ds, texts, sid, lang), versions))
        elif flow == "dropped":
            later_ids = texts.loc[sid, "carried_to"]
            plans = sorted({x.split(":")[0] for x in later_ids if rank.get(x.split(":")[0], -1) > rank[later]}, key=lambda p: rank[p])
            items.append(FlowItem(_version(ds, texts, sid, lang), later_plans=tuple(plans)))
        else:
            items.append(FlowItem(_version(ds, texts, sid, lang)))
    if flow == "carried":  # the strongest links first (a user's, then the method's by score); the plans' order among equals
        items.sort(key=lambda item: -max((v.strength for v in item.earlier), default=0.0))
    return items


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
    return _version(ds, texts, sid, lang) if sid in texts.index else None


def statement_choices(ds: Dataset, plans: Sequence[str], lang: str, width: int = 80) -> dict[str, str]:
    """Statement id -> a label for a picker ('Joint Plan (2016) 3.I:2.1 — Both sides will…'), for the plans given.

    Made once per dataset, language and plans (the page draws its form on every rerun).
    """
    return ds.derive(("history_choices", lang, tuple(plans), width), lambda: _choices(ds, plans, lang, width))


def matching_choices(choices: dict[str, str], query: str, limit: int) -> tuple[dict[str, str], int]:
    """The first ``limit`` choices whose label holds every word of ``query`` (Unicode and case folded), and how many do.

    A plan of 10,000 statements cannot be a list of 10,000 options (the browser receives each one on every
    rerun): the add-link form lists at most ``limit`` and finds the rest by their words or number.
    """
    words = fold(query).casefold().split()
    found = ({sid: label for sid, label in choices.items() if all(w in fold(label).casefold() for w in words)}
             if words else choices)
    return dict(itertools.islice(found.items(), limit)), len(found)


def _choices(ds: Dataset, plans: Sequence[str], lang: str, width: int) -> dict[str, str]:
    texts = _texts(ds, lang)
    wanted = set(plans)
    out = {}
    labels = {p: plan_label(ds, p, lang) for p in wanted if p in ds.documents}
    for sid, raw in zip(texts.index, texts.text):
        if sid.split(":")[0] in wanted:
            text = " ".join(str(raw).split())
            out[sid] = f"{labels[sid.split(':')[0]]} {sid.split(':', 1)[1]} — {text[:width]}{'…' if len(text) > width else ''}"
    return out
