"""Every refusal a user of the dashboard can meet speaks the interface language: the library raises its errors
with ``Error.of(key, ...)`` (a catalog text), not with an English string. A scan of the source finds any new
English-only ``raise``; the few places left are named below with the reason they may stay English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from laomap import errors
from laomap.errors import DocumentError, ExportError, GazetteerError, LaomapError
from laomap.i18n import t

SRC = Path(__file__).resolve().parents[1] / "src" / "laomap"
OURS = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, LaomapError)} | {"AppStartError"}
# Modules whose messages reach only an operator or the command line (which has no interface language).
ENGLISH_ONLY = {
    "appserver.py": "the test and benchmark harness that starts the app",
    "cli/base.py": "the command line",
    "cli/userdata.py": "the command line",
    "cli/export.py": "the command line",
    "ingest/base.py": "an environment variable the operator sets before starting the server",
    "ingest/bounded.py": "an environment variable the operator sets before starting the server",
    "userdata/lock.py": "an environment variable the operator sets before starting the server",
}


def english_raises() -> list[str]:
    """``raise OurError("...")`` / ``raise OurError(f"...")`` outside the English-only modules, as 'file:line'."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in ENGLISH_ONLY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func, args = node.exc.func, node.exc.args
            if isinstance(func, ast.Name) and func.id in OURS and args and isinstance(args[0], ast.Constant | ast.JoinedStr):
                found.append(f"{rel}:{node.lineno}")
    return found


def test_the_library_raises_its_errors_from_the_catalogs():
    assert english_raises() == []


def test_the_scan_finds_an_english_raise(tmp_path, monkeypatch):
    (tmp_path / "mod.py").write_text('def f(x):\n    raise DocumentError(f"{x} is wrong")\n', encoding="utf-8")
    monkeypatch.setitem(globals(), "SRC", tmp_path)
    assert english_raises() == ["mod.py:2"]


@pytest.mark.parametrize(("make", "expected_ja"), [
    (lambda: DocumentError.of("err.iati_root", name="a.xml", root="html"), "IATI の活動ファイルではありません"),
    (lambda: ExportError.of("err.export_empty"), "選択が空です"),
    (lambda: GazetteerError.of("err.geodata_missing", path="x.geojson"), "scripts/build_geodata.py"),
])
def test_the_refusals_read_in_each_interface_language(make, expected_ja):
    exc = make()
    assert expected_ja in exc.text("ja")
    assert exc.text("lo") != exc.text("en") and exc.text("ja") != exc.text("en")
    assert str(exc) == exc.text("en")


def test_an_iati_upload_that_is_not_iati_is_refused_in_japanese():
    from laomap.ingest.iati import iati_text

    with pytest.raises(DocumentError) as caught:
        iati_text(b"<?xml version='1.0'?><html><body>x</body></html>", "page.xml")
    assert "<html>" in caught.value.text("ja") and "IATI" in caught.value.text("ja")
    assert t("err.iati_root", "ja", name="page.xml", root="html") == caught.value.text("ja")
