"""Place-like names of added documents: names with a number or a kind word are offered, fragments are not."""

from __future__ import annotations

import pytest

from laomap.pipeline.candidates import find_candidates
from laomap.pipeline.gazetteer_files import load_gazetteer

from .conftest import GEODATA


@pytest.fixture(scope="module")
def g():
    return load_gazetteer(GEODATA)


def offered(text: str, lang: str, g) -> dict[str, str]:
    return {c.name: c.kind for c in find_candidates([text], lang, g)}


@pytest.mark.parametrize(("text", "lang", "name", "kind"), [
    ("The project rebuilds bridges on National Road No. 12 in Khammouane.", "en", "National Road No. 12", "road"),
    ("Works on Route 12 and National Road 1C start in April.", "en", "National Road 1C", "road"),
    ("Japan will upgrade the Nam Ngum 2 power station.", "en", "Nam Ngum 2", "dam"),
    ("the Xe Kum Kam Bridge will be rebuilt", "en", "Xe Kum Kam Bridge", "bridge"),
    ("repairs to the Xe Kum Kam and Xe Tha Mouak Bridges", "en", "Xe Tha Mouak Bridge", "bridge"),
    ("a school for Ban Nongbua, Khammouane", "en", "Ban Nongbua", "city"),
    ("カムアン県の国道12号線の改修", "ja", "国道12号線", "road"),
    ("国道十二号線の維持管理", "ja", "国道十二号線", "road"),
    ("国道12B号線の橋", "ja", "国道12B号線", "road"),
    ("セクムカーム橋の架け替え", "ja", "セクムカーム橋", "bridge"),
    ("ナムニアップ第2ダムの建設", "ja", "ナムニアップ第2ダム", "dam"),
    ("ナーカム村の有機農業", "ja", "ナーカム", "city"),
])
def test_names_with_a_number_or_a_kind_word_are_offered(g, text, lang, name, kind):
    names = offered(text, lang, g)
    assert names.get(name) == kind, names


@pytest.mark.parametrize(("text", "lang"), [
    ("Exchanges between the Two Countries", "en"),
    ("Japan and the Lao PDR Review Cooperation in Energy, Water and Health", "en"),
    ("Japan Supports Schools in Four Provinces", "en"),
    ("since the Great East Japan Earthquake in 2011", "en"),
    ("support to Sekong and Xekong", "en"),
    ("日本国政府は支援します。", "ja"),
    ("世界遺産地であるルアンパバーン", "ja"),
    ("地方レベルでの交流", "ja"),
    ("ビエンチャン県・トゥラコム郡から", "ja"),
    ("国道9号線橋梁改修計画", "ja"),
    ("第2メコン国際橋の改修", "ja"),
])
def test_fragments_headings_events_and_offices_are_not_offered(g, text, lang):
    assert offered(text, lang, g) == {}


def test_a_road_kind_word_before_its_number_is_not_offered_alone(g):
    assert offered("Trucks travel to Sekong via Route 12B and the Xe Kaman Bridge.", "en", g) == {
        "Route 12B": "road", "Xe Kaman Bridge": "bridge"}


def test_known_features_are_linked_not_offered(g):
    text = "the Sekong Bridge on National Road 16B and the Chinaimo Water Treatment Plant"
    assert "Sekong Bridge" not in offered(text, "en", g) and "Chinaimo Water Treatment Plant" not in offered(text, "en", g)
    assert {"sekong_bridge", "chinaimo_wtp"} <= {link.place_id for link in g.match(text, "en")}


@pytest.mark.parametrize(("text", "lang", "name", "road"), [
    ("The project rebuilds bridges on National Road No. 9 in Savannakhet.", "en", "National Road No. 9", "nr9"),
    ("Works on Route 9 and National Road 16B start in April.", "en", "Route 9", "nr9"),
    ("Works on Route 9 and National Road 16B start in April.", "en", "National Road 16B", "nr16b"),
    ("Japan will support NR13 between Vientiane and Pakse.", "en", "NR13", "nr13"),
    ("the National Road 13 South Improvement Project", "en", "National Road 13 South", "nr13_south"),
    ("サワンナケート県の国道9号線の改修", "ja", "国道9号線", "nr9"),
    ("国道十三号線の維持管理", "ja", "国道十三号線", "nr13"),
    ("国道１３号線南部区間の改良", "ja", "国道１３号線南部区間", "nr13_south"),
])
def test_national_roads_are_linked_as_roads_not_offered(g, text, lang, name, road):
    links = {link.text: link.place_id for link in g.match(text, lang)}
    assert links.get(name) == road, links
    assert g.places[road].kind == "road" and name not in offered(text, lang, g)
