"""Atomic writes: a failed write (full disk, read-only folder) leaves the old file untouched."""

from __future__ import annotations

import errno
import os

import pytest

from laomap.atomic import write_bytes
from laomap.errors import ExportError


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "out.csv"
    write_bytes(target, b"one")
    write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_full_disk_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left on device.*Nothing was changed"):
        write_bytes(target, b"new" * 1000)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_read_only_folder(tmp_path, monkeypatch):
    """Simulated: the suite runs as root, which ignores folder permissions."""
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match="Permission denied"):
        write_bytes(tmp_path / "x.csv", b"data")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_bytes(tmp_path / "nope" / "x.csv", b"data")
