"""Hostile files of every format the readers take (issue 30 items 4 and 6), made in memory at a chosen size.

Each maker returns the file's bytes; ``BOMBS`` names them for the tests and for bench/bench_bombs.py,
which measures the time and peak memory of reading each one.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable

PLAN = "Japan will support the road from Vientiane to Luang Prabang in 2026."


def _docx(document_xml: bytes | None = None, extra: dict[str, bytes] | None = None,
          replace: dict[str, Callable[[bytes], bytes]] | None = None, level: int = 9) -> bytes:
    """A Word document made by python-docx, with its parts replaced or added as given (compressed at ``level``)."""
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph(PLAN, style="List Number")
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            if replace and info.filename in replace:
                data = replace[info.filename](data)
            dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
_TAIL = b"</w:body></w:document>"


def _para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def docx_zip_bomb(mb: int = 500) -> bytes:
    """A picture of ``mb`` MB of zeros (about 1000:1 compressed) that the document refers to: the probe's 1 MB file that took 2 GB."""
    rel = (b'<Relationship Id="rIdBomb" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
           b'Target="media/image1.jpeg"/></Relationships>')
    return _docx(extra={"word/media/image1.jpeg": b"\0" * (mb * 1024 * 1024)},
                 replace={"word/_rels/document.xml.rels": lambda x: x.replace(b"</Relationships>", rel)})


def docx_huge_document(mb: int = 100) -> bytes:
    """A document.xml of ``mb`` MB of short paragraphs: the probe's 2 MB file that ran past 600 s."""
    one = _para("Japan will support the road.")
    return _docx(_HEAD + one * (mb * 1024 * 1024 // len(one)) + _TAIL)


def docx_billion_laughs(levels: int = 9) -> bytes:
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, levels + 1))
    doctype = b"<!DOCTYPE w:document [" + entities + b"]>"
    body = _HEAD.replace(b"<w:document", doctype + b"<w:document", 1)
    return _docx(body + _para(f"&lol{levels};") + _TAIL)


def docx_entity_repeated(times: int = 20_000) -> bytes:
    doctype = b'<!DOCTYPE w:document [<!ENTITY big "' + b"x" * 10_000 + b'">]>'
    body = _HEAD.replace(b"<w:document", doctype + b"<w:document", 1)
    return _docx(body + _para("&big;" * times) + _TAIL)


def docx_truncated() -> bytes:
    full = _HEAD + _para(PLAN) * 50 + _TAIL
    return _docx(full[: len(full) // 2])


def docx_non_numeric_list_number() -> bytes:
    return _docx(replace={"word/numbering.xml": lambda x: re.sub(rb'w:ilvl="0"', b'w:ilvl="zero"', x, count=1)})


def docx_empty() -> bytes:
    return _docx(_HEAD + _TAIL)


def docm_renamed() -> bytes:
    """A macro-enabled document (.docm) saved under the name .docx: its content type says so."""
    return _docx(replace={"[Content_Types].xml": lambda x: x.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")},
        extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})


def html_nested(depth: int = 100_000) -> bytes:
    return b"<html><head><title>Plan</title></head><body>" + b"<div>" * depth + PLAN.encode() + b"</div>" * depth + b"</body></html>"


def html_large(mb: int = 19) -> bytes:
    para = f"<p>{PLAN} </p>\n".encode()
    return b"<html><head><title>Plan</title></head><body>" + para * (mb * 1024 * 1024 // len(para)) + b"</body></html>"


def pdf_stream_bomb(mb: int = 200) -> bytes:
    """A one-page PDF whose content stream inflates to ``mb`` MB (spaces: a valid, empty-looking page)."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 720 Td (" + PLAN.encode() + b") Tj ET\n" + b" " * (mb * 1024 * 1024), 9)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def pdf_many_pages(pages: int = 20_000, drawing: int = 0) -> bytes:
    """A PDF of ``pages`` pages that all share one content stream: small file, much work.

    ``drawing`` adds that many line-drawing operators to the stream: no text, but every one is parsed on every page.
    """
    content = b"BT /F1 12 Tf 72 720 Td (" + PLAN.encode() + b") Tj ET" + b" 1 0 0 1 0 0 cm 0 0 m 1 1 l S" * drawing
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    return _pdf(objs)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


BOMBS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx-zip-bomb": ("plan.docx", docx_zip_bomb),
    "docx-huge-document-xml": ("plan.docx", docx_huge_document),
    "docx-billion-laughs": ("plan.docx", docx_billion_laughs),
    "docx-entity-20000": ("plan.docx", docx_entity_repeated),
    "docx-truncated-xml": ("plan.docx", docx_truncated),
    "docx-non-numeric-list": ("plan.docx", docx_non_numeric_list_number),
    "docx-empty": ("plan.docx", docx_empty),
    "docm-renamed": ("plan.docx", docm_renamed),
    "html-nested-100k": ("plan.html", html_nested),
    "html-19mb": ("plan.html", html_large),
    "pdf-stream-bomb": ("plan.pdf", pdf_stream_bomb),
    "pdf-20000-pages": ("plan.pdf", pdf_many_pages),
}
