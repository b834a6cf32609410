"""Markup in the data is shown as text in every output, and no user input reaches a file outside the user data directory.

The data is a malicious but valid plan and two malicious places (tests/hostile.py), added the
way a user adds them. Each output is checked for the escaped text being there and for no
markup of the data's surviving as markup; the browser test (tests/e2e/test_hostile_e2e.py)
checks the same in Chromium, where it matters.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from laomap import userdata
from laomap.errors import DocumentError, GazetteerError, LaomapError
from laomap.export.data import FORMULA_STARTS, commitments_csv, commitments_geojson, places_geojson, spreadsheet_safe
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers

from . import hostile as H
from .conftest import DOCUMENTS, GEODATA
from .datafiles import data_names

RAW_TAG = re.compile(r"<\s*(img|script|svg|a)\b", re.I)  # a tag of the data's (the atlas's own markup uses none of these)


@pytest.fixture(scope="module")
def hds(tmp_path_factory):
    """The dataset with the hostile plan and places."""
    return H.make_hostile(tmp_path_factory.mktemp("hostile-user"), DOCUMENTS, GEODATA)


@pytest.fixture(scope="module")
def only(hds):
    """A filter on the hostile plan (English) and its statements."""
    flt = Filter(documents=(H.DOC_ID,))
    return flt, apply(hds, flt)


def strings(obj):
    """Every string inside a JSON-like value."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from strings(v)


def unescaped(texts) -> list[str]:
    return [s for s in texts if RAW_TAG.search(s)]


class Tags(HTMLParser):
    """Start tags and their attributes, as a browser's parser would create the elements."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def injected(self) -> list[tuple[str, dict]]:
        """Elements only the data could have made: img src=x, svg, an onerror/onload handler, a javascript: link."""
        return [(tag, attrs) for tag, attrs in self.tags
                if (tag == "img" and attrs.get("src") == "x") or tag == "svg" or "onerror" in attrs or "onload" in attrs
                or str(attrs.get("href") or "").strip().lower().startswith("javascript:")]


def test_the_hostile_plan_is_a_valid_plan_with_every_payload(hds):
    texts = set(hds.commitments[hds.commitments.document_id == H.DOC_ID].text)
    assert texts == set(H.STATEMENTS.values())
    links = hds.links[hds.links.commitment_id.str.startswith(H.DOC_ID)]
    assert {H.TOWN, H.ZONE} <= set(links.place_id)
    assert hds.warnings == []


# --------------------------------------------------------------------------- interactive map and HTML export


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_map_data_carries_every_text_escaped(hds, lang):
    from laomap.maps.web import map_data

    flt = Filter(documents=(H.DOC_ID,), lang=lang)
    data = map_data(map_layers(hds, apply(hds, flt), lang), hds)
    everything = list(strings(data))
    assert unescaped(everything) == []
    name = H.TOWN_JA if lang == "ja" else H.TOWN_EN
    assert any(html.escape(name) in s for s in (x["tip"] for x in data["sites"])), "the town's tooltip names it, escaped"
    popups = " ".join(x["popup"] for x in data["sites"]) + " ".join(f["properties"]["popup"] for f in data["provinces"]["features"])
    if lang == "en":
        for text in H.STATEMENTS.values():
            if text != H.STATEMENTS["zone"]:
                assert html.escape(text) in popups


def test_map_page_html_has_no_element_from_the_data(hds, only):
    from laomap.maps.web import build_map, map_html

    flt, rows = only
    page = map_html(build_map(map_layers(hds, rows, "en"), hds))
    tags = Tags(page)
    assert tags.injected() == []
    assert [t for t, _ in tags.tags].count("script") == page.count("<script")  # no script tag hides in the data


def test_offline_html_export_shows_the_title_as_text(hds, only):
    from laomap.export.html import export_html

    flt, _ = only
    page = export_html(hds, flt.with_(text="$x^{ $")).decode("utf-8")
    tags = Tags(page)
    assert tags.injected() == []
    shown = " ".join(tags.text)
    assert f"Plans: {H.TITLE}" in shown  # the filter line, as text
    assert "“$x^{ $”" in shown


# --------------------------------------------------------------------------- images, slides, timeline, charts


def test_static_map_prints_dollars_and_markup_literally(hds, only):
    from pypdf import PdfReader

    from laomap.export.image import export_map

    flt, _ = only
    search = flt.with_(text="$x^{ $")  # unbalanced mathtext in the title block: matplotlib would raise on it
    for fmt in ("png", "svg"):
        assert len(export_map(hds, search, fmt=fmt)) > 10_000
    pdf = PdfReader(io.BytesIO(export_map(hds, search, fmt="pdf"))).pages[0].extract_text()
    assert "“$x^{ $”" in pdf
    assert f"Plans: {H.TITLE}" in pdf
    whole = PdfReader(io.BytesIO(export_map(hds, flt, fmt="pdf"))).pages[0].extract_text()
    assert H.ZONE_EN in whole  # the whole-country tray: dollars, brackets and all


def test_static_map_labels_the_town_with_its_name_as_written(hds, only):
    """Labels with a halo are paths in a PDF, so the figure itself is checked: the label's text, never parsed as math."""
    from matplotlib.text import Text

    from laomap.maps.static import render_map

    flt, rows = only
    for lang, name in (("en", H.TOWN_EN), ("ja", H.TOWN_JA)):
        fig = render_map(map_layers(hds, apply(hds, flt.with_(lang=lang)), lang), hds, flt=flt.with_(lang=lang))
        texts = [t for t in fig.findobj(Text) if t.get_text()]
        assert name in [t.get_text() for t in texts]
        assert not [t.get_text() for t in texts if t.get_parse_math() and "$" in t.get_text()]


def test_slide_deck_keeps_the_text_verbatim(hds, only):
    from pptx import Presentation

    from laomap.export.deck import build_deck

    flt, _ = only
    deck = Presentation(io.BytesIO(build_deck(hds, flt)))  # reading it back also proves the XML well-formed
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    notes = " ".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    assert H.TITLE in text
    shown = [s for s in H.STATEMENTS.values() if s in notes]
    assert len(shown) >= 3 and any(H.SCRIPT in s or H.IMG in s or H.SVG in s for s in shown)


def test_timeline_tooltips_and_labels_are_escaped(hds, only):
    from laomap.charts.timeline import timeline_html
    from laomap.views.chronology import timeline_items

    _, rows = only
    items = timeline_items(hds, rows, "en", undated=True)
    page = timeline_html(items, "en", hds, {sid: f'statements?stmt="><script>{sid}' for sid in items.statement_id})
    for payload in (H.IMG, H.SCRIPT, H.SVG, H.LINK, H.TITLE, '"><script>'):
        assert payload not in page
    assert any(html.escape(p) in page for p in (H.IMG, H.SCRIPT, H.SVG, H.LINK))
    assert html.escape(H.TITLE) in page


def test_history_diagram_and_shares_escape_titles_names_and_links(hds):
    from laomap.charts.history import alluvial_html, shares_html
    from laomap.views.history import FLOWS, history

    hist = history(hds, Filter())
    assert H.TOWN_EN in set(hist.places.label) and len(hist.order) >= 2
    links = {(f, a, b): 'history?flow="><script>' for a, b in zip(hist.order, hist.order[1:]) for f in FLOWS}
    out = alluvial_html(hist.plans, hist.flows, "en", links)
    shares = shares_html(hist.places, hist.plans, "en", {(k, p): 'statements?q="><script>' for k, p in zip(hist.places.key, hist.places.plan_id)},
                         H.TITLE)
    assert html.escape(H.TOWN_EN) in shares and html.escape(H.TITLE) in shares and "&quot;&gt;&lt;script&gt;" in out
    for payload in (H.TOWN_EN, H.TITLE, '"><script>'):
        assert payload not in out and payload not in shares


def test_page_blocks_escape_statements_and_names(hds, only):
    from laomap.ui.detail import _facts, _text_block
    from laomap.ui.panels import cards_html
    from laomap.ui.present import statements_html
    from laomap.views.details import statement_detail

    _, rows = only
    blocks = [cards_html(hds, rows, "en"), statements_html(hds, rows, "en")]
    for sid in rows.statement_id:
        detail = statement_detail(hds, sid, "en")
        blocks += [_text_block(detail, "en", "en"), _facts([("Section", detail.section_title)])]
    assert unescaped(blocks) == []
    joined = " ".join(blocks)
    for text in H.STATEMENTS.values():
        assert html.escape(text) in joined


def test_markdown_literal_leaves_nothing_for_markdown_to_act_on():
    from laomap.ui.literal import literal

    for raw in (H.MARKDOWN, H.ZONE_EN, H.TEMPLATE, H.BAD_MATH, "# heading", "- item", "1. item", "> quote", "a | b", "**bold**"):
        out = literal(raw)
        assert re.sub(r"\\(.)", r"\1", out) == raw  # Markdown's backslash escapes give the text back
        assert not re.search(r"(?<!\\)[$`\[\]*_|<>]", out), out
        assert not re.search(r"(?<!\\):[A-Za-z]", out) and not re.match(r"\s*([-+>#]|\d+[.)])", out), out


# --------------------------------------------------------------------------- data exports


def test_csv_defuses_formulas_and_keeps_every_text(hds, only):
    _, rows = only
    data = commitments_csv(hds, rows)
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [v for row in table for v in row.values()]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    texts = {row["text"] for row in table}
    assert "'" + H.STATEMENTS["formula"] in texts
    assert {s for s in H.STATEMENTS.values() if s is not H.STATEMENTS["formula"]} <= texts
    names = {n for row in table for n in row["place_names"].split(";")}
    assert H.TOWN_EN in names
    assert "nan" not in {row["twin_id"] for row in table}


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=cmd|" /C calc"!A0'])
def test_spreadsheet_safe_prefixes_every_formula_start(cell):
    assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("Both sides = " + cell) == "Both sides = " + cell
    assert spreadsheet_safe(2024) == 2024


def test_csv_of_built_in_data_needs_no_prefix(ds):
    """The guard changes nothing in the real plans (none of their cells looks like a formula)."""
    rows = apply(ds, Filter())
    table = list(csv.DictReader(io.StringIO(commitments_csv(ds, rows).decode("utf-8-sig"))))
    assert not [v for row in table for v in row.values() if v.startswith("'")]
    assert {row["text"] for row in table} == set(rows.text)


def _strict_json(data: bytes):
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(data.decode("utf-8"), parse_constant=refuse)


def test_geojson_is_strict_json_with_the_exact_texts(hds, only, ds):
    _, rows = only
    features = _strict_json(commitments_geojson(hds, rows))["features"]
    assert {f["properties"]["text"] for f in features} == set(H.STATEMENTS.values())
    assert H.TOWN_EN in {f["properties"]["place_name"] for f in features}
    places = {f["properties"]["place_id"]: f["properties"] for f in _strict_json(places_geojson(hds))["features"]}
    assert (places[H.TOWN]["name_en"], places[H.TOWN]["name_ja"]) == (H.TOWN_EN, H.TOWN_JA)
    untranslated = apply(ds, Filter(documents=("joint-plan-2016",)))
    assert all(f["properties"]["twin_id"] == "" for f in _strict_json(commitments_geojson(ds, untranslated))["features"])


# --------------------------------------------------------------------------- the filesystem


def _files(folder: Path) -> set[str]:
    return data_names(folder)


@pytest.mark.parametrize("doc_id", ["../evil", "../../tmp/evil", "/etc/evil", "evil/../../x", "a\x00b", "..", "evil.txt/.."])
def test_a_document_id_cannot_name_a_path(tmp_path, doc_id):
    with pytest.raises(DocumentError, match="must be 2-63 lowercase letters|must be a name inside the documents folder"):
        userdata.document_meta("Plan", "2024", "en", doc_id=doc_id)


@pytest.mark.parametrize("place_id", ["../evil", "/etc/evil", "a\x00b", "evil/x"])
def test_a_place_id_cannot_name_a_path(place_id):
    with pytest.raises(GazetteerError, match="id: expected 2 to 64 lowercase Latin letters, digits and '_'") as caught:
        userdata.place_row(place_id, "Evil", "", "city", "LA", 17.97, 102.6)
    assert caught.value.key == "err.place_id_shape"


def test_an_uploaded_file_name_is_only_a_label(tmp_path):
    """The file is stored under the document's id; the name it was uploaded with is kept as provenance only."""
    from tests.fixtures.make_pdfs import FIXTURES

    user = tmp_path / "user"
    text = (FIXTURES / "followup-plan.en.txt").read_text(encoding="utf-8")
    meta = userdata.document_meta("Joint Follow-up Plan", "2024", "en", original_file="../../../tmp/evil\x00.txt")
    userdata.add_document(text, meta, user, DOCUMENTS, GEODATA)
    assert _files(user) == {"manifest.json", "documents", f"documents/{meta.id}.txt"}
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    entry = json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    assert entry["original_file"] == "../../../tmp/evil\x00.txt" and entry["file"] == f"{meta.id}.txt"


PLAN = "Added Plan\n\n1 Cooperation\n\n(1) Roads\n\nJapan affirmed to support the road in Vientiane by 2027.\n"


def _manifest(user: Path, file: str) -> None:
    user.mkdir(parents=True, exist_ok=True)
    entry = {"id": "added-en", "file": file, "title_en": "Added", "language": "en", "date": "2024", "date_precision": "year",
             "date_basis": "Entered", "publisher": "Someone"}
    (user / "manifest.json").write_text(json.dumps({"schema": 1, "documents": [entry]}), encoding="utf-8")


@pytest.mark.parametrize("file", ["../outside.txt", "/etc/hostname", "sub/../../outside.txt", "a\x00.txt"])
def test_a_manifest_cannot_point_outside_the_user_directory(tmp_path, file):
    from laomap.pipeline.dataset import build

    user = tmp_path / "user"
    _manifest(user, file)
    (tmp_path / "outside.txt").write_text(PLAN, encoding="utf-8")
    with pytest.raises(DocumentError):
        userdata.user_documents(user)
    ds = build(DOCUMENTS, GEODATA, user)  # the dashboard's build: the built-in plans, and a warning
    assert "added-en" not in ds.documents and any("was skipped" in w or "left out" in w for w in ds.warnings)


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "plan.txt").write_text(PLAN, encoding="utf-8")
    (secret / "gazetteer.csv").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("link", ["documents/added.txt", "documents", "manifest.json", "gazetteer.csv", "ignored-names.txt"])
def test_a_symbolic_link_in_the_user_directory_is_refused(tmp_path, link):
    """A link could make laomap read a file from anywhere (and quote it in a message) or write through it."""
    from laomap.pipeline.dataset import build

    secret = _secret(tmp_path)
    user = tmp_path / "user"
    (user / "documents").mkdir(parents=True)
    _manifest(user, "added.txt")
    (user / "documents" / "added.txt").write_text(PLAN, encoding="utf-8")
    target = {"documents/added.txt": secret / "plan.txt", "documents": secret, "manifest.json": secret / "plan.txt",
              "gazetteer.csv": secret / "gazetteer.csv", "ignored-names.txt": secret / "plan.txt"}[link]
    path = user / link
    if path.is_dir():
        (path / "added.txt").rename(secret / "added.txt")
        path.rmdir()
    elif path.exists():
        path.unlink()
    path.symlink_to(target)
    before = {p: p.read_bytes() for p in secret.iterdir()}

    ds = build(DOCUMENTS, GEODATA, user)
    if link != "ignored-names.txt":  # the dataset does not read that list
        assert "added-en" not in ds.documents and any("symbolic link" in w for w in ds.warnings), ds.warnings
    assert "root:x:0" not in " ".join(ds.warnings)
    with pytest.raises(LaomapError, match="symbolic link"):
        userdata.add_place(userdata.place_row("sukhuma", "Sukhuma", "", "city", "LA", 14.63, 105.82), user, DOCUMENTS, GEODATA)
    if link == "ignored-names.txt":
        with pytest.raises(LaomapError, match="symbolic link"):
            userdata.ignore_name("Bolaven Plateau", user)
    assert {p: p.read_bytes() for p in secret.iterdir()} == before  # nothing outside was read into the data or written
    assert path.is_symlink()


def test_a_linked_folder_inside_documents_is_refused(tmp_path):
    secret = _secret(tmp_path)
    user = tmp_path / "user"
    (user / "documents").mkdir(parents=True)
    (user / "documents" / "sub").symlink_to(secret)
    _manifest(user, "sub/plan.txt")
    with pytest.raises(DocumentError, match="symbolic link"):
        userdata.user_documents(user)
    with pytest.raises(LaomapError, match="symbolic link"):
        userdata.add_place(userdata.place_row("sukhuma", "Sukhuma", "", "city", "LA", 14.63, 105.82), user, DOCUMENTS, GEODATA)


def test_the_user_directory_itself_may_be_a_link(tmp_path):
    """Only links inside it are refused: a data directory kept on another disk is fine."""
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "linked"
    link.symlink_to(real, target_is_directory=True)
    userdata.add_place(userdata.place_row("sukhuma", "Sukhuma", "", "city", "LA", 14.63, 105.82), link, DOCUMENTS, GEODATA)
    assert (real / "gazetteer.csv").is_file()


def test_removing_a_document_deletes_only_its_own_file(tmp_path):
    from tests.fixtures.make_pdfs import FIXTURES

    user = tmp_path / "user"
    text = (FIXTURES / "followup-plan.en.txt").read_text(encoding="utf-8")
    meta = userdata.document_meta("Joint Follow-up Plan", "2024", "en", doc_id="followup-en")
    userdata.add_document(text, meta, user, DOCUMENTS, GEODATA)
    outside = tmp_path / "followup-en.txt"
    outside.write_text("keep me", encoding="utf-8")
    userdata.remove_document("followup-en", user, DOCUMENTS, GEODATA)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert _files(user) == {"manifest.json", "documents"}


@pytest.mark.parametrize("argv", [
    ["add-place", "--id", "../evil", "--name-en", "Evil", "--kind", "city", "--country", "LA", "--lat", "17.97", "--lon", "102.6"],
    ["add-place", "--id", "/tmp/evil", "--name-en", "Evil", "--kind", "city", "--country", "LA", "--lat", "17.97", "--lon", "102.6"],
    ["remove-document", "../../etc/passwd"],
    ["remove-place", "../evil"],
])
def test_cli_refuses_paths_for_ids(tmp_path, capsys, argv):
    from laomap.cli import main

    user = tmp_path / "data" / "user"
    assert main([*argv, "--data-dir", str(user)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"laomap {argv[0]}: ") and "Traceback" not in err
    assert _files(tmp_path) <= {"data"}  # nothing written anywhere, not even the user directory


def test_cli_add_document_with_a_path_as_id(tmp_path, capsys):
    from laomap.cli import main
    from tests.fixtures.make_pdfs import FIXTURES

    user = tmp_path / "data" / "user"
    for doc_id in ("../evil", "/tmp/evil", "evil/../../x"):
        code = main(["add-document", str(FIXTURES / "followup-plan.en.txt"), "--title", "Plan", "--date", "2024", "--lang", "en",
                     "--id", doc_id, "--data-dir", str(user)])
        assert code == 1 and "Traceback" not in capsys.readouterr().err
    assert _files(tmp_path) <= {"data"}


def test_an_export_that_fails_unexpectedly_is_a_file_that_says_so(hds, only, monkeypatch):
    """A download is made off the script thread: whatever happens there must arrive as a file, not a traceback."""
    from laomap.ui import export_panel

    flt, _ = only

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the renderer")

    from laomap.export import image

    monkeypatch.setattr(image, "export_map", broken)  # the panel imports the writer when a file is made
    data = export_panel._safe(export_panel._image, hds, flt.with_(text="unique-for-this-test"), "16:9", "png")
    assert data.decode() == ("laomap could not make this file: an unexpected error (RuntimeError); "
                             "the details are in the server log.\n")
