"""Place-like names in a new document that the gazetteer does not know yet.

When a user adds a plan, the places it names must be in the gazetteer to reach the map.
These rules find the names worth reviewing, so that the user can add each one as a place
or ignore it:

- English: capitalised names after "in", "to", "from", "at", "between", "near", "via"
  ("in Pakse", "from Thakhek to Pakse"), before "Province", "city", "District",
  "Prefecture", "Airport", "Plateau"... ("Aichi Prefecture"), and lists of them
  ("Champasak Province and Khammouane Province");
- Japanese: katakana or kanji names before 県, 市, 州, 郡, 町, 村, 区, 府, 空港, 高原...
  (名古屋市, パクセー市, 愛知県) and katakana names before から, まで, における, との間.

Names the gazetteer knows (in any spelling), actors and organisations of the vocabulary
(JICA, CO-OP Okinawa, ASEAN), institutions ("Champasak University"), month names and
generic words are left out. The rules favour recall over precision: a wrong suggestion
costs the user one "ignore" click, a missed place costs a point on the map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from laomap.pipeline.gazetteer import Gazetteer, place_slug
from laomap.pipeline.vocabulary import ACTORS
from laomap.textnorm import fold, normalise

# words after a name that make it a place: the first group is dropped from the name ("Pakse city" -> Pakse),
# the second is part of it ("Bolaven Plateau")
_EN_STRIP = ("Province", "province", "Prefecture", "prefecture", "City", "city", "District", "district", "Town", "town",
             "Municipality")
_EN_KEEP = ("Airport", "Port", "Plateau", "Island", "Islands", "Valley")
_EN_SUFFIXES = _EN_STRIP + _EN_KEEP
_EN_KIND = {"province": "province", "prefecture": "province", "city": "city", "district": "city", "town": "city",
            "municipality": "city", "airport": "airport", "port": "city", "plateau": "region", "island": "region",
            "islands": "region", "valley": "region"}
_WORD = r"[A-Z][a-z]+(?:['’]s)?|[A-Z][a-z]*-[A-Z][a-z]+"
_NAME = rf"(?:{_WORD})(?:[ -](?:{_WORD})){{0,3}}"
_SUFFIX = "|".join(sorted(set(_EN_SUFFIXES), key=len, reverse=True))
_EN_AFTER = re.compile(rf"\b(?:in|to|from|at|between|near|via|into|visit(?:ed|ing|s)?)\s+(?:the\s+)?(?P<list>{_NAME}(?:\s+(?:{_SUFFIX})\b)?"
                       rf"(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+)(?:the\s+)?{_NAME}(?:\s+(?:{_SUFFIX})\b)?)*)")
_EN_BEFORE = re.compile(rf"(?P<name>{_NAME})\s+(?P<suffix>{_SUFFIX})\b(?![ -][A-Z])")  # not "Host Town Initiative"
_EN_LIST_SPLIT = re.compile(r",\s*|,?\s+and\s+|,?\s+or\s+")
# names with a number or a kind word are places whatever precedes them: roads, dams, bridges, plants, villages
_EN_ROAD_WORDS = ("National Road", "National Route", "National Highway", "Road", "Route", "Highway", "NR")  # before a number
_EN_ROAD = re.compile(rf"\b(?:{'|'.join(_EN_ROAD_WORDS)})\s?(?:No\.\s?|Number\s)?\d{{1,3}}[A-Z]?\b")
_EN_FEATURE_KINDS = {"Bridge": "bridge", "Dam": "dam", "Reservoir": "dam", "Water Treatment Plant": "facility",
                     "Hydropower Project": "dam", "Hydropower Station": "dam", "Hydropower Plant": "dam", "Power Station": "dam",
                     "Stadium": "facility", "Hospital": "facility", "Village": "city", "Falls": "landmark"}
_EN_FEATURE = re.compile(rf"(?P<name>{_NAME}(?:\s\d{{1,2}}[A-Z]?)?)\s+(?P<suffix>{'|'.join(sorted(_EN_FEATURE_KINDS, key=len, reverse=True))})\b"
                         rf"(?![ -][A-Z])")
_EN_NUMBERED = re.compile(r"\bNam\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s\d{1,2}[A-Z]?\b")  # Nam Ngum 2, Nam Theun 1
_EN_VILLAGE = re.compile(r"\b(?:Ban|Muang|Meuang|Mueang)\s[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b")
_EN_FEATURE_PLURAL = re.compile(rf"(?P<list>{_NAME}(?:,?\s+and\s+(?:the\s+)?{_NAME})+)\s+(?P<suffix>Bridges|Dams)\b")
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_NOT_PLACE_WORDS = {  # a name containing one of these is an institution, an event or a document, not a place
    "The", "This", "That", "These", "Those", "Both", "Such", "Each", "Government", "Ministry", "Minister", "Ministers",
    "Prime", "President", "Committee", "Council", "Assembly", "Agreement", "Memorandum", "Plan", "Plans", "Program",
    "Programme", "Project", "Projects", "Partnership", "Cooperation", "Dialogue", "Meeting", "Summit", "Conference",
    "Forum", "Year", "Vision", "Initiative", "Strategy", "Fund", "Agency", "University", "College", "School", "Institute",
    "Association", "Union", "Bank", "Centre", "Center", "Office", "Embassy", "Consulate", "Honorary", "Governor",
    "Session", "Goals", "Games", "Festival", "Exchange", "Notes", "Declaration", "Statement", "Act", "Law", "Decree",
    "Party", "Ambassador", "Volunteers", "Team", "Company", "Corporation", "Group", "Foundation", "Society", "Japanese",
    "English", "Lao", "Laos", "Mr", "Ms", "Dr", "Road", "Bridge", "Hospital", "Secretariat", "Department", "Division",
    "Authority", "Organization", "Organisation", "Development", "Affairs", "Foreign", "Technical", "Human", "Resources",
    "Academy", "Least", "Developed", "Region", "Area", "Areas", "Field", "Fields", "World", "Arena", "Heritage", "Sector",
    "Olympic", "Paralympic", "Protocol", "Treaty", "Charter", "Framework", "Week", "Day", "Month",
    # headings, collectives and events ("Exchanges between the Two Countries", "the Great East Japan Earthquake")
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Countries", "Provinces", "Sides",
    "Nations", "Parties", "Peoples", "Earthquake", "Disaster", "Tsunami", "Typhoon", "Flood", "Floods", "War", "Great",
    "Contract", "Contracts", "Grant", "Grants", "Security", "Schools", "Exchanges", "Relations",
    # sectors in headings ("Cooperation in Energy, Water and Health")
    "Energy", "Water", "Health", "Education", "Agriculture", "Transport", "Environment", "Infrastructure", "Trade",
}
_TITLE_VERBS = {  # "Protocol to Amend ...", "Measures to Combat ...": a capitalised verb after "to" starts a title
    "Amend", "Combat", "Promote", "Support", "Strengthen", "Enhance", "Develop", "Improve", "Establish", "Achieve", "Build",
    "Address", "Prevent", "Protect", "Counter", "Implement", "Advance", "Expand", "Foster", "Eliminate", "End", "Reduce",
    "Tackle", "Realize", "Realise", "Create", "Ensure", "Facilitate", "Accelerate", "Revitalize", "Revitalise",
}
_JA_STRIP = ("県", "市", "州", "郡", "町", "村", "区", "府")
_JA_KEEP = ("国際空港", "空港", "高原", "島", "港")
_JA_KIND = {"県": "province", "州": "province", "府": "province", "市": "city", "郡": "city", "町": "city", "村": "city",
            "区": "city", "空港": "airport", "国際空港": "airport", "高原": "region", "島": "region", "港": "city"}
_KATAKANA = r"[ァ-ヺー・]"
_JA_FEATURE_KIND = {"road": "road", "水力発電所": "dam", "発電所": "dam", "ダム": "dam", "貯水池": "dam", "浄水場": "facility",
                    "大橋": "bridge", "橋": "bridge", "競技場": "facility", "病院": "facility", "高原": "landmark",
                    "平原": "landmark", "滝": "landmark"}
_KANJI = r"(?:(?![県市州郡町村区府空港島橋])[\u4e00-\u9fff々])"  # a name's kanji stop at the suffix of a container
_JA_BEFORE_SUFFIX = re.compile(
    rf"(?P<name>{_KATAKANA}{{2,}}|{_KANJI}{{1,5}}州(?=市)|{_KANJI}{{2,6}})(?P<suffix>{'|'.join(_JA_KEEP + _JA_STRIP)})(?!場|民|町村|内閣|長|議会|役所|間|域|分|別|画|都)"
)
_JA_ROAD = re.compile(r"国道\s?(?:[0-9]{1,3}[A-Z]?|[一二三四五六七八九十]{1,4})\s?号線?[A-ZＡ-Ｚ]?")  # 国道9号線, 国道16B号線
_JA_FEATURE = re.compile(rf"(?P<name>{_KATAKANA}{{2,}}(?:第?[0-9０-９一二三]{{1,2}})?|{_KANJI}{{2,6}})(?P<suffix>水力発電所|発電所|浄水場|ダム|貯水池|大橋|橋|競技場|病院|高原|平原|滝)(?!梁)")
_JA_BEFORE_PARTICLE = re.compile(rf"(?P<name>{_KATAKANA}{{3,}})(?:から|まで|における|において|との間|を訪問)")
_JA_NOT_NAMES = {  # kanji words that precede 県/市/空港... without naming a place
    "地方", "各", "同", "本", "当", "両", "全", "首", "他", "近隣", "周辺", "主要", "対象", "沿線", "国境", "南部", "北部",
    "中部", "東部", "西部", "地域", "国内", "国際", "都", "姉妹", "友好", "関係", "複数", "新", "諸", "一部", "都市",
    "大都", "小都", "中核", "拠点", "地元", "地方都", "自治", "農", "漁", "山", "離", "半", "列", "群", "開港",
}
_JA_NOT_KATAKANA = {"レベル", "センター", "プロジェクト", "プログラム", "セミナー", "フォーラム", "コース", "ビジョン", "パートナーシップ",
                    "ネットワーク", "イニシアティブ", "チェーン", "ハブ", "ターミナル", "インフラ", "システム", "フォローアップ"}


@dataclass
class Candidate:
    """A name the gazetteer does not know, with where and how often the document uses it."""

    name: str
    lang: str
    count: int = 0
    kind: str = "city"  # suggested kind, from the word that followed it (Province -> province, 空港 -> airport)
    contexts: list[str] = field(default_factory=list)  # up to three snippets of the text around it
    suggestions: list[Any] = field(default_factory=list)  # geonames.Suggestion: places of the offline index with this name
    point: Any = None  # ingest.base.Located: the point the file itself gives for this name (an IATI location), else None

    @property
    def suggested_id(self) -> str:
        """A gazetteer id for an English name ('Bolaven Plateau' -> bolaven_plateau); empty for Japanese."""
        return place_slug(self.name)


def known_names(gazetteer: Gazetteer) -> set[str]:
    """Every spelling the gazetteer knows, folded (English lower-cased), with and without suffixes."""
    names: set[str] = set()
    for p in gazetteer.places.values():
        for n in (p.name_en, *p.aliases_en, *p.mention_in_en):
            if n:
                names.add(fold(n).lower())
        for n in (p.name_ja, *p.aliases_ja, *p.mention_in_ja):
            if n:
                names.add(fold(n))
    return names


def _actor_names() -> tuple[re.Pattern[str], set[str]]:
    """Names of the vocabulary's actors and programmes (JICA, CO-OP Okinawa, Host Town...): never places."""
    en = "|".join(k for t in ACTORS for k in t.en)
    ja = {fold(k) for t in ACTORS for k in t.ja}
    return re.compile(rf"(?<![\w-])(?:{en})(?![\w])", re.I), ja


def _snippet(text: str, start: int, end: int, width: int = 40) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + re.sub(r"\s+", " ", text[a:b]).strip() + ("…" if b < len(text) else "")


def _strip_suffix(name: str) -> tuple[str, str]:
    """'Aichi Prefecture' -> ('Aichi', 'Prefecture'); 'Bolaven Plateau' keeps its last word."""
    for suffix in sorted(_EN_SUFFIXES, key=len, reverse=True):
        if name.endswith(" " + suffix):
            return (name[: -len(suffix) - 1] if suffix in _EN_STRIP else name), suffix
    return name, ""


def _english(text: str) -> Iterable[list[tuple[str, str, int, int]]]:
    """Groups of (name, suffix, start, end): one group per list of names ("from A and B")."""
    for m in _EN_AFTER.finditer(text):
        pos = m.start("list")
        group = []
        for piece in _EN_LIST_SPLIT.split(m.group("list")):
            start = text.index(piece, pos)
            pos = start + len(piece)
            name, suffix = _strip_suffix(re.sub(r"^the\s+", "", piece))
            group.append((re.sub(r"['’]s$", "", name), suffix, start, pos))
        if not (m.group(0).split()[0] == "to" and group[0][0].split()[0] in _TITLE_VERBS):
            yield group
    for m in _EN_BEFORE.finditer(text):
        suffix = m.group("suffix")
        name = m.group("name") if suffix in _EN_STRIP else m.group(0)
        yield [(name, suffix, m.start(), m.end())]
    for rx in (_EN_ROAD, _EN_NUMBERED, _EN_VILLAGE):
        for m in rx.finditer(text):
            tag = "#road" if rx is _EN_ROAD else "#numbered" if rx is _EN_NUMBERED else "#village"
            yield [(m.group(0), tag, m.start(), m.end())]
    for m in _EN_FEATURE.finditer(text):
        name = re.sub(r"^(?:The|In|At|On|From|To|Of|And|Near|For)\s+", "", m.group(0))
        yield [(name, "#" + m.group("suffix"), m.end() - len(name), m.end())]
    for m in _EN_FEATURE_PLURAL.finditer(text):  # "the Xe Kum Kam and Xe Tha Mouak Bridges"
        singular = m.group("suffix")[:-1]
        pos = m.start("list")
        group = []
        for piece in re.split(r",?\s+and\s+(?:the\s+)?", m.group("list")):
            start = text.index(piece, pos)
            pos = start + len(piece)
            group.append((f"{piece} {singular}", "#" + singular, start, pos))
        yield group


def _japanese(text: str) -> Iterable[list[tuple[str, str, int, int]]]:
    for m in _JA_BEFORE_SUFFIX.finditer(text):
        yield [(m.group("name"), m.group("suffix"), m.start(), m.end())]
    for m in _JA_BEFORE_PARTICLE.finditer(text):
        yield [(m.group("name"), "", m.start("name"), m.end("name"))]
    for m in _JA_ROAD.finditer(text):
        yield [(m.group(0), "#road", m.start(), m.end())]
    for m in _JA_FEATURE.finditer(text):
        name = m.group("name").lstrip("・")
        yield [(name + m.group("suffix"), "#" + m.group("suffix"), m.end() - len(name) - len(m.group("suffix")), m.end())]


def _feature_kind(suffix: str) -> str:
    """'#Bridge' -> bridge, '#road' -> road, '#numbered' -> dam (Nam Ngum 2), a village -> city."""
    word = suffix[1:]
    return {"road": "road", "numbered": "dam", "village": "city"}.get(word) or _EN_FEATURE_KINDS.get(word, "city")


def _is_place_like(name: str, suffix: str, after: str, lang: str, known: set[str], actors: tuple[re.Pattern[str], set[str]]) -> bool:
    """Whether a name found by the rules may be an unknown place (``after`` is the text that follows it)."""
    if lang == "en":
        if suffix.startswith("#"):  # a road, a numbered or kind-word name: a place unless known or part of a title
            core = name.removesuffix(" " + suffix[1:]) if suffix[1:] in _EN_FEATURE_KINDS else name
            words = re.split(r"[ -]", core)
            if suffix in ("#road", "#numbered", "#village"):
                words = []
            if any(w in _MONTHS or w in _NOT_PLACE_WORDS for w in words) or actors[0].search(core):
                return False
            return not _known_en(name, known)
        words = re.split(r"[ -]", name)
        if any(w in _MONTHS or w in _NOT_PLACE_WORDS for w in words) or actors[0].search(f"{name} {suffix}".strip()):
            return False
        if name in _EN_ROAD_WORDS:  # "via Route 16B": the road rule finds the road; its kind word alone is no place
            return False
        if re.match(r"\s+of\b", after):  # "the Field of Defense": a noun phrase, not a name
            return False
        following = re.findall(r"[A-Za-z]+", after[:30])[:2]  # "Mekong region": known with the words after it
        spellings = [name, f"{name} {suffix}"] + [" ".join([name, *following[:k]]) for k in (1, 2)]
        return not any(sp.lower() in known for sp in spellings)
    base = name.strip("・")
    if any(w in base for w in ("日本", "世界", "政", "遺産", "国際", "全国")):
        return False  # 日本国政(府), 世界遺産地, (第2メコン)国際橋: an office, a common noun or a piece of a name
    if suffix.startswith("#"):  # 国道9号線, セクムカーム橋, ナムグム第2ダム: a place unless the gazetteer knows it
        return not (fold(name) in known or any(len(k) >= 3 and k in fold(name) and fold(name).startswith(k) and
                                                len(fold(name)) - len(k) <= 1 for k in known if not k.isascii()))
    if base in _JA_NOT_NAMES or base in _JA_NOT_KATAKANA or any(base.endswith(w) for w in _JA_NOT_KATAKANA):
        return False
    if base[-1] in "諸各等的特系" or base[0] in "各同本当両全他諸":
        return False
    if base in known or base + suffix in known or any(a in base for a in actors[1]):
        return False
    # a kanji run glued to a known name ("首都ビエンチャン" is known as ビエンチャン)
    return not any(len(k) >= 2 and base.endswith(k) for k in known if not k.isascii())


def _known_en(name: str, known: set[str]) -> bool:
    """Whether the gazetteer knows the name with or without a Ban/Muang prefix or its kind word."""
    low = fold(name).lower()
    if low.startswith("ban "):
        return low in known  # Ban Phonxay is a village even where a district is called Phonxay
    bare = re.sub(r"^(?:muang|meuang|mueang)\s+", "", low)
    return any(x in known for x in (low, bare, f"muang {bare}", f"{bare} district"))


def find_candidates(texts: str | Iterable[str], lang: str, gazetteer: Gazetteer, ignored: Iterable[str] = ()) -> list[Candidate]:
    """Unknown place-like names in the paragraphs ``texts``, most frequent first (ties in order of appearance).

    Pass re-flowed paragraphs (``Document.paragraphs``), not raw text: a Japanese name broken
    across two lines would otherwise be missed or cut in half.
    """
    known = known_names(gazetteer)
    actors = _actor_names()
    skip = {fold(n).lower() for n in ignored}
    found: dict[str, Candidate] = {}
    order: dict[str, tuple[int, int]] = {}
    for number, text in enumerate([texts] if isinstance(texts, str) else texts):
        norm = normalise(text)
        folded = norm.text
        seen_spans: set[tuple[int, int]] = set()
        for group in (_english(folded) if lang == "en" else _japanese(folded)):
            if not all(_is_place_like(n, sfx, folded[e:], lang, known, actors) or n.lower() in known for n, sfx, _, e in group):
                continue  # "the Olympic and Paralympic Games": one non-place in a list makes it a list of non-places
            for name, suffix, start, end in group:
                shown = name + suffix if lang == "ja" and suffix in _JA_KEEP else name
                if (start, end) in seen_spans or fold(shown).lower() in skip or fold(name).lower() in skip:
                    continue
                if not _is_place_like(name, suffix, folded[end:], lang, known, actors):
                    continue
                seen_spans.add((start, end))
                cand = found.setdefault(shown, Candidate(shown, lang))
                order.setdefault(shown, (number, start))
                cand.count += 1
                kind = (_feature_kind(suffix) if suffix.startswith("#") else _EN_KIND.get(suffix.lower())) if lang == "en" \
                    else _JA_FEATURE_KIND.get(suffix[1:], "city") if suffix.startswith("#") else _JA_KIND.get(suffix)
                if kind and cand.count == 1 or kind and kind != "city":
                    cand.kind = kind
                if len(cand.contexts) < 3:  # quoted from the original text, full-width digits and all
                    cand.contexts.append(_snippet(text, *norm.span(start, end)))
    return sorted(found.values(), key=lambda c: (-c.count, order[c.name]))
