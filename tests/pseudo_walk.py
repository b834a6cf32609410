"""Run by tests/test_pseudo_language.py in a fresh process with the pseudo-language's catalog folder in
``LAOMAP_EXTRA_CATALOGS``: opens every page of the dashboard in that language (AppTest) and makes each
export, and prints, as JSON, the plain Latin text each one shows that no catalog gave (``pseudo.leaks``).
"""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from google.protobuf.json_format import MessageToDict  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from laomap import load_dataset  # noqa: E402
from laomap.i18n import LANGUAGE_NAMES  # noqa: E402
from laomap.ui.pages import PAGES  # noqa: E402
from laomap.views.filters import Filter  # noqa: E402
from tests.pseudo import PSEUDO, leaks  # noqa: E402

APP = str(ROOT / "dashboard.py")
SKIP_KEYS = {"id", "formId", "key", "type", "arrowData", "data", "jsonArgs", "componentName", "url", "src", "href", "deltaPath",
             "iconName", "icon", "labelVisibility", "dir", "cls", "jsContent", "cssContent", "jsSourcePath", "cssSourcePath",
             "codeText", "language", "json", "lang", "format", "spec", "figure", "style", "width", "height", "useContainerWidth", "elementType"}
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    """The text of an HTML fragment and its accessible attributes, without scripts, styles, code and text marked with
    a language of its own (``lang``: data in another language, as the browser walk of test_browsing_e2e skips it)."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # the open elements: (tag, whether its text is skipped)

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append((tag, tag in ("script", "style", "code") or any(k == "lang" for k, _ in attrs)))
        if not self.skipping():
            self.out += [v for k, v in attrs if k in ATTRIBUTES and v]

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):  # close up to the matching element (HTML may leave some unclosed)
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def skipping(self) -> bool:
        return any(skip for _, skip in self.open)

    def handle_data(self, data):
        if not self.skipping() and data.strip():
            self.out.append(data)


def html_text(fragment: str) -> list[str]:
    parser = _Text()
    parser.feed(fragment)
    return parser.out


def _strings(value, out: list[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "columns" and isinstance(v, str):  # a table's column settings (JSON): their labels are shown
                out += [c["label"] for c in json.loads(v).values() if isinstance(c, dict) and c.get("label")]
            elif k not in SKIP_KEYS:
                _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)
    elif isinstance(value, str) and value.strip():
        out.extend(html_text(value) if "<" in value else [value])


def page_texts(at: AppTest) -> list[str]:
    """Every text of the page's elements (markdown, HTML, labels, options, tables' headers and cells, the map's data)."""
    out: list[str] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is not None and not hasattr(node, "children"):
            _strings(MessageToDict(proto), out)

    walk(at._tree)
    for frame in at.dataframe:
        df = frame.value
        out += [str(v) for col in df.columns if df[col].dtype == object for v in df[col].tolist()]
    for c in at.main.get("component_instance"):
        args = json.loads(c.proto.json_args)
        script = args.get("feature_group") or ""  # the map's drawing (ui.mapview): its data's strings
        if "var D = " in script:
            data, _ = json.JSONDecoder().raw_decode(script[script.index("var D = ") + len("var D = "):])
            _strings(data, out)
    return out


def corpus(ds) -> tuple[str, set[str]]:
    """(every data string joined, the words of names and titles): what may show in Latin letters as data."""
    import re

    texts = [*ds.commitments.text.astype(str), *ds.paragraphs.text.astype(str)]
    names = []
    for p in ds.gazetteer.places.values():
        names += [p.name_en, *p.aliases_en, *p.mention_in_en]
    for m in ds.documents.values():
        names += [m.title_en, m.short_title_en, m.publisher, m.date_basis, m.source_format, m.file, m.id]
    for col in ("section_title",):
        if col in ds.commitments:
            texts += list(ds.commitments[col].astype(str))
    if "title" in getattr(ds, "sections", {}):
        texts += list(ds.sections.title.astype(str))
    names += [f"{p.relation_en}" for p in ds.gazetteer.partnerships]
    names += list(LANGUAGE_NAMES.values())  # each language's button says its own name
    words = {w for n in names for w in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", n or "")}
    return "\n".join(texts + names), words


def main() -> None:
    ds = load_dataset()
    data, names = corpus(ds)
    report: dict[str, list[str]] = {}
    for query in ({"lang": PSEUDO}, {"lang": PSEUDO, "theme": "energy", "from": "2020"}):
        for spec in PAGES:
            at = AppTest.from_file(APP, default_timeout=120)
            at.query_params.update(query)
            at.run()
            if not spec.default:
                at.switch_page(spec.script).run()
            if at.exception:
                report[f"{spec.url_path} {query}: exception"] = [str(e.value) for e in at.exception]
                continue
            found = leaks(page_texts(at), data, names)
            if found:
                report[f"{spec.url_path or 'overview'} {sorted(query)}"] = found
    report.update(export_leaks(ds, data, names))
    print(json.dumps(report, ensure_ascii=False, indent=1))


def export_leaks(ds, data: str, names: set[str]) -> dict[str, list[str]]:
    """The exports in the pseudo-language: the deck's text, the offline map's text and data, the map image's (PDF) text."""
    from pptx import Presentation
    from pypdf import PdfReader

    from laomap.export.deck import build_deck
    from laomap.export.html import html_map
    from laomap.export.image import export_map

    flt = Filter(themes=("energy",), lang=PSEUDO)
    today = date(2026, 12, 6)
    out: dict[str, list[str]] = {}
    deck = Presentation(io.BytesIO(build_deck(ds, flt, today=today)))
    texts = [p.text for s in deck.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    texts += [sh.name for s in deck.slides for sh in s.shapes if getattr(sh, "has_chart", False)]
    out["deck"] = leaks(texts, data, names)
    page = html_map(ds, flt, today=today, assets=("", ""))
    texts = html_text(page)
    if "var D = " in page:
        d, _ = json.JSONDecoder().raw_decode(page[page.index("var D = ") + len("var D = "):])
        _strings(d, texts)
    out["offline html"] = leaks(texts, data, names)
    pdf = PdfReader(io.BytesIO(export_map(ds, flt, fmt="pdf", today=today)))
    out["map image (pdf)"] = leaks([pg.extract_text() for pg in pdf.pages], data, names)
    return {k: v for k, v in out.items() if v}


if __name__ == "__main__":
    main()
