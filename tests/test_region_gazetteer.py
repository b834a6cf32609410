"""The regional gazetteer (geodata/gazetteer_region.csv): right places, right spellings, no false hits."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import Point

from laomap.pipeline.gazetteer_files import load_gazetteer

from .conftest import CORE_GEODATA, GEODATA


@pytest.fixture(scope="module")
def g():
    return load_gazetteer(GEODATA)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


# Where the towns are, as an atlas gives them (rounded; independent of GeoNames, which the build reads).
TOWNS = {
    "pakse": (15.12, 105.80), "thakhek": (17.40, 104.80), "kaysone_phomvihane": (16.56, 104.75), "xam_neua": (20.42, 104.05),
    "phonsavan": (19.45, 103.20), "vang_vieng": (18.92, 102.45), "boten": (21.18, 101.67), "houayxay": (20.27, 100.42),
    "paksong": (15.18, 106.23), "dansavanh": (16.63, 106.58), "muang_xay": (20.69, 101.98), "paksan": (18.40, 103.66),
    "phongsaly_town": (21.68, 102.10), "sainyabuli_town": (19.25, 101.71), "salavan_town": (15.72, 106.42),
    "sekong_town": (15.35, 106.72), "attapeu_town": (14.81, 106.83), "luang_namtha_town": (20.95, 101.40),
    "phonhong": (18.49, 102.41), "xeno": (16.68, 105.00), "lao_bao": (16.62, 106.60), "nong_khai": (17.88, 102.74),
    "mukdahan": (16.54, 104.72), "bangkok": (13.75, 100.50), "hanoi": (21.03, 105.85), "phnom_penh": (11.56, 104.92),
    "sapporo": (43.06, 141.35), "sendai": (38.27, 140.87), "saitama_city": (35.86, 139.65), "yokohama": (35.44, 139.64),
    "nagoya": (35.18, 136.91), "tsu": (34.72, 136.51), "kumamoto_city": (32.80, 130.71), "naha": (26.21, 127.68),
    "kobe": (34.69, 135.20), "fukuoka_city": (33.59, 130.40), "hiroshima_city": (34.39, 132.46), "kanazawa": (36.56, 136.66),
    "first_friendship_bridge": (17.88, 102.72), "second_friendship_bridge": (16.60, 104.73), "lao_nippon_bridge": (15.10, 105.81),
}


@pytest.mark.parametrize("place_id", sorted(TOWNS))
def test_each_new_town_and_bridge_is_within_10_km_of_where_it_is(g, place_id):
    p = g.places[place_id]
    assert km(p.lat, p.lon, *TOWNS[place_id]) <= 10, (place_id, p.lat, p.lon)


def test_the_issue_lists_at_least_30_lao_towns_crossings_and_bridges(g):
    lao_points = [p for p in g.places.values() if p.country == "LA" and p.kind in ("city", "capital", "bridge", "border_crossing")]
    assert len(lao_points) >= 30
    # every provincial capital but Xaisomboun's (not in the GeoNames index) and the two that were there already
    capitals = {"attapeu_town", "houayxay", "paksan", "pakse", "xam_neua", "thakhek", "luang_namtha_town", "muang_xay",
                "phongsaly_town", "salavan_town", "kaysone_phomvihane", "sainyabuli_town", "sekong_town", "phonhong", "phonsavan"}
    assert capitals <= set(g.places)
    for pid in capitals:
        assert g.places[g.places[pid].parent_id].kind == "province", pid


def test_every_town_lies_in_the_polygon_of_its_province(g):
    """Its parent was chosen by hand and its point comes from GeoNames: the Natural Earth polygon must agree."""
    checked = 0
    for p in g.places.values():
        if p.source != "geonames" or p.kind not in ("city", "capital", "bridge", "border_crossing"):
            continue
        parent = g.places.get(p.parent_id)
        if parent is None or parent.kind != "province" or parent.geometry_ref == "point":
            continue
        assert g.geometry(parent.place_id).buffer(0.03).contains(Point(p.lon, p.lat)), (p.place_id, parent.place_id)
        checked += 1
    assert checked >= 70  # the Lao towns and the 44 prefectural capitals new here


def test_all_47_prefectures_with_polygons_and_their_capitals(g):
    prefectures = [p for p in g.places.values() if p.kind == "province" and p.country == "JP"]
    assert sorted(p.iso3166_2 for p in prefectures) == [f"JP-{n:02d}" for n in range(1, 48)]
    for p in prefectures:
        geom = g.geometry(p.place_id)
        assert geom.geom_type in ("Polygon", "MultiPolygon") and geom.buffer(0.01).contains(Point(p.lon, p.lat)), p.place_id
        children = [c for c in g.places.values() if c.parent_id == p.place_id and c.kind == "city"]
        assert children, f"{p.place_id} has no capital"


def test_neighbours_and_seas_are_in_the_tray_not_on_a_point(g):
    for pid in ("thailand", "viet_nam", "cambodia", "myanmar", "china", "republic_of_korea", "dprk"):
        assert g.places[pid].kind == "country" and g.places[pid].precision_code == 6
        assert g.geometry(pid).contains(Point(g.places[pid].lon, g.places[pid].lat)), pid
    for pid in ("south_china_sea", "east_china_sea"):
        p = g.places[pid]
        assert p.kind == "region" and p.precision_code == 6
        assert not any(g.geometry(c).contains(Point(p.lon, p.lat)) for c in ("china", "viet_nam", "japan"))  # at sea


def ids(g, text: str, lang: str) -> list[str]:
    return [link.place_id for link in g.resolve(g.match(text, lang))]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("The delegation visited Pakse, Thakhek and Vang Vieng.", "en", {"pakse", "thakhek", "vang_vieng"}),
    ("customs at the Dansavanh-Lao Bao border crossing", "en", {"dansavanh_lao_bao"}),
    ("customs at the Dansavanh–Lao Bao border crossing", "en", {"dansavanh_lao_bao"}),
    ("the rehabilitation of the Second Thai-Lao Friendship Bridge", "en", {"second_friendship_bridge"}),
    ("schools in Kaysone Phomvihane and in Xam Nua", "en", {"kaysone_phomvihane", "xam_neua"}),
    ("cooperation in Sayaboury Province and Xaignabouli", "en", {"sayaboury"}),
    ("the visit to Kumamoto Prefecture, Mie and Saitama City", "en", {"kumamoto", "mie", "saitama_city"}),
    ("the summit of Ise-Shima in 2016 and the port of Yokohama", "en", {"shima", "yokohama"}),
    ("the situation in the South China Sea", "en", {"south_china_sea"}),
    ("パクセー及びターケークにおける上水道整備", "ja", {"pakse", "thakhek"}),
    ("バンビエンにおける観光振興", "ja", {"vang_vieng"}),
    ("熊本県、三重県及びさいたま市との交流", "ja", {"kumamoto", "mie", "saitama_city"}),
    ("第2メコン国際橋の改修", "ja", {"second_friendship_bridge"}),
    ("サイニャブリー県及びサヤブリの学校", "ja", {"sayaboury"}),
    ("ヴィエンチャン及びビエンチャンで", "ja", {"vientiane"}),
    ("南シナ海をめぐる情勢", "ja", {"south_china_sea"}),
])
def test_spellings_in_english_and_japanese(g, text, lang, expected):
    assert set(ids(g, text, lang)) == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("ラオス語と日本語の教育を拡充する。", "ja"),  # languages, not places
    ("中国語の通訳とタイプの異なる研修を行う。", "ja"),  # Chinese (the language), タイプ (type) is not タイ
    ("山口外務大臣政務官及び石川議員が出席した。", "ja"),  # surnames, not Yamaguchi or Ishikawa prefecture
    ("Mr. Yamaguchi and Ms. Ishikawa met the saga of the project team.", "en"),  # surnames and an English word
    ("Japan and Thailand affirmed their support.", "en"),  # countries as parties, not places
    ("The Thakhekian committee and Paksea were named.", "en"),  # no match inside a longer word
    ("JICA's Nagoyaka programme", "en"),
    ("バンコクポスト紙によれば、ハノイタワーが完成した。", "ja"),  # a newspaper and a building: katakana words, not Bangkok or Hanoi
])
def test_no_false_hits(g, text, lang):
    assert ids(g, text, lang) == []


def test_without_the_regional_table_the_gazetteer_says_so():
    core = load_gazetteer(CORE_GEODATA, strict=False)
    assert "pakse" not in core.places and "vientiane" in core.places
    assert any("gazetteer_region.csv is missing" in w for w in core.warnings)


# --------------------------------------------------------------------------- districts, features, municipalities


def test_the_148_districts_lie_in_their_province(g):
    districts = [p for p in g.places.values() if p.kind == "district"]
    assert len(districts) == 148 and {p.precision_code for p in districts} == {3, 4}
    xaisomboun_area = g.geometry("vientiane_province").union(g.geometry("xiangkhouang"))  # no polygon of its own (2013)
    for p in districts:
        province = g.places[p.parent_id]
        assert province.kind == "province" and province.country == "LA", p.place_id
        area = xaisomboun_area if p.parent_id == "xaisomboun" else g.geometry(p.parent_id)
        assert area.buffer(3 / 111).contains(Point(p.lon, p.lat)), p.place_id
        if p.precision_code == 4:  # no seat point: drawn as the province, never as an invented point
            assert p.geometry_ref != "point" or p.parent_id == "xaisomboun", p.place_id
            assert (p.lat, p.lon) == (province.lat, province.lon), p.place_id


# Where the features are, as an atlas gives them (rounded, written independently of the CSV)
FEATURES = {
    "nam_ngum_1": (18.53, 102.55), "chinaimo_wtp": (17.93, 102.66), "chao_anouvong_stadium": (17.97, 102.61),
    "luang_prabang_airport": (19.90, 102.16), "pakse_airport": (15.13, 105.78), "plain_of_jars": (19.43, 103.15),
    "sekong_bridge": (15.35, 106.72), "mahosot_hospital": (17.96, 102.61),
}


@pytest.mark.parametrize("pid", sorted(FEATURES))
def test_features_within_5_km_of_their_source_point(g, pid):
    p = g.places[pid]
    assert km(p.lat, p.lon, *FEATURES[pid]) <= 5, (pid, p.lat, p.lon)
    assert g.lao_province_of(pid) == p.parent_id


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("a school in Gnommalath District", "en", "gnommalath_district"),
    ("water for Muang Gnot-Ou", "en", "gnot_ou_district"),
    ("the Nhommalath district hospital", "en", "gnommalath_district"),
    ("near the Nam Ngum 1 dam", "en", "nam_ngum_1"),
    ("the Chinaimo Water Treatment Plant", "en", "chinaimo_wtp"),
    ("coffee of the Bolaven Plateau", "en", "bolaven_plateau"),
    ("静岡県浜松市との協力", "ja", "jp_hamamatsu_1863288"),
    ("浜松市の企業", "ja", "jp_hamamatsu_1863288"),
    ("岐阜県高山市とルアンパバーン市", "ja", "takayama"),
    ("北海道函館市", "ja", "hakodate"),
    ("ビエンチャン県トゥラコム郡ナーカム村", "ja", "thoulakhom_district"),
    ("ナムグム第1ダムの改修", "ja", "nam_ngum_1"),
])
def test_new_places_link_on_word_boundaries(g, text, lang, expected):
    ids = {link.place_id for link in g.resolve(g.match(text, lang))}
    assert expected in ids, ids


@pytest.mark.parametrize(("text", "lang", "wrong"), [
    ("a water supply for Ban Phonxay", "en", "phonxay_district"),  # a village, not the district Phonxay
    ("the Phonxaying river", "en", "phonxay_district"),
    ("Mr. Date and Ms. Toyota", "en", None),
    ("Hamamatsucho station", "en", "jp_hamamatsu_1863288"),
])
def test_no_false_hits_inside_words_or_after_ban(g, text, lang, wrong):
    ids = {link.place_id for link in g.match(text, lang)}
    assert (wrong not in ids) if wrong else ids == set(), ids


def test_pickers_tell_namesakes_apart_and_a_full_name_sorts_first(g):
    from laomap.views.details import place_labels

    ids = {"luang_prabang", "luang_prabang_province", "luang_namtha", "vientiane", "vientiane_capital", "vientiane_province"}
    en = place_labels(g.places, ids, "en")
    assert en["luang_prabang"] == "Luang Prabang" and en["luang_prabang_province"] == "Luang Prabang Province"
    assert len(set(en.values())) == len(ids)
    ja = place_labels(g.places, ids, "ja")
    assert len(set(ja.values())) == len(ids), ja  # ルアンパバーン県 and ルアンパバーン, or with their kind
    # typed in full, "Vientiane" is the first option that contains it (the picker's Enter takes the first match)
    ordered = sorted(ids, key=lambda p: en[p].casefold())
    assert [p for p in ordered if "vientiane" in en[p].casefold()][0] == "vientiane"
    assert [p for p in ordered if "luang prabang" in en[p].casefold()][0] == "luang_prabang"
    assert [p for p in ordered if "luang" in en[p].casefold()][0] == "luang_namtha"  # a part still takes the first


def test_the_sidebar_place_options_put_a_full_name_before_its_namesakes(ds):
    from laomap.ui.state import place_options
    from laomap.views.details import place_labels

    options = place_options(ds, "en")
    labels = place_labels(ds.gazetteer.places, options, "en")
    assert len({labels[p] for p in options}) == len(options)  # no two options read the same
    for typed, wanted in (("Luang Prabang", "luang_prabang"), ("Vientiane", "vientiane")):
        first = next(p for p in options if typed.casefold() in labels[p].casefold())
        assert first == wanted, (typed, first)


def test_the_sidebar_place_options_follow_each_language_s_order_of_places(ds):
    """Lao places in Lao alphabetical order without the ແຂວງ prefix (i18n.collate), as in Japanese by reading: the
    picker asks the language's table, not ``lang == "ja"``."""
    from laomap.ui.state import place_options
    from laomap.views.details import place_labels, place_sort_key

    g = ds.gazetteer.places
    for lang in ("lo", "ja", "en"):
        lao = [p for p in place_options(ds, lang) if g[p].country == "LA"]
        keys = [place_sort_key(g[p], lang) for p in lao]
        assert keys == sorted(keys), lang
    lao = [p for p in place_options(ds, "lo") if g[p].country == "LA"]
    labels = place_labels(g, lao, "lo")
    assert lao != sorted(lao, key=lambda p: labels[p].casefold())  # the order of code points is not Lao order
    assert [labels[p] for p in lao[:2]] == ["ແຂວງຄຳມ່ວນ", "ແຂວງຈຳປາສັກ"]  # ຄ, ຈ: by the name after ແຂວງ
    assert lao.index("vientiane") < lao.index("luang_prabang")  # ວ before ຫ in the Lao alphabet
