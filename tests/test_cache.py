"""The dataset kept on disk (issue 30, items 1 and 2): it cannot run code or lie, and it sees every input's content."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from laomap import userdata
from laomap.pipeline import cache, dataset

from .conftest import DOCUMENTS, GEODATA

HISTORY = Path(__file__).parent / "fixtures" / "history"


def _restart(monkeypatch):
    """What a restart forgets: the in-memory dataset (the digests memo too, so nothing of the last run helps)."""
    monkeypatch.setattr(dataset, "_cache", {})
    monkeypatch.setattr(cache, "_digests", {})


def _no_build(monkeypatch):
    monkeypatch.setattr(dataset, "build", lambda *a, **k: pytest.fail("rebuilt although a trusted dataset was kept"))


def _count_builds(monkeypatch) -> list:
    built: list = []
    real = dataset.build
    monkeypatch.setattr(dataset, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    return built


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A cache folder holding the dataset of the built-in inputs (and an empty user folder)."""
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache-dir"))
    user = tmp_path / "user"
    first = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    files = list((tmp_path / "cache-dir").glob("dataset-*.json"))
    assert len(files) == 1
    return first, files[0], user


def test_the_kept_dataset_is_the_built_one_table_for_table(kept, monkeypatch):
    first, _, user = kept
    _restart(monkeypatch)
    _no_build(monkeypatch)
    again = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert again is not first
    for name in ("sections", "paragraphs", "commitments", "non_commitments", "links", "dates", "carried"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name), check_exact=True)
    pd.testing.assert_frame_equal(pd.DataFrame(again.places.drop(columns="geometry")),
                                  pd.DataFrame(first.places.drop(columns="geometry")))
    assert list(again.places.geometry.geom_equals_exact(first.places.geometry, tolerance=0)) == [True] * len(first.places)
    assert again.places.crs == first.places.crs
    assert again.documents == first.documents and again.parsed == first.parsed
    assert again.gazetteer.places == first.gazetteer.places and again.gazetteer.partnerships == first.gazetteer.partnerships
    assert again.gazetteer.layers == first.gazetteer.layers and again.warnings == first.warnings
    text = next(t for t in first.commitments.text if "Vientiane" in t)
    assert [link.place_id for link in again.gazetteer.match(text, "en")] == [link.place_id for link in first.gazetteer.match(text, "en")]


def test_a_kept_datasets_tables_are_made_when_first_read_and_once_for_every_thread(kept, monkeypatch):
    """The tables are made on first read (most of a small dataset's load was making them); threads share one."""
    first, _, user = kept
    _restart(monkeypatch)
    _no_build(monkeypatch)
    again = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    fields = {name: vars(dataset.Dataset)[name] for name in cache._TABLES}
    assert not any(field.is_made(again) for field in fields.values())
    with ThreadPoolExecutor(4) as pool:
        seen = list(pool.map(lambda _: again.commitments, range(8)))
    assert all(frame is seen[0] for frame in seen) and fields["commitments"].is_made(again)
    assert not fields["links"].is_made(again)
    pd.testing.assert_frame_equal(again.method_links, first.method_links, check_exact=True)


def test_the_cache_file_is_data_not_code(kept):
    _, path, _ = kept
    blob = path.read_bytes()
    assert blob.startswith(cache.MAGIC)
    doc, tables = cache._unpack(blob[len(cache.MAGIC) + 32:])  # after the magic line and the 32-byte HMAC: JSON and Arrow tables
    assert set(tables) == {*cache._TABLES, "places", "coordinates", "gazetteer_places"} and all(bytes(t[:4]) == b"\xff\xff\xff\xff" for t in tables.values())
    key = path.parent / cache.KEY_NAME
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def test_a_planted_pickle_is_never_run(kept, monkeypatch, tmp_path):
    _, path, user = kept
    monkeypatch.chdir(tmp_path)
    path.write_bytes(pickle.dumps(_Boom()))
    path.with_name(path.name.replace(".json", ".pickle")).write_bytes(pickle.dumps(_Boom()))  # the old format's name too
    _restart(monkeypatch)
    built = _count_builds(monkeypatch)
    assert len(dataset.load_dataset(DOCUMENTS, GEODATA, user).commitments) > 0
    assert built == [1] and not (tmp_path / "PWNED").exists()


def _forge(path, change):
    """The kept file with its data changed and its HMAC left as it was, or recomputed under a key of the forger's."""
    import hashlib
    import hmac

    blob = path.read_bytes()
    head = len(cache.MAGIC)
    doc, tables = cache._unpack(blob[head + 32:])
    change(doc)
    payload = cache._pack(doc, {name: bytes(t) for name, t in tables.items()})
    return blob[:head + 32] + payload, cache.MAGIC + hmac.new(b"k" * 32, payload, hashlib.sha256).digest() + payload


def _retitle(doc):
    doc["dataset"]["documents"][0]["title_en"] = "FORGED: a plan nobody wrote"


@pytest.mark.parametrize("which", [0, 1], ids=["same-hmac", "forger-key"])
def test_a_forged_dataset_is_never_served(kept, monkeypatch, which):
    _, path, user = kept
    path.write_bytes(_forge(path, _retitle)[which])
    _restart(monkeypatch)
    built = _count_builds(monkeypatch)
    ds = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert built == [1] and not any(m.title_en.startswith("FORGED") for m in ds.documents.values())


def test_a_kept_file_of_other_inputs_is_not_served_for_these(kept, monkeypatch, tmp_path):
    """A genuine file (right key) copied under the name of another input state is refused: the name is authenticated."""
    _, path, user = kept
    userdata.ignore_name("Some name", user)
    other = cache.cache_name(dataset.input_fingerprint(DOCUMENTS, GEODATA, user))
    shutil.copy(path, path.with_name(f"dataset-{other}.json"))
    _restart(monkeypatch)
    built = _count_builds(monkeypatch)
    dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert built == [1]


def test_a_key_others_can_read_turns_the_disk_cache_off_and_says_so(kept, monkeypatch):
    _, path, user = kept
    key = path.parent / cache.KEY_NAME
    key.chmod(0o644)
    _restart(monkeypatch)
    built = _count_builds(monkeypatch)
    userdata.ignore_name("Another name", user)
    ds = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert built == [1]
    assert any("not kept on disk" in w and "other users" in w and str(key) in w for w in ds.warnings)
    _restart(monkeypatch)
    dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert built == [1, 1]  # nothing from that folder is trusted while the key is exposed


def test_a_key_replaced_by_a_link_is_refused(kept, monkeypatch, tmp_path):
    _, path, user = kept
    key = path.parent / cache.KEY_NAME
    (tmp_path / "their-key").write_bytes(b"x" * 32)
    key.unlink()
    key.symlink_to(tmp_path / "their-key")
    _restart(monkeypatch)
    built = _count_builds(monkeypatch)
    ds = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert built == [1] and any("symbolic link" in w for w in ds.warnings)


# --------------------------------------------------------------------------- the key sees every input (item 2)


def _project_under_cache(tmp_path):
    """The project's documents and geodata and the user data, all under a folder named ``cache``."""
    root = tmp_path / "srv" / "cache" / "laomap"
    shutil.copytree(DOCUMENTS, root / "documents")
    shutil.copytree(GEODATA, root / "geodata")
    return root / "documents", root / "geodata", root / "data"


def test_a_document_added_under_a_folder_named_cache_is_shown(tmp_path, monkeypatch):
    docs, geo, user = _project_under_cache(tmp_path)
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache-dir"))
    before = dataset.load_dataset(docs, geo, user)
    text = (HISTORY / "joint-statement-2015.en.txt").read_text(encoding="utf-8")
    meta = userdata.document_meta("Joint Statement (2015)", "2015-11-24", "en", doc_id="added-plan")
    userdata.add_document(text, meta, user, docs, geo)
    assert "added-plan" in dataset.load_dataset(docs, geo, user).documents  # same process
    _restart(monkeypatch)
    assert "added-plan" in dataset.load_dataset(docs, geo, user).documents  # after a restart
    assert "added-plan" not in before.documents


def test_an_edit_of_a_built_in_plan_under_a_folder_named_cache_is_seen(tmp_path, monkeypatch):
    docs, geo, user = _project_under_cache(tmp_path)
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache-dir"))
    dataset.load_dataset(docs, geo, user)
    plan = docs / "joint-plan-2016.en.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Vientiane", "Vientiann"), encoding="utf-8")
    _restart(monkeypatch)
    assert any("Vientiann" in t for t in dataset.load_dataset(docs, geo, user).commitments.text)


def test_a_same_size_edit_that_keeps_the_modification_time_is_seen(tmp_path, monkeypatch):
    docs, geo, user = _project_under_cache(tmp_path)
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache-dir"))
    plan = docs / "joint-plan-2016.en.txt"
    before = plan.stat()
    dataset.load_dataset(docs, geo, user)
    text = plan.read_text(encoding="utf-8")
    assert "Vientiane" in text
    plan.write_text(text.replace("Vientiane", "VIENTIANE"), encoding="utf-8")
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = plan.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert any("VIENTIANE" in t for t in dataset.load_dataset(docs, geo, user).commitments.text)  # the same process
    _restart(monkeypatch)
    assert any("VIENTIANE" in t for t in dataset.load_dataset(docs, geo, user).commitments.text)  # a restart


def test_the_memo_of_digests_rereads_a_file_whose_identity_changed(tmp_path, monkeypatch):
    """A settled file is read once; a same-size, same-mtime rewrite changes its ctime and is read again."""
    f = tmp_path / "a.txt"
    f.write_text("one", encoding="utf-8")
    old = f.stat()
    monkeypatch.setattr(cache, "_RACY_S", -1.0)  # treat every file as settled: only the identity decides
    first = cache.file_digest(f)
    f.write_text("two", encoding="utf-8")
    os.utime(f, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert cache.file_digest(f) != first


def test_a_forgery_under_our_own_key_would_be_served(kept, monkeypatch):
    """The counter-check of the two tests above: the forged file is read as a dataset once it carries our HMAC."""
    import hashlib
    import hmac

    _, path, user = kept
    payload = _forge(path, _retitle)[0][len(cache.MAGIC) + 32:]
    secret = (path.parent / cache.KEY_NAME).read_bytes()
    path.write_bytes(cache.MAGIC + hmac.new(secret, payload, hashlib.sha256).digest() + payload)
    _restart(monkeypatch)
    _no_build(monkeypatch)
    ds = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert any(m.title_en.startswith("FORGED") for m in ds.documents.values())
