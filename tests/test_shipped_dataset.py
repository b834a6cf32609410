"""The dataset bin/setup builds into the environment (``pipeline/shipped.py``) serves a first load in any cache
directory, equals a build, and is never read when stale, damaged or not of these inputs (issue 29 item 3).

Each test gives the setup copy a folder of its own (the suite's other tests see none: ``conftest``) and a new, empty
``LAOMAP_CACHE_DIR``, as a freshly set-up machine has, and counts the full builds ``load_dataset`` makes.
"""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from laomap import userdata
from laomap.pipeline import cache as disk_cache
from laomap.pipeline import dataset as dataset_module
from laomap.pipeline import incremental, prebuild, shipped

from .conftest import DOCUMENTS, GEODATA
from .test_review_incremental import PRESS, TABLES, _counted, _meta, _same, _text


@pytest.fixture
def setup_folder(tmp_path, monkeypatch):
    """The folder bin/setup writes into (``<venv>/share/laomap``), here a temporary one; and an empty cache directory."""
    folder = tmp_path / "share-laomap"
    monkeypatch.setattr(shipped, "folder", lambda: folder)
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "new-cache"))
    dataset_module._cache.clear()
    yield folder
    dataset_module._cache.clear()


def _load(d=DOCUMENTS, g=GEODATA, user=None):
    """``load_dataset`` in a process that has nothing in memory: (the dataset, the full builds it made)."""
    dataset_module._cache.clear()
    out = []
    builds = _counted(lambda: out.append(dataset_module.load_dataset(d, g, user)))
    return out[0], builds


def _equal_tables(a, b) -> None:
    assert list(a.documents) == list(b.documents) and a.documents == b.documents
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=True, obj=name)
    assert a.warnings == b.warnings
    assert a.gazetteer.places == b.gazetteer.places


def _only_copy(folder):
    copies = sorted(folder.glob("dataset-*.json"))
    assert len(copies) == 1
    return copies[0]


def test_a_first_load_in_a_new_cache_directory_reads_the_setup_copy_and_builds_nothing(setup_folder, tmp_path, ds):
    assert prebuild.write(DOCUMENTS, GEODATA).startswith("wrote ")
    copy = _only_copy(setup_folder)
    written = copy.read_bytes()
    loaded, builds = _load(user=tmp_path / "user")
    assert builds == 0
    _equal_tables(loaded, ds)  # the session's full build of the same inputs
    assert copy.read_bytes() == written  # read-only
    assert prebuild.write(DOCUMENTS, GEODATA).endswith("is up to date") and copy.read_bytes() == written


def test_the_first_review_extends_the_setup_copy_and_equals_a_full_build(setup_folder, tmp_path):
    prebuild.write(DOCUMENTS, GEODATA)
    meta = _meta("Joint Press Statement", "2026-05-12", "en", "press-2026")
    user = tmp_path / "user"
    fast: list[object] = []
    builds = _counted(lambda: fast.append(userdata.preview_document(_text(PRESS), meta, user, DOCUMENTS, GEODATA)))
    assert builds == 0
    dataset_module._cache.clear()
    real = incremental.base_dataset
    incremental.base_dataset = lambda *a: None  # the review as it was: the whole dataset built with the document
    try:
        full = userdata.preview_document(_text(PRESS), meta, user, DOCUMENTS, GEODATA)
    finally:
        incremental.base_dataset = real
    _same(fast[0], full, ["press-2026"])


def _edit_a_document(docs, _folder, _monkeypatch):
    path = docs / "joint-plan-2016.en.txt"
    text = path.read_text(encoding="utf-8")
    assert "Irrigation agriculture will be made possible" in text
    path.write_text(text.replace("Irrigation agriculture will be made possible", "Irrigation agriculture will surely be made possible"),
                    encoding="utf-8")
    return "surely"


def _change_the_code(_docs, _folder, monkeypatch):
    monkeypatch.setattr(disk_cache, "_code_digest", lambda: "another version of laomap")
    return None


@pytest.mark.parametrize("change", [_edit_a_document, _change_the_code], ids=["a document edited", "the code changed"])
def test_a_copy_built_from_other_inputs_or_code_is_never_read(setup_folder, inputs, monkeypatch, change):
    docs, geo, user = inputs
    prebuild.write(docs, geo)
    assert _load(docs, geo, user)[1] == 0  # the copy of these inputs and code is read
    word = change(docs, setup_folder, monkeypatch)
    shutil.rmtree(os.environ["LAOMAP_CACHE_DIR"], ignore_errors=True)
    loaded, builds = _load(docs, geo, user)
    assert builds == 1
    if word is not None:
        assert loaded.commitments.text.str.contains(word).any()  # the edited text, not the copy's
    assert "is up to date" not in prebuild.write(docs, geo)  # bin/setup builds it again, and keeps that one only
    _only_copy(setup_folder)


def _flip_a_byte(folder):
    copy = _only_copy(folder)
    blob = bytearray(copy.read_bytes())
    blob[len(blob) // 2] ^= 0x20
    copy.write_bytes(bytes(blob))


def _truncate(folder):
    copy = _only_copy(folder)
    copy.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])


def _another_key(folder):
    (folder / "key").write_bytes(os.urandom(32))


def _key_others_can_read(folder):
    os.chmod(folder / "key", 0o644)


def _not_json(folder):
    _only_copy(folder).write_text("{not a dataset", encoding="utf-8")


@pytest.mark.parametrize("damage", [_flip_a_byte, _truncate, _another_key, _key_others_can_read, _not_json])
def test_a_damaged_copy_is_ignored_and_the_dataset_built(setup_folder, tmp_path, ds, damage):
    prebuild.write(DOCUMENTS, GEODATA)
    damage(setup_folder)
    loaded, builds = _load(user=tmp_path / "user")
    assert builds == 1
    _equal_tables(loaded, ds)


def test_the_copy_is_not_read_when_the_user_has_corrected_the_plan_history(setup_folder, tmp_path, ds):
    prebuild.write(DOCUMENTS, GEODATA)
    link = ds.method_links.iloc[0]
    user = tmp_path / "user"
    user.mkdir()
    (user / "carried.csv").write_text("later_id,earlier_id,verdict,kind,note,changed\n"
                                      f"{link.later_id},{link.earlier_id},reject,,,\n", encoding="utf-8")
    loaded, builds = _load(user=user)
    assert builds == 1
    rejected = (loaded.carried.later_id == link.later_id) & (loaded.carried.earlier_id == link.earlier_id)
    assert not rejected.any()
    assert len(loaded.carried) == len(ds.carried) - 1


def test_names_the_review_ignores_do_not_keep_the_copy_from_being_read(setup_folder, tmp_path, ds):
    prebuild.write(DOCUMENTS, GEODATA)
    user = tmp_path / "user"
    userdata.ignore_name("Kengkok", user)
    loaded, builds = _load(user=user)
    assert builds == 0
    _equal_tables(loaded, ds)
