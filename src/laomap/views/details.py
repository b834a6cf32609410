"""The statements as a table to browse and as a detail with every language side by side.

A reader who finds a statement on the map or in the table wants the exact clause: its
verbatim text in English and Japanese where both exist, and where it stands in the plan
(document, section, paragraph, sentence), with the paragraph around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from laomap.i18n import citation, collate, kind_label, t, theme_label
from laomap.pipeline.records import FIELDS, TABLE_COLUMNS
from laomap.pipeline.vocabulary import term

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset
    from laomap.pipeline.gazetteer import Place


def actor_label(actor_id: str, lang: str) -> str:
    """The name of an actor or programme; the two parties are not in the vocabulary."""
    if actor_id in ("japan", "lao_pdr"):
        return t(f"det.party.{actor_id}", lang)
    try:
        return term(actor_id).label(lang)
    except KeyError:
        return actor_id


def place_name(place: Place, lang: str) -> str:
    """A place's name that cannot be confused with a namesake: Luang Prabang Province vs the city."""
    name = place.name(lang)
    if lang == "en" and place.kind == "province" and not name.endswith(("Province", "Capital", "Prefecture", "Metropolis")):
        return f"{name} {'Province' if place.country == 'LA' else 'Prefecture'}"
    return name


def place_labels(places: dict[str, Place], ids: list[str] | set[str], lang: str) -> dict[str, str]:
    """Each place's label in a picker: its unambiguous name, and its kind when two places still share it
    ("Luang Prabang (province)" / "Luang Prabang (city)" in Japanese, "Xaisettha District (Attapeu)" as named)."""
    from collections import Counter

    from laomap.i18n import t

    names = {pid: place_name(places[pid], lang) for pid in ids}
    shared = Counter(n.casefold() for n in names.values())
    out = {}
    for pid, name in names.items():
        if shared[name.casefold()] > 1:
            key = f"ad.place_kind.{places[pid].kind}"
            kind = t(key, lang)
            name = f"{name} ({kind if kind != key else places[pid].kind})"
        out[pid] = name
    return out


def place_sort_key(place: Place, lang: str) -> tuple[Any, ...]:
    """Where a place sorts among others in ``lang``: its name, in Japanese its reading (gojūon order)."""
    romanised = place.name_en if place.country == "JP" and place.kind != "country" else ""
    return collate.place_sort_key(place.name(lang), place.aliases_ja, romanised, lang)


def where(row: pd.Series | dict[str, Any], lang: str) -> str:
    """A compact reference inside the plan: '4(6) ¶1.2' (section, paragraph.sentence)."""
    return _where(row["section"], row["paragraph"], row["sentence"])


def _where(section: str, paragraph: float, sentence: float) -> str:
    return f"{section} ¶{int(paragraph)}.{int(sentence)}"


def _years(row: pd.Series | dict[str, Any]) -> str:
    return _year_span(row["year_min"], row["year_max"])


def _year_span(lo: float, hi: float) -> str:
    if pd.isna(lo):
        return ""
    return str(int(lo)) if lo == hi else f"{int(lo)}–{int(hi)}"


def statement_table(ds: Dataset, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per selected statement with readable columns (``records.TABLE_COLUMNS``), in document order.

    A column the record schema names but this function does not format shows its field's values as they are.
    """
    g = ds.gazetteer
    readable: dict[str, Callable[[], object]] = {
        "statement_id": lambda: rows.statement_id,
        "plan": lambda: [ds.documents[p].short_title(lang) for p in rows.plan_id],
        "where": lambda: [_where(*x) for x in zip(rows.section, rows.paragraph, rows.sentence)],
        "kind": lambda: [kind_label(k, lang) for k in rows.kind],
        "themes": lambda: [t("fmt.list_sep", lang).join(theme_label(x, lang) for x in ts) for ts in rows.themes],
        "places": lambda: [", ".join(dict.fromkeys(place_name(g.places[p], lang) for p, r in zip(ids, roles)
                                                   if r != "mention" and p in g.places))
                           for ids, roles in zip(rows.place_ids, rows.place_roles)],
        "years": lambda: [_year_span(lo, hi) for lo, hi in zip(rows.year_min, rows.year_max)],
        "text": lambda: rows.text,
        "translated": lambda: rows.translated.astype(bool),
    }
    out = pd.DataFrame({c: readable[c]() if c in readable else _as_is(rows, c) for c in TABLE_COLUMNS}, columns=list(TABLE_COLUMNS))
    return out.reset_index(drop=True)


def _as_is(rows: pd.DataFrame, column: str) -> pd.Series:
    """A table column of fields shown as they are (several fields joined by a space)."""
    names = [f.name for f in FIELDS if f.table == column]
    return rows[names].astype(str).agg(" ".join, axis=1) if len(names) > 1 else rows[names[0]]


@dataclass(frozen=True)
class PlaceRef:
    place_id: str
    name: str
    role: str  # site | partner | mention
    kind: str
    precision_code: int


@dataclass(frozen=True)
class DateRef:
    iso: str
    kind: str
    precision: str
    quote: str
    derived: bool
    note: str
    lang: str = "en"  # the language of the words quoted


@dataclass(frozen=True)
class StatementDetail:
    statement_id: str
    plan_id: str
    texts: dict[str, str]  # language -> verbatim text, for every language the statement exists in
    citations: dict[str, str]  # language -> citation of that language's record
    document_titles: dict[str, str]  # language -> full title of that record's document
    section: str
    section_title: str  # in the interface language where the plan has it, else in the original (section_title_lang)
    paragraph: int
    sentence: int
    paragraph_text: str  # the whole paragraph of the original, for context
    kind: str
    themes: tuple[str, ...]
    actors: tuple[str, ...]
    places: tuple[PlaceRef, ...]
    dates: tuple[DateRef, ...]
    section_title_lang: str = "en"
    amounts: tuple[tuple[int, str], ...] = ()  # (value, ISO 4217 code) of each grant or loan amount it states

    def text(self, lang: str) -> str | None:
        return self.texts.get(lang)


def statement_detail(ds: Dataset, statement_id: str, lang: str) -> StatementDetail:
    """Everything about one statement; KeyError (naming the id) if the dataset has no such statement."""
    records = ds.commitments[ds.commitments.statement_id == statement_id]
    if records.empty:
        raise KeyError(f"no statement {statement_id!r} in the dataset (expected an id like 'action-plan-en:4(6):1.1')")
    original = records[records.commitment_id == statement_id].iloc[0]
    in_lang = records[records.language == lang]
    titled = in_lang.iloc[0] if len(in_lang) else original  # the section's title as the chosen language's text gives it
    texts, cites, titles = {}, {}, {}
    for _, rec in records.iterrows():
        meta = ds.documents[rec["document_id"]]
        texts[rec["language"]] = rec["text"]
        cites[rec["language"]] = citation(ds, rec, lang)
        titles[rec["language"]] = meta.title(lang)
    paragraphs = ds.paragraphs[ds.paragraphs.paragraph_id == original["paragraph_id"]]
    g = ds.gazetteer
    places = tuple(
        PlaceRef(p, place_name(g.places[p], lang), r, g.places[p].kind, g.places[p].precision_code)
        for p, r in zip(original["place_ids"], original["place_roles"]) if p in g.places
    )
    member_ids = set(records.commitment_id)
    language_of = dict(zip(records.commitment_id, records.language))
    dates, seen = [], set()
    for d in ds.dates[ds.dates.commitment_id.isin(member_ids)].itertuples(index=False):
        if (d.iso, d.kind) in seen:
            continue
        seen.add((d.iso, d.kind))
        dates.append(DateRef(d.iso, d.kind, d.precision, d.text, bool(d.derived), d.note or "", language_of.get(d.commitment_id, "en")))
    return StatementDetail(
        statement_id=statement_id,
        plan_id=statement_id.split(":")[0],
        texts=texts,
        citations=cites,
        document_titles=titles,
        section=original["section"],
        section_title=titled["section_title"],
        section_title_lang=titled["language"],
        paragraph=int(original["paragraph"]),
        sentence=int(original["sentence"]),
        paragraph_text=paragraphs.text.iloc[0] if len(paragraphs) else original["text"],
        kind=original["kind"],
        themes=tuple(original["themes"]),
        actors=tuple(original["actors"]),
        places=places,
        dates=tuple(dates),
        amounts=tuple((int(v), c) for v, c in (a.split(" ") for a in original.get("amounts", ()))),
    )


def statement_labels(ds: Dataset, rows: pd.DataFrame, lang: str, width: int = 90) -> dict[str, str]:
    """One-line labels for choosing a statement: plan, place in the plan and the start of its text."""
    labels = {}
    titles = {p: ds.documents[p].short_title(lang) for p in set(rows.plan_id)}
    columns = ("statement_id", "plan_id", "text", "section", "paragraph", "sentence")
    for r in rows[list(columns)].to_dict("records"):  # plain dicts: iterrows took 0.4 s for 10,000 statements
        text = r["text"] if len(r["text"]) <= width else r["text"][: width - 1].rstrip() + "…"
        labels[r["statement_id"]] = f"{titles[r['plan_id']]} {where(r, lang)} — {text}"
    return labels


def statement_card(ds: Dataset, row: pd.Series | dict[str, Any], lang: str, untranslated_note: str) -> dict[str, str]:
    """What a statement's card shows (``templates/statement_card.html``, in the panels and the map's popups alike).

    The text keeps the language it is in (``lang`` of the card's text), and ``untranslated_note`` is said when
    that is not the interface language.
    """
    translated = bool(row["translated"])
    return {"kind": str(row["kind"]), "kind_label": kind_label(row["kind"], lang), "cite": citation(ds, row, lang),
            "text": str(row["text"]), "text_lang": str((row.get("language") if not translated else lang) or lang),
            "note": "" if translated else untranslated_note}
