"""The vocabulary is documented, and the document is current."""

from __future__ import annotations

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
