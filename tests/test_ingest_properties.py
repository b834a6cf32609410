"""Property tests: whatever a user uploads, the parser and the ingest entry point fail only with DocumentError."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from laomap.errors import DocumentError
from laomap.ingest import read_upload, reflow_pdf_pages
from laomap.pipeline.documents import DocumentMeta, parse_document

from .fixtures.make_pdfs import fixture_pdf, fixture_text

META = DocumentMeta(id="prop-doc", file="x.txt", title_en="T", title_ja="", language="en", date="2024", date_precision="year",
                    date_basis="test", publisher="test")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Lines that look like the pieces of a plan: headings in every style, bullets, dates, Japanese wraps.
_PIECES = st.sampled_from([
    "1 Political Areas", "2 Economy", "3 People", "(1) Dialogues", "(2) Trade", "（１）交流", "１ 政治", "２ 経済", "I Strengthen ties",
    "II Promote", "• Develop roads", "  ◦ sub item", "・ 項目", "- dash item", "September 6, 2016", "２０２０年８月１日",
    "Both sides affirmed to cooperate.", "双方は、協力することを確認した。", "continued text", "Back to Japan-Laos Relations", "",
    " ", "\u3000", "\t", "\f", "(", ")", "（", "1", "(1)", "I", "。", ".", "-", "•",
])
_PLANLIKE = st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40).map("\n".join)


@SETTINGS
@given(st.text(max_size=2000))
def test_parser_raises_only_document_error_on_arbitrary_text(text):
    try:
        doc = parse_document(text, META)
    except DocumentError:
        return
    assert doc.sections, "a parsed document has at least one section"


@SETTINGS
@given(_PLANLIKE, st.sampled_from(["en", "ja"]))
@example("2 Economy\n\xad", "en")  # a line that folds to nothing (a soft hyphen) after a heading: once an IndexError
def test_parser_raises_only_document_error_on_plan_like_text(text, lang):
    meta = DocumentMeta(**{**META.__dict__, "language": lang})
    try:
        doc = parse_document(text, meta)
    except DocumentError:
        return
    assert [s.section_id for s in doc.sections] == list(dict.fromkeys(s.section_id for s in doc.sections)), "section ids are unique"


@SETTINGS
@given(st.binary(max_size=4000))
def test_ingest_raises_only_document_error_on_arbitrary_bytes(data):
    try:
        got = read_upload(data, "upload.bin")
    except DocumentError:
        return
    assert isinstance(got.text, str) and got.text.strip()


@SETTINGS
@given(st.sampled_from(["en", "ja"]), st.integers(min_value=0, max_value=10_000), st.binary(min_size=1, max_size=64))
def test_ingest_raises_only_document_error_on_damaged_pdfs(lang, position, junk):
    """A real PDF with a stretch of bytes overwritten: read, or refused with a message."""
    pdf = fixture_pdf(lang)
    at = position % len(pdf)
    damaged = pdf[:at] + junk + pdf[at + len(junk):]
    try:
        got = read_upload(damaged, "damaged.pdf")
    except DocumentError:
        return
    assert got.source_format == "pdf"


@SETTINGS
@given(st.lists(st.text(max_size=300), max_size=5))
def test_reflow_keeps_every_visible_character(pages):
    out = reflow_pdf_pages(pages)
    visible = "".join(ch for page in pages for ch in page if not ch.isspace())
    kept = "".join(ch for ch in out if not ch.isspace())
    # in order, nothing added; only page numbers alone on a line may be dropped
    rest = iter(visible)
    assert all(ch in rest for ch in kept)
    if not any(line.strip() and line.strip().strip(" -–—0123456789/ofpagePAGE.") == "" for page in pages for line in page.splitlines()):
        assert kept == visible


@SETTINGS
@given(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp932"]),
       st.integers(min_value=0, max_value=2000))
def test_supported_encodings_round_trip_any_prefix_of_the_japanese_plan(codec, cut):
    text = fixture_text("ja")[: 200 + cut]
    assert read_upload(text.encode(codec), "plan.txt").text == text
