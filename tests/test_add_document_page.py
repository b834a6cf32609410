"""The "Add document" page (AppTest): upload, review, add places or ignore names, add, remove; bad input as messages."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from laomap.pipeline.dataset import build, load_dataset

from .conftest import CORE_GEODATA as GEODATA  # the review tests need a gazetteer without Pakse (conftest)
from .conftest import DOCUMENTS, ROOT
from .fixtures.make_pdfs import FIXTURES, encrypted_pdf, fixture_pdf, scanned_pdf, truncated_pdf

PAGE = str(ROOT / "app_pages" / "add_document.py")
EN_BYTES = (FIXTURES / "followup-plan.en.txt").read_bytes()


@pytest.fixture(autouse=True)
def _core_gazetteer(monkeypatch):
    """The page reads the gazetteer without its regional table, so that the plan's Pakse is unknown to it."""
    monkeypatch.setenv("LAOMAP_GEODATA_DIR", str(GEODATA))


@pytest.fixture
def user(tmp_path, monkeypatch):
    path = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(path))
    return path


def digest(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, name: str, data: bytes, title: str = "Joint Follow-up Plan", date: str = "2024-03", lang: str = "en",
           doc_id: str = "followup-en", translation_of: str = "") -> AppTest:
    at.file_uploader[0].set_value((name, data, "application/pdf" if name.endswith(".pdf") else "text/plain"))
    labelled(at.text_input, "Title (empty: the document's own first line)").input(title)
    labelled(at.text_input, "Date (empty: read from its date line)").input(date)
    labelled(at.radio, "Language of the text").set_value(lang)
    labelled(at.text_input, "Document id (optional)").input(doc_id)
    labelled(at.selectbox, "Translation of (optional)").set_value(translation_of)
    next(b for b in at.button if b.label == "Review").click()
    at.run()
    assert not at.exception
    return at


def labelled(elements, label: str):
    """The upload form's widget with this label (its keys change when the form is reset after an add)."""
    return next(w for w in elements if w.label == label)


def button(at: AppTest, label: str, index: int = 0):
    return [b for b in at.button if b.label == label][index]


def candidates(at: AppTest) -> list[str]:
    return [e.label.split(" — ")[0] for e in at.expander]


def test_page_explains_itself_and_lists_nothing_yet(user):
    at = page()
    assert at.title[0].value == "Add a document"
    said = " ".join(c.value for c in at.caption)
    assert str(user) not in said and "LAOMAP_DATA_DIR" not in said and "README" in said  # no paths or variables on the page
    assert not at.error
    assert [b.label for b in at.button if b.label in ("Add the document", "Remove document")] == []


def test_upload_review_add_places_ignore_add_and_remove(user):
    at = upload(page(), "followup.en.txt", EN_BYTES)
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Sections": "9", "Paragraphs": "8", "Statements": "14", "Places found": "12", "Dates found": "7"}
    assert candidates(at) == ["Pakse", "Thakhek", "National Road No. 13", "Nagoya", "Aichi", "Bolaven Plateau"]
    assert digest(user) == {}  # reviewing writes nothing
    # each name's form comes with the kind its kind word says (the candidate finder's table): a road is a road, not a city
    kinds = {name: at.selectbox(key=f"ad_cand_{hashlib.sha1(name.encode()).hexdigest()[:12]}_kind").value
             for name in ("National Road No. 13", "Aichi", "Bolaven Plateau", "Nagoya")}
    assert kinds == {"National Road No. 13": "road", "Aichi": "province", "Bolaven Plateau": "region", "Nagoya": "city"}

    # add Pakse from its form (the first expander): id and name are suggested, coordinates typed in
    key = [ti.key for ti in at.text_input if ti.value == "pakse"][0].removesuffix("_id")
    assert at.text_input(key=f"{key}_en").value == "Pakse" and at.selectbox(key=f"{key}_country").value == "LA"
    at.number_input(key=f"{key}_lat").set_value(15.1202)
    at.number_input(key=f"{key}_lon").set_value(105.799)
    button(at, "Add this place").click()
    at.run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Added the place Pakse")
    assert candidates(at) == ["Thakhek", "National Road No. 13", "Nagoya", "Aichi", "Bolaven Plateau"]
    assert {m.label: m.value for m in at.metric}["Places found"] == "13"
    assert (user / "gazetteer.csv").is_file() and not (user / "manifest.json").exists()

    # a place without coordinates is refused with a message
    button(at, "Add this place").click()
    at.run()
    assert "Enter the latitude and the longitude" in at.error[0].value

    # ignore the plateau
    button(at, "Ignore this name", index=4).click()
    at.run()
    assert "Bolaven Plateau" not in candidates(at)
    assert (user / "ignored-names.txt").read_text(encoding="utf-8") == "Bolaven Plateau\n"

    button(at, "Add the document").click()
    at.run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Added followup-en: 14 statements")
    assert labelled(at.text_input, "Title (empty: the document's own first line)").value == "" and not at.expander  # a fresh form, no review
    entry = json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    assert entry["id"] == "followup-en" and entry["original_file"] == "followup.en.txt"
    ds = build(DOCUMENTS, GEODATA, user)
    assert "followup-en" in ds.documents and ds.links.place_id.eq("pakse").sum() == 7
    assert any("followup-en" in m.value for m in at.markdown)  # listed under "Documents you added"

    # remove it: needs the confirmation box
    at.selectbox(key="ad_remove_doc_id").set_value("followup-en")
    button(at, "Remove document").click()
    at.run()
    assert (user / "documents" / "followup-en.txt").exists()
    at.checkbox(key="ad_remove_doc_confirm").check()
    button(at, "Remove document").click()
    at.run()
    assert not at.error and at.success[0].value == "Removed followup-en."
    assert "followup-en" not in build(DOCUMENTS, GEODATA, user).documents


def test_the_form_of_an_earlier_add_keeps_no_dataset_alive(user):
    """Streamlit keeps the metadata of every widget a session drew (format functions included) for the whole session,
    and the upload form's keys change with each add: a form drawn before an add must not keep that dataset alive
    (it kept one per added document, about 8 MB each, issue 30)."""
    at = page()
    first = weakref.ref(load_dataset())  # the dataset the first form was drawn with (the page's, kept per inputs)
    upload(at, "followup.en.txt", EN_BYTES)
    button(at, "Add the document").click()
    at.run()
    assert not at.exception and "followup-en" in at.success[0].value
    gc.collect()
    assert "followup-en" in load_dataset().documents
    assert first() is None


def test_a_pdf_and_its_japanese_translation_in_shift_jis(user):
    at = upload(page(), "followup.pdf", fixture_pdf("en", 18))
    assert "the text layer of a 3-page PDF" in " ".join(c.value for c in at.caption).replace("\\", "")
    button(at, "Add the document").click()
    at.run()
    assert at.success[0].value.startswith("Added followup-en")
    at = upload(at, "followup.ja.txt", (FIXTURES / "followup-plan.ja.sjis.txt").read_bytes(), title="共同フォローアップ計画",
                lang="ja", doc_id="followup-ja", translation_of="followup-en")
    assert not at.error, [e.value for e in at.error]
    assert candidates(at)[:3] == ["パクセー", "ターケーク", "名古屋"]
    key = [ti.key for ti in at.text_input if ti.value == "名古屋"][0].removesuffix("_ja")
    assert at.selectbox(key=f"{key}_country").value == "JP"  # a kanji name suggests Japan


BAD = {
    "empty": ("empty.txt", b"", "is empty"),
    "binary": ("data.txt", bytes(range(256)) * 8, "binary file"),
    "wrong-encoding": ("koi8.txt", "Обе стороны приветствовали визит в Паксе.\n".encode("koi8_r") * 20, "not in a supported text encoding"),
    "truncated-pdf": ("cut.pdf", truncated_pdf(fixture_pdf("en")), "truncated PDF"),
    "encrypted-pdf": ("locked.pdf", encrypted_pdf(fixture_pdf("en")), "encrypted (password-protected) PDF"),
    "scanned-pdf": ("scan.pdf", scanned_pdf(1), "no text layer"),
    "bad-date": ("followup.txt", EN_BYTES, "The date must be YYYY"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_a_message_and_nothing_is_written(user, case):
    name, data, expected = BAD[case]
    at = upload(page(), name, data, date="March 2024" if case == "bad-date" else "2024-03")
    assert len(at.error) == 1 and expected in at.error[0].value
    assert not [e for e in at.expander] and digest(user) == {}
    assert set(build(DOCUMENTS, GEODATA, user).documents) == {"action-plan-en", "action-plan-ja", "joint-plan-2016"}


def test_size_limit_and_duplicate_id(user, monkeypatch):
    at = upload(page(), "followup.txt", EN_BYTES)
    button(at, "Add the document").click()
    at.run()
    before = digest(user)
    at = upload(at, "followup-again.txt", EN_BYTES.replace(b"Pakse", b"Paksong"))
    assert "already added" in at.error[0].value
    monkeypatch.setenv("LAOMAP_MAX_UPLOAD_MB", "0.001")
    at = upload(page(), "followup.txt", EN_BYTES, doc_id="other-en")
    assert "over the limit of 1.0 KB" in at.error[0].value
    assert digest(user) == before


def test_japanese_interface(user):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["lang"] = "ja"
    at.run()
    assert not at.exception
    assert at.title[0].value == "文書の追加"
    assert any(b.label == "確認する" for b in at.button)


def test_a_saved_web_page_takes_its_title_and_date_from_itself(user):
    """An officer drops a saved ministry page and types nothing else: the review says what was read and how."""
    html = (ROOT / "tests" / "fixtures" / "genres" / "summit-page-saved.html").read_bytes()
    at = upload(page(), "summit.html", html, title="", date="", doc_id="")
    assert "summit.html has no date line with a year (found: Thursday, April 28)" in at.error[0].value  # asks for it
    at = upload(page(), "summit.html", html, title="", date="2011-04-28", doc_id="")
    assert not at.error
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # the captions are Markdown-escaped
    assert "Title taken from the document: Japan-Laos Summit Meeting" in captions and "web page (UTF-8)" in captions
    ja_outline = (ROOT / "tests" / "fixtures" / "genres" / "outline-ja-reiwa-style.txt").read_bytes()
    at = upload(page(), "outline.txt", ja_outline, title="", date="", lang="ja", doc_id="")
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Title taken from the document: 日ラオス外相会談" in captions
    assert "Date 2023-11-10 read from its date line: 令和5年11月10日" in captions
    assert "Structure found: numbered headings." in captions
    assert digest(user) == {}  # a review writes nothing


def test_a_refusal_is_in_the_interface_language(user):
    from .apptest import open_app

    at = open_app("app_pages/add_document.py", lang="ja")
    at.file_uploader[0].set_value(("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "text/plain"))  # an image saved as .txt
    next(b for b in at.button if b.label == "確認する").click()
    at.run()
    assert not at.exception and at.error
    message = at.error[0].value
    assert "scan.txt" in message and "テキストファイルではありません" in message
    assert digest(user) == {}


IATI = (ROOT / "tests" / "fixtures" / "iati" / "agency-laos.xml").read_bytes()


def test_an_iati_location_is_added_at_the_files_point_with_one_button_and_the_file_as_a_statement_pair(user):
    at = upload(page(), "agency-laos.xml", IATI, title="", date="", doc_id="agency-laos-en")
    assert not at.error
    assert "Nakham demining base" in candidates(at)
    said = " ".join(c.value for c in at.caption).replace("\\", "")  # the captions escape Markdown
    assert "added with it as agency-laos-ja, its translation" in said  # the Japanese narratives come along
    located = "Add it where the file places it (19.4521, 103.1873, precision 1)"
    assert [b.label for b in at.button].count(located) == 1  # only the name the file gives a point for has it
    assert digest(user) == {}  # reviewing writes nothing

    button(at, located).click()
    at.run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Added the place Nakham demining base")
    assert "Nakham demining base" not in candidates(at)
    assert not (user / "manifest.json").exists()  # the place is added, the document not yet
    from laomap.pipeline.gazetteer_files import read_gazetteer_csv

    (place,) = read_gazetteer_csv(user / "gazetteer.csv", user_added=True)
    assert (place.name_en, place.lat, place.lon, place.precision_code, place.kind) == ("Nakham demining base", 19.4521, 103.1873, 1, "city")

    button(at, "Add the document").click()
    at.run()
    assert not at.exception and not at.error
    ds = build(DOCUMENTS, GEODATA, user)
    assert ds.documents["agency-laos-ja"].translation_of == "agency-laos-en"
    uxo = ds.commitments[ds.commitments.statement_id == "agency-laos-en:3:2.1"]
    assert sorted(uxo.language) == ["en", "ja"] and all(place.place_id in ids for ids in uxo.place_ids)


def test_a_click_on_the_review_map_places_an_unknown_name_there_as_approximate(user):
    from laomap.ui.add_document import _key

    at = upload(page(), "followup.en.txt", EN_BYTES)
    key = f"ad_cand_{_key('Pakse')}"
    at.checkbox(key=f"{key}_onmap").check().run()
    (component,) = [c for c in at.main.get("component_instance") if c.proto.component_name.endswith("st_folium")]
    assert json.loads(component.proto.json_args)["returned_objects"] == ["last_clicked"]  # only the click comes back
    assert not [b for b in at.button if b.label == "Add Pakse at this point"]  # nothing to add before a click

    at.session_state[f"{key}_map"] = {"last_clicked": {"lat": 8.0, "lng": 110.0}}  # the South China Sea
    at.run()
    assert "lies in none of the countries the atlas knows" in at.error[0].value
    assert not [b for b in at.button if b.label == "Add Pakse at this point"] and digest(user) == {}

    at.session_state[f"{key}_map"] = {"last_clicked": {"lat": 15.1202, "lng": 105.799}}  # what the browser returns on a click
    at.run()
    shown = " ".join(i.value for i in at.info)
    assert "lies in **Champasak (province)**" in shown and "precision 2 (near a site)" in shown  # shown before confirming
    assert digest(user) == {}  # nothing added without the confirmation
    button(at, "Add Pakse at this point").click()
    at.run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Added the place Pakse")
    assert "Pakse" not in candidates(at)
    row = next(r for r in csv.DictReader(io.StringIO((user / "gazetteer.csv").read_text(encoding="utf-8"))) if r["place_id"] == "pakse")
    assert (row["precision_code"], row["parent_id"], row["country"], row["lat"], row["lon"]) == ("2", "champasak", "LA", "15.1202", "105.799")


def test_a_japanese_file_in_the_english_interface_is_read_as_japanese(user):
    """The form reads the language from the text unless told otherwise; the review says which and how sure."""
    at = page()
    data = (ROOT / "tests" / "fixtures" / "sameday" / "grant-airport-ja.txt").read_bytes()
    at.file_uploader[0].set_value(("airport.txt", data, "text/plain"))
    assert labelled(at.radio, "Language of the text").value == ""  # "From the text": the user types nothing
    next(b for b in at.button if b.label == "Review").click()
    at.run()
    assert not at.exception and not at.error
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Language 日本語, read from the text (100% of its letters are in its script)" in captions
    assert "Date 2025-11-14 read from its date line: 令和7年11月14日" in captions
    assert any("2025-11-14-ruanpaban-" in m.value for m in at.markdown)  # the id: date and the title's telling part
    assert digest(user) == {}


def test_a_date_read_from_the_body_is_confirmed_before_anything_is_added(user):
    data = (ROOT / "tests" / "fixtures" / "undated" / "talks-no-date-line-en.txt").read_bytes()
    at = upload(page(), "salavan.txt", data, title="", date="", doc_id="")
    assert not at.error
    proposal = " ".join(w.value for w in at.warning)
    assert "The date 2015-03-25 was read from this sentence of its text" in proposal
    assert "signed a grant contract in Salavan on 25 March 2015." in proposal
    assert button(at, "Add the document").disabled  # nothing can be stored before the date is confirmed
    assert labelled(at.text_input, "Date of the document (YYYY, YYYY-MM or YYYY-MM-DD)").value == "2015-03-25"

    labelled(at.text_input, "Date of the document (YYYY, YYYY-MM or YYYY-MM-DD)").input("2015-03-26")  # the user corrects it
    button(at, "Confirm the date").click()
    at.run()
    assert not at.exception and not at.error
    assert not any("was read from this sentence" in w.value for w in at.warning)
    assert "Date 2015-03-26 confirmed by you" in " ".join(c.value for c in at.caption).replace("\\", "")
    assert digest(user) == {}
    assert not button(at, "Add the document").disabled
    button(at, "Add the document").click()
    at.run()
    entry = json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    assert (entry["id"], entry["date"]) == ("2015-03-26-sign-grant-maternal-health-salavan-en", "2015-03-26")
