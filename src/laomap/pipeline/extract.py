"""Paragraphs -> statements: split sentences, classify each one, tag themes and actors.

Each sentence of a paragraph is one candidate statement. It becomes a record of kind
``commitment`` (the parties undertake to act), ``acknowledgement`` (they welcome, appreciate,
note or affirm the importance of something), ``goal`` (a vision or target state) or
``programme`` (a concrete programme line, typically an imperative bullet), ``remark`` (what a
meeting outline or press statement reports: one side stated, explained or conveyed something,
a visit was paid, a meeting held; …旨述べました, 会談を行いました), or it is kept as
non-commitment text: ``context`` (background, descriptions of other plans) or ``lead-in``
(a sentence that only introduces the list below it). The rules are ordered: the first that
matches decides, and their order is documented in ``KIND_RULES``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from laomap.pipeline.documents import Document, Paragraph
from laomap.pipeline.vocabulary import ACTORS, THEMES, find_terms
from laomap.textnorm import fold

RECORD_KINDS = ("commitment", "acknowledgement", "goal", "programme", "remark")
NON_RECORD_KINDS = ("context", "lead-in")

# ----------------------------------------------------------------------------- sentences

_EN_SPLIT = re.compile(
    r"(?<=[.!?])(?<!^\d\.)(?<!^\d\d\.)(?<!\b[A-Z]\.)(?<!\bII\.)(?<!\bIII\.)(?<!\bIV\.)(?<!\bNo\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)[\"'”’)\]]*\s+(?=[\"“(]?[A-Z0-9])"
)
_JA_SPLIT = re.compile(r"(?<=[。！？])[」』）\]]*\s*(?=\S)")


def split_sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph into sentences, keeping every character (whitespace aside)."""
    rx = _JA_SPLIT if lang == "ja" else _EN_SPLIT
    pieces, start = [], 0
    for m in rx.finditer(text):
        end = m.end()
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
        ("context", r"\b(?:states that|cites|vows to|possesses|formulated a national plan)\b"),
        ("commitment", rf"\b{_V} (?:to\b|that (?:they|it|both sides) will|their (?:commitment|readiness)|its (?:continued )?support|"
                       rf"japan'?s (?:support|assistance)|the cooperation|cooperation)"),
        ("commitment", r"\bshare[sd]? the (?:view|intention|commitment|position|recognition) to\b|\bshared the commitment\b|\bshare the intention\b"),
        ("commitment", r"\bexpress(?:es|ed)? (?:its |their )?(?:continued |strong )?(?:support|determination|commitment)\b"),
        ("commitment", r"\b(?:agree[sd]?|decide[sd]?) to\b|\bcalled for\b|\bcommit(?:s|ted)? to\b|\bconfirm(?:s|ed)? that they will\b"),
        ("commitment", r"\b(?:japan|lao pdr|the two countries|both sides|they|the two sides)\b(?: and (?:the )?lao pdr)?(?: \w+){0,2} will (?!be\b)"),
        ("goal", r"\bwill be (?:\w+ly )?(?:\w+ed|made|put|built|done|undertaken|seen)\b|\bwill (?:lead|ensure|enable|serve|form|benefit)\b"),
        ("acknowledgement", r"\b(?:welcome[sd]?|appreciate[sd]?|appreciation|acknowledge[sd]?|note[sd]?|noting|recogni[sz]e[sd]?|underlined|commend(?:s|ed)?|hope)\b"),
        ("acknowledgement", rf"\b{_V} (?:the|its|their) (?:importance|need|urgent need|significance)\b|\bshare[sd]? the (?:view|position|recognition) that\b"),
        # The speech acts of meeting outlines and press statements (after every plan rule, so plans keep their kinds).
        ("commitment", r"\b(?:stated|said|announced|explained|conveyed|expressed (?:the|his|her|its|their) intention) (?:that )?.{0,160}"
                       r"\b(?:will|would) (?:continue|support|provide|cooperate|work|invite|extend|promote|strengthen|assist|contribute|help)\b|"
                       r"\bconfirm(?:s|ed)? (?:their|its|his|her) (?:willingness|intention|readiness|commitment)\b|"
                       r"\bconfirm(?:s|ed)? that (?:they|it|both sides|the two sides|japan) would\b|"
                       r"\bexpress(?:es|ed)? (?:the|his|her|its|their) intention to\b"),
        ("acknowledgement", r"\b(?:thank(?:s|ed)?(?! to\b)|grateful|gratitude|condolences?|stress(?:es|ed)|emphasi[sz](?:es|ed)|reiterat(?:es|ed)|"
                            r"expressed (?:his|her|its|their) (?:sincere |deep |heartfelt )?(?:pleasure|hope|respect))\b"),
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
        ("context", r"(?:述べている|掲げている|している。$)"),
        ("goal", r"(?:を目指す。$|目標とする)"),
        ("commitment", r"こと[をも](?:再)?確認|(?:支援|支持)を(?:再)?確認|意図を共有|(?:する|していく)(?:という|との)(?:認識|立場)を共有|"
                       r"ことで一致|ことを表明|支援を継続|を求め|コミットメント|を約束|に合意"),
        ("acknowledgement", r"(?:重要性|必要性|意義)を(?:再)?確認|見解で一致|期待を表明|謝意を表明"),
        ("acknowledgement", r"歓迎|評価|認識した|留意|強調|認識を共有|共有した"),
        # The speech acts of 概要/骨子 outlines (after every plan rule, so plans keep their kinds).
        ("commitment", r"(?:する|していく|行う|継続する|進める|支援する|協力する)旨(?:を)?(?:述べ|表明|発言)|旨表明|意向を表明"),
        ("acknowledgement", r"謝意|感謝|敬意|お悔やみ|弔意"),
        ("remark", r"旨(?:を)?(?:述べ|発言|説明)|と述べ|説明し|言及し|会談を行|会談し|会談した|訪問し|訪日し|出席し|署名|表敬|意見交換"),
    )
)


def classify(sentence: str, lang: str, is_bullet: bool = False) -> str:
    """The kind of one sentence: a record kind or a non-record kind (context, lead-in)."""
    text = fold(sentence).strip()
    rules = _JA_RULES if lang == "ja" else _EN_RULES
    for kind, rx in rules:
        if rx.search(text):
            return kind
    if is_bullet and lang == "ja":
        return "programme"
    return "context"


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
    for i, sentence in enumerate(sentences if sentences is not None else split_sentences(paragraph.text, lang), start=1):
        folded = fold(sentence)
        kind = classify(sentence, lang, is_bullet=paragraph.level > 0)
        acting = parties(sentence, lang, previous)
        previous = acting or previous
        actors = list(acting) + find_terms(ACTORS, folded, lang)
        result.append(
            Statement(
                paragraph.document_id, lang, paragraph.section_id, paragraph.number, i, sentence, kind,
                find_terms(THEMES, folded, lang), actors, paragraph.level,
            )
        )
    return result


def extract(document: Document) -> list[Statement]:
    """All sentences of a document as statements, in document order."""
    lang = document.meta.language
    per = [(p, statements_of(p, lang)) for p in document.paragraphs]
    _items_follow_their_lead_in(per)
    return [s for _p, stmts in per for s in stmts]


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
                if s.kind == "context" and _fragment(s.text):
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
        out_a += a
        out_b += b
    return out_a, out_b, warnings


THEME_ORDER = {t.id: i for i, t in enumerate(THEMES)}
ACTOR_ORDER = {a: i for i, a in enumerate(("japan", "lao_pdr", *(t.id for t in ACTORS)))}


def union_ordered(*lists: list[str], order: dict[str, int]) -> list[str]:
    return sorted(set().union(*lists), key=lambda x: (order.get(x, len(order)), x))
