"""What makes a review fast (issue 29 item 3), checked for what it must keep: the same review, the same suggestions.

A review builds the dataset with the document added. It takes the gazetteer of the dataset kept for the current
inputs (a document adds no place) instead of reading and checking the geodata again, and the GeoNames index is an
SQLite file queried name by name instead of 8.7 MB of JSON read whole.
"""

from __future__ import annotations

import sqlite3

from laomap import userdata
from laomap.pipeline import dataset as dataset_module
from laomap.pipeline import geonames

from .conftest import DOCUMENTS, GEODATA, ROOT

PRESS = ROOT / "tests" / "fixtures" / "region" / "press-statement-2026.en.txt"


def _preview(user):
    text = PRESS.read_text(encoding="utf-8")
    meta = userdata.document_meta("Press statement", "2026-03-01", "en", doc_id="press-2026")
    return userdata.preview_document(text, meta, user, DOCUMENTS, GEODATA)


def test_a_review_takes_the_kept_gazetteer_and_finds_what_a_full_build_finds(tmp_path, monkeypatch):
    user = tmp_path / "user"
    reads: list[object] = []
    real = dataset_module.load_gazetteer
    monkeypatch.setattr(dataset_module, "load_gazetteer", lambda *a, **k: reads.append(a) or real(*a, **k))

    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "empty-cache"))  # nothing kept: the review reads the geodata
    dataset_module._cache.clear()
    alone = _preview(user)
    assert len(reads) == 1

    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    dataset_module._cache.clear()  # the review above kept the dataset it extended in this process: kept on disk here
    kept = dataset_module.load_dataset(DOCUMENTS, GEODATA, user)
    dataset_module._cache.clear()  # from the disk cache, as a new process would
    reads.clear()
    fast = _preview(user)
    assert reads == []
    assert fast.gazetteer.places == kept.gazetteer.places
    ours = fast.commitments[fast.commitments.document_id == "press-2026"]
    theirs = alone.commitments[alone.commitments.document_id == "press-2026"]
    assert len(ours) > 3
    assert ours.drop(columns=["carried_from", "carried_to"]).equals(theirs.drop(columns=["carried_from", "carried_to"]))
    assert ours.place_ids.tolist() == theirs.place_ids.tolist()


def test_a_kept_gazetteer_of_other_places_is_not_taken(tmp_path, monkeypatch):
    """After a place is added, the dataset kept before it no longer matches the inputs: the review reads the gazetteer."""
    user = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    dataset_module.load_dataset(DOCUMENTS, GEODATA, user)
    place = userdata.place_row("ban_nongbok_tai", "Ban Nongbok Tai", "", "city", "LA", 17.1, 104.9)
    userdata.add_place(place, user, DOCUMENTS, GEODATA)
    ds = _preview(user)
    assert "ban_nongbok_tai" in ds.gazetteer.places


def test_the_geonames_index_is_an_sqlite_file_and_a_damaged_copy_is_passed_over(tmp_path, monkeypatch):
    """The index is queried from SQLite; a damaged file in the user cache is skipped for the copy bin/setup made."""
    _, version = geonames._source()
    geonames.index.cache_clear()
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / geonames.index_name(version)).write_bytes(b"not a database")
    shipped = geonames.shipped_copy(version)
    try:
        if not shipped.is_file():  # a machine set up without bin/setup's index: made once here, in the test's cache
            geonames.index()
            geonames.index.cache_clear()
            shipped = tmp_path / "cache" / geonames.index_name(version)
            monkeypatch.setattr(geonames, "shipped_copy", lambda v: shipped)
            (tmp_path / "cache" / "damaged").mkdir()
            monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache" / "damaged"))
            (tmp_path / "cache" / "damaged" / geonames.index_name(version)).write_bytes(b"not a database")
        with sqlite3.connect(shipped) as db:
            assert db.execute("SELECT name FROM places WHERE gid = 1654379").fetchone() == ("Pakse",)
        assert [(s.geonames_id, s.country) for s in geonames.suggest("Pakse")] == [(1654379, "LA")]
        assert geonames.suggest("パクセー")[0].geonames_id == 1654379
        assert geonames.by_id(1655199).name == "Thakhèk"
    finally:
        geonames.index.cache_clear()
