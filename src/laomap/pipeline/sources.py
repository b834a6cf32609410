"""Where the pipeline's inputs are read from: the project's documents/ and geodata/, and the user's additions.

The user data directory is only *read* here (its writing, atomic and locked, is
``laomap.userdata``). Nothing read leaves that directory: names with '..', absolute paths or
NUL bytes are refused, and so are symbolic links inside it (``inside``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from laomap import paths
from laomap.errors import DocumentError, GazetteerError, LaomapError
from laomap.pipeline.carry import KINDS, VERDICTS, Correction
from laomap.pipeline.documents import DocumentMeta, manifest_file_entries, meta_from_dict
from laomap.pipeline.gazetteer import Place
from laomap.pipeline.gazetteer_files import read_gazetteer_csv

MANIFEST = "manifest.json"
DOCUMENTS = "documents"
GAZETTEER = "gazetteer.csv"
IGNORED = "ignored-names.txt"
CARRIED = "carried.csv"
CARRIED_COLUMNS = ("later_id", "earlier_id", "verdict", "kind", "note", "changed")


def user_documents(user_dir: Path) -> list[tuple[DocumentMeta, Path]]:
    """Manifest entries of added documents with the folder holding their files (each file checked to lie inside it)."""
    path = Path(user_dir) / MANIFEST
    entries = manifest_entries(user_dir)
    if not entries:
        return []
    folder = inside(user_dir, DOCUMENTS)
    metas = [meta_from_dict(e, where=f"{path} entry {i + 1}", builtin=False) for i, e in enumerate(entries)]
    for meta in metas:
        inside(user_dir, DOCUMENTS, meta.file)
    return [(meta, folder) for meta in metas]


def user_places(user_dir: Path) -> list[Place]:
    path = inside(user_dir, GAZETTEER, error=GazetteerError)
    return read_gazetteer_csv(path, user_added=True) if path.is_file() else []


def user_corrections(user_dir: Path) -> list[Correction]:
    """The user's word on the plan history's links (carried.csv): confirmed, rejected and added links.

    Raises DocumentError naming the line when the file is not what laomap writes.
    """
    path = inside(user_dir, CARRIED)
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError.of("err.user_file_utf8", path=str(path), cause=str(exc)) from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != CARRIED_COLUMNS:
        raise DocumentError.of("err.user_file_columns", path=str(path), expected=",".join(CARRIED_COLUMNS),
                               found=",".join(reader.fieldnames or ()))
    out = []
    for number, row in enumerate(reader, 2):
        try:
            out.append(check_correction(row.get("later_id") or "", row.get("earlier_id") or "", row.get("verdict") or "",
                                        row.get("kind") or "", row.get("note") or ""))
        except DocumentError as exc:
            raise DocumentError.of("err.user_file_line", path=str(path), line=number, problem=exc) from None
    return out


def check_correction(later_id: str, earlier_id: str, verdict: str, kind: str = "", note: str = "") -> Correction:
    """A correction with its fields checked (not yet against the dataset: ``carry.apply_corrections`` does that)."""
    later_id, earlier_id, verdict, kind, note = (v.strip() for v in (later_id, earlier_id, verdict, kind, note))
    for label, value in (("later statement", later_id), ("earlier statement", earlier_id)):
        if not _STATEMENT_ID.fullmatch(value):
            raise DocumentError.of("err.link_bad_id", id=value, which_key=f"err.field.{label}")
    if later_id == earlier_id:
        raise DocumentError.of("err.link_self", id=later_id)
    if verdict not in VERDICTS:
        raise DocumentError.of("err.link_verdict", got=verdict, allowed=", ".join(VERDICTS))
    if kind and kind not in KINDS:
        raise DocumentError.of("err.link_kind", got=kind, allowed=", ".join(KINDS))
    if len(note) > 300 or any(ch in note for ch in "\r\n\x00"):
        raise DocumentError.of("err.link_note")
    return Correction(later_id, earlier_id, verdict, kind, note)


_STATEMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}:[^\s:]{1,40}:[0-9]{1,5}\.[0-9]{1,5}")


def ignored_names(user_dir: Path | None = None) -> list[str]:
    """Names the user chose to ignore in reviews, one per line of ignored-names.txt."""
    path = inside(user_dir_or_default(user_dir), IGNORED)
    if not path.is_file():
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise DocumentError.of("err.user_file_utf8", path=str(path), cause=str(exc)) from None
    return [ln.strip() for ln in lines if ln.strip()]


def manifest_entries(user_dir: Path) -> list[dict[str, Any]]:
    """The entries of the user's manifest (none when there is no manifest)."""
    path = inside(user_dir, MANIFEST)
    return manifest_file_entries(path) if path.is_file() else []


def user_dir_or_default(user_dir: Path | None) -> Path:
    return Path(user_dir) if user_dir is not None else paths.user_data_dir()


def inside(user_dir: Path, *parts: str, error: type[LaomapError] = DocumentError) -> Path:
    """``user_dir/parts...``, refused (``error``) if it could lead outside the user data directory.

    A part may not be absolute, contain '..' or a NUL byte, and no step from the directory
    down to the file may be a symbolic link: a link could make laomap read (and show in an
    error message) or overwrite a file anywhere. The directory itself may be a link.
    """
    root = Path(user_dir)
    path = root
    for part in parts:
        if "\x00" in part:
            raise error(f"{root}: the name {part!r} contains a NUL byte: expected a plain file name.")
        rel = Path(part)
        if rel.is_absolute() or ".." in rel.parts:
            raise error(f"{root}: {part!r} leads outside the user data directory: expected a name inside it.")
        for piece in rel.parts:
            path = path / piece
            if path.is_symlink():
                raise error(
                    f"{path} is a symbolic link: laomap does not follow links in the user data directory (one could point "
                    "outside it). Replace the link with the file or folder itself."
                )
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError) as exc:  # a loop of links, an unreadable folder
        raise error(f"Cannot check {path}: {exc}.") from None
    if not inside:
        raise error(f"{path} lies outside the user data directory {root}.")
    return path




def has_user_data(user_dir: Path) -> bool:
    """Whether the user has added anything (a manifest or a gazetteer, even a broken one or a link)."""
    return any(Path(user_dir, name).exists() or Path(user_dir, name).is_symlink() for name in (MANIFEST, GAZETTEER, CARRIED))
