"""A change to the user data directory as one transaction: the public machinery that every writer of
``laomap.userdata`` (documents in ``store``, places in ``places``, link corrections in ``carried``) shares.

A change is prepared on a temporary copy of the directory (``candidate``), the whole dataset built and validated from
it (``build_candidate``), and only then written, under the lock, by ``change``: if another writer changed the files
while the build ran, it is prepared again under the lock against what is there now. ``directories`` resolves and
checks the three folders a change reads; nothing here writes a file of the user's data itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from laomap import paths
from laomap.errors import DocumentError, LaomapError
from laomap.pipeline.dataset import build
from laomap.pipeline.documents import meta_from_dict
from laomap.pipeline.sources import (
    CARRIED,
    DOCUMENTS,
    GAZETTEER,
    IGNORED,
    MANIFEST,
    inside,
    manifest_entries,
    user_dir_or_default,
)
from laomap.userdata import lock
from laomap.userdata.lock import candidate_dir

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset
    from laomap.pipeline.gazetteer import Gazetteer

T = TypeVar("T")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # line breaks, escapes and other control characters
DATA_FILES = (MANIFEST, GAZETTEER, IGNORED, CARRIED)  # the files of the user directory besides the documents' texts


# --------------------------------------------------------------------------- safety


def check_links(user_dir: Path) -> None:
    """Refuse a user directory holding a symbolic link anywhere laomap reads or copies (before any change)."""
    for name in (*DATA_FILES, DOCUMENTS):
        inside(user_dir, name, error=LaomapError)
    folder = user_dir / DOCUMENTS
    if folder.is_dir():
        for dirpath, dirnames, filenames in os.walk(folder):  # does not descend into linked folders; they are caught here
            for name in [*dirnames, *filenames]:
                if (Path(dirpath) / name).is_symlink():
                    inside(user_dir, str((Path(dirpath) / name).relative_to(user_dir)), error=LaomapError)


def check_target(user_dir: Path, documents_dir: Path, geodata_dir: Path) -> None:
    """The user directory may not be, or lie inside, the project's own documents/ or geodata/."""
    target = user_dir.resolve()
    for protected in (documents_dir, geodata_dir):
        p = protected.resolve()
        if target == p or p in target.parents:
            raise LaomapError.of("err.user_dir_builtin", folder=str(user_dir), builtin=str(p))


def locked(user_dir: Path) -> contextlib.AbstractContextManager[None]:
    """One writer at a time on this directory, whatever the process or its TMPDIR (``lock.py``)."""
    return lock.locked(user_dir)


@contextmanager
def candidate(user_dir: Path) -> Iterator[Path]:
    """A temporary copy of the user directory's data files, to apply a change to and build from."""
    check_links(user_dir)
    with candidate_dir() as tmp:
        copy = Path(tmp) / "user"
        copy.mkdir()
        for name in DATA_FILES:
            if (user_dir / name).is_file():
                shutil.copy2(user_dir / name, copy / name)
        if (user_dir / DOCUMENTS).is_dir():
            shutil.copytree(user_dir / DOCUMENTS, copy / DOCUMENTS, symlinks=True, ignore=shutil.ignore_patterns(".*"))
        else:
            (copy / DOCUMENTS).mkdir()
        yield copy


def state(user_dir: Path) -> str:
    """A digest of the data files as they are now: equal digests mean no other writer changed anything in between."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        try:
            h.update(name.encode() + b"\0" + (user_dir / name).read_bytes() + b"\0")
        except OSError:
            h.update(name.encode() + b"\0-\0")
    with contextlib.suppress(OSError):
        for f in sorted((user_dir / DOCUMENTS).iterdir()):
            if not f.name.startswith("."):
                st = f.lstat()
                h.update(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def change(user_dir: Path, prepare: Callable[[], T], commit: Callable[[T], None]) -> T:
    """Check and build a change outside the lock, then hold the lock only to write it.

    The build of the whole dataset is the slow part (seconds with a large plan), so it runs
    before the lock is taken; if another writer changed the data meanwhile, it runs again
    under the lock against what is there now. Other writers wait milliseconds, not a build.
    """
    seen = state(user_dir)
    try:
        prepared: T | None = prepare()
    except (OSError, shutil.Error):
        prepared = None  # a file moved under us by another writer: prepare again inside the lock
    with locked(user_dir):
        if prepared is None or state(user_dir) != seen:
            prepared = prepare()
        commit(prepared)
    return prepared


def build_candidate(user_copy: Path, documents_dir: Path, geodata_dir: Path, gazetteer: Gazetteer | None = None) -> Dataset:
    """The dataset of a changed copy of the user directory, strict about the user's data; ``gazetteer``: see ``build``."""
    return build(documents_dir, geodata_dir, user_copy, strict_user_data=True, gazetteer=gazetteer)


def directories(user_dir: Path | None, documents_dir: Path | None, geodata_dir: Path | None) -> tuple[Path, Path, Path]:
    u = user_dir_or_default(user_dir)
    d = Path(documents_dir or paths.documents_dir())
    g = Path(geodata_dir or paths.geodata_dir())
    check_target(u, d, g)
    return u, d, g


def readable_manifest(user_dir: Path) -> list[dict]:
    """The current manifest entries; a damaged manifest stops every change until it is fixed."""
    try:
        entries = manifest_entries(user_dir)
        for i, e in enumerate(entries):
            meta_from_dict(e, where=f"{user_dir / MANIFEST} entry {i + 1}", builtin=False)
        return entries
    except DocumentError as exc:
        raise DocumentError.of("err.user_data_unreadable", cause=exc) from None


def make_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LaomapError.of("err.folder_create", folder=str(folder), reason=exc.strerror or str(exc)) from None
