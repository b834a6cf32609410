"""The edges of pipeline/gazetteer.py that its mutants showed untested: a place's coordinates at the ends of the globe."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from laomap.pipeline.gazetteer import PlaceRow

ROW = {"place_id": "edge_place", "name_en": "Edge", "name_ja": "", "aliases_en": "Edge", "kind": "city", "country": "LA", "precision_code": 2,
       "lat": 18.0, "lon": 102.6, "geometry_ref": ""}


@pytest.mark.parametrize(("lat", "lon"), [(90, 0), (-90, 0), (0, 180), (0, -180), (90, 180), (-90, -180)])
def test_the_ends_of_the_globe_are_places(lat, lon):
    row = PlaceRow(**(ROW | {"lat": lat, "lon": lon}))
    assert (row.lat, row.lon) == (lat, lon)


@pytest.mark.parametrize(("lat", "lon", "said"), [
    (90.001, 0, "lat 90.001 is outside [-90, 90]"), (-90.001, 0, "lat -90.001 is outside [-90, 90]"),
    (0, 180.001, "lon 180.001 is outside [-180, 180]"), (0, -180.001, "lon -180.001 is outside [-180, 180]"),
    (102.6, 18.0, "lat 102.6 is outside [-90, 90] (are lat and lon swapped?)"),
])
def test_beyond_them_is_refused_saying_which(lat, lon, said):
    with pytest.raises(ValidationError, match=re.escape(said)):
        PlaceRow(**(ROW | {"lat": lat, "lon": lon}))


def test_a_row_without_a_geonames_id_has_none():
    assert PlaceRow(**ROW).geonames_id == 0  # a table written before the column existed
    assert PlaceRow(**(ROW | {"geonames_id": ""})).geonames_id == 0  # an empty cell
    assert PlaceRow(**(ROW | {"geonames_id": "1653316"})).geonames_id == 1653316


def test_a_place_needs_an_alias_in_either_language():
    assert PlaceRow(**(ROW | {"aliases_en": "", "aliases_ja": "エッジ"})).aliases_ja == ("エッジ",)
    assert PlaceRow(**ROW).aliases_en == ("Edge",)
    with pytest.raises(ValidationError, match="a place needs at least one English or Japanese alias"):
        PlaceRow(**(ROW | {"aliases_en": "", "aliases_ja": ""}))


def test_the_provinces_of_a_country_are_its_first_level_divisions_only():
    from laomap.pipeline.gazetteer_files import load_gazetteer

    from .conftest import GEODATA

    g = load_gazetteer(GEODATA)
    lao = g.provinces()
    assert len(lao) == 18 and {(p.kind, p.country) for p in lao} == {("province", "LA")}  # 17 provinces and the capital
    assert {"attapeu", "vientiane_capital"} <= {p.place_id for p in lao} and "vientiane" not in {p.place_id for p in lao}
    japan = g.provinces("JP")
    assert len(japan) == 47 and {(p.kind, p.country) for p in japan} == {("province", "JP")}


def _links(g, text, lang):
    return [(link.place_id, link.role, link.text, link.start, link.end) for link in g.match(text, lang)]


def test_a_place_is_named_by_its_geonames_id_and_an_unknown_id_names_none():
    from laomap.pipeline.gazetteer_files import load_gazetteer

    from .conftest import GEODATA

    g = load_gazetteer(GEODATA)
    hakodate = g.places["hakodate"].geonames_id
    assert hakodate > 0
    assert _links(g, f"Support listed as GeoNames {hakodate} here", "en") == [("hakodate", "site", f"GeoNames {hakodate}", 18, 34)]
    assert _links(g, "GeoNames 999999999", "en") == []


def test_a_japanese_country_name_right_after_a_programme_name_or_after_zai_is_a_location():
    from laomap.pipeline.gazetteer_files import load_gazetteer

    from .conftest import GEODATA

    g = load_gazetteer(GEODATA)
    # the programme's name ends where the country's begins: the country is not inside it
    assert _links(g, "東京戦略２０１８ラオスにおける協力", "ja") == [("tokyo", "mention", "東京戦略２０１８", 0, 8), ("lao_pdr", "site", "ラオス", 8, 11)]
    assert _links(g, "在ラオス日本国大使館", "ja") == [("lao_pdr", "site", "ラオス", 1, 4)]  # 在 before the name, at the text's start
    assert _links(g, "ラオスの首都", "ja") == []  # neither before nor after: a party, not a place


def test_an_english_country_name_is_a_location_after_in_or_into_but_not_as_an_owner():
    from laomap.pipeline.gazetteer_files import load_gazetteer

    from .conftest import GEODATA

    g = load_gazetteer(GEODATA)
    assert _links(g, "in Laos", "en") == [("lao_pdr", "site", "Laos", 3, 7)]  # the word before it opens the text
    assert _links(g, "investment into the Lao PDR", "en") == [("lao_pdr", "site", "Lao PDR", 20, 27)]
    assert _links(g, "investment into the Lao PDR's economy", "en") == []  # "the Lao PDR's": a party
    assert _links(g, "aid to Laos's schools", "en") == []


def test_a_statement_s_places_come_partners_first_then_sites_then_mentions_each_in_text_order():
    from laomap.pipeline.gazetteer_files import load_gazetteer

    from .conftest import GEODATA

    g = load_gazetteer(GEODATA)
    got = g.resolve(g.match("Tokyo 2020 and exchanges between Vientiane and Kyoto", "en"))
    assert [(link.place_id, link.role) for link in got] == [("kyoto", "partner"), ("vientiane", "site"), ("tokyo", "mention")]
    got = g.resolve(g.match("the Tokyo 2020 Games held in Tokyo", "en"))  # named inside a programme and as a place: a place
    assert [(link.place_id, link.role, link.text) for link in got] == [("tokyo", "site", "Tokyo")]


def test_a_place_found_in_the_text_keeps_its_words_over_one_found_in_the_translation():
    from laomap.pipeline.gazetteer import PlaceLink
    from laomap.pipeline.gazetteer_files import load_gazetteer

    from .conftest import GEODATA

    g = load_gazetteer(GEODATA)
    quoted, twin = PlaceLink("vientiane", "site", "Vientiane", 5, 14), PlaceLink("vientiane", "site", "")
    assert g.resolve([twin, quoted]) == g.resolve([quoted, twin]) == [quoted]
    mention = PlaceLink("vientiane", "mention", "Vientiane Plan", 0, 14)
    assert g.resolve([mention, twin]) == [twin]  # a site, even without words, over a mention
