"""Structure: sections, re-flowed paragraphs, bullets, alignment, and bad input."""

from __future__ import annotations

import pytest

from laomap.errors import AlignmentError, DocumentError
from laomap.pipeline.documents import DocumentMeta, align, load_document, parse_document, read_manifest

from .conftest import DOCUMENTS


@pytest.fixture(scope="module")
def docs():
    return {m.id: load_document(m, DOCUMENTS) for m in read_manifest(DOCUMENTS)}


def meta(lang: str = "en", id: str = "test-doc") -> DocumentMeta:
    return DocumentMeta(id=id, file="x.txt", title_en="T", title_ja="T", language=lang, date="2022", date_precision="year",
                        date_basis="test", publisher="test")


def test_manifest_lists_three_documents_with_provenance():
    metas = {m.id: m for m in read_manifest(DOCUMENTS)}
    assert set(metas) == {"action-plan-en", "action-plan-ja", "joint-plan-2016"}
    assert metas["action-plan-ja"].translation_of == "action-plan-en"
    assert metas["joint-plan-2016"].date == "2016-09-06" and metas["joint-plan-2016"].date_precision == "day"
    assert metas["action-plan-en"].date_precision == "year" and "inferred" in metas["action-plan-en"].date_basis
    assert all(m.publisher == "Ministry of Foreign Affairs of Japan" for m in metas.values())


def test_english_action_plan_sections(docs):
    doc = docs["action-plan-en"]
    ids = [s.section_id for s in doc.sections]
    assert ids[:3] == ["1", "1(1)", "1(2)"]
    assert "4(6)" in ids and ids[-1] == "5(8)"
    assert len(ids) == 33  # 5 chapters, 28 sub-sections
    assert doc.section("3(1)").title.startswith("(1) Promotion of Investment")
    assert len(doc.section("3(1)").paragraphs) == 8


def test_english_page_breaks_are_rejoined(docs):
    doc = docs["action-plan-en"]
    para = doc.section("2(2)").paragraphs[0]
    assert "capability for regional power system integration" in para.text
    assert len(doc.section("2(2)").paragraphs) == 1
    assert "address the challenges of climate changes." in doc.section("3(1)").paragraphs[2].text
    assert "non-permanent categories of its membership" in doc.section("5(5)").paragraphs[0].text


def test_japanese_lines_reflow_without_spaces(docs):
    doc = docs["action-plan-ja"]
    first = doc.section("1(1)").paragraphs[0].text
    assert "往来及び活発な議会" in first  # "活発\n\nな往来" joined across a line break
    assert "２０２０年８月の茂木" in first  # a date broken mid-line is whole again
    assert " " not in first.replace("\u3000", "")
    assert "（Land-linked）" in doc.section("2(2)").paragraphs[0].text
    # the negotiation brackets are kept in the original text
    assert "[、" in doc.section("5(5)").paragraphs[0].text


def test_japanese_and_english_align(docs):
    align(docs["action-plan-en"], docs["action-plan-ja"])
    en, ja = docs["action-plan-en"], docs["action-plan-ja"]
    assert [s.section_id for s in en.sections] == [s.section_id for s in ja.sections]
    assert [len(s.paragraphs) for s in en.sections] == [len(s.paragraphs) for s in ja.sections]


def test_joint_plan_bullets_and_sub_bullets(docs):
    doc = docs["joint-plan-2016"]
    assert doc.title == "" and "Japan-Laos Relations" in doc.boilerplate  # a category line is not a title (issue 22)
    assert doc.date_line == "September 6, 2016"
    assert [s.section_id for s in doc.sections] == ["1", "2", "3", "3.I", "3.II", "3.III", "3.IV"]
    pillar = doc.section("3.I")
    levels = [p.level for p in pillar.paragraphs]
    assert levels == [0, 0, 0, 1, 2, 2, 1, 2, 2, 1, 2]
    sub = pillar.paragraphs[4]
    assert sub.text.startswith("Develop the road and bridge infrastructure")
    assert sub.parent == 4 and pillar.paragraphs[3].parent == 3
    assert doc.boilerplate == ["Japan-Laos Relations", "Back to Japan-Laos Relations"]
    assert all("Back to" not in p.text for p in doc.paragraphs)


def test_alignment_failure_is_loud(docs):
    en = docs["action-plan-en"]
    text = (DOCUMENTS / "action-plan.ja.txt").read_text(encoding="utf-8")
    broken = text.replace("双方は、二国間の防衛協力の更なる進展に基づいて", "双方は、二国間の防衛協力の更なる進展に基づいて。\n\n双方は、追加の段落", 1)
    ja = parse_document(broken, meta("ja", "action-plan-ja"))
    with pytest.raises(AlignmentError, match=r"section 1\(3\).*2 paragraph.*3"):
        align(en, ja)


def test_section_mismatch_is_loud(docs):
    text = (DOCUMENTS / "action-plan.ja.txt").read_text(encoding="utf-8").replace("（８）海洋プラスチックごみ対策", "海洋プラスチックごみ対策")
    ja = parse_document(text, meta("ja", "action-plan-ja"))
    with pytest.raises(AlignmentError, match=r"5\(8\)"):
        align(docs["action-plan-en"], ja)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("日本とラオス".encode("shift_jis"), "not valid UTF-8"),
    ],
)
def test_bad_bytes_get_clear_errors(tmp_path, data, message):
    (tmp_path / "x.txt").write_bytes(data)
    with pytest.raises(DocumentError, match=message):
        load_document(meta(), tmp_path)


def test_text_without_headings_is_one_section_in_order():
    """A document is refused for holding no text, never for its layout (issue 11)."""
    doc = parse_document("A title\n\nJust some prose. Nothing numbered here.\n\nMore prose.", meta())
    assert doc.layout == "none"
    assert [s.section_id for s in doc.sections] == ["1"]
    assert [p.text for p in doc.paragraphs] == ["Just some prose. Nothing numbered here.", "More prose."]


def test_stray_number_is_not_a_heading():
    doc = parse_document("Plan\n\n1 Economy\n\nBoth sides affirmed to cooperate.\n\n7 Things that are not a section\n\n2 Culture\n\nText.", meta())
    assert [s.section_id for s in doc.sections] == ["1", "2"]
    assert len(doc.section("1").paragraphs) == 2


def test_missing_manifest_and_bad_entries(tmp_path):
    with pytest.raises(DocumentError, match="No manifest"):
        read_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text('{"documents": [{"id": "Bad Id", "file": "x"}]}', encoding="utf-8")
    with pytest.raises(DocumentError, match="missing field"):
        read_manifest(tmp_path)


def test_a_news_dateline_is_the_date_line_and_a_body_date_is_proposed():
    from laomap.pipeline.documents import own_header

    release = own_header("Press Releases\nJICA Signs a Loan Agreement\nTOKYO, March 23, 2016 — JICA signed a loan.\n", "en")
    assert (release.title, release.date_line, release.date) == ("JICA Signs a Loan Agreement", "TOKYO, March 23, 2016 —", "2016-03-23")
    kpl = own_header("KPL\nJapan funds water\nBy Somsack Inthavong\nVIENTIANE, March 6 (KPL) -- Japan provided a grant.\n", "en")
    assert (kpl.title, kpl.date_line, kpl.date) == ("Japan funds water", "VIENTIANE, March 6 (KPL) --", None)
    undated = own_header("Joint Statement\n\nThe two leaders held talks in Tokyo on 4 March 2010. They agreed.\n", "en")
    assert undated.date is None and undated.proposed_date == "2010-03-04"
    assert undated.proposed_from == "The two leaders held talks in Tokyo on 4 March 2010."


@pytest.mark.parametrize("first", ["Japan-Laos Relations", "KPL", "To the text of this page", "Laos", "［文書名］", "（和文仮訳）"])
def test_a_category_masthead_skip_link_or_label_is_never_the_title(first):
    from laomap.pipeline.documents import own_header

    header = own_header(f"{first}\nJapan Provides Grant Aid for Schools in Sayaboury\n2024年2月15日\n\nThe grant was signed.\n", "en")
    assert header.title == "Japan Provides Grant Aid for Schools in Sayaboury"


def test_a_short_japanese_heading_line_is_never_glued_to_the_text_below():
    from laomap.pipeline.documents import DocumentMeta, parse_document

    meta = DocumentMeta(id="js", file="js.txt", title_en="t", title_ja="", language="ja", date="2023", date_precision="year",
                        date_basis="t", publisher="t", builtin=False)
    doc = parse_document("共同声明\n2023年9月8日\n総論\n1．両首脳は会談を行った。\n政治・安全保障\n2．両首脳は往来を\n確認した。\n", meta)
    assert [s.title for s in doc.sections if s.title] == ["総論", "政治・安全保障"]
    assert doc.date_line == "2023年9月8日"
    assert [p.text for p in doc.paragraphs] == ["両首脳は会談を行った。", "両首脳は往来を確認した。"]  # the numbers are marks


# A Ministry of Foreign Affairs press release on an exchange of notes, as such releases are laid out: numbered paragraphs
# ("1　", "2　"), the projects that paragraph 2 introduces as (1), (2) with their katakana items, then paragraph 3 back
# at the top level, and a reference note.
EXCHANGE_OF_NOTES = """ラオス人民民主共和国に対する無償資金協力に関する書簡の交換
令和6年3月12日
１　本12日、ビエンチャンにおいて、無償資金協力2件に関する書簡の交換が行われました。
２．対象案件の概要は以下のとおりです。
(1)「ポンサリー県小水力発電所整備計画」（供与限度額：19億2,100万円）
ア　ポンサリー県では送電網の整備が遅れています。
イ　この計画は小水力発電所を整備するものです。
(2)「サワンナケート県上水道拡張計画」（供与限度額：11億2,800万円）
ア　この計画は浄水場を拡張するものです。
３　我が国は、連結性の強化を重点分野としており、本件はこれに合致するものです。
（参考）ラオス人民民主共和国は、面積約24万平方キロメートルです。
"""


def test_a_numbered_paragraph_after_the_projects_of_a_japanese_release_starts_a_top_level_section():
    doc = parse_document(EXCHANGE_OF_NOTES, meta("ja"))
    shape = [(s.section_id, s.level, [p.text[:6] for p in s.paragraphs]) for s in doc.sections]
    assert shape == [("0", 0, ["本12日、ビ", "対象案件の概"]),
                     ("1", 1, ["ポンサリー県", "この計画は小"]),
                     ("2", 1, ["この計画は浄"]),
                     ("3", 1, ["我が国は、連", "（参考）ラオ"])]
    assert doc.section("3").label == "3" and doc.section("3").title == ""  # a paragraph, not a heading line
    assert doc.paragraphs[-2].paragraph_id == "test-doc:3:1"


def test_a_numbered_paragraph_inside_a_numbered_section_stays_there():
    """Where (1), (2) are the parts of a numbered heading, a Japanese numbered paragraph is that part's text, not a section."""
    text = "協力計画\n1 経済協力\n(1) 電力\n本計画は送電網を整備します。\n2　我が国は、引き続き協力します。\n(2) 保健\n病院を整備します。\n"
    doc = parse_document(text, meta("ja"))
    assert [(s.section_id, len(s.paragraphs)) for s in doc.sections] == [("1", 0), ("1(1)", 2), ("1(2)", 1)]
