"""A review made from the kept dataset gives what a full build gives (issue 29 item 3).

``userdata.preview_document`` extracts only the new document and adds its rows to the dataset kept for the current
inputs (``pipeline/incremental.py``). Each case here previews a document twice, once with nothing kept (a full build)
and once with the dataset of the inputs kept (on disk, as a new process finds it, or in this process, as the
dashboard has it), and requires the two datasets to be equal table by table and the two reviews to be equal, and the
second preview to have built nothing.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from laomap import userdata
from laomap.pipeline import dataset as dataset_module
from laomap.pipeline import incremental
from laomap.views.review import review_document, review_json

from .conftest import DOCUMENTS, GEODATA, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
PLAN_EN = FIXTURES / "followup-plan.en.txt"
PLAN_JA = FIXTURES / "followup-plan.ja.txt"
PRESS = FIXTURES / "region" / "press-statement-2026.en.txt"
OUTLINE_JA = FIXTURES / "region" / "outline-2026.ja.txt"
STATEMENT_2015 = FIXTURES / "history" / "joint-statement-2015.en.txt"

TABLES = ("sections", "paragraphs", "commitments", "non_commitments", "links", "dates", "carried", "method_links")


def _meta(title: str, date: str, lang: str, doc_id: str, **kw):
    return userdata.document_meta(title, date, lang, doc_id=doc_id, **kw)


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


def _preview(user, text, meta, twin=None, keep: str = "disk"):
    """The preview of ``text`` with the dataset of the current inputs kept ('disk', 'memory') or not ('none'), and
    how many full builds it made."""
    dataset_module._cache.clear()
    if keep != "none":
        dataset_module.load_dataset(DOCUMENTS, GEODATA, user)
        if keep == "disk":
            dataset_module._cache.clear()  # from the disk cache, as a new process finds it
    builds: list[object] = []
    real, base = dataset_module._build, incremental.base_dataset
    dataset_module._build = lambda *a, **k: builds.append(a) or real(*a, **k)
    if keep == "none":
        incremental.base_dataset = lambda *a: None  # the review as it was: the whole dataset built with the document
    try:
        ds = userdata.preview_document(text, meta, user, DOCUMENTS, GEODATA, twin=twin)
    finally:
        dataset_module._build, incremental.base_dataset = real, base
    return ds, len(builds)


def _same(fast, full, new_ids) -> None:
    assert list(fast.documents) == list(full.documents)
    assert fast.documents == full.documents
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(full, name), check_dtype=True, obj=name)
    assert fast.warnings == full.warnings
    assert list(fast.parsed) == list(full.parsed)
    assert all(dataclasses.asdict(fast.parsed[i]) == dataclasses.asdict(full.parsed[i]) for i in full.parsed)
    assert fast.gazetteer.places == full.gazetteer.places
    for doc_id in new_ids:
        a = review_json(review_document(fast, doc_id, suggest=False))
        b = review_json(review_document(full, doc_id, suggest=False))
        assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _compare(tmp_path, monkeypatch, text, meta, twin=None, keep="disk"):
    user = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "nothing-kept"))
    full, full_builds = _preview(user, text, meta, twin, keep="none")
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    fast, fast_builds = _preview(user, text, meta, twin, keep=keep)
    assert full_builds == 1
    assert fast_builds == 0  # the kept dataset was extended, not built again
    ids = [meta.id] + ([twin[1].id] if twin else [])
    _same(fast, full, ids)
    return fast


def test_a_plan_of_the_built_in_kind_links_to_the_earlier_plans_as_a_build_links_it(tmp_path, monkeypatch):
    meta = _meta("Joint Follow-up Plan on Regional Partnership", "2026-05-12", "en", "followup-2026-en")
    ds = _compare(tmp_path, monkeypatch, _text(PLAN_EN), meta)
    assert (ds.carried.later_plan == "followup-2026-en").sum() > 5  # the case links to earlier plans: it tests them


def test_a_press_release_in_a_dashboard_process(tmp_path, monkeypatch):
    meta = _meta("Joint Press Statement", "2026-05-12", "en", "press-2026")
    ds = _compare(tmp_path, monkeypatch, _text(PRESS), meta, keep="memory")
    assert len(ds.commitments[ds.commitments.document_id == "press-2026"]) > 3


def test_a_japanese_document(tmp_path, monkeypatch):
    meta = _meta("日・ラオス首脳会談", "2026-05-12", "ja", "outline-2026-ja")
    ds = _compare(tmp_path, monkeypatch, _text(OUTLINE_JA), meta)
    assert len(ds.links[ds.links.commitment_id.str.startswith("outline-2026-ja")]) > 0


def test_an_earlier_statement_changes_the_links_of_the_built_in_plans(tmp_path, monkeypatch):
    """Dated before every built-in plan: the built-in plans' statements now link to it (their rows change too)."""
    meta = _meta("Joint Statement 2015", "2015-11-24", "en", "joint-statement-2015")
    ds = _compare(tmp_path, monkeypatch, _text(STATEMENT_2015), meta)
    assert (ds.carried.earlier_plan == "joint-statement-2015").sum() > 0


def test_a_bilingual_file_added_with_its_twin(tmp_path, monkeypatch):
    meta = _meta("Joint Follow-up Plan on Regional Partnership", "2026-05-12", "en", "followup-2026-en")
    ja = _text(PLAN_JA)
    twin = (ja, userdata.twin_meta(meta, ja, "ja"))
    ds = _compare(tmp_path, monkeypatch, _text(PLAN_EN), meta, twin)
    assert ds.commitments[ds.commitments.document_id == "followup-2026-ja"].twin_id.notna().all()


def test_a_translation_of_a_document_added_before_others(tmp_path, monkeypatch):
    """The translation of an added plan, with another document added after that plan: the plan is extracted again
    with its translation and their rows go back where a build puts them, before the later document's."""
    user = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "setup-cache"))
    en = _meta("Joint Follow-up Plan on Regional Partnership", "2026-05-12", "en", "followup-2026-en")
    userdata.add_document(_text(PLAN_EN), en, user, DOCUMENTS, GEODATA)
    userdata.add_document(_text(PRESS), _meta("Joint Press Statement", "2026-05-13", "en", "press-2026"), user, DOCUMENTS, GEODATA)
    meta = _meta("地域パートナーシップに関する共同フォローアップ計画", "2026-05-12", "ja", "followup-2026-ja",
                 translation_of="followup-2026-en")
    ds = _compare(tmp_path, monkeypatch, _text(PLAN_JA), meta)
    order = list(dict.fromkeys(ds.commitments.document_id))
    assert order.index("followup-2026-ja") < order.index("press-2026")


def test_without_a_kept_dataset_the_review_builds_it_and_keeps_it_for_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "empty"))
    meta = _meta("Joint Press Statement", "2026-05-12", "en", "press-2026")
    dataset_module._cache.clear()
    first = _counted(lambda: userdata.preview_document(_text(PRESS), meta, tmp_path / "user", DOCUMENTS, GEODATA))
    dataset_module._cache.clear()
    second = _counted(lambda: userdata.preview_document(_text(PRESS), meta, tmp_path / "user", DOCUMENTS, GEODATA))
    assert (first, second) == (1, 0)


def _counted(action) -> int:
    builds: list[object] = []
    real = dataset_module._build
    dataset_module._build = lambda *a, **k: builds.append(a) or real(*a, **k)
    try:
        action()
    finally:
        dataset_module._build = real
    return len(builds)


def _drop_last_row(ds, kept):
    return dataclasses.replace(ds, links=ds.links.iloc[:-1])


def _history_not_linked_again(ds, kept):
    return dataclasses.replace(ds, carried=pd.concat([kept.carried, ds.carried[ds.carried.later_plan == "joint-statement-2015"]]))


def _rows_at_the_end(ds, kept):
    return dataclasses.replace(ds, non_commitments=ds.non_commitments.sort_values("document_id", kind="stable"))


@pytest.mark.parametrize("damage", [_drop_last_row, _history_not_linked_again, _rows_at_the_end])
def test_the_comparison_sees_a_divergence(tmp_path, monkeypatch, damage):
    """The comparison fails when the incremental path loses a row, keeps the kept plan history or misplaces rows."""
    real = incremental.with_documents

    def damaged(kept, *a, **k):
        ds = real(kept, *a, **k)
        return None if ds is None else damage(ds, kept)

    monkeypatch.setattr(incremental, "with_documents", damaged)
    meta = _meta("Joint Statement 2015", "2015-11-24", "en", "joint-statement-2015")
    with pytest.raises(AssertionError):
        _compare(tmp_path, monkeypatch, _text(STATEMENT_2015), meta)


def test_an_add_keeps_its_dataset_for_the_next_page(tmp_path, monkeypatch):
    """After an add, the dataset of the new inputs is the one the add made, in this process and on disk: the page drawn
    after the click (and the next command) shows the document without building again; it equals a build."""
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    user = tmp_path / "user"
    meta = _meta("Joint Press Statement", "2026-05-12", "en", "press-2026")
    added = userdata.add_document(_text(PRESS), meta, user, DOCUMENTS, GEODATA)
    assert _counted(lambda: dataset_module.load_dataset(DOCUMENTS, GEODATA, user)) == 0
    assert dataset_module.load_dataset(DOCUMENTS, GEODATA, user) is added
    dataset_module._cache.clear()
    assert _counted(lambda: dataset_module.load_dataset(DOCUMENTS, GEODATA, user)) == 0  # from the disk cache
    _same(dataset_module.load_dataset(DOCUMENTS, GEODATA, user), dataset_module.build(DOCUMENTS, GEODATA, user), ["press-2026"])


def test_after_adding_a_place_the_review_again_builds_nothing_and_equals_a_build(tmp_path, monkeypatch):
    """The Add document page reviews the document again after a place is added: the add kept its dataset."""
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    user = tmp_path / "user"
    userdata.add_place(userdata.place_row("ban_nongbok_tai", "Ban Nongbok Tai", "", "city", "LA", 17.1, 104.9),
                       user, DOCUMENTS, GEODATA)
    meta = _meta("Joint Press Statement", "2026-05-12", "en", "press-2026")
    fast = None

    def review():
        nonlocal fast
        fast = userdata.preview_document(_text(PRESS), meta, user, DOCUMENTS, GEODATA)

    assert _counted(review) == 0
    assert "ban_nongbok_tai" in fast.gazetteer.places
    dataset_module._cache.clear()
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "nothing-kept"))
    full, _ = _preview(user, _text(PRESS), meta, keep="none")
    _same(fast, full, ["press-2026"])
