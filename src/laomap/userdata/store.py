"""The user's own data directory: documents and places added without touching the project.

Layout of ``LAOMAP_DATA_DIR`` (default ~/.local/share/laomap)::

    manifest.json       documents added by the user (same format as documents/manifest.json)
    documents/          their texts, as UTF-8
    gazetteer.csv       places added by the user (same columns as geodata/gazetteer.csv)
    ignored-names.txt   names the review of new documents should no longer suggest as places
    carried.csv         the user's corrections of the plan history's links (``userdata/carried.py``)

Every change is all-or-nothing: the whole dataset is first built and validated in memory
from a temporary copy of this directory with the change applied, and only then are the
files written, each atomically (``atomic.py``), the manifest last. A change that would
break the dataset is refused with the reason and leaves every file as it was. The
project's own documents/ and geodata/ are only ever read.

Nothing read or written here leaves the user directory: names with '..', absolute paths
or NUL bytes are refused, and so are symbolic links inside it (``_inside``), which could
point anywhere (a copied folder or an unpacked archive can bring one along).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from laomap import paths
from laomap.atomic import write_text
from laomap.errors import DocumentError, LaomapError
from laomap.ingest.base import check_text_length
from laomap.pipeline import incremental
from laomap.pipeline.documents import LANGUAGES, PUBLISHER_NOT_RECORDED, DocumentMeta, meta_from_dict, read_manifest
from laomap.pipeline.sources import (  # noqa: F401 - read side, re-exported
    CARRIED,
    DOCUMENTS,
    GAZETTEER,
    IGNORED,
    MANIFEST,
    ignored_names,
    inside,
    manifest_entries,
    user_dir_or_default,
    user_documents,
    user_places,
)
from laomap.textnorm import fold
from laomap.userdata.ids import document_id
from laomap.userdata.transaction import (
    CONTROL_CHARACTERS,
    DATA_FILES,  # noqa: F401 - re-exported
    build_candidate,
    candidate,
    change,
    directories,
    locked,
    make_dir,
    readable_manifest,
)

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset

TITLE_MAX = 300  # characters in a title or a publisher's name; the longest title of the relationship has about 120
DATE_YEARS = (1945, 2100)  # a document of the relationship is dated within these years


# --------------------------------------------------------------------------- reading


# --------------------------------------------------------------------------- new document metadata


def slug(text: str) -> str:
    """'Joint Follow-up Plan 2024' -> 'joint-follow-up-plan-2024' (ASCII letters and digits only)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:50].strip("-")


def document_meta(title: str, date: str, lang: str, *, doc_id: str | None = None, title_en: str | None = None,
                  title_ja: str | None = None, translation_of: str | None = None, publisher: str | None = None,
                  original_file: str | None = None, sha256: str | None = None, source_format: str = "", role: str = "",
                  taken: Collection[str] = ()) -> DocumentMeta:
    """The manifest entry of a document being added, checked with messages that say what was expected.

    Without ``doc_id`` the id is made from the date and the title (``ids.document_id``), avoiding the ids in ``taken``
    (``taken_ids``): two documents of one day or of one long title get different ids.
    """
    title = (title or "").strip()
    if not title:
        raise DocumentError.of("err.title_required")
    for label, value in (("title", title), ("English title", title_en or ""), ("Japanese title", title_ja or ""),
                         ("publisher", publisher or "")):
        if CONTROL_CHARACTERS.search(value):
            raise DocumentError.of("err.field_control", field_key=f"err.field.{label}", value=repr(value))
        if len(value) > TITLE_MAX:
            raise DocumentError.of("err.field_too_long", field_key=f"err.field.{label}", n=len(value), limit=TITLE_MAX)
    if lang not in LANGUAGES:
        raise DocumentError.of("err.doc_language", allowed=", ".join(LANGUAGES), got=repr(lang))
    date = unicodedata.normalize("NFKC", date or "").strip()  # full-width digits (２０２４-０３) are read as ASCII ones
    precision = _date_precision(date)
    # the title as written is the title in the document's own language; the English title, which every document
    # has, is the one given or else the title as written
    titles = {"en": (title_en or "").strip(), "ja": (title_ja or "").strip()} | {lang: title}
    title_en, title_ja = titles["en"] or title, titles["ja"]
    doc_id = (doc_id or "").strip() or document_id(title, date, lang, taken)
    entry = {
        "id": doc_id,
        "file": f"{doc_id}.txt",
        "title_en": title_en,
        "title_ja": title_ja,
        "language": lang,
        "date": date,
        "date_precision": precision,
        "date_basis": "Entered by the user who added the document.",
        "publisher": (publisher or "").strip() or PUBLISHER_NOT_RECORDED,
        "translation_of": translation_of or None,
        "original_file": original_file,
        "sha256": sha256,
        "source_format": source_format,
        "role": role,
    }
    return meta_from_dict(entry, where=f"document {doc_id!r}", builtin=False)


def taken_ids(user_dir: Path | None = None, documents_dir: Path | None = None) -> set[str]:
    """The ids of the built-in documents and of those the user added: a new document's id must be none of them."""
    u = user_dir_or_default(user_dir)
    builtin = {m.id for m in read_manifest(Path(documents_dir or paths.documents_dir()))}
    try:
        added = {str(e.get("id")) for e in manifest_entries(u)}
    except (LaomapError, OSError):
        added = set()  # a damaged manifest is reported when the document is previewed
    return builtin | added


def _date_precision(date: str) -> str:
    formats = {10: ("%Y-%m-%d", "day"), 7: ("%Y-%m", "month"), 4: ("%Y", "year")}
    fmt = formats.get(len(date))
    try:
        if fmt is None or not re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", date):
            raise ValueError
        _dt.datetime.strptime(date, fmt[0])
    except ValueError:
        raise DocumentError.of("err.date_format", got=repr(date)) from None
    if not DATE_YEARS[0] <= int(date[:4]) <= DATE_YEARS[1]:
        raise DocumentError.of("err.date_range", date=date, first=DATE_YEARS[0], last=DATE_YEARS[1])
    return fmt[1]


def _entry(meta: DocumentMeta) -> dict:
    fields = ("id", "file", "title_en", "title_ja", "short_title_en", "short_title_ja", "language", "date", "date_precision",
              "date_earliest", "date_basis", "publisher", "original_file", "sha256", "source_format", "translation_of", "role")
    entry = {k: getattr(meta, k) for k in fields}
    entry["added"] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    return entry


def _manifest_text(entries: list[dict]) -> str:
    return json.dumps({"schema": 1, "documents": entries}, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- documents


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))  # zero-width characters and soft hyphens


def _same_text(text: str) -> str:
    """A digest of a text that ignores how it was saved and laid out: encoding, line endings and wraps, blank lines,
    spaces of any kind (no-break, ideographic, tabs), zero-width characters and Unicode composition.

    Whitespace is dropped, not collapsed: a re-wrapped Japanese line has no space where it was broken.
    """
    return hashlib.sha256("".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split()).encode("utf-8")).hexdigest()


def _check_same_text(text: str, user_dir: Path, entries: list[dict], documents_dir: Path, revision_of: str | None = None) -> None:
    """Refuse a text already added or built in, however it was saved or wrapped, naming the document it duplicates.

    ``revision_of`` names a document this text revises: it may then be the same text (a corrected
    layout, a re-issued edition), and is still refused if it duplicates any other.
    """
    digest = _same_text(text)
    candidates = [(e["id"], e.get("title_en") or e.get("title_ja") or "", (user_dir, DOCUMENTS, e["file"])) for e in entries
                  if e.get("file")]
    candidates += [(m.id, m.title_en or m.title_ja, (Path(documents_dir), m.file)) for m in read_manifest(documents_dir)]
    if revision_of is not None and revision_of not in {doc_id for doc_id, _, _ in candidates}:
        raise DocumentError.of("err.revision_of_unknown", id=revision_of,
                               known=", ".join(sorted(doc_id for doc_id, _, _ in candidates)))
    for doc_id, title, (root, *parts) in candidates:
        if doc_id == revision_of:
            continue
        try:
            existing = inside(root, *parts).read_text(encoding="utf-8")  # never a link or a path out of the folder
        except (LaomapError, OSError, UnicodeDecodeError):
            continue  # a damaged or unsafe file is reported by the build, not here
        if _same_text(existing) == digest:
            raise DocumentError.of("err.same_text", id=repr(doc_id), title=title, doc_id=doc_id)


def _check_new_document(meta: DocumentMeta, entries: list[dict], documents_dir: Path) -> None:
    builtin = {m.id: m for m in read_manifest(documents_dir)}
    added = {e["id"]: e for e in entries}
    if meta.id in builtin:
        raise DocumentError.of("err.id_builtin", id=meta.id)
    if meta.id in added:
        raise DocumentError.of("err.id_added", id=meta.id, title=str(added[meta.id].get("title_en")))
    if any(e.get("file") == meta.file for e in entries):
        raise DocumentError.of("err.file_taken", file=meta.file)
    if meta.sha256:
        same = [e["id"] for e in entries if e.get("sha256") == meta.sha256] + [m.id for m in builtin.values() if m.sha256 == meta.sha256]
        if same:
            raise DocumentError.of("err.same_file", id=same[0])
    if meta.translation_of:
        languages = {**{k: m.language for k, m in builtin.items()}, **{k: e.get("language") for k, e in added.items()}}
        if meta.translation_of not in languages:
            known = ", ".join(sorted(languages))
            raise DocumentError.of("err.translation_of_unknown", id=meta.translation_of, known=known)
        if languages[meta.translation_of] == meta.language:
            raise DocumentError.of("err.translation_same_language", id=meta.translation_of, language=meta.language)


def twin_meta(meta: DocumentMeta, text: str, lang: str) -> DocumentMeta:
    """The manifest entry of ``meta``'s text in another language made from the same file (an IATI file's narratives in
    both languages): its translation, so that each statement and its twin are one statement pair.

    Its id is the first one's with the language changed (``…-en`` -> ``…-ja``); its title is its own first line.
    """
    from laomap.pipeline.documents import own_header

    base = meta.id[:-len(meta.language) - 1] if meta.id.endswith(f"-{meta.language}") else meta.id
    title = own_header(text, lang).title or meta.title(meta.language)
    # the twin's title in each other language is the first one's (its own language's title is its first line)
    others = {f"title_{code}": getattr(meta, f"title_{code}") for code in LANGUAGES if code != lang}
    return document_meta(title, meta.date, lang, doc_id=f"{base}-{lang}", translation_of=meta.id, **others,
                         publisher=None if meta.publisher == PUBLISHER_NOT_RECORDED else meta.publisher,
                         original_file=meta.original_file, source_format=meta.source_format)


Twin = tuple[str, DocumentMeta]  # a translation made from the same file, added with the document: (its text, its entry)


def preview_document(text: str, meta: DocumentMeta, user_dir: Path | None = None, documents_dir: Path | None = None,
                     geodata_dir: Path | None = None, revision_of: str | None = None, twin: Twin | None = None) -> Dataset:
    """The whole dataset as it would be with this document added, built and validated in memory; nothing is written.

    ``revision_of``: the id of a document this one revises, which it may repeat (see ``_check_same_text``).
    ``twin``: its translation made from the same file, added with it (``twin_meta``).
    """
    u, d, g = directories(user_dir, documents_dir, geodata_dir)
    check_text_length(text, meta.original_file or meta.file)  # also for texts given through the API, not read_upload
    entries = readable_manifest(u)
    _check_new_document(meta, entries, d)
    _check_same_text(text, u, entries, d, revision_of)
    added = [(text, meta)]
    if twin is not None:
        check_text_length(twin[0], twin[1].original_file or twin[1].file)
        _check_new_document(twin[1], [*entries, _entry(meta)], d)
        _check_same_text(twin[0], u, entries, d, revision_of)
        added.append(twin)
    with candidate(u) as copy:
        for body, m in added:
            (copy / DOCUMENTS / m.file).write_text(body, encoding="utf-8")
        (copy / MANIFEST).write_text(_manifest_text([*entries, *(_entry(m) for _, m in added)]), encoding="utf-8")
        kept = incremental.base_dataset(d, g, u)
        if kept is None:
            return build_candidate(copy, d, g)
        # only the new document is extracted; the rest is the kept dataset's (the same as a build's, row for row)
        ds = incremental.with_documents(kept, copy, d, [m.id for _, m in added])
        return ds if ds is not None else build_candidate(copy, d, g, kept.gazetteer)  # a document adds no place


def add_document(text: str, meta: DocumentMeta, user_dir: Path | None = None, documents_dir: Path | None = None,
                 geodata_dir: Path | None = None, revision_of: str | None = None, twin: Twin | None = None) -> Dataset:
    """Add a document (and its ``twin``, see ``preview_document``) for good, after the whole new dataset has been built
    and validated; returns that dataset."""
    u, d, g = directories(user_dir, documents_dir, geodata_dir)
    added = [(text, meta), *([twin] if twin is not None else [])]
    targets = [(inside(u, DOCUMENTS, m.file), body) for body, m in added]

    def commit(_ds: Dataset) -> None:
        entries = readable_manifest(u)
        make_dir(u / DOCUMENTS)
        try:
            for target, body in targets:
                write_text(target, body)
            write_text(u / MANIFEST, _manifest_text([*entries, *(_entry(m) for _, m in added)]))
        except LaomapError:
            for target, _body in targets:
                target.unlink(missing_ok=True)  # the manifest is the commit point: without it the texts are not added
            raise

    ds = change(u, lambda: preview_document(text, meta, u, d, g, revision_of, twin), commit)
    incremental.keep(ds, d, g, u)  # the page drawn next shows it at once instead of building it again
    return ds


def remove_document(doc_id: str, user_dir: Path | None = None, documents_dir: Path | None = None,
                    geodata_dir: Path | None = None) -> Dataset:
    """Remove an added document (never a built-in one); returns the dataset without it."""
    u, d, g = directories(user_dir, documents_dir, geodata_dir)

    def rest() -> tuple[list[dict], list[dict]]:
        entries = readable_manifest(u)
        ids = [e["id"] for e in entries]
        if doc_id not in ids:
            if doc_id in {m.id for m in read_manifest(d)}:
                raise DocumentError.of("err.remove_builtin", id=doc_id)
            raise DocumentError.of("err.remove_unknown", id=doc_id, added=", ".join(ids) or "-")
        entry = next(e for e in entries if e["id"] == doc_id)
        twins = [e for e in entries if _is_twin(e, entry)]  # made from the same file with it (``twin_meta``): go with it
        dependants = [e["id"] for e in entries if e.get("translation_of") == doc_id and e not in twins]
        if dependants:
            raise DocumentError.of("err.remove_has_translation", id=doc_id, translations=", ".join(dependants))
        gone = [entry, *twins]
        return [e for e in entries if e not in gone], gone

    def prepare() -> Dataset:
        remaining, _gone = rest()
        with candidate(u) as copy:
            (copy / MANIFEST).write_text(_manifest_text(remaining), encoding="utf-8")
            return build_candidate(copy, d, g)

    def commit(_ds: Dataset) -> None:
        remaining, gone = rest()
        write_text(u / MANIFEST, _manifest_text(remaining))
        for entry in gone:
            if not any(e.get("file") == entry["file"] for e in remaining):
                with contextlib.suppress(OSError, LaomapError):  # an orphan text file is harmless: nothing refers to it any more
                    inside(u, DOCUMENTS, entry["file"]).unlink(missing_ok=True)

    return change(u, prepare, commit)


def set_document_role(doc_id: str, role: str, user_dir: Path | None = None, documents_dir: Path | None = None,
                      geodata_dir: Path | None = None) -> Dataset:
    """Say whether an added document is a plan ('plan': a column of the plan history) or not ('other': an event on its
    time axis); 'auto' lets its title decide again (``documents.document_role``). Returns the dataset with the change."""
    from laomap.pipeline.documents import ROLES

    if role not in (*ROLES, "auto"):
        raise DocumentError.of("err.role_value", got=repr(role), allowed=", ".join((*ROLES, "auto")))
    u, d, g = directories(user_dir, documents_dir, geodata_dir)

    def changed() -> list[dict]:
        entries = readable_manifest(u)
        if doc_id not in {e["id"] for e in entries}:
            if doc_id in {m.id for m in read_manifest(d)}:
                raise DocumentError.of("err.role_builtin", id=doc_id)
            raise DocumentError.of("err.remove_unknown", id=doc_id, added=", ".join(e["id"] for e in entries) or "-")
        return [{**e, "role": "" if role == "auto" else role} if e["id"] == doc_id else e for e in entries]

    def prepare() -> Dataset:
        with candidate(u) as copy:
            (copy / MANIFEST).write_text(_manifest_text(changed()), encoding="utf-8")
            return build_candidate(copy, d, g)

    def commit(_ds: Dataset) -> None:
        write_text(u / MANIFEST, _manifest_text(changed()))

    return change(u, prepare, commit)


def _is_twin(entry: dict, of: dict) -> bool:
    """Whether ``entry`` is ``of``'s text in another language made from the same file (``twin_meta``: no digest of its own)."""
    return (entry.get("translation_of") == of["id"] and not entry.get("sha256") and bool(of.get("sha256"))
            and entry.get("original_file") == of.get("original_file") and entry.get("source_format") == of.get("source_format"))


# --------------------------------------------------------------------------- ignored names


def ignore_name(name: str, user_dir: Path | None = None, undo: bool = False) -> list[str]:
    """Add (or with ``undo`` remove) a name in the list the review no longer suggests; returns the list."""
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise LaomapError.of("err.ignore_name")
    control = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf", "Cs")), None)
    if control is not None:  # C0/C1 controls, bidi overrides, lone surrogates: no place name holds them
        raise LaomapError.of("err.ignore_control", name=ascii(name), code=f"U+{ord(control):04X}")
    u = user_dir_or_default(user_dir)
    with locked(u):
        names = ignored_names(u)
        key = fold(name).lower()
        if undo:
            names = [n for n in names if fold(n).lower() != key]
        elif key not in {fold(n).lower() for n in names}:
            names.append(name)
        make_dir(u)
        write_text(u / IGNORED, "".join(f"{n}\n" for n in names))
    return names
