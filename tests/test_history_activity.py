"""The plan history in the words of an IATI activity: an activity carries a plan's statement *out*, where a plan's
statement carries an earlier one *on* (``views.history.LINK_WORDING``, chosen by the later statement's kind)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from laomap.charts.history import flow_sentence
from laomap.cli import main
from laomap.i18n import t
from laomap.pipeline.dataset import build
from laomap.views.filters import Filter
from laomap.views.history import history, link_wording, ordered_plans, statement_wording, worded

from .apptest import open_app
from .conftest import DOCUMENTS, GEODATA
from .test_history_page import bodies

AGENCY = Path(__file__).parent / "fixtures" / "iati" / "agency-laos.xml"
PLAN_PAIR = ("joint-plan-2016", "action-plan-en")


def _with_activity_link(user: Path) -> tuple[str, str, str]:
    """The agency's IATI file added, and one of its activities linked by hand to a statement of the plan before it:
    (earlier plan, the activity's id, the plan statement's id)."""
    where = ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)]
    assert main(["add-document", str(AGENCY), "--lang", "en", "--id", "agency-laos", *where]) == 0
    ds = build(DOCUMENTS, GEODATA, user)
    order = ordered_plans(ds)
    assert "agency-laos" in order[1:]  # a document with a plan before it on the history's axis
    before = order[order.index("agency-laos") - 1]
    rows = ds.commitments
    activity = sorted(rows.statement_id[rows.document_id == "agency-laos"])[0]
    earlier = sorted(rows.statement_id[rows.document_id == before])[0]
    assert main(["link", "add", activity, earlier, *where]) == 0
    return before, activity, earlier


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    user = tmp_path_factory.mktemp("iati-history")
    before, activity, earlier = _with_activity_link(user)
    return build(DOCUMENTS, GEODATA, user), before, activity, earlier


@pytest.mark.parametrize("lang, out, on", [("en", "carry out", "carry on"), ("ja", "実施", "引き継")])
def test_a_flow_into_an_activity_file_is_told_as_carried_out_and_a_plan_s_as_carried_on(linked, lang, out, on):
    ds, before, activity, _ = linked
    hist = history(ds, Filter(lang=lang))
    labels = dict(zip(hist.plans.plan_id, hist.plans.label))
    into_activities = hist.flow("carried", before, "agency-laos")
    assert into_activities.wording == "activity" and activity in into_activities.ids
    said = flow_sentence(into_activities, labels, lang)
    assert out in said and on not in said
    between_plans = hist.flow("carried", *PLAN_PAIR)
    assert between_plans.wording == ""
    said = flow_sentence(between_plans, labels, lang)
    assert on in said and out not in said


def test_the_wording_follows_the_later_statement_s_kind(linked):
    ds, before, activity, earlier = linked
    assert link_wording(ds, "agency-laos") == "activity" and link_wording(ds, before) == ""
    assert statement_wording(ds, activity) == "activity" and statement_wording(ds, earlier) == ""
    assert t(worded("hi.added", "activity"), "en", later="L", earlier="E") == "Link added: E is carried out by L."
    assert t(worded("hi.added", ""), "en", later="L", earlier="E") == "Link added: L carries on E."
    assert "ປະຕິບັດໂດຍ" in t(worded("hi.added", "activity"), "lo", later="L", earlier="E")


@pytest.mark.parametrize("lang, out, title, on", [
    ("en", "Plan statements it carries out (1)", "carried out by", "Earlier versions"),
    ("ja", "この活動により実施される計画の文（1件）", "により実施された", "以前の版"),
])
def test_the_page_lists_an_activity_beside_the_plan_statements_it_carries_out(lang, out, title, on):
    before, activity, earlier = _with_activity_link(Path(os.environ["LAOMAP_DATA_DIR"]))
    at = open_app("app_pages/history.py", flow="carried", earlier=before, later="agency-laos", lang=lang)
    shown = " ".join(m.value for m in at.main.markdown)
    assert out in shown and title in shown and on not in shown
    assert activity in bodies(at) and earlier in bodies(at)
