"""A web page saved from a ministry's site (.html/.htm) -> the statement's own text, with its structure.

The main text is found by trafilatura, which drops navigation, breadcrumbs, menus, search
boxes, footers, scripts and "Back to index" links. Before it reads the page, a block that is one short link and nothing else, where the
page's structure says navigation (``navigation_links``: a link within the page or to a script, such as "Back to top"
or "Print", or one inside a nav, footer or back/print/page-top box, such as 報道発表へ戻る), is left out too: an old
ministry page lays these out in its main table, where trafilatura keeps them as lines of the last section. Its XML output keeps the structure, which
is written out as plain lines the document parser reads: the title first (the first ``<h1>``, even below a
category line, else the page ``<title>`` less the site's name), headings on lines of their own, list items as
"- " bullets (indented for sub-lists; an ordered list's number stays at the start of its text).
"""

from __future__ import annotations

import re

from laomap.errors import DocumentError
from laomap.ingest.base import Extracted, Progress, Reader, extracted, human_size

MAX_HTML_BYTES = 5 * 1024 * 1024  # a statement's page is tens of KB; a whole ministry site saved as one page is not a plan
MAX_DEPTH = 256  # what lxml's HTML parser reads without its "huge" option: deeper, it silently stops
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:[^>]*?)(/?)>")
# elements that do not nest: void ones, and those whose end tag HTML lets a page leave out (<p>, <li>...)
_FLAT = {b"br", b"img", b"hr", b"meta", b"link", b"input", b"area", b"base", b"col", b"embed", b"param", b"source", b"track",
         b"wbr", b"p", b"li", b"td", b"th", b"tr", b"dt", b"dd", b"option", b"!doctype"}

_SNIFF = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title[\s>])", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SITE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|:)\s+|\s*[｜|：]\s*")
_CODECS = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932",
           "euc-jp": "euc_jp", "x-euc-jp": "euc_jp"}


def is_html(data: bytes) -> bool:
    """A web page: its first 2 KB, past a byte-order mark and white space, hold an HTML tag."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and bool(_SNIFF.search(head))


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The page as text, in the charset its <meta> declares, else as a text file would be decoded."""
    from laomap.ingest.text import decode_text

    m = _CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        codec = _CODECS.get(declared, declared)
        try:
            return data.decode(codec), declared.upper()
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: decode as any text file
    return decode_text(data, name)


# A short label alone in its block, with the page's structure saying it is navigation, is not the document's text.
NAV_LINK_MAX = 40  # characters: "ページのトップへ戻る", "Return to Press Releases"; a sentence with a link is longer
_NAV_TAGS = {"nav", "footer", "aside", "header"}
_NAV_NAMES = re.compile(r"nav|menu|footer|breadcrumb|topicpath|page-?top|to-?top|back|return|print|link-?list", re.I)
_BLOCKS = {"p", "div", "li", "td", "th", "dd", "dt", "nav", "footer", "aside", "header", "section", "body"}


def _navigation_context(el) -> bool:
    """Whether ``el`` or a box around it is navigation by its tag (nav, footer...) or by its id or class names."""
    while el is not None:
        if el.tag in _NAV_TAGS or _NAV_NAMES.search(f"{el.get('id') or ''} {el.get('class') or ''}"):
            return True
        el = el.getparent()
    return False


def navigation_links(doc) -> list:
    """The blocks of a parsed page (lxml.html) that are one short link and nothing else, where the structure says
    navigation: the link points within the page or to a script (to the top, print), or the block sits in a
    navigation box. A link inside a sentence, or a long one (a document's title), is never one."""
    found = []
    for a in doc.iter("a"):
        label = " ".join(a.text_content().split())
        if not label or len(label) > NAV_LINK_MAX:
            continue
        block = a.getparent()
        while block is not None and block.tag not in _BLOCKS:
            block = block.getparent()
        if block is None or " ".join(block.text_content().split()) != label:
            continue
        href = (a.get("href") or "").strip().lower()
        scripted = href.startswith(("#", "javascript:")) or "print" in (a.get("onclick") or "").lower()
        if scripted or _navigation_context(block):
            found.append(block if block.tag != "body" else a)
    return found


def _without_navigation(page: str) -> str:
    """The page less its navigation links (``navigation_links``); the page itself when it has none."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(page)
    except (ValueError, etree.ParserError):  # an empty or odd page: trafilatura says what it finds
        return page
    found = navigation_links(doc)
    if not found:
        return page
    for el in found:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text after it
    return lxml.html.tostring(doc, encoding="unicode")


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _lines(el, depth: int = 0) -> list[str]:
    """The XML of trafilatura as lines for the parser, blank lines between blocks."""
    out: list[str] = []
    for child in el:
        tag = child.tag
        if tag == "head":
            out += [_text(child), ""]
        elif tag == "p":
            for part in "".join(child.itertext()).split("\n"):  # <lb/> inside a paragraph
                if part.strip():
                    out.append(" ".join(part.split()))
            out.append("")
        elif tag == "list":
            ordered = child.get("rend") == "ol"
            n = 0
            for item in child:
                if item.tag != "item":
                    continue
                n += 1
                own = " ".join(((item.text or "") + "".join(("".join(c.itertext()) if c.tag != "list" else "") + (c.tail or "")
                                                             for c in item)).split())
                if own:
                    out.append("  " * depth + "- " + (f"{n}. " if ordered else "") + own)
                for sub in item.findall("list"):
                    out += [ln for ln in _lines([sub], depth + 1) if ln]
            out.append("")
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_text(c) for c in row if _text(c)]
                if cells:
                    out += [" ".join(cells), ""]
        elif tag in ("quote", "div", "main", "body") or len(child):
            out += _lines(child, depth)
        elif _text(child):
            out += [_text(child), ""]
    return out


def page_title(html: str) -> str:
    """The page's <title> less the site's name ('Japan-Laos Summit | Ministry of ...' -> 'Japan-Laos Summit')."""
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    if not m:
        return ""
    import html as _html

    title = " ".join(_html.unescape(m.group(1)).split())
    parts = [p for p in _SITE_SEPARATORS.split(title) if p.strip()]
    return max(parts[:2], key=len) if parts else title


def nesting_depth(data: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep the page's elements nest (counting stops just past ``limit``): a scan of its tags, nothing parsed."""
    depth = deepest = 0
    for m in _TAG.finditer(data):
        if m.group(3) or m.group(2).lower() in _FLAT:
            continue
        if m.group(1):
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def check_page(data: bytes, name: str) -> None:
    """Refuse, before parsing, a page too large to be a statement or nested deeper than the parser reads."""
    if len(data) > MAX_HTML_BYTES:
        raise DocumentError.of("err.html_too_large", name=name, size=human_size(len(data)), limit=human_size(MAX_HTML_BYTES))
    if nesting_depth(data) > MAX_DEPTH:
        raise DocumentError.of("err.html_too_deep", name=name, limit=MAX_DEPTH)


def html_text(data: bytes, name: str) -> tuple[str, str]:
    """(the statement's text as parser-ready lines, the page's encoding)."""
    import trafilatura
    from lxml import etree

    check_page(data, name)
    page, encoding = _decode(data, name)
    page = _without_navigation(page)
    options = dict(output_format="xml", include_formatting=False, include_comments=False, include_tables=True,
                   include_links=False, include_images=False)
    # Precision keeps the page's structure (headings, lists) and leaves its furniture out; recall is the
    # fallback for a page whose main text precision does not find (it may flatten it into one paragraph).
    xml = trafilatura.extract(page, favor_precision=True, **options) or trafilatura.extract(page, favor_recall=True, **options)
    if not xml:
        raise DocumentError.of("err.html_no_text", name=name)
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    lines = _lines(main if main is not None else root)
    if not any(ln.strip() for ln in lines):
        raise DocumentError.of("err.html_no_text", name=name)
    heads = [i for i, ln in enumerate(lines) if ln]
    first = lines[heads[0]] if heads else ""
    h1 = main.find("head") if main is not None else None
    title = _text(h1) if h1 is not None and h1.get("rend") == "h1" else ""
    if title and title != first and title in lines:
        lines = _headline_first(lines, title)
    if not title:
        title = page_title(page)
        if title and title != first:
            lines = [title, "", *lines]
    body = "\n".join(lines).strip()
    if not body:
        raise DocumentError.of("err.html_no_text", name=name)
    return body + "\n", encoding


def _headline_first(lines: list[str], title: str) -> list[str]:
    """The page's ``<h1>`` first: the short lines above it (a category, a section's name, a label) are the site's
    furniture, not the document's, and are left out; a longer line above it is kept, after the headline."""
    at = lines.index(title)
    above = [ln for ln in lines[:at] if ln.strip()]
    kept = [ln for ln in above if len(ln.split()) > 8 or re.search(r"[.!?。！？]$", ln)]
    return [title, *[x for ln in kept for x in ("", ln)], *lines[at + 1:]]  # the line after the <h1> is a blank one


def _read(data: bytes, name: str, progress: Progress | None) -> Extracted:
    text, encoding = html_text(data, name)
    return extracted(data, text, "html", f"HTML page in {encoding}", notes=[])


READER = Reader("html", (".html", ".htm", ".xhtml"), is_html, _read, "a web page (no HTML tag in its first 2 KB)",
                describe=lambda x: f"Main text of a web page ({x.encoding}), extracted with trafilatura, stored as UTF-8",
                how_key="ad.how_html", how_args=lambda x: {"encoding": x.encoding.split(" in ")[-1]})
