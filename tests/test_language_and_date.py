"""What a document says about itself, read when the user does not say it (issue 22, items 6 and 9).

The language is read from the share of its letters in each script; a date read from a sentence of the body
(no date line, or a dateline without a year) is proposed and never stored before the user confirms it.
"""

from __future__ import annotations

import json

import pytest

from laomap.cli import main
from laomap.errors import DocumentError
from laomap.ingest import check_language, detect_language
from laomap.pipeline.documents import own_header

from .conftest import CORE_GEODATA as GEODATA
from .conftest import DOCUMENTS, ROOT
from .datafiles import data_digest

UNDATED = ROOT / "tests" / "fixtures" / "undated"
GENRES = ROOT / "tests" / "fixtures" / "genres"
SAMEDAY = ROOT / "tests" / "fixtures" / "sameday"
LAO = ("ລັດຖະບານຍີ່ປຸ່ນ ໄດ້ມອບທຶນຊ່ວຍເຫຼືອລ້າ ເພື່ອກໍ່ສ້າງລະບົບນ້ຳປະປາ ໃຫ້ສາມເມືອງ ຂອງແຂວງຊຽງຂວາງ. "
       "ພິທີເຊັນສັນຍາ ໄດ້ຈັດຂຶ້ນທີ່ນະຄອນຫຼວງວຽງຈັນ ໃນວັນທີ 5 ມີນາ 2024.\n") * 3


@pytest.mark.parametrize(("path", "lang"), [
    (GENRES / "agency-loan-release-en.txt", "en"),
    (GENRES / "news-agency-kpl-en.txt", "en"),
    (GENRES / "exchange-of-notes-ja.txt", "ja"),
    (GENRES / "pm-message-ja.txt", "ja"),
    (SAMEDAY / "grant-airport-ja.txt", "ja"),
])
def test_the_language_of_each_genre_is_read_from_its_text(path, lang):
    assert detect_language(path.read_text(encoding="utf-8")).lang == lang


def test_a_mixed_text_is_taken_in_its_main_language():
    # a Japanese release full of English project names: fewer Japanese letters than Latin ones, still Japanese
    ja = ("本4日，無償資金協力「経済社会開発計画（the Economic and Social Development Programme for the Lao People's "
          "Democratic Republic, Phase 2）」に関する書簡の交換が行われました。")
    found = detect_language(ja)
    assert found.lang == "ja" and found.share < 0.5
    en = ("The Minister met the delegation of the Japan-Laos Parliamentary Friendship League (日本・ラオス友好議員連盟) "
          "and thanked Japan for its support to the schools of Savannakhet Province.")
    assert detect_language(en).lang == "en"
    lao = detect_language(LAO)
    assert lao.lang == "lo" and lao.share > 0.9


def test_a_lao_text_is_refused_with_a_message_whatever_the_language_given():
    for lang in ("en", "ja"):
        with pytest.raises(DocumentError, match=r"news\.txt is written in Lao .*: documents can be added in these languages only: en, ja"):
            check_language(LAO, lang, "news.txt")


def test_the_command_line_refuses_a_lao_text_and_writes_nothing(tmp_path, capsys):
    user = tmp_path / "user"
    path = tmp_path / "news.txt"
    path.write_text("ຍີ່ປຸ່ນ ຊ່ວຍລາວ\n" + LAO, encoding="utf-8")
    code = main(["add-document", str(path), "--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)])
    err = capsys.readouterr().err
    assert code != 0 and "is written in Lao" in err and "Traceback" not in err
    assert data_digest(user) == data_digest(tmp_path / "never-made")


@pytest.mark.parametrize(("name", "date", "sentence"), [
    ("talks-no-date-line-en.txt", "2015-03-25", "signed a grant contract in Salavan on 25 March 2015."),
    ("dateline-no-year-en.txt", "2023-10-09", "VIENTIANE, October 9 (KPL) -- … The library was built with a grant"),
])
def test_a_date_is_proposed_from_the_body_with_its_sentence(name, date, sentence):
    own = own_header((UNDATED / name).read_text(encoding="utf-8"), "en")
    assert own.date is None  # not a date line's: only proposed
    assert own.proposed_date == date and sentence in own.proposed_from


def test_a_yearless_dateline_with_no_year_in_the_body_proposes_nothing():
    own = own_header((GENRES / "news-agency-kpl-en.txt").read_text(encoding="utf-8"), "en")
    assert (own.date_line, own.date, own.proposed_date) == ("VIENTIANE, March 6 (KPL) --", None, None)


def test_the_command_line_shows_the_proposed_date_and_adds_nothing_until_confirmed(tmp_path, capsys):
    user = tmp_path / "user"
    path = UNDATED / "talks-no-date-line-en.txt"
    data = ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)]
    code = main(["add-document", str(path), *data])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert ('date: 2015-03-25 (no date line: proposed from the sentence "The Ambassador of Japan and the Governor of Salavan '
            'Province signed a grant contract in Salavan on 25 March 2015."; to be confirmed)') in out
    assert "the statements it will add" in out  # the whole review, to check before confirming
    assert "Nothing was added: to add it with this date, confirm it with --date 2015-03-25" in out
    assert not user.exists()  # nothing stored

    code = main(["add-document", str(path), "--date", "2015-03-25", "--json", *data])
    review = json.loads(capsys.readouterr().out)
    assert code == 0 and review["added"] is True
    assert review["document"] | {"id": ""} == {"id": "", "language": "en", "date": "2015-03-25", "language_detected": True,
                                               "date_proposed_from": None, "title": review["document"]["title"],
                                               "layout": review["document"]["layout"]}
    entry = json.loads((user / "manifest.json").read_text(encoding="utf-8"))["documents"][0]
    assert (entry["id"], entry["date"]) == ("2015-03-25-sign-grant-maternal-health-salavan-en", "2015-03-25")


def test_a_saved_page_s_h1_is_the_title_over_its_category_line_and_its_title_tag():
    """<title> is 'Press Releases | Japan-Laos Relations | Embassy…' and a category line stands above the <h1>."""
    from laomap.ingest import read_upload

    path = ROOT / "tests" / "fixtures" / "pages" / "grant-release-saved.html"
    got = read_upload(path.read_bytes(), path.name)
    own = own_header(got.text, detect_language(got.text).lang)
    assert own.title == ("Handover Ceremony of Three Health Centres in Houaphanh Province under the Grant Assistance for "
                         "Grassroots Human Security Projects")
    assert (own.date_line, own.date) == ("June 12, 2024", "2024-06-12")
    assert "Economic Cooperation" not in got.text and "Press Releases" not in got.text  # the site's furniture is left out
