"""What the About page says: sources, licences, method, precision codes, vocabulary, known limits.

Facts about the documents come from their manifest (``ds.documents``), facts about places
from the gazetteer, the vocabulary from ``laomap.vocabulary``; the prose (``ab.text.*`` in the
catalogs) summarises ``documents/manifest.json`` and ``geodata/README.md`` (which hold the full detail).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from laomap.i18n import LANGUAGES, t
from laomap.pipeline.gazetteer import PRECISION_CODES
from laomap.pipeline.vocabulary import ACTORS, THEMES
from laomap.style import PRECISION_STYLES

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset
    from laomap.pipeline.documents import DocumentMeta


@dataclass(frozen=True)
class InLanguage:
    """A table cell's text in a stated language: the vocabulary's descriptions are written in English only, and a
    theme's other names are in the other interface languages. A page marks it (``lang``), so a screen reader reads
    it in its own language (WCAG 3.1.2) and it is not taken for untranslated interface text."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Identifier:
    """A table cell that is an identifier (a theme's id as in a URL or a data file): shown as code, never translated."""

    text: str

    def __str__(self) -> str:
        return self.text


def text(key: str, lang: str) -> str:
    """A block of About-page prose (Markdown written for this page) in ``lang``."""
    return t(f"ab.text.{key}", lang)


def documents_table(ds: Dataset, lang: str) -> pd.DataFrame:
    """The source documents with their provenance, from the manifest."""
    rows = []

    def said(meta: DocumentMeta, field: str) -> str:  # in the interface language where the manifest has it; else marked as English
        text, language = meta.provenance(field, lang)
        return text if language == lang or not text else f"{text} ({t('ab.in_english', lang)})"

    for meta in ds.documents.values():
        rows.append({
            t("ab.col.document", lang): meta.title(lang),
            t("ab.col.language", lang): t(f"ab.lang_{meta.language}", lang),
            t("ab.col.date", lang): meta.date,
            t("ab.col.date_basis", lang): said(meta, "date_basis"),
            t("ab.col.publisher", lang): said(meta, "publisher"),
            t("ab.col.source_file", lang): meta.original_file or meta.file,
            t("ab.col.format", lang): said(meta, "source_format"),
        })
    return pd.DataFrame(rows)


def precision_table(ds: Dataset | None, lang: str) -> pd.DataFrame:
    """The IATI/UCDP precision codes, what they mean, how the map draws them and how many places use each.

    Without a dataset (its inputs are broken) the table still explains the codes, without the counts.
    """
    used = Counter(p.precision_code for p in ds.gazetteer.places.values()) if ds is not None else None
    rows = []
    for code in PRECISION_CODES:
        style = PRECISION_STYLES.get(code)
        rows.append({
            t("ab.col.code", lang): code,
            t("ab.col.meaning", lang): t(f"ab.code.{code}", lang),
            t("ab.col.on_map", lang): style.label(lang) if style else "—",
            t("ab.col.places", lang): used.get(code, 0) if used is not None else 0,
        })
    table = pd.DataFrame(rows)
    return table if used is not None else table.drop(columns=[t("ab.col.places", lang)])


def themes_table(lang: str) -> pd.DataFrame:
    """The themes of the shared vocabulary."""
    return pd.DataFrame([
        {t("ab.col.theme", lang): term.label(lang),
         t("ab.col.other_label", lang): tuple(InLanguage(term.label(other), other) for other in LANGUAGES if other != lang),
         t("ab.col.covers", lang): InLanguage(term.description, "en"),
         t("ab.col.id", lang): Identifier(term.id)}
        for term in THEMES
    ])


def actors_table(lang: str) -> pd.DataFrame:
    """Organisations, programmes and plans the vocabulary recognises."""
    return pd.DataFrame([
        {t("ab.col.name", lang): term.label(lang), t("ab.col.type", lang): t(f"ab.actor_type.{term.type}", lang),
         t("ab.col.what_it_is", lang): InLanguage(term.description, "en")}
        for term in ACTORS
    ])
