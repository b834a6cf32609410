"""The selection as IATI 2.03 activity XML: one ``iati-activity`` per statement.

Why one activity per statement (not per language record): a statement is one clause of one
plan; its English and Japanese texts are the same commitment, so they become the two
narratives (``xml:lang``) of one activity rather than two activities that would double every
count in an aid portal. Which kinds of statement are exported is the selection's choice
(``--kind commitment`` gives commitments only), as for CSV and GeoJSON.

These are political commitments, not finance: no transaction is written, and nothing is
invented to fill one. A ``budget`` is written only where the statement itself states an amount
(the record's ``amounts``, read by ``pipeline.amounts``) and a date to bound it; an amount with
no date of its own stays in the atlas's namespace. Every element is derived from what the atlas holds, by the
tables below (the README's "Standards" section prints them); what IATI has no element for
(the statement id, the precision code, the plan history's links) goes into the atlas's own
namespace, which the schema allows after IATI's own elements.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd
from lxml import etree

from laomap.errors import ExportError
from laomap.i18n import LANGUAGES, citation, t, theme_label

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset
    from laomap.pipeline.gazetteer import Place

IATI_VERSION = "2.03"
ATLAS_NS = "urn:x-laomap:iati:1"  # the atlas's own elements (IATI allows any other namespace after its own)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
THEME_VOCABULARY_URI = "urn:x-laomap:vocabulary:themes"  # docs/VOCABULARY.md, made by `laomap vocabulary`
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

# The publisher: the atlas reproduces two governments' statements, so it reports as a secondary reporter.
# An organisation that publishes this file to the IATI Registry replaces the ref with its own identifier.
REPORTING_ORG_REF = "XX-LAOMAP"
JAPAN_REF = "XM-DAC-701"  # Japan's DAC donor code, as IATI publishers use it for the Government of Japan
JICA_REF = "XM-DAC-701-8"

# Atlas theme -> OECD DAC 5-digit purpose code, only where the theme maps cleanly onto one purpose.
# The other themes (politics, defence, regional order, infrastructure, economy, trade and investment,
# tourism and culture, people-to-people exchange) are in the atlas vocabulary only (sector vocabulary 99).
DAC_PURPOSE = {
    "energy": "23110",  # Energy policy and administrative management
    "education": "11110",  # Education policy and administrative management
    "health": "12110",  # Health policy and administrative management
    "agriculture": "31110",  # Agricultural policy and administrative management
    "environment": "41010",  # Environmental policy and administrative management
    "uxo": "15250",  # Removal of land mines and explosive remnants of war
    "digital": "22040",  # Information and communication technology (ICT)
    "connectivity": "21010",  # Transport policy, planning and administration
    "human_resources": "11430",  # Advanced technical and managerial training
    "governance": "15110",  # Public sector policy and administrative management
}

# The statement's kind -> IATI ActivityStatus. The atlas knows what a plan says, not how far the work got:
# an intention or undertaking stated in a plan (and a statement of no decided kind) is at identification (1);
# a programme it names, funding it reports, work it acknowledges, reports or describes as the situation, and an activity
# read from an IATI file (whose own status the atlas does not keep yet) are under way (2).
ACTIVITY_STATUS = {"commitment": "1", "goal": "1", "agreement": "1", "statement": "1", "programme": "2", "funding": "2",
                   "acknowledgement": "2", "remark": "2", "background": "2", "activity": "2"}

# Geographic precision code (IATI/UCDP scale, the gazetteer's) -> IATI exactness (1 exact, 2 approximate,
# 3 extrapolated) and the administrative level the point stands for (None: it stands for no administrative unit).
EXACTNESS = {1: "1", 2: "2", 3: "2", 4: "2", 5: "3", 6: "2", 8: "1"}
ADMIN_LEVEL = {3: 2, 4: 1, 6: 0, 8: 0}

# The gazetteer's kind of place -> IATI GeographicLocationClass and the GeoNames feature code (LocationType).
LOCATION_CLASS = {"province": "1", "district": "1", "country": "1", "region": "1", "city": "2", "capital": "2", "airport": "3",
                  "bridge": "3", "border_crossing": "3", "corridor": "3", "road": "3", "dam": "3", "facility": "3",
                  "river_basin": "4", "landmark": "4"}
# (a facility - a hospital, a water plant, a stadium - and a landmark - a plateau, a site of jars - have no one GeoNames code)
FEATURE = {"province": "ADM1", "district": "ADM2", "country": "PCLI", "region": "RGN", "city": "PPL", "capital": "PPLC",
           "airport": "AIRP", "bridge": "BDG", "border_crossing": "PSTB", "corridor": "RD", "road": "RD", "dam": "DAM",
           "river_basin": "STM"}

# The kind of a dated mention -> IATI ActivityDateType: a period plans a start and an end, a target plans an end,
# "since" states an actual start; an event is an actual start when it ended before the plan's date, else a planned start
# (a year-precision event in the plan's own year, "the 2021 NPT Review Conference" in a 2021 plan, is still ahead of it).
PLANNED_START, ACTUAL_START, PLANNED_END = "1", "2", "3"
ROLE_KEYS = {"site": "iati.role_site", "partner": "iati.role_partner"}  # what a location is to the statement
DOCUMENT_CATEGORY = "A09"  # Memorandum of understanding: the plans are agreed by both governments


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: Any) -> etree._Element:
    node = etree.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def _narratives(parent: etree._Element, texts: dict[str, str]) -> None:
    """One ``narrative`` per language that has a text (IATI: each with its xml:lang)."""
    for lang, text in texts.items():
        if text:
            _el(parent, "narrative", text).set(XML_LANG, lang)


def _labels(key: str, **values: Any) -> dict[str, str]:
    return {lang: t(key, lang, **values) for lang in LANGUAGES}


def _bounds(iso: str) -> tuple[date, date] | None:
    """The first and last day of an ISO date, month, year or 'A/B' interval (None if it is none of these)."""
    if "/" in iso:
        a, b = iso.split("/", 1)
        first, last = _bounds(a), _bounds(b)
        return (first[0], last[1]) if first and last else None
    try:
        if re.fullmatch(r"\d{4}", iso):
            return date(int(iso), 1, 1), date(int(iso), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", iso):
            y, m = map(int, iso.split("-"))
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            d = date.fromisoformat(iso)
            return d, d
    except ValueError:
        return None
    return None


def _document_day(ds: Dataset, document_id: str) -> date:
    """The plan's date as a day: its first day when only a month or a year is known."""
    meta = ds.documents[document_id]
    b = _bounds(meta.date)
    return b[0] if b else date(meta.year, 1, 1)


def activity_dates(ds: Dataset, records: pd.DataFrame, dates: pd.DataFrame) -> list[tuple[str, date, dict[str, str]]]:
    """(IATI date type, day, narratives) for a statement: at most one of each type (the earliest start, the latest end)."""
    doc_day = _document_day(ds, records.iloc[0]["document_id"])
    found: dict[str, tuple[date, dict[str, str]]] = {}

    def keep(kind: str, day: date, text: str, lang: str, later: bool) -> None:
        old = found.get(kind)
        if old is None or (day > old[0] if later else day < old[0]):
            found[kind] = (day, {lang: text})
        elif day == old[0] and lang not in old[1]:
            old[1][lang] = text

    languages = dict(zip(records.commitment_id, records.language))
    for d in dates.itertuples(index=False):
        b = _bounds(str(d.iso))
        if b is None:
            continue
        lang = str(languages.get(d.commitment_id, "en"))
        text = "" if pd.isna(d.text) else str(d.text)
        if d.kind == "period":
            keep(PLANNED_START, b[0], text, lang, later=False)
            keep(PLANNED_END, b[1], text, lang, later=True)
        elif d.kind == "target":
            keep(PLANNED_END, b[1], text, lang, later=True)
        elif d.kind == "since":
            keep(ACTUAL_START, b[0], text, lang, later=False)
        elif d.kind == "event":
            keep(ACTUAL_START if b[1] < doc_day else PLANNED_START, b[0], text, lang, later=False)
    if not found:  # the statement states no date of its own: the plan's date, said as such
        found[PLANNED_START] = (doc_day, _labels("iati.date_of_plan"))
    return [(kind, day, texts) for kind, (day, texts) in sorted(found.items())]


def geonames_id(place: Place) -> str | None:
    """The GeoNames id of the feature the place is (the gazetteer's ``geonames_id``), if it has one."""
    return str(place.geonames_id) if place.geonames_id else None


def _identifier(statement_id: str) -> str:
    return f"{REPORTING_ORG_REF}-{re.sub(r'[^A-Za-z0-9._:()-]', '-', statement_id)}"


def _statement_texts(records: pd.DataFrame) -> dict[str, str]:
    return {str(r.language): str(r.text) for r in records.itertuples(index=False)}


def _title(text: str, limit: int = 120) -> str:
    """A title from the verbatim clause: its first ``limit`` characters, cut at a word where there is one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(",;: ") + "…"


def _sectors(activity: etree._Element, themes: Iterable[str]) -> None:
    """The themes as sectors: DAC purpose codes where they map cleanly, and every theme in the atlas vocabulary (99)."""
    themes = list(dict.fromkeys(themes))
    dac = [DAC_PURPOSE[th] for th in themes if th in DAC_PURPOSE]
    for codes, vocabulary in ((list(dict.fromkeys(dac)), "1"), (themes, "99")):
        for code, share in zip(codes, _shares(len(codes))):
            node = _el(activity, "sector", code=code, vocabulary=vocabulary, percentage=share)
            if vocabulary == "99":
                node.set("vocabulary-uri", THEME_VOCABULARY_URI)
                _narratives(node, {lang: theme_label(code, lang) for lang in LANGUAGES})


def _shares(n: int) -> list[str]:
    """Percentages that add up to exactly 100 (IATI: within one vocabulary), split evenly."""
    if n == 0:
        return []
    base = [100 // n] * n
    for i in range(100 - sum(base)):
        base[i] += 1
    return [str(x) for x in base]


def _amounts(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(value, ISO 4217 code) of each amount the statement states ('1700000000 JPY')."""
    out = []
    for a in record.get("amounts") or ():
        value, _, code = str(a).partition(" ")
        if value and code:
            out.append((value, code))
    return out


def _budgets(activity: etree._Element, record: dict[str, Any], dates: pd.DataFrame) -> None:
    """A budget for each stated amount, over the statement's own dates (the first start to the last end); none without them."""
    spans = [b for b in (_bounds(str(iso)) for iso in dates.iso) if b]
    if not spans:
        return
    start, end = min(b[0] for b in spans), max(b[1] for b in spans)
    status = "2" if record["kind"] in ("funding", "agreement") else "1"  # a grant signed is committed, a plan's figure indicative
    for value, code in _amounts(record):
        budget = _el(activity, "budget", type="1", status=status)
        _el(budget, "period-start", iso_date=start.isoformat())
        _el(budget, "period-end", iso_date=end.isoformat())
        _el(budget, "value", value, currency=code, value_date=start.isoformat())


def _location(activity: etree._Element, place: Place, role: str) -> None:
    loc = _el(activity, "location", ref=place.place_id)
    if role == "site":
        _el(loc, "location-reach", code="1")  # the activity happens here
    gid = geonames_id(place)
    if gid:
        _el(loc, "location-id", code=gid, vocabulary="G1")
    _narratives(_el(loc, "name"), {"en": place.name_en, "ja": place.name_ja})
    if role in ROLE_KEYS:
        _narratives(_el(loc, "description"), _labels(ROLE_KEYS[role]))
    level = ADMIN_LEVEL.get(place.precision_code)
    if level == 0 and place.country:
        _el(loc, "administrative", vocabulary="A4", level=0, code=place.country)
    if not (pd.isna(place.lat) or pd.isna(place.lon)):
        point = _el(loc, "point", srsName=WGS84)
        _el(point, "pos", f"{place.lat:.5f} {place.lon:.5f}")
    _el(loc, "exactness", code=EXACTNESS.get(place.precision_code, "2"))
    if place.kind in LOCATION_CLASS:
        _el(loc, "location-class", code=LOCATION_CLASS[place.kind])
    if place.kind in FEATURE:
        feature = "PPLA" if place.kind == "city" and place.precision_code == 3 and _is_seat(place) else FEATURE[place.kind]
        _el(loc, "feature-designation", code=feature)
    atlas = _el(loc, f"{{{ATLAS_NS}}}place", role=role, precision_code=place.precision_code)
    if level is not None:
        atlas.set("administrative-level", str(level))
    if place.iso3166_2:
        atlas.set("iso3166-2", place.iso3166_2)


def _is_seat(place: Place) -> bool:
    """A provincial capital (the gazetteer's notes say 'Capital of ... Province')."""
    return (place.notes or "").startswith("Capital of ")


def _participants(activity: etree._Element, actors: set[str]) -> None:
    japan = _el(activity, "participating-org", ref=JAPAN_REF, type="10", role="2")
    _narratives(japan, _labels("iati.org_japan"))
    lao = _el(activity, "participating-org", type="10", role="2")
    _narratives(lao, _labels("iati.org_lao"))
    if "jica" in actors:
        _narratives(_el(activity, "participating-org", ref=JICA_REF, type="10", role="4"),
                    {lang: theme_label("jica", lang) for lang in LANGUAGES})


def _document_link(activity: etree._Element, ds: Dataset, record: dict[str, Any]) -> None:
    meta = ds.documents[record["document_id"]]
    url = f"documents/{quote(meta.file)}#{quote(record['section'] + '.' + str(int(record['paragraph'])), safe='().')}"
    link = _el(activity, "document-link", url=url, format="text/plain")
    _narratives(_el(link, "title"), {"en": meta.title_en, "ja": meta.title_ja})
    _narratives(_el(link, "description"), {lang: citation(ds, record, lang) for lang in LANGUAGES})
    _el(link, "category", code=DOCUMENT_CATEGORY)
    _el(link, "language", code=meta.language)
    b = _bounds(meta.date)
    if b and b[0] == b[1]:
        _el(link, "document-date", iso_date=b[0].isoformat())


def _activity(root: etree._Element, ds: Dataset, records: pd.DataFrame, dates: pd.DataFrame, now: str) -> None:
    first = records.iloc[0].to_dict()
    texts = _statement_texts(records)
    activity = _el(root, "iati-activity", last_updated_datetime=now, hierarchy=1)
    activity.set(XML_LANG, str(first["language"]))
    _el(activity, "iati-identifier", _identifier(first["statement_id"]))
    org = _el(activity, "reporting-org", ref=REPORTING_ORG_REF, type="90", secondary_reporter="1")
    _narratives(org, _labels("iati.reporting_org"))
    _narratives(_el(activity, "title"), {lang: _title(text) for lang, text in texts.items()})
    _narratives(_el(activity, "description", type="1"), texts)
    actors = {a for r in records.itertuples(index=False) for a in r.actors}
    _participants(activity, actors)
    _el(activity, "activity-status", code=ACTIVITY_STATUS.get(first["kind"], "2"))
    for kind, day, narratives in activity_dates(ds, records, dates):
        _narratives(_el(activity, "activity-date", type=kind, iso_date=day.isoformat()), narratives)
    _el(activity, "activity-scope", code="4")  # national: the plans are between two governments
    _el(activity, "recipient-country", code="LA", percentage="100")
    seen: set[str] = set()
    for r in records.itertuples(index=False):
        for pid, role in zip(r.place_ids, r.place_roles):
            if role == "mention" or pid in seen or pid not in ds.gazetteer.places:
                continue  # a place only named inside a programme's name is not where the activity is
            seen.add(pid)
            _location(activity, ds.gazetteer.places[pid], role)
    _sectors(activity, [th for r in records.itertuples(index=False) for th in r.themes])
    _budgets(activity, first, dates)
    _document_link(activity, ds, first)
    _atlas_statement(activity, first, records, dates)


def _atlas_statement(activity: etree._Element, first: dict[str, Any], records: pd.DataFrame, dates: pd.DataFrame) -> None:
    """What IATI has no element for: the statement's id, kind and citation, its dates as read, the plan history."""
    st = _el(activity, f"{{{ATLAS_NS}}}statement", id=first["statement_id"], kind=first["kind"],
             document=first["document_id"], section=first["section"], paragraph=int(first["paragraph"]))
    for r in records.itertuples(index=False):
        _el(st, f"{{{ATLAS_NS}}}record", id=r.commitment_id, language=r.language)
    for d in dates.drop_duplicates(["iso", "kind"]).itertuples(index=False):
        _el(st, f"{{{ATLAS_NS}}}date", iso=d.iso, precision=d.precision, kind=d.kind)
    for value, code in _amounts(first):
        _el(st, f"{{{ATLAS_NS}}}amount", value=value, currency=code)
    for tag in ("carried_from", "carried_to"):
        for ref in first.get(tag) or ():
            _el(st, f"{{{ATLAS_NS}}}{tag.replace('_', '-')}", ref=ref)


def commitments_iati(ds: Dataset, rows: pd.DataFrame, now: datetime | None = None) -> bytes:
    """The statements of ``rows`` (any language records) as an IATI 2.03 ``iati-activities`` document, UTF-8."""
    if rows.empty:
        raise ExportError.of("err.export_empty")
    stamp = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": stamp}, nsmap={"laomap": ATLAS_NS})
    records = ds.commitments[ds.commitments.statement_id.isin(set(rows.statement_id))]
    dates = ds.dates[ds.dates.commitment_id.isin(set(records.commitment_id))]
    by_statement = dict(tuple(records.groupby("statement_id", sort=False)))
    dates_by_record = dict(tuple(dates.groupby("commitment_id", sort=False)))
    empty = dates.iloc[0:0]
    for sid in dict.fromkeys(rows.statement_id):
        recs = by_statement[sid]
        recs = recs.sort_values("commitment_id", key=lambda c: c != sid, kind="stable")  # the original text first
        own = [dates_by_record[c] for c in recs.commitment_id if c in dates_by_record]
        _activity(root, ds, recs, pd.concat(own) if own else empty, stamp)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out
