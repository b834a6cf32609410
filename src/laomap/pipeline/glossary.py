"""Bilingual terms of the relationship: what lets an English statement and a Japanese one meet.

The themes of ``vocabulary.py`` are broad (a statement on schools and one on scholarships
are both Education); the plan history needs finer terms to tell whether a Japanese
statement of 2025 takes up an English one of 2016. Each term is an English regular
expression (case-insensitive, whole words, stems allowed) and Japanese substrings (matched
on NFKC-folded text). Terms are concepts, not translations of one word: ``hrd`` is "human
resource development" as well as 人材育成. A new language adds a column here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from laomap.textnorm import fold

# id: (English patterns, Japanese substrings)
TERMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # people and exchanges
    "hrd": ((r"human resources?(?: development)?", r"capacity[- ]building", r"training of (?:officials|personnel)"), ("人材育成", "人材の育成", "能力強化", "人材")),
    "scholarship": ((r"scholarships?", r"study in japan", r"students? studying"), ("奨学", "留学")),
    "volunteer": ((r"volunteers?", r"JOCV"), ("ボランティア", "協力隊")),
    "youth": ((r"youths?", r"young people", r"young leaders?"), ("青年", "青少年", "若者", "若手")),
    "exchange": ((r"exchanges?", r"people-to-people", r"grassroots"), ("交流",)),
    "japanese_language": ((r"japanese[- ]language", r"nihongo"), ("日本語",)),
    "university": ((r"universit(?:y|ies)", r"higher education"), ("大学", "高等教育")),
    "school": ((r"schools?", r"primary education", r"basic education", r"teachers?"), ("学校", "初等教育", "基礎教育", "教員", "教師")),
    "vocational": ((r"vocational", r"technical education", r"TVET", r"skills? (?:development|training)"), ("職業訓練", "職業教育", "技能")),
    "sister_city": ((r"sister[- ]cit(?:y|ies)", r"friendship cit(?:y|ies)", r"municipalit(?:y|ies)", r"local governments?"), ("姉妹都市", "友好都市", "自治体", "地方公共団体")),
    "tourism": ((r"touris(?:m|ts?)", r"visitors?"), ("観光",)),
    "culture": ((r"cultur(?:e|al)", r"heritage", r"arts?"), ("文化", "遺産", "芸術")),
    "sport": ((r"sports?",), ("スポーツ",)),
    "olympics": ((r"olympics?", r"paralympics?", r"tokyo 2020"), ("オリンピック", "パラリンピック", "東京2020", "東京大会")),
    "anniversary": ((r"anniversary",), ("周年",)),
    "diplomatic_relations": ((r"diplomatic relations",), ("外交関係",)),
    "visa": ((r"visas?", r"entry procedures?"), ("査証", "ビザ")),
    "labour": ((r"labou?r", r"workers?", r"employment", r"specified skilled"), ("労働", "雇用", "特定技能", "就労")),
    # politics and the region
    "summit": ((r"summits?", r"leaders'? meetings?", r"prime ministers?'? meetings?"), ("首脳",)),
    "visit": ((r"visits?", r"mutual visits?"), ("訪問", "往来")),
    "foreign_minister": ((r"foreign ministers?", r"ministers? (?:of|for) foreign affairs"), ("外相", "外務大臣")),
    "parliament": ((r"parliament(?:ary|s)?", r"national assembly", r"diet"), ("議会", "国会", "国民議会", "議員")),
    "political_party": ((r"political part(?:y|ies)", r"party-to-party"), ("政党",)),
    "strategic_partnership": ((r"strategic partnership",), ("戦略的パートナーシップ",)),
    "comprehensive_partnership": ((r"comprehensive partnership",), ("包括的パートナーシップ",)),
    "consulate": ((r"consulates?", r"consul"), ("領事",)),
    "asean": ((r"ASEAN",), ("ASEAN", "東南アジア諸国連合")),
    "community": ((r"ASEAN Community", r"community building"), ("共同体",)),
    "mekong_japan": ((r"Mekong-Japan", r"Japan-Mekong"), ("日メコン", "日本・メコン")),
    "indo_pacific": ((r"Indo-Pacific", r"FOIP", r"AOIP"), ("インド太平洋",)),
    "un": ((r"United Nations", r"UN"), ("国連", "国際連合")),
    "security_council": ((r"Security Council",), ("安保理", "安全保障理事会")),
    "un_reform": ((r"(?:Security Council|UN) reform",), ("改革",)),
    "korea": ((r"Korean Peninsula", r"North Korea", r"DPRK"), ("朝鮮", "北朝鮮")),
    "nuclear": ((r"nuclear", r"denucleari[sz]ation", r"NPT"), ("核", "NPT")),
    "abduction": ((r"abductions?",), ("拉致",)),
    "south_china_sea": ((r"South China Sea", r"maritime", r"navigation", r"overflight", r"UNCLOS", r"law of the sea"), ("南シナ海", "海洋", "航行", "上空飛行", "海洋法")),
    "rule_of_law": ((r"rule of law", r"international law", r"legal (?:system|development)", r"judicial", r"law enforcement"), ("法の支配", "国際法", "法制度", "法整備", "司法")),
    "terrorism": ((r"terrorism", r"violent extremism"), ("テロ", "暴力的過激主義")),
    "crime": ((r"crimes?", r"traffick(?:ing)?", r"drugs?", r"narcotics?"), ("犯罪", "人身取引", "麻薬", "薬物")),
    "defence": ((r"defen[cs]e", r"military", r"armed forces"), ("防衛", "軍")),
    "disarmament": ((r"disarmament", r"non-proliferation"), ("軍縮", "不拡散")),
    "peacekeeping": ((r"peacekeeping", r"PKO"), ("平和維持", "PKO")),
    # economy
    "nsedp": ((r"(?:national )?socio-economic development plan", r"NSEDP", r"five-year plan"), ("国家社会経済開発", "5か年計画", "5カ年計画")),
    "ldc": ((r"least developed countr(?:y|ies)", r"LDC", r"graduat(?:e|ion)"), ("後発開発途上国", "LDC", "卒業")),
    "sdgs": ((r"SDGs?", r"sustainable development goals?"), ("SDGs", "持続可能な開発目標")),
    "fiscal": ((r"fiscal", r"public finances?", r"debt", r"budgets?"), ("財政", "債務", "予算")),
    "tax": ((r"tax(?:es|ation)?", r"revenue", r"customs duties"), ("税", "歳入")),
    "investment": ((r"investments?", r"investors?"), ("投資",)),
    "investment_climate": ((r"investment (?:climate|environment)", r"business environment"), ("投資環境", "ビジネス環境")),
    "public_private_dialogue": ((r"public[- ]private", r"joint dialogue"), ("官民",)),
    "sez": ((r"special economic zones?", r"SEZs?", r"industrial (?:estate|park|zone)s?"), ("経済特区", "特別経済区", "工業団地", "SEZ")),
    "sme": ((r"SMEs?", r"small and medium(?:-sized)? enterprises?"), ("中小企業",)),
    "trade": ((r"trade", r"exports?", r"imports?"), ("貿易", "輸出", "輸入")),
    "epa": ((r"economic partnership", r"AJCEP", r"RCEP", r"free trade"), ("経済連携", "AJCEP", "RCEP", "自由貿易")),
    "supply_chain": ((r"supply chains?", r"value chains?"), ("サプライチェーン", "バリューチェーン")),
    "private_sector": ((r"private sector", r"companies", r"enterprises?", r"businesses"), ("民間", "企業")),
    "industry": ((r"industr(?:y|ies|ial)", r"manufactur(?:e|ing)"), ("産業", "工業", "製造")),
    "finance": ((r"financial", r"banking", r"capital markets?", r"loans?", r"yen loans?", r"ODA"), ("金融", "融資", "円借款", "ODA", "政府開発援助")),
    "statistics": ((r"statistics?", r"statistical"), ("統計",)),
    # connectivity and infrastructure
    "connectivity": ((r"connectivity", r"land-link(?:ed)?", r"land-lock(?:ed)?"), ("連結性", "陸の孤島", "内陸")),
    "corridor": ((r"corridors?", r"EWEC"), ("回廊",)),
    "road": ((r"roads?", r"highways?", r"national road", r"route \d+"), ("道路", "国道")),
    "bridge": ((r"bridges?",), ("橋",)),
    "airport": ((r"airports?", r"air routes?", r"direct flights?", r"aviation"), ("空港", "航空", "直行便")),
    "railway": ((r"railways?", r"rail"), ("鉄道",)),
    "logistics": ((r"logistics?", r"distribution", r"transport(?:ation)? hub"), ("物流", "結節点")),
    "border": ((r"borders?", r"check-?points?", r"cross-border"), ("国境", "越境")),
    "customs": ((r"customs",), ("税関", "通関")),
    "urban_transport": ((r"public transport(?:ation)?", r"buses", r"urban transport(?:ation)?", r"traffic"), ("公共交通", "バス", "都市交通", "交通")),
    "urban": ((r"urban", r"cities", r"city planning", r"town planning"), ("都市",)),
    "water_supply": ((r"water supply", r"waterworks", r"drinking water", r"sewerage", r"sanitation"), ("上水道", "水道", "下水", "衛生")),
    "quality_infrastructure": ((r"quality infrastructure",), ("質の高いインフラ",)),
    "infrastructure": ((r"infrastructure",), ("インフラ", "基盤整備")),
    # energy and resources
    "electricity": ((r"electric(?:ity|al)?", r"power", r"grid", r"transmission lines?"), ("電力", "電気", "送電", "系統")),
    "hydropower": ((r"hydro(?:power|electric)?", r"dams?"), ("水力", "ダム")),
    "battery": ((r"battery", r"ASEAN'?s battery"), ("バッテリー",)),
    "renewable": ((r"renewable", r"solar", r"wind power", r"clean energy"), ("再生可能", "太陽光", "風力", "クリーンエネルギー")),
    "energy": ((r"energy",), ("エネルギー",)),
    "mining": ((r"minerals?", r"mining"), ("鉱物", "鉱業", "鉱山")),
    # agriculture, environment
    "agriculture": ((r"agricultur(?:e|al)", r"farm(?:ers?|ing)?", r"rural development"), ("農業", "農家", "農村")),
    "irrigation": ((r"irrigation",), ("灌漑", "かんがい")),
    "food": ((r"food", r"nutrition"), ("食料", "食品", "栄養")),
    "food_safety": ((r"food safety", r"sanitary and phytosanitary", r"SPS"), ("食品安全", "衛生植物検疫")),
    "coffee": ((r"coffee",), ("コーヒー",)),
    "rice": ((r"rice",), ("米", "コメ", "稲")),
    "livestock": ((r"livestock", r"cattle", r"animal health"), ("畜産", "家畜", "牛")),
    "forest": ((r"forests?", r"forestry", r"REDD\+?", r"deforestation"), ("森林", "林業", "植林")),
    "climate": ((r"climate change", r"climate", r"carbon", r"decarboni[sz]ation", r"emissions?", r"JCM"), ("気候変動", "気候", "炭素", "脱炭素", "排出", "JCM", "二国間クレジット")),
    "disaster": ((r"disasters?", r"floods?", r"natural hazards?", r"disaster risk reduction", r"early warning"), ("防災", "災害", "洪水", "早期警報")),
    "environment": ((r"environment(?:al)?", r"pollution", r"waste"), ("環境", "汚染", "廃棄物")),
    "mekong_river": ((r"Mekong River", r"water resources?"), ("メコン川", "水資源")),
    "mekong_commission": ((r"Mekong River Commission", r"MRC"), ("メコン河委員会",)),
    # health and society
    "health": ((r"health", r"medical", r"healthcare", r"universal health coverage", r"UHC"), ("保健", "医療", "健康", "ユニバーサル・ヘルス・カバレッジ", "UHC")),
    "hospital": ((r"hospitals?", r"clinics?", r"health facilit(?:y|ies)"), ("病院", "診療所", "医療施設")),
    "maternal": ((r"maternal", r"mothers?", r"child health", r"newborns?"), ("母子", "妊産婦", "母親")),
    "vaccine": ((r"vaccines?", r"vaccination", r"immuni[sz]ation", r"cold chain"), ("ワクチン", "予防接種", "コールドチェーン")),
    "covid": ((r"COVID-19", r"COVID", r"pandemic", r"coronavirus"), ("新型コロナ", "コロナ", "COVID", "感染症")),
    "infectious": ((r"infectious diseases?", r"epidemics?", r"malaria", r"tuberculosis"), ("感染症", "マラリア", "結核")),
    "nutrition_school": ((r"school meals?", r"school lunch(?:es)?"), ("学校給食", "給食")),
    "gender": ((r"gender", r"women", r"girls?"), ("ジェンダー", "女性", "女児")),
    "disability": ((r"disabilit(?:y|ies)", r"persons with disabilities"), ("障害",)),
    "poverty": ((r"poverty", r"inequalit(?:y|ies)", r"vulnerable"), ("貧困", "格差", "脆弱")),
    "uxo": ((r"unexploded ordnance", r"UXO", r"cluster munitions?", r"mine action", r"demining"), ("不発弾", "クラスター", "地雷")),
    "governance": ((r"governance", r"public administration", r"civil serv(?:ice|ants)", r"administrative"), ("ガバナンス", "行政", "公務員")),
    "police": ((r"police",), ("警察",)),
    "digital": ((r"digital", r"ICT", r"information and communications? technolog(?:y|ies)", r"e-government", r"cyber"), ("デジタル", "ICT", "情報通信", "電子政府", "サイバー")),
    "science": ((r"science", r"technolog(?:y|ies)", r"innovation", r"research"), ("科学", "技術", "イノベーション", "研究")),
    "space": ((r"space", r"satellites?"), ("宇宙", "衛星")),
    "broadcasting": ((r"broadcast(?:ing)?", r"television", r"media"), ("放送", "テレビ", "メディア")),
    "grant": ((r"grant aid", r"grants?", r"grassroots"), ("無償", "草の根")),
    "jica": ((r"JICA", r"Japan International Cooperation Agency"), ("JICA", "国際協力機構")),
    "jds": ((r"JDS",), ("JDS", "人材育成奨学計画")),
}


_LITERAL = re.compile(r"[A-Za-z0-9' -]+")


def _cue(pattern: str) -> str | None:
    """The literal start of a pattern, lower-cased (a cheap test before the regular expression), or None."""
    m = _LITERAL.match(pattern)
    literal = m.group(0) if m else ""
    if pattern[len(literal):len(literal) + 1] in ("?", "*", "{"):
        literal = literal[:-1]  # its last letter may be absent ('roads?')
    cue = literal.lower()[:4]
    return cue if len(cue) >= 2 else None


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...] | None, tuple[str, ...]], ...]:
    out = []
    for term_id, (en, ja) in TERMS.items():
        parts = [f"(?-i:{p})" if re.fullmatch(r"[A-Z0-9-]{2,}s?\??", p) else p for p in en]
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)
        cues = [c for c in (_cue(p) for p in en) if c is not None]
        out.append((term_id, rx, tuple(cues) if len(cues) == len(en) else None, tuple(fold(j) for j in ja)))
    return tuple(out)


@lru_cache(maxsize=1)
def _cue_index() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]], tuple[int, ...]]:
    """One pass over a text finds every term's cue: (the cues' pattern, cue -> terms, terms to try always).

    A cue found at a position also stands for the shorter cues it begins with ('road' for 'ro').
    """
    compiled = _compiled()
    by_cue: dict[str, set[int]] = {}
    always = []
    for n, (_id, _rx, cues, _ja) in enumerate(compiled):
        if cues is None:
            always.append(n)
            continue
        for cue in cues:
            by_cue.setdefault(cue, set()).add(n)
    closed = {cue: tuple(sorted(set().union(*(by_cue[c] for c in by_cue if cue.startswith(c))))) for cue in by_cue}
    pattern = re.compile("(?=(" + "|".join(re.escape(c) for c in sorted(by_cue, key=len, reverse=True)) + "))")
    return pattern, closed, tuple(always)


@lru_cache(maxsize=65536)
def concepts(text: str, lang: str) -> tuple[str, ...]:
    """The ids of the terms a text uses, in the order of TERMS."""
    folded = fold(text)
    compiled = _compiled()
    if lang == "ja":
        return tuple(term_id for term_id, _rx, _cues, ja in compiled if any(j in folded for j in ja))
    pattern, by_cue, always = _cue_index()
    candidates = set(always).union(*(by_cue[m] for m in set(pattern.findall(folded.lower()))))
    return tuple(compiled[n][0] for n in sorted(candidates) if compiled[n][1].search(folded))


@lru_cache(maxsize=1)
def _search_patterns() -> dict[str, re.Pattern[str]]:
    """Each term's English patterns as a whole search word, case-insensitively (a search for "uxo" names UXO)."""
    return {term_id: re.compile("(?:" + "|".join(en) + ")", re.IGNORECASE) for term_id, (en, _ja) in TERMS.items()}


@lru_cache(maxsize=4096)
def terms_named(word: str) -> tuple[str, ...]:
    """The terms a search word (or phrase) names: one of a term's Japanese forms, or one of its English ones whole.

    Only a whole form counts (電力, "UXO", "unexploded ordnance"), not a part of one, so a search stays a search.
    """
    folded = fold(word).strip()
    if len(folded) < 2:
        return ()
    compiled = _search_patterns()
    return tuple(term_id for term_id, (_en, ja) in TERMS.items()
                 if folded in {fold(j) for j in ja} or compiled[term_id].fullmatch(folded))


def matched_forms(term_id: str, texts: list[str]) -> list[str]:
    """The forms of a term that folded texts use, as they write them, in order of first use."""
    en_rx = next(rx for tid, rx, _cues, _ja in _compiled() if tid == term_id)
    ja = TERMS[term_id][1]
    seen: dict[str, str] = {}
    for text in texts:
        for m in en_rx.finditer(text):
            seen.setdefault(m.group(0).lower(), m.group(0))
        for j in ja:
            if fold(j) in text:
                seen.setdefault(fold(j).lower(), fold(j))
    return list(seen.values())
