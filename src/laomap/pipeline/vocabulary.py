"""The one cross-document vocabulary: themes, actors and programmes, in English and Japanese.

Designed from the three source plans: every theme is a field both the 2016 Joint Plan and
the Action Plan use, so the two can be compared theme by theme. A statement can carry
several themes. English keywords are regular expressions matched case-insensitively at word
boundaries; Japanese keywords are plain substrings matched on NFKC-folded text (so
``JICA`` also finds ``ＪＩＣＡ``). ``laomap vocabulary`` prints this table as Markdown
(docs/VOCABULARY.md is generated from it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from laomap.textnorm import fold


@dataclass(frozen=True)
class Term:
    id: str
    label_en: str
    label_ja: str
    description: str
    en: tuple[str, ...]
    ja: tuple[str, ...]
    type: str = "theme"  # theme | government | organisation | programme | plan

    @cached_property
    def _en_rx(self) -> re.Pattern[str] | None:
        if not self.en:
            return None
        # All-capital acronyms (UN, EAS, LDC) stay case-sensitive so "un" or "eas" never match.
        parts = [f"(?-i:{k})" if re.fullmatch(r"[A-Z0-9-]{2,}s?\??", k) else k for k in self.en]
        return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)

    def label(self, lang: str) -> str:
        return self.label_ja if lang == "ja" else self.label_en

    def find(self, folded_text: str, lang: str) -> list[str]:
        """The keywords of this term present in a folded text, in order of appearance."""
        if lang == "ja":
            return [k for k in self.ja if fold(k) in folded_text]
        rx = self._en_rx
        return [m.group(0) for m in rx.finditer(folded_text)] if rx else []


THEMES: tuple[Term, ...] = (
    Term("politics", "Political dialogue", "政治対話", "High-level visits, summits, ministerial and parliamentary dialogue.",
         (r"summit", r"high-level", r"parliamentary", r"foreign ministers?'?s?", r"dialogues?", r"political party", r"consultations?", r"honorary consulates?"),
         ("首脳", "ハイレベル", "議会", "外相", "外務大臣", "対話", "政党", "名誉領事")),
    Term("defence", "Defence & disarmament", "防衛・軍縮", "Defence exchanges, security dialogue, disarmament and non-proliferation.",
         (r"defen[cs]e", r"military", r"disarmament", r"non-proliferation", r"NPT", r"security dialogue"),
         ("防衛", "軍縮", "不拡散", "ＮＰＴ", "軍関係者", "安全保障対話")),
    Term("regional_order", "Regional & international order", "地域・国際秩序",
         "ASEAN, Mekong-Japan cooperation, the Indo-Pacific, the UN, maritime order, the Korean Peninsula, crime and terrorism.",
         (r"ASEAN", r"Mekong-Japan", r"Indo-Pacific", r"AOIP", r"FOIP", r"United Nations", r"UN", r"Security Council", r"maritime", r"navigation",
          r"Korean Peninsula", r"denuclearization", r"terrorism", r"transnational crimes?", r"EAS", r"international law", r"abductions?"),
         ("ＡＳＥＡＮ", "日メコン", "インド太平洋", "国連", "安保理", "安全保障理事会", "海洋秩序", "航行", "朝鮮半島", "非核化", "テロ", "犯罪", "ＥＡＳ", "国際法", "拉致")),
    Term("connectivity", "Connectivity & transport", "連結性・運輸", "Roads, bridges, airports, corridors, logistics, customs and border crossings.",
         (r"connectivity", r"land-linked", r"land-locked", r"landlocked", r"transport(?:ation)?", r"roads?", r"bridges?", r"airports?", r"air routes?",
          r"corridor", r"logistics?", r"distribution", r"customs", r"border check-point", r"direct flights?", r"buses", r"transportation hub"),
         ("連結性", "陸で", "交通", "運輸", "道路", "橋", "空港", "回廊", "物流", "税関", "直行便", "結節点")),
    Term("infrastructure", "Quality infrastructure & urban services", "質の高いインフラ・都市サービス",
         "Quality infrastructure, waterworks, urban development and public services.",
         (r"infrastructure", r"waterworks", r"sewerage", r"urban", r"public services?", r"public transport", r"cities", r"towns"),
         ("インフラ", "上水道", "都市開発", "都市環境", "地方都市", "都市・地方", "公共サービス")),
    Term("energy", "Energy & power", "エネルギー・電力", "Power generation and grids, electricity trade and energy policy.",
         (r"power", r"electric(?:al|ity)?", r"energy", r"battery", r"grid"),
         ("電力", "エネルギー", "電気", "系統")),
    Term("economy", "Macroeconomy & public finance", "マクロ経済・財政", "Fiscal stability, revenue, budgets, national development plans, LDC graduation.",
         (r"fiscal", r"macro economy", r"financ(?:e|es|ial)", r"revenue", r"budgets?", r"tax(?:-payment)?", r"Least Developed Country", r"LDC",
          r"Upper-Middle-Income", r"Socio-Economic Development Plan", r"NSEDP", r"economic recovery"),
         ("財政", "マクロ経済", "歳入", "予算", "税", "後発開発途上国", "ＬＤＣ", "高中所得国", "国家社会経済開発", "経済回復")),
    Term("trade_investment", "Trade, investment & private sector", "貿易・投資・民間",
         "Investment climate, trade agreements, SEZs, SMEs, supply chains and business skills.",
         (r"investments?", r"trade", r"SEZ", r"SMEs?", r"companies", r"enterprises?", r"entrepreneurs?", r"business", r"supply (?:chain|system)",
          r"Economic Partnership", r"AJCEP", r"RCEP", r"private[- ]sector", r"markets?", r"industrial policy", r"industr(?:y|ies|ial)"),
         ("投資", "貿易", "ＳＥＺ", "経済特区", "中小企業", "企業", "起業", "経営", "サプライチェーン", "供給体制", "経済連携", "ＡＪＣＥＰ", "ＲＣＥＰ", "民間", "産業")),
    Term("human_resources", "Human resources & capacity building", "人材育成・能力構築",
         "Training, capacity building, scholarships and the industrial workforce.",
         (r"human resources?", r"capacity building", r"training", r"trainings", r"trainees?", r"vocational", r"scholarships?", r"JDS",
          r"workforce", r"leadership", r"study tours?", r"Technical Intern"),
         ("人材", "能力構築", "能力開発", "能力強化", "研修", "職業訓練", "奨学", "ＪＤＳ", "技能実習", "リーダー育成")),
    Term("education", "Education & Japanese language", "教育・日本語", "Basic and higher education, Japanese-language teaching, students.",
         (r"education", r"schools?", r"students?", r"Japanese[- ]language", r"Japanese learners", r"Japanese-learning", r"NIHONGO", r"mathematics", r"STEM", r"science"),
         ("教育", "学校", "留学", "日本語", "学習者", "数学")),
    Term("health", "Health", "保健・医療", "Health care, public-health emergencies, pandemics and universal health coverage.",
         (r"health", r"healthcare", r"medical", r"pandemics?", r"COVID-19", r"diseases?", r"Universal Health Coverage", r"nutrition"),
         ("保健", "医療", "ヘルスケア", "感染症", "公衆衛生", "コロナ", "栄養")),
    Term("agriculture", "Agriculture & food", "農業・食料", "Irrigation, food value chains, food security and farmers' incomes.",
         (r"agricultur(?:e|al)", r"irrigation", r"food", r"farmers?", r"crops?", r"cold chain", r"liquor production"),
         ("農業", "灌漑", "食料", "食品", "農家", "泡盛")),
    Term("environment", "Environment, climate & disasters", "環境・気候変動・防災",
         "Green growth, climate change, disaster risk, forests, rivers, marine litter and whales.",
         (r"environment(?:al)?", r"climate", r"green", r"clean", r"disasters?", r"greenhouse", r"emissions?", r"forests?", r"natural resources?",
          r"marine plastic", r"pollution", r"whales?", r"conservation", r"conserve", r"Mekong River basin"),
         ("環境", "気候", "グリーン", "クリーン", "防災", "災害", "温室効果", "排出", "森林", "天然資源", "プラスチック", "汚染", "鯨", "流域")),
    Term("tourism_culture", "Tourism, culture & sport", "観光・文化・スポーツ",
         "Tourism promotion, festivals, arts, heritage, sport and the symbols of friendship.",
         (r"touris[mt]s?", r"visitors", r"cultur(?:e|al)", r"arts", r"festivals?", r"sports?", r"Olympic", r"Paralympic", r"Host Towns?",
          r"cherry blossoms?", r"elephants?", r"World Heritage", r"traditions?", r"scenery"),
         ("観光", "文化", "芸術", "フェスティバル", "祭り", "スポーツ", "オリンピック", "パラリンピック", "ホストタウン", "桜", "象祭り", "頭の象", "伝統")),
    Term("people_exchange", "People-to-people & youth exchange", "人的・青少年交流",
         "Youth and people-to-people exchange, volunteers, municipal links, visas and travel.",
         (r"people-to-people", r"exchanges?", r"youths?", r"young", r"volunteers", r"JOCV", r"JENESYS", r"SSEAYP", r"municipal(?:-level|ities)?",
          r"visas?", r"cross-border travel", r"intellectuals"),
         ("人的交流", "交流", "青少年", "青年", "若者", "協力隊", "ＪＯＣＶ", "ＪＥＮＥＳＹＳ", "地方自治体", "査証", "移動")),
    Term("governance", "Governance & rule of law", "ガバナンス・法の支配",
         "Law and legal development, public administration, anti-corruption and audit.",
         (r"laws?", r"legal", r"legislative", r"legislation", r"rule of law", r"governance", r"public administration", r"anti-corruption",
          r"auditing", r"oversight", r"Sam Sang", r"constitution", r"institutional"),
         ("法制度", "法務", "法の支配", "行政", "汚職", "監査", "監督機能", "制度的")),
    Term("digital", "Digital & ICT", "デジタル・ICT", "The digital economy, ICT and cybersecurity.",
         (r"digital", r"ICT", r"cybersecurity"),
         ("デジタル", "ＩＣＴ", "サイバー")),
    Term("uxo", "Unexploded ordnance", "不発弾", "Clearance of unexploded ordnance (UXO).",
         (r"unexploded ordnance", r"UXO"),
         ("不発弾", "ＵＸＯ")),
)


ACTORS: tuple[Term, ...] = (
    Term("jica", "JICA", "ＪＩＣＡ（国際協力機構）", "Japan International Cooperation Agency.",
         (r"JICA", r"Japan International Cooperation Agency"), ("ＪＩＣＡ", "国際協力機構"), "organisation"),
    Term("jds", "JDS scholarships", "人材育成奨学計画（ＪＤＳ）", "Project for Human Resource Development Scholarship.",
         (r"JDS", r"Human Resource Development Scholarship"), ("ＪＤＳ", "人材育成奨学計画"), "programme"),
    Term("jocv", "JOCV volunteers", "青年海外協力隊（ＪＯＣＶ）", "Japan Overseas Cooperation Volunteers.",
         (r"JOCV", r"Japan Overseas Cooperation Volunteers"), ("ＪＯＣＶ", "青年海外協力隊"), "programme"),
    Term("jenesys", "JENESYS", "ＪＥＮＥＳＹＳ", "Japan-East Asia Network of Exchange for Students and Youths.",
         (r"JENESYS",), ("ＪＥＮＥＳＹＳ", "青少年大交流計画"), "programme"),
    Term("sseayp", "SSEAYP", "東南アジア青年の船", "The Ship for Southeast Asian and Japanese Youth Program.",
         (r"SSEAYP", r"Ship for Southeast Asian and Japanese Youth"), ("SSEAYP", "東南アジア青年の船"), "programme"),
    Term("japan_foundation", "Japan Foundation", "国際交流基金", "The Japan Foundation and its Asia Center.",
         (r"Japan Foundation",), ("国際交流基金",), "organisation"),
    Term("coop_okinawa", "CO-OP Okinawa", "コープおきなわ", "A consumer co-operative in Okinawa assisting Attapeu Province.",
         (r"CO-OP Okinawa",), ("コープおきなわ",), "organisation"),
    Term("nihongo_partners", "NIHONGO Partners", "日本語パートナーズ", "Japan Foundation programme sending Japanese-language assistants.",
         (r"NIHONGO Partners",), ("日本語パートナーズ",), "programme"),
    Term("asean", "ASEAN", "ＡＳＥＡＮ", "The Association of Southeast Asian Nations and its bodies.",
         (r"ASEAN",), ("ＡＳＥＡＮ",), "organisation"),
    Term("un", "United Nations", "国際連合", "The UN, its Security Council and its programmes.",
         (r"United Nations", r"UN", r"UNEP", r"UN Security Council"), ("国連",), "organisation"),
    Term("jaif", "JAIF", "日・ＡＳＥＡＮ統合基金", "Japan-ASEAN Integration Fund.",
         (r"JAIF", r"Japan-ASEAN Integration Fund"), ("ＪＡＩＦ", "統合基金"), "programme"),
    Term("mekong_japan", "Mekong-Japan Cooperation", "日メコン協力", "Summits, ministers' meetings and strategies of Mekong-Japan cooperation.",
         (r"Mekong-Japan", r"Japan-Mekong"), ("日メコン",), "programme"),
    Term("host_town", "Host Town Initiative", "ホストタウン", "Japanese municipalities hosting teams for the Tokyo 2020 Games.",
         (r"Host Towns?", r"Host Town Initiative"), ("ホストタウン",), "programme"),
    Term("sport_for_tomorrow", "Sport for Tomorrow", "スポーツ・フォー・トゥモロー", "Japan's international sport cooperation programme.",
         (r"Sport for Tomorrow",), ("Sport for Tomorrow",), "programme"),
    Term("technical_intern", "Technical Intern Training Program", "外国人技能実習制度", "Japan's programme for foreign technical interns.",
         (r"Technical Intern Training Program",), ("技能実習",), "programme"),
    Term("lao_youth_union", "Lao Youth Union", "ラオス青年同盟", "The Lao People's Revolutionary Youth Union.",
         (r"Lao Youth Union",), ("ラオス青年同盟",), "organisation"),
    Term("public_private_dialogue", "Lao-Japan Public and Private Sectors Joint Dialogue", "日ラオス官民合同対話",
         "The joint public-private dialogue on the investment climate.",
         (r"Public and Private Sectors Joint Dialogue", r"public-private sector dialogues"), ("官民合同対話",), "programme"),
    Term("nsedp", "National Socio-Economic Development Plan", "国家社会経済開発計画", "The Lao PDR's five-year national plans (8th 2016-2020, 9th 2021-2025).",
         (r"National Socio-Economic Development Plan", r"NSEDP"), ("国家社会経済開発",), "plan"),
    Term("digital_master_plan", "Lao Digital Economy Master Plan", "ラオス・デジタル・エコノミー・マスタープラン", "The Lao PDR's digital economy plan 2020-2025.",
         (r"Digital Economy Master Plan",), ("デジタル・エコノミー・マスタープラン",), "plan"),
    Term("quality_infrastructure", "Partnership for Quality Infrastructure", "質の高いインフラパートナーシップ", "Japan's initiatives for quality infrastructure.",
         (r"Partnership for Quality Infrastructure",), ("質の高いインフラパートナーシップ",), "programme"),
)

THEME_IDS = tuple(t.id for t in THEMES)
ACTOR_IDS = tuple(a.id for a in ACTORS)
_BY_ID = {t.id: t for t in THEMES + ACTORS}


def term(term_id: str) -> Term:
    """Look a theme or actor up by id; KeyError names the known ids."""
    try:
        return _BY_ID[term_id]
    except KeyError:
        raise KeyError(f"unknown theme or actor {term_id!r}; known: {', '.join(_BY_ID)}") from None


def find_terms(terms: tuple[Term, ...], folded_text: str, lang: str) -> list[str]:
    """Ids of the terms whose keywords occur in a folded text."""
    return [t.id for t in terms if t.find(folded_text, lang)]


def markdown() -> str:
    """The vocabulary as Markdown, for docs/VOCABULARY.md."""
    lines = [
        "# Vocabulary",
        "",
        "Generated by `laomap vocabulary` from `src/laomap/vocabulary.py`; do not edit by hand.",
        "",
        "Themes are multi-label: a statement carries every theme whose keywords it contains, in English or",
        "Japanese; the English and Japanese records of one statement share the union of their themes.",
        "",
        "## Themes",
        "",
        "| id | English | 日本語 | what it covers | English keywords | 日本語キーワード |",
        "|---|---|---|---|---|---|",
    ]
    for t in THEMES:
        lines.append(f"| `{t.id}` | {t.label_en} | {t.label_ja} | {t.description} | {', '.join(t.en)} | {'、'.join(t.ja)} |")
    lines += ["", "## Actors and programmes", "", "| id | type | English | 日本語 | what it is |", "|---|---|---|---|---|"]
    for a in ACTORS:
        lines.append(f"| `{a.id}` | {a.type} | {a.label_en} | {a.label_ja} | {a.description} |")
    lines += [
        "",
        "The parties themselves (`japan`, `lao_pdr`) are added as actors from the subject of each statement",
        "('Both sides', 'Japan', 'The Lao PDR'; 双方、日本、ラオス).",
        "",
    ]
    return "\n".join(lines)
