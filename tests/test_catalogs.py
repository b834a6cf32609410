"""The message catalogs: every key the code asks for exists in every language, and no key is unused.

"Asked for" is read from the source: the first argument of every ``t(...)`` call that is a
string literal, and every f-string family such as ``t(f"kind.{kind}")``, whose members are
checked against the values the code can give them (record kinds, vocabulary terms, ...).
A key counts as used when it appears as a literal anywhere in the code (labels are also
passed around in tables, e.g. the Export panel's buttons) or belongs to a used family.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from laomap.i18n import LANGUAGES, catalog, t
from laomap.i18n.core import CATALOG_DIR

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "src" / "laomap").rglob("*.py")), *sorted((ROOT / "app_pages").glob("*.py")), ROOT / "dashboard.py"]
PLACEHOLDER = re.compile(r"{(\w*)}")


def _scan() -> tuple[set[str], set[str], set[str]]:
    """(literal keys given to t(), prefixes of f-string keys given to t(), every string literal in the code)."""
    asked, families, literals = set(), set(), set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    asked.add(arg.value)
                elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                    families.add(arg.values[0].value)
            if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant)
                    and isinstance(node.left.value, str) and re.fullmatch(r"[a-z_.]+\.", node.left.value)):
                families.add(node.left.value)  # t("st.role." + role)
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if re.fullmatch(r"[a-z_.]+\.", head):
                    families.add(head)
    return asked, families, literals


ASKED, FAMILIES, LITERALS = _scan()


def test_the_scan_finds_the_code_s_keys():
    """Guards the scan itself: it must see calls spread over the packages and the pages."""
    assert {"nav.map", "xp.title", "cap.title_all", "pr.next", "dt.error"} <= ASKED | LITERALS
    assert {"kind.", "term."} <= FAMILIES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_asked_for_is_in_every_catalog(lang):
    missing = sorted(k for k in ASKED if k not in catalog(lang))
    assert not missing, f"keys used by the code but missing from {CATALOG_DIR / (lang + '.po')}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalog_has_the_same_keys_and_placeholders(lang):
    source = catalog("en")
    assert set(catalog(lang)) == set(source), f"{lang}.po differs from en.po: {sorted(set(catalog(lang)) ^ set(source))}"
    for key, text in source.items():
        assert set(PLACEHOLDER.findall(catalog(lang)[key])) == set(PLACEHOLDER.findall(text)), f"{lang}.po {key}: placeholders differ"


def test_no_catalog_key_is_unused():
    unused = sorted(k for k in catalog("en") if k != "lang.name" and k not in LITERALS
                    and not any(k.startswith(prefix) for prefix in FAMILIES)
                    and not (k.endswith(".one") and k[:-4] in LITERALS))  # a plural form: used through its base key
    assert not unused, f"keys in the catalogs that no code uses (remove them): {unused}"


def test_families_cover_the_values_the_code_gives_them():
    from laomap.pipeline.extract import RECORD_KINDS
    from laomap.pipeline.vocabulary import ACTORS, THEMES

    for lang in LANGUAGES:
        for kind in RECORD_KINDS:
            assert t(f"kind.{kind}", lang)
        for term in (*THEMES, *ACTORS):
            assert f"term.{term.id}" in catalog(lang), f"term.{term.id} missing in {lang}.po"


def test_a_missing_key_is_a_clear_error():
    with pytest.raises(KeyError, match="en.po"):
        t("no.such.key", "ja")


def test_refusals_follow_the_interface_language():
    """An upload refused in the Japanese interface says why in Japanese; logs and the command line keep English."""
    from laomap.errors import DocumentError
    from laomap.ingest import read_upload

    with pytest.raises(DocumentError) as refused:
        read_upload(b"   \n", "plan.txt")
    assert str(refused.value) == "plan.txt is empty: expected the text of a plan (a .txt or .pdf file)."
    assert refused.value.text("en") == str(refused.value)
    ja = refused.value.text("ja")
    assert "plan.txt" in ja and "空" in ja
    with pytest.raises(DocumentError) as binary:
        read_upload(b"\x89PNG\r\n\x1a\n" + bytes(64), "map.png")
    assert "PNG" in binary.value.text("ja") and "テキスト" in binary.value.text("ja")
    plain = DocumentError("a message made without a key")
    assert plain.text("ja") == "a message made without a key"


@pytest.mark.parametrize(("key", "one", "two"), [
    ("cap.counts_total", "1 statement", "2 statements"), ("map.places_n", "1 place", "2 places"), ("pr.agenda", "1 theme:", "2 themes:"),
    ("sum.undated_kept", "(and 1 statement without a date)", "(and 2 statements without a date)"),
])
def test_counts_take_the_languages_plural_form(key, one, two):
    assert (t(key, "en", n=1), t(key, "en", n=2)) == (one, two)
    assert t(key, "en", n=0) == two.replace("2", "0")  # English: 'other' for 0 as for 2
    ja = t(key, "ja", n=1)
    assert ja == t(key, "ja", n=2).replace("2", "1") and ja != one  # Japanese has one form


def test_every_plural_form_key_has_its_base_key_with_the_same_placeholders():
    for lang in LANGUAGES:
        for key, text in catalog(lang).items():
            if key.endswith(".one"):
                base = catalog(lang)[key[:-4]]
                assert sorted(re.findall(r"{(\w+)}", text)) == sorted(re.findall(r"{(\w+)}", base)), (lang, key)
