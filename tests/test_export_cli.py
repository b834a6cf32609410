"""The export commands: files of the right kind, one-line errors with exit 1, and atomic writes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from laomap import cli


@pytest.fixture
def run(ds, monkeypatch, capsys):
    """Run ``laomap ARGS`` in-process on the session's dataset (building it once is enough)."""
    import laomap.cli.export as exportcli

    monkeypatch.setattr(exportcli, "_dataset", lambda args: ds)

    def go(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return go


def test_export_map_writes_a_png_of_the_preset_size(run, tmp_path):
    out = tmp_path / "energy.png"
    code, stdout, err = run("export-map", "--output", str(out), "--preset", "4:3", "--theme", "tourism_culture", "--lang", "ja")
    assert (code, err) == (0, "")
    assert Image.open(out).size == (1600, 1200)
    assert f"wrote {out}" in stdout


def test_export_map_format_follows_the_extension(run, tmp_path):
    pdf, svg = tmp_path / "map.pdf", tmp_path / "map.svg"
    assert run("export-map", "--output", str(pdf), "--preset", "a4-portrait", "--place", "luang_prabang")[0] == 0
    page = PdfReader(pdf).pages[0]
    assert float(page.mediabox.height) > float(page.mediabox.width)  # portrait
    assert run("export-map", "--output", str(svg), "--place", "luang_prabang")[0] == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_export_deck_and_html(run, tmp_path):
    deck, page = tmp_path / "deck.pptx", tmp_path / "map.html"
    assert run("export-deck", "--output", str(deck), "--theme", "energy")[0] == 0
    assert "ppt/presentation.xml" in zipfile.ZipFile(deck).namelist()
    assert run("export-html", "--output", str(page), "--theme", "energy", "--document", "action-plan-en")[0] == 0
    assert "Themes: Energy" in page.read_text(encoding="utf-8")


def test_empty_selection_is_exit_1_with_one_line_and_no_file(run, tmp_path):
    out = tmp_path / "empty.png"
    code, stdout, err = run("export-map", "--output", str(out), "--search", "no statement says zqxj")
    assert code == 1 and stdout == ""
    assert err.count("\n") == 1 and err.startswith("laomap export-map: The selection is empty")
    assert not out.exists()


def test_failed_export_keeps_the_existing_file(run, tmp_path):
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"the previous deck")
    code, _out, err = run("export-deck", "--output", str(out), "--search", "no statement says zqxj")
    assert code == 1 and "selection is empty" in err
    assert out.read_bytes() == b"the previous deck"


def test_unwritable_output_is_exit_1_and_leaves_nothing_behind(run, tmp_path, monkeypatch):
    out = tmp_path / "map.png"
    out.write_bytes(b"old image")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("laomap.atomic.os.replace", refuse)
    code, _out, err = run("export-map", "--output", str(out), "--theme", "energy")
    assert code == 1
    assert err.strip() == f"laomap export-map: Cannot write {out}: Permission denied. Nothing was changed."
    assert out.read_bytes() == b"old image"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png"]  # no temporary file left


def test_missing_folder_and_bad_extension_are_clear(run, tmp_path):
    code, _out, err = run("export-html", "--output", str(tmp_path / "nowhere" / "map.html"))
    assert code == 1 and "folder" in err and "does not exist" in err
    code, _out, err = run("export-map", "--output", str(tmp_path / "map.gif"))
    assert code == 1 and err.strip().endswith("expected a file name ending in .png, .svg, .pdf.")
    code, _out, err = run("export-deck", "--output", str(tmp_path / "deck.ppt"))
    assert code == 1 and ".pptx" in err


def test_unknown_filter_value_is_an_error_not_a_guess(run, tmp_path):
    code, _out, err = run("export-map", "--output", str(tmp_path / "m.png"), "--theme", "nosuch")
    assert code == 1 and "unknown theme value(s): nosuch" in err
    assert not (tmp_path / "m.png").exists()


def test_bad_preset_is_a_usage_error(run, tmp_path):
    with pytest.raises(SystemExit) as exc:
        run("export-map", "--output", str(tmp_path / "m.png"), "--preset", "3:2")
    assert exc.value.code == 2


def test_real_command_prints_no_traceback(tmp_path):
    """The installed entry point, end to end, in a fresh process."""
    out = tmp_path / "x.png"
    env = {**os.environ, "LAOMAP_DATA_DIR": str(tmp_path / "user")}
    laomap = str(Path(sys.executable).with_name("laomap"))
    done = subprocess.run([laomap, "export-map", "--output", str(out), "--search", "zqxj zqxj"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    done = subprocess.run([laomap, "export-map", "--output", str(out), "--theme", "energy"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Image.open(io.BytesIO(out.read_bytes())).size == (1920, 1080)


def test_export_deck_takes_a_template_and_pins_and_refuses_a_file_that_is_no_deck(run, ds, tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    from laomap import Filter, apply

    template = Presentation()
    template.slide_width = Inches(10)
    template.save(tmp_path / "org.pptx")
    pin = apply(ds, Filter(themes=("health",))).statement_id.iloc[-1]
    deck = tmp_path / "deck.pptx"
    code, _out, err = run("export-deck", "--output", str(deck), "--theme", "health", "--template", str(tmp_path / "org.pptx"),
                          "--pin", pin)
    assert (code, err) == (0, "")
    prs = Presentation(deck)
    assert prs.slide_width == Inches(10)  # the template's page
    theme_slide = list(prs.slides)[1]
    assert theme_slide.notes_slide.notes_text_frame.text.startswith(apply(ds, Filter()).set_index("statement_id").text[pin])
    (tmp_path / "bad.pptx").write_text("no deck", encoding="utf-8")
    code, _out, err = run("export-deck", "--output", str(tmp_path / "x.pptx"), "--theme", "health", "--template", str(tmp_path / "bad.pptx"))
    assert code == 1 and "could not be read as a PowerPoint file" in err and "Traceback" not in err
    assert not (tmp_path / "x.pptx").exists()
