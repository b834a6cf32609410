"""An agency's (IATI) activity is drawn apart: its own diamond and legend entry, only when the view holds activities."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.legend import Legend

from laomap.cli import main
from laomap.maps.static import render_map
from laomap.maps.web import map_data
from laomap.pipeline.dataset import build
from laomap.style import ACTIVITY
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers

from .conftest import DOCUMENTS, GEODATA

AGENCY = Path(__file__).parent / "fixtures" / "iati" / "agency-laos.xml"
LABEL = "Activity of an agency (IATI)"


@pytest.fixture(scope="module")
def with_iati(tmp_path_factory):
    user = tmp_path_factory.mktemp("iati-user")
    code = main(["add-document", str(AGENCY), "--lang", "en", "--id", "agency-laos", "--documents-dir", str(DOCUMENTS),
                 "--geodata-dir", str(GEODATA), "--data-dir", str(user)])
    assert code == 0
    ds = build(DOCUMENTS, GEODATA, user)
    return ds, map_layers(ds, apply(ds, Filter()), "en")


def _symbols(fig) -> list[str]:
    (legend,) = [lg for lg in fig.legends if isinstance(lg, Legend) and lg.get_gid() == "legend-symbols"]
    return [t.get_text() for t in legend.get_texts()]


def test_the_activities_places_are_their_own_layer_and_not_plan_sites(with_iati):
    ds, layers = with_iati
    activity_ids = set(ds.commitments.statement_id[ds.commitments.kind == "activity"]) if "statement_id" in ds.commitments \
        else set(ds.commitments.commitment_id[ds.commitments.kind == "activity"])
    # Savannakhet: the province the description names and the city the location's GeoNames id (1653316) is
    assert {a.place_id for a in layers.activities} == {"savannakhet", "kaysone_phomvihane", "luang_prabang", "xiangkhouang"}
    assert {i for a in layers.activities for i in a.statement_ids} == activity_ids
    assert not activity_ids & {i for s in layers.sites for i in s.statement_ids}  # not counted as a plan's site
    plans_only = map_layers(ds, apply(ds, Filter(kinds=("commitment",))), "en")
    assert plans_only.activities == []


def test_the_built_in_plans_have_no_activity_layer(ds):
    layers = map_layers(ds, apply(ds, Filter()), "en")
    assert layers.activities == []
    data = map_data(layers, ds)
    assert "activities" not in data and LABEL not in data["legend"]
    assert LABEL not in _symbols(render_map(layers, ds))


def test_the_dashboard_map_draws_a_diamond_per_activity_place_with_its_legend_entry(with_iati):
    ds, layers = with_iati
    data = map_data(layers, ds)
    got = {a["id"]: a for a in data["activities"]}
    assert set(got) == {"savannakhet", "kaysone_phomvihane", "luang_prabang", "xiangkhouang"}
    assert {a["color"] for a in got.values()} == {ACTIVITY}
    assert "Savannakhet" in got["savannakhet"]["popup"]
    assert LABEL in data["legend"] and "lm-key-activity" in data["legend"]  # its colour: var(--lm-activity), set from style


def test_the_exported_image_draws_the_diamonds_and_names_them_in_the_legend(with_iati):
    ds, layers = with_iati
    fig = render_map(layers, ds)
    marks = [a for a in fig.findobj() if (a.get_gid() or "").startswith("activity:")]
    assert {a.get_gid() for a in marks} == {"activity:savannakhet", "activity:kaysone_phomvihane", "activity:luang_prabang",
                                            "activity:xiangkhouang"}
    assert LABEL in _symbols(fig)


def test_the_kind_filter_offers_activities_only_when_the_data_has_some(ds, with_iati):
    from laomap.pipeline.extract import RECORD_KINDS
    from laomap.views.filters import kind_options

    assert "activity" not in kind_options(ds)  # the built-in plans: no IATI file added
    assert kind_options(ds) == [k for k in RECORD_KINDS if k != "activity"]
    assert kind_options(with_iati[0]) == list(RECORD_KINDS)


def test_the_sidebar_kind_filter_has_no_activity_choice_without_activities(tmp_path, monkeypatch):
    from .apptest import open_app

    monkeypatch.setenv("LAOMAP_DATA_DIR", str(tmp_path / "empty-user"))
    at = open_app("app_pages/overview.py", kind="activity")  # an old link asking for activities
    (kinds,) = [m for m in at.sidebar.multiselect if m.label == "Kind"]
    assert kinds.options == ["Commitment", "Acknowledgement", "Goal", "Programme", "Remark", "Agreement signed",
                             "Grant or loan", "Background", "Other statement"]  # no "Activity (IATI)"
    assert kinds.value == []
