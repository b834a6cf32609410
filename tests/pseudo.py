"""A pseudo-language made from en.po at test time, and the check that finds interface text no catalog gave.

Every message of ``en.po`` becomes ``⟦…⟧`` with its Latin letters accented (``Filters`` -> ``⟦Ƒîľţéŕš⟧``),
its ``{placeholders}`` kept. In an interface shown in that language, a plain ASCII word is either data
(a statement's text, a place's or a plan's name, a code, a number) or text that did not come from a
catalog: ``leaks`` reports the second kind. The catalog is written to a temporary folder given to
laomap by ``LAOMAP_EXTRA_CATALOGS``; it is never committed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from laomap.i18n.core import CATALOG_DIR

PSEUDO = "qps"  # the pseudo-locale code (qps-ploc is the usual name of such a locale)
_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "åƀçđéƒĝĥîĵķľɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĽṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
_ACCENT = str.maketrans(_PLAIN, _ACCENTED)
_KEEP = re.compile(r"({[^{}]*})")  # placeholders stay as they are
UNCHANGED = ("fmt.", "sort.")  # formats (Babel patterns, widths) and sort keys: not shown as they are


def pseudo_text(text: str) -> str:
    """'{n} statements' -> '⟦{n} šţåţéɱéñţš⟧'."""
    parts = _KEEP.split(text)
    return "⟦" + "".join(p if _KEEP.fullmatch(p) else p.translate(_ACCENT) for p in parts) + "⟧"


def write_pseudo_catalog(folder: Path) -> Path:
    """Write ``qps.po`` (every English message in pseudo form) into ``folder``; returns its path."""
    with (CATALOG_DIR / "en.po").open("rb") as f:
        english = read_po(f, domain="laomap")
    out = Catalog(locale=None, domain="laomap")
    for m in english:
        if not m.id:
            continue
        out.add(m.id, m.string if m.id.startswith(UNCHANGED) else pseudo_text(m.string))
    path = folder / f"{PSEUDO}.po"
    with path.open("wb") as f:
        write_po(f, out)
    return path


# Latin-script words that are names or codes in any interface language (as the Japanese walk allows).
PROPER = {
    "ICT", "JICA", "JDS", "JOCV", "JENESYS", "SSEAYP", "ASEAN", "NSEDP", "RCEP", "NPT", "UXO", "ODA", "IATI", "UCDP",
    "ISO", "CSV", "Excel", "GeoJSON", "PNG", "SVG", "PDF", "HTML", "DOCX", "TXT", "UTF", "EUC", "JIS", "MB", "KB",
    "OpenStreetMap", "Leaflet", "Streamlit", "plotly", "folium", "GeoNames", "laomap", "km", "CO-OP", "OKINAWA",
}
_CODE = re.compile(r"[\w./:@%+-]*[\d_./@][\w./:@%+-]*|\b[a-z]+(?:-[a-z0-9]+)+\b")  # ids, files, versions
_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’&.,()/ -]*[A-Za-z0-9)]|[A-Za-z]")  # a stretch of plain Latin text


def babel_words() -> set[str]:
    """Words Babel writes when it formats for the pseudo-language (English rules): months, weekdays, 'and'."""
    from babel import Locale

    en = Locale.parse("en")
    words = {"and", "or"}
    for table in (en.months["format"]["wide"], en.months["format"]["abbreviated"], en.days["format"]["wide"]):
        words |= set(table.values())
    return words


def leaks(texts: Iterable[str], data: str, names: set[str]) -> list[str]:
    """The stretches of plain Latin text in ``texts`` that did not come from a catalog.

    A stretch is allowed when it lies inside the data (``data``: statement texts, titles, names, joined) or when
    each of its words is a name (``names``: words of place names and titles), a name or code of ``PROPER`` or a word
    Babel wrote (a date, a list's 'and').
    """
    allowed = PROPER | names | babel_words() | {PSEUDO}  # the language's code, as a page or a map declares it
    found = set()
    for text in texts:
        for run in _RUN.findall(text):
            run = run.strip(" ,.()/-'’&")
            if not run or run in data:
                continue
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", _CODE.sub(" ", run)) if w.strip("-") not in allowed]
            if words:
                found.add(run)
    return sorted(found)
