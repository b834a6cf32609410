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

from laomap.i18n import t
from laomap.textnorm import fold


@dataclass(frozen=True)
class Term:
    id: str
    description: str
    en: tuple[str, ...]
    ja: tuple[str, ...]
    type: str = "theme"  # theme | government | organisation | programme | plan
    # Phrases in which a keyword means something else ("investment climate" is not the climate): their words do not count
    # for this term (they still count for any other term whose keywords they are)
    other_senses: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    @cached_property
    def _other_en_rx(self) -> re.Pattern[str] | None:
        en = self.other_senses[0]
        return re.compile(r"(?<![\w-])(?:" + "|".join(en) + r")(?![\w])", re.IGNORECASE) if en else None

    @cached_property
    def _other_ja_rx(self) -> re.Pattern[str] | None:
        ja = self.other_senses[1]
        return re.compile("|".join(re.escape(fold(k)) for k in ja)) if ja else None

    @cached_property
    def _en_rx(self) -> re.Pattern[str] | None:
        if not self.en:
            return None
        # All-capital acronyms (UN, EAS, LDC) stay case-sensitive so "un" or "eas" never match.
        parts = [f"(?-i:{k})" if re.fullmatch(r"[A-Z0-9-]{2,}s?\??", k) else k for k in self.en]
        return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)

    def label(self, lang: str) -> str:
        """The interface label (``term.<id>`` in the i18n catalogs)."""
        return t(f"term.{self.id}", lang)

    def find(self, folded_text: str, lang: str) -> list[str]:
        """The keywords of this term present in a folded text, in order of appearance (not in its ``other_senses``)."""
        if lang == "ja":
            folded_text = _blank(self._other_ja_rx, folded_text)
            return [k for k in self.ja if fold(k) in folded_text]
        rx, folded_text = self._en_rx, _blank(self._other_en_rx, folded_text)
        return [m.group(0) for m in rx.finditer(folded_text)] if rx else []


def _blank(rx: re.Pattern[str] | None, text: str) -> str:
    """``text`` with what ``rx`` matches turned to spaces (a term's other senses; same length, positions stay)."""
    return rx.sub(lambda m: " " * len(m.group(0)), text) if rx else text


THEMES: tuple[Term, ...] = (
    Term("politics", "High-level visits, summits, ministerial and parliamentary dialogue.",
         (r"summit", r"high-level", r"parliamentary", r"foreign ministers?'?s?", r"dialogues?", r"political party", r"consultations?", r"honorary consulates?"),
         ("首脳", "ハイレベル", "議会", "外相", "外務大臣", "対話", "政党", "名誉領事")),
    Term("defence", "Defence exchanges, security dialogue, disarmament and non-proliferation.",
         (r"defen[cs]e", r"military", r"disarmament", r"non-proliferation", r"NPT", r"security dialogue"),
         ("防衛", "軍縮", "不拡散", "ＮＰＴ", "軍関係者", "安全保障対話")),
    Term("regional_order",
         "ASEAN, Mekong-Japan cooperation, the Indo-Pacific, the UN, maritime order, the Korean Peninsula, crime and terrorism.",
         (r"ASEAN", r"Mekong-Japan", r"Indo-Pacific", r"AOIP", r"FOIP", r"United Nations", r"UN", r"Security Council", r"maritime", r"navigation",
          r"Korean Peninsula", r"denuclearization", r"terrorism", r"transnational crimes?", r"EAS", r"international law", r"abductions?"),
         ("ＡＳＥＡＮ", "日メコン", "インド太平洋", "国連", "安保理", "安全保障理事会", "海洋秩序", "航行", "朝鮮半島", "非核化", "テロ", "犯罪", "ＥＡＳ", "国際法", "拉致")),
    Term("connectivity", "Roads, bridges, airports, corridors, logistics, customs and border crossings.",
         (r"connectivity", r"land-linked", r"land-locked", r"landlocked", r"transport(?:ation)?", r"roads?", r"bridges?", r"airports?", r"air routes?",
          r"corridor", r"logistics?", r"distribution", r"customs", r"border check-point", r"direct flights?", r"buses", r"transportation hub",
          r"highways?", r"national road", r"Route \d+", r"runways?", r"passenger terminal", r"railways?"),
         ("連結性", "陸で", "交通", "運輸", "道路", "橋", "空港", "回廊", "物流", "税関", "直行便", "結節点", "国道", "滑走路", "ターミナル", "鉄道")),
    Term("infrastructure",
         "Quality infrastructure, water supply and sanitation, urban development and public services.",
         (r"infrastructure", r"waterworks", r"sewerage", r"urban", r"public services?", r"public transport", r"cities", r"towns",
          r"water supply", r"water treatment", r"safe water", r"clean water", r"drinking water", r"sanitation", r"(?:water|tube|deep) wells?", r"boreholes?", r"latrines?",
          r"toilets?", r"water purification"),
         ("インフラ", "上水道", "都市開発", "都市環境", "地方都市", "都市・地方", "公共サービス", "給水", "浄水", "水道", "安全な水", "飲料水",
          "衛生施設", "井戸", "トイレ", "下水")),
    Term("energy", "Power generation and grids, electricity trade and energy policy.",
         (r"power", r"electric(?:al|ity)?", r"energy", r"battery", r"grid", r"hydro-?power", r"hydro-?electric", r"(?:mini|micro|small)-hydro\w*", r"substations?",
          r"transmission lines?", r"solar"),
         ("電力", "エネルギー", "電気", "系統", "水力", "発電", "送電", "変電", "配電", "太陽光")),
    Term("economy", "Fiscal stability, revenue, budgets, national development plans, LDC graduation.",
         (r"fiscal", r"macro economy", r"financ(?:e|es|ial)", r"revenue", r"budgets?", r"tax(?:-payment)?", r"Least Developed Country", r"LDC",
          r"Upper-Middle-Income", r"Socio-Economic Development Plan", r"NSEDP", r"economic recovery"),
         ("財政", "マクロ経済", "歳入", "予算", "税", "後発開発途上国", "ＬＤＣ", "高中所得国", "国家社会経済開発", "経済回復")),
    Term("trade_investment",
         "Investment climate, trade agreements, SEZs, SMEs, supply chains and business skills.",
         (r"investments?", r"trade", r"SEZ", r"SMEs?", r"companies", r"enterprises?", r"entrepreneurs?", r"business", r"supply (?:chain|system)",
          r"Economic Partnership", r"AJCEP", r"RCEP", r"private[- ]sector", r"markets?", r"industrial policy", r"industr(?:y|ies|ial)"),
         ("投資", "貿易", "ＳＥＺ", "経済特区", "中小企業", "企業", "起業", "経営", "サプライチェーン", "供給体制", "経済連携", "ＡＪＣＥＰ", "ＲＣＥＰ", "民間", "産業")),
    Term("human_resources",
         "Training, capacity building, scholarships and the industrial workforce.",
         (r"human resources?", r"capacity building", r"training", r"trainings", r"trainees?", r"vocational", r"scholarships?", r"JDS",
          r"workforce", r"leadership", r"study tours?", r"Technical Intern"),
         ("人材", "能力構築", "能力開発", "能力強化", "研修", "職業訓練", "奨学", "ＪＤＳ", "技能実習", "リーダー育成")),
    Term("education", "Basic and higher education, Japanese-language teaching, students.",
         (r"education", r"schools?", r"students?", r"Japanese[- ]language", r"Japanese learners", r"Japanese-learning", r"NIHONGO", r"mathematics", r"STEM", r"science",
          r"classrooms?", r"teachers?", r"pupils?", r"universit(?:y|ies)", r"kindergartens?", r"school buildings?", r"dormitor(?:y|ies)"),
         ("教育", "学校", "留学", "日本語", "学習者", "数学", "校舎", "教室", "教員", "教師", "児童", "生徒", "大学", "幼稚園", "寄宿舎")),
    Term("health", "Health care, public-health emergencies, pandemics and universal health coverage.",
         (r"health", r"healthcare", r"medical", r"pandemics?", r"COVID-19", r"diseases?", r"Universal Health Coverage", r"nutrition",
          r"hospitals?", r"clinics?", r"dispensar(?:y|ies)", r"maternal", r"vaccin\w*", r"doctors?", r"nurses?", r"midwi(?:fe|ves)",
          r"patients?"),
         ("保健", "医療", "ヘルスケア", "感染症", "公衆衛生", "コロナ", "栄養", "病院", "診療所", "ヘルスセンター", "母子", "ワクチン",
          "医師", "看護", "助産", "患者")),
    Term("agriculture", "Irrigation, food value chains, food security and farmers' incomes.",
         (r"agricultur(?:e|al)", r"irrigation", r"food", r"farmers?", r"crops?", r"cold chain", r"liquor production", r"rice", r"livestock",
          r"fisher(?:y|ies)", r"coffee", r"paddy", r"paddies"),
         ("農業", "灌漑", "食料", "食品", "農家", "泡盛", "コメ", "稲作", "畜産", "水産", "コーヒー", "農村", "農民", "水田")),
    Term("environment",
         "Green growth, climate change, disaster risk, forests, rivers, marine litter and whales.",
         (r"environment(?:al)?", r"climate", r"green", r"clean", r"disasters?", r"greenhouse", r"emissions?", r"forests?", r"natural resources?",
          r"marine plastic", r"pollution", r"whales?", r"conservation", r"conserve", r"Mekong River basin", r"floods?", r"flooding",
          r"landslides?", r"droughts?", r"early warning", r"disaster risk"),
         ("環境", "気候", "グリーン", "クリーン", "防災", "災害", "温室効果", "排出", "森林", "天然資源", "プラスチック", "汚染", "鯨", "流域",
          "洪水", "水害", "土砂", "干ばつ", "早期警報"),
         other_senses=((r"(?:investment|business|trade|investment and business|learning|school|educational|study|working) (?:climate|environment)",),
                       ("投資環境", "ビジネス環境", "事業環境", "貿易環境", "学習環境", "教育環境", "就労環境"))),
    Term("tourism_culture",
         "Tourism promotion, festivals, arts, heritage, sport and the symbols of friendship.",
         (r"touris[mt]s?", r"visitors", r"cultur(?:e|al)", r"arts", r"festivals?", r"sports?", r"Olympic", r"Paralympic", r"Host Towns?",
          r"cherry blossoms?", r"elephants?", r"World Heritage", r"traditions?", r"scenery"),
         ("観光", "文化", "芸術", "フェスティバル", "祭り", "スポーツ", "オリンピック", "パラリンピック", "ホストタウン", "桜", "象祭り", "頭の象", "伝統")),
    Term("people_exchange",
         "Youth and people-to-people exchange, volunteers, municipal links, visas and travel.",
         (r"people-to-people", r"exchanges?", r"youths?", r"young", r"volunteers", r"JOCV", r"JENESYS", r"SSEAYP", r"municipal(?:-level|ities)?",
          r"visas?", r"cross-border travel", r"intellectuals"),
         ("人的交流", "交流", "青少年", "青年", "若者", "協力隊", "ＪＯＣＶ", "ＪＥＮＥＳＹＳ", "地方自治体", "査証", "移動")),
    Term("governance",
         "Law and legal development, public administration, anti-corruption and audit.",
         (r"laws?", r"legal", r"legislative", r"legislation", r"rule of law", r"governance", r"public administration", r"anti-corruption",
          r"auditing", r"oversight", r"Sam Sang", r"constitution", r"institutional"),
         ("法制度", "法務", "法の支配", "行政", "汚職", "監査", "監督機能", "制度的")),
    Term("digital", "The digital economy, ICT and cybersecurity.",
         (r"digital", r"ICT", r"cybersecurity"),
         ("デジタル", "ＩＣＴ", "サイバー")),
    Term("uxo", "Clearance of unexploded ordnance (UXO), landmines and cluster munitions.",
         (r"unexploded ordnance", r"UXO", r"mine clearance", r"landmines?", r"demining", r"cluster munitions?", r"bombies"),
         ("不発弾", "ＵＸＯ", "地雷", "クラスター", "除去")),
)


ACTORS: tuple[Term, ...] = (
    Term("jica", "Japan International Cooperation Agency.",
         (r"JICA", r"Japan International Cooperation Agency"), ("ＪＩＣＡ", "国際協力機構"), "organisation"),
    Term("jds", "Project for Human Resource Development Scholarship.",
         (r"JDS", r"Human Resource Development Scholarship"), ("ＪＤＳ", "人材育成奨学計画"), "programme"),
    Term("jocv", "Japan Overseas Cooperation Volunteers.",
         (r"JOCV", r"Japan Overseas Cooperation Volunteers"), ("ＪＯＣＶ", "青年海外協力隊"), "programme"),
    Term("jenesys", "Japan-East Asia Network of Exchange for Students and Youths.",
         (r"JENESYS",), ("ＪＥＮＥＳＹＳ", "青少年大交流計画"), "programme"),
    Term("sseayp", "The Ship for Southeast Asian and Japanese Youth Program.",
         (r"SSEAYP", r"Ship for Southeast Asian and Japanese Youth"), ("SSEAYP", "東南アジア青年の船"), "programme"),
    Term("japan_foundation", "The Japan Foundation and its Asia Center.",
         (r"Japan Foundation",), ("国際交流基金",), "organisation"),
    Term("coop_okinawa", "A consumer co-operative in Okinawa assisting Attapeu Province.",
         (r"CO-OP Okinawa",), ("コープおきなわ",), "organisation"),
    Term("nihongo_partners", "Japan Foundation programme sending Japanese-language assistants.",
         (r"NIHONGO Partners",), ("日本語パートナーズ",), "programme"),
    Term("asean", "The Association of Southeast Asian Nations and its bodies.",
         (r"ASEAN",), ("ＡＳＥＡＮ",), "organisation"),
    Term("un", "The UN, its Security Council and its programmes.",
         (r"United Nations", r"UN", r"UNEP", r"UN Security Council"), ("国連",), "organisation"),
    Term("jaif", "Japan-ASEAN Integration Fund.",
         (r"JAIF", r"Japan-ASEAN Integration Fund"), ("ＪＡＩＦ", "統合基金"), "programme"),
    Term("mekong_japan", "Summits, ministers' meetings and strategies of Mekong-Japan cooperation.",
         (r"Mekong-Japan", r"Japan-Mekong"), ("日メコン",), "programme"),
    Term("host_town", "Japanese municipalities hosting teams for the Tokyo 2020 Games.",
         (r"Host Towns?", r"Host Town Initiative"), ("ホストタウン",), "programme"),
    Term("sport_for_tomorrow", "Japan's international sport cooperation programme.",
         (r"Sport for Tomorrow",), ("Sport for Tomorrow",), "programme"),
    Term("technical_intern", "Japan's programme for foreign technical interns.",
         (r"Technical Intern Training Program",), ("技能実習",), "programme"),
    Term("lao_youth_union", "The Lao People's Revolutionary Youth Union.",
         (r"Lao Youth Union",), ("ラオス青年同盟",), "organisation"),
    Term("public_private_dialogue",
         "The joint public-private dialogue on the investment climate.",
         (r"Public and Private Sectors Joint Dialogue", r"public-private sector dialogues"), ("官民合同対話",), "programme"),
    Term("nsedp", "The Lao PDR's five-year national plans (8th 2016-2020, 9th 2021-2025).",
         (r"National Socio-Economic Development Plan", r"NSEDP"), ("国家社会経済開発",), "plan"),
    Term("digital_master_plan", "The Lao PDR's digital economy plan 2020-2025.",
         (r"Digital Economy Master Plan",), ("デジタル・エコノミー・マスタープラン",), "plan"),
    Term("quality_infrastructure", "Japan's initiatives for quality infrastructure.",
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


STATEMENT_KINDS: dict[str, tuple[bool, str]] = {  # kind -> (a statement?, what it is)
    "commitment": (True, "a party undertakes to act ('will support', 'agreed to', 'I will', ことで一致, 支援する旨述べ, していきます, "
                         "格上げすることを決定)"),
    "acknowledgement": (True, "they welcome, appreciate, note or stress something ('welcomed', 'expressed gratitude', 謝意, 歓迎, "
                              "期待を述べました)"),
    "goal": (True, "a vision or target state ('seek to bring about', を目指す)"),
    "programme": (True, "a concrete programme line: an imperative bullet, a list item under a lead-in, a project described "
                        "(…を実施するものです)"),
    "remark": (True, "what a meeting outline, a press statement or a news item reports: a visit paid, a meeting held, a site "
                     "inspected, a facility handed over, what one side stated ('stated', 'handed over', 旨述べました, 視察しました)"),
    "agreement": (True, "an agreement signed: an Exchange of Notes, a loan or grant agreement, a grant contract "
                        "('signed the loan agreement', 書簡の交換, 交換公文, 贈与契約)"),
    "funding": (True, "a grant or a loan provided or to be spent, usually with its amount ('will provide a grant of 1.7 billion yen', "
                      "'grassroots grant', 無償資金協力, 円借款, …を供与するものです)"),
    "background": (True, "background: what another plan states, the situation a plan answers ('the 8th NSEDP states that', "
                         "述べている, 掲げている)"),
    "statement": (True, "a statement whose kind no rule decides: every sentence of a body is a statement unless it is "
                        "recognisably not one, and it is never dropped for want of a rule"),
    "activity": (True, "an activity a donor reports in an IATI activity file (its title, description, dates, places and "
                       "budget): every statement of a document read from IATI XML"),
    "lead-in": (False, "a sentence that only introduces the list below it ('as follows', 概要は以下のとおり)"),
    "heading": (False, "a heading left in the body: a short line with no final punctuation and no verb (総論, 'Economic Cooperation')"),
    "caption": (False, "a photo caption ('Photo: ...', 写真提供：...)"),
    "byline": (False, "a byline ('By ...')"),
    "dateline": (False, "a news dateline on its own ('VIENTIANE, March 6 (KPL) --'); the sentence after it is a statement"),
    "contact": (False, "contact details (Contact:, Tel, E-mail, お問い合わせ)"),
    "furniture": (False, "page furniture: a site, newsletter or agency name, a masthead, Share, Print, a copyright line"),
    "back-link": (False, "a navigation link ('Back to ...', 'To the text of this page', 一覧へ戻る)"),
}


def _cell(text: str) -> str:
    """Text for a Markdown table's cell: a regular expression's ``|`` would end the cell."""
    return text.replace("|", "\\|")


def markdown() -> str:
    """The vocabulary as Markdown, for docs/VOCABULARY.md."""
    lines = [
        "# Vocabulary",
        "",
        "Generated by `laomap vocabulary` from `src/laomap/pipeline/vocabulary.py` (labels from the i18n catalogs); do not edit by hand.",
        "",
        "Themes are multi-label: a statement carries every theme whose keywords it contains, in English or",
        "Japanese; the English and Japanese records of one statement share the union of their themes.",
        "",
        "## Themes",
        "",
        "| id | English | 日本語 | what it covers | English keywords | 日本語キーワード |",
        "|---|---|---|---|---|---|",
    ]
    for term in THEMES:
        lines.append(f"| `{term.id}` | {term.label('en')} | {term.label('ja')} | {term.description} | {_cell(', '.join(term.en))} | "
                     f"{'、'.join(term.ja)} |")
    senses = [term for term in THEMES if any(term.other_senses)]
    if senses:
        lines += ["", "A keyword inside one of these phrases means something else and does not make the theme (the phrase's",
                  "words still count for any other theme they belong to):", "",
                  "| theme | English phrases | 日本語の語句 |", "|---|---|---|"]
        lines += [f"| `{term.id}` | {_cell(', '.join(term.other_senses[0]))} | {'、'.join(term.other_senses[1])} |" for term in senses]
    lines += ["", "## Actors and programmes", "", "| id | type | English | 日本語 | what it is |", "|---|---|---|---|---|"]
    for a in ACTORS:
        lines.append(f"| `{a.id}` | {a.type} | {a.label('en')} | {a.label('ja')} | {a.description} |")
    lines += [
        "",
        "The parties themselves (`japan`, `lao_pdr`) are added as actors from the subject of each statement",
        "('Both sides', 'Japan', 'The Lao PDR'; 双方、日本、ラオス).",
        "",
        "## Kinds of statement",
        "",
        "Every sentence of a document's body is a statement unless it is recognisably not one; a statement whose kind",
        "no rule decides keeps the neutral kind `statement` and is never dropped. What is not a statement is kept as",
        "non-statement text with its reason (rules in `laomap/pipeline/extract.py`, first match decides).",
        "",
        "| kind | statement | what it is |",
        "|---|---|---|",
        *(f"| `{kind}` | {'yes' if record else 'no'} | {what} |" for kind, (record, what) in STATEMENT_KINDS.items()),
        "",
    ]
    return "\n".join(lines)
