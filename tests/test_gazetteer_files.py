"""The gazetteer's files (pipeline/gazetteer_files.py): what each reader accepts, and what it says about the rest.

Every refusal names the file and, where there is one, the line or feature (counted from 1 as an editor shows it),
so that a person can fix the file; the lenient load keeps serving and says what it left out.
"""

from __future__ import annotations

import json
import shutil

import pytest

from laomap.errors import GazetteerError
from laomap.pipeline import gazetteer_files
from laomap.pipeline.gazetteer import GAZETTEER_COLUMNS, PARTNERSHIPS
from laomap.pipeline.gazetteer_files import (
    LEGACY_COLUMNS,
    load_gazetteer,
    read_gazetteer_csv,
    read_layer,
    read_layers,
    read_names,
    read_partnerships,
)

from .conftest import GEODATA

ROW = {"place_id": "edge_town", "name_en": "Edge Town", "name_ja": "エッジ", "aliases_en": "Edge Town;Edge", "aliases_ja": "エッジ",
       "mention_in_en": "", "mention_in_ja": "", "kind": "city", "country": "LA", "iso3166_2": "", "precision_code": "3",
       "lat": "17.9757", "lon": "102.6331", "geometry_ref": "point", "parent_id": "vientiane_capital", "source": "test",
       "notes": "", "geonames_id": ""}


def _table(path, rows, columns=GAZETTEER_COLUMNS):
    lines = [",".join(columns)] + [",".join(str(row.get(c, "")) for c in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def geo(tmp_path):
    """A writable copy of geodata/ (the gazetteer's own files only: no documents)."""
    return shutil.copytree(GEODATA, tmp_path / "geodata")


def _refusal(call, *args, **kwargs) -> GazetteerError:
    with pytest.raises(GazetteerError) as caught:
        call(*args, **kwargs)
    return caught.value


# ------------------------------------------------------------------------------------------- gazetteer tables


def test_a_table_s_rows_become_places_and_say_who_added_them(tmp_path):
    path = _table(tmp_path / "places.csv", [ROW, ROW | {"place_id": "edge_village", "geonames_id": "1653316"}])
    places = read_gazetteer_csv(path, user_added=True)
    assert [(p.place_id, p.aliases_en, p.geonames_id, p.user_added) for p in places] == [
        ("edge_town", ("Edge Town", "Edge"), 0, True), ("edge_village", ("Edge Town", "Edge"), 1653316, True)]
    again = read_gazetteer_csv(path)  # the same text as built-in places: not the user's
    assert [p.user_added for p in again] == [False, False]


def test_a_table_written_before_the_geonames_column_is_read_without_ids(tmp_path):
    path = _table(tmp_path / "old.csv", [ROW], LEGACY_COLUMNS)
    assert [(p.place_id, p.geonames_id) for p in read_gazetteer_csv(path)] == [("edge_town", 0)]


def test_a_table_is_refused_naming_the_file_the_line_the_place_and_the_field(tmp_path):
    path = _table(tmp_path / "places.csv", [ROW, ROW | {"place_id": "bad_town", "kind": "spaceport"}])
    err = _refusal(read_gazetteer_csv, path)
    assert err.key == "err.gaz_row" and err.values["line"] == 3 and err.values["id"] == "bad_town"  # line 1 is the header
    assert err.values["path"] == str(path) and err.values["problems"].startswith("kind: ")
    short = tmp_path / "short.csv"
    short.write_text(",".join(GAZETTEER_COLUMNS) + "\n,Nameless\n", encoding="utf-8")  # a row cut short: no crash
    err = _refusal(read_gazetteer_csv, short)
    assert err.key == "err.gaz_row" and err.values["line"] == 2 and err.values["id"] == "?"


def test_a_table_with_other_columns_or_bytes_or_none_at_all_is_refused(tmp_path):
    assert _refusal(read_gazetteer_csv, tmp_path / "absent.csv").key == "err.gaz_missing"
    other = _table(tmp_path / "other.csv", [ROW], ("place_id", "name"))
    err = _refusal(read_gazetteer_csv, other)
    assert (err.key, err.values["found"], err.values["expected"]) == ("err.user_file_columns", "place_id,name", ",".join(GAZETTEER_COLUMNS))
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(",".join(GAZETTEER_COLUMNS).encode() + b"\nk\xf6ln\n")
    assert _refusal(read_gazetteer_csv, latin1).key == "err.user_file_utf8"


def test_the_tables_read_are_remembered_up_to_eight(tmp_path):
    for n in range(12):
        read_gazetteer_csv(_table(tmp_path / f"t{n}.csv", [ROW | {"name_en": f"Edge {n}"}]))
        assert 1 <= len(gazetteer_files._ROWS_READ) <= 8


# ------------------------------------------------------------------------------------------- names in further languages


def test_names_in_further_languages_with_their_aliases(tmp_path):
    (tmp_path / "names_lo.csv").write_text(
        "place_id,name,aliases,source\nattapeu,ແຂວງອັດຕະປື,ອັດຕະປື; ;ອັດຕະປືໃຕ້ ,x\nvientiane, ວຽງຈັນ ,,x\n", encoding="utf-8")
    (tmp_path / "names_th.csv").write_text("place_id,name,aliases,source\nattapeu,อัตตะปือ,,x\n", encoding="utf-8")
    assert read_names(tmp_path) == {
        "attapeu": ((("lo", "ແຂວງອັດຕະປື"), ("th", "อัตตะปือ")), ("ອັດຕະປື", "ອັດຕະປືໃຕ້")),
        "vientiane": ((("lo", "ວຽງຈັນ"),), ()),
    }
    assert read_names(tmp_path / "nowhere") == {}


def test_a_names_row_without_a_place_or_a_name_is_refused_with_its_line(tmp_path):
    (tmp_path / "names_lo.csv").write_text("place_id,name,aliases,source\nattapeu,ອັດຕະປື,,x\nbokeo, ,,x\n", encoding="utf-8")
    err = _refusal(read_names, tmp_path)
    assert (err.key, err.values["line"]) == ("err.names_row", 3)
    (tmp_path / "names_lo.csv").write_text("place_id,name,aliases,source\n,ອັດຕະປື,,x\n", encoding="utf-8")
    assert _refusal(read_names, tmp_path).values["line"] == 2
    (tmp_path / "names_lo.csv").write_bytes(b"place_id,name\nattapeu,\xff\n")
    assert _refusal(read_names, tmp_path).key == "err.user_file_utf8"


def test_the_base_map_s_countries_take_their_names_from_the_gazetteer(geo):
    g = load_gazetteer(geo)
    laos = next(f for f in g.layers["countries"]["features"] if f["properties"].get("iso_a2") == "LA")
    assert laos["properties"]["name_lo"] == g.places["lao_pdr"].name("lo") != g.places["lao_pdr"].name_en


# ------------------------------------------------------------------------------------------- partnerships


def test_partnerships_with_their_relations_in_further_languages(tmp_path):
    path = tmp_path / "partnerships.csv"
    path.write_text("japan_place_id,lao_place_id,relation_en,relation_ja,relation_lo,relation_th,document_section\n"
                    "kyoto,vientiane,exchange,交流,ແລກປ່ຽນ,,ap:4\n", encoding="utf-8")
    (only,) = read_partnerships(path)
    assert (only.japan_place_id, only.lao_place_id, only.relations) == ("kyoto", "vientiane", (("lo", "ແລກປ່ຽນ"),))
    assert only.relation("lo") == "ແລກປ່ຽນ" and only.relation("th") == "exchange"  # an empty cell: English
    assert read_partnerships(tmp_path / "absent.csv") == []
    path.write_text("japan_place_id,lao_place_id,relation_en,relation_ja,document_section\nkyoto,vientiane,exchange,交流,ap:4\n",
                    encoding="utf-8")  # exactly the columns needed
    assert [(p.relation_ja, p.relations) for p in read_partnerships(path)] == [("交流", ())]


def test_a_partnerships_file_missing_a_column_or_not_utf8_is_refused(tmp_path):
    path = tmp_path / "partnerships.csv"
    path.write_text("japan_place_id,lao_place_id,relation_en,document_section\nkyoto,vientiane,x,y\n", encoding="utf-8")
    err = _refusal(read_partnerships, path)
    assert err.key == "err.user_file_columns" and err.values["found"] == "japan_place_id,lao_place_id,relation_en,document_section"
    assert err.values["expected"] == "japan_place_id,lao_place_id,relation_en,relation_ja,document_section"
    path.write_bytes(b"japan_place_id\n\xff\n")
    assert _refusal(read_partnerships, path).key == "err.geodata_corrupt"


# ------------------------------------------------------------------------------------------- layers


def _layer(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


POINT = {"type": "Feature", "properties": {"place_id": "a"}, "geometry": {"type": "Point", "coordinates": [102.6, 17.9]}}


def test_a_layer_s_features_are_checked_and_numbered_from_1(tmp_path):
    assert read_layer(_layer(tmp_path / "ok.geojson", [POINT, POINT | {"properties": None}]))["features"][1]["properties"] == {}
    err = _refusal(read_layer, _layer(tmp_path / "f.geojson", [POINT, "not a feature"]))
    assert (err.key, err.values["n"]) == ("err.geodata_feature", 2)
    err = _refusal(read_layer, _layer(tmp_path / "p.geojson", [POINT | {"properties": ["a"]}]))
    assert (err.key, err.values["n"]) == ("err.geodata_feature", 1)
    err = _refusal(read_layer, _layer(tmp_path / "g.geojson", [POINT, POINT, POINT | {"geometry": {"type": "Point"}}]))
    assert (err.key, err.values["n"]) == ("err.geodata_geometry", 3)


@pytest.mark.parametrize("data", [[], {"type": "Feature"}, {"type": "FeatureCollection"}, {"type": "FeatureCollection", "features": {}}])
def test_a_file_that_is_no_feature_collection_is_refused(tmp_path, data):
    path = tmp_path / "odd.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _refusal(read_layer, path).key == "err.geodata_shape"


def test_layers_left_out_when_lenient_are_named_and_said(geo):
    (geo / "mekong.geojson").unlink()
    assert _refusal(read_layers, geo).key == "err.geodata_missing"
    said: list[str] = []
    layers, degraded = read_layers(geo, strict=False, warnings=said)
    assert degraded == {"mekong"} and layers["mekong"] == {"type": "FeatureCollection", "features": []}
    assert len(said) == 1 and "mekong.geojson is missing" in said[0] and "shown as points" in said[0]
    assert read_layers(geo, strict=False)[1] == {"mekong"}  # without a list to say it in


# ------------------------------------------------------------------------------------------- the whole gazetteer


def test_a_place_named_twice_or_a_missing_parent_is_refused(geo):
    _table(geo / "extra.csv", [ROW])
    extra = read_gazetteer_csv(geo / "extra.csv")
    assert load_gazetteer(geo, extra_places=extra).places["edge_town"].parent_id == "vientiane_capital"
    err = _refusal(load_gazetteer, geo, extra_places=extra + extra)
    assert (err.key, err.values["id"]) == ("err.gaz_duplicate", "edge_town")
    orphan = read_gazetteer_csv(_table(geo / "orphan.csv", [ROW | {"parent_id": "atlantis"}]))
    err = _refusal(load_gazetteer, geo, extra_places=orphan)
    assert (err.key, err.values["id"], err.values["parent"]) == ("err.gaz_parent", "edge_town", "atlantis")


def test_partnerships_naming_an_unknown_place_are_refused_and_a_broken_file_is_left_out_when_lenient(geo):
    text = (geo / "partnerships.csv").read_text(encoding="utf-8")
    (geo / "partnerships.csv").write_text(text.replace("kyoto,vientiane", "kyoto,atlantis", 1), encoding="utf-8")
    err = _refusal(load_gazetteer, geo)
    assert (err.key, err.values["id"]) == ("err.gaz_partner", "atlantis")
    (geo / "partnerships.csv").write_bytes(b"japan_place_id\n\xff\n")
    assert _refusal(load_gazetteer, geo).key == "err.geodata_corrupt"
    g = load_gazetteer(geo, strict=False)
    assert g.partnerships == [] and PARTNERSHIPS in g.degraded
    assert [w for w in g.warnings if "partner" in w] == [w for w in g.warnings if w.endswith("The links to Japanese partner cities are not shown.")]
    assert len([w for w in g.warnings if "partner" in w]) == 1


def test_without_a_partnerships_file_the_gazetteer_says_the_links_are_not_shown(geo):
    (geo / "partnerships.csv").unlink()
    g = load_gazetteer(geo)
    assert g.partnerships == [] and PARTNERSHIPS not in g.degraded
    assert [w for w in g.warnings if "partner" in w] == [f"{geo / 'partnerships.csv'} is missing: the links to Japanese partner cities are not shown."]
    assert load_gazetteer(GEODATA).warnings == []


def test_a_point_close_to_its_area_or_line_is_accepted_and_one_beyond_is_refused(geo):
    g = load_gazetteer(geo)
    houaphanh, mekong = g.places["houaphanh"], g.places["mekong"]
    text = (geo / "gazetteer.csv").read_text(encoding="utf-8")
    province_at = f"{houaphanh.lat},{houaphanh.lon}"
    assert province_at in text
    (geo / "gazetteer.csv").write_text(text.replace(province_at, f"{houaphanh.lat},{houaphanh.lon + 4}", 1), encoding="utf-8")
    err = _refusal(load_gazetteer, geo)
    assert err.key == "err.gaz_coordinates" and "houaphanh: point" in err.values["problems"]
    assert "lies outside its own polygon" in err.values["problems"]
    river_at = f"{mekong.lat},{mekong.lon}"
    (geo / "gazetteer.csv").write_text(text.replace(river_at, f"{mekong.lat + 1},{mekong.lon}", 1), encoding="utf-8")
    err = _refusal(load_gazetteer, geo)
    assert "mekong: point" in err.values["problems"] and "is not on its line" in err.values["problems"]


# ------------------------------------------------------------------------------------------- the location check alone


def _square(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _gazetteer(lat, lon, line, degraded=()):
    """A country (LA, a 10-degree square) and one river whose geometry is ``line``, its point at (lat, lon)."""
    from laomap.pipeline.gazetteer import Gazetteer, Place

    river = Place("river", "River", "川", ("River",), (), (), (), "river_basin", "LA", "", 5, lat, lon, "mekong", "")
    layers = {"countries": {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "properties": {"iso_a2": "LA"}, "geometry": _square(100, 10, 110, 20)}]},
              "mekong": {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": line}]}}
    return Gazetteer({"river": river}, [], layers, set(degraded))


TWO_REACHES = {"type": "MultiLineString", "coordinates": [[[102, 12], [102, 14]], [[104, 16], [104, 18]]]}


def test_a_point_must_lie_on_its_line_even_a_line_in_several_pieces():
    from laomap.pipeline.gazetteer_files import _check_locations

    _check_locations(_gazetteer(17, 104.05, TWO_REACHES))  # 0.05 degrees from the second reach
    err = _refusal(_check_locations, _gazetteer(17, 106, TWO_REACHES))  # inside the country, 2 degrees off the river
    assert err.values["problems"] == "river: point (17, 106) is not on its line"


def test_a_place_whose_layer_was_left_out_is_not_checked():
    from laomap.pipeline.gazetteer_files import _check_locations

    far = _gazetteer(30, 130, TWO_REACHES)  # outside its country and off its line
    assert "river: point (30, 130)" in _refusal(_check_locations, far).values["problems"]
    _check_locations(_gazetteer(30, 130, TWO_REACHES, degraded={"mekong"}))  # its point stands in for the line
