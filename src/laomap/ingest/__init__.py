"""Bytes -> text: one reader per input format behind one registry.

Users add documents as they get them: UTF-8 or UTF-16 text saved by Windows tools,
Shift_JIS/CP932 text from Japanese government sites, PDFs. ``read_upload`` turns any of
these into one UTF-8 string ready for ``pipeline.documents.parse_document``, or raises
``DocumentError`` with a message a user can act on (empty, binary, unknown encoding,
scanned or encrypted or damaged PDF, too large). It never raises anything else.

A new format is one module here with a ``READER`` (see ``base.Reader``: how it is recognised and read,
how it describes what it read, the suffixes an upload field offers) and one line in ``READERS``
(and the sentence its ``how_key`` names in the catalogs): the format is recognised from the bytes (``sniff``), never from the name alone.
Imports: ``laomap.errors``, ``laomap.textnorm`` and third-party readers only.
"""

from __future__ import annotations

from laomap.errors import DocumentError
from laomap.ingest import docx, html, iati, pdf, text
from laomap.ingest.base import (
    DEFAULT_MAX_TEXT_CHARS,
    DEFAULT_MAX_UPLOAD_MB,
    MB,
    Detected,
    Extracted,
    Progress,
    Reader,
    check_language,
    check_size,
    check_text_length,
    detect_language,
    human_size,
    max_text_chars,
    max_upload_bytes,
)
from laomap.ingest.bounded import read_upload_bounded
from laomap.ingest.pdf import is_pdf, pdf_text, reflow_pdf_pages
from laomap.ingest.text import decode_text
from laomap.textnorm import tidy

READERS: tuple[Reader, ...] = (pdf.READER, docx.READER, iati.READER, html.READER, text.READER)  # tried in order; plain text, last, takes whatever is left


def reader_named(name: str) -> Reader:
    """The reader of a format by its name (``Extracted.source_format``); plain text for a name no reader has."""
    return next((r for r in READERS if r.name == name), READERS[-1])


def accepted_suffixes() -> list[str]:
    """Every file-name suffix a reader claims, without the dot: what an upload field offers."""
    return [s for r in READERS for s in r.accepts]

__all__ = [
    "DEFAULT_MAX_TEXT_CHARS", "DEFAULT_MAX_UPLOAD_MB", "MB", "READERS", "Extracted", "accepted_suffixes", "reader_named", "Progress", "Reader", "check_language", "Detected", "detect_language",
    "check_size", "check_text_length", "decode_text", "human_size", "is_pdf", "max_text_chars", "max_upload_bytes", "pdf_text", "read_upload", "read_upload_bounded",
    "reflow_pdf_pages",
]


def read_upload(data: bytes, name: str, progress: Progress | None = None) -> Extracted:
    """The text of an uploaded file in any registered format; DocumentError with a clear reason otherwise."""
    if not isinstance(data, bytes | bytearray):
        raise DocumentError.of("err.not_bytes", name=name, got=type(data).__name__)
    data = bytes(data)
    check_size(len(data), name)
    if not data.strip():
        raise DocumentError.of("err.empty", name=name)
    reader = next((r for r in READERS[:-1] if r.sniff(data)), None)
    if reader is None:
        for other in READERS[:-1]:
            suffix = next((s for s in other.suffixes if name.lower().endswith(s)), None)
            if suffix:
                raise DocumentError.of("err.named_but_not", name=name, suffix=suffix, expected=other.expected)
        reader = READERS[-1]
    if reader is pdf.READER and not name.lower().endswith(".pdf"):
        if not pdf.has_pdf_body(data):  # a text whose first line is '%PDF-1.7 ...' (a note on PDF versions): read as text
            reader = READERS[-1]
        else:
            try:
                got = reader.read(data, name, progress)
            except DocumentError as exc:  # say why a file named .txt was read as a PDF at all
                raise DocumentError.of("err.content_is_pdf", name=name, reason=exc) from None
            return _tidied(got, name)
    got = reader.read(data, name, progress)
    return _tidied(got, name)


def _tidied(got: Extracted, name: str) -> Extracted:
    """The text without bidirectional controls or storms of combining marks (``textnorm.tidy``), its length checked."""
    got.text = tidy(got.text)
    got.twins = {lang: tidy(text) for lang, text in got.twins.items()}
    check_text_length(got.text, name)
    return got
