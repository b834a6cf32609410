"""Interface text in English and Japanese, and how a statement is cited.

Every label, legend, tooltip and popup goes through ``t(key, lang)``, so switching the
language switches them all. A missing key fails loudly in tests rather than showing a raw key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from laomap.pipeline.vocabulary import term

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

LANGUAGES = ("en", "ja")  # interface languages, in the order of the language buttons
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}  # each in its own name

STRINGS: dict[str, tuple[str, str]] = {
    # key: (English, Japanese)
    "app_title": ("Japan–Lao PDR Partnership Atlas", "日本・ラオス パートナーシップ・アトラス"),
    "app_subtitle": ("The two countries' cooperation plans, clause by clause, on the map",
                     "両国の協力計画を条項ごとに地図で"),
    "commitments": ("statements", "記述"),
    "commitment": ("statement", "記述"),
    "provinces": ("Lao provinces", "ラオスの県"),
    "province_count": ("Statements located in the province", "県に位置づけられた記述の数"),
    "sites": ("Cities and sites", "都市・地点"),
    "japan_partners": ("Japanese partners", "日本のパートナー"),
    "corridor": ("East-West Economic Corridor", "東西経済回廊"),
    "mekong": ("Mekong River", "メコン川"),
    "partnership_links": ("Partnership links", "パートナーシップ"),
    "whole_country": ("Whole country and wider region", "国全体・広域"),
    "no_place": ("No place named", "場所の記載なし"),
    "legend": ("Legend", "凡例"),
    "source": ("Source", "出典"),
    "section": ("section", "項"),
    "paragraph": ("paragraph", "段落"),
    "sentence": ("sentence", "文"),
    "translation_missing": ("No Japanese text: shown in the original English", "日本語版なし（英語原文を表示）"),
    "translation_missing_en": ("No English text: shown in the original Japanese", "英語版なし（日本語原文を表示）"),
    "and_more": ("and {n} more", "ほか{n}件"),
    "precision": ("Geographic precision", "地理的精度"),
    "kind.commitment": ("Commitment", "取組"),
    "kind.acknowledgement": ("Acknowledgement", "評価・歓迎"),
    "kind.goal": ("Goal", "目標"),
    "kind.programme": ("Programme", "プログラム"),
    "role.site": ("site", "実施地"),
    "role.partner": ("partner", "パートナー"),
    "role.mention": ("mention", "名称中の言及"),
    "basemap_attribution": ("Boundaries: Natural Earth (public domain); Mekong: GSHHG/WDBII (LGPL)",
                            "境界：Natural Earth（パブリックドメイン）、メコン川：GSHHG/WDBII（LGPL）"),
    "basemap": ("Base map", "ベースマップ"),
    "legend_precision_note": ("Areas for provinces, points for cities and sites, a dashed line for the schematic corridor; "
                              "statements about a whole country are listed beside the map.",
                              "県は面、都市・地点は点、回廊は概略の破線。国全体に関する記述は地図の横に一覧表示。"),
    "empty_selection": ("No statement matches the current filters.", "現在の条件に一致する記述はありません。"),
}


def register(strings: Mapping[str, tuple[str, str]]) -> None:
    """Add a module's own interface strings; a key may be registered only once."""
    clash = [k for k in strings if k in STRINGS and STRINGS[k] != strings[k]]
    if clash:
        raise ValueError(f"interface string keys already defined differently: {clash}")
    STRINGS.update(strings)


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The text for ``key`` in ``lang`` ('en' or 'ja'), with {placeholders} filled in."""
    en, ja = STRINGS[key]
    text = ja if lang == "ja" else en
    return text.format(**values) if values else text


def theme_label(theme_id: str, lang: str) -> str:
    return term(theme_id).label(lang)


def kind_label(kind: str, lang: str) -> str:
    return t(f"kind.{kind}", lang)


def citation(ds: Dataset, row: Mapping[str, Any], lang: str) -> str:
    """'Action Plan (2021), section 4(6), paragraph 1' — where exactly a statement comes from."""
    meta = ds.documents[row["document_id"]]
    title = meta.short_title(lang)
    if lang == "ja":
        return f"{title} {row['section']}項 第{int(row['paragraph'])}段落"
    return f"{title}, section {row['section']}, paragraph {int(row['paragraph'])}"
