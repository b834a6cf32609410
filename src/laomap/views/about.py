"""What the About page says: sources, licences, method, precision codes, vocabulary, known limits.

Facts about the documents come from their manifest (``ds.documents``), facts about places
from the gazetteer, the vocabulary from ``laomap.vocabulary``; the prose summarises
``documents/manifest.json`` and ``geodata/README.md`` (which hold the full detail).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

from laomap.pipeline.gazetteer import PRECISION_CODES
from laomap.pipeline.vocabulary import ACTORS, THEMES
from laomap.style import PRECISION_STYLES

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

PRECISION_JA = {
    1: "正確な地点", 2: "地点付近（約25km以内）", 3: "第2級行政区画・市町村", 4: "第1級行政区画（県・都道府県）",
    5: "推定、または線に沿う（回廊・河川）", 6: "国またはより広い地域", 7: "不明", 8: "首都の所在地",
}

_TEXT: dict[str, tuple[str, str]] = {
    "sources_intro": (
        "The atlas reads the cooperation plans of Japan and the Lao PDR as published by the Ministry of Foreign Affairs "
        "of Japan. The texts are kept verbatim (only line breaks are re-flowed); each statement on the map, the timeline "
        "and in the tables cites its document, section, paragraph and sentence.",
        "このアトラスは、日本国外務省が公表した日本とラオスの協力計画を読み込んでいます。本文は改行の調整以外は原文のままで、"
        "地図・年表・表の各記述は文書・項・段落・文を出典として示します。",
    ),
    "geodata": (
        "| layer | source | licence |\n|---|---|---|\n"
        "| Lao provinces, Japanese prefectures, countries | Natural Earth 1:10m Admin-1 and Admin-0 v4.1.0 (as shipped in Debian `qgis-common`) | public domain |\n"
        "| Mekong River | GSHHG 2.3.7, WDBII river lines, high resolution (Debian `gmt-gshhg-high`); © The GMT Team, Wessel & Smith (1996) | GNU LGPL 3 or later |\n"
        "| East-West Economic Corridor | schematic line through the towns of its route, drawn for this project | part of laomap |\n"
        "| Gazetteer and partnerships | compiled for this project from the texts | part of laomap |\n"
        "| OpenStreetMap background | optional, off by default, only with internet; © OpenStreetMap contributors (shown on the map when on) | ODbL |\n\n"
        "The web map uses Leaflet (BSD-2-Clause), installed at setup time and served by the dashboard itself; the charts use "
        "plotly.js (MIT) as bundled with Streamlit. Nothing is loaded from the internet unless the OpenStreetMap background is turned on.",
        "| レイヤー | 出典 | ライセンス |\n|---|---|---|\n"
        "| ラオスの県・日本の都道府県・国 | Natural Earth 1:10m Admin-1・Admin-0 v4.1.0（Debian `qgis-common` 収録版） | パブリックドメイン |\n"
        "| メコン川 | GSHHG 2.3.7 WDBII 河川（高解像度、Debian `gmt-gshhg-high`）© The GMT Team, Wessel & Smith (1996) | GNU LGPL 3 以降 |\n"
        "| 東西経済回廊 | 経由都市を結ぶ概略線（本プロジェクト作成） | laomap の一部 |\n"
        "| 地名辞典・パートナーシップ | 本文から本プロジェクトが作成 | laomap の一部 |\n"
        "| OpenStreetMap 背景 | 任意・既定でオフ・要インターネット。© OpenStreetMap contributors（オン時に地図上に表示） | ODbL |\n\n"
        "ウェブ地図は Leaflet（BSD-2-Clause）を使用し、セットアップ時にインストールしてダッシュボード自身が配信します。グラフは "
        "Streamlit 同梱の plotly.js（MIT）です。OpenStreetMap 背景をオンにしない限り、インターネットから何も読み込みません。",
    ),
    "method": (
        "1. **Structure.** Each plan is parsed into sections and logical paragraphs (page breaks and mid-word line breaks "
        "repaired, bullets kept). The English and Japanese Action Plan share their section and paragraph ids and are aligned "
        "one-to-one; the build fails if they stop aligning.\n"
        "2. **Statements.** Paragraphs are split into sentences; each sentence is classified by rules on its wording as a "
        "*commitment* (a party undertakes to act), an *acknowledgement* (welcomes, appreciates), a *goal* or a *programme*; "
        "background sentences and list lead-ins are kept apart. The English and Japanese sentences of one clause are one statement.\n"
        "3. **Themes and actors** come from one vocabulary of keywords in both languages (below); a statement can have several themes.\n"
        "4. **Dates**: days, months, years, periods (2021–2025), targets ('by 2030'), 'since 2014' and anniversaries "
        "(a 55th anniversary in 2020 implies 1965), in English and in full-width Japanese, each with its precision.\n"
        "5. **Places**: every spelling the texts use is matched against the gazetteer. A link's *role* is `site` (where it "
        "happens), `partner` (the Japanese counterpart of a Lao place) or `mention` (only inside a programme's name, e.g. "
        "'Osaka Blue Ocean Vision': not mapped). A statement about a city counts for its province on the map; a statement "
        "that names only a whole country or region is listed beside the map, not placed on a point.",
        "1. **構造**：各計画を項と論理段落に分解します（改ページや語中の改行を修復し、箇条書きを保持）。行動計画の英語版と日本語版は"
        "項・段落の番号を共有して1対1で対応し、対応が崩れるとビルドが失敗します。\n"
        "2. **記述**：段落を文に分け、文言に基づく規則で *取組*（当事者が行動を約束）、*評価・歓迎*、*目標*、*プログラム* に分類します。"
        "背景説明や列挙の導入文は別に扱います。同じ条文の英文と和文は1つの記述です。\n"
        "3. **分野と主体** は英日両言語のキーワードからなる共通語彙（下記）で判定します。1つの記述が複数の分野を持つことがあります。\n"
        "4. **日付**：日・月・年・期間（2021～2025年）・期限（「2030年までに」）・「2014年以来」・周年（2020年の55周年は1965年を示す）を、"
        "英語と全角数字の日本語から精度付きで抽出します。\n"
        "5. **場所**：本文中のあらゆる表記を地名辞典と照合します。リンクの *役割* は `site`（実施地）、`partner`（ラオス側の場所に対応する"
        "日本側パートナー）、`mention`（「大阪ブルー・オーシャン・ビジョン」のようにプログラム名の中だけ。地図には表示しない）です。"
        "都市に関する記述は地図上ではその県に数え、国全体・地域のみを挙げる記述は点に置かず地図の横に一覧します。",
    ),
    "precision_intro": (
        "Every place carries a geographic precision code on the IATI/UCDP scale. The map shows it: provinces are areas, cities "
        "points, the capital a point with a ring, exact sites small points with a dark edge, lines that are only approximate "
        "(the corridor) dashed, and whole countries are not drawn at all.",
        "すべての場所は IATI/UCDP 方式の地理的精度コードを持ちます。地図では、県は面、都市は点、首都は輪付きの点、特定の地点は縁の濃い小さな点、"
        "概略の線（回廊）は破線で示し、国全体は描画しません。",
    ),
    "limits": (
        "- **Xaisomboun** (created 2013) has no polygon: Natural Earth 4.1.0 predates it, so its area is drawn as part of "
        "Vientiane Province and Xiangkhouang; it is in the gazetteer as a point only.\n"
        "- **Boundaries** are Natural Earth's, generalised, not official; country borders are further simplified and can be a few km off.\n"
        "- The **East-West Economic Corridor** is a schematic line through its towns, not the surveyed road.\n"
        "- The **Mekong** line is a centre line derived from GSHHG river banks (old CIA World Data Bank II data).\n"
        "- The **Action Plan is undated**; 2021 is inferred from its content (latest event: RCEP signed on 15 November 2020; "
        "it welcomes the 9th NSEDP adopted in March 2021).\n"
        "- The **2016 Joint Plan exists here in English only**: in Japanese its statements are shown in English and say so.\n"
        "- Kinds, themes and places are found by rules and keyword lists, not read by a person: a statement can be misclassified. "
        "The verbatim text and its citation are always there to check.",
        "- **サイソンブン県**（2013年新設）には境界ポリゴンがありません。Natural Earth 4.1.0 が新設前のデータのため、その範囲はビエンチャン県と"
        "シエンクワン県の一部として描かれ、地名辞典では点としてのみ登録しています。\n"
        "- **境界線** は Natural Earth の一般化されたもので公式の境界ではありません。国境はさらに簡略化され、数km ずれることがあります。\n"
        "- **東西経済回廊** は経由都市を結ぶ概略線で、実際の道路ではありません。\n"
        "- **メコン川** の線は GSHHG の河岸データ（CIA World Data Bank II 由来）から求めた中心線です。\n"
        "- **行動計画には日付がありません**。2021年は内容から推定しました（最新の出来事は2020年11月15日のRCEP署名、"
        "2021年3月採択の第9次国家社会経済開発計画を歓迎）。\n"
        "- **2016年の共同計画は英語版のみ** を収録しています。日本語表示ではその旨を示して英語で表示します。\n"
        "- 種類・分野・場所は規則とキーワードによる自動判定で、人が読んで付けたものではないため、誤りがありえます。"
        "原文と出典で常に確認できます。",
    ),
}


def text(key: str, lang: str) -> str:
    """A block of About-page prose (Markdown written for this page) in ``lang``."""
    en, ja = _TEXT[key]
    return ja if lang == "ja" else en


def documents_table(ds: Dataset, lang: str) -> pd.DataFrame:
    """The source documents with their provenance, from the manifest."""
    ja = lang == "ja"
    rows = []
    for meta in ds.documents.values():
        rows.append({
            ("文書" if ja else "Document"): meta.title_ja if ja else meta.title_en,
            ("言語" if ja else "Language"): {"en": "English" if not ja else "英語", "ja": "日本語" if ja else "Japanese"}.get(meta.language, meta.language),
            ("日付" if ja else "Date"): meta.date,
            ("日付の根拠" if ja else "How it is dated"): meta.date_basis,
            ("発行者" if ja else "Publisher"): meta.publisher,
            ("元ファイル" if ja else "Source file"): meta.original_file or meta.file,
            ("形式" if ja else "Format"): meta.source_format,
        })
    return pd.DataFrame(rows)


def precision_table(ds: Dataset | None, lang: str) -> pd.DataFrame:
    """The IATI/UCDP precision codes, what they mean, how the map draws them and how many places use each.

    Without a dataset (its inputs are broken) the table still explains the codes, without the counts.
    """
    ja = lang == "ja"
    used = Counter(p.precision_code for p in ds.gazetteer.places.values()) if ds is not None else None
    rows = []
    for code, meaning in PRECISION_CODES.items():
        style = PRECISION_STYLES.get(code)
        rows.append({
            ("コード" if ja else "Code"): code,
            ("意味" if ja else "Meaning"): PRECISION_JA[code] if ja else meaning,
            ("地図での表示" if ja else "On the map"): (style.label_ja if ja else style.label_en) if style else "—",
            ("場所の数" if ja else "Places"): used.get(code, 0) if used is not None else 0,
        })
    table = pd.DataFrame(rows)
    return table if used is not None else table.drop(columns=["場所の数" if ja else "Places"])


def themes_table(lang: str) -> pd.DataFrame:
    """The themes of the shared vocabulary."""
    ja = lang == "ja"
    return pd.DataFrame([
        {("分野" if ja else "Theme"): term.label(lang), ("英語名" if ja else "Japanese"): term.label("en" if ja else "ja"),
         ("内容（英語）" if ja else "What it covers"): term.description, "id": term.id}
        for term in THEMES
    ])


def actors_table(lang: str) -> pd.DataFrame:
    """Organisations, programmes and plans the vocabulary recognises."""
    ja = lang == "ja"
    return pd.DataFrame([
        {("名称" if ja else "Name"): term.label(lang), ("種別" if ja else "Type"): term.type,
         ("内容（英語）" if ja else "What it is"): term.description}
        for term in ACTORS
    ])
