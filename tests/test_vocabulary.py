"""The vocabulary is documented, and the document is current."""

from __future__ import annotations

import pytest

from laomap.pipeline.vocabulary import THEMES, markdown

from .conftest import ROOT


def test_generated_vocabulary_document_is_current():
    assert (ROOT / "docs" / "VOCABULARY.md").read_text(encoding="utf-8").strip() == markdown().strip(), (
        "docs/VOCABULARY.md is out of date: run `.venv/bin/laomap vocabulary > docs/VOCABULARY.md`"
    )


def test_every_theme_is_used_by_both_plans(ds):
    used = {plan: {t for ts in ds.commitments.themes[ds.commitments.document_id == plan] for t in ts}
            for plan in ("action-plan-en", "joint-plan-2016")}
    for theme in THEMES:
        assert theme.id in used["action-plan-en"] | used["joint-plan-2016"], theme.id


@pytest.mark.parametrize(("text", "lang", "theme"), [
    ("the water supply and sanitation of three villages", "en", "infrastructure"),
    ("ビエンチャンの浄水場と給水施設", "ja", "infrastructure"),
    ("a mini-hydropower plant in Phongsaly", "en", "energy"),
    ("小水力発電所と送電線", "ja", "energy"),
    ("the rehabilitation of National Road 9 and its bridges", "en", "connectivity"),
    ("ワッタイ国際空港ターミナルの拡張", "ja", "connectivity"),
    ("a new maternity ward at the district hospital", "en", "health"),
    ("県病院の母子保健", "ja", "health"),
    ("two classrooms and a dormitory for the pupils", "en", "education"),
    ("小学校校舎の建設", "ja", "education"),
    ("demining and the clearance of cluster munitions", "en", "uxo"),
    ("地雷・不発弾の除去", "ja", "uxo"),
    ("flood early warning along the river", "en", "environment"),
    ("洪水などの水害への備え", "ja", "environment"),
    ("rice and livestock farming", "en", "agriculture"),
    ("稲作と畜産", "ja", "agriculture"),
    ("Japanese Government scholarships for Lao students", "en", "human_resources"),
])
def test_the_sectors_grants_and_loans_fund_have_a_theme(text, lang, theme):
    from laomap.pipeline.vocabulary import THEMES, find_terms
    from laomap.textnorm import fold

    assert theme in find_terms(THEMES, fold(text), lang)


def test_as_well_as_is_no_well():
    from laomap.pipeline.vocabulary import THEMES, find_terms

    assert "infrastructure" not in find_terms(THEMES, "health as well as education", "en")


@pytest.mark.parametrize(("text", "lang", "theme", "not_theme"), [
    ("to improve the investment climate in the Lao PDR through investment seminars", "en", "trade_investment", "environment"),
    ("The investment and business environment will be streamlined", "en", "trade_investment", "environment"),
    ("the Project for Improving the Lower Secondary School Environment", "en", "education", "environment"),
    ("ラオスの投資環境の改善に向けて協力する", "ja", "trade_investment", "environment"),
    ("学校の学習環境を改善する", "ja", "education", "environment"),
])
def test_a_keyword_in_another_sense_is_not_the_theme(text, lang, theme, not_theme):
    """'Investment climate' is about investment, not the climate: the environment's words in its other senses do not
    make a statement an environment statement (they keep the theme they are about)."""
    from laomap.pipeline.vocabulary import THEMES, find_terms
    from laomap.textnorm import fold

    found = find_terms(THEMES, fold(text), lang)
    assert theme in found and not_theme not in found, found


@pytest.mark.parametrize(("text", "lang"), [
    ("the investment climate and climate change adaptation", "en"),  # the climate itself, beside the other sense
    ("protect the environment of the Mekong River basin", "en"),
    ("投資環境の整備と環境保全", "ja"),
])
def test_the_theme_itself_is_still_found_beside_the_other_sense(text, lang):
    from laomap.pipeline.vocabulary import THEMES, find_terms
    from laomap.textnorm import fold

    assert "environment" in find_terms(THEMES, fold(text), lang)


def test_every_row_of_the_vocabulary_tables_has_its_headers_cells():
    """A keyword's regular expression ('universit(?:y|ies)') must not split its cell: '|' is escaped in the tables."""
    import re

    width = None
    for line in markdown().splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.split(r"(?<!\\)\|", line))
        if width is None:
            width = cells  # the table's header
        assert cells == width, line
