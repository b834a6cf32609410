"""Bytes of an uploaded plan -> its text: text files in any of the encodings ministries use, or a PDF's text layer.

Users add documents as they get them: UTF-8 or UTF-16 text saved by Windows tools,
Shift_JIS/CP932 text from Japanese government sites, PDFs. ``read_upload`` turns any of
these into one UTF-8 string ready for ``documents.parse_document``, or raises
``DocumentError`` with a message a user can act on (empty, binary, unknown encoding,
scanned or encrypted or damaged PDF, too large). It never raises anything else.

Encodings are decided by strict decoding in a fixed order (byte-order mark, UTF-16 by its
NUL pattern, UTF-8, UTF-16 without NULs, CP932), because a statistical detector alone
confuses short Japanese texts; charset-normalizer only breaks a tie between two strict
decodings that both look like text, and its mess measure rejects text that decodes
without error into garbage (EUC-JP read as CP932, say).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import DocumentError
from .textnorm import fold

DEFAULT_MAX_UPLOAD_MB = 20
MB = 1024 * 1024
Progress = Callable[[int, int], None]  # (pages done, pages in total)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with a byte-order mark"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 (little-endian, with a byte-order mark)"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 (big-endian, with a byte-order mark)"),
)
_ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 (little-endian, no byte-order mark)",
    "utf-16-be": "UTF-16 (big-endian, no byte-order mark)",
    "cp932": "Shift_JIS/CP932",
}
_MAGIC = (  # common files people upload by mistake, named so the message can say what to do
    (b"PK\x03\x04", "a ZIP archive or an Office document (.docx, .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_PAGE_NUMBER = re.compile(r"^[\s\-–—]*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?[\s\-–—]*$", re.I)
_HEADING_LIKE = re.compile(r"^(?:\d{1,2}\.?\s+\S|\(\d{1,2}\)\s*\S|(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.?\s+[A-Z])")
_BULLET_LIKE = re.compile(r"^[•◦▪‣●○■□◆◇・*\-]\s")
_TERMINAL = re.compile(r"[.!?。！？:：][\"'”’)\]）」』]*$")


@dataclass
class Extracted:
    """The text of an upload and how it was obtained (kept in the manifest as provenance)."""

    text: str
    source_format: str  # "text" | "pdf"
    encoding: str  # label of the text encoding, or "PDF text layer"
    sha256: str
    size: int
    pages: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        """One line for the manifest's source_format field."""
        if self.source_format == "pdf":
            return f"Text layer of a {self.pages}-page PDF, extracted with pypdf and re-flowed into paragraphs"
        return f"Text file in {self.encoding}, stored as UTF-8"


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
        raise DocumentError(
            f"{name} is {human_size(size)}, over the limit of {human_size(limit)}: split the document, or raise the "
            "limit with the environment variable LAOMAP_MAX_UPLOAD_MB."
        )


def human_size(n: int) -> str:
    """1536 -> '1.5 KB', 20971520 -> '20.0 MB'."""
    return f"{n / 1024:.1f} KB" if n < MB else f"{n / MB:.1f} MB"


# --------------------------------------------------------------------------- entry point


def read_upload(data: bytes, name: str, progress: Progress | None = None) -> Extracted:
    """The text of an uploaded file (text or PDF); DocumentError with a clear reason otherwise."""
    if not isinstance(data, bytes | bytearray):
        raise DocumentError(f"{name}: expected the bytes of a file, got {type(data).__name__}.")
    data = bytes(data)
    check_size(len(data), name)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise DocumentError(f"{name} is empty: expected the text of a plan (a .txt or .pdf file).")
    if is_pdf(data):
        text, pages, notes = pdf_text(data, name, progress)
        return Extracted(text, "pdf", "PDF text layer", digest, len(data), pages, notes)
    if name.lower().endswith(".pdf"):
        raise DocumentError(f"{name} is named .pdf but is not a PDF (it does not start with '%PDF-'): the file may be damaged.")
    text, encoding = decode_text(data, name)
    return Extracted(text, "text", encoding, digest, len(data))


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


# --------------------------------------------------------------------------- text files


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode a text file: (text, name of its encoding). Refuses binary data and text that decodes to garbage."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(f"{name} is {what}, not a text file: save the plan as plain text (.txt) or PDF and add that.")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec.replace("-sig", ""))
            if text is None:
                raise DocumentError(f"{name} starts with the byte-order mark of {label} but is not valid in that encoding: the file is damaged.")
            _refuse_garbage(text, name, label)
            return text, label
    if b"\x00" in data:
        found = _utf16_by_nuls(data)
        if not found:
            raise DocumentError(f"{name} looks like a binary file (it contains NUL bytes), not text: expected a .txt or .pdf file.")
        return found[0][1], _ENCODING_LABELS[found[0][0]]
    controls = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 12, 13) or b == 0x7F)
    if controls > max(8, min(len(data), 65536) // 100):
        raise DocumentError(f"{name} looks like a binary file ({controls} control bytes), not text: expected a .txt or .pdf file.")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:  # UTF-8 is so strict that random bytes almost never pass: it decides alone
        _refuse_garbage(utf8, name, _ENCODING_LABELS["utf-8"])
        return utf8, _ENCODING_LABELS["utf-8"]
    candidates: list[tuple[str, str]] = []
    rejected: list[str] = []
    for codec in ("utf-16-le", "utf-16-be", "cp932"):
        text = _strict(data, codec) if codec == "cp932" or len(data) % 2 == 0 else None
        if text is None:
            continue
        reason = _garbage_reason(text)
        if reason is None and (codec == "cp932" or _mostly_japanese(text)):
            candidates.append((codec, text))
        elif reason is not None and codec == "cp932":
            rejected.append(f"read as Shift_JIS/CP932, {reason}")
    if len(candidates) > 1:
        candidates.sort(key=lambda c: _detector_rank(data, c[0]))
    if candidates:
        return candidates[0][1], _ENCODING_LABELS[candidates[0][0]]
    raise DocumentError(_unknown_encoding_message(data, name, rejected))


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16_by_nuls(data: bytes) -> list[tuple[str, str]]:
    """UTF-16 without a BOM: ASCII characters leave NUL bytes on one side of each pair."""
    if len(data) % 2:
        return []
    even, odd = data[0::2].count(0), data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    out = []
    for codec in order:
        text = _strict(data, codec)
        if text is not None and _garbage_reason(text) is None:
            out.append((codec, text))
    return out[:1]


def _mostly_japanese(text: str) -> bool:
    """A NUL-free UTF-16 reading is only believable if it is Japanese text (ASCII would have NULs)."""
    letters = [ch for ch in _sample(text) if not ch.isspace()]
    if not letters:
        return False
    kana = sum(1 for ch in letters if "\u3040" <= ch <= "\u30ff")
    japanese = sum(1 for ch in letters if "\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return japanese / len(letters) > 0.9 and kana > 0


def _sample(text: str, size: int = 65536) -> str:
    """The beginning, middle and end of a long text: enough to judge it, fast on a 20 MB file."""
    if len(text) <= 3 * size:
        return text
    middle = (len(text) - size) // 2
    return text[:size] + text[middle:middle + size] + text[-size:]


def _detector_rank(data: bytes, codec: str) -> int:
    """Tie-break between strict decodings with charset-normalizer: its best guess first, else the fixed order."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536], cp_isolation=["utf_16_le", "utf_16_be", "cp932"]).best()
    except Exception:  # noqa: BLE001 - the detector is only a hint; any failure means "no opinion"
        best = None
    guess = (best.encoding.replace("_", "-") if best is not None else "")
    return 0 if guess == codec else 1


def _garbage_reason(text: str) -> str | None:
    """Why a decoded text is not believable as a plan, or None when it looks like text."""
    if not text.strip():
        return "it contains only white space"
    sample = _sample(text)
    n = len(sample)
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\x7f")
    if controls > max(8, n // 200):
        return f"it contains {controls} control characters"
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "Cs") or ch == "\ufffd")
    if odd > max(4, n // 200):
        return f"it contains {odd} unassigned, private-use or replacement characters"
    if _mess(text) > 0.25:
        return "its characters look garbled, as when a text is read in the wrong encoding"
    return None


def _mess(text: str) -> float:
    """charset-normalizer's measure of how garbled a text is, on a few samples of it (0 clean .. 1 garbage)."""
    from charset_normalizer.md import mess_ratio

    size = 4000
    starts = [0] if len(text) <= size else [0, (len(text) - size) // 2, len(text) - size]
    try:
        return max(mess_ratio(text[s:s + size], 1.0) for s in starts)
    except Exception:  # noqa: BLE001 - a failing measure must not hide the text; treat it as clean
        return 0.0


def _refuse_garbage(text: str, name: str, label: str) -> None:
    if not text.strip():
        raise DocumentError(f"{name} is empty (only white space in {label}): expected the text of a plan.")
    reason = _garbage_reason(text)
    if reason:
        raise DocumentError(f"{name} does not look like text: read as {label}, {reason}. Expected a plan as plain text or PDF.")


def _unknown_encoding_message(data: bytes, name: str, rejected: list[str]) -> str:
    try:
        data.decode("utf-8")
        bad = ""
    except UnicodeDecodeError as exc:
        bad = f" (byte {exc.start} is 0x{data[exc.start]:02x})"
    hint = ""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None and best.encoding not in ("utf_8", "cp932", "shift_jis", "utf_16", "utf_16_le", "utf_16_be", "ascii"):
            hint = f" It may be in {best.encoding.replace('_', '-').upper()}."
    except Exception:  # noqa: BLE001 - the hint is optional
        hint = ""
    tried = f" ({'; '.join(rejected)})" if rejected else ""
    return (
        f"{name} is not in a supported text encoding: it is not valid UTF-8{bad}, UTF-16 or Shift_JIS/CP932{tried}.{hint} "
        "Open it in a text editor and save it as UTF-8, then add it again."
    )


# --------------------------------------------------------------------------- PDF


@contextmanager
def _quiet_pypdf():
    """pypdf logs warnings about damaged files to stderr; our message replaces them."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_text(data: bytes, name: str, progress: Progress | None = None) -> tuple[str, int, list[str]]:
    """The text layer of a PDF, page by page, re-flowed into paragraphs: (text, pages, notes)."""
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise DocumentError(
            f"{name} is a truncated PDF (its end-of-file marker is missing): the download or copy was cut short. "
            "Get the complete file and add it again."
        )
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError:
                    opened = 0
                if not opened:
                    raise DocumentError(
                        f"{name} is an encrypted (password-protected) PDF: laomap cannot read its text. Open it with its "
                        "password, save or print an unprotected copy, and add that."
                    )
            total = len(reader.pages)
            if total == 0:
                raise DocumentError(f"{name} is a PDF without pages.")
            pages: list[str] = []
            for i, page in enumerate(reader.pages):
                pages.append(_page_text(page))
                if progress is not None:
                    progress(i + 1, total)
        except DocumentError:
            raise
        except FileNotDecryptedError:
            raise DocumentError(f"{name} is an encrypted (password-protected) PDF: save an unprotected copy and add that.") from None
        except RecursionError:
            raise DocumentError(f"{name} is a damaged PDF (its structure loops on itself): it cannot be read.") from None
        except Exception as exc:  # noqa: BLE001 - pypdf raises many exception types on damaged files; all mean the same
            raise DocumentError(f"{name} is a damaged PDF that cannot be read ({type(exc).__name__}: {str(exc)[:120]}).") from None
    empty = [i + 1 for i, p in enumerate(pages) if not p.strip()]
    if len(empty) == len(pages):
        raise DocumentError(
            f"{name} has no text layer (its {total} page(s) are images, as in a scanned document): run OCR on it first, "
            "or add the plan's text as a .txt file."
        )
    notes = []
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        notes.append(f"{len(empty)} of {total} pages have no text layer (page {shown}); their content, if any, is missing.")
    return reflow_pdf_pages(pages), total, notes


def _page_text(page) -> str:
    """Layout-mode text keeps the vertical gaps that separate paragraphs; fall back to plain mode."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - layout mode fails on some fonts; plain mode still gives the words
        return page.extract_text() or ""


def reflow_pdf_pages(pages: list[str]) -> str:
    """Join a PDF's visual lines into paragraphs, one per line, blank lines between.

    A PDF breaks every paragraph into lines and a page break can cut one in two. Layout
    extraction renders vertical space as blank lines; the smallest common gap between two
    lines is the line spacing, and a wider gap separates paragraphs. A line also starts a new
    paragraph when it looks like a heading or a bullet, or when the line above ends a
    sentence well short of the right margin or this one is indented. A paragraph cut by a
    page break (no final punctuation) continues on the next page. Page numbers alone on a
    line are dropped.
    """
    lines = [_page_lines(page) for page in pages]
    gaps = [gap for page in lines for _, gap in page[1:]]
    # the line spacing: the smallest gap that is common (a stray tight pair must not set it)
    spacing = min((g for g in set(gaps) if gaps.count(g) >= max(2, len(gaps) // 10)), default=0)
    paragraphs: list[str] = []
    heading = False
    for page in lines:
        right_margin = max((len(raw) for raw, _ in page), default=0)
        previous: tuple[int, int] | None = None  # (indent, right edge) of the line above
        for raw, gap in page:
            text = re.sub(r"[ \t]{2,}", " ", raw).strip()
            indent = len(raw) - len(raw.lstrip())
            # a heading ends at its line unless it fills it; a sentence may end mid-paragraph
            ended = heading or (bool(paragraphs) and bool(_TERMINAL.search(paragraphs[-1])))
            starts = _starts_block(text)
            if previous is None:  # first line of a page: continue only a paragraph cut mid-sentence
                new_block = starts or ended or not paragraphs
            else:
                new_block = starts or gap > spacing or (
                    ended and (previous[1] < 0.85 * right_margin or indent > previous[0] + 1))
            if new_block:
                paragraphs.append(text)
                heading = starts and not _BULLET_LIKE.match(fold(text))
            else:
                paragraphs[-1] = _join(paragraphs[-1], text)
            previous = (indent, len(raw))
    return "\n\n".join(paragraphs) + "\n"


def _page_lines(page: str) -> list[tuple[str, int]]:
    """Non-blank lines of one page with the number of blank lines above each; page numbers dropped."""
    raw = [ln.replace("\x0c", " ").replace("\u00a0", " ").rstrip() for ln in page.replace("\r", "\n").split("\n")]
    out: list[tuple[str, int]] = []
    blanks = 0
    for ln in raw:
        if not ln.strip():
            blanks += 1
            continue
        out.append((ln, blanks if out else 0))
        blanks = 0
    if out and _PAGE_NUMBER.match(out[-1][0]):
        out.pop()
    if out and _PAGE_NUMBER.match(out[0][0]):
        out.pop(0)
        if out:
            out[0] = (out[0][0], 0)
    return out


def _starts_block(line: str) -> bool:
    folded = fold(line)
    return bool(_HEADING_LIKE.match(folded) or _BULLET_LIKE.match(folded))


def _join(left: str, right: str) -> str:
    from .textnorm import is_cjk

    if left.endswith("-") and right[:1].islower():
        return left + right  # a hyphenated word broken at the line end
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return left + right
    return left + " " + right


# --------------------------------------------------------------------------- language


def check_language(text: str, lang: str, name: str) -> None:
    """Refuse an obvious mismatch between the declared language and the text."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 40:
        return
    japanese = sum(1 for ch in letters if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff66" <= ch <= "\uff9f")
    share = japanese / len(letters)
    if lang == "en" and share > 0.5:
        raise DocumentError(f"{name} was declared English but {share:.0%} of its letters are Japanese: choose the language ja.")
    if lang == "ja" and share < 0.1:
        raise DocumentError(f"{name} was declared Japanese but only {share:.0%} of its letters are Japanese: choose the language en.")
