"""A PDF's text layer (pypdf) -> paragraphs, with page numbers and running heads dropped."""

from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager

from laomap.errors import DocumentError
from laomap.ingest.base import Extracted, Progress, Reader, extracted
from laomap.textnorm import fold, is_cjk

_PAGE_NUMBER = re.compile(r"^[\s\-–—]*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?[\s\-–—]*$", re.I)
_HEADING_LIKE = re.compile(r"^(?:\d{1,2}\.?\s+\S|\(\d{1,2}\)\s*\S|(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.?\s+[A-Z])")
_BULLET_LIKE = re.compile(r"^[•◦▪‣●○■□◆◇・*\-]\s")
MAX_PAGES = 2000  # a plan of a million characters (the text limit) fills about 400 pages
_TERMINAL = re.compile(r"[.!?。！？:：][\"'”’)\]）」』]*$")


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
        raise DocumentError.of("err.pdf_truncated", name=name)
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError:  # AES needs the cryptography package (requirements.txt): a broken install
                    raise DocumentError.of("err.pdf_aes_unsupported", name=name) from None
                if not opened:
                    raise DocumentError.of("err.pdf_encrypted", name=name)
            total = len(reader.pages)
            if total == 0:
                raise DocumentError.of("err.pdf_no_pages", name=name)
            if total > MAX_PAGES:
                raise DocumentError.of("err.pdf_too_many_pages", name=name, pages=f"{total:,}", limit=f"{MAX_PAGES:,}")
            pages: list[str] = []
            for i, page in enumerate(reader.pages):
                pages.append(_page_text(page))
                if progress is not None:
                    progress(i + 1, total)
        except (DocumentError, MemoryError):
            raise
        except LimitReachedError:
            raise DocumentError.of("err.pdf_limit", name=name) from None
        except FileNotDecryptedError:
            raise DocumentError.of("err.pdf_password", name=name) from None
        except RecursionError:
            raise DocumentError.of("err.pdf_loop", name=name) from None
        except Exception as exc:  # noqa: BLE001 - pypdf raises many exception types on damaged files; all mean the same
            raise DocumentError.of("err.pdf_damaged", name=name, detail=f"{type(exc).__name__}: {str(exc)[:120]}") from None
    empty = [i + 1 for i, p in enumerate(pages) if not p.strip()]
    if len(empty) == len(pages):
        raise DocumentError.of("err.pdf_no_text", name=name, total=total)
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

    if left.endswith("-") and right[:1].islower():
        return left + right  # a hyphenated word broken at the line end
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return left + right
    return left + " " + right


_HEADER = re.compile(rb"%PDF-\d\.\d")


def is_pdf(data: bytes) -> bool:
    """A PDF header in the first kilobyte, at the start or after binary junk (a text that quotes '%PDF-1.7' is no PDF)."""
    m = _HEADER.search(data[:1024])
    if m is None:
        return False
    before = data[: m.start()]
    try:
        text = before.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return not text.strip() or any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text)


_BODY = re.compile(rb"\d+\s+\d+\s+obj\b")


def has_pdf_body(data: bytes) -> bool:
    """Whether the bytes after the header look like a PDF's (an indirect object, an end-of-file marker, binary bytes):
    a text file that merely starts with '%PDF-' has none of these."""
    return bool(_BODY.search(data[:1 << 20]) or b"%%EOF" in data[-4096:] or b"\0" in data[:1 << 16]
                or any(b >= 0x80 for b in data[:1024]) and not _is_utf8(data[:1 << 16]))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(data) - 4  # only a character cut at the end of the sample
    return True


def _read(data: bytes, name: str, progress: Progress | None) -> Extracted:
    text, pages, notes = pdf_text(data, name, progress)
    return extracted(data, text, "pdf", "PDF text layer", pages, notes)


READER = Reader("pdf", (".pdf",), is_pdf, _read, "a PDF (it does not start with '%PDF-')",
                describe=lambda x: f"Text layer of a {x.pages}-page PDF, extracted with pypdf and re-flowed into paragraphs",
                how_key="ad.how_pdf", how_args=lambda x: {"pages": x.pages})
