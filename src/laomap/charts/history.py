"""The plan history drawn: an alluvial diagram of the flows between plans, and a table of each plan's shares.

Both return HTML (with their own CSS) and never draw it; every label is escaped. Every band of the
diagram is a link (``links``: (flow, earlier, later) -> URL), so is every share (key, plan) -> URL: a
plotly Sankey does not report its clicks to Streamlit, an SVG link does, like the other doors of the atlas.
A flow too thin to hit on the diagram is also a link in the list under it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from laomap.i18n import t

COLOURS = {"carried": "#2b7bba", "new": "#c26a1a", "dropped": "#66717f"}  # at BAND_OPACITY, each 3:1 or more on white
BAND_OPACITY = 0.85
NODE = "#1f3b57"

CSS = """<style>
.lm-hist { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.lm-alluvial { position: relative; width: 100%; }
.lm-alluvial > * { position: absolute; }
.lm-band { display: block; opacity: .85; transition: opacity .1s; }
.lm-band:hover, .lm-band:focus { opacity: 1; }
.lm-band:focus-visible { opacity: 1; outline: 3px solid #1d3557; outline-offset: 1px; }
.lm-band.lm-on { opacity: 1; }
.lm-hist-node { background: #1f3b57; border-radius: 2px; pointer-events: none; }
.lm-hist-head { transform: translateX(-50%); text-align: center; line-height: 1.2; pointer-events: none; }
.lm-hist-head b { display: block; font-size: .95rem; color: #111827; }
.lm-hist-head span { display: block; font-size: .8rem; color: #4b5563; }
.lm-hist-n { font-size: .82rem; font-weight: 600; color: #111827; background: rgba(255,255,255,.85); border-radius: 3px; padding: 0 3px;
  line-height: 1.2; pointer-events: none; }
.lm-hist-n.lm-mid { transform: translate(-50%, -50%); }
.lm-hist-n.lm-end { transform: translate(-100%, -50%); }
.lm-hist-n.lm-start { transform: translate(0, -50%); }
.lm-hist-axis { border-top: 1px solid #9ca3af; height: 0; pointer-events: none; }
.lm-hist-year { transform: translate(-50%, 4px); font-size: .8rem; color: #4b5563; pointer-events: none; }
.lm-hist-year::before { content: ""; position: absolute; left: 50%; top: -8px; width: 8px; height: 8px; margin-left: -4px;
  border-radius: 50%; background: #1f3b57; }
.lm-hist-legend { display: flex; flex-wrap: wrap; gap: 4px 18px; color: #4b5563; font-size: .9rem; margin: 2px 0 6px; }
.lm-hist-legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.lm-flows { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 6px 14px; margin: 6px 0 4px; }
.lm-flow-pair { border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 10px; font-size: .92rem; }
.lm-flow-pair b { display: block; margin-bottom: 2px; font-size: .88rem; }
.lm-flow-pair a, .lm-flow-pair span { text-decoration: none; color: inherit; display: inline-block; padding: 1px 10px 1px 0; white-space: nowrap; }
.lm-flow-pair a:hover, .lm-flow-pair a.lm-on { text-decoration: underline; }
.lm-flow-pair i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.lm-shares { overflow-x: auto; }
.lm-shares table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.lm-shares th { text-align: left; font-weight: 600; color: #374151; padding: 3px 6px; white-space: nowrap; vertical-align: bottom; }
.lm-shares th.lm-sh-plan { text-align: left; font-size: .82rem; min-width: 6.5rem; white-space: normal; }
.lm-shares td { padding: 2px 6px; border-top: 1px solid #f1f3f5; }
.lm-shares td.lm-sh-key { min-width: 8rem; max-width: 16rem; }
.lm-shares a { text-decoration: none; color: inherit; display: flex; align-items: center; gap: 6px; min-height: 1.5rem; }
.lm-shares a:hover span.lm-sh-n { text-decoration: underline; }
.lm-shares span.lm-sh-bar { display: inline-block; height: 10px; border-radius: 2px; background: #2b7bba; min-width: 1px; }
.lm-shares span.lm-sh-n { font-variant-numeric: tabular-nums; color: #111827; }
.lm-shares span.lm-sh-zero { color: #9ca3af; }
.lm-shares details summary { cursor: pointer; color: #4b5563; margin: 6px 0; }
</style>"""

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
    """What a flow is, in words, for its tooltip and the list: '35 statements of B carry on earlier ones (…)'."""
    a, b = labels[row["earlier"]], labels[row["later"]]
    if row["flow"] == "carried":
        text = t("hi.tip.carried", lang, n=row["n"], later=b, m=row["earlier_n"], earlier=a)
        if row["older"]:
            text += " " + t("hi.tip.older", lang, n=row["older"], earlier=a)
        return text
    if row["flow"] == "new":
        return t("hi.tip.new", lang, n=row["n"], later=b)
    text = t("hi.tip.dropped", lang, n=row["n"], earlier=a, later=b)
    if row["resumed"]:
        text += " " + t("hi.tip.resumed", lang, n=row["resumed"])
    return text


def alluvial_html(plans: pd.DataFrame, flows: pd.DataFrame, lang: str, links: Mapping[tuple[str, str, str], str],
                  chosen: tuple[str, str, str] | None = None) -> str:
    """The plans in date order as columns (height = statements in the selection) and the flows between them as bands."""
    e = html.escape
    order = list(plans.plan_id)
    n_of = dict(zip(plans.plan_id, plans.statements))
    labels = dict(zip(plans.plan_id, plans.label))
    top = max(n_of.values(), default=0) or 1
    scale = MAX_H / top
    step = (W - 2 * MARGIN) / max(len(order) - 1, 1)
    x = {p: (MARGIN + i * step if len(order) > 1 else W / 2) - NODE_W / 2 for i, p in enumerate(order)}

    def h(n: int) -> float:
        return max(n * scale, MIN_BAND) if n else 0.0

    height = TOP + max((h(n) for n in n_of.values()), default=0) + 34 + 60

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
        on = " lm-on" if chosen == key else ""
        tip = flow_sentence(row, labels, lang)
        bands.append(f'<a class="lm-band lm-band-{e(key[0])}{on}" href="{e(links[key])}" title="{e(tip)}" aria-label="{e(tip)}" '
                     f'data-flow="{e(key[0])}" '
                     f'data-from="{e(a)}" data-to="{e(b)}" data-n="{int(row["n"])}" style="{style};background:{COLOURS[row["flow"]]}"></a>')
        align = {"carried": "lm-mid", "new": "lm-end", "dropped": "lm-start"}[row["flow"]]
        numbers.append(f'<span class="lm-hist-n {align}" style="{at(nx, ny)}">{int(row["n"])}</span>')
    nodes = []
    for p in order:
        cx = x[p] + NODE_W / 2
        meta = plans[plans.plan_id == p].iloc[0]
        nodes.append(
            f'<div class="lm-hist-head" style="{at(cx, 0)};width:{100 * min(step, 300) / W - 1:.3f}%" title="{e(meta["title"])}">'
            f'<b>{e(meta["label"])}</b>'
            f'<span>{e(meta["date"])}</span><span>{e(t("hi.n_statements", lang, n=int(meta["statements"])))}</span></div>'
            f'<div class="lm-hist-node" style="{at(x[p], TOP)};width:{100 * NODE_W / W:.3f}%;'
            f'height:{100 * max(h(int(meta["statements"])), 1) / height:.3f}%"></div>')
    axis_y = height - 30
    axis = (f'<div class="lm-hist-axis" style="{at(MARGIN - 40, axis_y)};width:{100 * (W - 2 * MARGIN + 80) / W:.3f}%"></div>'
            + "".join(f'<span class="lm-hist-year" style="{at(x[p] + NODE_W / 2, axis_y)}">'
                      f'{int(plans[plans.plan_id == p].iloc[0]["year"])}</span>' for p in order))
    legend = '<div class="lm-hist-legend">' + "".join(
        f'<span><i style="background:{COLOURS[f]}"></i>{e(t(f"hi.flow.{f}", lang))}</span>' for f in COLOURS) + \
        f'<span>{e(t("hi.legend_note", lang))}</span></div>'
    least = max(560, int(COLUMN_PX * W / step))  # px: a column at least COLUMN_PX wide
    box = (f'<div class="lm-alluvial" role="group" aria-label="{e(t("hi.diagram", lang))}" '
           f'style="aspect-ratio:{W}/{height:.0f};min-width:{least}px">'
           + "".join(bands) + "".join(nodes) + "".join(numbers) + axis + "</div>")
    return CSS + legend + f'<div class="lm-hist">{box}</div>' + flow_list_html(plans, flows, lang, links, chosen)


def flow_list_html(plans: pd.DataFrame, flows: pd.DataFrame, lang: str, links: Mapping[tuple[str, str, str], str],
                   chosen: tuple[str, str, str] | None = None) -> str:
    """Every flow as a line of text and a link, pair by pair (the way to a flow too thin to click on the diagram)."""
    e = html.escape
    labels = dict(zip(plans.plan_id, plans.label))
    order = list(plans.plan_id)
    boxes = []
    for a, b in zip(order, order[1:]):
        items = []
        for row in flows[(flows.earlier == a) & (flows.later == b)].to_dict("records"):
            key = (row["flow"], a, b)
            on = ' class="lm-on"' if chosen == key else ""
            name = t("hi.flow." + row["flow"], lang)
            text = f'<i style="background:{COLOURS[row["flow"]]}"></i>{e(name)}: {int(row["n"])}'
            items.append(f'<a href="{e(links[key])}"{on} data-flow="{e(row["flow"])}" data-from="{e(a)}" '
                         f'data-to="{e(b)}" title="{e(flow_sentence(row, labels, lang))}">{text}</a>' if row["n"]
                         else f'<span>{text}</span>')
        boxes.append(f'<div class="lm-flow-pair"><b>{e(labels[a])} → {e(labels[b])}</b>{"".join(items)}</div>')
    return f'<div class="lm-flows">{"".join(boxes)}</div>'


def shares_html(shares: pd.DataFrame, plans: pd.DataFrame, lang: str, links: Mapping[tuple[str, str], str],
                head: str, first: int = 12) -> str:
    """Each plan's share of its statements per theme or place (``history.History.themes`` / ``places``) as a table of bars.

    Rows are themes (or places), columns the plans in date order: reading a row left to right is the slope of its
    share over time. Every non-zero cell is a link to its statements; its tooltip gives the counts. Past ``first``
    rows the rest fold under a 'show all' line.
    """
    e = html.escape
    order = list(plans.plan_id)
    labels = dict(zip(plans.plan_id, plans.label))
    top = max(shares.share, default=0) or 1
    heads = "".join(f'<th class="lm-sh-plan" title="{e(str(t_))}">{e(labels[p])}</th>' for p, t_ in zip(order, plans.title))
    rows = []
    for key, group in shares.groupby("key", sort=False):
        cells = []
        for p in order:
            hit = group[group.plan_id == p]
            n, total, share = (int(hit.n.iloc[0]), int(hit.total.iloc[0]), float(hit.share.iloc[0])) if len(hit) else (0, 0, 0.0)
            pct = t("hi.pct", lang, pct=f"{100 * share:.0f}")
            if n:
                tip = t("hi.share_tip", lang, n=n, total=total, pct=pct, plan=labels[p], what=group.label.iloc[0])
                cells.append(f'<td><a href="{e(links[(key, p)])}" title="{e(tip)}" data-n="{n}">'
                             f'<span class="lm-sh-bar" style="width:{40 * share / top:.1f}px"></span>'
                             f'<span class="lm-sh-n">{e(pct)}</span></a></td>')
            else:
                cells.append('<td><span class="lm-sh-zero">–</span></td>')
        rows.append(f'<tr><td class="lm-sh-key">{e(group.label.iloc[0])}</td>{"".join(cells)}</tr>')
    table = f'<thead><tr><th>{e(head)}</th>{heads}</tr></thead>'
    shown = f'<table>{table}<tbody>{"".join(rows[:first])}</tbody></table>'
    rest = ""
    if len(rows) > first:
        rest = (f'<details><summary>{e(t("hi.show_more", lang, n=len(rows) - first))}</summary>'
                f'<table>{table}<tbody>{"".join(rows[first:])}</tbody></table></details>')
    return CSS + f'<div class="lm-shares">{shown}{rest}</div>'
