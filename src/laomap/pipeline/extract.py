"""Paragraphs -> statements: split sentences, classify each one, tag themes and actors.

Every sentence of a document's body is a statement unless it is recognisably not one. The
genres of the relationship are many (plans, joint statements, outlines, press releases on
Exchanges of Notes, agency releases, embassy news, news agency reports, speeches), and a rule
tuned on some cannot know the next: so a sentence no rule decides stays a statement of the
neutral kind ``statement``, it is never dropped. The kinds that rules decide:
``commitment`` (a party undertakes to act), ``acknowledgement`` (they welcome, appreciate,
note or affirm the importance of something), ``goal`` (a vision or target state),
``programme`` (a concrete programme line), ``remark`` (a visit paid, a meeting held, what one
side stated), ``agreement`` (an agreement or Exchange of Notes signed), ``funding`` (a grant or
a loan provided) and ``background`` (what another plan states, the situation).

What is not a statement is kept as non-statement text with its reason (``NON_RECORD_KINDS``):
a lead-in that only announces a list, a heading left in the body, a photo caption, a byline,
a dateline, contact details, a site or newsletter name, a "Back to ..." link. The rules are
ordered: the first that matches decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from laomap.pipeline.amounts import find_amounts
from laomap.pipeline.documents import DATELINE, Document, Paragraph
from laomap.pipeline.vocabulary import ACTORS, THEMES, find_terms
from laomap.textnorm import fold


def is_iati_source(source_format: str) -> bool:
    """Whether a document was read from an IATI activity file (its manifest's provenance line says so)."""
    if not source_format:
        return False
    from laomap.ingest.iati import SOURCE_PREFIX  # here: the readers' package costs commands that read no file 0.1 s

    return source_format.startswith(SOURCE_PREFIX)


RECORD_KINDS = ("commitment", "acknowledgement", "goal", "programme", "remark", "agreement", "funding", "background", "statement",
                "activity")
NEUTRAL_KIND = "statement"  # a statement whose kind no rule decides
NON_RECORD_KINDS = ("lead-in", "heading", "caption", "byline", "dateline", "contact", "furniture", "back-link")

# ----------------------------------------------------------------------------- sentences

_EN_SPLIT = re.compile(
    r"(?<=[.!?])(?<!^\d\.)(?<!^\d\d\.)(?<!\b[A-Z]\.)(?<!\bII\.)(?<!\bIII\.)(?<!\bIV\.)(?<!\bNo\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)[\"'”’)\]]*\s+(?=[\"“(]?[A-Z0-9])"
)
_JA_SPLIT = re.compile(r"(?<=[。！？])[」』）\]]*\s*(?=\S)")
_JA_OPEN, _JA_CLOSE = "（(「『［[【〔", "）)」』］]】〕"


def _ja_boundaries(text: str) -> list[int]:
    """Ends of Japanese sentences: after 。！？ outside brackets ((以下「ラオス」という。) does not end one), with the closing marks."""
    ends, depth, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch in _JA_OPEN:
            depth += 1
        elif ch in _JA_CLOSE:
            depth = max(0, depth - 1)
        elif ch in "。！？" and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in "」』）]":
                j += 1
            ends.append(j)
            i = j
            continue
        i += 1
    if depth:  # an unclosed bracket: fall back on every full stop rather than one endless sentence
        return [m.end() for m in _JA_SPLIT.finditer(text)]
    return ends


def split_sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph into sentences, keeping every character (whitespace aside)."""
    pieces, start = [], 0
    if lang != "ja":
        m = DATELINE.match(text)
        if m and m.end() < len(text):
            pieces.append(text[: m.end()].strip())
            start = m.end()
    ends = _ja_boundaries(text) if lang == "ja" else [m.end() for m in _EN_SPLIT.finditer(text)]
    for end in ends:
        if end <= start:
            continue
        pieces.append(text[start:end].strip())
        start = end
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


# ----------------------------------------------------------------------------- kinds

_V = r"(?:re)?affirm(?:s|ed)?"
_EN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE))
    for kind, rx in (
        ("goal", r"\bseek to bring about\b"),
        ("lead-in", r"^.{0,125}\b(?:the following|outlined below|as follows|listed below)\b.{0,60}$"),
        ("programme", r"^(?:develop|strengthen|promote|improve|build|conserve|pursue|reinforce|formulate|seek|enhance|establish|"
                      r"support|expand|provide|implement|create|train|conduct|ensure|foster|facilitate|introduce|increase|reduce|"
                      r"preserve|protect|upgrade|moderni[sz]e|rectify|prepare|dispatch|assist|construct|rehabilitate|operate|"
                      r"encourage|accelerate|continue|organi[sz]e|launch|hold|plant|open)\b"),
        ("background", r"\b(?:states that|cites|vows to|possesses|formulated a national plan)\b"),
        ("commitment", rf"\b{_V} (?:to\b|that (?:they|it|both sides) will|their (?:commitment|readiness)|its (?:continued )?support|"
                       rf"japan'?s (?:support|assistance)|the cooperation|cooperation)"),
        ("commitment", r"\bshare[sd]? the (?:view|intention|commitment|position|recognition) to\b|\bshared the commitment\b|\bshare the intention\b"),
        ("commitment", r"\bexpress(?:es|ed)? (?:its |their )?(?:continued |strong )?(?:support|determination|commitment)\b"),
        ("commitment", r"\b(?:agree[sd]?|decide[sd]?) to\b|\bcalled for\b|\bcommit(?:s|ted)? to\b|\bconfirm(?:s|ed)? that they will\b"),
        ("commitment", r"\b(?:japan|lao pdr|the two countries|both sides|they|the two sides)\b(?: and (?:the )?lao pdr)?(?: \w+){0,2} will (?!be\b)"),
        ("goal", r"\bwill be (?:\w+ly )?(?:\w+ed|made|put|built|done|undertaken|seen)\b|\bwill (?:lead|ensure|enable|serve|form|benefit)\b"),
        ("acknowledgement", r"\b(?:welcome[sd]?|appreciate[sd]?|appreciation|acknowledge[sd]?|(?<!exchange of )(?<!exchanged )(?<!exchanged the )note[sd]?|noting|recogni[sz]e[sd]?|underlined|commend(?:s|ed)?|hope)\b"),
        ("acknowledgement", rf"\b{_V} (?:the|its|their) (?:importance|need|urgent need|significance)\b|\bshare[sd]? the (?:view|position|recognition) that\b"),
        # An agreement signed or a grant or a loan provided (press releases, agency releases, embassy news); after the plans'
        # rules, so "welcomed the signing of the Exchange of Notes" stays an acknowledgement.
        ("agreement", r"\b(?:exchange of notes|exchanged (?:the )?notes|notes were exchanged|(?:loan|grant|financing) (?:agreement|contract)s?\b"
                      r".{0,80}\bsign|signed (?:a|an|the) (?:[\w-]+ ){0,4}(?:agreement|contract|memorandum|protocol|notes)|"
                      r"signing (?:ceremony )?(?:of|for) (?:a|an|the) (?:[\w-]+ ){0,4}(?:agreement|contract|grant|loan|notes))"),
        ("funding", r"\b(?:provided?|providing|extend(?:s|ed)?|grant(?:ed)?|fund(?:s|ed)?|financ(?:e|es|ed)|donat(?:e|es|ed)|allocat(?:e|es|ed))\b"
                    r".{0,90}(?:\b(?:grant|loan|yen|dollars?|USD|kip|funds?|financing|assistance|aid)\b|US\$)|"
                    r"(?:\b(?:grant|loan|yen|dollars?|USD)\b|US\$).{0,60}\b(?:provided|extended|granted|allocated|financed|funded|"
                    r"will be (?:spent|used|allocated))\b|\b(?:grassroots|grant assistance|grant aid|ODA loan|yen loan)\b|"
                    r"\b(?:loan|grant|funds?|financing)s? (?:will |are |is |was |were )?(?:also )?(?:finance|fund|cover|provided|be used)\b"),
        # The speech acts of meeting outlines and press statements (after every plan rule, so plans keep their kinds).
        ("commitment", r"\b(?:stated|said|announced|explained|conveyed|expressed (?:the|his|her|its|their) intention) (?:that )?.{0,160}"
                       r"\b(?:will|would) (?:continue|support|provide|cooperate|work|invite|extend|promote|strengthen|assist|contribute|help)\b|"
                       r"\bconfirm(?:s|ed)? (?:their|its|his|her) (?:willingness|intention|readiness|commitment)\b|"
                       r"\bconfirm(?:s|ed)? that (?:they|it|both sides|the two sides|japan) would\b|"
                       r"\bexpress(?:es|ed)? (?:the|his|her|its|their) intention to\b"),
        ("acknowledgement", r"\b(?:thank(?:s|ed)?(?! to\b)|grateful|gratitude|condolences?|stress(?:es|ed)|emphasi[sz](?:es|ed)|reiterat(?:es|ed)|"
                            r"expressed (?:his|her|its|their) (?:sincere |deep |heartfelt )?(?:pleasure|hope|respect))\b"),
        # Press releases, agency releases, embassy and agency news: an agreement signed, a grant or a loan provided,
        # a first-person undertaking ("I will", "we will") and what an agency or an embassy will do.
        ("commitment", r"\b(?:I|we) (?:will|shall|are determined to|am determined to|remain committed to|are committed to)\b|"
                       r"\b(?:government of japan|japanese government|jica|the embassy|japan international cooperation agency|the agency|"
                       r"the project|the ministry)\b.{0,40}\bwill (?!be\b)"),
        ("remark", r"\b(?:handed over|handover|inspected|inaugurat(?:ed|ion)|opening ceremony|ceremony was held|took part)\b"),
        ("remark", r"\b(?:visit(?:s|ed)|paid an? (?:official |working |state )?visit|held (?:a |the )?(?:\w+ )?(?:meeting|talks|dialogue)|"
                   r"met with|attended|signed|received a courtesy call|stated|said|explained|conveyed|expressed|mentioned|requested|"
                   r"asked|raised|briefed|exchanged views)\b"),
    )
)

_JA_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx))
    for kind, rx in (
        ("lead-in", r"^.{0,60}(?:以下|次)の\w{0,8}(?:を実施|に取り組|を推進|のとおり).{0,20}$"),
        ("lead-in", r"^(?!.*(?:会談|訪問|表敬|会合)).*(?:概要|骨子)は(?:以下|次)のとおり"),
        ("background", r"(?:述べている|掲げている)"),
        ("commitment", r"(?:していきます|してまいります|していく考えです|いたします。$|努めます|取り組みます|取り組んでいきます|支援します。$|(?:て|で)まいります。$|"
                       r"協力します。$|(?:こと|の)を決定し|格上げすることを決定|方向性で一致)"),
        ("goal", r"(?:を目指す。$|目標とする)"),
        ("commitment", r"こと[をも](?:再)?確認|(?:支援|支持)を(?:再)?確認|意図を共有|(?:する|していく)(?:という|との)(?:認識|立場)を共有|"
                       r"ことで一致|ことを表明|支援を継続|を求め|コミットメント|を約束|に合意"),
        ("acknowledgement", r"(?:重要性|必要性|意義)を(?:再)?確認|見解で一致|期待を表明|謝意を表明"),
        ("acknowledgement", r"歓迎|評価|認識した|留意|強調|認識を共有|共有した"),
        # The speech acts of 概要/骨子 outlines (after every plan rule, so plans keep their kinds).
        ("commitment", r"(?:する|していく|行う|継続する|進める|支援する|協力する)旨(?:を)?(?:述べ|表明|発言)|旨表明|意向を表明"),
        ("acknowledgement", r"謝意|感謝|敬意|お悔やみ|弔意"),
        # An Exchange of Notes or a grant contract signed; a grant or a loan provided (press releases, embassy news).
        ("agreement", r"書簡の交換|交換公文|贈与契約|借款契約|グラント契約|(?:協定|契約|覚書|議定書)[^。]{0,20}署名|署名式"),
        ("funding", r"供与|無償資金協力|円借款|資金協力|贈与|草の根|援助を行"),
        ("acknowledgement", r"期待を(?:述べ|表明|示)|期待が寄せられ"),
        ("remark", r"旨(?:を)?(?:述べ|発言|説明)|と述べ|説明し|言及し|会談を行|会談し|会談した|訪問し|訪日し|出席し|署名|表敬|意見交換|"
                   r"視察し|引渡式|引き渡|開所式|開催され|開催し|参加し"),
        ("programme", r"を実施するもの|(?:建設|整備|改修|設置|調達|建て替え|拡張)するもの|^(?:[アイウエオ]\s*)?(?:この|本|同)(?:計画|事業|プログラム)は.*ものです。$"),
    )
)


# What is recognisably not a statement, whatever it says: (reason, pattern), tried before the kinds.
_NOT_A_STATEMENT: tuple[tuple[str, re.Pattern[str]], ...] = tuple((reason, re.compile(rx, re.I)) for reason, rx in (
    ("back-link", r"^(?:Back to|Return to|Go to|Page top|Top of page|To the (?:top|text) of this page|Skip to|ページのトップへ|"
                  r"このページのトップへ|一覧へ戻る|前のページへ戻る|本文へ|.{0,30}へ戻る$)"),
    ("caption", r"^(?:[(\[（［]\s*)?(?:Photo(?:graph)?s?|Picture|Caption|Image|Source|写真(?:提供)?|出典|画像)\s*(?:\d{1,2}\s*)?(?:[:：)）\]］]|by\b|credit)|"
                r"^[(\[（［]\s*(?:Photo|写真)[^)\]）］]{0,80}[)\]）］]\.?$"),
    ("byline", r"^(?:By|Written by|Reported by|Story by|文[:：]|記者[:：])\s+\S.{0,60}$"),
    ("dateline", DATELINE.pattern + r"$"),
    ("contact", r"^(?:Contact|Contacts|Inquiries|Enquiries|For (?:further|more) information|Media contact|Tel|TEL|Phone|Fax|FAX|"
                r"E-?mail|URL|お問い合わせ|問い合わせ先|担当|電話|連絡先)\b\s*[:：]?|^[\w.+-]+@[\w-]+\.[\w.-]+$|^\+?[\d ()-]{8,}$"),
    ("furniture", r"^(?:KPL|Kyodo|Vientiane Times|Lao News Agency|Embassy of Japan in (?:the )?Lao(?:s| PDR)|在ラオス日本国大使館|"
                  r"JICA|Press Releases?|News Releases?|報道発表|プレスリリース|Copyright\b.*|©.*|All rights reserved\.?|Share|"
                  r"Print(?: this page| version)?|Printer-friendly (?:version|page)|印刷用ページ|"
                  r"印刷|Tweet|Related (?:links|articles|news)|関連リンク|Home|ホーム|Menu|メニュー|Search|検索|\[?文書名\]?.*|［文書名］.*)$"),
))
_NO_END = re.compile(r"[.!?。！？:：;；,、][\"'”’)\]）」』]*$")


def non_statement(sentence: str, lang: str) -> str | None:
    """Why a sentence is not a statement (a reason of NON_RECORD_KINDS other than lead-in and heading), or None."""
    text = fold(sentence).strip()
    for reason, rx in _NOT_A_STATEMENT:
        if rx.search(text):
            return reason
    return None


def _heading_left_in_body(text: str, lang: str) -> bool:
    """A whole top-level paragraph, short, with no final punctuation and no verb: a heading (総論, "Economic Cooperation")."""
    if _NO_END.search(text):
        return False
    if lang == "ja":
        return len(text) <= 20 and not re.search(r"(?:する|した|します|しました|ます|です|った|ない)$", text)
    return len(text.split()) <= 8 and text[:1].isupper() and not re.search(
        r"\b(?:will|is|are|was|were|has|have|had|signed|provided?|agreed|welcomed|said)\b", text, re.I)


def classify(sentence: str, lang: str, is_bullet: bool = False, alone: bool = False) -> str:
    """The kind of one sentence: a record kind, or the reason it is not a statement (NON_RECORD_KINDS).

    ``alone``: the sentence is a whole paragraph; at the top level, a short one with no final
    punctuation that no rule classifies is a heading left in the body.
    """
    reason = non_statement(sentence, lang)
    if reason is not None:
        return reason
    text = fold(sentence).strip()
    rules = _JA_RULES if lang == "ja" else _EN_RULES
    for kind, rx in rules:
        if rx.search(text):
            return kind
    if is_bullet and lang == "ja" and not re.search(r"[。！？]$", text):
        return "programme"  # a list item that is no sentence ("・人材育成の支援"): a programme line; a sentence keeps its own kind
    if alone and not is_bullet and _heading_left_in_body(text, lang):
        return "heading"
    return NEUTRAL_KIND


# ----------------------------------------------------------------------------- actors

_EN_SUBJECT = re.compile(
    r"^(?:[^,]{0,90},\s*)?(?P<s>both sides|both|they|the two (?:countries|sides)|japan and (?:the )?lao pdr|japan|(?:the government of )?(?:the )?lao pdr)\b",
    re.IGNORECASE,
)
_JA_SUBJECT = re.compile(r"(?P<s>双方|両国|日本|ラオス)(?:は|が)")


def parties(sentence: str, lang: str, previous: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The governments acting in a sentence, from its subject ('They' repeats the previous one)."""
    text = fold(sentence)
    rx = _JA_SUBJECT if lang == "ja" else _EN_SUBJECT
    m = rx.search(text) if lang == "ja" else rx.match(text)
    if not m:
        return ()
    s = m.group("s").lower()
    if s in ("they",):
        return previous or ("japan", "lao_pdr")
    if s in ("both sides", "both", "the two countries", "the two sides", "双方", "両国") or s.startswith("japan and"):
        return ("japan", "lao_pdr")
    if s in ("japan", "日本"):
        return ("japan",)
    return ("lao_pdr",)


# ----------------------------------------------------------------------------- clauses

# Where a sentence joins clauses about different things: "; ", ", and " before a new phrase (not
# ", and to ...", a second purpose of the same action), "as well as", ", while"; in Japanese only
# 並びに and ；, since 及び joins words as often as clauses (桜の植樹及び育生). Items of a plain
# list ("Vientiane, Luang Prabang and Attapeu") are not split (no comma before "and").
_EN_CLAUSE = re.compile(r";\s+|,\s+and\s+(?=[a-z])(?!to\b)|\s+as well as\s+|,\s+while\s+|,\s+whereas\s+")
_JA_CLAUSE = re.compile(r"並びに|；")
SHORT_TAIL_WORDS = 6


def clause_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the clauses of a sentence; one span when it has a single clause."""
    rx = _JA_CLAUSE if lang == "ja" else _EN_CLAUSE
    spans, start = [], 0
    for m in rx.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if text[a:b].strip()] or [(0, len(text))]
    # A short tail is one more item of the list before it, not a clause of its own
    # ("... through the elephants donated to the Kyoto city zoo as well as Elephant Festival in Sayaboury Province.")
    if len(spans) > 1 and lang != "ja" and len(text[spans[-1][0]:spans[-1][1]].split()) <= SHORT_TAIL_WORDS:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    return spans


def clause_themes(text: str, lang: str, positions: list[int]) -> list[tuple[str, ...]]:
    """For each character position (a place's mention), the themes named in its clause; () where that clause names none
    (or the position is unknown, -1). A sentence of one clause gives () for every position: all its themes apply.
    """
    spans = clause_spans(text, lang)
    if len(spans) < 2:
        return [() for _ in positions]
    themes = [tuple(find_terms(THEMES, fold(text[a:b]), lang)) for a, b in spans]
    out = []
    for pos in positions:
        found = next((th for (a, b), th in zip(spans, themes) if a <= pos < b), ())
        out.append(found)
    return out


def pair_places_with_themes(statement_themes: list[str], per_language: list[dict[str, tuple[str, ...]]],
                            place_ids: list[str]) -> tuple[tuple[str, ...], ...]:
    """The themes each place of a statement counts for, from the clause that names it.

    ``per_language``: for each text read (the dataset reads the original's), place id -> the
    themes of the clause that names it. Where the texts name themes for a place, the themes they
    agree on (or, if they agree on none, all they name); where none does, every theme of the statement.
    """
    out = []
    for pid in place_ids:
        named = [set(m[pid]) for m in per_language if m.get(pid)]
        chosen = set.intersection(*named) or set.union(*named) if named else set(statement_themes)
        kept = tuple(x for x in statement_themes if x in chosen)
        out.append(kept or tuple(statement_themes))
    return tuple(out)


# ----------------------------------------------------------------------------- statements


@dataclass
class Statement:
    """One sentence of one paragraph, with what the rules found in it."""

    document_id: str
    language: str
    section_id: str
    paragraph: int
    sentence: int  # 1-based within the paragraph
    text: str
    kind: str
    themes: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    level: int = 0
    amounts: list[str] = field(default_factory=list)  # 'VALUE CODE' ('1700000000 JPY'): pipeline.amounts

    @property
    def id(self) -> str:
        return f"{self.document_id}:{self.section_id}:{self.paragraph}.{self.sentence}"

    @property
    def is_record(self) -> bool:
        return self.kind in RECORD_KINDS


def statements_of(paragraph: Paragraph, lang: str, sentences: list[str] | None = None) -> list[Statement]:
    """Classify and tag every sentence of one paragraph."""
    result: list[Statement] = []
    previous: tuple[str, ...] = ()
    pieces = sentences if sentences is not None else split_sentences(paragraph.text, lang)
    count = len(pieces)
    for i, sentence in enumerate(pieces, start=1):
        folded = fold(sentence)
        kind = classify(sentence, lang, is_bullet=paragraph.level > 0, alone=count == 1)
        acting = parties(sentence, lang, previous)
        previous = acting or previous
        actors = list(acting) + find_terms(ACTORS, folded, lang)
        result.append(
            Statement(
                paragraph.document_id, lang, paragraph.section_id, paragraph.number, i, sentence, kind,
                find_terms(THEMES, folded, lang), actors, paragraph.level,
                list(dict.fromkeys(a.record for a in find_amounts(sentence, lang))),
            )
        )
    return result


def extract(document: Document) -> list[Statement]:
    """All sentences of a document as statements, in document order.

    In an IATI activity file (read by ``ingest.iati``) every statement is of the kind ``activity``:
    what a donor reports it funds, beside what the plans say.
    """
    lang = document.meta.language
    per = [(p, statements_of(p, lang)) for p in document.paragraphs]
    _items_follow_their_lead_in(per)
    found = [s for _p, stmts in per for s in stmts]
    _projects_take_their_heading_amount(document, found)
    _activities(document, found)
    return found


def _activities(document: Document, statements: list[Statement]) -> None:
    """Every statement of an IATI activity file (alone or with its translation from the same file) is an activity."""
    if is_iati_source(document.meta.source_format):
        for s in statements:
            if s.kind in RECORD_KINDS:
                s.kind = "activity"


_THIS_PROJECT = re.compile(r"^(?:この|本|同)(?:計画|事業|案件|プロジェクト)|^(?:The|This) (?:project|programme|program|grant|loan)\b", re.I)


def _projects_take_their_heading_amount(document: Document, statements: list[Statement]) -> None:
    """A press release states each project's amount in its heading ("(1)「…計画」（供与限度額：19億2,100万円）"), the
    project in the paragraphs below: when no statement of the section states an amount, the one that describes the
    project (この計画は…, "The project ...", else the section's first statement) takes the heading's amounts."""
    by_section: dict[str, list[Statement]] = {}
    for s in statements:
        if s.is_record:
            by_section.setdefault(s.section_id, []).append(s)
    for section in document.sections:
        mine = by_section.get(section.section_id, [])
        if not section.title or not mine or any(s.amounts for s in mine):
            continue
        amounts = list(dict.fromkeys(a.record for a in find_amounts(section.title, document.meta.language)))
        if amounts:
            target = next((s for s in mine if _THIS_PROJECT.search(_ITEM_MARK.sub("", fold(s.text)))), mine[0])
            target.amounts = amounts


_ITEM_MARK = re.compile(r"^(?:[アイウエオカキクケコ]|\d{1,2}[.．]?|\(\w{1,3}\)|（\w{1,3}）)[\s\u3000]*")


_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}[.)]|\(\w{1,4}\)|[a-z][.)])\s*")


def _fragment(text: str) -> bool:
    """A list item that is not a sentence: it starts in lower case or ends with ';' or ','."""
    body = _ITEM_NUMBER.sub("", fold(text).strip())
    return bool(body) and (body[0].islower() or body.endswith((";", ",", "、")))


def _items_follow_their_lead_in(per: list[tuple[Paragraph, list[Statement]]]) -> None:
    """A list item that no rule classifies and is no sentence of its own is what the lead-in above it
    announces: a programme line ("Japan will support ... in the following areas:" - "public finance
    management;"). Items that are full sentences keep their own kind.
    """
    last: dict[tuple[str, int], Statement] = {}
    for p, stmts in per:
        lead = last.get((p.section_id, p.parent)) if p.level > 0 and p.parent is not None else None
        if lead is not None and lead.kind == "lead-in":
            for s in stmts:
                if s.kind == NEUTRAL_KIND and _fragment(s.text):
                    s.kind = "programme"
        if stmts:
            last[(p.section_id, p.number)] = stmts[-1]


def extract_pair(original: Document, translation: Document) -> tuple[list[Statement], list[Statement], list[str]]:
    """Statements of an aligned pair, sentence for sentence where the sentence counts agree.

    Where a paragraph has a different number of sentences in the two languages the whole
    paragraph becomes a single statement on both sides (reported in the returned warnings),
    so twins always pair up one to one.
    """
    out_a: list[Statement] = []
    out_b: list[Statement] = []
    warnings: list[str] = []
    la, lb = original.meta.language, translation.meta.language
    pairs = []
    for pa, pb in zip(original.paragraphs, translation.paragraphs):
        sa, sb = split_sentences(pa.text, la), split_sentences(pb.text, lb)
        if len(sa) != len(sb):
            warnings.append(
                f"{translation.id} section {pb.section_id} paragraph {pb.number}: {len(sb)} sentence(s) vs "
                f"{len(sa)} in {original.id}; kept as one statement."
            )
            sa, sb = [pa.text], [pb.text]
        pairs.append((pa, statements_of(pa, la, sa), statements_of(pb, lb, sb)))
    _items_follow_their_lead_in([(pa, a) for pa, a, _b in pairs])
    for _pa, a, b in pairs:
        for x, y in zip(a, b):  # the original decides kind; themes and actors are the union
            y.kind = x.kind
            x.themes = y.themes = union_ordered(x.themes, y.themes, order=THEME_ORDER)
            x.actors = y.actors = union_ordered(x.actors, y.actors, order=ACTOR_ORDER)
            x.amounts = y.amounts = list(dict.fromkeys(x.amounts + y.amounts))
        out_a += a
        out_b += b
    _activities(original, out_a)
    for x, y in zip(out_a, out_b):
        y.kind = x.kind
    return out_a, out_b, warnings


THEME_ORDER = {t.id: i for i, t in enumerate(THEMES)}
ACTOR_ORDER = {a: i for i, a in enumerate(("japan", "lao_pdr", *(t.id for t in ACTORS)))}


def union_ordered(*lists: list[str], order: dict[str, int]) -> list[str]:
    return sorted(set().union(*lists), key=lambda x: (order.get(x, len(order)), x))
