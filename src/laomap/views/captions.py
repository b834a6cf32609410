"""Words shared by every export and the Present page: titles, filter summaries, source lines,
the themes to step through and the few key statements shown for each.

Kept in one place so that an exported image, a slide and the Present page describe the same
selection in the same words, in English or Japanese.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from laomap.errors import ExportError
from laomap.i18n import format_day, has, kind_label, t, text_width, theme_label
from laomap.i18n.linebreak import phrases
from laomap.pipeline.documents import PUBLISHER_NOT_RECORDED, DocumentMeta
from laomap.pipeline.extract import RECORD_KINDS
from laomap.pipeline.vocabulary import THEME_IDS, THEMES, Term
from laomap.pipeline.vocabulary import term as vocabulary_term
from laomap.textnorm import fold
from laomap.views.filters import Filter
from laomap.views.summary import carried_words

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset
    from laomap.views.layers import MapLayers


OFF_THEME = 50.0  # relevance() of a statement primarily about another theme: after every one about the step's own
KIND_RANK = {"commitment": 0, "programme": 1, "goal": 2, "acknowledgement": 3, "remark": 4}
SEP = " · "


def require_rows(rows: pd.DataFrame) -> None:
    """An empty selection is an error for every export: an empty map would look like data."""
    if rows.empty:
        raise ExportError(t("cap.empty", "en"))


def title(flt: Filter, lang: str, ds: Dataset | None = None) -> str:
    """A slide title naming the selected theme(s), and with ``ds`` the selected place(s)."""
    names = place_names(ds, flt, lang) if ds is not None else []
    if names:
        where = t("fmt.list_sep", lang).join(names[:3]) + ("…" if len(names) > 3 else "")
        if flt.themes:
            themes = t("cap.theme_sep", lang).join(theme_label(x, lang) for x in flt.themes[:3])
            return t("cap.title_theme_place", lang, theme=themes, place=where)
        return t("cap.title_place", lang, place=where)
    if len(flt.themes) == 1:
        return t("cap.title_theme", lang, theme=theme_label(flt.themes[0], lang))
    if 1 < len(flt.themes) <= 3:
        return t("cap.title_theme", lang, theme=t("cap.theme_sep", lang).join(theme_label(x, lang) for x in flt.themes))
    if len(flt.themes) > 3:
        return t("cap.title_themes", lang, n=len(flt.themes))
    return t("cap.title_all", lang)


def place_names(ds: Dataset, flt: Filter, lang: str) -> list[str]:
    """The selected places by name (a province as 'Luang Prabang Province', not to be taken for its city)."""
    names = []
    for pid in flt.places:
        place = ds.gazetteer.places.get(pid)
        if place is None:
            continue
        name = place.name(lang)
        if place.kind == "province" and place.country == "LA" and not name.endswith(("Province", "Capital", "Prefecture", "県", "都")):
            name = t("map.province_title", lang, name=name)
        names.append(name)
    return names


def filter_summary(ds: Dataset, flt: Filter, lang: str) -> str:
    """The active filters in one line ('Themes: Energy · Places: Houaphanh'), or 'All statements'."""
    colon, comma = t("fmt.colon", lang), t("fmt.list_sep", lang)
    parts = []
    if flt.themes:
        parts.append(t("cap.themes", lang) + colon + comma.join(theme_label(x, lang) for x in flt.themes))
    if flt.places:
        parts.append(t("cap.places", lang) + colon + comma.join(place_names(ds, flt, lang)))
    if flt.documents:
        parts.append(t("cap.plans", lang) + colon + comma.join(ds.documents[d].short_title(lang) for d in flt.documents if d in ds.documents))
    if flt.kinds:
        parts.append(t("cap.kinds", lang) + colon + comma.join(kind_label(k, lang) for k in flt.kinds if k in RECORD_KINDS))
    if flt.year_from is not None or flt.year_to is not None:
        lo = str(flt.year_from) if flt.year_from is not None else ""
        hi = str(flt.year_to) if flt.year_to is not None else ""
        parts.append(t("cap.years", lang) + colon + f"{lo}–{hi}")
    if flt.carried:
        parts.append(t("cap.carried", lang) + colon + carried_words(ds, flt, lang))
    if flt.text.strip():
        parts.append(t("cap.search", lang) + colon + t("cap.quote", lang, text=flt.text.strip()))
    return SEP.join(parts) if parts else t("cap.all_statements", lang)


def counts_line(layers: MapLayers) -> str:
    """How the selected statements split between the map, the trays and 'no place'."""
    on_map = layers.mapped
    mapped_ids = {i for a in layers.areas for i in a.statement_ids} | {i for s in layers.sites for i in s.statement_ids}
    mapped_ids |= {i for line in layers.lines for i in line.statement_ids}
    tray_only = {i for tr in layers.trays for i in tr.statement_ids} - mapped_ids
    lang = layers.lang
    parts = [t(key, lang, n=n) for key, n in (("cap.counts_mapped", on_map), ("cap.counts_trays", len(tray_only)),
                                               ("cap.counts_none", len(layers.unplaced))) if n]  # no "0 on the map"
    return t("cap.counts_total", lang, n=layers.total) + (t("fmt.colon", lang) + t("fmt.list_sep", lang).join(parts) if parts else "")


def plans_in(ds: Dataset, rows: pd.DataFrame) -> list[str]:
    """The plans the selection draws on, in manifest order (all plans when the selection is empty)."""
    used = set(rows.plan_id) if "plan_id" in rows and not rows.empty else None
    return [d for d, meta in ds.documents.items() if not meta.translation_of and (used is None or d in used)]


def publisher_name(publisher: str, lang: str) -> str:
    """A publisher as the manifest gives it, in the interface language where the catalogs name it (``publisher.<name>``);
    'publisher not recorded' in the slide's language for a document added without one."""
    if not publisher.strip() or publisher == PUBLISHER_NOT_RECORDED:
        return t("cap.no_publisher", lang)
    key = f"publisher.{publisher}"
    return t(key, lang) if has(key) else publisher


def dating(meta: DocumentMeta) -> str:
    """How a document is dated: 'stated' (its own date line), 'inferred' (undated: from what it reports) or 'entered'
    (typed by the user who added it)."""
    if meta.date_basis.strip().lower().startswith("undated") or (meta.date_earliest and meta.date_earliest[:len(meta.date)] != meta.date):
        return "inferred"
    if not meta.builtin and meta.date_basis.startswith("Entered"):
        return "entered"
    return "stated"


def dated_words(meta: DocumentMeta, lang: str) -> str:
    """'dated 6 September 2016, as the document itself states', in plain words and the slide's language."""
    when = date_text(date.fromisoformat(meta.date), lang) if meta.date_precision == "day" else meta.date
    return t(f"cap.dated.{dating(meta)}", lang, date=when)


def source_line(ds: Dataset, rows: pd.DataFrame, lang: str) -> str:
    """'Sources: Action Plan (2021); Joint Plan (2016), published by ... Boundaries: Natural Earth; Mekong: GSHHG'."""
    plans = plans_in(ds, rows)
    titles = t("fmt.title_sep", lang).join(t("cap.title_dated", lang, title=ds.documents[d].short_title(lang),
                                             dated=t("cap.dated_short." + dating(ds.documents[d]), lang)) for d in plans)
    who = t("cap.publisher_sep", lang).join(dict.fromkeys(publisher_name(ds.documents[d].publisher, lang) for d in plans))
    published = t("cap.published_by", lang, who=who)
    return t("cap.source_line", lang, sources=t("cap.sources", lang), titles=titles, published=published,
             boundaries=t("cap.boundaries", lang))


def date_text(day: date, lang: str) -> str:
    return format_day(day, lang)


def exported_line(day: date, lang: str) -> str:
    return t("cap.exported", lang, date=date_text(day, lang))


def theme_steps(rows: pd.DataFrame, flt: Filter) -> list[str]:
    """The themes to present: the selected ones that have statements, else every theme with statements."""
    present = {x for ts in rows.themes for x in ts}
    wanted = flt.themes or THEME_IDS
    return [x for x in wanted if x in present]


def theme_rows(rows: pd.DataFrame, theme: str) -> pd.DataFrame:
    return rows[rows.themes.map(lambda ts: theme in ts)]


def relevance(rows: pd.DataFrame, theme: str | None = None) -> pd.Series:
    """How much each statement is about ``theme`` (lower is more), for choosing the ones to show.

    A statement about one theme beats one that lists twelve sectors; the theme named first (its
    main subject) beats one where it comes last; naming a place, carrying a date and being a
    commitment (rather than an acknowledgement or background) each count; a very long sentence
    counts against it, as it would have to be cut on a slide.
    """
    themes = rows.themes.map(tuple)
    placed = rows.place_roles.map(lambda roles: any(r in ("site", "partner") for r in roles))
    dated = rows.dates.map(lambda d: len(d) > 0) if "dates" in rows else pd.Series(False, index=rows.index)
    score = (rows.kind.map(KIND_RANK).fillna(9) * 1.2
             + themes.map(lambda ts: min(max(len(ts) - 1, 0), 8) * 0.9)
             + (~placed).astype(float) * 1.0
             + (~dated).astype(float) * 0.6
             + (rows.text.str.len() > 360).astype(float) * 1.0)
    if theme is not None:
        score += themes.map(lambda ts: 0.0 if ts[:1] == (theme,) else (1.0 if theme in ts[:2] else 2.0))
        share, primary = theme_weight(rows, theme)
        score += (1.0 - share) * 2.0 + (~primary).astype(float) * OFF_THEME  # about another theme first: after all that are about this one
    return score


TITLE_WEIGHT = 1.5  # a keyword of the statement's section title counts this much more than one of its text


@lru_cache(maxsize=64)
def _japanese_rx(term_id: str) -> re.Pattern[str] | None:
    """A theme's Japanese keywords as one pattern, the longest first (人的交流 counts once, not also as 交流)."""
    words = sorted({fold(k) for k in vocabulary_term(term_id).ja}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)) if words else None


def _uses(term: Term, folded: str, mode: str) -> int:
    """How many times a folded text uses a theme's keywords (every occurrence, in either language)."""
    if mode == "ja":
        rx = _japanese_rx(term.id)
        return len(rx.findall(folded)) if rx else 0
    return len(term.find(folded, mode))


def theme_weight(rows: pd.DataFrame, theme: str) -> tuple[pd.Series, pd.Series]:
    """How much of each statement is about ``theme`` by the theme's own words: (its share of the themes' keywords in its
    text and section title, whether no other theme's keywords weigh as much).

    "Exchange visits of officers" under "Security/Defense Cooperation" uses one keyword of people-to-people exchange
    and its section one of defence, which weighs more: it is about defence, whatever else it names.
    """
    langs = rows["language"] if "language" in rows else pd.Series("en", index=rows.index)
    titles = rows["section_title"] if "section_title" in rows else pd.Series("", index=rows.index)
    shares, primary = [], []
    for text, title, lang in zip(rows.text, titles, langs):
        mode = "ja" if lang == "ja" else "en"
        body, head = fold(str(text)), fold(str(title or ""))
        hits = {term.id: _uses(term, body, mode) + TITLE_WEIGHT * _uses(term, head, mode) for term in THEMES}
        own, total = hits.get(theme, 0.0), sum(hits.values())
        shares.append(own / total if total else 0.0)
        primary.append(own > 0 and own > max(n for k, n in hits.items() if k != theme))
    return pd.Series(shares, index=rows.index, dtype=float), pd.Series(primary, index=rows.index, dtype=bool)


def key_statements(rows: pd.DataFrame, n: int = 5, theme: str | None = None, pinned: tuple[str, ...] = ()) -> pd.DataFrame:
    """Up to ``n`` statements that best stand for a selection (or one of its themes) on a slide.

    The ones the user pinned come first, in the order pinned; then the most relevant
    (``relevance``), shown in the plans' order so the choice reads as the plans do. For a theme, only the statements
    primarily about it (``theme_weight``) are chosen when it has any.
    """
    return in_slide_order(ranked_statements(rows, theme, pinned).head(n), rows, pinned)


def ranked_statements(rows: pd.DataFrame, theme: str | None = None, pinned: tuple[str, ...] = ()) -> pd.DataFrame:
    """A selection's statements in the order a slide chooses them: the pinned ones in the order pinned, then the rest
    (for a theme, those primarily about it when it has any) from the most relevant down. ``key_statements`` takes the
    first few; the deck goes down the list for those that fit its column."""
    if rows.empty:
        return rows
    ids = set(rows.statement_id)
    pins = [sid for sid in dict.fromkeys(pinned) if sid in ids]
    first = rows[rows.statement_id.isin(pins)]
    first = first.iloc[[list(first.statement_id).index(p) for p in pins]]
    rest = rows[~rows.statement_id.isin(pins)]
    if theme is not None and not rest.empty:
        about = theme_weight(rest, theme)[1]
        if about.any():  # only the statements primarily about the theme, when it has any (a slide shows fewer, not others)
            rest = rest[about]
    order = pd.DataFrame({"score": relevance(rest, theme), "pos": range(len(rest))}, index=rest.index)
    best = rest.loc[order.sort_values(["score", "pos"]).index]
    return pd.concat([first, best]) if pins else best


def in_slide_order(chosen: pd.DataFrame, rows: pd.DataFrame, pinned: tuple[str, ...] = ()) -> pd.DataFrame:
    """Chosen statements as a slide lists them: the pinned ones first, in the order pinned, then the others in the
    plans' order (their order in ``rows``)."""
    if chosen.empty:
        return chosen
    pin_at = {sid: i for i, sid in enumerate(dict.fromkeys(pinned))}
    plan_at = {sid: i for i, sid in enumerate(rows.statement_id)}
    keys = [(0, pin_at[sid]) if sid in pin_at else (1, plan_at.get(sid, len(plan_at))) for sid in chosen.statement_id]
    return chosen.iloc[sorted(range(len(chosen)), key=keys.__getitem__)]


def fit_statements(rows: pd.DataFrame, budget: int, lang: str, least: int = 3) -> list[tuple[pd.Series, str]]:
    """Key statements whose text fits ``budget`` characters: whole ones while they fit (at least ``least``),
    the rest shortened visibly (an ellipsis), never reworded."""
    chosen: list[pd.Series] = []
    used = 0
    for _, row in rows.iterrows():
        if len(chosen) >= least and used + len(row["text"]) > budget:
            break
        chosen.append(row)
        used += len(row["text"])
    if used <= budget:
        return [(row, row["text"]) for row in chosen]
    floor = 110 // text_width(lang)
    share = max(budget // max(len(chosen), 1), floor)
    return [(row, clip(row["text"], share)) for row in chosen]


def whole_statements(rows: pd.DataFrame, budget: int, least: int = 1) -> list[tuple[pd.Series, str]]:
    """Key statements kept whole (never shortened): the first ``least`` always, then each that still fits ``budget``
    characters. The Present page shows these and shrinks its type where they would not fit (never clips them)."""
    chosen: list[tuple[pd.Series, str]] = []
    used = 0
    for _, row in rows.iterrows():
        text = str(row["text"])
        if len(chosen) >= least and used + len(text) > budget:
            continue  # a shorter one further down may still fit
        chosen.append((row, text))
        used += len(text)
    return chosen


def phrase_html(text: str, lang: str) -> str:
    """``text`` escaped for HTML, breakable only between its phrases (``<wbr>``; the element needs
    ``word-break: keep-all``): one rule for every Japanese line the dashboard draws."""
    import html as _html

    return "<wbr>".join(_html.escape(p) for p in phrases(text, lang))


def clip(text: str, limit: int) -> str:
    """Shorten a verbatim text for a slide, visibly (an ellipsis), never rewording it."""
    text = " ".join(text.split()) if not any("\u3000" <= ch <= "\u9fff" for ch in text[:40]) else text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:、，") + "…"
