"""Document ids that never collide by accident: the date and the title's telling words (issue 22, item 8).

Four press releases of one day (tests/fixtures/sameday/, written in the style of a ministry's releases on
Exchanges of Notes, two in English and two in Japanese) all go in without ``--id``; the same title twice on
one day gets ``-2``; ids already given never change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laomap import userdata
from laomap.cli import main
from laomap.errors import DocumentError
from laomap.ingest import read_upload
from laomap.pipeline.dataset import build
from laomap.pipeline.documents import own_header, read_manifest
from laomap.userdata.ids import document_id, romaji

from .conftest import CORE_GEODATA as GEODATA
from .conftest import DOCUMENTS, ROOT

SAMEDAY = ROOT / "tests" / "fixtures" / "sameday"
ID_RULE = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")  # the manifest's (documents.meta_from_dict)


@pytest.mark.parametrize(("kana", "expected"), [
    ("ルアンパバーン", "ruanpaban"), ("ビエンチャン", "bienchan"), ("チャンパサック", "chanpasakku"),
    ("フォローアップ", "foroappu"), ("シェンクワン", "shenkuwan"), ("ティ", "ti"), ("ジョ", "jo"),
])
def test_katakana_in_romaji(kana, expected):
    assert romaji(kana) == expected


def test_long_titles_that_differ_at_the_end_or_by_their_date_get_different_ids():
    grant = "Signing of Exchange of Notes concerning Grant Aid to the Lao People's Democratic Republic: The Project for "
    water = document_id(grant + "Expansion of Water Supply in Pakxan", "2025-11-14", "en")
    school = document_id(grant + "Construction of Secondary Schools in Savannakhet Province", "2025-11-14", "en")
    assert (water, school) == ("2025-11-14-water-supply-pakxan-en", "2025-11-14-secondary-schools-savannakhet-en")
    summit = "Joint Press Statement on the Visit of H.E. Mr. Thongsing Thammavong, Prime Minister of the Lao PDR, to Japan"
    assert document_id(summit, "2012-03-16", "en") != document_id(summit, "2013-03-16", "en")
    assert document_id("Joint Follow-up Plan 2024", "2024", "en") == "2024-joint-follow-up-plan-en"  # its own year once


def test_japanese_titles_of_one_day_differ_by_their_katakana_or_their_kanji():
    head, tail = "ラオス人民民主共和国に対する無償資金協力「", "」に関する書簡の交換"
    airport = document_id(head + "ルアンパバーン国際空港安全性向上計画" + tail, "2025-11-14", "ja")
    uxo = document_id(head + "不発弾除去機材整備計画" + tail, "2025-11-14", "ja")
    grant = document_id("ラオス人民民主共和国に対する無償資金協力に関する書簡の交換", "2025-11-14", "ja")
    loan = document_id("ラオス人民民主共和国に対する円借款に関する書簡の交換", "2025-11-14", "ja")
    assert airport.startswith("2025-11-14-ruanpaban") and airport.endswith("-ja")
    assert uxo.startswith("2025-11-14-") and uxo.endswith("-ja")
    assert len({airport, uxo, grant, loan}) == 4  # the kanji-only difference (grant / loan) still tells them apart


def test_an_id_already_taken_gets_a_number():
    first = document_id("Japan-Laos Summit Meeting", "2015-07-04", "en")
    assert first == "2015-07-04-summit-meeting-en"
    assert document_id("Japan-Laos Summit Meeting", "2015-07-04", "en", {first}) == "2015-07-04-summit-meeting-2-en"
    assert document_id("Japan-Laos Summit Meeting", "2015-07-04", "en", {first, "2015-07-04-summit-meeting-2-en"}) == \
        "2015-07-04-summit-meeting-3-en"


@settings(max_examples=200, deadline=None)
@given(title=st.text(min_size=1, max_size=300), date=st.sampled_from(["2024", "2024-05", "2024-05-17"]),
       lang=st.sampled_from(["en", "ja"]))
def test_any_title_gives_a_valid_id(title, date, lang):
    doc_id = document_id(title, date, lang)
    assert ID_RULE.fullmatch(doc_id), doc_id
    assert doc_id.startswith(date + "-") and doc_id.endswith("-" + lang)
    assert document_id(title, date, lang) == doc_id  # a function of the title, the date and the language: stable


def _add(path: Path, user: Path) -> str:
    """Add a fixture the way the command line does without --id, --title, --date; its id."""
    got = read_upload(path.read_bytes(), path.name)
    text = got.text
    lang = "ja" if path.stem.endswith("-ja") else "en"
    header = own_header(text, lang)
    meta = userdata.document_meta(header.title, header.date, lang, original_file=path.name, sha256=got.sha256,
                                  source_format=got.description, taken=userdata.taken_ids(user, DOCUMENTS))
    userdata.add_document(text, meta, user, DOCUMENTS, GEODATA)
    return meta.id


def test_four_press_releases_of_one_day_go_in_without_an_id(tmp_path):
    user = tmp_path / "user"
    builtin = [m.id for m in read_manifest(DOCUMENTS)]
    ids = [_add(SAMEDAY / name, user) for name in ("grant-water-en.txt", "grant-school-en.txt", "grant-airport-ja.txt",
                                                    "grant-uxo-ja.txt")]
    assert len(set(ids)) == 4 and all(i.startswith("2025-11-14-") for i in ids)
    assert ids[:2] == ["2025-11-14-water-supply-pakxan-en", "2025-11-14-secondary-schools-savannakhet-en"]
    assert ids[2].startswith("2025-11-14-ruanpaban") and ids[3].endswith("-ja")
    ds = build(DOCUMENTS, GEODATA, user)
    assert set(ids) | set(builtin) == set(ds.documents)  # all in, the built-in ids unchanged
    stored = [e["id"] for e in json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"]]
    assert stored == ids and [m.id for m in read_manifest(DOCUMENTS)] == builtin  # kept as given: stable across rebuilds

    # the same title on the same day (a second release, another text) gets the next number
    second = tmp_path / "second" / "grant-uxo-ja.txt"
    second.parent.mkdir()
    second.write_text((SAMEDAY / "grant-uxo-ja.txt").read_text(encoding="utf-8").replace("6億8,000万円", "7億2,000万円"), encoding="utf-8")
    again = _add(second, user)
    assert again == ids[3].removesuffix("-ja") + "-2-ja"

    # the same text in another encoding is still refused as already added, naming the document it repeats
    euc = tmp_path / "grant-uxo-ja.txt"
    euc.write_bytes((SAMEDAY / "grant-uxo-ja.txt").read_text(encoding="utf-8").encode("euc_jp"))
    with pytest.raises(DocumentError, match=re.escape(ids[3])):
        _add(euc, user)


def test_the_command_line_adds_two_japanese_releases_of_one_day_without_id_or_language(tmp_path, capsys):
    user = tmp_path / "user"
    data = ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)]
    for name in ("grant-airport-ja.txt", "grant-uxo-ja.txt"):
        assert main(["add-document", str(SAMEDAY / name), *data]) == 0
    out = capsys.readouterr().out
    assert out.count("Language, from the text: 日本語") == 2
    assert "language: ja (read from the text: 100% of its letters)" in out
    added = [e["id"] for e in json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"]]
    assert len(set(added)) == 2 and all(i.startswith("2025-11-14-") and i.endswith("-ja") for i in added)
