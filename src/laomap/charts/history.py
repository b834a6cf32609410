"""The plan history drawn: an alluvial diagram of the flows between plans, and a table of each plan's shares.

Both return HTML (with their own CSS) and never draw it; every label is escaped. Every band of the
diagram is a link (``links``: (flow, earlier, later) -> URL), so is every share (key, plan) -> URL: a
plotly Sankey does not report its clicks to Streamlit, an SVG link does, like the other doors of the atlas.
A flow too thin to hit on the diagram is also a link in the list under it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from laomap.i18n import t
from laomap.style import FLOW_COLOURS, HISTORY_NODE, colours
from laomap.templates import render, stylesheet
from laomap.views.history import worded

COLOURS = FLOW_COLOURS  # one colour per flow, from style
BAND_OPACITY = 0.85
NODE = HISTORY_NODE

CSS = "<style>" + stylesheet("history.css", **colours()) + "</style>"

W, TOP, MAX_H, NODE_W, MIN_BAND = 1000, 96, 230, 14, 5.0
COLUMN_PX = 150  # the least width of a plan's column (its title wraps inside it): the diagram scrolls sideways below
MARGIN = 110
STUB = 0.38  # a new or not-carried-again band reaches this share of the way to the neighbouring plan


def _curve(x0: float, y0: float, x1: float, y1: float, steps: int = 18) -> list[tuple[float, float]]:
    """Points of a horizontal S-curve (a cubic with both control points half-way across) from (x0, y0) to (x1, y1)."""
    xm = (x0 + x1) / 2
    out = []
    for i in range(steps + 1):
        u = i / steps
        a, b, c, d = (1 - u) ** 3, 3 * (1 - u) ** 2 * u, 3 * (1 - u) * u ** 2, u ** 3
        out.append((a * x0 + b * xm + c * xm + d * x1, a * y0 + b * y0 + c * y1 + d * y1))
    return out


def _band(x0: float, y0a: float, y0b: float, x1: float, y1a: float, y1b: float, height: float) -> str:
    """A band from the edge (x0, y0a..y0b) to the edge (x1, y1a..y1b) as the style of an absolutely placed box:
    its bounding box in % of the diagram, and a clip-path polygon in % of the box (clicks land only inside it).

    HTML and CSS rather than SVG: Streamlit's st.html keeps HTML only (it strips SVG).
    """
    points = _curve(x0, y0a, x1, y1a) + _curve(x1, y1b, x0, y0b)
    left, right = min(p[0] for p in points), max(p[0] for p in points)
    top, bottom = min(p[1] for p in points), max(p[1] for p in points)
    w, h = max(right - left, 1e-6), max(bottom - top, 1e-6)
    poly = ",".join(f"{100 * (px - left) / w:.2f}% {100 * (py - top) / h:.2f}%" for px, py in points)
    return (f"left:{100 * left / W:.3f}%;top:{100 * top / height:.3f}%;width:{100 * w / W:.3f}%;height:{100 * h / height:.3f}%;"
            f"clip-path:polygon({poly})")


def flow_sentence(row: Mapping, labels: Mapping[str, str], lang: str) -> str:
    """What a flow is, in words, for its tooltip and the list: '35 statements of B carry on earlier ones (…)'; in the
    words of the later plan's kind (``views.history.worded``: an IATI activity file carries statements out)."""
    a, b = labels[row["earlier"]], labels[row["later"]]
    kind = str(row.get("wording") or "")
    if row["flow"] == "carried":
        text = t(worded("hi.tip.carried", kind), lang, n=row["n"], later=b, m=row["earlier_n"], earlier=a)
        if row["older"]:
            text += " " + t(worded("hi.tip.older", kind), lang, n=row["older"], earlier=a)
        return text
    if row["flow"] == "new":
        return t(worded("hi.tip.new", kind), lang, n=row["n"], later=b)
    text = t(worded("hi.tip.dropped", kind), lang, n=row["n"], earlier=a, later=b)
    if row["resumed"]:
        text += " " + t("hi.tip.resumed", lang, n=row["resumed"])
    return text


def _when(day: str) -> float:
    """'2021', '2023-05' or '2016-09-06' as a year with its fraction (for placing an event between two plans)."""
    parts = [int(x) for x in str(day).split("-")]
    return parts[0] + ((parts[1] - 1) / 12 if len(parts) > 1 else 0.5) + ((parts[2] - 1) / 365 if len(parts) > 2 else 0.0)


def _event_x(day: str, order: list[str], dates: Mapping[str, str], x: Mapping[str, float], step: float) -> float:
    """Where an event sits on the plans' axis: between the two plans it falls between, in proportion to its date
    (kept clear of their marks); before the first plan or after the last, in the margin beside it."""
    t_ = _when(day)
    times = [_when(dates[p]) for p in order]
    centre = {p: x[p] + NODE_W / 2 for p in order}
    if not order:
        return W / 2
    if t_ < times[0]:
        return centre[order[0]] - 0.55 * MARGIN
    if t_ >= times[-1]:
        return centre[order[-1]] + 0.55 * MARGIN
    i = max(j for j, tj in enumerate(times) if tj <= t_)
    span = times[i + 1] - times[i]
    share = min(max((t_ - times[i]) / span if span else 0.5, 0.2), 0.8)
    return centre[order[i]] + share * step


def alluvial_html(plans: pd.DataFrame, flows: pd.DataFrame, lang: str, links: Mapping[tuple[str, str, str], str],
                  chosen: tuple[str, str, str] | None = None, events: pd.DataFrame | None = None,
                  event_links: Mapping[str, str] | None = None) -> str:
    """The plans in date order as columns (height = statements in the selection) and the flows between them as bands.

    ``events``: the documents that are not plans (``history.History.events``), each a mark on the plans' time axis at
    its date, with its title and a link to its statements (``event_links``), not a column of the flows."""
    order = list(plans.plan_id)
    n_of = dict(zip(plans.plan_id, plans.statements))
    labels = dict(zip(plans.plan_id, plans.label))
    top = max(n_of.values(), default=0) or 1
    scale = MAX_H / top
    step = (W - 2 * MARGIN) / max(len(order) - 1, 1)
    x = {p: (MARGIN + i * step if len(order) > 1 else W / 2) - NODE_W / 2 for i, p in enumerate(order)}

    def h(n: int) -> float:
        return max(n * scale, MIN_BAND) if n else 0.0

    below = 44 if events is not None and len(events) else 0  # room under the axis for the events' titles
    height = TOP + max((h(n) for n in n_of.values()), default=0) + 34 + 60 + below

    def at(px: float, py: float) -> str:
        return f"left:{100 * px / W:.3f}%;top:{100 * py / height:.3f}%"

    bands, numbers = [], []
    for row in flows.to_dict("records"):
        key = (row["flow"], row["earlier"], row["later"])
        if not row["n"]:
            continue
        a, b = row["earlier"], row["later"]
        xa, xb = x[a] + NODE_W, x[b]
        carried = flows[(flows.earlier == a) & (flows.later == b) & (flows.flow == "carried")].iloc[0]
        if row["flow"] == "carried":
            style = _band(xa, TOP, TOP + h(row["earlier_n"]), xb, TOP, TOP + h(row["n"]), height)
            nx, ny = (xa + xb) / 2, TOP + (h(row["earlier_n"]) + h(row["n"])) / 4
        elif row["flow"] == "new":
            y1 = TOP + h(carried["n"])
            x0 = xb - STUB * (xb - xa)
            style = _band(x0, y1 + 30, y1 + 30 + h(row["n"]), xb, y1, y1 + h(row["n"]), height)
            nx, ny = x0, y1 + 30 + h(row["n"]) / 2
        else:
            y0 = TOP + h(carried["earlier_n"])
            x1 = xa + STUB * (xb - xa)
            style = _band(xa, y0, y0 + h(row["n"]), x1, y0 + 30, y0 + 30 + h(row["n"]), height)
            nx, ny = x1, y0 + 30 + h(row["n"]) / 2
        bands.append({"flow": key[0], "on": chosen == key, "link": links[key], "tip": flow_sentence(row, labels, lang),
                      "earlier": a, "later": b, "n": int(row["n"]), "style": style, "colour": COLOURS[row["flow"]]})
        numbers.append({"align": {"carried": "lm-mid", "new": "lm-end", "dropped": "lm-start"}[row["flow"]],
                        "style": at(nx, ny), "n": int(row["n"])})
    nodes = []
    for p in order:
        meta = plans[plans.plan_id == p].iloc[0]
        nodes.append({
            "head_style": f"{at(x[p] + NODE_W / 2, 0)};width:{100 * min(step, 300) / W - 1:.3f}%", "title": meta["title"],
            "label": meta["label"], "date": meta["date"], "count": t("hi.n_statements", lang, n=int(meta["statements"])),
            "node_style": f"{at(x[p], TOP)};width:{100 * NODE_W / W:.3f}%;height:{100 * max(h(int(meta['statements'])), 1) / height:.3f}%"})
    axis_y = height - 30 - below
    years = [{"style": at(x[p] + NODE_W / 2, axis_y), "year": int(plans[plans.plan_id == p].iloc[0]["year"])} for p in order]
    dates = dict(zip(plans.plan_id, plans.date))
    marks = []
    for ev in ([] if events is None else events.to_dict("records")):
        ex = _event_x(ev["date"], order, dates, x, step)
        tip = t("hi.event_tip", lang, title=ev["title"], date=ev["date"], n=int(ev["statements"]))
        marks.append({"style": at(ex, axis_y), "label": ev["label"], "date": ev["date"], "tip": tip, "id": ev["doc_id"],
                      "link": (event_links or {}).get(ev["doc_id"], "")})
    least = max(560, int(COLUMN_PX * W / step))  # px: a column at least COLUMN_PX wide
    legend = [{"colour": COLOURS[f], "label": t(f"hi.flow.{f}", lang)} for f in COLOURS]
    diagram = render("alluvial.html", legend=legend, event_legend=t("hi.event_legend", lang) if marks else "",
                     legend_note=t("hi.legend_note", lang), label=t("hi.diagram", lang), width=W, height=height, least=least,
                     bands=bands, nodes=nodes, numbers=numbers, years=years, events=marks,
                     axis_style=f"{at(MARGIN - 40, axis_y)};width:{100 * (W - 2 * MARGIN + 80) / W:.3f}%")
    return CSS + diagram + flow_list_html(plans, flows, lang, links, chosen)


def flow_list_html(plans: pd.DataFrame, flows: pd.DataFrame, lang: str, links: Mapping[tuple[str, str, str], str],
                   chosen: tuple[str, str, str] | None = None) -> str:
    """Every flow as a line of text and a link, pair by pair (the way to a flow too thin to click on the diagram)."""
    labels = dict(zip(plans.plan_id, plans.label))
    order = list(plans.plan_id)
    pairs = []
    for a, b in zip(order, order[1:]):
        items = [{"flow": row["flow"], "n": int(row["n"]), "on": chosen == (row["flow"], a, b), "colour": COLOURS[row["flow"]],
                  "name": t("hi.flow." + row["flow"], lang), "link": links[(row["flow"], a, b)] if row["n"] else "",
                  "tip": flow_sentence(row, labels, lang)}
                 for row in flows[(flows.earlier == a) & (flows.later == b)].to_dict("records")]
        pairs.append({"a": a, "b": b, "earlier": labels[a], "later": labels[b], "flows": items})
    return render("flow_list.html", pairs=pairs)


def shares_html(shares: pd.DataFrame, plans: pd.DataFrame, lang: str, links: Mapping[tuple[str, str], str],
                head: str, top: float | None = None) -> str:
    """Each plan's share of its statements per theme or place (``history.History.themes`` / ``places``) as a table of bars.

    Rows are themes (or places), columns the plans in date order: reading a row left to right is the slope of its
    share over time. Every non-zero cell is a link to its statements; its tooltip gives the counts. Every row given is
    drawn: the page passes the first rows of a long table (and the rest when asked, ``ui.historyview.shares``), with
    ``top``, the largest share of the whole table, so that a bar keeps its length whether the rest is drawn or not.
    """
    order = list(plans.plan_id)
    labels = dict(zip(plans.plan_id, plans.label))
    top = top if top is not None else max(shares.share, default=0)
    top = top or 1
    by_key: dict[str, dict[str, dict]] = {}  # key -> plan -> its row (plain dicts: a frame per place took seconds at 500 places)
    for r in shares.to_dict("records"):
        by_key.setdefault(r["key"], {})[r["plan_id"]] = r
    rows = []
    for key, by_plan in by_key.items():
        what = next(iter(by_plan.values()))["label"]
        cells = []
        for p in order:
            hit = by_plan.get(p)
            n, total, share = (int(hit["n"]), int(hit["total"]), float(hit["share"])) if hit else (0, 0, 0.0)
            pct = t("hi.pct", lang, pct=f"{100 * share:.0f}")
            if n:
                tip = t("hi.share_tip", lang, n=n, total=total, pct=pct, plan=labels[p], what=what)
                cells.append({"n": n, "link": links[(key, p)], "tip": tip, "width": 40 * share / top, "pct": pct})
            else:
                cells.append({"n": 0})
        rows.append({"label": what, "cells": cells})
    return CSS + render("shares.html", head=head, rows=rows,
                        plans=[{"label": labels[p], "title": str(t_)} for p, t_ in zip(order, plans.title)])
