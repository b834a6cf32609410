"""A Word document (.docx) -> its text, with headings on lines of their own and list numbering kept.

Headings (the styles Title and Heading 1-9) become heading lines, numbered with the document's
own automatic numbering where it has one; list paragraphs become "- " bullets indented by their
level, an ordered list's number kept at the start of the item; table cells become paragraphs.
"""

from __future__ import annotations

import io
import zipfile

from laomap.errors import DocumentError
from laomap.ingest.base import Extracted, Progress, Reader, extracted, human_size

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A Word document's parts, uncompressed: a 400-page plan's document.xml is a few MB, its pictures a few MB each.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
_HEAD_BYTES = 64 * 1024  # a DTD comes before the root element: within the first bytes of a part
_MACROS = b"macroEnabled"


def check_package(data: bytes, name: str) -> None:
    """Refuse, before anything is decompressed, a package that would unpack too large, carries a DTD or macros.

    The sizes are those the ZIP declares; ``zipfile`` never returns more than a part declares (it
    stops there and checks the CRC), so a part cannot lie its way past the limit. Word never writes
    a DTD: one in a part is there for entity expansion (billion laughs), refused unparsed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_PART_BYTES:
                    raise DocumentError.of("err.docx_too_large", name=name, part=info.filename, size=human_size(info.file_size),
                                           limit=human_size(MAX_PART_BYTES))
            if total > MAX_TOTAL_BYTES:
                raise DocumentError.of("err.docx_too_large", name=name, part="*", size=human_size(total),
                                       limit=human_size(MAX_TOTAL_BYTES))
            for info in infos:
                if info.filename == "[Content_Types].xml" or info.filename.endswith((".xml", ".rels")):
                    with z.open(info) as part:
                        head = part.read(_HEAD_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise DocumentError.of("err.docx_dtd", name=name, part=info.filename)
                    if info.filename == "[Content_Types].xml" and _MACROS in head:
                        raise DocumentError.of("err.docm", name=name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError.of("err.docx_damaged", name=name, reason=type(exc).__name__) from None


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
    """The document as parser-ready lines (``check_package`` first: nothing is unpacked beyond its limits)."""
    from lxml import etree

    check_package(data, name)
    try:
        return _docx_text(data, name)
    except DocumentError:
        raise
    except (etree.LxmlError, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError, EOFError,
            OSError, RecursionError) as exc:  # python-docx meets damaged parts in many ways; all mean the same to a user
        if "memory allocation failed" in str(exc).lower():
            raise MemoryError(str(exc)) from None  # libxml2 out of memory: the reader's limit, not a damaged file
        raise DocumentError.of("err.docx_damaged", name=name, reason=f"{type(exc).__name__}") from None


def _docx_text(data: bytes, name: str) -> str:
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
        raise DocumentError.of("err.docx_empty", name=name)
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
