"""Bytes -> text: encodings, PDFs (text layer, pages, progress), and every kind of bad upload."""

from __future__ import annotations

import os

import pytest

from laomap.errors import DocumentError
from laomap.ingest import check_language, decode_text, max_upload_bytes, read_upload, reflow_pdf_pages
from laomap.pipeline.documents import DocumentMeta, parse_document
from laomap.textnorm import squash

from .conftest import DOCUMENTS, GEODATA
from .fixtures.make_pdfs import FIXTURES, encrypted_pdf, fixture_pdf, fixture_text, scanned_pdf, text_pdf, truncated_pdf

JA = fixture_text("ja")
EN = fixture_text("en")


def meta(lang: str) -> DocumentMeta:
    return DocumentMeta(id=f"followup-{lang}", file="x.txt", title_en="Follow-up", title_ja="", language=lang, date="2024",
                        date_precision="year", date_basis="test", publisher="test")


def structure(text: str, lang: str) -> list[tuple[str, list[str]]]:
    """Sections with their paragraphs (whitespace-insensitive): what the pipeline sees of a text."""
    doc = parse_document(text, meta(lang))
    return [(s.section_id, [squash(p.text) for p in s.paragraphs]) for s in doc.sections]


# --------------------------------------------------------------------------- encodings


def test_committed_shift_jis_and_utf16_copies_decode_to_the_utf8_fixture():
    for name, label in (("followup-plan.ja.sjis.txt", "Shift_JIS/CP932"), ("followup-plan.ja.utf16.txt", "UTF-16")):
        data = (FIXTURES / name).read_bytes()
        assert data != JA.encode("utf-8")
        got = read_upload(data, name)
        assert got.text == JA, name
        assert got.encoding.startswith(label)
        assert got.source_format == "text" and got.size == len(data)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "shift_jis", "cp932"])
def test_japanese_text_in_every_supported_encoding(codec):
    text, encoding = decode_text(JA.encode(codec), f"plan.{codec}.txt")
    assert text == JA
    assert "\ufeff" not in text


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_english_text_in_every_supported_encoding(codec):
    text, _ = decode_text(EN.encode(codec), "plan.txt")
    assert text == EN


def test_cp932_only_characters_are_read():
    """Windows-made Japanese files use CP932 extensions of Shift_JIS (①, ㈱, NEC special characters)."""
    text = "双方は、①名古屋市及び②パクセー市の㈱関係者の交流を歓迎した。\n" * 3
    assert decode_text(text.encode("cp932"), "x.txt") == (text, "Shift_JIS/CP932")


def test_encoding_labels_say_what_was_found():
    assert decode_text(EN.encode("utf-8"), "a")[1] == "UTF-8"
    assert decode_text(EN.encode("utf-8-sig"), "a")[1] == "UTF-8 with a byte-order mark"
    assert decode_text(JA.encode("utf-16-be"), "a")[1] == "UTF-16 (big-endian, no byte-order mark)"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "is empty"),
        (b"  \n\r\n\t  ", "is empty"),
        ("  \n\u3000\n".encode("utf-16"), "is empty"),
        (os.urandom(4096) + b"\x00" * 8, "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        (b"PK\x03\x04" + b"\x14\x00" * 40, r"Office document \(\.docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old-style Office document"),
    ],
    ids=["empty", "whitespace", "utf16-whitespace", "random-binary", "control-bytes", "png", "docx", "doc"],
)
def test_empty_and_binary_uploads_are_refused(data, expected):
    with pytest.raises(DocumentError, match=expected):
        read_upload(data, "upload.txt")


def test_euc_jp_is_read_like_shift_jis():
    """Older Japanese government pages are in EUC-JP (issue 11)."""
    got = read_upload(JA.encode("euc_jp"), "plan-euc.txt")
    assert got.text == JA and got.encoding == "EUC-JP"


def test_an_unsupported_encoding_is_refused_with_advice_to_save_as_utf8():
    with pytest.raises(DocumentError) as info:
        read_upload("Обе стороны приветствовали визит в Паксе.\n".encode("koi8_r") * 20, "plan-koi8.txt")
    message = str(info.value)
    assert "plan-koi8.txt is not in a supported text encoding" in message
    assert "UTF-8" in message and "Shift_JIS/CP932" in message and "EUC-JP" in message and "save it as UTF-8" in message


def test_windows_1252_english_is_refused_naming_the_bad_byte():
    data = (EN.replace("Pakse", "Paksé") + "\nCafé “quoted” – naïve\n").encode("cp1252")
    with pytest.raises(DocumentError, match=r"not valid UTF-8 \(byte \d+ is 0xe9\)"):
        read_upload(data, "plan-1252.txt")


@pytest.mark.parametrize("wrong", ["latin-1", "cp1252"])
def test_utf8_mojibake_is_refused_as_garbled(wrong):
    """Japanese text once decoded with the wrong codec and saved again as UTF-8: valid UTF-8, but garbage."""
    garbled = JA.encode("utf-8").decode(wrong, errors="replace").encode("utf-8")
    with pytest.raises(DocumentError, match="mojibake.txt does not look like text: read as UTF-8, it(s characters look garbled| contains .* replacement)"):
        read_upload(garbled, "mojibake.txt")


def test_pdf_named_file_that_is_not_a_pdf():
    with pytest.raises(DocumentError, match="named .pdf but is not a PDF"):
        read_upload(EN.encode(), "plan.pdf")


# --------------------------------------------------------------------------- size limit


def test_size_limit_default_is_20_mb(monkeypatch):
    monkeypatch.delenv("LAOMAP_MAX_UPLOAD_MB", raising=False)
    assert max_upload_bytes() == 20 * 1024 * 1024


def test_file_over_the_configured_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setenv("LAOMAP_MAX_UPLOAD_MB", "0.001")
    with pytest.raises(DocumentError) as info:
        read_upload(EN.encode(), "big.txt")
    assert "big.txt is 2.3 KB, over the limit of 1.0 KB" in str(info.value) and "LAOMAP_MAX_UPLOAD_MB" in str(info.value)
    monkeypatch.setenv("LAOMAP_MAX_UPLOAD_MB", "1")
    assert read_upload(EN.encode(), "big.txt").text == EN


@pytest.mark.parametrize("value", ["abc", "0", "-3", "nan", "inf"])
def test_bad_limit_setting_is_explained(monkeypatch, value):
    monkeypatch.setenv("LAOMAP_MAX_UPLOAD_MB", value)
    with pytest.raises(DocumentError, match="LAOMAP_MAX_UPLOAD_MB must be a positive number"):
        read_upload(EN.encode(), "plan.txt")


# --------------------------------------------------------------------------- PDFs


@pytest.mark.parametrize("lines_per_page", [12, 18, 40])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_pdf_text_layer_gives_the_same_structure_as_the_text(lang, lines_per_page):
    """Wrapped lines, paragraph gaps, page numbers and paragraphs cut by page breaks are all undone."""
    got = read_upload(text_pdf(fixture_text(lang), lang, lines_per_page), f"plan.{lang}.pdf")
    assert got.source_format == "pdf" and got.pages >= 2 and got.notes == []
    assert structure(got.text, lang) == structure(fixture_text(lang), lang)
    assert parse_document(got.text, meta(lang)).title.startswith("Joint" if lang == "en" else "日本とラオス")


def test_pdf_progress_is_reported_page_by_page():
    calls = []
    got = read_upload(fixture_pdf("en", 12), "long.pdf", progress=lambda done, total: calls.append((done, total)))
    assert got.pages >= 4
    assert calls == [(i, got.pages) for i in range(1, got.pages + 1)]


def test_scanned_pdf_without_text_layer():
    with pytest.raises(DocumentError) as info:
        read_upload(scanned_pdf(pages=3), "scan.pdf")
    assert "has no text layer" in str(info.value) and "3 page(s)" in str(info.value) and "OCR" in str(info.value)


def test_password_protected_pdf():
    with pytest.raises(DocumentError, match="encrypted .password-protected. PDF"):
        read_upload(encrypted_pdf(fixture_pdf("en")), "locked.pdf")


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_encrypted_pdf_with_an_empty_password_opens(algorithm):
    """Issue 30 item 7: any viewer opens these; they were refused as damaged (pypdf needs cryptography for AES)."""
    got = read_upload(encrypted_pdf(fixture_pdf("en"), password="", algorithm=algorithm), "aes.pdf")
    assert got.text == read_upload(fixture_pdf("en"), "plain.pdf").text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_encrypted_pdf_that_needs_a_password_is_refused_saying_so(algorithm):
    with pytest.raises(DocumentError) as info:
        read_upload(encrypted_pdf(fixture_pdf("en"), algorithm=algorithm), "locked.pdf")
    assert info.value.key == "err.pdf_encrypted" and "password" in str(info.value)


def test_pdf_with_only_an_owner_password_opens():
    """Printing/copying restrictions with an empty user password do not stop reading."""
    got = read_upload(encrypted_pdf(fixture_pdf("en"), password=""), "restricted.pdf")
    assert structure(got.text, "en") == structure(EN, "en")


def test_truncated_pdf():
    with pytest.raises(DocumentError, match="truncated PDF"):
        read_upload(truncated_pdf(fixture_pdf("en")), "cut.pdf")


def test_corrupt_pdf_with_an_end_marker():
    data = fixture_pdf("en")
    broken = data[:200] + bytes(b ^ 0x5A for b in data[200:-400]) + data[-400:]
    with pytest.raises(DocumentError, match="damaged PDF|no text layer"):
        read_upload(broken, "broken.pdf")


# --------------------------------------------------------------------------- re-flowing PDF lines


def test_reflow_double_spaced_lines_like_the_japanese_ministry_pdf():
    """Extracted text with a blank line after every line: only wider gaps separate paragraphs."""
    page = ("(1) Dialogues\n\n\nBoth sides welcomed the visit\n\nto Pakse in May 2023.\n\n\n"
            "Japan affirmed its support\n\nfor the Thakhek bridge.\n")
    assert reflow_pdf_pages([page]) == ("(1) Dialogues\n\nBoth sides welcomed the visit to Pakse in May 2023.\n\n"
                                         "Japan affirmed its support for the Thakhek bridge.\n")


def test_reflow_without_gaps_uses_short_last_lines_and_indents():
    page = ("1 Cooperation\n"
            "Both sides welcomed the steady progress of the corridor and affirmed to improve\n"
            "Logistics between the two cities.\n"
            "    Japan affirmed its support for the bridge between Thakhek and the south and\n"
            "the road.\n"
            "12\n")
    assert reflow_pdf_pages([page]).split("\n\n") == [
        "1 Cooperation",
        "Both sides welcomed the steady progress of the corridor and affirmed to improve Logistics between the two cities.",
        "Japan affirmed its support for the bridge between Thakhek and the south and the road.\n",
    ]


def test_reflow_joins_a_paragraph_across_a_page_break_but_not_a_finished_one():
    pages = ["Both sides affirmed to improve the\nroad from Thakhek", "- 2 -\nto Pakse by 2027.\nThey noted it.", "New paragraph here."]
    assert reflow_pdf_pages(pages).split("\n\n") == [
        "Both sides affirmed to improve the road from Thakhek to Pakse by 2027. They noted it.",
        "New paragraph here.\n",
    ]


# --------------------------------------------------------------------------- declared language


def test_declared_language_must_match_the_text():
    check_language(EN, "en", "a")
    check_language(JA, "ja", "b")
    with pytest.raises(DocumentError, match="declared English but .* Japanese: choose the language ja"):
        check_language(JA, "en", "plan.txt")
    with pytest.raises(DocumentError, match="declared Japanese"):
        check_language(EN, "ja", "plan.txt")


def test_a_text_that_quotes_a_pdf_header_is_read_as_text():
    text = "Note on file formats\n\nThe annex was sent as %PDF-1.7 to both sides.\n"
    got = read_upload(text.encode("utf-8"), "note.txt")
    assert got.source_format == "text" and "%PDF-1.7" in got.text


# --------------------------------------------------------------------------- which encoding (issue 16, item 3)

WESTERN = EN + "\nThe delegation met at the cafés of Pakse and the Mékong riverside, São Paulo style.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (WESTERN.encode("cp1252"), "reads as Windows-1252 or Latin-1 (Western European) text (e.g. 'cafés')"),
        (WESTERN.encode("latin-1"), "reads as Windows-1252 or Latin-1"),
        (("Caf\u00e9 " + EN).encode("cp1252"), "e.g. 'Café'"),
        (EN.encode("utf-8") + b"\xc0\xaf", "is UTF-8 except for 2 bytes that are not (the first at byte"),
        (("Ministry of Foreign Affairs \u2014 " + EN).encode("utf-8") + b"\n\xff", "is UTF-8 except for 1 byte that is not"),
    ],
    ids=["windows-1252", "latin-1", "1252-first-line", "utf8-stray-end", "utf8-stray-with-dash"],
)
def test_western_and_damaged_texts_are_refused_never_read_as_japanese(data, expected):
    """English never silently becomes Shift_JIS: 'cafés' in Windows-1252 would read as 'caf駸'."""
    with pytest.raises(DocumentError) as info:
        read_upload(data, "plan.txt")
    message = str(info.value)
    assert expected in message and "save it as UTF-8" in message


@pytest.mark.parametrize("codec", ["cp932", "euc_jp", "utf-16", "utf-16-le", "utf-8-sig"])
def test_japanese_plans_are_still_read_in_every_japanese_encoding(codec):
    got = read_upload(JA.encode(codec), "plan-ja.txt")
    assert got.text.lstrip("\ufeff") == JA


def test_a_short_japanese_note_is_still_japanese():
    text = "日本とラオスは人材育成で協力する。\n"
    assert decode_text(text.encode("cp932"), "note.txt") == (text, "Shift_JIS/CP932")


def test_an_english_plan_with_a_few_japanese_names_in_shift_jis_is_refused_with_the_reason():
    """Rare, and not decidable from the bytes: a few Japanese words in Latin text look like Western accents read wrongly."""
    data = (EN + "\nKumamoto (熊本) and Mie (三重).\n").encode("cp932")
    with pytest.raises(DocumentError, match="scattered Japanese characters"):
        read_upload(data, "plan.txt")


# --------------------------------------------------------------------------- text length (issue 16, item 7)


def test_the_yardstick_in_the_message_is_the_longest_built_in_plan():
    from laomap.ingest.base import LONGEST_BUILTIN_CHARS

    assert max(len(p.read_text(encoding="utf-8")) for p in DOCUMENTS.glob("*.txt")) == LONGEST_BUILTIN_CHARS


def test_a_text_too_long_to_be_a_plan_is_refused_in_every_format(monkeypatch):
    monkeypatch.setenv("LAOMAP_MAX_TEXT_CHARS", "5000")
    long_en = EN * 3
    assert len(long_en) > 5000
    for data, name in ((long_en.encode("utf-8"), "dump.txt"), (long_en.encode("utf-16"), "dump16.txt"),
                       (f"<html><body><main><p>{long_en}</p></main></body></html>".encode(), "dump.html")):
        with pytest.raises(DocumentError) as info:
            read_upload(data, name)
        message = str(info.value)
        assert f"{name} holds {len(long_en):,}" in message or name in message and "over the limit of 5,000" in message
        assert "LAOMAP_MAX_TEXT_CHARS" in message and "17,977" in message
    assert read_upload(EN.encode(), "plan.txt").text == EN  # a real plan passes


def test_the_default_text_limit_is_a_million_characters(monkeypatch):
    from laomap.ingest import max_text_chars

    monkeypatch.delenv("LAOMAP_MAX_TEXT_CHARS", raising=False)
    assert max_text_chars() == 1_000_000
    monkeypatch.setenv("LAOMAP_MAX_TEXT_CHARS", "lots")
    with pytest.raises(DocumentError, match="LAOMAP_MAX_TEXT_CHARS must be a positive whole number"):
        max_text_chars()


def test_a_long_text_given_through_the_api_is_refused_before_any_build(tmp_path, monkeypatch):
    from laomap import userdata
    from laomap.pipeline import dataset
    from laomap.userdata import transaction  # imported before the patch: it binds dataset.build at import

    monkeypatch.setenv("LAOMAP_MAX_TEXT_CHARS", "5000")
    for module in (dataset, transaction):
        monkeypatch.setattr(module, "build", lambda *a, **k: pytest.fail("built a dataset for a refused text"))
    meta = userdata.document_meta("A data dump", "2024", "en", doc_id="dump-en")
    with pytest.raises(DocumentError, match="over the limit of 5,000"):
        userdata.add_document(EN * 3, meta, tmp_path / "user", DOCUMENTS, GEODATA)
    assert not (tmp_path / "user" / "manifest.json").exists()


def test_a_reader_describes_itself_to_the_uploader_and_the_manifest(monkeypatch):
    """A new format is its reader and one registry line: the upload field's types and the provenance follow."""
    import laomap.ingest as ingest
    from laomap.i18n import t
    from laomap.ingest.base import Reader, extracted

    assert ingest.accepted_suffixes()[:1] == ["pdf"] and "txt" in ingest.accepted_suffixes()
    markdown = Reader("markdown", (".md",), lambda data: data.startswith(b"# "),
                      lambda data, name, progress: extracted(data, data.decode(), "markdown", "UTF-8"),
                      "a Markdown file", describe=lambda x: f"Markdown file in {x.encoding}", how_key="ad.how_text",
                      how_args=lambda x: {"encoding": x.encoding})
    monkeypatch.setattr(ingest, "READERS", (markdown, *ingest.READERS))
    assert "md" in ingest.accepted_suffixes()
    got = read_upload(b"# Title\n\nBoth sides will cooperate.\n", "plan.md")
    assert got.source_format == "markdown" and got.description == "Markdown file in UTF-8"
    reader = ingest.reader_named(got.source_format)
    assert t(reader.how_key, "en", **reader.how_args(got)) == "a text file in UTF-8"


@pytest.mark.parametrize(("name", "says"), [("text", "Text file in"), ("pdf", "-page PDF"), ("html", "web page"), ("docx", "Word document")])
def test_each_built_in_reader_says_how_it_read(name, says):
    from laomap.ingest import reader_named
    from laomap.ingest.base import extracted

    assert says in reader_named(name).describe(extracted(b"x", "x", name, "UTF-8", pages=3))
