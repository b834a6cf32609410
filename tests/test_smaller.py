"""The smaller findings of the issue-30 probe (item 10): file modes, control characters in stored names."""

from __future__ import annotations

import os
import stat

import pytest

from laomap import atomic, userdata
from laomap.errors import LaomapError

from .datafiles import data_digest


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_written_file_gets_the_mode_the_umask_allows_not_0600(tmp_path, umask_022):
    path = atomic.write_text(tmp_path / "export.csv", "a,b\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_own_mode(tmp_path, umask_022):
    path = tmp_path / "shared.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o664)
    atomic.write_text(path, "[]")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664 and path.read_text(encoding="utf-8") == "[]"


def test_the_user_data_files_follow_the_umask(tmp_path, umask_022):
    user = tmp_path / "user"
    userdata.ignore_name("Bolaven Plateau", user)
    assert stat.S_IMODE((user / "ignored-names.txt").stat().st_mode) == 0o644


@pytest.mark.parametrize("name", ["Vientiane\x96", "Pakse\x9b2J", "Luang\u202eProbang", "Xam\x07Neua"])
def test_ignore_name_refuses_control_characters(tmp_path, name):
    user = tmp_path / "user"
    userdata.ignore_name("Bolaven Plateau", user)
    before = data_digest(user)
    with pytest.raises(LaomapError, match="control character U\\+"):
        userdata.ignore_name(name, user)
    assert data_digest(user) == before


@pytest.mark.parametrize("kind", ["file", "loop"])
def test_a_data_directory_that_is_no_folder_is_a_warning(tmp_path, kind):
    from laomap.pipeline.dataset import build

    from .conftest import DOCUMENTS, GEODATA

    user = tmp_path / "user"
    if kind == "file":
        user.write_text("not a folder", encoding="utf-8")
    else:
        user.symlink_to(tmp_path / "loop")
        (tmp_path / "loop").symlink_to(user)
    ds = build(DOCUMENTS, GEODATA, user)
    assert any(f"{user} is not a folder" in w for w in ds.warnings)
    assert set(ds.documents) == set(build(DOCUMENTS, GEODATA, tmp_path / "absent").documents)  # the built-in data is all there
