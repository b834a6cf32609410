"""The built dataset: counts, links between languages, validation on corrupted input."""

from __future__ import annotations

import json

import pytest

from laomap.errors import AlignmentError, DocumentError, ValidationError
from laomap.pipeline.dataset import build
from laomap.pipeline.validate import problems

from .conftest import DOCUMENTS, GEODATA


def test_counts_per_document(ds):
    counts = ds.counts().set_index("document_id")
    assert counts.loc["action-plan-en", "sections"] == 33
    assert counts.loc["action-plan-en", "paragraphs"] == counts.loc["action-plan-ja", "paragraphs"] == 48
    assert counts.loc["action-plan-en", "commitments"] == counts.loc["action-plan-ja", "commitments"]
    assert counts.loc["joint-plan-2016", "paragraphs"] == 46
    assert counts.loc["joint-plan-2016", "programme"] > 10  # the sub-bullets


def test_dataset_is_valid(ds):
    assert problems(ds) == []


def test_every_english_action_plan_record_has_its_japanese_twin(ds):
    com = ds.commitments.set_index("commitment_id")
    en = com[com.document_id == "action-plan-en"]
    assert len(en) > 50
    for cid, row in en.iterrows():
        twin = com.loc[row.twin_id]
        assert twin.document_id == "action-plan-ja"
        assert twin.twin_id == cid
        assert (twin.section, twin.paragraph, twin.sentence, twin.kind) == (row.section, row.paragraph, row.sentence, row.kind)
        assert twin.themes == row.themes and twin.place_ids == row.place_ids


def test_twins_say_the_same_thing(ds):
    com = ds.commitments.set_index("commitment_id")
    en = com.loc["action-plan-en:3(3):1.1"]
    ja = com.loc[en.twin_id]
    assert "1 August 2020" in en.text and "２０２０年８月１日" in ja.text
    assert en.dates == ja.dates == ("2020-08-01",)


def test_local_partnership_clause_is_geocoded(ds):
    row = ds.commitments.set_index("commitment_id").loc["action-plan-en:4(6):1.1"]
    links = dict(zip(row.place_ids, row.place_roles))
    assert links == {"kyoto": "partner", "takayama": "partner", "okinawa": "partner", "hakodate": "site",
                     "vientiane": "site", "luang_prabang": "site", "attapeu": "site"}
    assert row.section == "4(6)" and row.paragraph == 1


def test_nationwide_statements_sit_on_the_country_not_on_vientiane(ds):
    row = ds.commitments.set_index("commitment_id").loc["action-plan-en:4(3):1.1"]
    assert row.place_ids == ("lao_pdr",)


def test_anniversary_is_dated_and_flagged_derived(ds):
    jocv = ds.dates[ds.dates.commitment_id == "action-plan-ja:2(5):1.1"]
    origin = jocv[jocv.kind == "anniversary"].iloc[0]
    assert origin.iso == "1965" and bool(origin.derived)


def test_non_commitment_text_is_accounted_for(ds):
    nc = ds.non_commitments
    assert set(nc.unit) == {"title", "date", "heading", "boilerplate", "sentence"}
    assert "Back to Japan-Laos Relations" in set(nc.text)
    assert set(nc.kind[nc.unit == "sentence"]) == {"lead-in"}  # the built-in plans' only non-statement sentences (issue 22)
    # what another plan states and the situation a plan answers are statements now, not dropped as context
    kinds = ds.commitments.set_index("commitment_id").kind
    assert kinds["joint-plan-2016:3.I:1.1"] == "background" and kinds["joint-plan-2016:3.II:8.1"] == "statement"


def test_texts_are_verbatim_and_reflowed(ds):
    texts = ds.commitments.text
    assert not texts.str.contains("\n").any()
    assert texts.str.contains("power management capability for regional power system integration").any()


def _manifest(docs):
    return json.loads((docs / "manifest.json").read_text(encoding="utf-8"))


def _save(docs, data):
    (docs / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_build_fails_loudly_when_japanese_loses_a_paragraph(inputs):
    docs, geo, user = inputs
    path = docs / "action-plan.ja.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("双方は、直行便早期開設及び観光交流拡大のための協力を促進することを確認した。", ""), encoding="utf-8")
    with pytest.raises(AlignmentError, match=r"4\(6\)"):
        build(docs, geo, user)


def test_build_fails_on_a_duplicate_document_id(inputs):
    docs, geo, user = inputs
    data = _manifest(docs)
    data["documents"][2]["id"] = "action-plan-en"
    _save(docs, data)
    with pytest.raises(DocumentError, match="Duplicate document id"):
        build(docs, geo, user)


def test_build_fails_on_a_translation_of_nothing(inputs):
    docs, geo, user = inputs
    data = _manifest(docs)
    data["documents"][1]["translation_of"] = "no-such-plan"
    _save(docs, data)
    with pytest.raises(DocumentError, match="no-such-plan"):
        build(docs, geo, user)


def test_validation_reports_text_not_in_its_document(ds):
    broken = ds.commitments.copy()
    broken.loc[0, "text"] = "Both sides agreed to something the plan never says."
    ds2 = type(ds)(**{**ds.__dict__, "commitments": broken})
    found = problems(ds2)
    assert any("does not occur verbatim" in p for p in found)
    with pytest.raises(ValidationError, match="validation problem"):
        from laomap.pipeline.validate import check

        check(ds2)


def test_validation_reports_a_missing_twin_and_unknown_theme(ds):
    broken = ds.commitments.copy()
    broken.loc[broken.commitment_id == "action-plan-en:1(2):1.1", "twin_id"] = None
    broken.loc[1, "themes"] = ("astrology",)
    found = problems(type(ds)(**{**ds.__dict__, "commitments": broken}))
    assert any("has no translation twin" in p for p in found)
    assert any("astrology" in p for p in found)


def test_validation_reports_an_unaccounted_sentence(ds):
    nc = ds.non_commitments
    dropped = nc[~((nc.unit == "sentence") & (nc.ref == nc.ref[nc.unit == "sentence"].iloc[0]))]
    found = problems(type(ds)(**{**ds.__dict__, "non_commitments": dropped}))
    assert any("not accounted for" in p for p in found)


def test_corrupt_user_data_does_not_take_the_built_in_data_down(inputs):
    docs, geo, user = inputs
    user.mkdir()
    (user / "manifest.json").write_text("{not json", encoding="utf-8")
    ds = build(docs, geo, user)
    assert len(ds.documents) == 3
    assert any("User data" in w and "skipped" in w for w in ds.warnings)


# --------------------------------------------------------------------------- the dataset kept on disk (issue 16, item 7)


def _fresh_process(monkeypatch):
    """What a restart forgets: the in-memory dataset."""
    from laomap.pipeline import dataset

    monkeypatch.setattr(dataset, "_cache", {})
    monkeypatch.setattr(dataset.disk_cache, "_digests", {})


def test_a_restart_loads_the_built_dataset_from_disk_instead_of_rebuilding(tmp_path, monkeypatch):
    from laomap.pipeline import dataset

    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    user = tmp_path / "user"
    first = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert len(list((tmp_path / "cache").glob("dataset-*.json"))) == 1
    _fresh_process(monkeypatch)
    monkeypatch.setattr(dataset, "build", lambda *a, **k: pytest.fail("rebuilt although the inputs did not change"))
    again = dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert again is not first and again.commitments.equals(first.commitments) and again.links.equals(first.links)
    assert set(again.gazetteer.places) == set(first.gazetteer.places) and again.derived == {}


def test_changed_inputs_or_a_damaged_cache_file_mean_a_rebuild(tmp_path, monkeypatch):
    from laomap import userdata
    from laomap.pipeline import dataset

    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(tmp_path / "cache"))
    user = tmp_path / "user"
    dataset.load_dataset(DOCUMENTS, GEODATA, user)
    userdata.add_place(userdata.place_row("sukhuma", "Sukhuma", "スクマー", "city", "LA", 14.6432, 105.8127), user, DOCUMENTS, GEODATA)
    _fresh_process(monkeypatch)
    assert "sukhuma" in dataset.load_dataset(DOCUMENTS, GEODATA, user).gazetteer.places  # a new input state: built anew
    for f in (tmp_path / "cache").glob("dataset-*.json"):
        f.write_bytes(b"not a dataset")
    _fresh_process(monkeypatch)
    built = []
    real = dataset.build
    monkeypatch.setattr(dataset, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    assert "sukhuma" in dataset.load_dataset(DOCUMENTS, GEODATA, user).gazetteer.places and built == [1]


def test_the_cache_keeps_a_few_datasets_and_a_read_only_cache_costs_only_time(tmp_path, monkeypatch):
    from laomap import userdata
    from laomap.pipeline import dataset

    cache = tmp_path / "cache"
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(cache))
    user = tmp_path / "user"
    for i in range(dataset.DISK_CACHE_KEEP + 2):
        userdata.ignore_name(f"Name {i}", user)
        dataset.load_dataset(DOCUMENTS, GEODATA, user)
    assert len(list(cache.glob("dataset-*.json"))) == dataset.DISK_CACHE_KEEP
    from laomap import atomic
    from laomap.errors import ExportError

    def full_disk(path, data):
        raise ExportError(f"Cannot write {path}: No space left on device. Nothing was changed.")

    userdata.ignore_name("One more", user)
    monkeypatch.setattr(atomic, "write_bytes", full_disk)  # a full disk or a read-only cache folder (root ignores modes)
    _fresh_process(monkeypatch)
    assert len(dataset.load_dataset(DOCUMENTS, GEODATA, user).commitments) > 0
    assert len(list(cache.glob("dataset-*.json"))) == dataset.DISK_CACHE_KEEP  # nothing new, nothing half-written
