"""Languages as data for a new place's names: a document's spelling is filed under its language's gazetteer column
(``gazetteer.NAME_COLUMNS``), English's for a language without one (Lao), never chosen by ``lang == "ja"``.

English and Japanese behave as before the table (their spelling in their own column and aliases); a Lao spelling,
which made the two comparisons fall through to no name at all ("a place needs a name"), is now an English-column
name. The review's add-place hint and a date's note in the other language's text read the same tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from laomap.ingest.base import Located
from laomap.pipeline.candidates import Candidate
from laomap.pipeline.gazetteer import ALIAS_COLUMNS, NAME_COLUMNS, name_column, name_columns
from laomap.pipeline.gazetteer_files import load_gazetteer
from laomap.pipeline.geonames import Suggestion
from laomap.userdata import clicked_place, clicked_spot, located_place
from laomap.views.review import Review, report_text

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
SPELLINGS = {"en": "Nakham", "ja": "ナカム", "lo": "ນາຄຳ"}


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(GEODATA)


def test_each_language_files_a_name_under_its_own_column_and_one_without_a_column_under_english():
    assert name_columns("Nakham", "en") == {"name_en": "Nakham", "name_ja": ""}
    assert name_columns("ナカム", "ja") == {"name_en": "", "name_ja": "ナカム"}
    assert name_columns("ນາຄຳ", "lo") == {"name_en": "ນາຄຳ", "name_ja": ""}
    assert set(NAME_COLUMNS) == set(ALIAS_COLUMNS)  # a language with a name column is also matched by its aliases
    assert name_column("lo") == NAME_COLUMNS["en"]


@pytest.mark.parametrize("lang", ["en", "ja", "lo"])
def test_a_place_where_a_file_puts_it_keeps_the_spelling_as_an_alias_of_its_language(gazetteer, lang):
    name = SPELLINGS[lang]
    place = located_place(name, lang, Located(name, 19.4521, 103.1873, 1), gazetteer, "nakham_base")
    own = "aliases_ja" if lang == "ja" else "aliases_en"
    other = "aliases_en" if lang == "ja" else "aliases_ja"
    assert name in getattr(place, own) and name not in getattr(place, other)
    assert (place.place_id, place.country, place.precision_code) == ("nakham_base", "LA", 1)


@pytest.mark.parametrize("lang", ["en", "ja", "lo"])
def test_a_place_at_a_clicked_spot_keeps_the_spelling_as_an_alias_of_its_language(gazetteer, lang):
    name = SPELLINGS[lang]
    place = clicked_place(name, lang, "city", clicked_spot(gazetteer, 19.4521, 103.1873), gazetteer, "nakham_spot")
    assert name in (place.aliases_ja if lang == "ja" else place.aliases_en)
    assert name not in (place.aliases_en if lang == "ja" else place.aliases_ja)
    assert place.parent_id == "xiangkhouang"


def _review(*candidates: Candidate) -> Review:
    return Review("doc", "ja", "A plan", 1, 1, "none", {}, 0, [], [], list(candidates), 0)


def _suggestion(name: str) -> Suggestion:
    return Suggestion(1653316, name, "", "LA", "03", 1000, 19.45, 103.19)


@pytest.mark.parametrize(("lang", "hint", "spelled"), [
    ("en", "--name-en 'Nakham'", "--geonames 1653316 --name-en 'Nakham'"),
    ("ja", "--name-en NAME --name-ja 'Nakham'", "--geonames 1653316 --name-ja 'Nakham'"),
    ("lo", "--name-en 'Nakham'", "--geonames 1653316 --name-en 'Nakham'"),  # was --name-ja (a Lao name in the Japanese column)
])
def test_the_reviews_add_place_hint_names_the_option_of_the_spellings_column(lang, hint, spelled):
    candidate = Candidate("Nakham", lang, 1, contexts=["… Nakham …"], suggestions=[_suggestion("Nakham")])
    text = report_text(_review(candidate))
    assert f"laomap add-place --id nakham {hint} --kind city" in text
    assert f"laomap add-place {spelled}   (one of the places suggested above)" in text
