"""Load plan documents and turn their messy extracted text into a tree of sections and paragraphs.

The source texts come from PDFs and web pages: English paragraphs broken by page breaks,
Japanese lines broken mid-word every ~40 characters, indented bullets. ``parse_document``
re-flows them into logical paragraphs without changing a character of their content, and
``align`` checks that a translation has the same sections and paragraphs as its original.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laomap.errors import AlignmentError, DocumentError
from laomap.i18n import pick_field
from laomap.textnorm import fold, is_cjk, squash, tidy

LANGUAGES = ("en", "ja")
LAYOUTS = ("numbered", "unnumbered", "none")  # the structures a document is read in (labels: layout.* in the catalogs)
DATE_PRECISIONS = ("day", "month", "year")
PUBLISHER_NOT_RECORDED = "Not recorded (added by a user)"  # the manifest's publisher of a document added without one
ROLES = ("plan", "other")  # a document's role in the plan history: a plan, or another document (an event on the time axis)
# Titles of documents that are not plans: a meeting's outline, a press release, minutes, remarks, a message, a visit.
# A joint statement or a joint plan is a plan (it states what both sides will do).
_NOT_A_PLAN = re.compile(
    r"\b(?:outline|press release|news release|minutes|remarks|speech|message|readout|meeting|talks|visit|statement by)\b"
    r"|概要|報道発表|プレスリリース|議事録|挨拶|あいさつ|メッセージ|会談|会議|訪問|談話", re.I)


@dataclass(frozen=True)
class DocumentMeta:
    """One manifest entry: where a document comes from and what it is."""

    id: str
    file: str
    title_en: str
    title_ja: str
    language: str
    date: str
    date_precision: str
    date_basis: str
    publisher: str
    translation_of: str | None = None
    short_title_en: str = ""
    short_title_ja: str = ""
    date_earliest: str | None = None
    original_file: str | None = None
    sha256: str | None = None
    source_format: str = ""
    date_basis_ja: str = ""  # the provenance fields in Japanese, for the Japanese interface ("" = only in English)
    publisher_ja: str = ""
    source_format_ja: str = ""
    builtin: bool = True
    role: str = ""  # "plan" or "other" as the manifest says; "" = decided from the title (``role``)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    def provenance(self, field: str, lang: str) -> tuple[str, str]:
        """(text, its language) of 'date_basis', 'publisher' or 'source_format' in ``lang`` where the manifest has it, else in English."""
        own = getattr(self, f"{field}_{lang}", "")  # the unsuffixed field is the English one: no ``date_basis_en``
        return (own, lang) if own else (getattr(self, field), "en")

    def title(self, lang: str) -> str:
        """The title in ``lang``, else in the document's own language, else in English."""
        return pick_field(self, "title", lang, self.language)

    def short_title(self, lang: str) -> str:
        return pick_field(self, "short_title", lang) or self.title(lang)

    @property
    def is_plan(self) -> bool:
        return document_role(self) == "plan"


def document_role(meta: DocumentMeta) -> str:
    """'plan' or 'other': the manifest's ``role`` when it gives one (``laomap set-role``, ``add-document --role``), else
    'other' for a title that names a meeting's outline, a press release, minutes, remarks, a message or a visit, and
    'plan' for every other document (a plan, a joint statement)."""
    if meta.role in ROLES:
        return meta.role
    titles = " ".join((meta.title_en, meta.title_ja, meta.short_title_en, meta.short_title_ja))
    return "other" if _NOT_A_PLAN.search(titles) else "plan"


@dataclass
class Paragraph:
    """A logical paragraph or bullet item, its text re-flowed but otherwise verbatim."""

    document_id: str
    section_id: str
    number: int  # 1-based within its section
    text: str
    level: int = 0  # 0 body text, 1 bullet, 2 sub-bullet...
    parent: int | None = None  # number of the paragraph a bullet hangs from
    line: int = 0  # 1-based line in the source where it starts

    @property
    def paragraph_id(self) -> str:
        return f"{self.document_id}:{self.section_id}:{self.number}"


@dataclass
class Section:
    section_id: str  # as the document numbers it: "1", "4(6)", "3.I"; "0" is the preamble
    label: str  # the number as printed, folded: "1", "(6)", "I"
    title: str  # the heading line as printed (number included)
    level: int
    parent_id: str | None
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Document:
    meta: DocumentMeta
    raw_text: str
    title: str
    date_line: str | None
    sections: list[Section]
    boilerplate: list[str]  # navigation text such as "Back to ..." kept out of the content
    layout: str = "numbered"  # LAYOUTS: numbered headings, headings without numbers, no headings (one section)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for s in self.sections for p in s.paragraphs]

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)


# --------------------------------------------------------------------------- manifest


def read_manifest(documents_dir: Path) -> list[DocumentMeta]:
    """Read ``manifest.json``; every entry must name an existing file and a valid date."""
    path = Path(documents_dir) / "manifest.json"
    if not path.is_file():
        raise DocumentError.of("err.manifest_missing", path=str(path))
    return [meta_from_dict(e, where=f"{path} entry {i + 1}") for i, e in enumerate(manifest_file_entries(path))]


def manifest_file_entries(path: Path) -> list[dict[str, Any]]:
    """The raw entries of a manifest file (the project's or the user's), as JSON objects."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError.of("err.manifest_json", path=str(path), cause=str(exc)) from None
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DocumentError.of("err.manifest_shape", path=str(path))
    return entries


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def meta_from_dict(entry: object, where: str, builtin: bool = True) -> DocumentMeta:
    """Validate one manifest entry with messages that say what was expected."""
    if not isinstance(entry, dict):
        raise DocumentError.of("err.manifest_entry", where=where, got=type(entry).__name__)
    required = ("id", "file", "title_en", "language", "date", "date_precision", "date_basis", "publisher")
    missing = [k for k in required if not entry.get(k)]
    if missing:
        raise DocumentError.of("err.manifest_fields_missing", where=where, fields=", ".join(missing))
    not_text = [k for k, v in entry.items() if k in _TEXT_FIELDS and v is not None and not isinstance(v, str)]
    if not_text:
        raise DocumentError.of("err.manifest_fields_text", where=where, fields=", ".join(not_text))
    if Path(entry["file"]).is_absolute() or ".." in Path(entry["file"]).parts:
        raise DocumentError.of("err.manifest_file", where=where, got=entry["file"])
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", entry["id"]):
        raise DocumentError.of("err.manifest_id", where=where, id=entry["id"])
    if entry["language"] not in LANGUAGES:
        raise DocumentError.of("err.manifest_language", where=where, allowed=", ".join(LANGUAGES), got=entry["language"])
    if not _ISO_DATE.match(str(entry["date"])):
        raise DocumentError.of("err.manifest_date", where=where, got=entry["date"])
    if entry["date_precision"] not in DATE_PRECISIONS:
        raise DocumentError.of("err.manifest_precision", where=where, allowed=", ".join(DATE_PRECISIONS))
    if entry.get("role") not in (None, "", *ROLES):
        raise DocumentError.of("err.manifest_role", where=where, allowed=", ".join(ROLES), got=entry["role"])
    known = set(DocumentMeta.__dataclass_fields__)
    fields = {"title_ja": "", **{k: v for k, v in entry.items() if k in known and k != "builtin"}}
    return DocumentMeta(**fields, builtin=builtin)


_TEXT_FIELDS = {name for name, f in DocumentMeta.__dataclass_fields__.items() if f.type in ("str", "str | None")}


# --------------------------------------------------------------------------- reading


def decode_utf8(data: bytes, name: str) -> str:
    """Decode a document's bytes, refusing empty, binary and non-UTF-8 input with a clear reason."""
    if not data.strip():
        raise DocumentError.of("err.empty", name=name)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError.of("err.binary_nul", name=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError.of("err.document_utf8", name=name, offset=exc.start, byte=f"0x{data[exc.start]:02x}") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 200):
        raise DocumentError.of("err.binary_controls", name=name, controls=controls)
    return text


def load_document(meta: DocumentMeta, documents_dir: Path) -> Document:
    path = Path(documents_dir) / meta.file
    if not path.is_file():
        raise DocumentError.of("err.document_file_missing", id=meta.id, path=str(path))
    return parse_document(tidy(decode_utf8(path.read_bytes(), str(path))), meta)  # an added text from before tidy() too


# --------------------------------------------------------------------------- parsing

_TERMINAL = re.compile(r"[.!?。！？:：][\"'”’)\]）」』\s]*$")
# Bullets of the documents of this relationship: a mark and a space ("- ", "• ", "– "), or a Japanese mark
# that needs none ("・両首脳は", "○日本側から"), or the katakana of a press release's sub-items and a space ("ア　", "イ　").
_BULLET_MARK = r"(?:[•◦▪‣●○◎■□◆◇・*\-–－][ \t\u3000]+|[・○◎●■◆－](?=[^\s・○◎●■◆－\-])|[アイウエオカキクケコ][ \u3000]+(?=\S))"
_BULLET = re.compile(rf"^(?P<indent>[ \t\u3000]*){_BULLET_MARK}(?P<text>\S.*)$")
_BULLET_MARKS = re.compile(rf"(?m)^[ \t\u3000]*{_BULLET_MARK}")
_BOILERPLATE = re.compile(r"^(Back to\b|Return to\b|Page top\b|Top of page\b|ページのトップへ|このページのトップへ|一覧へ戻る|前のページへ戻る)", re.I)
# Page furniture: a line that labels the page, never a statement or the title ("報道発表", "Press Release").
_FURNITURE = re.compile(r"^(?:報道発表|プレスリリース|Press Releases?|News Releases?|Provisional translation|\(?Provisional Translation\)?|"
                        # mastheads, site and newsletter names, skip links and labels: never the title (issue 22)
                        r"[(（]?和文仮訳[)）]?|KPL|Kyodo(?: News)?|Lao News Agency|Vientiane Times|Lao Tribune|在ラオス日本国大使館|"
                        r"Embassy of Japan in (?:the )?Lao(?:s| PDR| P\.D\.R\.)|JICA|独立行政法人国際協力機構|News|ニュース|お知らせ|"
                        r"To the text of this page|Skip to (?:main )?content|本文へ|\[文書名\].*|［文書名］.*|Japan-Laos Relations|日・ラオス関係|"
                        r"Laos|Lao PDR|ラオス|Japan|日本|By [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}|"
                        r"仮訳|（仮訳）|\(仮訳\)|English|日本語|Japanese|Print|印刷|\(?Photo(?:graph)?s?\b.*|（写真.*|\(写真.*|写真提供.*|［写真.*)$", re.I)
_HEADING_STYLES = {
    "arabic": re.compile(r"^(?P<num>\d{1,2})\.?[ \t\u3000]+(?P<title>\S.{0,160})$"),
    "paren": re.compile(r"^\((?P<num>\d{1,2})\)[ \t\u3000]*(?P<title>\S.{0,160})$"),
    "roman": re.compile(r"^(?P<num>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.?[ \t]+(?P<title>[A-Z].{0,160})$"),
}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DATE_LINE = re.compile(
    rf"^(?:[A-Z][A-Za-z .'-]{{1,30}},\s+)?{_WEEKDAYS}(?:(?:{_MONTHS}) \d{{1,2}}(?:,? \d{{4}})?|\d{{1,2}} (?:{_MONTHS})(?:,? \d{{4}})?|"
    r"(?:令和|平成|昭和)?(?:\d{1,4}|元)年\d{1,2}月\d{1,2}日(?:[（(][月火水木金土日][）)])?|\d{4}-\d{2}-\d{2})$"
)


# A news dateline that opens a paragraph ("VIENTIANE, March 6 (KPL) --", "TOKYO, March 23, 2016 —"): a piece of its own.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][A-Za-z .]{2,20})?),\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?P<date>(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?) \d{1,2}(?:,? \d{4})?|\d{1,2} (?:January|February|March|"
    r"April|May|June|July|August|September|October|November|December)(?: \d{4})?)\s*(?:\((?P<agency>[A-Za-z .]{2,20})\))?"
    r"\s*(?:--|—|–|-|:)\s*"
)


@dataclass
class _Item:
    kind: str  # title | date | heading | paragraph | boilerplate
    text: str
    line: int
    level: int = 0
    bullet_indent: int | None = None
    heading: tuple[str, str, str] | None = None  # (style, label, number)
    mark: str = ""  # a numbered paragraph's own number ("1　"), not part of its text


def _heading_match(folded: str) -> tuple[str, str, int] | None:
    if _TERMINAL.search(folded) and not folded.endswith(")"):
        return None
    for style, rx in _HEADING_STYLES.items():
        m = rx.match(folded)
        if m:
            num = m.group("num")
            value = _ROMAN[num] if style == "roman" else int(num)
            return style, num, value
    return None


def _join(left: str, right: str) -> str:
    """Join two pieces of one paragraph broken by a line or page break."""
    if left.endswith("-") or is_cjk(left[-1]) or is_cjk(right[0]):
        return left + right
    return left + " " + right


def _continues(current: str, nxt: str) -> bool:
    """Whether ``nxt`` continues the paragraph ``current`` (page or line break inside it)."""
    if _TERMINAL.search(current):
        return False
    first = nxt[0]
    if is_cjk(current[-1]) or is_cjk(first):
        return True  # Japanese text wraps at a fixed width without punctuation
    return first.islower()


def _stands_alone(item: _Item, lines: list[str], number: int) -> bool:
    """A short Japanese line of its own (総論, 政治・安全保障, （参考）…基礎データ): a heading or a label, which the next
    line does not continue even though Japanese text wraps without punctuation. Only a one-line item with no
    punctuation, short of a wrapped line's width, that started on its own line."""
    if item.line != number - 1 or not item.text or not is_cjk(item.text[-1]) or item.mark:
        return False  # (a numbered paragraph's first line is no heading, however short)
    return len(item.text) <= 20 and not re.search(r"[、，,。．]", item.text) and item.bullet_indent is None


class _HeadingState:
    """Tracks numbering so that a stray '2 ...' line is not taken for a heading."""

    def __init__(self) -> None:
        self.styles: list[str] = []  # style of each level, in order of first appearance
        self.stack: list[tuple[str, int, str]] = []  # (style, value, section_id) per level

    def accept(self, style: str, label: str, value: int) -> tuple[int, str, str | None] | None:
        if style in self.styles:
            level = self.styles.index(style) + 1
        elif len(self.styles) == len(self.stack):
            level = len(self.styles) + 1
        else:
            return None
        if level > len(self.stack) + 1:
            return None
        previous = self.stack[level - 1] if level <= len(self.stack) else None
        expected = 1 if previous is None else previous[1] + 1
        if value != expected:
            return None
        if style not in self.styles:
            self.styles.append(style)
        parent_id = self.stack[level - 2][2] if level >= 2 else None
        if parent_id is None:
            section_id = label
        elif style == "paren":
            section_id = f"{parent_id}({value})"
        else:
            section_id = f"{parent_id}.{label}"
        del self.stack[level - 1 :]
        self.stack.append((style, value, section_id))
        return level, section_id, parent_id


def _unnumbered_heading(line: str, folded: str) -> bool:
    """A heading without a number: a short line with no final punctuation ('Economic Cooperation', '二国間関係'); not a line
    that folding empties (a soft hyphen)."""
    if not folded or _TERMINAL.search(folded) or folded.endswith((",", "、", ";", "；")) or _DATE_LINE.match(folded):
        return False
    if any(is_cjk(ch) for ch in line[:12]):
        # a numbered paragraph's first wrapped line ("2．両首脳は往来を") is no heading in a text whose headings have no numbers
        return len(line) <= 40 and "。" not in line and not re.match(r"^\d{1,2}[.．]\S", folded)
    words = folded.split()
    return len(words) <= 14 and len(folded) <= 110 and (folded[0].isupper() or folded[0].isdigit() or folded[0] in "\"'“‘")


def _followed_by_text(lines: list[str], number: int) -> bool:
    """Whether the next non-blank line after line ``number`` (1-based) is body text: a bullet or a sentence, not another short line."""
    nxt = next((ln for ln in lines[number:] if ln.strip(" \t\u3000\f\v")), None)
    if nxt is None:
        return False
    stripped = nxt.strip(" \t\u3000\f\v")
    numbered = re.match(r"^(?:\d{1,2}[.．]|[(（]\d{1,2}[)）])", fold(stripped)) is not None  # "2．両首脳は…", a numbered paragraph
    return bool(_BULLET.match(nxt.replace("\u3000", " "))) or numbered or not _unnumbered_heading(stripped, fold(stripped))


def _scan(text: str, unnumbered: bool = False) -> tuple[list[_Item], dict[str, tuple[int, str, str | None]]]:
    """Turn raw lines into re-flowed items (title, headings, paragraphs, bullets).

    ``unnumbered``: for a document without numbered headings, a short line with no final
    punctuation that starts a block (after a blank line or a finished paragraph) is a heading.
    """
    items: list[_Item] = []
    headings: dict[str, tuple[int, str, str | None]] = {}
    state = _HeadingState()
    open_item: _Item | None = None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blank_before = True
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip(" \t\u3000\f\v")
        if not stripped:
            blank_before = True
            continue
        starts_block, blank_before = blank_before, False
        folded = fold(stripped)
        if not any(i.kind == "heading" for i in items) and _FURNITURE.match(folded):
            items.append(_Item("boilerplate", stripped, number))
            open_item = None
            continue
        if not any(i.kind in ("title", "date", "heading", "paragraph") for i in items):
            # the first line is the title, whatever it looks like, unless it is the date line or a numbered heading
            # (a text whose title was a category line, now furniture, has none)
            if _DATE_LINE.match(folded):
                items.append(_Item("date", stripped, number))
                continue
            if unnumbered or _heading_match(folded) is None:
                items.append(_Item("title", stripped, number))
                continue
        if (unnumbered and items[-1].kind == "title" and not starts_block and (stripped[0] in "\"“「『(（" or stripped[0].islower())
                and not _BULLET.match(raw.replace("\u3000", " "))):
            items[-1].text = _join(items[-1].text, stripped)  # a wrapped title or its quoted subtitle, in the same block
            continue
        if _BOILERPLATE.match(folded):
            items.append(_Item("boilerplate", stripped, number))
            open_item = None
            continue
        heading = None if unnumbered else _heading_match(folded)  # no numbered headings: the first pass found none
        if heading is not None and (open_item is None or _TERMINAL.search(open_item.text) or not is_cjk(stripped[0])):
            accepted = state.accept(*heading)
            if accepted is not None:
                level, section_id, parent_id = accepted
                items.append(_Item("heading", stripped, number, level=level, heading=(heading[0], heading[1], section_id)))
                headings[section_id] = accepted
                open_item = None
                continue
        bullet = _BULLET.match(raw.replace("\u3000", " "))
        if (unnumbered and not bullet and (starts_block or open_item is None or _TERMINAL.search(open_item.text))
                and _unnumbered_heading(stripped, folded) and _followed_by_text(lines, number)):
            section_id = str(len(headings) + 1)
            headings[section_id] = (1, section_id, None)
            items.append(_Item("heading", stripped, number, level=1, heading=("unnumbered", "", section_id)))
            open_item = None
            continue
        if bullet:
            indent = len(bullet.group("indent").expandtabs(4))
            open_item = _Item("paragraph", bullet.group("text").strip(), number, bullet_indent=indent)
            items.append(open_item)
            continue
        if not any(i.kind in ("heading", "date") for i in items) and _DATE_LINE.match(folded):
            items.append(_Item("date", stripped, number))  # before any continuation: a Japanese date line never glues on
            open_item = None
            continue
        if open_item is not None and _continues(open_item.text, stripped) and not _stands_alone(open_item, lines, number):
            open_item.text = _join(open_item.text, stripped)
            continue
        numbered = _JA_NUMBERED.match(stripped)  # "1　本12日…", "2．両首脳は…": the number is the paragraph's mark, not its text
        open_item = _Item("paragraph", stripped[numbered.end():], number, mark=numbered.group(0)) if numbered else \
            _Item("paragraph", stripped, number)
        items.append(open_item)
    return items, headings


# A Japanese numbered paragraph: a number and a space or a full stop, then Japanese text ("1　本12日", "2．両首脳は").
_JA_NUMBERED = re.compile(r"^[0-9０-９]{1,2}(?:[.．][ \t\u3000]*|[ \t\u3000]+)(?=[\u3040-\u30ff\u4e00-\u9fff「『（(])")


def parse_document(text: str, meta: DocumentMeta) -> Document:
    """Build the section/paragraph tree of one plan; raise DocumentError if it has no sections."""
    items, headings = _scan(text)
    if not items:
        raise DocumentError.of("err.document_empty", id=meta.id)
    layout = "numbered"
    if not headings:  # joint statements, meeting outlines: headings without numbers, or none at all
        items, headings = _scan(text, unnumbered=True)
        layout = "unnumbered" if headings else "none"
    bullet_indents = sorted({i.bullet_indent for i in items if i.bullet_indent is not None})
    sections: list[Section] = []
    preamble = Section("0", "", "", 0, None, 0)
    current = preamble
    title = next((i.text for i in items if i.kind == "title"), "")
    date_line = None
    boilerplate: list[str] = []
    if not headings:
        current = Section("1", "", "", 1, None, 0)
        sections.append(current)
    style = ""  # the current section's heading style
    for item in items:
        if item.kind == "title":
            continue
        if item.mark and style == "paren" and current.level == 1 and item.bullet_indent is None:
            # "3　我が国は…" after the projects (1), (2) that paragraph 2 introduced: the top level again, a section of its own
            label = fold(item.mark).strip(" .")
            current, style = Section(label if all(s.section_id != label for s in sections) else f"{label}-{item.line}",
                                     label, "", 1, None, item.line), "numbered"
            sections.append(current)
        if item.kind == "heading":
            assert item.heading is not None
            level, section_id, parent_id = headings[item.heading[2]]
            current, style = Section(section_id, item.heading[1], item.text, level, parent_id, item.line), item.heading[0]
            sections.append(current)
        elif item.kind == "date":
            date_line = item.text
        elif item.kind == "boilerplate":
            boilerplate.append(item.text)
        else:
            level = 0 if item.bullet_indent is None else bullet_indents.index(item.bullet_indent) + 1
            parent = None
            for prior in reversed(current.paragraphs):
                if prior.level < level:
                    parent = prior.number
                    break
            number = len(current.paragraphs) + 1
            current.paragraphs.append(Paragraph(meta.id, current.section_id, number, item.text, level, parent, item.line))
    if preamble.paragraphs:
        sections.insert(0, preamble)
    _check_coverage(meta.id, text, items)
    return Document(meta, text, title, date_line, sections, boilerplate, layout)


def _check_coverage(doc_id: str, raw_text: str, items: list[_Item]) -> None:
    """Every character of the source must end up, in order, in exactly one item."""
    if "".join(squash(i.mark + i.text) for i in items) != squash(_BULLET_MARKS.sub("", raw_text)):
        raise DocumentError.of("err.document_coverage", id=doc_id)


# --------------------------------------------------------------------------- alignment


def align(original: Document, translation: Document) -> None:
    """Raise AlignmentError unless both documents have the same sections and paragraph counts."""
    a = [s.section_id for s in original.sections]
    b = [s.section_id for s in translation.sections]
    if a != b:
        raise AlignmentError.of("err.align_sections", translation=translation.id, original=original.id,
                                only_original=", ".join(s for s in a if s not in b) or "—",
                                only_translation=", ".join(s for s in b if s not in a) or "—",
                                order_original=", ".join(a), order_translation=", ".join(b))
    for sa, sb in zip(original.sections, translation.sections):
        if len(sa.paragraphs) != len(sb.paragraphs):
            longer, shorter = (sa, sb) if len(sa.paragraphs) > len(sb.paragraphs) else (sb, sa)
            extra = longer.paragraphs[len(shorter.paragraphs)]
            raise AlignmentError.of("err.align_paragraphs", translation=translation.id, original=original.id,
                                    section=sa.section_id, n_original=len(sa.paragraphs), n_translation=len(sb.paragraphs),
                                    document=extra.document_id, number=extra.number, line=extra.line, text=extra.text[:60])
        for pa, pb in zip(sa.paragraphs, sb.paragraphs):
            if pa.level != pb.level:
                raise AlignmentError.of("err.align_level", translation=translation.id, original=original.id,
                                        section=sa.section_id, number=pa.number, level_original=pa.level,
                                        level_translation=pb.level)


# --------------------------------------------------------------------------- the document's own title and date


@dataclass(frozen=True)
class OwnHeader:
    """What a document says about itself: its title and date line, and the date read from it."""

    title: str
    date_line: str | None
    date: str | None  # ISO, as precise as the line: 2012-03-16, 2010-03, 2016
    date_precision: str | None  # day | month | year
    layout: str  # the structure found, one of LAYOUTS
    sections: int
    proposed_date: str | None = None  # without a dated date line: the first full date of the body, for the user to confirm
    proposed_from: str | None = None  # ... the sentence it was read from


def _rough_sentences(text: str, lang: str) -> list[str]:
    """Sentences, roughly: enough to quote the one a proposed date was read from (extract.split_sentences is exact)."""
    if lang == "ja":
        return [s for s in re.findall(r"[^。！？]+[。！？]?", text) if s.strip()]
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text) if s.strip()]


def own_header(text: str, lang: str) -> OwnHeader:
    """Title and date from the document itself, for an added document given neither (``--title``/``--date``).

    A news dateline opening the body ("TOKYO, March 23, 2016 —", "VIENTIANE, March 6 (KPL) --") counts as the
    date line. Without a dated date line, the first sentence of the body that dates the event with a day, month
    and year ("held talks ... on 4 March 2010") gives a proposed date, which the review asks the user to confirm;
    a dateline without a year is completed with the year of the body's first full date (also a proposal).
    """
    from laomap.pipeline.dates import find_dates

    probe = DocumentMeta(id="draft", file="draft.txt", title_en="", title_ja="", language=lang, date="1900",
                         date_precision="year", date_basis="", publisher="", builtin=False)
    doc = parse_document(text, probe)
    date_line = doc.date_line
    if date_line is None and doc.paragraphs and lang != "ja":
        m = DATELINE.match(doc.paragraphs[0].text)
        if m:
            date_line = m.group(0).strip()
    date = precision = None
    if date_line:
        for mention in find_dates(date_line, lang):
            if mention.precision in DATE_PRECISIONS and mention.kind == "event":
                date, precision = mention.iso, mention.precision
                break
    proposed = proposed_from = None
    if date is None:
        sentences = [sentence for p in doc.paragraphs for sentence in _rough_sentences(p.text, lang)]
        if date_line:  # a dateline without a year ("VIENTIANE, March 6 (KPL) --"): the year of the body's first full date
            dated = ((s, d) for s in sentences for d in find_dates(s, lang) if d.precision in ("day", "month") and d.kind == "event")
            s, d = next(dated, (None, None))
            completed = [m for m in find_dates(date_line, lang, None, d.iso[:4]) if m.precision == "day"] if d else []
            if s is not None and completed:
                proposed, proposed_from = completed[0].iso, f"{date_line} … {s.strip()}"
        for sentence in sentences if proposed is None else ():
            day = next((d for d in find_dates(sentence, lang) if d.precision == "day" and d.kind == "event"), None)
            if day is not None:
                proposed, proposed_from = day.iso, sentence.strip()
                break
    sections = sum(1 for s in doc.sections if s.section_id != "0")
    return OwnHeader(doc.title, date_line, date, precision, doc.layout, sections, proposed, proposed_from)
