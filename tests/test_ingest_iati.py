"""IATI in: an IATI activity file is a document type; bad or hostile files are refused with a clear message, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from laomap.cli import main
from laomap.errors import DocumentError
from laomap.ingest import READERS, read_upload
from laomap.ingest.iati import iati_text
from laomap.pipeline.dataset import build

from .conftest import DOCUMENTS, GEODATA
from .datafiles import data_digest

AGENCY = Path(__file__).parent / "fixtures" / "iati" / "agency-laos.xml"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def data(user: Path) -> list[str]:
    return ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)]


def test_an_iati_file_is_offered_and_read_as_its_own_format():
    assert any(r.name == "iati" and "xml" in r.accepts for r in READERS)
    got = read_upload(AGENCY.read_bytes(), "agency-laos.xml")
    assert got.source_format == "iati" and got.pages == 3
    text = got.text
    assert text.startswith("Example Development Agency: activities in the Lao PDR\n\n30 June 2025\n")
    assert "\n1. Project for Improvement of Water Supply in Savannakhet\n" in text
    assert "\n3. Strengthening the clearance of unexploded ordnance in Xiangkhouang\n" in text
    assert ("The activity is planned to start on 1 April 2024, under way since 15 July 2024, to be completed by 31 March 2027, "
            "in Savannakhet (GeoNames 1653316), with a budget of JPY 1,200,000,000 (IATI identifier XX-EXAMPLE-AGENCY-LA-2024-001") in text
    assert "2400000000" not in text and "2,400,000,000" not in text  # transactions are finance flows, not what the activity is


def test_the_japanese_narratives_are_read_when_the_file_is_japanese():
    data = AGENCY.read_bytes().replace(b'generated-datetime="2025-06-30T09:00:00Z"',
                                       b'generated-datetime="2025-06-30T09:00:00Z" xml:lang="ja"', 1)
    data = data.replace(b'xml:lang="en"', b"")
    data = data.replace(b"<narrative>", b'<narrative xml:lang="en">')
    text, n, lang = iati_text(data, "agency-ja.xml")
    assert (n, lang) == (3, "ja")
    assert "1. サバナケット水道改善計画" in text
    assert "本活動は2024年4月1日開始予定、2024年7月15日から実施中、2027年3月31日までに完了予定、場所はサバナケット（GeoNames 1653316）、予算はJPY 1,200,000,000" in text


def test_add_document_turns_the_activities_into_statements_with_places_dates_and_budget(capsys, tmp_path):
    user = tmp_path / "user"
    code, out, err = run(capsys, "add-document", AGENCY, "--lang", "en", "--id", "agency-laos", *data(user))
    assert code == 0, err
    assert "structure: numbered headings: 3 sections, 6 paragraphs" in out
    assert "places found: 4; statements naming no known place: 0" in out
    ds = build(DOCUMENTS, GEODATA, user)
    rows = ds.commitments[ds.commitments.document_id == "agency-laos"]
    assert len(rows) == 6
    # the water supply's location is GeoNames 1653316, the city of Savannakhet (Kaysone Phomvihane), not the province
    assert {p for ids in rows.place_ids for p in ids} == {"savannakhet", "kaysone_phomvihane", "luang_prabang", "xiangkhouang"}
    kinds = dict(zip(ds.dates.iso[ds.dates.commitment_id.isin(rows.commitment_id)], ds.dates.kind[ds.dates.commitment_id.isin(rows.commitment_id)]))
    assert kinds["2024-07-15"] == "since" and kinds["2027-03-31"] == "target"
    assert ("1200000000 JPY",) in set(rows.amounts)
    assert "IATI activity XML: 3 activities" in ds.documents["agency-laos"].source_format
    assert set(rows.kind) == {"activity"}  # an activity is its own kind, drawn apart from the plans' statements ...
    assert not (ds.commitments.kind[~ds.commitments.document_id.isin(["agency-laos", "agency-laos-ja"])] == "activity").any()
    from laomap.views.filters import Filter, apply

    chosen = apply(ds, Filter(kinds=("activity",)))  # ... and its own filter value (one row per statement pair)
    assert set(chosen.document_id) == {"agency-laos"} and len(chosen) == 6


def test_the_english_and_japanese_narratives_of_an_activity_are_one_statement_pair(capsys, tmp_path):
    user = tmp_path / "user"
    code, out, err = run(capsys, "add-document", AGENCY, "--lang", "en", "--id", "agency-laos-en", *data(user))
    assert code == 0, err
    assert "Added agency-laos-ja, its ja text from the same file, as its translation" in out
    ds = build(DOCUMENTS, GEODATA, user)
    assert ds.documents["agency-laos-ja"].translation_of == "agency-laos-en"
    assert ds.documents["agency-laos-ja"].title_ja == "例示開発機構：ラオスにおける活動"
    mine = ds.commitments[ds.commitments.document_id.isin(["agency-laos-en", "agency-laos-ja"])]
    assert len(mine) == 12 and mine.statement_id.nunique() == 6  # six statements, each in English and in Japanese
    pairs = mine.groupby("statement_id").language.apply(sorted)
    assert all(langs == ["en", "ja"] for langs in pairs)
    water = mine[mine.statement_id == "agency-laos-en:1:1.1"].set_index("language")
    assert water.loc["en", "text"].startswith("The project will expand the water treatment plant of Savannakhet")
    assert water.loc["ja", "text"] == ("本事業は、サバナケットの浄水場を拡張し、新たな配水管を敷設することにより、"
                                       "市内のより多くの世帯に安全な水を供給するものである。")
    assert water.loc["ja", "twin_id"] == water.loc["en", "commitment_id"]
    assert set(mine.kind) == {"activity"}
    uxo = mine[mine.statement_id == "agency-laos-en:3:1.1"].set_index("language")
    assert uxo.loc["ja", "place_ids"] == uxo.loc["en", "place_ids"] == ("xiangkhouang",)
    # one removal takes both texts made from the file; nothing of it is left
    assert run(capsys, "remove-document", "agency-laos-en", *data(user))[0] == 0
    again = build(DOCUMENTS, GEODATA, user)
    assert not {"agency-laos-en", "agency-laos-ja"} & set(again.documents)
    assert sorted(p.name for p in (user / "documents").iterdir()) == []


def test_a_file_in_one_language_adds_one_document():
    data_en = re.sub(rb'<narrative xml:lang="ja">[^<]*</narrative>', b"", AGENCY.read_bytes())
    got = read_upload(data_en, "agency-en.xml")
    assert got.twins == {} and "サバナケット" not in got.text


GEONAMES_ONLY = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2025-06-30T09:00:00Z" xml:lang="en">
  <iati-activity>
    <iati-identifier>XX-EXAMPLE-AGENCY-LA-2025-002</iati-identifier>
    <reporting-org ref="XX-EXAMPLE-AGENCY" type="10"><narrative>Example Development Agency</narrative></reporting-org>
    <title><narrative>Rehabilitation of a river intake</narrative></title>
    <description type="1"><narrative>The project rehabilitates the raw water intake and its pumps.</narrative></description>
    <activity-date type="2" iso-date="2025-01-10"/>
    <location><location-id vocabulary="G1" code="1654379"/><name><narrative>Ban Phonsaat intake</narrative></name></location>
  </iati-activity>
  <iati-activity>
    <iati-identifier>XX-EXAMPLE-AGENCY-LA-2025-003</iati-identifier>
    <title><narrative>Training of district health staff</narrative></title>
    <description type="1"><narrative>Nurses and midwives receive training in maternal care.</narrative></description>
    <activity-date type="2" iso-date="2025-02-01"/>
    <location><location-id vocabulary="G1" code="10375967"/></location>
    <location><location-id vocabulary="G1" code="999999999"/><name><narrative>Unknown hamlet</narrative></name></location>
  </iati-activity>
</iati-activities>
"""


def test_a_location_given_by_a_geonames_id_the_gazetteer_knows_is_linked_to_that_place(capsys, tmp_path):
    user = tmp_path / "user"
    path = tmp_path / "geonames-only.xml"
    path.write_bytes(GEONAMES_ONLY)
    code, out, err = run(capsys, "add-document", path, "--lang", "en", "--id", "gn-only", *data(user))
    assert code == 0, err
    ds = build(DOCUMENTS, GEODATA, user)
    assert ds.gazetteer.places["pakse"].geonames_id == 1654379  # a field of the gazetteer, not only its notes
    rows = ds.commitments[ds.commitments.document_id == "gn-only"].set_index("commitment_id")
    # an unknown name with the GeoNames id of Pakse; no name at all with the id of Kaysone District
    assert rows.loc["gn-only:1:2.1", "place_ids"] == ("pakse",)
    assert rows.loc["gn-only:2:2.1", "place_ids"] == ("kaysone_district",)
    assert "pakse" not in rows.loc["gn-only:1:1.1", "place_ids"]  # the description names no place
    # an id the gazetteer does not have links nothing (its name still goes to the review)
    assert "Unknown hamlet" in out


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol3;</iati-identifier></iati-activity></iati-activities>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><title><narrative>&secret;</narrative></title></iati-activity></iati-activities>"""

BAD = {
    "not-iati": (b'<?xml version="1.0"?><catalog><book id="1"><title>Not IATI</title></book></catalog>',
                 "is XML but not an IATI activity file"),
    "other-version": (AGENCY.read_bytes().replace(b'version="2.03"', b'version="1.05"', 1), "IATI version 1.05"),
    "no-activity": (b'<?xml version="1.0"?>\n<iati-activities version="2.03" generated-datetime="2025-06-30T09:00:00Z">'
                    b"</iati-activities>", "holds no <iati-activity>"),
    "broken": (AGENCY.read_bytes()[:2000], "is not well-formed XML"),
    "bomb": (BOMB, "XML bomb"),
    "external-entity": (EXTERNAL, "declares a DTD or entities"),
    "organisation": (b'<?xml version="1.0"?><iati-organisations version="2.03"><iati-organisation/></iati-organisations>',
                     "organisation file"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_or_hostile_file_is_refused_with_a_clear_message_and_nothing_written(capsys, tmp_path, case):
    raw, message = BAD[case]
    user = tmp_path / "user"
    assert run(capsys, "add-document", AGENCY, "--lang", "en", "--id", "agency-laos", *data(user))[0] == 0
    before = data_digest(user)
    path = tmp_path / f"{case}.xml"
    path.write_bytes(raw)
    code, out, err = run(capsys, "add-document", path, "--lang", "en", "--id", f"bad-{case}", *data(user))
    assert code == 1 and message in err and "Traceback" not in err
    assert data_digest(user) == before
    with pytest.raises(DocumentError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_upload(raw, f"{case}.xml")


def test_the_element_count_is_bounded(monkeypatch):
    from laomap.ingest import iati

    monkeypatch.setattr(iati, "MAX_ELEMENTS", 50)
    with pytest.raises(DocumentError, match="more than the 50"):
        iati_text(AGENCY.read_bytes(), "agency-laos.xml")


def test_the_plan_history_links_an_activity_to_the_plan_statements_it_carries_out_with_corrections(capsys, tmp_path):
    user = tmp_path / "user"
    assert run(capsys, "add-document", AGENCY, "--lang", "en", "--id", "agency-laos", *data(user))[0] == 0
    ds = build(DOCUMENTS, GEODATA, user)
    by_id = ds.commitments.drop_duplicates("statement_id").set_index("statement_id")
    uxo = by_id.loc["agency-laos:3:1.1"]  # clearance of unexploded ordnance in Xiangkhouang
    assert uxo.carried_from and all("uxo" in by_id.loc[e].themes for e in uxo.carried_from)
    water = by_id.loc["agency-laos:1:1.1"]
    (wrong,) = water.carried_from  # the water supply project and a plan's line on the flow of goods: a wrong link
    assert run(capsys, "link", "reject", "agency-laos:1:1.1", wrong, *data(user))[0] == 0
    missed = "joint-plan-2016:3.III:5.1"  # "Develop basic public infrastructure, such as waterworks": the one it carries out
    assert missed not in water.carried_from
    assert run(capsys, "link", "add", "agency-laos:1:1.1", missed, *data(user))[0] == 0
    again = build(DOCUMENTS, GEODATA, user).commitments.drop_duplicates("statement_id").set_index("statement_id")
    assert wrong not in again.loc["agency-laos:1:1.1"].carried_from
    assert missed in again.loc["agency-laos:1:1.1"].carried_from
    assert "agency-laos:3:1.1" in again.loc[uxo.carried_from[0]].carried_to


def test_the_locations_points_and_precisions_are_read_from_the_file():
    from laomap.ingest.iati import located

    got = {p.name: p for p in located(AGENCY.read_bytes(), "agency-laos.xml")}
    assert set(got) == {"Savannakhet", "Luang Prabang old town", "Nakham demining base"}  # Xiangkhouang gives no point
    assert (got["Savannakhet"].lat, got["Savannakhet"].lon, got["Savannakhet"].geonames_id) == (16.5566, 104.7530, 1653316)
    assert got["Savannakhet"].precision == 2  # exact, a populated place
    assert got["Nakham demining base"].precision == 1  # exact, a structure
    assert got["Nakham demining base"].geonames_id == 0
    assert read_upload(AGENCY.read_bytes(), "agency-laos.xml").located == list(got.values())


@pytest.mark.parametrize(("exactness", "klass", "code"), [("1", "3", 1), ("1", "2", 2), ("2", "2", 2), ("2", "3", 2),
                                                          ("1", "1", 3), ("2", "1", 4), ("", "", 2)])
def test_the_precision_follows_the_exactness_and_the_location_class(exactness, klass, code):
    from laomap.ingest.iati import precision

    assert precision(exactness, klass) == code


def test_a_point_of_an_unknown_name_is_proposed_and_reaches_the_map_only_once_confirmed(capsys, tmp_path):
    user = tmp_path / "user"
    code, out, err = run(capsys, "add-document", AGENCY, "--lang", "en", "--id", "agency-laos", *data(user))
    assert code == 0, err
    assert ("Nakham demining base (1x, looks like a city)" in out
            and "the file places it at 19.4521, 103.1873 (precision 1): laomap add-place --id nakham_demining_base "
                "--name-en 'Nakham demining base' --kind city --country LA --lat 19.4521 --lon 103.1873 --precision 1") in out
    # not offered as an unknown name ("NAME (1x, looks like ...)"): the gazetteer's Luang Prabang already places it
    assert not re.search(r"Luang Prabang old town \(\d+x", out)
    ds = build(DOCUMENTS, GEODATA, user)
    assert "nakham_demining_base" not in ds.gazetteer.places  # proposed, not added
    code, out, err = run(capsys, "add-place", "--id", "nakham_demining_base", "--name-en", "Nakham demining base", "--kind", "city",
                         "--country", "LA", "--lat", "19.4521", "--lon", "103.1873", "--precision", "1", *data(user))
    assert code == 0, err
    ds = build(DOCUMENTS, GEODATA, user)
    place = ds.gazetteer.places["nakham_demining_base"]
    assert (place.lat, place.lon, place.precision_code) == (19.4521, 103.1873, 1)
    rows = ds.commitments[ds.commitments.document_id == "agency-laos"]
    linked = rows[rows.place_ids.map(lambda ids: "nakham_demining_base" in ids)]
    assert list(linked.place_ids) == [("nakham_demining_base",)]  # the point inside Xiangkhouang stands for its province


def test_the_dashboards_button_makes_the_place_where_the_file_puts_it():
    from laomap.ingest.base import Located
    from laomap.pipeline.gazetteer_files import load_gazetteer
    from laomap.userdata import located_place

    gazetteer = load_gazetteer(GEODATA)
    place = located_place("Nakham demining base", "en", Located("Nakham demining base", 19.4521, 103.1873, 1), gazetteer, "")
    assert (place.place_id, place.kind, place.country, place.precision_code) == ("nakham_demining_base", "city", "LA", 1)
    assert (place.lat, place.lon, place.parent_id) == (19.4521, 103.1873, "xiangkhouang")
    area = located_place("Nakham", "en", Located("Nakham", 19.45, 103.19, 4), gazetteer, "nakham")
    assert (area.kind, area.precision_code) == ("province", 4)
