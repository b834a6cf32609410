"""Faults: a missing or corrupt geodata file, a missing documents folder, broken user data, a read-only data
directory, a full disk. Each gives a clear message in the dashboard (AppTest) or the CLI, loses nothing, and the
app keeps serving what it can.

The suite runs as root, which ignores folder permissions, so a read-only directory is simulated
(the temporary file of an atomic write cannot be created) unless the tests run as another user.
"""

from __future__ import annotations

import errno
import os
import shutil
import types
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from laomap import atomic
from laomap.cli import main
from laomap.i18n import t
from laomap.ui.pages import PAGES

from .apptest import APP, map_data, open_app
from .conftest import DOCUMENTS, GEODATA
from .datafiles import data_digest
from .fixtures.make_pdfs import FIXTURES

DATA_PAGES = [spec.script for spec in PAGES if spec.needs_data]


# --------------------------------------------------------------------------- helpers


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash: 'nothing changed' means this is equal before and after."""
    return data_digest(folder)


def geodata_with(tmp_path: Path, name: str, how: str) -> Path:
    """A copy of geodata/ with one file missing, truncated (a copy cut short) or replaced by garbage."""
    geo = tmp_path / "geodata"
    shutil.copytree(GEODATA, geo)
    target = geo / name
    if how == "missing":
        target.unlink()
    elif how == "truncated":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        target.write_bytes(bytes(range(256)) * 16)
    return geo


def plain(markdown: str) -> str:
    """Markdown source with its backslash escapes undone: the text as the reader sees it."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at: AppTest) -> str:
    return " ".join(plain(e.value) for e in at.error)


def warnings(at: AppTest) -> str:
    return " ".join(plain(w.value) for w in at.warning)


def full_disk(monkeypatch) -> None:
    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


@contextmanager
def read_only(folder: Path, monkeypatch):
    """``folder`` cannot be written: really (chmod) for an ordinary user; simulated for root, whom permissions do not stop."""
    if os.geteuid() != 0:
        folder.mkdir(parents=True, exist_ok=True)
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if p.is_dir()}
        for p in modes:
            p.chmod(0o555)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
    else:
        def denied(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        with monkeypatch.context() as m:
            m.setattr(atomic, "tempfile", types.SimpleNamespace(mkstemp=denied))
            yield


@pytest.fixture
def user(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "user"
    monkeypatch.setenv("LAOMAP_DATA_DIR", str(path))
    return path


# --------------------------------------------------------------------------- geodata


@pytest.mark.parametrize("how", ["missing", "truncated", "garbage"])
def test_a_broken_map_layer_costs_that_layer_only(tmp_path, monkeypatch, user, how):
    monkeypatch.setenv("LAOMAP_GEODATA_DIR", str(geodata_with(tmp_path, "mekong.geojson", how)))
    at = open_app("app_pages/map.py")
    assert not at.error
    said = warnings(at)
    assert "Some data could not be loaded; the dashboard shows the rest." in said
    assert "mekong.geojson" in said and ("missing" in said if how == "missing" else "corrupt" in said)
    data = map_data(at)
    assert len(data["provinces"]["features"]) == 17
    lines = [f["properties"]["id"] for f in data["lines"]]
    assert len(lines) == 1 and "mekong" not in lines[0]  # the corridor stays; the Mekong is left out, not faked
    assert "Mekong" not in data["legend"] and "East-West Economic Corridor" in data["legend"]  # the legend says what is drawn
    for page in ("app_pages/overview.py", "app_pages/timeline.py", "app_pages/commitments.py", "app_pages/present.py"):
        at.switch_page(page).run()
        assert not at.exception and "mekong.geojson" in warnings(at)


@pytest.mark.parametrize("name", ["lao_provinces.geojson", "countries.geojson", "japan_prefectures.geojson", "mekong.geojson",
                                  "corridor_ewec.geojson"])
def test_any_broken_layer_still_builds_and_exports(tmp_path, name):
    """The dashboard's dataset (lenient) and its exports, with each geometry layer broken in turn."""
    from laomap.export.html import export_html
    from laomap.export.image import export_map
    from laomap.pipeline.dataset import load_dataset
    from laomap.views.filters import Filter

    ds = load_dataset(DOCUMENTS, geodata_with(tmp_path, name, "garbage"), tmp_path / "user")
    assert [w for w in ds.warnings if name in w], ds.warnings
    flt = Filter(themes=("energy",))
    assert export_map(ds, flt, fmt="png").startswith(b"\x89PNG")
    assert b"<html" in export_html(ds, flt)


def test_without_province_polygons_the_map_still_shows_places(tmp_path, monkeypatch, user):
    monkeypatch.setenv("LAOMAP_GEODATA_DIR", str(geodata_with(tmp_path, "lao_provinces.geojson", "truncated")))
    at = open_app("app_pages/map.py")
    assert "lao_provinces.geojson" in warnings(at) and "corrupt" in warnings(at)
    data = map_data(at)
    assert data["provinces"]["features"] == [] and len(data["sites"]) > 5


@pytest.mark.parametrize("name", ["gazetteer.csv", "partnerships.csv", "countries.geojson"])
def test_cli_build_and_validate_stay_strict_with_a_clear_message(tmp_path, capsys, name):
    geo = geodata_with(tmp_path, name, "garbage")
    for command in ("build", "validate", "values"):
        code = main([command, "--geodata-dir", str(geo), "--data-dir", str(tmp_path / "user")])
        err = capsys.readouterr().err
        assert code == 1 and name in err and "Traceback" not in err, err
        assert err.startswith(f"laomap {command}: ")


def test_a_missing_gazetteer_is_an_error_box_and_about_still_works(tmp_path, monkeypatch, user):
    monkeypatch.setenv("LAOMAP_GEODATA_DIR", str(geodata_with(tmp_path, "gazetteer.csv", "missing")))
    at = open_app()
    said = errors(at)
    assert "The plans could not be loaded, so this page cannot be shown." in said
    assert "gazetteer.csv is missing" in said and "LAOMAP_GEODATA_DIR" in said
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    assert at.title[0].value == "About this atlas"
    assert "this page shows what does not need them" in errors(at)
    tables = [h.proto.body for h in at.main.get("html") if "lm-table" in h.proto.body]
    assert len(tables) >= 2 and "<th scope=\"col\">Meaning</th>" in tables[0]  # the precision codes and the vocabulary


def test_a_broken_partnerships_file_costs_the_partner_links_only(tmp_path, monkeypatch, user):
    monkeypatch.setenv("LAOMAP_GEODATA_DIR", str(geodata_with(tmp_path, "partnerships.csv", "garbage")))
    at = open_app("app_pages/map.py")
    assert not at.error and "partner" in warnings(at)
    assert map_data(at)["arcs"] == [] and len(map_data(at)["provinces"]["features"]) == 17


# --------------------------------------------------------------------------- documents


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_without_the_documents_folder_every_page_says_why_and_about_is_served(tmp_path, monkeypatch, user, lang):
    monkeypatch.setenv("LAOMAP_DOCUMENTS_DIR", str(tmp_path / "no-documents"))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    for page in DATA_PAGES:
        at.switch_page(page).run()
        assert not at.exception
        said = errors(at)
        assert "no-documents/manifest.json" in said and "LAOMAP_DOCUMENTS_DIR" in said
        assert ("計画データを読み込めない" if lang == "ja" else "The plans could not be loaded") in said
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    assert at.title[0].value == ("このアトラスについて" if lang == "ja" else "About this atlas")
    text = "\n".join(m.value for m in at.markdown)
    for key in ("ab.h.sources", "ab.h.geodata", "ab.h.method", "ab.h.precision", "ab.h.vocabulary", "ab.h.limits"):
        assert "## " + t(key, lang) in text, key


def test_cli_without_the_documents_folder(tmp_path, capsys):
    code = main(["build", "--documents-dir", str(tmp_path / "gone"), "--data-dir", str(tmp_path / "user")])
    err = capsys.readouterr().err
    assert code == 1 and f"No manifest at {tmp_path / 'gone' / 'manifest.json'}" in err


# --------------------------------------------------------------------------- the user's data


def _add_followup(user: Path) -> None:
    from laomap import userdata

    text = (FIXTURES / "followup-plan.en.txt").read_text(encoding="utf-8")
    userdata.add_place(userdata.place_row("sukhuma", "Sukhuma", "スクマ", "city", "LA", 14.63, 105.82), user, DOCUMENTS, GEODATA)
    userdata.add_document(text, userdata.document_meta("Joint Follow-up Plan", "2024-03", "en", doc_id="followup-en"), user,
                          DOCUMENTS, GEODATA)


def figure(at, label: str) -> int:
    """A headline figure of the overview (a link card: label, then value)."""
    import html as _html
    import re as _re

    for h in at.main.get("html"):
        m = _re.search(r'<span class="lm-figure-label">' + _re.escape(_html.escape(label)) + r'</span><span class="lm-figure-value">(\d+)</span>',
                       h.proto.body)
        if m:
            return int(m.group(1))
    raise AssertionError(f"no headline figure {label!r} on the page")


@pytest.mark.parametrize("damage", ["manifest-garbage", "text-missing", "text-binary", "gazetteer-garbage"])
def test_damaged_user_data_is_left_out_with_a_warning(user, damage):
    _add_followup(user)
    target = {"manifest-garbage": user / "manifest.json", "text-missing": user / "documents" / "followup-en.txt",
              "text-binary": user / "documents" / "followup-en.txt", "gazetteer-garbage": user / "gazetteer.csv"}[damage]
    if damage == "text-missing":
        target.unlink()
    else:
        target.write_bytes(b"\x00\xff" * 500)
    before = digest(user)
    at = open_app()
    assert not at.error
    said = warnings(at)
    assert str(user) in said and ("left out" in said or "was skipped" in said)
    statements = figure(at, "Statements")
    assert statements > 100  # the built-in plans are all there
    at.switch_page("app_pages/add_document.py").run()
    assert not at.exception
    assert digest(user) == before  # looking never repairs or deletes anything


def test_read_only_user_directory_in_the_cli(user, capsys, monkeypatch):
    _add_followup(user)
    before = digest(user)
    with read_only(user, monkeypatch):
        code = main(["add-place", "--id", "ban_nakhouay", "--name-en", "Ban Nakhouay", "--kind", "city", "--country", "LA",
                     "--lat", "17.4166", "--lon", "105.1982"])
        err = capsys.readouterr().err
        assert code == 1 and "Permission denied" in err and "Nothing was changed" in err, err
        code = main(["remove-document", "followup-en"])
        err = capsys.readouterr().err
        assert code == 1 and "Permission denied" in err, err
        code = main(["build"])  # reading still works
        assert code == 0 and "followup-en" in capsys.readouterr().out
    assert digest(user) == before


def test_read_only_user_directory_on_the_add_document_page(user, monkeypatch):
    from .test_add_document_page import button, page, upload

    # the plan's own places are all known now (the gazetteer has the Bolaven Plateau and National Road No. 13): one
    # sentence more names a bridge no index knows, placed by hand
    text = (FIXTURES / "followup-plan.en.txt").read_text(encoding="utf-8").rstrip()
    text += " Japan will also finance the rehabilitation of the Houay Makhiao Bridge in Vientiane Province by 2026.\n"
    at = upload(page(), "followup.en.txt", text.encode())
    key = [ti.key for ti in at.text_input if ti.value == "houay_makhiao_bridge"][0].removesuffix("_id")
    at.number_input(key=f"{key}_lat").set_value(18.3)
    at.number_input(key=f"{key}_lon").set_value(102.5)
    with read_only(user, monkeypatch):
        button(at, "Add this place").click()
        at.run()
        assert not at.exception and "Permission denied" in errors(at) and "Nothing was changed" in errors(at)
        button(at, "Add the document").click()
        at.run()
        assert not at.exception and "Permission denied" in errors(at)
    assert digest(user) == {}
    button(at, "Add the document").click()  # once the folder is writable again, the same review can be added
    at.run()
    assert not at.error and at.success[0].value.startswith("Added")


# --------------------------------------------------------------------------- full disk


EXPORTS = {
    "export-data": ["--format", "csv"],
    "export-map": ["--preset", "16:9"],
    "export-html": [],
    "export-deck": ["--theme", "energy"],
}
SUFFIX = {"export-data": "csv", "export-map": "png", "export-html": "html", "export-deck": "pptx"}


@pytest.mark.parametrize("command", list(EXPORTS))
def test_a_full_disk_during_an_export_keeps_the_old_file(tmp_path, capsys, monkeypatch, command):
    out = tmp_path / "out" / f"export.{SUFFIX[command]}"
    out.parent.mkdir()
    out.write_bytes(b"the previous export")
    full_disk(monkeypatch)
    code = main([command, *EXPORTS[command], "--output", str(out), "--data-dir", str(tmp_path / "user")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"Cannot write {out}: No space left on device. Nothing was changed." in err
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left behind


def test_a_full_disk_while_adding_a_document_on_the_page(user, monkeypatch):
    from .test_add_document_page import button, page, upload

    at = upload(page(), "followup.en.txt", (FIXTURES / "followup-plan.en.txt").read_bytes())
    with monkeypatch.context() as m:
        full_disk(m)
        button(at, "Add the document").click()
        at.run()
    assert not at.exception
    assert "No space left on device" in errors(at) and "Nothing was changed" in errors(at)
    assert digest(user) == {}
    button(at, "Add the document").click()  # with room on the disk again, the same review is added
    at.run()
    assert not at.error and at.success[0].value.startswith("Added followup-en")


# --------------------------------------------------------------------------- the CLI never shows a traceback


def test_an_os_error_is_a_message(tmp_path, capsys, monkeypatch):
    from laomap.cli import base as cli

    def failing(args):
        """Fail as a disk would."""
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "somewhere"))

    configure, _ = cli._COMMANDS["vocabulary"]
    monkeypatch.setitem(cli._COMMANDS, "vocabulary", (configure, failing))
    assert main(["vocabulary"]) == 1
    assert capsys.readouterr().err == f"laomap vocabulary: Permission denied: {tmp_path / 'somewhere'}.\n"


def test_a_bug_is_a_message_without_traceback(capsys, monkeypatch):
    from laomap.cli import base as cli

    def buggy(args):
        """Fail as a bug would."""
        raise RuntimeError("something impossible")

    configure, _ = cli._COMMANDS["vocabulary"]
    monkeypatch.setitem(cli._COMMANDS, "vocabulary", (configure, buggy))
    monkeypatch.delenv("LAOMAP_DEBUG", raising=False)
    assert main(["vocabulary"]) == 70
    err = capsys.readouterr().err
    assert "unexpected error (RuntimeError: something impossible)" in err and "LAOMAP_DEBUG=1" in err
    monkeypatch.setenv("LAOMAP_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["vocabulary"])
