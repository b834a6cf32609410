"""What every reader returns (``Extracted``), the upload size limit and the language check."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from laomap.errors import DocumentError

DEFAULT_MAX_UPLOAD_MB = 20
MB = 1024 * 1024
Progress = Callable[[int, int], None]  # (pages done, pages in total)


@dataclass(frozen=True)
class Located:
    """A place name the file gives with its own point (an IATI location): the review offers it as a new place."""

    name: str
    lat: float
    lon: float
    precision: int  # IATI/UCDP precision code, from the location's exactness and class
    geonames_id: int = 0  # its GeoNames id when the file gives one (vocabulary G1), else 0


@dataclass
class Extracted:
    """The text of an upload and how it was obtained (kept in the manifest as provenance)."""

    text: str
    source_format: str  # "text" | "pdf" | "html" | "docx"
    encoding: str  # label of the text encoding, or "PDF text layer"
    sha256: str
    size: int
    pages: int = 0
    notes: list[str] = field(default_factory=list)
    located: list[Located] = field(default_factory=list)  # places the file itself gives a point for (IATI locations)
    # The same document in another language, section for section ({language: text}): an IATI file's narratives in
    # each language. Added as the text's translation, so both languages of one activity become one statement pair.
    twins: dict[str, str] = field(default_factory=dict)

    @property
    def description(self) -> str:
        """One line for the manifest's source_format field, as the reader of its format says it (``Reader.describe``)."""
        from laomap.ingest import reader_named  # the registry imports this module

        return reader_named(self.source_format).describe(self)


# --------------------------------------------------------------------------- limits


def max_upload_bytes() -> int:
    """The size limit: ``LAOMAP_MAX_UPLOAD_MB`` megabytes, 20 unless set."""
    raw = os.environ.get("LAOMAP_MAX_UPLOAD_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_UPLOAD_MB * MB
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value != value or value == float("inf"):
        raise DocumentError(f"LAOMAP_MAX_UPLOAD_MB must be a positive number of megabytes, got {raw!r}.")
    return int(value * MB)


def check_size(size: int, name: str) -> None:
    """Refuse a file over the limit before reading it, with the limit and how to raise it."""
    limit = max_upload_bytes()
    if size > limit:
        raise DocumentError.of("err.too_large", name=name, size=human_size(size), limit=human_size(limit))


DEFAULT_MAX_TEXT_CHARS = 1_000_000  # about 400 pages of English; the longest built-in plan has 18,000 characters
LONGEST_BUILTIN_CHARS = 17_977  # documents/action-plan.en.txt, quoted in the message as a yardstick (a test keeps it true)


def max_text_chars() -> int:
    """The limit on a document's text: ``LAOMAP_MAX_TEXT_CHARS`` characters, a million unless set.

    The cost of a document is its text, not its file (a 20 MB PDF of scanned pages has little
    text): the whole dataset is rebuilt with it on every preview and start, at about five
    seconds per million characters (``bench/bench_ingest.py``).
    """
    raw = os.environ.get("LAOMAP_MAX_TEXT_CHARS", "").strip()
    if not raw:
        return DEFAULT_MAX_TEXT_CHARS
    if not raw.isdigit() or int(raw) <= 0:
        raise DocumentError(f"LAOMAP_MAX_TEXT_CHARS must be a positive whole number of characters, got {raw!r}.")
    return int(raw)


def check_text_length(text: str, name: str) -> None:
    """Refuse a text too long to be a plan, saying how long plans are and how to raise the limit."""
    limit = max_text_chars()
    if len(text) > limit:
        raise DocumentError.of("err.text_too_long", name=name, chars=f"{len(text):,}", limit=f"{limit:,}",
                               longest=f"{LONGEST_BUILTIN_CHARS:,}")


def human_size(n: int) -> str:
    """1536 -> '1.5 KB', 20971520 -> '20.0 MB'."""
    return f"{n / 1024:.1f} KB" if n < MB else f"{n / MB:.1f} MB"


# --------------------------------------------------------------------------- language


_DOCUMENT_LANGUAGES = ("en", "ja")  # the languages a document can be added in (pipeline.documents.LANGUAGES)


def _japanese(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff66" <= ch <= "\uff9f"


def _lao(ch: str) -> bool:
    return "\u0e80" <= ch <= "\u0eff"


@dataclass(frozen=True)
class Detected:
    """The language a text is written in, read from the scripts of its letters, and the share that decided it."""

    lang: str  # en | ja | lo
    share: float  # the share of the text's letters in that language's script (0-1)


def detect_language(text: str) -> Detected:
    """The main language of a text, by the share of its letters in each script: Lao, Japanese, else English.

    A Japanese letter says about as much as three Latin ones (a translation into English is about three times as
    long), so a text is taken as Japanese when its Japanese letters are at least a third as many as its Latin ones:
    a Japanese press release full of English project names is Japanese, an English text quoting a Japanese title
    stays English. Lao when most letters are Lao.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return Detected("en", 0.0)
    lao = sum(1 for ch in letters if _lao(ch))
    japanese = sum(1 for ch in letters if _japanese(ch))
    latin = len(letters) - lao - japanese
    if lao > len(letters) / 2:
        return Detected("lo", lao / len(letters))
    if japanese * 3 >= latin and japanese:
        return Detected("ja", japanese / (japanese + latin))
    return Detected("en", latin / max(1, japanese + latin))


def check_language(text: str, lang: str, name: str) -> None:
    """Refuse an obvious mismatch between the declared language and the text, and a text in a language not read."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 40:
        return
    lao = sum(1 for ch in letters if _lao(ch)) / len(letters)
    if lao > 0.5:
        raise DocumentError.of("err.text_lao", name=name, share=f"{lao:.0%}", allowed=", ".join(_DOCUMENT_LANGUAGES))
    share = sum(1 for ch in letters if _japanese(ch)) / len(letters)
    if lang == "en" and share > 0.5:
        raise DocumentError.of("err.declared_en", name=name, share=f"{share:.0%}")
    if lang == "ja" and share < 0.1:
        raise DocumentError.of("err.declared_ja", name=name, share=f"{share:.0%}")


@dataclass(frozen=True)
class Reader:
    """One input format: how to recognise it from its bytes and how to read it into text."""

    name: str  # "pdf", "text", ...
    suffixes: tuple[str, ...]  # file names that claim this format (".pdf")
    sniff: Callable[[bytes], bool]  # True when the bytes are of this format (the name is not trusted)
    read: Callable[[bytes, str, Progress | None], Extracted]
    expected: str  # how a refusal names the format: "a PDF (it does not start with '%PDF-')"
    describe: Callable[[Extracted], str]  # the provenance line kept in the manifest: what was read and how
    how_key: str  # the catalog key of the sentence that tells a user how the text was obtained ("ad.how_pdf")
    how_args: Callable[[Extracted], dict[str, object]] = lambda x: {}  # the values that sentence names

    @property
    def accepts(self) -> tuple[str, ...]:
        """The file-name suffixes an upload field offers for this format, without the dot ("pdf")."""
        return tuple(s.lstrip(".") for s in self.suffixes)


def extracted(data: bytes, text: str, source_format: str, encoding: str, pages: int = 0,
              notes: list[str] | None = None) -> Extracted:
    """An ``Extracted`` with the digest and size of the bytes it came from."""
    return Extracted(text, source_format, encoding, hashlib.sha256(data).hexdigest(), len(data), pages, list(notes or []))
