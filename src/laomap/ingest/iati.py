"""An IATI activity file (.xml, IATI 2.0x) -> a text of its activities, one section each.

A development agency publishes what it funds as IATI activity XML: per activity a title and a
description (narratives in several languages), dates, sectors, locations and finance. The
atlas reads such a file as a document beside the plans: each activity becomes a numbered
section whose title is the activity's title and whose body is its description, followed by
one line of its dates, places, sectors and budget written out, so that the pipeline finds the
places, dates and themes as it does in a plan. The text is in one language (the file's own
language when it has them, else the language most narratives are in); when the file also has
narratives in the atlas's other document language, the same text is made in that language too
(``Extracted.twins``): section for section and paragraph for paragraph, so that it is added as
the first text's translation and each activity's English and Japanese become one statement pair.

The file is parsed bounded and offline: no DTD, entity or external reference is accepted
(an XML bomb or an external entity is refused before parsing), lxml never resolves entities
or reaches the network, and the number of elements and activities is capped.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from laomap.errors import DocumentError
from laomap.ingest.base import Extracted, Located, Progress, Reader, extracted

if TYPE_CHECKING:
    from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_PREFIX = "IATI activity XML"  # how the manifest's provenance line starts: the pipeline makes its statements activities
MAX_ELEMENTS = 200_000  # a large agency's country file has a few tens of thousands
MAX_ACTIVITIES = 2_000
_ROOT = re.compile(rb"<(?:[\w.-]+:)?iati-(?:activities|organisations)\b")
_HTML = re.compile(rb"<(?:html|!DOCTYPE\s+html)\b", re.I)
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
# The facts sentence in the language read (the document's text, which the pipeline reads like a plan's): the date
# types worded so the date parser gives them their kind (a start "since" a day, an end "by" a day is a target).
WORDS = {
    "en": {"1": "planned to start on {d}", "2": "under way since {d}", "3": "to be completed by {d}", "4": "completed on {d}",
           "places": "in {p}", "budget": "with a budget of {b}", "sep": ", ", "list": "; ",
           "lead": "The activity is ", "id": " (IATI identifier {id}, reported by {org}).", "head": "{org}: activities in the Lao PDR"},
    "ja": {"1": "{d}開始予定", "2": "{d}から実施中", "3": "{d}までに完了予定", "4": "{d}に完了", "places": "場所は{p}",
           "budget": "予算は{b}", "sep": "、", "list": "、", "lead": "本活動は", "id": "（IATI識別子 {id}、報告：{org}）。",
           "head": "{org}：ラオスにおける活動"},
}


def is_iati(data: bytes) -> bool:
    """XML that is an IATI file (its root in the first 4 KB) or XML that is no web page.

    Any other XML file is taken here too, so that it is refused as "XML but not an IATI activity
    file" rather than read as a web page with no text.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return False
    return bool(_ROOT.search(head)) or (head.startswith(b"<?xml") and not _HTML.search(head))


def _parse(data: bytes, name: str) -> etree._Element:
    if _DECLARATIONS.search(data):
        raise DocumentError.of("err.iati_dtd", name=name)
    from lxml import etree  # here, not at the top: every upload's process imports this reader to sniff, few read IATI

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError.of("err.iati_not_xml", name=name, reason=exc.msg, line=exc.lineno) from None
    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        raise DocumentError.of("err.iati_elements", name=name, count=f"{count:,}", limit=f"{MAX_ELEMENTS:,}")
    return root


def _check(root: etree._Element, name: str) -> list[etree._Element]:
    from lxml import etree

    if etree.QName(root).localname == "iati-organisations":
        raise DocumentError.of("err.iati_organisation", name=name)
    if etree.QName(root).localname != "iati-activities" or etree.QName(root).namespace:
        raise DocumentError.of("err.iati_root", name=name, root=root.tag)
    version = (root.get("version") or "").strip()
    if not re.fullmatch(r"2\.0[1-3]", version):
        raise (DocumentError.of("err.iati_version", name=name, version=version) if version
               else DocumentError.of("err.iati_no_version", name=name))
    activities = root.findall("iati-activity")
    if not activities:
        raise DocumentError.of("err.iati_no_activity", name=name)
    if len(activities) > MAX_ACTIVITIES:
        raise DocumentError.of("err.iati_activities", name=name, count=f"{len(activities):,}", limit=f"{MAX_ACTIVITIES:,}")
    return activities


def _lang(node: etree._Element, default: str) -> str:
    return (node.get(XML_LANG) or default or "en").split("-")[0].lower()


def _language(root: etree._Element) -> str:
    """The language to read: the file's own when its narratives use it, else the one most narratives are in."""
    default = _lang(root, "")
    counts = Counter(_lang(n, _lang(n.getparent().getparent() if n.getparent() is not None else root, default))
                     for n in root.iter("narrative"))
    if default and counts.get(default):
        return default
    return counts.most_common(1)[0][0] if counts else "en"


def _narrative(node: etree._Element | None, lang: str, default: str) -> str:
    """The narrative of ``node`` in ``lang`` (else its first one), white space folded."""
    if node is None:
        return ""
    narratives = [n for n in node.findall("narrative") if (n.text or "").strip()]  # an empty one is none (aligned texts)
    chosen = next((n for n in narratives if _lang(n, default) == lang), narratives[0] if narratives else None)
    return " ".join((chosen.text or "").split()) if chosen is not None else ""


def _languages(root: etree._Element, default: str) -> set[str]:
    """The languages the file's narratives are written in (the activity's or the file's own for an unmarked one)."""
    found = set()
    for n in root.iter("narrative"):
        if (n.text or "").strip():
            owner = next((a for a in n.iterancestors("iati-activity")), None)
            found.add(_lang(n, _lang(owner, default) if owner is not None else default))
    return found


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
          "December")


def _day(iso: str | None, lang: str = "en") -> str:
    try:
        d = date.fromisoformat((iso or "")[:10])
    except ValueError:
        return ""
    return f"{d.year}年{d.month}月{d.day}日" if lang == "ja" else f"{d.day} {MONTHS[d.month - 1]} {d.year}"


GEONAMES_MARK = {"en": "{name} (GeoNames {id})", "ja": "{name}（GeoNames {id}）"}  # read by Gazetteer.match


def _place(location: etree._Element, lang: str, default: str) -> str:
    """A location as the text names it: its name, and its GeoNames id (vocabulary G1) when it has one, so that the
    gazetteer links the place that has that id whatever the name ("GeoNames 1653316" alone without a name)."""
    name = _narrative(location.find("name"), lang, default)
    gid = next((i.get("code", "").strip() for i in location.findall("location-id") if i.get("vocabulary") == "G1"), "")
    if not gid.isdigit():
        return name
    return GEONAMES_MARK.get(lang, GEONAMES_MARK["en"]).format(name=name, id=gid) if name else f"GeoNames {gid}"


def activity_text(activity: etree._Element, lang: str, default: str, number: int) -> str:
    """One activity as a numbered section: its title, its description, then a line of what the XML says about it."""
    title = _narrative(activity.find("title"), lang, default) or (activity.findtext("iati-identifier") or "").strip()
    lines = [f"{number}. {title}", ""]
    for desc in activity.findall("description"):
        text = _narrative(desc, lang, default)
        if text:
            lines += [text, ""]
    w = WORDS.get(lang, WORDS["en"])
    facts = [w[d.get("type", "")].format(d=_day(d.get("iso-date"), lang)) for d in activity.findall("activity-date")
             if d.get("type") in ("1", "2", "3", "4") and _day(d.get("iso-date"), lang)]
    places = [p for p in (_place(loc, lang, default) for loc in activity.findall("location")) if p]
    if places:
        facts.append(w["places"].format(p=w["list"].join(places)))
    for b in activity.findall("budget"):
        value = b.find("value")
        if value is not None and (value.text or "").strip():
            currency = value.get("currency") or activity.get("default-currency") or ""
            amount = value.text.strip()
            if re.fullmatch(r"\d+(\.\d+)?", amount):  # "JPY 1,200,000,000": as a grant release writes it
                amount = f"{float(amount):,.0f}" if float(amount).is_integer() else f"{float(amount):,.2f}"
            facts.append(w["budget"].format(b=f"{currency} {amount}".strip()))
    reporter = activity.find("reporting-org")
    org = (_narrative(reporter, lang, default) or reporter.get("ref", "")) if reporter is not None else ""
    ident = (activity.findtext("iati-identifier") or "").strip()
    facts_sentence = w["lead"] + w["sep"].join(facts) + w["id"].format(id=ident, org=org or "?") if facts else \
        w["id"].format(id=ident, org=org or "?").strip(" （(）).。") + ("。" if lang == "ja" else ".")
    lines += [facts_sentence, ""]
    return "\n".join(lines)


def iati_text(data: bytes, name: str, lang: str | None = None) -> tuple[str, int, str]:
    """(the text, the number of activities, its language) of an IATI activity file; DocumentError if it is not one.

    ``lang``: the language to write it in (default: the file's own, see ``_language``); where a narrative is not
    in that language its first one stands in, so the texts of one file in two languages always align.
    """
    root = _parse(data, name)
    activities = _check(root, name)
    lang = lang or _language(root)
    default = _lang(root, "")
    org = next((_narrative(a.find("reporting-org"), lang, default) for a in activities if a.find("reporting-org") is not None), "")
    when = _day(root.get("generated-datetime"), lang) or next((_day(a.get("last-updated-datetime"), lang) for a in activities), "")
    head = [WORDS.get(lang, WORDS["en"])["head"].format(org=org or "IATI"), ""]
    if when:
        head += [when, ""]
    body = [activity_text(a, lang, default, i) for i, a in enumerate(activities, 1)]
    return "\n".join(head + body), len(activities), lang


def precision(exactness: str, location_class: str) -> int:
    """The precision code of an IATI location: an administrative region 3 (exact) or 4; an exact structure or
    topographical feature 1, an exact populated place 2; an approximate point 2."""
    if location_class == "1":
        return 3 if exactness == "1" else 4
    if exactness == "1":
        return 1 if location_class in ("3", "4") else 2
    return 2


def located(data: bytes, name: str) -> list[Located]:
    """The locations of the file that give a point (``<point><pos>lat lon</pos>``), named in the language read.

    A position out of range or not two numbers is left out (the name still reaches the text and the review).
    """
    root = _parse(data, name)
    activities = _check(root, name)
    lang, default = _language(root), _lang(root, "")
    found: dict[str, Located] = {}
    for activity in activities:
        for loc in activity.findall("location"):
            label = _narrative(loc.find("name"), lang, default)
            parts = (loc.findtext("point/pos") or "").split()
            try:
                lat, lon = float(parts[0]), float(parts[1])
            except (IndexError, ValueError):
                continue
            if not label or not (-90 <= lat <= 90 and -180 <= lon <= 180) or len(parts) != 2:
                continue
            exactness = (loc.find("exactness").get("code", "") if loc.find("exactness") is not None else "")
            klass = (loc.find("location-class").get("code", "") if loc.find("location-class") is not None else "")
            gn = next((i.get("code", "") for i in loc.findall("location-id") if i.get("vocabulary") == "G1"), "")
            found.setdefault(label, Located(label, lat, lon, precision(exactness, klass), int(gn) if gn.isdigit() else 0))
    return list(found.values())


TWIN_LANGUAGES = ("en", "ja")  # the document languages a statement pair is made of (records.LANGUAGES)


def twin_texts(data: bytes, name: str, lang: str) -> dict[str, str]:
    """The file's text in each other document language its narratives are written in: {language: text}."""
    root = _parse(data, name)
    _check(root, name)
    present = _languages(root, _lang(root, ""))
    if lang not in TWIN_LANGUAGES:
        return {}
    return {other: iati_text(data, name, other)[0] for other in TWIN_LANGUAGES if other != lang and other in present}


def _read(data: bytes, name: str, progress: Progress | None) -> Extracted:
    text, n, lang = iati_text(data, name)
    result = extracted(data, text, "iati", f"IATI {n} activities ({lang})", pages=n)
    result.located = located(data, name)
    result.twins = twin_texts(data, name, lang)
    return result


READER = Reader("iati", (".xml",), is_iati, _read, "an IATI activity file (no <iati-activities> in its first 4 KB)",
                describe=lambda x: f"{SOURCE_PREFIX}: {x.pages} activities, their titles, descriptions, dates, "
                                   f"locations and budgets written out as text, stored as UTF-8",
                how_key="ad.how_iati", how_args=lambda x: {"activities": x.pages})
