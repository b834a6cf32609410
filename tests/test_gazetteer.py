"""Geocoding: every spelling, word boundaries, Japanese without false hits, roles."""

from __future__ import annotations

import pytest

from laomap.errors import GazetteerError
from laomap.pipeline.gazetteer_files import load_gazetteer

from .conftest import GEODATA


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(GEODATA)


def ids(gaz, text, lang="en"):
    return [link.place_id for link in gaz.resolve(gaz.match(text, lang))]


def roles(gaz, text, lang="en"):
    return {link.place_id: link.role for link in gaz.resolve(gaz.match(text, lang))}


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("cherry blossom trees in Houaphanh Province", "en", "houaphanh"),
        ("in Houaphan", "en", "houaphanh"),
        ("フアパン県における桜の植樹", "ja", "houaphanh"),
        ("Elephant Festival in Sayaboury Province", "en", "sayaboury"),
        ("festival in Xaignabouli", "en", "sayaboury"),
        ("サイニャブリー県における象祭り", "ja", "sayaboury"),
        ("the Attapeu Province", "en", "attapeu"),
        ("work in Attapu", "en", "attapeu"),
        ("アタプー県の泡盛製造支援", "ja", "attapeu"),
        ("Luang Prabang city", "en", "luang_prabang"),
        ("including Luang Phabang, a World Heritage City", "en", "luang_prabang"),
        ("ルアンパバーン市の間", "ja", "luang_prabang"),
        ("Vientiane city", "en", "vientiane"),
        ("首都ビエンチャン", "ja", "vientiane"),
        ("the Kyoto city zoo", "en", "kyoto"),
        ("京都市動物園", "ja", "kyoto"),
        ("Takayama city", "en", "takayama"),
        ("岐阜県高山市", "ja", "takayama"),
        ("Honorary Consulate in Hakodate", "en", "hakodate"),
        ("在函館名誉領事館", "ja", "hakodate"),
        ("through the East-West Economic Corridor", "en", "ewec"),
        ("東西経済回廊を通じて", "ja", "ewec"),
        ("the Mekong River basin", "en", "mekong"),
        ("メコン河流域の環境保全", "ja", "mekong"),
        ("the Expansion of Vientiane International Airport", "en", "wattay_airport"),
        ("peace in the Korean Peninsula", "en", "korean_peninsula"),
    ],
)
def test_every_spelling_resolves(gaz, text, lang, place):
    assert place in ids(gaz, text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "absent"),
    [
        ("日ラオス官民合同対話により", "ja", "japan"),  # 日 of 日ラオス is Japan the actor
        ("日ラオス官民合同対話により", "ja", "lao_pdr"),
        ("Japan affirmed its support for tourism", "en", "japan"),  # a party, not a place
        ("the Japanese style of management", "en", "japan"),  # word boundary
        ("the Japan-ASEAN Technical Cooperation Agreement", "en", "japan"),
        ("the Lao PDR's continued support for Japan's bid", "en", "lao_pdr"),
        ("東京都の", "ja", "kyoto"),  # 京都 inside 東京都
        ("Laotian and Kyotoesque words", "en", "kyoto"),
        ("日本語教育の導入", "ja", "japan"),
        ("日本による査証緩和", "ja", "japan"),
        ("Savannakhetian", "en", "savannakhet"),
    ],
)
def test_no_false_hits(gaz, text, lang, absent):
    assert absent not in ids(gaz, text, lang)


def test_countries_match_as_locations(gaz):
    assert ids(gaz, "Japanese companies operating in the Lao PDR") == ["lao_pdr"]
    assert ids(gaz, "ラオスにおける日本語教育", "ja") == ["lao_pdr"]
    assert ids(gaz, "the visit to Japan by the Lao Youth Union") == ["japan"]


def test_partner_roles_follow_the_documented_partnerships(gaz):
    text = ("cooperation between Kyoto city and Vientiane city and between Takayama city in Gifu prefecture and "
            "Luang Prabang city, and assistance by CO-OP Okinawa to the Attapeu Province")
    got = roles(gaz, text)
    assert got["kyoto"] == "partner" and got["takayama"] == "partner" and got["okinawa"] == "partner"
    assert got["vientiane"] == "site" and got["luang_prabang"] == "site" and got["attapeu"] == "site"
    assert "gifu" not in got  # the container of Takayama gives way to the more precise place
    assert roles(gaz, "elephants donated to the Kyoto city zoo")["kyoto"] == "site"  # no Lao counterpart named


def test_names_inside_programme_names_are_mentions(gaz):
    assert roles(gaz, "to realize the Osaka Blue Ocean Vision") == {"osaka": "mention"}
    assert roles(gaz, "「大阪ブルー・オーシャン・ビジョン」の実現", "ja") == {"osaka": "mention"}
    assert roles(gaz, 'the "Tokyo Strategy 2018 for Mekong-Japan Cooperation"') == {"tokyo": "mention", "mekong_region": "mention"}


def test_most_specific_place_wins(gaz):
    assert ids(gaz, "cherry blossoms in Houaphanh Province of the Lao PDR and in the Lao PDR") == ["houaphanh"]


def test_place_hierarchy_counts_cities_in_their_province(gaz):
    assert gaz.lao_province_of("vientiane") == "vientiane_capital"
    assert gaz.lao_province_of("luang_prabang") == "luang_prabang_province"
    assert gaz.lao_province_of("wattay_airport") == "vientiane_capital"
    assert gaz.lao_province_of("ewec") is None and gaz.lao_province_of("lao_pdr") is None


def test_geometries_are_real_shapes(gaz):
    assert gaz.geometry("houaphanh").geom_type in ("Polygon", "MultiPolygon")
    assert gaz.geometry("ewec").geom_type == "LineString"
    assert gaz.geometry("mekong").geom_type in ("LineString", "MultiLineString")
    assert gaz.geometry("vientiane").geom_type == "Point"
    assert gaz.geometry("mekong_region").geom_type == "MultiPolygon"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_swapped_coordinates_are_caught(inputs):
    _, geo, _ = inputs
    _edit(geo / "gazetteer.csv", "17.9757,102.6331", "102.6331,17.9757")
    with pytest.raises(GazetteerError, match=r"vientiane.*lat.*outside|vientiane"):
        load_gazetteer(geo)


def test_point_in_the_wrong_country_is_caught(inputs):
    _, geo, _ = inputs
    _edit(geo / "gazetteer.csv", "35.0116,135.7681", "17.0116,102.7681")  # Kyoto moved into Laos
    with pytest.raises(GazetteerError, match="kyoto"):
        load_gazetteer(geo)


def test_unknown_kind_and_bad_precision_are_named(inputs):
    _, geo, _ = inputs
    _edit(geo / "gazetteer.csv", ",airport,LA,", ",spaceport,LA,")
    with pytest.raises(GazetteerError, match="kind.*spaceport"):
        load_gazetteer(geo)


def test_corrupt_geodata_file_is_named(inputs):
    _, geo, _ = inputs
    (geo / "mekong.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(GazetteerError, match="mekong.geojson is corrupt"):
        load_gazetteer(geo)


def test_missing_geodata_file_is_named(inputs):
    _, geo, _ = inputs
    (geo / "lao_provinces.geojson").unlink()
    with pytest.raises(GazetteerError, match="lao_provinces.geojson is missing"):
        load_gazetteer(geo)


def test_lenient_loading_keeps_serving_without_a_broken_layer(inputs):
    _, geo, _ = inputs
    (geo / "mekong.geojson").write_text("not json", encoding="utf-8")
    gaz = load_gazetteer(geo, strict=False)
    assert "mekong" in gaz.degraded and any("mekong.geojson is corrupt" in w for w in gaz.warnings)
    assert gaz.geometry("mekong").geom_type == "Point"  # falls back to its representative point
    assert gaz.geometry("houaphanh").geom_type in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(("text", "lang", "place"), [
    ("Support for water supply in Vien\u00adtiane.", "en", "vientiane"),  # a PDF's soft hyphen
    ("A new bridge in Luang\u200b Prabang.", "en", "luang_prabang"),  # a zero-width space from a web page
    ("\ufeffAttapeu Province suffered floods.", "en", "attapeu"),
    ("ビエン\u00adチャンで協力する。", "ja", "vientiane"),
])
def test_invisible_format_characters_do_not_stop_a_name_matching(gaz, text, lang, place):
    """Issue 16, item 4: format characters fold to nothing for matching; the quote keeps the original."""
    clean = "".join(ch for ch in text if ch not in "\u00ad\u200b\ufeff")
    assert place in ids(gaz, text, lang) and ids(gaz, text, lang) == ids(gaz, clean, lang)
