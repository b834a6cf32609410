"""Adding and removing documents and places in the user data directory: all-or-nothing, built-ins untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from laomap import atomic, userdata
from laomap.errors import AlignmentError, DocumentError, GazetteerError, LaomapError, ValidationError
from laomap.export.data import commitments_csv, commitments_geojson
from laomap.pipeline.dataset import build, load_dataset
from laomap.views.filters import Filter, apply
from laomap.views.layers import map_layers
from laomap.views.review import review_document

from .conftest import CORE_GEODATA as GEODATA  # the review tests need a gazetteer without Pakse (conftest)
from .conftest import DOCUMENTS
from .datafiles import data_digest
from .fixtures.make_pdfs import fixture_text

EN, JA = fixture_text("en"), fixture_text("ja")
PLACES = {  # the places the follow-up plan names that the gazetteer lacks, as a reviewer would add them
    "pakse": dict(name_en="Pakse", name_ja="パクセー市", kind="city", country="LA", lat=15.1202, lon=105.7990),
    "thakhek": dict(name_en="Thakhek", name_ja="ターケーク", kind="city", country="LA", lat=17.4104, lon=104.8307),
    "nagoya": dict(name_en="Nagoya", name_ja="名古屋市", kind="city", country="JP", lat=35.1815, lon=136.9066),
}


def tree_digest(folder: Path) -> dict[str, str]:
    return data_digest(folder)


@pytest.fixture
def user(tmp_path):
    return tmp_path / "user"


def add_en(user_dir: Path, **kw):
    meta = userdata.document_meta("Joint Follow-up Plan on Regional Partnership", "2024-03", "en", doc_id=kw.pop("doc_id", "followup-en"), **kw)
    return userdata.add_document(EN, meta, user_dir, DOCUMENTS, GEODATA), meta


def add_ja(user_dir: Path, text: str = JA, doc_id: str = "followup-ja"):
    meta = userdata.document_meta("地域パートナーシップに関する共同フォローアップ計画", "2024-03", "ja", doc_id=doc_id,
                                  translation_of="followup-en")
    return userdata.add_document(text, meta, user_dir, DOCUMENTS, GEODATA), meta


def add_places(user_dir: Path, ds=None):
    g = (ds or build(DOCUMENTS, GEODATA, user_dir)).gazetteer
    for pid, fields in PLACES.items():
        place = userdata.place_row(pid, **fields, gazetteer=g)
        ds = userdata.add_place(place, user_dir, DOCUMENTS, GEODATA)
        g = ds.gazetteer
    return ds


# --------------------------------------------------------------------------- metadata


def test_document_meta_derives_id_precision_and_titles():
    en = userdata.document_meta("Joint Follow-up Plan 2024", "2024-05-17", "en")
    assert (en.id, en.file, en.date_precision, en.title_en, en.builtin) == (
        "2024-05-17-joint-follow-up-plan-en", "2024-05-17-joint-follow-up-plan-en.txt", "day", "Joint Follow-up Plan 2024", False)
    ja = userdata.document_meta("共同フォローアップ計画", "2024", "ja")
    assert (ja.id, ja.title_ja, ja.date_precision) == ("2024-foroappu-c8ef-ja", "共同フォローアップ計画", "year")  # katakana in romaji


@pytest.mark.parametrize(("kw", "message"), [
    (dict(title="", date="2024", lang="en"), "A title is required"),
    (dict(title="T", date="2024-13", lang="en"), "YYYY, YYYY-MM or YYYY-MM-DD"),
    (dict(title="T", date="2024-02-30", lang="en"), "got '2024-02-30'"),
    (dict(title="T", date="May 2024", lang="en"), "got 'May 2024'"),
    (dict(title="T", date="2024", lang="fr"), "language must be one of en, ja"),
    (dict(title="T", date="2024", lang="en", doc_id="Bad Id!"), "must be 2-63 lowercase letters"),
])
def test_document_meta_refuses_bad_fields(kw, message):
    with pytest.raises(DocumentError, match=message):
        userdata.document_meta(kw.pop("title"), kw.pop("date"), kw.pop("lang"), **kw)


# --------------------------------------------------------------------------- adding documents


def test_add_english_then_japanese_translation(user):
    before = tree_digest(DOCUMENTS), tree_digest(GEODATA)
    ds, meta = add_en(user)
    assert (user / "documents" / "followup-en.txt").read_text(encoding="utf-8") == EN
    entry = json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    assert entry["id"] == "followup-en" and entry["date"] == "2024-03" and entry["added"]
    assert "followup-en" in ds.documents and not ds.documents["followup-en"].builtin

    ds, _ = add_ja(user)
    com = ds.commitments
    en_rows, ja_rows = com[com.document_id == "followup-en"], com[com.document_id == "followup-ja"]
    assert len(en_rows) == len(ja_rows) == 14
    assert set(ja_rows.twin_id) == set(en_rows.commitment_id)  # aligned sentence by sentence
    assert (tree_digest(DOCUMENTS), tree_digest(GEODATA)) == before  # the built-in data is never written
    # the cached loader picks the additions up
    assert {"followup-en", "followup-ja"} <= set(load_dataset(DOCUMENTS, GEODATA, user).documents)


def test_preview_writes_nothing(user):
    meta = userdata.document_meta("Follow-up", "2024", "en", doc_id="followup-en")
    ds = userdata.preview_document(EN, meta, user, DOCUMENTS, GEODATA)
    assert "followup-en" in ds.documents
    assert not user.exists() or tree_digest(user) == {}


def unchanged(user: Path, action, error, match: str):
    """Run a failing action and check it changed no file in the user directory and the dataset still loads."""
    before = tree_digest(user) if user.exists() else {}
    with pytest.raises(error, match=match):
        action()
    assert (tree_digest(user) if user.exists() else {}) == before
    build(DOCUMENTS, GEODATA, user)


def test_duplicate_ids_are_refused_and_nothing_is_written(user):
    add_en(user)
    unchanged(user, lambda: add_en(user), DocumentError, "already added")
    meta = userdata.document_meta("T", "2024", "en", doc_id="action-plan-en")
    unchanged(user, lambda: userdata.add_document(EN + "\nMore.", meta, user, DOCUMENTS, GEODATA), DocumentError, "A built-in document already has the id")


def test_the_same_file_twice_is_refused(user):
    _, meta = add_en(user, sha256="ab" * 32)
    other = userdata.document_meta("Again", "2024", "en", doc_id="again-en", sha256="ab" * 32)
    unchanged(user, lambda: userdata.add_document(EN, other, user, DOCUMENTS, GEODATA), DocumentError, "already added as 'followup-en'")


def test_a_document_without_headings_is_added_as_one_section(user):
    text = "A Note on Pakse\n\nBoth sides welcomed the visit to Pakse.\nThey affirmed to continue.\n"
    meta = userdata.document_meta("A note", "2024", "en", doc_id="note-en")
    ds = userdata.add_document(text, meta, user, DOCUMENTS, GEODATA)
    rows = ds.commitments[ds.commitments.document_id == "note-en"]
    assert list(rows.section) == ["1", "1"] and "Pakse" in rows.text.iloc[0]


def test_a_translation_that_does_not_align_is_refused(user):
    add_en(user)
    broken = JA.replace("（２）農業・食料", "（２）農業・食料\n\n双方は、追加の段落を歓迎した。")
    unchanged(user, lambda: add_ja(user, broken), AlignmentError, "does not align with followup-en in section 2\\(2\\)")


@pytest.mark.parametrize(("translation_of", "lang", "message"), [
    ("nothing-here", "ja", "names no document"),
    ("action-plan-en", "en", "must be in the other language"),
])
def test_bad_translation_links(user, translation_of, lang, message):
    meta = userdata.document_meta("T", "2024", lang, doc_id="t-doc", translation_of=translation_of)
    unchanged(user, lambda: userdata.add_document(EN, meta, user, DOCUMENTS, GEODATA), DocumentError, message)


def test_a_damaged_user_manifest_blocks_changes_but_not_the_dataset(user):
    add_en(user)
    (user / "manifest.json").write_text('{"documents": [', encoding="utf-8")
    meta = userdata.document_meta("Other", "2024", "en", doc_id="other-en")
    unchanged(user, lambda: userdata.add_document(EN.replace("Pakse", "Paksé"), meta, user, DOCUMENTS, GEODATA), DocumentError,
              "existing user data cannot be read, so nothing was changed")
    ds = build(DOCUMENTS, GEODATA, user)  # the built-in plans still load, with a warning
    assert "followup-en" not in ds.documents and any("was skipped" in w for w in ds.warnings)


def test_a_failed_manifest_write_leaves_no_text_file_behind(user, monkeypatch):
    add_en(user)
    before = tree_digest(user)
    real = atomic.write_bytes

    def failing(path, data):
        if Path(path).name == "manifest.json":
            raise atomic.ExportError(f"Cannot write {path}: disk full. Nothing was changed.")
        return real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", failing)
    with pytest.raises(LaomapError, match="disk full"):
        add_ja(user)
    assert tree_digest(user) == before
    assert not (user / "documents" / "followup-ja.txt").exists()


def test_a_user_dir_inside_the_builtin_folders_is_refused(tmp_path):
    meta = userdata.document_meta("T", "2024", "en", doc_id="t-en")
    with pytest.raises(LaomapError, match="never writes"):
        userdata.add_document(EN, meta, DOCUMENTS / "user", DOCUMENTS, GEODATA)
    with pytest.raises(LaomapError, match="never writes"):
        userdata.add_place(userdata.place_row("pakse", **PLACES["pakse"]), GEODATA, DOCUMENTS, GEODATA)
    assert not (DOCUMENTS / "user").exists()


def test_invalid_dataset_is_refused_before_anything_is_written(user, monkeypatch):
    """The whole new dataset is validated in memory: a broken invariant stops the add."""
    import laomap.pipeline.validate as validate

    monkeypatch.setattr(validate, "problems", lambda ds, only=None: ["followup-en:1(1):1.1: invented problem"] if "followup-en" in ds.documents else [])
    unchanged(user, lambda: add_en(user), ValidationError, "invented problem")


# --------------------------------------------------------------------------- removing documents


def test_remove_document(user):
    add_en(user)
    add_ja(user)
    unchanged(user, lambda: userdata.remove_document("followup-en", user, DOCUMENTS, GEODATA), DocumentError, "remove the translation first")
    unchanged(user, lambda: userdata.remove_document("action-plan-ja", user, DOCUMENTS, GEODATA), DocumentError, "built-in document")
    unchanged(user, lambda: userdata.remove_document("nope", user, DOCUMENTS, GEODATA), DocumentError, "added documents: followup-en, followup-ja")
    ds = userdata.remove_document("followup-ja", user, DOCUMENTS, GEODATA)
    assert "followup-ja" not in ds.documents and not (user / "documents" / "followup-ja.txt").exists()
    ds = userdata.remove_document("followup-en", user, DOCUMENTS, GEODATA)
    assert set(ds.documents) == {"action-plan-en", "action-plan-ja", "joint-plan-2016"}
    assert json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"] == []


# --------------------------------------------------------------------------- places


def test_place_row_defaults_parent_precision_and_japanese_alias(ds):
    p = userdata.place_row("pakse", **PLACES["pakse"], gazetteer=ds.gazetteer)
    assert (p.parent_id, p.precision_code, p.geometry_ref, p.user_added) == ("champasak", 3, "point", True)
    assert p.aliases_ja == ("パクセー市", "パクセー") and p.aliases_en == ("Pakse",)
    assert userdata.place_row("nagoya", **PLACES["nagoya"], gazetteer=ds.gazetteer).parent_id == "aichi"  # all 47 prefectures have polygons


@pytest.mark.parametrize(("change", "message"), [
    (dict(lat=105.8, lon=15.1), "lat 105.8 is outside"),
    (dict(lon=200.0), "lon 200.0 is outside"),
    (dict(kind="corridor"), "kind: expected one of city, capital, airport, province, region"),
    (dict(country="Laos"), "'LAOS' is not an ISO 3166-1 country code"),
    (dict(country=""), "'' is not an ISO 3166-1 country code"),
    (dict(name_en="", name_ja=""), "needs a name"),
    (dict(name_en="Pak;se"), "may not contain ';'"),
    (dict(country="ZZ", lat=0.0, lon=0.0), "'ZZ' is not an ISO 3166-1 country code"),
    (dict(country="QQ"), "'QQ' is not an ISO 3166-1 country code"),
])
def test_place_row_refuses_bad_values(ds, change, message):
    with pytest.raises(GazetteerError, match=message):
        userdata.place_row("pakse", **{**PLACES["pakse"], **change}, gazetteer=ds.gazetteer)


@pytest.mark.parametrize(("pid", "change", "key"), [
    ("Pakse", {}, "err.place_id_shape"),
    ("p", {}, "err.place_id_shape"),
    ("pakse-2", {}, "err.place_id_shape"),
    ("pakse", dict(lat="15,12"), "err.place_not_number"),
    ("pakse", dict(lon=float("nan")), "err.place_not_number"),
    ("pakse", dict(lat=None), "err.place_not_number"),
    ("pakse", dict(lat=-90.5), "err.place_lat"),
    ("pakse", dict(lon=-180.01), "err.place_lon"),
    ("pakse", dict(precision_code=9), "err.place_precision"),
    ("pakse", dict(iso3166_2="JP-13"), "err.place_iso"),
    ("pakse", dict(country="LAO"), "err.place_country"),
])
def test_what_a_user_types_wrong_for_a_place_is_said_in_every_language(ds, pid, change, key):
    """A place typed in the review or on the command line is refused with a catalog text, in the user's language,
    never with the row model's English (issue 28, item 3)."""
    with pytest.raises(GazetteerError) as caught:
        userdata.place_row(pid, **{**PLACES["pakse"], **change}, gazetteer=ds.gazetteer)
    assert caught.value.key == key
    texts = {lang: caught.value.text(lang) for lang in ("en", "ja", "lo")}
    assert len(set(texts.values())) == 3, texts  # three languages, three texts
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", texts["ja"]) and re.search(r"[\u0e80-\u0eff]", texts["lo"]), texts


def test_a_place_with_its_precision_and_subdivision_code_is_accepted(ds):
    place = userdata.place_row("pakse_edge", **{**PLACES["pakse"], "lat": 14.0, "lon": 105.8, "precision_code": 2,
                                                "iso3166_2": "LA-CH"}, gazetteer=ds.gazetteer)
    assert (place.lat, place.lon, place.precision_code, place.iso3166_2) == (14.0, 105.8, 2, "LA-CH")


@pytest.mark.parametrize(("pid", "change", "message"), [
    ("pakse", dict(lat=35.18, lon=136.9), r"lies in Japan \(JP\), not in Laos \(LA\)"),  # Nagoya's coordinates, a Lao city
    ("pakse", dict(lat=13.75, lon=100.5, country="LA"), r"lies in Thailand \(TH\), not in Laos \(LA\)"),
    ("pakse", dict(lat=1.0, lon=160.0, country="LA"), "lies outside LA"),  # in no known country: the Lao boundary says no
    ("vientiane", {}, "A built-in place already has the id 'vientiane'"),
    ("pakse_again", dict(name_en="Vientiane"), "The name 'Vientiane' already belongs to the place 'vientiane'"),
    # issue 16, items 4 and 5: invisible characters, look-alike letters, and places that contradict themselves
    ("pakse_again", dict(name_en="Vien\u00adtiane"), "The name 'Vientiane' already belongs to the place 'vientiane'"),
    ("pakse_again", dict(name_en="Vien\u200btiane"), "already belongs to the place 'vientiane'"),
    ("pakse_again", dict(name_en="\ufeffLuang Prabang"), "already belongs to the place 'luang_prabang"),
    ("pakse_again", dict(name_en="V\u0456\u0435ntiane"), r"looks like 'Vientiane' of the place 'vientiane' .*CYRILLIC SMALL LETTER"),
    ("pakse_again", dict(name_en="\u0422\u043ek\u0443\u043e", country="JP", lat=35.68, lon=139.76),
     "looks like 'Tokyo'"),
    ("pakse", dict(country="US"), r"lies in Laos \(LA\), not in United States \(US\)"),
    ("pakse", dict(country="JP"), r"lies in Laos \(LA\), not in Japan \(JP\)"),
])
def test_add_place_refuses_conflicts_and_wrong_countries(user, ds, pid, change, message):
    place = userdata.place_row(pid, **{**PLACES["pakse"], **change}, parent_id="")
    unchanged(user, lambda: userdata.add_place(place, user, DOCUMENTS, GEODATA), GazetteerError, message)


@pytest.mark.parametrize(("parent", "message"), [
    ("tokyo", r"parent 'tokyo' \(Tokyo\) is in Japan \(JP\), the place in Laos \(LA\)"),
    ("vientiane_capital", r"is outside its parent 'vientiane_capital'"),
    ("vientiane", r"is [\d,]+ km from its parent 'vientiane'"),
    ("nowhere", "parent 'nowhere' is not in the gazetteer"),
])
def test_a_parent_must_contain_the_place(user, ds, parent, message):
    """Issue 16, item 5: '--country LA --lat 15.12 --lon 105.80 --parent tokyo' put seven Lao statements under Tokyo."""
    place = userdata.place_row("pakse", **PLACES["pakse"], parent_id=parent)
    unchanged(user, lambda: userdata.add_place(place, user, DOCUMENTS, GEODATA), GazetteerError, message)


def test_a_name_copied_with_a_soft_hyphen_is_stored_without_it(user, ds):
    place = userdata.place_row("pakse", **{**PLACES["pakse"], "name_en": "Pak\u00adse"}, gazetteer=ds.gazetteer)
    assert place.name_en == "Pakse" and "Pak\u00adse" not in place.aliases_en
    assert place.parent_id == "champasak"  # found from the point, and consistent


def test_add_and_remove_places(user):
    add_en(user)
    ds = add_places(user)
    assert {"pakse", "thakhek", "nagoya"} <= set(ds.places.place_id[ds.places.user_added])
    unchanged(user, lambda: userdata.add_place(userdata.place_row("pakse", **PLACES["pakse"]), user, DOCUMENTS, GEODATA),
              GazetteerError, "An added place already has the id 'pakse'")
    unchanged(user, lambda: userdata.remove_place("vientiane", user, DOCUMENTS, GEODATA), GazetteerError, "built-in place")
    ds = userdata.remove_place("thakhek", user, DOCUMENTS, GEODATA)
    assert "thakhek" not in ds.gazetteer.places and "pakse" in ds.gazetteer.places


def test_ignored_names(user):
    assert userdata.ignore_name("Bolaven  Plateau", user) == ["Bolaven Plateau"]
    assert userdata.ignore_name("bolaven plateau", user) == ["Bolaven Plateau"]  # once, whatever the case
    assert userdata.ignored_names(user) == ["Bolaven Plateau"]
    assert userdata.ignore_name("Bolaven Plateau", user, undo=True) == []


# --------------------------------------------------------------------------- after review: on the map and in the exports


def test_review_then_places_put_the_plan_on_the_map_and_in_the_exports(user):
    ds, _ = add_en(user)
    ds, _ = add_ja(user)
    before = review_document(ds, "followup-en")
    assert [c.name for c in before.candidates][:4] == ["Pakse", "Thakhek", "National Road No. 13", "Nagoya"]
    assert {"Aichi", "Bolaven Plateau"} <= {c.name for c in before.candidates}
    assert [c.name for c in review_document(ds, "followup-ja").candidates][:3] == ["パクセー", "ターケーク", "名古屋"]

    ds = add_places(user, ds)
    userdata.ignore_name("Bolaven Plateau", user)
    after = review_document(ds, "followup-en", userdata.ignored_names(user))
    assert {c.name for c in after.candidates} == {"Aichi", "National Road No. 13"}  # the core gazetteer has no roads.csv rows
    assert {"pakse", "thakhek", "nagoya"} <= {p.place_id for p in after.places if p.user_added}
    assert "ターケーク" not in {c.name for c in review_document(ds, "followup-ja").candidates}

    for lang in ("en", "ja"):
        rows = apply(ds, Filter(documents=("followup-en",), lang=lang))
        assert len(rows) == 14 and rows.translated.all()
        layers = map_layers(ds, rows, lang)
        sites = {s.place_id: s for s in layers.sites}
        assert sites["pakse"].count >= 5 and sites["pakse"].name == ("Pakse" if lang == "en" else "パクセー市")
        assert {"thakhek", "nagoya", "kyoto", "takayama", "luang_prabang"} <= set(sites)
        areas = {a.place_id: a.count for a in layers.areas}
        assert areas["champasak"] >= 6  # Pakse's statements count for its province
        assert areas["khammouane"] >= 3  # ... and Thakhek's

    rows = apply(ds, Filter(places=("pakse",)))
    assert set(rows.plan_id) == {"followup-en"}
    csv_text = commitments_csv(ds, rows).decode("utf-8-sig")
    assert "followup-en:1(1):2.2" in csv_text and "Pakse" in csv_text
    features = json.loads(commitments_geojson(ds, rows))["features"]
    pakse = [f for f in features if f["properties"]["place_id"] == "pakse"]
    assert len(pakse) == len(rows) and pakse[0]["geometry"] == {"type": "Point", "coordinates": [105.799, 15.1202]}


@pytest.mark.parametrize(("change", "message"), [
    ({"date": 2024}, "field\\(s\\) date must be text"),
    ({"file": "../../geodata/gazetteer.csv"}, "file must be a name inside the documents folder"),
    ({"id": 7}, "field\\(s\\) id must be text"),
])
def test_hand_edited_manifest_errors_are_messages(user, change, message):
    add_en(user)
    path = user / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["documents"][0].update(change)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DocumentError, match=message):
        build(DOCUMENTS, GEODATA, user, strict_user_data=True)


def test_a_manifest_entry_without_japanese_title_loads(user):
    add_en(user)
    path = user / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["documents"][0]["title_ja"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert build(DOCUMENTS, GEODATA, user, strict_user_data=True).documents["followup-en"].title_ja == ""


def test_a_crlf_copy_of_an_added_plan_is_refused_whatever_its_bytes(user):
    _, meta = add_en(user)
    copy = EN.replace("\n", "\r\n")
    other = userdata.document_meta("Again", "2024", "en", doc_id="again-en")
    unchanged(user, lambda: userdata.add_document(copy, other, user, DOCUMENTS, GEODATA), DocumentError,
              "already added as 'followup-en'")


def _rewrapped(text: str) -> str:
    """The probe's near-duplicates at once: lines re-wrapped at 40 characters, extra blank lines, no-break spaces."""
    import textwrap

    out = []
    for para in text.split("\n\n"):
        out.append("\n".join(textwrap.wrap(para, 40)) + "\n\n\n")
    return "".join(out).replace(" of ", "\u00a0of\u00a0")


@pytest.mark.parametrize("change", ["blank-lines", "no-break-spaces", "rewrapped", "all"])
def test_a_near_duplicate_is_refused_naming_the_document_it_repeats(user, change):
    """Issue 30 item 8: four copies of one plan were accepted."""
    add_en(user)
    copy = {"blank-lines": EN.replace("\n", "\n\n\n"), "no-break-spaces": EN.replace(" ", "\u00a0"),
            "rewrapped": EN.replace(". ", ".\n"), "all": _rewrapped(EN)}[change]
    assert copy != EN
    other = userdata.document_meta("Again", "2024", "en", doc_id="again-en")
    unchanged(user, lambda: userdata.add_document(copy, other, user, DOCUMENTS, GEODATA), DocumentError,
              "already added as 'followup-en'.*--revision-of followup-en")


def test_a_near_duplicate_of_a_built_in_plan_is_refused_too(user):
    text = (DOCUMENTS / "joint-plan-2016.en.txt").read_text(encoding="utf-8").replace("\n", "\n\n")
    meta = userdata.document_meta("Again", "2024", "en", doc_id="again-en")
    unchanged(user, lambda: userdata.add_document(text, meta, user, DOCUMENTS, GEODATA), DocumentError,
              "already added as 'joint-plan-2016'")


def test_a_revision_may_repeat_the_plan_it_revises_and_no_other(user):
    add_en(user)
    copy = EN.replace("\n", "\n\n")
    meta = userdata.document_meta("Revised", "2025", "en", doc_id="revised-en")
    ds = userdata.add_document(copy, meta, user, DOCUMENTS, GEODATA, revision_of="followup-en")
    assert {"followup-en", "revised-en"} <= set(ds.documents)
    third = userdata.document_meta("Third", "2026", "en", doc_id="third-en")
    unchanged(user, lambda: userdata.add_document(copy, third, user, DOCUMENTS, GEODATA, revision_of="joint-plan-2016"),
              DocumentError, "already added as")
    unchanged(user, lambda: userdata.add_document(copy + "x", third, user, DOCUMENTS, GEODATA, revision_of="nothing-en"),
              DocumentError, "--revision-of nothing-en names no document")


def test_the_user_data_listing_shows_each_document_under_its_own_languages_title(user, capsys):
    """``laomap user-data`` prints a document's title in the document's language (``DocumentMeta.title``, no branch)."""
    from laomap.cli.app import main

    add_en(user)
    add_ja(user)
    assert main(["user-data", "--data-dir", str(user)]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.startswith("  followup-")}
    assert lines["followup-en"].endswith("] Joint Follow-up Plan on Regional Partnership")
    assert lines["followup-ja"].endswith("] 地域パートナーシップに関する共同フォローアップ計画")
