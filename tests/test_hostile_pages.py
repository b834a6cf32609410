"""Every dashboard page (AppTest) with the malicious plan and places: markup reaches no page as markup.

What each element does with its text decides the check: HTML blocks and the map and chart
specifications must carry the data's markup escaped; Markdown (captions, messages, titles,
labels) must carry it with Markdown's own characters escaped, so ``$x^2$`` is not a formula
and ``[go](javascript:...)`` not a link. The browser test (tests/e2e/test_hostile_e2e.py)
checks what Chromium makes of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from laomap.ui.pages import PAGES as REGISTRY

from . import hostile as H
from .apptest import open_app
from .conftest import DOCUMENTS, GEODATA, ROOT
from .test_security import strings

PAGES = [spec.script for spec in REGISTRY]
# Markdown made from the data's text: a formula, a link, a colour directive, code (unless escaped)
MARKDOWN_FROM_DATA = re.compile(r"(?<!\\)\$x\^2|(?<!\\)\]\(javascript|(?<!\\):red\[|(?<!\\)`backtick|(?<!\\)\$\{alert|(?<!\\)\$\\frac")
DATA_TAG = re.compile(r"<img src=x|<script>alert|<svg onload|<a href=\"javascript", re.I)  # the data's markup, raw
MARKDOWN_TYPES = {"markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success", "exception"}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    user = tmp_path_factory.mktemp("hostile-pages")
    H.make_hostile(user, DOCUMENTS, GEODATA)
    return user


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def problems(at: AppTest) -> list[str]:
    """Every place where the data's markup survived as markup on the page."""
    found = []
    for node in walk(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind == "html" and DATA_TAG.search(node.body):
            found.append(f"html: {node.body[:200]}")
        if kind in MARKDOWN_TYPES:
            body = getattr(node, "body", None) or getattr(node, "value", "") or getattr(proto, "body", "")
            if MARKDOWN_FROM_DATA.search(str(body)):
                found.append(f"{kind}: {str(body)[:200]}")
        label = getattr(node, "label", None)
        if isinstance(label, str) and MARKDOWN_FROM_DATA.search(label):
            found.append(f"{kind} label: {label[:200]}")
        if kind == "component_instance":
            args = json.loads(proto.json_args or "{}")
            found += [f"component: {s[:200]}" for s in strings(args) if DATA_TAG.search(s)]
    return found


def page_text(at: AppTest) -> str:
    return " ".join(str(getattr(n, "body", "") or "") for n in walk(at._tree) if getattr(n, "type", "") in ("html", *MARKDOWN_TYPES))


def open_page(page: str, **query) -> AppTest:
    return open_app(page, **{"doc": H.DOC_ID, **query})


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_page_turns_the_data_into_markup(hostile_dir, monkeypatch, page, lang):
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(hostile_dir))
    query = {"lang": lang}
    if page == "app_pages/commitments.py":
        query["stmt"] = f"{H.DOC_ID}:1(2):1.1"  # the detail view of the statement with </script> and <svg>
    at = open_page(page, **query)
    assert problems(at) == []


def test_the_escaped_text_is_on_the_pages(hostile_dir, monkeypatch):
    """The checks above must not pass by showing nothing: the texts are there, escaped."""
    import html

    monkeypatch.setenv("LAOMAP_DATA_DIR", str(hostile_dir))
    shown = page_text(open_page("app_pages/map.py"))
    for text in H.STATEMENTS.values():
        assert html.escape(text) in shown
    detail = page_text(open_page("app_pages/commitments.py", stmt=f"{H.DOC_ID}:1(2):1.1"))
    assert html.escape(H.STATEMENTS["svg"]) in detail and html.escape(f"(2) Markup {H.SVG}") in detail
    overview = open_page("app_pages/overview.py")
    assert any("Zone \\[go\\]" in c.value for c in overview.caption)  # the whole-country line under the map


def test_reviewing_a_hostile_upload_shows_it_as_text(hostile_dir, monkeypatch, tmp_path):
    from .test_add_document_page import labelled

    user = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(user))
    at = AppTest.from_file(str(ROOT / "app_pages" / "add_document.py"), default_timeout=90)
    at.run()
    text = H.TEXT.replace("on Hostile Input", f"on Hostile Input {H.MARKDOWN}", 1)  # its own first line, not shown
    text += "\nBoth sides affirmed to visit Phonsavan in 2029.\n"  # an unknown place for the review
    at.file_uploader[0].set_value((f"{H.SVG}.txt", text.encode(), "text/plain"))
    labelled(at.text_input, "Title (empty: the document's own first line)").input(H.TITLE + " " + H.MARKDOWN)
    labelled(at.text_input, "Date (empty: read from its date line)").input("2024")
    labelled(at.text_input, "Document id (optional)").input("hostile-two-en")
    next(b for b in at.button if b.label == "Review").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert problems(at) == []
    review = " ".join(m.value for m in at.markdown)
    assert re.sub(r"\\(.)", r"\1", review).count(f"{H.TITLE} {H.MARKDOWN}") == 1  # the typed title it is added under, as written
    assert not Path(user, "manifest.json").exists()


# --------------------------------------------------------------------------- short titles (issue 30 item 5)

SHORT_TITLES = {"image": "![](//host/i)", "link": "[x](//host/l)", "colour": ":red[x] `c`"}
FROM_SHORT_TITLE = re.compile(r"(?<!\\)\]\(//host|(?<!\\):red\[|(?<!\\)`c`")


@pytest.fixture(scope="module")
def short_titled(tmp_path_factory):
    """The hostile plan added under each of the probe's short titles (short enough to be shown whole in the diagram)."""
    from laomap import userdata

    user = tmp_path_factory.mktemp("short-titles")
    H.make_hostile(user, DOCUMENTS, GEODATA)
    for n, title in enumerate(SHORT_TITLES.values(), 1):
        text = H.TEXT.replace("2024", str(2030 + n))
        meta = userdata.document_meta(title, f"{2030 + n}-01", "en", doc_id=f"short-{n}")
        userdata.add_document(text + f"\nBoth sides affirmed to meet again in {2030 + n}.\n", meta, user, DOCUMENTS, GEODATA)
    return user


def _markdown_bodies(at: AppTest) -> list[str]:
    out = []
    for node in walk(at._tree):
        if getattr(node, "type", "") in MARKDOWN_TYPES:
            out.append(str(getattr(node, "body", None) or getattr(node, "value", "") or ""))
        label = getattr(node, "label", None)
        if isinstance(label, str):
            out.append(label)
    return out


@pytest.mark.parametrize("flow", ["carried", "new", "dropped"])
def test_a_short_title_is_text_in_the_plan_historys_flow_heading_and_captions(short_titled, monkeypatch, flow):
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(short_titled))
    at = open_app("app_pages/history.py", flow=flow, earlier="short-1", later="short-2")
    bodies = _markdown_bodies(at)
    assert any("host/i" in b for b in bodies)  # the title is on the page...
    assert [b for b in bodies if FROM_SHORT_TITLE.search(b)] == []  # ...as text: no image, no link, no colour


@pytest.mark.parametrize("page", PAGES)
def test_no_page_turns_a_short_title_into_markdown(short_titled, monkeypatch, page):
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(short_titled))
    at = open_app(page, doc="short-1")
    assert [b for b in _markdown_bodies(at) if FROM_SHORT_TITLE.search(b)] == []
