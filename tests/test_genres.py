"""The relationship's documents in the genres and forms they are published in (issue 11).

Each test document under ``fixtures/genres/`` was written for these tests in the style of one
genre (DESIGN.md §7); the DOCX is made here with python-docx. Each goes the way a user's
upload goes: bytes -> ``ingest.read_upload`` -> title and date from the document itself ->
the whole dataset built with it (``userdata.preview_document``), then checked for its
structure, its dates (ISO values), its places, and that no page furniture became a statement.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laomap import userdata
from laomap.errors import DocumentError
from laomap.ingest import read_upload
from laomap.pipeline.documents import DocumentMeta, own_header, parse_document
from laomap.textnorm import squash

from .conftest import DOCUMENTS, GEODATA

GENRES = Path(__file__).parent / "fixtures" / "genres"


def summit_docx() -> bytes:
    """A DOCX with a title, headings, a numbered list, a bullet and a table, as a ministry would circulate it."""
    d = docx.Document()
    d.add_heading("Joint Statement on the Comprehensive Strategic Partnership between Japan and the Lao PDR", 0)
    d.add_paragraph("Vientiane, 4 March 2025")
    d.add_heading("Political and security cooperation", 1)
    d.add_paragraph("Both sides reaffirmed their commitment to regular high-level exchanges, including the 70th anniversary of "
                    "diplomatic relations in 2025.")
    d.add_paragraph("Japan will support capacity building in the following areas:")
    d.add_paragraph("public finance management in Vientiane;", style="List Number")
    d.add_paragraph("statistics in Luang Prabang Province.", style="List Number")
    d.add_heading("Economic cooperation", 1)
    d.add_paragraph("The two sides agreed to develop the East-West Economic Corridor by 2030.")
    d.add_paragraph("Japan will cooperate in clearing unexploded ordnance in Xiengkhouang Province.", style="List Bullet")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Sector"
    table.cell(0, 1).text = "Energy"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# file -> (language, expected format, layout, sections, ISO dates that must be found, places that must be found)
CASES = {
    "joint-statement-2010-style.txt": ("en", "text", "unnumbered", 3,
                                       {"2010-03-02/2010-03-06", "2010-03-04", "1955", "2011"},
                                       {"vientiane", "attapeu", "ewec"}),
    "press-statement-2012-style.txt": ("en", "text", "unnumbered", 2,
                                       {"2012-03-14/2012-03-18", "2012-03-16", "2011"}, {"vientiane", "luang_prabang"}),
    "outline-ja-reiwa-style.txt": ("ja", "text", "numbered", 3,
                                   {"2023-11-11", "2023", "1955", "2024", "2023-10"}, {"vientiane", "luang_prabang"}),
    "outline-ja-kosshi-sjis.txt": ("ja", "text", "numbered", 3, {"2018"}, {"savannakhet", "ewec", "houaphanh"}),
    "summit-page-saved.html": ("en", "html", "numbered", 3, {"2011-04-28", "2012"},
                               {"vientiane", "ewec", "houaphanh"}),
    "summit.docx": ("en", "docx", "unnumbered", 2, {"2025", "1955", "2030"},
                    {"vientiane", "luang_prabang_province", "ewec", "xiangkhouang"}),
}
DATES = {"joint-statement-2010-style.txt": "2010-03-04", "summit-page-saved.html": "2011-04-28"}  # no date line with a year
FURNITURE = ("報道発表", "Press Release", "Back to", "Photo", "Home", "Search", "Copyright", "Site Policy", "Related links",
             "Foreign Policy", "Countries & Regions", "Sector")


def _bytes(name: str) -> bytes:
    return summit_docx() if name == "summit.docx" else (GENRES / name).read_bytes()


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """Every genre added, one at a time, to its own empty user directory: {file: (dataset, document id, header)}."""
    out = {}
    for name, (lang, *_rest) in CASES.items():
        user = tmp_path_factory.mktemp("genre")
        got = read_upload(_bytes(name), name)
        header = own_header(got.text, lang)
        date = header.date or DATES[name]
        meta = userdata.document_meta(header.title, date, lang, source_format=got.description, original_file=name)
        out[name] = (userdata.preview_document(got.text, meta, user, DOCUMENTS, GEODATA), meta.id, header, got)
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_each_genre_is_accepted_with_its_structure(added, name):
    lang, fmt, layout, sections, _dates, _places = CASES[name]
    ds, doc_id, header, got = added[name]
    assert got.source_format == fmt
    assert header.layout == layout and header.sections == sections
    assert ds.documents[doc_id].language == lang
    com = ds.commitments[ds.commitments.document_id == doc_id]
    assert len(com) >= 5, f"{name}: only {len(com)} statements"


@pytest.mark.parametrize("what", ["dates", "places"])
@pytest.mark.parametrize("name", list(CASES))
def test_each_genre_s_dates_and_places_are_found(added, name, what):
    ds, doc_id, _header, _got = added[name]
    ids = set(ds.commitments[ds.commitments.document_id == doc_id].commitment_id)
    table, column, expected = (ds.dates, "iso", CASES[name][4]) if what == "dates" else (ds.links, "place_id", CASES[name][5])
    found = set(table[table.commitment_id.isin(ids)][column])
    missing = expected - found
    assert not missing, f"{name}: {what} not found {sorted(missing)} (found {sorted(found)})"


@pytest.mark.parametrize("name", list(CASES))
def test_no_page_furniture_becomes_a_statement(added, name):
    ds, doc_id, header, _got = added[name]
    texts = list(ds.commitments[ds.commitments.document_id == doc_id].text)
    assert not [t for t in texts for f in FURNITURE if t.startswith(f)]
    assert not any(t == header.title for t in texts)


def test_the_title_and_date_come_from_the_document_itself():
    ja = read_upload((GENRES / "outline-ja-reiwa-style.txt").read_bytes(), "outline.txt")
    header = own_header(ja.text, "ja")
    assert (header.title, header.date_line, header.date, header.date_precision) == ("日ラオス外相会談", "令和5年11月10日", "2023-11-10", "day")
    press = own_header((GENRES / "press-statement-2012-style.txt").read_text(encoding="utf-8"), "en")
    assert (press.date_line, press.date) == ("Friday, March 16, 2012", "2012-03-16")
    page = read_upload((GENRES / "summit-page-saved.html").read_bytes(), "page.html")
    assert own_header(page.text, "en").title == "Japan-Laos Summit Meeting"  # the <h1>, not the <title> with the site's name
    sjis = read_upload((GENRES / "outline-ja-kosshi-sjis.txt").read_bytes(), "kosshi.txt")
    assert sjis.encoding == "Shift_JIS/CP932" and own_header(sjis.text, "ja").date == "2018-06-11"


def test_the_saved_page_keeps_its_statement_and_drops_the_site():
    text = read_upload((GENRES / "summit-page-saved.html").read_bytes(), "page.html").text
    assert "Opening remarks" in text and "unexploded ordnance in Houaphanh" in text
    for furniture in ("Site Policy", "Privacy Policy", "Countries & Regions", "dataLayer", "Back to Japan-Laos", "Related links"):
        assert furniture not in text


def test_the_format_is_read_from_the_bytes_not_the_name():
    assert read_upload(summit_docx(), "statement.txt").source_format == "docx"
    assert read_upload((GENRES / "summit-page-saved.html").read_bytes(), "page.txt").source_format == "html"
    with pytest.raises(DocumentError, match="named .docx but is not a Word document"):
        read_upload(b"Just a note.\n", "note.docx")


def test_a_page_without_a_statement_is_refused_clearly():
    page = b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>"
    with pytest.raises(DocumentError, match="no statement text was found"):
        read_upload(page, "menu.html")


def test_a_damaged_docx_is_refused_clearly():
    data = summit_docx()
    with pytest.raises(DocumentError):
        read_upload(data[: len(data) // 2], "cut.docx")


HEADING = st.sampled_from(["1 Cooperation", "2. Economy", "(1) Youth", "Economic Cooperation", "二国間関係", "１ 冒頭", "I. Review",
                           "Regional Issues", "3 地域情勢"])
BODY = st.sampled_from(["Both sides agreed to cooperate in Vientiane.", "- Japan will support Attapeu.", "・両首脳は一致した。",
                        "  - a sub-item about Pakse;", "1. The two sides welcomed the visit.", "（ａ）協力を進める。", "① 人材育成",
                        "The Japanese side stated that it would continue", "its support to the Lao PDR.", "○日本側から説明。", "－ 両国の協力"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(HEADING, BODY, st.just("")), min_size=1, max_size=14), st.sampled_from(["en", "ja"]))
def test_any_arrangement_parses_and_keeps_every_character(lines, lang):
    text = "Title of the document\n" + "\n".join(lines) + "\n"
    meta = DocumentMeta(id="p", file="p.txt", title_en="t", title_ja="t", language=lang, date="2020", date_precision="year",
                        date_basis="", publisher="", builtin=False)
    try:
        doc = parse_document(text, meta)
    except DocumentError as exc:
        assert "lost or duplicated" not in str(exc)
        raise
    ids = [s.section_id for s in doc.sections]
    assert len(ids) == len(set(ids)), "section ids are unique"
    pieces = [doc.title, *(s.title for s in doc.sections), *(p.text for p in doc.paragraphs), doc.date_line or "", *doc.boilerplate]
    body = squash("".join(pieces))
    for line in lines:
        core = squash(line.lstrip(" -・○－").lstrip())
        core = re.sub(r"^[0-9]{1,2}[.．]?(?=[\u3040-\u30ff\u4e00-\u9fff「『（(])", "", core)  # a numbered paragraph's mark
        assert core[-6:] in body, f"{line!r} lost"


def test_the_command_line_takes_title_and_date_from_the_document(tmp_path, capsys):
    from laomap.cli import main

    user = tmp_path / "user"
    args = ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)]
    press = GENRES / "press-statement-2012-style.txt"
    assert main(["add-document", str(press), "--lang", "en", *args]) == 0
    out = capsys.readouterr().out
    assert "Title, from the document's first line: Joint Press Statement on the Japan-Lao PDR Summit Meeting" in out
    assert "Date, from the document's date line 'Friday, March 16, 2012': 2012-03-16" in out
    assert "structure: headings without numbers: 2 sections" in out
    undated = GENRES / "joint-statement-2010-style.txt"
    assert main(["add-document", str(undated), "--lang", "en", *args]) == 1  # a date from the body: shown, not added
    out = capsys.readouterr().out
    assert 'date: 2010-03-04 (no date line: proposed from the sentence "The President and the Prime Minister of Japan held ' \
        'talks in Tokyo on 4 March 2010."; to be confirmed)' in out
    assert "Nothing was added: to add it with this date, confirm it with --date 2010-03-04" in out
    assert main(["add-document", str(undated), "--lang", "en", "--date", "2010-03-04", *args]) == 0


def test_an_older_japanese_page_in_euc_jp_is_read_in_its_declared_charset():
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=EUC-JP'><title>日ラオス首脳会談｜外務省</title>"
            "</head><body><div id='menu'><a href='/'>トップページ</a> &gt; <a href='/a'>国・地域</a></div><div id='main'>"
            "<h1>日ラオス首脳会談（概要）</h1><p>平成22年3月4日</p><h2>1 会談の概要</h2>"
            "<p>鳩山総理大臣から、ビエンチャン首都の発展に向けた協力を継続する旨述べました。</p>"
            "<p>両首脳は、東西経済回廊の整備を進めることで一致しました。</p></div>"
            "<div id='footer'>Copyright 外務省</div></body></html>").encode("euc_jp")
    got = read_upload(page, "kaidan.htm")
    assert got.source_format == "html" and "EUC-JP" in got.encoding
    header = own_header(got.text, "ja")
    assert (header.title, header.date) == ("日ラオス首脳会談（概要）", "2010-03-04")
    assert "ビエンチャン首都の発展" in got.text and "トップページ" not in got.text and "Copyright" not in got.text


# ----------------------------------------------------------------------------- the genres of issue 22: their substance kept

from .fixtures.genres.measure import EXPECTED, measure  # noqa: E402


@pytest.fixture(scope="module")
def measured():
    return {name: measure(name) for name in EXPECTED}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_body_sentence_of_each_genre_is_a_statement_unless_it_is_recognisably_not_one(measured, name):
    f, spec = measured[name], EXPECTED[name]
    assert f.title == spec["title"]
    assert f.date is not None
    unexpected = {text: reason for text, reason in f.not_statements.items() if text not in spec["not_statements"]}
    assert not unexpected, f"{name}: sentences left out of the statements: {unexpected}"
    for text, reason in spec["not_statements"].items():
        assert text not in f.statement_texts
        if text in f.not_statements:
            assert f.not_statements[text] == reason, text
    assert "statement" not in f.not_statements.values()


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_genre_s_places_dates_and_amounts_are_found(measured, name):
    f, spec = measured[name], EXPECTED[name]
    assert f.with_that_place == f.naming_a_place == sum(1 for t in f.statement_texts if any(w in t for w in spec["places"]))
    assert not spec["dates"] - f.dates_found, f"{name}: dates not found {sorted(spec['dates'] - f.dates_found)}"
    assert f.amounts_found == spec["amounts"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_genre_s_statements_have_themes_and_no_furniture(measured, name):
    f, spec = measured[name], EXPECTED[name]
    assert f.with_theme / f.statements >= 0.7, f"{name}: {f.with_theme} of {f.statements} statements with a theme"
    for line in spec["furniture"]:
        assert not [t for t in f.statement_texts if t.startswith(line)], line
        assert not [t for t in f.section_titles if t.startswith(line)], line
        assert not f.title.startswith(line)
    assert not [t for t in f.statement_texts if t.startswith(("ア", "イ", "ウ", "- ", "・"))]  # a list item's marker is not its text
    for heading in spec.get("headings", []):
        assert heading in f.section_titles and not [t for t in f.statement_texts if t.startswith(heading)]


def test_the_kinds_the_new_genres_need(measured):
    assert measured["exchange-of-notes-ja.txt"].kinds.get("agreement") == 1
    assert measured["agency-loan-release-en.txt"].kinds.get("agreement") == 1
    assert measured["news-agency-kpl-en.txt"].kinds.get("funding", 0) >= 1
    assert measured["pm-message-ja.txt"].kinds.get("commitment", 0) >= 3  # …していきます, …てまいります
    ja = measured["joint-statement-translated-ja.txt"]
    assert ja.kinds.get("commitment", 0) >= 5  # 格上げすることを決定した, 方向性で一致した, 意図を表明した


_WORDS_EN = st.sampled_from(["Japan", "the grant", "Laos", "will", "build", "schools", "in", "Vientiane", "was", "signed",
                             "rice", "the river", "floods", "Photo:", "By", "Back", "to", "1.", "(2)", "3", "2024", "yen"])
_WORDS_JA = st.sampled_from(["日本", "は", "ラオス", "に", "学校", "を", "建設", "しました", "（以下「ラオス」という。）", "、",
                             "写真提供：", "総論", "1．", "ア　", "供与", "11億円", "昨日", "です"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lang=st.sampled_from(["en", "ja"]), data=st.data())
def test_every_sentence_of_any_body_is_a_statement_or_non_statement_text_with_a_reason(lang, data):
    from laomap.pipeline.extract import NON_RECORD_KINDS, RECORD_KINDS, extract, split_sentences

    words = _WORDS_JA if lang == "ja" else _WORDS_EN
    end = st.sampled_from(["。", "", "！"] if lang == "ja" else [".", "", "?", ":"])
    sentence = st.builds(lambda ws, e: ("" if lang == "ja" else " ").join(ws) + e, st.lists(words, min_size=1, max_size=12), end)
    lines = data.draw(st.lists(st.builds(lambda ss: ("" if lang == "ja" else " ").join(ss), st.lists(sentence, min_size=1, max_size=4)),
                               min_size=1, max_size=10))
    text = "Title of the document\n\n" + "\n\n".join(lines) + "\n"
    meta = DocumentMeta(id="generated", file="generated.txt", title_en="t", title_ja="", language=lang, date="2024-03-06",
                        date_precision="day", date_basis="test", publisher="test", builtin=False)
    try:
        doc = parse_document(text, meta)
    except DocumentError:
        return  # a body the parser refuses is refused as a whole, with a message: nothing to classify
    statements = extract(doc)
    for p in doc.paragraphs:
        mine = [s for s in statements if (s.section_id, s.paragraph) == (p.section_id, p.number)]
        assert [s.text for s in mine] == split_sentences(p.text, lang)
        for s in mine:
            assert s.kind in RECORD_KINDS or s.kind in NON_RECORD_KINDS, s
            if lang == "ja":
                assert not s.text.startswith((")", "）", "」"))
