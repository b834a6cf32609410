"""The dashboard's HTML fragments, byte for byte as the f-strings that made them before they moved into templates.

``tests/snapshots/html_fragments.json`` was written from the f-string code (Present's steps and slide box, the
page header's kicker and selection line, the Streamlit widget words, the embed snippet, the web map's count labels,
the export page's ``<html lang>``), in English, Japanese and Lao, before each moved into ``src/laomap/templates``;
the templates must give the same bytes. A hostile search text and title check the escaping on the way.

Regenerate (only where a change of the markup is meant) with ``UPDATE_SNAPSHOTS=1 pytest tests/test_html_fragments.py``
and read ``git diff tests/snapshots/html_fragments.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from laomap import Filter, apply
from laomap.export.prepare import prepare
from laomap.ui import look, present
from laomap.views.share import share_links

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "html_fragments.json"
LANGS = ("en", "ja", "lo")
HOSTILE = "<script>alert('x')</script> & \"Luang Prabang\""


def _fragments(ds, monkeypatch) -> dict[str, str]:
    """Every fragment, per language, from the product's functions on the built-in data."""
    monkeypatch.setattr(present, "_map_png", lambda step: b"picture")  # the map's pixels are the static map tests' concern
    out: dict[str, str] = {"all/present_head": present.head_html()}
    for lang in LANGS:
        flt = Filter(lang=lang)
        sel = prepare(ds, flt, require=False)
        themes = sel.themes
        mapped = next(th for th in themes if sel.theme(th).layers.mapped)
        unmapped = next(th for th in themes if not sel.theme(th).layers.mapped)
        out[f"{lang}/present_title"] = present._title_step(sel, themes)
        out[f"{lang}/present_theme_mapped"] = present._theme_step(sel.theme(mapped), mapped, 1, len(themes))
        out[f"{lang}/present_theme_unmapped"] = present._theme_step(sel.theme(unmapped), unmapped, 2, len(themes))
        out[f"{lang}/present_end"] = present._end_step(sel)
        out[f"{lang}/present_slide"] = present.slide_html(lang, HOSTILE, "<p>inner</p>")
        out[f"{lang}/kicker"] = look.kicker_html(lang)
        out[f"{lang}/widget_words"] = look.widget_words_css(lang)
        for name, f in {"selection_all": flt, "selection_search": Filter(lang=lang, text="Luang Prabang"),
                        "selection_hostile": Filter(lang=lang, text=HOSTILE, year_from=2016, year_to=2025)}.items():
            out[f"{lang}/{name}"] = look.selection_html(ds, f, apply(ds, f))
        out[f"{lang}/embed"] = share_links("http://localhost:8501/map?lang=" + lang, "map", flt, ("map", "overview"),
                                           HOSTILE).iframe
    return out


def test_the_fragments_are_the_bytes_the_f_strings_made(ds, monkeypatch):
    made = _fragments(ds, monkeypatch)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(made, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for key, value in stored.items():
        assert made.get(key) == value, key
    assert sorted(made) == sorted(stored)


def test_the_snapshot_holds_each_kind_of_fragment_in_each_language_and_escapes_the_hostile_text():
    """The stored fragments are worth comparing: not empty, one per language, the hostile text escaped in each."""
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    kinds = {key.split("/")[1] for key in stored if not key.startswith("all/")}
    for lang in LANGS:
        assert {key.split("/")[1] for key in stored if key.startswith(lang + "/")} == kinds
        assert 'lang="' + lang + '"' in stored[f"{lang}/present_slide"]
        for key in (f"{lang}/present_slide", f"{lang}/selection_hostile", f"{lang}/embed"):
            assert "&lt;script&gt;" in stored[key] and "<script>" not in stored[key], key
    assert stored["ja/present_theme_mapped"] != stored["en/present_theme_mapped"]
    assert "pr-map" in stored["en/present_theme_mapped"] and "pr-nomap" in stored["en/present_theme_unmapped"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_head_is_its_stylesheets_in_order_and_the_widget_words(lang):
    """The head joins the font import, the font faces, the stylesheet and the accessibility sheet, each in its own
    ``<style>``, then the widget words: the composition the f-string made."""
    from laomap.maps.fonts import font_face_css, web_font_import

    parts = (web_font_import(), font_face_css(), look.stylesheet(), look.accessibility_css())
    assert look.head_html(lang) == "".join(f"<style>{p}</style>" for p in parts) + look.widget_words_css(lang)
