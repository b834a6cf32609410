"""A Word document (.docx) -> its text, with headings on lines of their own and list numbering kept.

Headings (the styles Title and Heading 1-9) become heading lines, numbered with the document's
own automatic numbering where it has one; list paragraphs become "- " bullets indented by their
level, an ordered list's number kept at the start of the item; table cells become paragraphs.
"""

from __future__ import annotations

import io
import zipfile

from laomap.errors import DocumentError
from laomap.ingest.base import Extracted, Progress, Reader, extracted

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def is_docx(data: bytes) -> bool:
    """A ZIP whose parts include word/document.xml (the bytes decide, not the name)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _formats(doc) -> dict[tuple[str, int], str]:
    """(numId, level) -> numFmt ('bullet', 'decimal', 'lowerLetter', ...) from the numbering part."""
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for a in numbering.findall(f"{_W}abstractNum"):
        levels = {}
        for lvl in a.findall(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            levels[int(lvl.get(f"{_W}ilvl"))] = fmt.get(f"{_W}val") if fmt is not None else "decimal"
        abstract[a.get(f"{_W}abstractNumId")] = levels
    out = {}
    for num in numbering.findall(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is not None:
            for level, fmt in abstract.get(ref.get(f"{_W}val"), {}).items():
                out[(num.get(f"{_W}numId"), level)] = fmt
    return out


def _mark(fmt: str, n: int) -> str:
    if fmt == "decimal" or fmt == "decimalFullWidth":
        return f"{n}."
    if fmt == "lowerLetter":
        return f"({chr(96 + n)})" if n <= 26 else f"({n})"
    if fmt == "upperLetter":
        return f"{chr(64 + n)}." if n <= 26 else f"{n}."
    if fmt == "lowerRoman":
        return f"({_roman(n).lower()})"
    if fmt == "upperRoman":
        return f"{_roman(n)}."
    return f"{n}."


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def docx_text(data: bytes, name: str) -> str:
    """The document as parser-ready lines."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError.of("err.docx_damaged", name=name, reason=f"{type(exc).__name__}") from None
    formats = _formats(doc)
    counters: dict[tuple[str, int], int] = {}
    lines: list[str] = []
    body = doc.element.body
    for block in body.iterchildren():
        if block.tag == f"{_W}p":
            lines += _paragraph(docx.text.paragraph.Paragraph(block, doc), formats, counters)
        elif block.tag == f"{_W}tbl":
            for row in docx.table.Table(block, doc).rows:
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text:
                        lines += [text, ""]
    text = "\n".join(lines).strip()
    if not text:
        raise DocumentError.of("err.empty", name=name)
    return text + "\n"


def _numbering(p):
    """The paragraph's list numbering: its own, else its style's (List Number, List Bullet...), else None."""
    if p._p.pPr is not None and p._p.pPr.numPr is not None:
        return p._p.pPr.numPr
    style = p.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = style.base_style
    return None


def _paragraph(p, formats: dict, counters: dict) -> list[str]:
    text = " ".join(p.text.split())
    if not text:
        return []
    style = (p.style.name if p.style is not None else "") or ""
    num = _numbering(p)
    mark = ""
    level = 0
    if num is not None and num.numId is not None:
        num_id = str(num.numId.val)
        level = int(num.ilvl.val) if num.ilvl is not None else 0
        key = (num_id, level)
        counters[key] = counters.get(key, 0) + 1
        for deeper in [k for k in counters if k[0] == num_id and k[1] > level]:
            del counters[deeper]  # a new item restarts the numbering of its sub-levels
        fmt = formats.get(key, "decimal")
        mark = "" if fmt == "bullet" else _mark(fmt, counters[key])
    if style == "Title" or style.startswith("Heading"):
        return ["", f"{mark} {text}".strip() if mark else text, ""]
    if num is not None:
        return ["  " * level + "- " + (f"{mark} " if mark else "") + text]
    return [text, ""]


def _read(data: bytes, name: str, progress: Progress | None) -> Extracted:
    return extracted(data, docx_text(data, name), "docx", "Word document (.docx), read with python-docx")


READER = Reader("docx", (".docx",), is_docx, _read, "a Word document (.docx)",
                describe=lambda x: "Text of a Word document (.docx), read with python-docx, stored as UTF-8",
                how_key="ad.how_docx")
