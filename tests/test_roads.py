"""National roads: a statement naming one links to the road, and every map draws the road as a line (geodata/roads.csv)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from laomap import Filter, apply, userdata
from laomap.maps.static import render_map
from laomap.maps.web import build_map, map_data, map_html
from laomap.style import CORRIDOR, RIVER, ROAD
from laomap.views.layers import map_layers

from .conftest import DOCUMENTS, GEODATA
from .test_webmap import payload

PLACES = Path(__file__).parent / "fixtures" / "places"


@pytest.fixture(scope="module")
def road_ds(tmp_path_factory):
    """The built-in plans and two added releases that name national roads (Route 9, NR16B, NR13; 国道9号線)."""
    user = tmp_path_factory.mktemp("roads-user")
    for name, title, lang in (("bridges-route9.en.txt", "Bridges on National Road No. 9", "en"),
                              ("hydropower-water.ja.txt", "水力発電と上水道", "ja")):
        meta = userdata.document_meta(title, "2026-03-14", lang, doc_id=name.split(".")[0])
        ds = userdata.add_document((PLACES / name).read_text(encoding="utf-8"), meta, user, DOCUMENTS, GEODATA)
    return ds


def _names_linked_to(ds, place_id: str) -> set[str]:
    """The spellings by which statements link to a place (the text each link was read from)."""
    return set(ds.links.loc[ds.links.place_id == place_id, "text"])


def test_statements_naming_a_national_road_link_to_it(road_ds):
    assert {"Route 9", "National Road No. 9", "国道9号線"} <= _names_linked_to(road_ds, "nr9")  # English and Japanese releases
    assert _names_linked_to(road_ds, "nr13") == {"National Road 13"}
    assert _names_linked_to(road_ds, "nr16b") == {"National Road 16B"}
    assert not _names_linked_to(road_ds, "nr8")  # no document here names it
    roles = set(road_ds.links.loc[road_ds.links.place_id.str.startswith("nr"), "role"])
    assert roles == {"site"}


def test_a_road_is_a_line_of_the_map_layers_only_where_the_selection_names_it(road_ds, ds):
    layers = map_layers(road_ds, apply(road_ds, Filter()), "en")
    lines = {line.place_id: line for line in layers.lines}
    assert lines["nr9"].kind == "road" and lines["nr9"].geometry.geom_type == "LineString" and lines["nr9"].count >= 3
    assert lines["nr13"].geometry.geom_type == "MultiLineString"  # both sections, north and south of Vientiane
    assert lines["nr9"].name == "National Road 9"
    assert "nr8" not in lines and "nr16" not in lines  # a road no statement of the selection names is not drawn
    assert {"ewec", "mekong"} <= set(lines)  # the context lines stay
    assert not {s.place_id for s in layers.sites} & set(lines)  # a road is not also a point
    plain = map_layers(ds, apply(ds, Filter()), "en")  # the built-in plans name no national road
    assert {line.kind for line in plain.lines} == {"corridor", "river_basin"}
    ja = map_layers(road_ds, apply(road_ds, Filter(lang="ja")), "ja")
    assert next(line.name for line in ja.lines if line.place_id == "nr9") == "国道9号線"


def test_the_web_map_draws_a_named_road_as_a_solid_brown_line_with_its_legend(road_ds, ds):
    layers = map_layers(road_ds, apply(road_ds, Filter()), "en")
    data = payload(map_html(build_map(layers, road_ds)))
    lines = {f["properties"]["id"]: f for f in data["lines"]}
    assert lines["nr9"]["geometry"]["type"] == "LineString"
    style = lines["nr9"]["properties"]["style"]
    assert style["color"] == ROAD and style["color"] not in (CORRIDOR, RIVER) and style["dashArray"] is None
    assert "National Road 9" in lines["nr9"]["properties"]["tip"]
    assert "lm-key-road" in data["legend"] and "National road (schematic, through its towns)" in data["legend"]
    plain = map_data(map_layers(ds, apply(ds, Filter()), "en"), ds)
    assert "lm-key-road" not in plain["legend"]


def test_the_exported_image_draws_the_road_as_a_line_and_names_it_in_the_legend(road_ds):
    flt = Filter()
    layers = map_layers(road_ds, apply(road_ds, flt), "en")
    fig = render_map(layers, road_ds, preset="16:9", flt=flt, today=date(2026, 12, 6))
    (drawn,) = [a for a in fig.findobj() if isinstance(a, Line2D) and a.get_gid() == "line:nr9"]
    xs = [x for x in drawn.get_xdata() if x == x]  # line_xy ends each part with a NaN
    assert to_hex(drawn.get_color()) == ROAD and len(xs) == 5  # Savannakhet, Xeno, Muang Phin, Sepon, Dansavanh
    (symbols,) = [lg for lg in fig.legends if isinstance(lg, Legend) and lg.get_gid() == "legend-symbols"]
    labels = {t.get_text(): h for t, h in zip(symbols.get_texts(), symbols.legend_handles)}
    nr9 = next(label for label in labels if label.startswith("National Road 9 ("))
    assert to_hex(labels[nr9].get_color()) == ROAD


def test_a_road_a_user_placed_by_a_point_is_drawn_at_that_point_not_as_a_line(road_ds):
    place = userdata.place_row("route_12", "Route 12", "", "road", "LA", 17.45, 105.0, gazetteer=road_ds.gazetteer)
    assert place.kind == "road" and place.precision_code == 5 and place.geometry_ref == "point"
    from laomap.views.layers import is_line

    assert not is_line(place) and is_line(road_ds.gazetteer.places["nr9"])


def test_a_road_goes_to_iati_as_an_extrapolated_structure_of_feature_rd(road_ds):
    """Precision 5 (along a line) -> exactness 3 (extrapolated); kind road -> location class 3 (structure), RD."""
    from lxml import etree

    from laomap.export import iati

    activity = etree.Element("iati-activity")
    iati._location(activity, road_ds.gazetteer.places["nr9"], "site")
    loc = activity.find("location")
    assert loc.get("ref") == "nr9" and loc.find("exactness").get("code") == "3"
    assert loc.find("location-class").get("code") == "3" and loc.find("feature-designation").get("code") == "RD"
    assert loc.find("administrative") is None  # a road stands for no administrative unit


@pytest.fixture(scope="module")
def g():
    from laomap.pipeline.gazetteer_files import load_gazetteer

    return load_gazetteer(GEODATA)


@pytest.mark.parametrize(("text", "lang", "kept"), [
    ("京都市内の国道9号の渋滞対策について意見交換した。", "ja", False),  # Japan's Route 9 runs through Kyoto
    ("Kyoto city shared its experience of managing traffic on Route 9.", "en", False),
    ("サワンナケート県の国道9号線の改修", "ja", True),
    ("Engineers trained in Japan will maintain the bridges on Route 9 in Savannakhet.", "en", True),
    ("Engineers trained in Japan will maintain the bridges on Route 9.", "en", True),  # a country is no other road's place
    ("Improvement of National Road No. 9", "en", True),  # nothing else named: the atlas's own region
])
def test_a_road_number_in_a_sentence_about_a_japanese_city_is_not_the_lao_road(g, text, lang, kept):
    linked = {link.place_id for link in g.resolve(g.match(text, lang))}
    assert ("nr9" in linked) is kept, linked
