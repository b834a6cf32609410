"""The interactive timeline: ``chronology.timeline_items`` -> HTML.

One lane per theme (a statement's first selected theme); inside a lane, items that would
overlap are stacked on sub-rows. Periods are bars, "since" mentions open bars up to the
plan's year, events points, targets diamonds (milestones) and derived anniversary origins
rings; a statement that gives no date of its own sits at its plan's date as a grey open
square ("plan's date"). An item's tooltip shows the clause, the words that carry the date
and the citation; each item links to its statement. Dashed lines mark the plans' dates.
HTML rather than a plotly chart (as until issue 14): no chart library to load, so the page
opens as fast as the map; every text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from laomap.i18n import t
from laomap.style import DATE_KIND, DATE_KINDS
from laomap.templates import render

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset


KINDS = tuple(k.id for k in DATE_KINDS)  # in the legend's order (style.DATE_KINDS: mark, colour, label of each)
# Sub-rows a lane may take (the real plans need at most 6): past that, items share the row that frees up
# first, so that 10,000 statements make a chart a few screens tall rather than 79,000 px.
MAX_ROWS_PER_LANE = 8
def _centre(start: date, end: date) -> date:
    return start + (end - start) / 2


def _rows_within_lanes(items: pd.DataFrame, max_rows: int = MAX_ROWS_PER_LANE) -> pd.Series:
    """A sub-row for every item so that items of one lane do not overlap (greedy interval packing).

    A lane takes at most ``max_rows`` sub-rows; an item that finds none free goes to the one that frees up first.
    """
    out: dict = {}
    pad = timedelta(days=75)  # a point marker is about two and a half months wide at the usual zoom
    spans = {}
    for idx, kind, start, end in zip(items.index, items.kind, items.start, items.end):
        if DATE_KIND[kind].is_bar:
            spans[idx] = (start, end)
        else:
            c = _centre(start, end)
            spans[idx] = (c - pad, c + pad)
    for _, lane in items.groupby("lane", sort=False):
        ends: list[date] = []
        for idx in sorted(lane.index, key=lambda i: spans[i]):
            lo, hi = spans[idx]
            for row, end in enumerate(ends):
                if lo > end:
                    ends[row] = hi
                    out[idx] = row
                    break
            else:
                if len(ends) < max_rows:
                    ends.append(hi)
                    out[idx] = len(ends) - 1
                else:
                    row = min(range(len(ends)), key=ends.__getitem__)
                    ends[row] = max(ends[row], hi)
                    out[idx] = row
    return pd.Series([out[i] for i in items.index], index=items.index, dtype="int64")


def _focus(items: pd.DataFrame) -> tuple[date, date, date, date]:
    """The full extent and the initial view: the dense middle when a few items lie decades away."""
    lo, hi = min(items.start), max(items.end)
    full = (date(lo.year - 1, 1, 1), date(hi.year + 2, 1, 1))
    if hi.year - lo.year <= 25:
        return (*full, *full)
    centres = pd.Series([_centre(s, e).toordinal() for s, e in zip(items.start, items.end)])
    a, b = date.fromordinal(int(centres.quantile(0.1))), date.fromordinal(int(centres.quantile(0.9)))
    view = (date(max(lo.year, a.year - 2) - 1, 1, 1), date(min(hi.year, b.year + 5) + 1, 1, 1))
    return (*full, *view)


# ----------------------------------------------------------------------------------------- HTML


LANE_ROW = 22  # px per sub-row of a lane
TITLE_CHARS = 280  # of the clause in an item's tooltip
NAME_CHARS = 160  # of the clause in an item's accessible name
# The HTML classes of each mark (style.MARKS); the stylesheet (ui.look) draws them, a kind's class gives the colours.
MARK_CLASSES = {"bar": "lm-tl-bar", "open-bar": "lm-tl-bar lm-tl-open", "dot": "lm-tl-mark lm-tl-dot",
                "diamond": "lm-tl-mark lm-tl-diamond", "ring": "lm-tl-mark lm-tl-ring", "square": "lm-tl-mark lm-tl-square"}


def mark_class(kind: str) -> str:
    """The classes of a kind's mark: its shape and its colours (``lm-tl-k-<kind>``)."""
    return f"{MARK_CLASSES[DATE_KIND[kind].mark]} lm-tl-k-{kind}"


def _ticks(lo: date, hi: date) -> list[int]:
    years = hi.year - lo.year
    step = 1 if years <= 16 else (2 if years <= 30 else 5 if years <= 80 else 10)
    first = lo.year + (-lo.year) % step
    return [y for y in range(first, hi.year + 1, step) if lo <= date(y, 1, 1) <= hi]


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def timeline_html(items: pd.DataFrame, lang: str, ds: Dataset | None = None, links: Mapping[str, str] | None = None) -> str:
    """The timeline of ``items`` (``chronology.timeline_items``) as HTML: a lane per theme, items placed by date.

    Periods are bars, "since" mentions open bars up to the plan's year, events dots, targets
    diamonds, anniversary origins rings and statements without a date grey open squares at
    their plan's date; dashed lines mark the plans' dates (with ``ds``). Each item's tooltip
    (``data-tip``, drawn by the stylesheet: Streamlit strips ``title``) gives its date, kind, clause, the words that carry the date and the citation; with
    ``links`` (statement id -> URL) each item opens its statement. HTML rather than plotly:
    the page then needs no chart library and opens as fast as the map.
    """
    if items.empty:
        return render("timeline.html", lanes=[], empty=t("tl.empty", lang))
    items = items.copy()
    items["lane"] = items.theme
    lane_order = list(dict.fromkeys(items.sort_values(["start", "statement_id"]).lane))
    items["row"] = _rows_within_lanes(items)
    _lo, _hi, view_lo, view_hi = _focus(items)
    days = max(1, (view_hi - view_lo).days)

    def x(d: date) -> float:
        return max(0.0, min(100.0, 100 * (d - view_lo).days / days))

    inside = ~((items.end < view_lo) | (items.start > view_hi))
    ticks = [{"x": x(date(y, 1, 1)), "year": y} for y in _ticks(view_lo, view_hi)]
    plans = []
    if ds is not None:
        for plan_id in sorted(set(items.plan_id)):
            meta = ds.documents[plan_id]
            when = date.fromisoformat(meta.date) if len(meta.date) == 10 else date(int(meta.date[:4]), 7, 1)
            if view_lo <= when <= view_hi:
                plans.append({"x": x(when), "title": meta.short_title(lang)})

    def tooltip(r) -> str:
        when = r.iso.replace("/", "–")
        if r.kind == "plan":
            return f"{when} · {t('tl.plan_note', lang)}\n{_clip(r.text, TITLE_CHARS)}\n{r.citation}"
        derived = f" ({t('tl.derived', lang)})" if r.derived else ""
        return (f"{when} · {t(DATE_KIND[r.kind].label, lang)}{derived}\n{_clip(r.text, TITLE_CHARS)}\n"
                f"{t('tl.date_words', lang)}: “{r.quote}” — {r.citation}")

    def name(r) -> str:
        """What a screen reader says for an item: its date, its kind and its statement (no shapes, no colours)."""
        return f"{r.iso.replace('/', '–')} · {t(DATE_KIND[r.kind].label, lang)} · {_clip(r.text, NAME_CHARS)}"

    lanes = []
    for lane in lane_order:
        sub = items[(items.lane == lane) & inside]
        rows = int(items[items.lane == lane].row.max()) + 1
        marks = []
        for r in sub.itertuples(index=False):
            top = r.row * LANE_ROW + 3
            cls = mark_class(r.kind)
            if DATE_KIND[r.kind].is_bar:
                a, b = x(r.start), x(r.end)
                style = f"left:{a:.2f}%;width:{max(0.35, b - a):.2f}%;top:{top}px"
            else:
                style = f"left:{x(_centre(r.start, r.end)):.2f}%;top:{top}px"
            if x(r.start) > 55:
                cls += " lm-tl-right"  # its tooltip opens to the left, inside the page
            marks.append({"cls": cls, "style": style, "tip": tooltip(r), "sid": r.statement_id, "kind": r.kind,
                          "name": name(r), "link": (links or {}).get(r.statement_id)})
        lanes.append({"name": lane, "height": rows * LANE_ROW + 6, "marks": marks})

    kinds = [k for k in DATE_KINDS if (items.kind == k.id).any()]
    outside = items[~inside]
    note = ""
    if len(outside):
        years = sorted({s.year for s in outside.start})
        note = t("tl.outside", lang, n=len(outside), years=", ".join(map(str, years)))
    return render("timeline.html", lanes=lanes, ticks=ticks, plans=plans, note=note,
                  legend=[{"cls": f"lm-tl-key-{k.mark} lm-tl-k-{k.id}", "label": t(k.label, lang)} for k in kinds])
