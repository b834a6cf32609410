"""The offline HTML map carries the glyphs of its Japanese and Lao text: it reads on a machine without such fonts."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from datetime import date

import pytest
from fontTools.ttLib import TTFont
from lxml import html as lxml_html

from laomap import ExportError, Filter
from laomap.export import fontembed
from laomap.export.html import html_map

DAY = date(2026, 12, 6)
JAPANESE = re.compile(r"[\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
LAO = re.compile(r"[\u0e80-\u0eff]")
FACE = re.compile(r"@font-face \{ font-family: '(?P<family>[^']+)'; font-weight: (?P<weight>\d+);[^}]*?"
                  r"src: url\(data:font/woff2;base64,(?P<data>[A-Za-z0-9+/=]+)\) format\('woff2'\); unicode-range: (?P<range>[^;]+); \}")


def shown_text(page: str) -> str:
    """What the file can show, read apart from the export's own code: the page's text and attributes outside its scripts
    and styles, and every string of the map's data (tooltips, popups, labels, legend, inset), markup and all."""
    tree = lxml_html.fromstring(page)
    for el in tree.xpath("//script | //style"):
        el.drop_tree()
    parts = [tree.text_content(), *tree.xpath("//@*")]
    data = json.loads(re.search(r"var D = (\{.*?\});\s*laomapAtlas", page, flags=re.S).group(1))

    def strings(value) -> None:
        if isinstance(value, str):
            parts.append(html.unescape(value))
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    strings(data)
    return "\n".join(parts)


def faces(page: str, family: str) -> list[tuple[int, set[int], set[int]]]:
    """The page's embedded faces of ``family``: (weight, declared code points, code points its font has glyphs for)."""
    found = []
    for m in FACE.finditer(page):
        if m.group("family") == family:
            font = TTFont(io.BytesIO(base64.b64decode(m.group("data"))))
            found.append((int(m.group("weight")), fontembed.code_points(m.group("range")), set(font.getBestCmap())))
    return found


def missing(page: str, family: str, script: re.Pattern, weight: int) -> set[str]:
    """The characters of ``script`` in the file's text that no embedded ``family`` face of ``weight`` both declares and draws."""
    drawn = set().union(*[declared & glyphs for w, declared, glyphs in faces(page, family) if w == weight])
    return {c for c in set(shown_text(page)) if script.match(c) and ord(c) not in drawn}


@pytest.fixture(scope="module")
def japanese_page(ds) -> str:
    return html_map(ds, Filter(lang="ja"), today=DAY)


def test_a_japanese_file_embeds_a_glyph_for_every_japanese_character_it_shows(japanese_page):
    text = shown_text(japanese_page)
    assert len({c for c in text if JAPANESE.match(c)}) > 150  # titles, names, legend, popups: a real test of coverage
    assert missing(japanese_page, "Noto Sans JP", JAPANESE, 400) == set()
    # and only those: the subset is the file's characters, not the font (a face per served file that has some)
    declared = set().union(*[d for _, d, _ in faces(japanese_page, "Noto Sans JP")])
    assert declared == {ord(c) for c in text if JAPANESE.match(c)}
    assert "/app/static" not in japanese_page  # nothing points at the dashboard's server


def font_stack(page: str, element: str) -> list[str]:
    """The font families that win for ``element`` ("body" or ".leaflet-container"): of the head's rules that name it alone
    or under ``body``, the most specific, then the last (comments left out)."""
    styles = re.sub(r"/\*.*?\*/", "", " ".join(re.findall(r"<style>(.*?)</style>", page.split("<body")[0], flags=re.S)), flags=re.S)
    found = []
    for position, (selectors, body) in enumerate(re.findall(r"([^{}]+)\{([^{}]*font-family:[^{}]*)\}", styles)):
        for selector in (" ".join(s.split()) for s in selectors.split(",")):
            if selector in (element, f"body {element}", f"html {element}"):
                specificity = (selector.count("."), len(selector.split()) - selector.count("."))
                found.append((specificity, position, re.search(r"font-family:([^;}]+)", body).group(1)))
    assert found, element
    return [name.strip(" '\"\n") for name in max(found)[2].split(",")]


@pytest.mark.parametrize("element", ["body", ".leaflet-container"])
def test_the_file_s_style_sheets_draw_its_scripts_with_the_embedded_faces_first(japanese_page, element):
    """The page and the map name the embedded families before any other: a system font holding the characters (a CJK
    font, or DejaVu Sans with Lao letters without their marks' positions) never comes before them."""
    assert font_stack(japanese_page, element)[:2] == ["Noto Sans JP", "Noto Sans Lao"]


def test_a_lao_file_embeds_both_weights_of_its_lao_characters_with_their_mark_positioning(ds):
    page = html_map(ds, Filter(themes=("energy",), lang="lo"), today=DAY)
    assert "ພະລັງງານ" in shown_text(page)
    for weight in (400, 700):
        assert missing(page, "Noto Sans Lao", LAO, weight) == set()
    for m in FACE.finditer(page):
        if m.group("family") == "Noto Sans Lao":
            font = TTFont(io.BytesIO(base64.b64decode(m.group("data"))))
            features = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
            assert {"mark", "mkmk"} <= features  # tone marks stack over vowels only with these kept
    assert len(page) < len(html_map(ds, Filter(themes=("energy",), lang="en"), today=DAY)) + 120_000


def test_an_english_file_carries_no_font(ds):
    page = html_map(ds, Filter(themes=("energy",)), today=DAY)
    assert not JAPANESE.search(shown_text(page)) and not LAO.search(shown_text(page))
    assert "@font-face" not in page and "data:font" not in page


def test_the_coverage_check_finds_a_missing_glyph(japanese_page):
    """Guards the check above: a face cut without one of the file's characters is reported."""
    m = next(m for m in FACE.finditer(japanese_page) if m.group("family") == "Noto Sans JP"
             and len(fontembed.code_points(m.group("range"))) > 1)
    points = sorted(fontembed.code_points(m.group("range")))
    face = next(p for w, r, p in fontembed.OFFLINE_FONTS[0][3]() if w == 400 and set(points) <= fontembed.code_points(r))
    poorer = base64.b64encode(fontembed._cut(face, frozenset(points[1:]))).decode("ascii")
    broken = japanese_page.replace(m.group("data"), poorer, 1)
    assert missing(broken, "Noto Sans JP", JAPANESE, 400) == {chr(points[0])}


def test_the_characters_of_a_page_include_those_of_its_json_data_and_references():
    page = '<p>&#x5730;図</p><script>var D = {"a": "\\u30e9\\u30aa\\u30b9", "b": "\\ud840\\udc0b"};</script>'
    assert {"地", "図", "ラ", "オ", "ス", "\U0002000b"} <= fontembed.page_characters(page)


def test_unicode_ranges_name_exactly_their_code_points():
    assert fontembed.code_points("U+3000-3002, u+4e00,U+20000") == {0x3000, 0x3001, 0x3002, 0x4E00, 0x20000}
    assert fontembed.unicode_range([0x4E00, 0x3001, 0x3000, 0x3002, 0x20000]) == "U+3000-3002,U+4E00,U+20000"


def test_without_the_japanese_web_font_the_export_says_to_run_setup(ds, monkeypatch, tmp_path):
    from laomap import paths

    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path)
    with pytest.raises(ExportError, match="Noto Sans JP"):
        fontembed.font_face_css("地図")
