"""Every text the interface and the exports show comes from a catalog: walked in a pseudo-language.

The pseudo-language (``tests/pseudo.py``) is made from en.po at test time; the walk runs in a fresh
process (``tests/pseudo_walk.py``), because the interface languages are read when laomap is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from laomap.i18n import t
from laomap.i18n.core import EXTRA_ENV

from .conftest import ROOT
from .pseudo import PSEUDO, leaks, pseudo_text, write_pseudo_catalog


def test_a_pseudo_message_keeps_its_placeholders_and_has_no_plain_letters():
    text = pseudo_text("{n} statements in {place}")
    assert text.startswith("⟦") and text.endswith("⟧")
    assert "{n}" in text and "{place}" in text
    assert not any("a" <= c <= "z" for c in text.replace("{n}", "").replace("{place}", ""))


def test_the_check_reports_english_interface_text_and_allows_data():
    data = "Japan will support the Mekong region.\nVientiane Capital"
    names = {"Vientiane", "Capital", "Kyoto"}
    shown = [pseudo_text("Filters"), "Japan will support the Mekong region.", "Vientiane and Kyoto", "Filters", "3 of 12 statements"]
    assert leaks(shown, data, names) == ["Filters", "of 12 statements"]


def test_the_pseudo_catalog_is_a_language_of_the_interface(tmp_path):
    write_pseudo_catalog(tmp_path)
    code = "from laomap.i18n import LANGUAGES, t; print(PSEUDO in LANGUAGES, t('nav.map', PSEUDO))".replace("PSEUDO", repr(PSEUDO))
    env = {**os.environ, EXTRA_ENV: str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.split(" ", 1) == ["True", pseudo_text(t("nav.map", "en")) + "\n"]


@pytest.mark.slow
def test_every_page_and_export_in_the_pseudo_language_shows_only_catalog_text(tmp_path):
    write_pseudo_catalog(tmp_path)
    env = {**os.environ, EXTRA_ENV: str(tmp_path)}
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "pseudo_walk.py")], env=env, capture_output=True, text=True,
                         cwd=ROOT, timeout=1500)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert not report, "text that no catalog gave:\n" + json.dumps(report, ensure_ascii=False, indent=1)
