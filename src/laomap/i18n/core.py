"""Interface text from the message catalogs: ``t(key, lang)``, one gettext ``.po`` file per language.

Every label, legend, tooltip, popup and message goes through ``t(key, lang)``, so switching
the language switches them all. The catalogs (``en.po``, ``ja.po`` beside this module, read
with Babel) are loaded once, on first use, whatever module asks first. A key missing from
the English catalog is a bug and raises ``KeyError`` naming the catalog; a key missing from
another language falls back to English (``tests/test_catalogs.py`` keeps them complete).
A new interface language is one more ``.po`` file here: ``LANGUAGES`` lists the files.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel import Locale

    from laomap.pipeline.dataset import Dataset

CATALOG_DIR = Path(__file__).resolve().parent
SOURCE = "en"  # the language every key exists in first


EXTRA_ENV = "LAOMAP_EXTRA_CATALOGS"  # more folders of .po files (a generated pseudo-language in the tests), ':'-separated


def _catalog_files() -> dict[str, Path]:
    """{language: its .po file}: this folder's catalogs, then those of the folders in ``LAOMAP_EXTRA_CATALOGS``."""
    folders = [CATALOG_DIR, *(Path(f) for f in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if f)]
    files: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.po")):
            files.setdefault(path.stem, path)
    return files


_FILES = _catalog_files()


def _languages() -> tuple[str, ...]:
    order = [lang for lang in _LANGUAGE_ORDER if lang in _FILES] + sorted(set(_FILES) - set(_LANGUAGE_ORDER))
    return tuple([SOURCE, *(lang for lang in order if lang != SOURCE)])


_LANGUAGE_ORDER = ("en", "ja")  # the built-in languages first, in this order; any other after them


LANGUAGES: tuple[str, ...] = _languages()  # interface languages, in the order of the language buttons
_lock = threading.Lock()


@cache
def catalog(lang: str) -> dict[str, str]:
    """The ``lang`` catalog as {key: text}, read once per process."""
    from babel.messages.pofile import read_po  # Babel here, not at the top: a command that says nothing needs none of it

    path = _FILES[lang]
    with _lock, path.open("rb") as f:
        cat = read_po(f, locale=None, domain="laomap")
    return {m.id: m.string for m in cat if m.id and m.string}


def t(key: str, lang: str = SOURCE, **values: Any) -> str:
    """The text for ``key`` in ``lang``, with {placeholders} filled in.

    A count ``n`` picks the language's plural form (Babel's CLDR rules: English 'one' for 1, else 'other'; Japanese
    always 'other'): ``key.one`` where the catalog has it ("{n} statement"), else ``key`` itself.
    """
    n = values.get("n")
    if isinstance(n, int) and not isinstance(n, bool):
        form = _plural_form(lang if lang in LANGUAGES else SOURCE, n)
        if form != "other" and f"{key}.{form}" in catalog(lang if lang in LANGUAGES else SOURCE):
            key = f"{key}.{form}"
    text = catalog(lang).get(key) if lang in LANGUAGES else None
    if text is None:
        text = catalog(SOURCE).get(key)
        if text is None:
            raise KeyError(f"No interface text {key!r} in {CATALOG_DIR / (SOURCE + '.po')}: add it to every catalog there.")
    return text.format(**values) if values else text


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(babel_locale(lang))  # a language Babel does not know (the tests' pseudo-language) counts as English


@lru_cache(maxsize=4096)
def _plural_form(lang: str, n: int) -> str:
    """The CLDR plural category of ``n`` in ``lang`` (one, two, few, many, other); remembered: a table of 1,000 counts
    asked Babel's rules 1,000 times (issue 29)."""
    try:
        return _locale(lang).plural_form(abs(n))
    except (ValueError, LookupError):  # a language Babel does not know: no plural forms
        return "other"


def has(key: str, lang: str = SOURCE) -> bool:
    """Whether the ``lang`` catalog has ``key`` (for labels of optional things, such as a user's place kind)."""
    return key in catalog(lang)


def pick(texts: Mapping[str, str | None], lang: str, doc_lang: str | None = None) -> str:
    """The text to show in ``lang``: the interface language's, else the document's language's, else English's.

    The one fallback chain for every text that exists in several languages (titles, place names, provenance),
    so that no module asks ``lang == "ja"`` and a new language needs no branch. Empty texts count as missing;
    when the chain finds nothing, any text there is wins over none.
    """
    for code in (lang, doc_lang, SOURCE, *texts):
        text = texts.get(code) if code else None
        if text:
            return text
    return ""


def pick_field(obj: object, field: str, lang: str, doc_lang: str | None = None) -> str:
    """``pick`` over an object's ``<field>_<language>`` attributes or keys (``title_en``, ``title_ja``, ``name_lo``, ...)."""
    if isinstance(obj, Mapping):
        prefix = field + "_"
        return pick({k[len(prefix):]: str(v or "") for k, v in obj.items() if k.startswith(prefix)}, lang, doc_lang)
    codes = dict.fromkeys((*LANGUAGES, doc_lang or SOURCE))
    return pick({code: getattr(obj, f"{field}_{code}", "") or "" for code in codes}, lang, doc_lang)


def original_note(shown_lang: str, lang: str) -> str:
    """The mark of a statement shown in its original language (``shown_lang``) because ``lang`` has no text of it."""
    return t(f"map.original.{shown_lang}", lang)


def text_width(lang: str) -> int:
    """How many Latin letters' width one character of ``lang`` takes (2 for Japanese), from ``fmt.text_width``."""
    return int(t("fmt.text_width", lang))


class _LanguageNames(Mapping[str, str]):
    """Each language in its own name, read from the catalogs on first use (not at import: reading every catalog
    costs a command that prints no text, such as ``laomap --help`` or ``laomap values``, a tenth of a second)."""

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return t("lang.name", lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


LANGUAGE_NAMES: Mapping[str, str] = _LanguageNames()


def kind_label(kind: str, lang: str) -> str:
    return t(f"kind.{kind}", lang)


@cache
def babel_locale(lang: str) -> str:
    """The Babel locale that formats ``lang``: the language itself where Babel knows it, else English (a pseudo-language)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return SOURCE
    return lang


def format_list(items: Iterable[str], lang: str, style: str = "standard") -> str:
    """'a, b and c' / 'a、b、c' with Babel's rules for the language."""
    from babel.lists import format_list as _babel_list

    return _babel_list(list(items), style=style, locale=babel_locale(lang))


def format_amount(value: int, currency: str, lang: str) -> str:
    """An amount as the language writes it: '¥1,700,000,000', '$50,000.00' ('US$' in Japanese), Babel's rules."""
    from babel.numbers import format_currency as _babel_currency

    return _babel_currency(value, currency, locale=babel_locale(lang), format_type="standard")


def format_day(day: date, lang: str) -> str:
    """A calendar day as the language writes it: '22 November 2026', '2026年11月22日'."""
    from babel.dates import format_date as _babel_date

    return _babel_date(day, format=t("fmt.day", lang), locale=babel_locale(lang))


def theme_label(term_id: str, lang: str) -> str:
    """The label of a theme or actor of the vocabulary (``term.<id>`` in the catalogs)."""
    return t(f"term.{term_id}", lang)


def theme_sort_key(term_id: str, lang: str) -> tuple:
    """Where a theme sorts in ``lang``: by ``sort.term.<id>`` (its label; in Japanese its reading) in the language's order."""
    from laomap.i18n.collate import sort_key

    return sort_key(t(f"sort.term.{term_id}", lang), lang)


def citation(ds: Dataset, row: Mapping[str, Any], lang: str) -> str:
    """'Action Plan (2021), section 4(6), paragraph 1' — where exactly a statement comes from."""
    meta = ds.documents[row["document_id"]]
    return t("cite.statement", lang, title=meta.short_title(lang), section=row["section"], paragraph=int(row["paragraph"]))
