"""Lao provinces, Japanese prefectures and context countries from Natural Earth (qgis-common)."""

from __future__ import annotations

import shapely
from shapely.geometry import box

from geobuild.common import (
    DERIVE,
    GEODATA,
    REGION_COLUMNS,
    TOL_COUNTRIES,
    TOL_JAPAN_PREFECTURES,
    TOL_LAO_PROVINCES,
    BuildError,
    feature,
    finish_polygons,
    nfc,
    polygonal,
    read_csv,
    read_layer,
)

# --------------------------------------------------------------------------------------
# Tables written for this project
# --------------------------------------------------------------------------------------

# Natural Earth name -> (place_id, name_en, name_ja, ISO 3166-2). NE has 17 provinces;
# Xaisomboun (LA-XS, created 2013) is missing from NE 4.1.0 and lives in the gazetteer as a point.
LAO_PROVINCES = {
    "Attapu": ("attapeu", "Attapeu", "アタプー県", "LA-AT"),
    "Bokeo": ("bokeo", "Bokeo", "ボケオ県", "LA-BK"),
    "Bolikhamxai": ("bolikhamxay", "Bolikhamxay", "ボリカムサイ県", "LA-BL"),
    "Champasak": ("champasak", "Champasak", "チャンパーサック県", "LA-CH"),
    "Houaphan": ("houaphanh", "Houaphanh", "フアパン県", "LA-HO"),
    "Khammouan": ("khammouane", "Khammouane", "カムアン県", "LA-KH"),
    "Louang Namtha": ("luang_namtha", "Luang Namtha", "ルアンナムター県", "LA-LM"),
    "Louangphrabang": ("luang_prabang_province", "Luang Prabang", "ルアンパバーン県", "LA-LP"),
    "Oudômxai": ("oudomxay", "Oudomxay", "ウドムサイ県", "LA-OU"),
    "Phôngsali": ("phongsaly", "Phongsaly", "ポンサリー県", "LA-PH"),
    "Saravan": ("salavan", "Salavan", "サラワン県", "LA-SL"),
    "Savannakhét": ("savannakhet", "Savannakhet", "サワンナケート県", "LA-SV"),
    "Vientiane": ("vientiane_province", "Vientiane Province", "ビエンチャン県", "LA-VI"),
    "Vientiane [prefecture]": ("vientiane_capital", "Vientiane Capital", "ビエンチャン都", "LA-VT"),
    "Xaignabouri": ("sayaboury", "Sayaboury", "サイニャブリー県", "LA-XA"),
    "Xékong": ("sekong", "Sekong", "セコン県", "LA-XE"),
    "Xiangkhoang": ("xiangkhouang", "Xiangkhouang", "シエンクワン県", "LA-XI"),
}

# The prefectures of gazetteer.csv (Hokkaido is the parent of Hakodate); the other 41 come from
# region_places.csv (rows with derive = ne_admin1, ref = the Natural Earth name).
JAPAN_PREFECTURES = {
    "Hokkaidō": ("hokkaido", "Hokkaido", "北海道", "JP-01"),
    "Tokyo": ("tokyo_prefecture", "Tokyo Metropolis", "東京都", "JP-13"),
    "Gifu": ("gifu", "Gifu", "岐阜県", "JP-21"),
    "Kyōto": ("kyoto_prefecture", "Kyoto Prefecture", "京都府", "JP-26"),
    "Ōsaka": ("osaka_prefecture", "Osaka Prefecture", "大阪府", "JP-27"),
    "Okinawa": ("okinawa", "Okinawa", "沖縄県", "JP-47"),
}

# Context countries of the base map: ISO 3166-1 alpha-2 -> (name_en, name_ja).
COUNTRIES = {
    "CN": ("China", "中国"),
    "JP": ("Japan", "日本"),
    "KH": ("Cambodia", "カンボジア"),
    "KP": ("North Korea", "北朝鮮"),
    "KR": ("South Korea", "韓国"),
    "LA": ("Lao PDR", "ラオス"),
    "MM": ("Myanmar", "ミャンマー"),
    "TH": ("Thailand", "タイ"),
    "VN": ("Vietnam", "ベトナム"),
}
COUNTRY_BOX = (88.0, 5.0, 147.0, 47.0)  # lon_min, lat_min, lon_max, lat_max

# --------------------------------------------------------------------------------------
# Natural Earth layers
# --------------------------------------------------------------------------------------


def build_lao_provinces() -> tuple[list[dict], dict[str, object]]:
    df = read_layer("states_provinces", "adm0_a3 = 'LAO'")
    by_name = {nfc(n): g for n, g in zip(df["name"], df.geometry, strict=True)}
    if set(by_name) != set(LAO_PROVINCES) or len(df) != len(LAO_PROVINCES):
        raise BuildError(f"Natural Earth Lao provinces changed: expected {sorted(LAO_PROVINCES)}, found {sorted(by_name)}")
    names = sorted(LAO_PROVINCES, key=lambda n: LAO_PROVINCES[n][0])
    geoms = finish_polygons([by_name[n] for n in names], TOL_LAO_PROVINCES, "Lao provinces")
    features, shapes = [], {}
    for name, geom in zip(names, geoms, strict=True):
        place_id, name_en, name_ja, iso = LAO_PROVINCES[name]
        props = {"place_id": place_id, "name_en": name_en, "name_ja": name_ja, "name_ne": name, "iso3166_2": iso}
        features.append(feature(props, geom))
        shapes[place_id] = geom
    return features, shapes


def region_rows() -> list[dict[str, str]]:
    rows = read_csv(GEODATA / "region_places.csv", REGION_COLUMNS)
    for r in rows:
        if r["derive"] not in DERIVE:
            raise BuildError(f"region_places.csv {r['place_id']}: derive {r['derive']!r} not in {DERIVE}")
    return rows


def all_prefectures(region: list[dict[str, str]]) -> dict[str, tuple[str, str, str, str]]:
    table = dict(JAPAN_PREFECTURES)
    for r in region:
        if r["derive"] == "ne_admin1":
            table[r["ref"]] = (r["place_id"], r["name_en"], r["name_ja"], r["iso3166_2"])
    return table


def build_japan_prefectures(prefectures: dict[str, tuple[str, str, str, str]]) -> tuple[list[dict], dict[str, object]]:
    JAPAN_PREFECTURES = prefectures  # noqa: N806 - the full table: gazetteer.csv's six and region_places.csv's others
    df = read_layer("states_provinces", "adm0_a3 = 'JPN'")
    all_geoms = [g for g in df.geometry]
    all_names = [nfc(n) for n in df["name"]]
    missing = sorted(set(JAPAN_PREFECTURES) - set(all_names))
    if len(JAPAN_PREFECTURES) != 47 or len(set(all_names)) != 47:
        raise BuildError(f"expected the 47 prefectures of Japan, got {len(JAPAN_PREFECTURES)} in the tables, {len(set(all_names))} in Natural Earth")
    if missing:
        raise BuildError(f"Natural Earth lacks the Japanese prefectures {missing}")
    # Simplify the whole of Japan as one coverage so the chosen prefectures keep their shared borders.
    order = sorted(range(len(all_names)), key=lambda i: all_names[i])
    simplified = finish_polygons([all_geoms[i] for i in order], TOL_JAPAN_PREFECTURES, "Japanese prefectures")
    features, shapes = [], {}
    for i, geom in zip(order, simplified, strict=True):
        name = all_names[i]
        if name not in JAPAN_PREFECTURES:
            continue
        place_id, name_en, name_ja, iso = JAPAN_PREFECTURES[name]
        props = {"place_id": place_id, "name_en": name_en, "name_ja": name_ja, "name_ne": name, "iso3166_2": iso}
        features.append(feature(props, geom))
        shapes[place_id] = geom
    features.sort(key=lambda f: f["properties"]["place_id"])
    return features, shapes


def build_countries() -> tuple[list[dict], dict[str, object]]:
    codes = sorted(COUNTRIES)
    where = "iso_a2 IN (" + ",".join(f"'{c}'" for c in codes) + ")"
    df = read_layer("countries", where)
    found = sorted(df["iso_a2"])
    if found != codes:
        raise BuildError(f"Natural Earth countries: expected {codes}, found {found}")
    frame = box(*COUNTRY_BOX)
    by_code = {c: polygonal(shapely.intersection(g, frame)) for c, g in zip(df["iso_a2"], df.geometry, strict=True)}
    geoms = finish_polygons([by_code[c] for c in codes], TOL_COUNTRIES, "countries")
    features, shapes = [], {}
    for code, geom in zip(codes, geoms, strict=True):
        name_en, name_ja = COUNTRIES[code]
        features.append(feature({"iso_a2": code, "name_en": name_en, "name_ja": name_ja}, geom))
        shapes[code] = geom
    return features, shapes


