"""`laomap add-document`, `add-place`, `remove-*`, `ignore-name`: a review report, and bad input as a clear message."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from laomap.cli import main
from laomap.pipeline.dataset import build

from .conftest import CORE_GEODATA as GEODATA  # the review tests need a gazetteer without Pakse (conftest)
from .conftest import DOCUMENTS
from .datafiles import data_digest
from .fixtures.make_pdfs import FIXTURES, encrypted_pdf, fixture_pdf, scanned_pdf, truncated_pdf

EN_FILE = FIXTURES / "followup-plan.en.txt"
SJIS_FILE = FIXTURES / "followup-plan.ja.sjis.txt"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def user(tmp_path):
    return tmp_path / "user"


def data(user: Path) -> list[str]:
    return ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(user)]


def add_en(capsys, user, path=EN_FILE, *extra):
    return run(capsys, "add-document", path, "--title", "Joint Follow-up Plan", "--date", "2024-03", "--lang", "en",
               "--id", "followup-en", *extra, *data(user))


def digest(folder: Path) -> dict[str, str]:
    return data_digest(folder)


def test_add_document_prints_the_review_and_the_add_place_hint(capsys, user):
    code, out, err = add_en(capsys, user)
    assert code == 0, err
    assert "Read followup-plan.en.txt: Text file in UTF-8, stored as UTF-8." in out
    assert "structure: numbered headings: 9 sections, 8 paragraphs" in out
    assert "statements: 14 (commitment 10, acknowledgement 4);" in out  # the kinds found, not every kind at 0
    assert "  the statements it will add (14):" in out
    assert re.search(r"\n    1\(1\):1\.1 \[commitment\] connectivity \| ewec, [a-z, ]+: Both sides welcomed the steady progress", out)
    unplaced = int(re.search(r"statements naming no known place: (\d+)", out).group(1))
    listed = [line for line in out.splitlines() if re.match(r"    \d\(\d\):\d+\.\d+ \[", line)]
    assert len(listed) == 14
    assert "takayama" in out and "partner" in out and "2024/2026" in out
    assert "Pakse (6x, looks like a city)" in out
    assert "laomap add-place --id pakse --name-en 'Pakse' --kind city --country LA --lat LAT --lon LON" in out
    assert f"Added followup-en to {user}: 14 statements, {14 - unplaced} on the map, {unplaced} naming no place." in out
    assert (user / "documents" / "followup-en.txt").is_file()


def test_the_full_cli_workflow_ends_in_the_exports(capsys, user, tmp_path):
    assert add_en(capsys, user)[0] == 0
    code, out, err = run(capsys, "add-document", SJIS_FILE, "--title", "共同フォローアップ計画", "--date", "2024-03", "--lang", "ja",
                         "--translation-of", "followup-en", "--id", "followup-ja", *data(user))
    assert code == 0, err
    assert "Shift_JIS/CP932" in out and "パクセー (4x" in out
    code, out, err = run(capsys, "add-place", "--id", "pakse", "--name-en", "Pakse", "--name-ja", "パクセー市", "--kind", "city",
                         "--country", "LA", "--lat", "15.1202", "--lon", "105.799", *data(user))
    assert code == 0, err
    assert "inside champasak" in out and "statement record(s) now name it" in out
    code, out, _ = run(capsys, "ignore-name", "Bolaven Plateau", "--data-dir", user)
    assert code == 0 and "1 name(s) ignored" in out
    code, out, _ = run(capsys, "user-data", *data(user))
    assert "followup-ja  [ja, 2024-03, translation of followup-en]" in out and "pakse  Pakse / パクセー市" in out

    target = tmp_path / "out.csv"
    code, _, err = run(capsys, "export-data", "--format", "csv", "--output", target, "--place", "pakse", "--lang", "ja", *data(user))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows and {r["document_id"] for r in rows} == {"followup-ja"} and all("pakse" in r["place_ids"] for r in rows)
    assert any("パクセー市" in r["place_names"] for r in rows)

    assert run(capsys, "remove-document", "followup-ja", *data(user))[0] == 0
    assert run(capsys, "remove-place", "pakse", *data(user))[0] == 0
    assert run(capsys, "remove-document", "followup-en", *data(user))[0] == 0
    assert set(build(DOCUMENTS, GEODATA, user).documents) == {"action-plan-en", "action-plan-ja", "joint-plan-2016"}


def test_a_pdf_is_added_with_its_text_layer(capsys, user, tmp_path):
    pdf = tmp_path / "followup.pdf"
    pdf.write_bytes(fixture_pdf("en", 18))
    code, out, err = add_en(capsys, user, pdf)
    assert code == 0, err
    assert "Text layer of a 3-page PDF" in out and "statements: 14" in out


def test_dry_run_writes_nothing(capsys, user):
    code, out, _ = add_en(capsys, user, EN_FILE, "--dry-run")
    assert code == 0 and "Dry run: nothing was added." in out and "Pakse (6x" in out
    assert digest(user) == {}


BAD_INPUTS = {
    "empty": (b"", "is empty"),
    "binary": (bytes(range(256)) * 8, "binary file"),
    "wrong-encoding": ("Обе стороны приветствовали визит в Паксе.\n".encode("koi8_r") * 20, "not in a supported text encoding"),
    "truncated-pdf": (truncated_pdf(fixture_pdf("en")), "truncated PDF"),
    "encrypted-pdf": (encrypted_pdf(fixture_pdf("en")), "encrypted"),
    "scanned-pdf": (scanned_pdf(1), "no text layer"),
    "japanese-declared-english": (SJIS_FILE.read_bytes(), "declared English"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_a_clear_message_and_changes_nothing(capsys, user, tmp_path, case):
    assert add_en(capsys, user)[0] == 0  # existing data that must stay intact
    before = digest(user)
    content, expected = BAD_INPUTS[case]
    path = tmp_path / (f"{case}.pdf" if case.endswith("pdf") else f"{case}.txt")
    path.write_bytes(content)
    code, out, err = run(capsys, "add-document", path, "--title", "Bad", "--date", "2024", "--lang", "en", "--id", "bad-en", *data(user))
    assert code == 1
    assert err.startswith("laomap add-document: ") and expected in err and "Traceback" not in err + out
    assert digest(user) == before
    assert "followup-en" in build(DOCUMENTS, GEODATA, user).documents


def test_duplicate_id_and_size_limit_and_missing_file(capsys, user, tmp_path, monkeypatch):
    assert add_en(capsys, user)[0] == 0
    before = digest(user)
    code, _, err = add_en(capsys, user)
    assert code == 1 and "already added" in err
    monkeypatch.setenv("LAOMAP_MAX_UPLOAD_MB", "0.001")
    code, _, err = run(capsys, "add-document", EN_FILE, "--title", "T", "--date", "2024", "--lang", "en", "--id", "big-en", *data(user))
    assert code == 1 and "over the limit of 1.0 KB" in err and "LAOMAP_MAX_UPLOAD_MB" in err
    code, _, err = run(capsys, "add-document", tmp_path / "missing.txt", "--title", "T", "--date", "2024", "--lang", "en", *data(user))
    assert code == 1 and "does not exist" in err
    assert digest(user) == before


def test_add_place_errors_are_messages(capsys, user):
    code, _, err = run(capsys, "add-place", "--id", "pakse", "--name-en", "Pakse", "--kind", "city", "--country", "LA",
                       "--lat", "105.8", "--lon", "15.12", *data(user))
    assert code == 1 and "lat 105.8 is outside [-90, 90] (are lat and lon swapped?)" in err
    code, _, err = run(capsys, "add-place", "--id", "pakse", "--name-en", "Pakse", "--kind", "city", "--country", "LA",
                       "--lat", "35.18", "--lon", "136.9", *data(user))
    assert code == 1 and "lies in Japan (JP), not in Laos (LA)" in err
    with pytest.raises(SystemExit) as info:
        main(["add-place", "--id", "x", "--kind", "city", "--country", "LA", "--lat", "north", "--lon", "1"])
    assert info.value.code == 2 and "--lat expects a number" in capsys.readouterr().err
    assert digest(user) == {}


def test_the_installed_command_shows_no_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "laomap"), "add-document", str(empty), "--title", "T", "--date", "2024", "--lang", "en",
         "--data-dir", str(tmp_path / "user")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "laomap add-document: empty.txt is empty: expected the text of a plan (a .txt or .pdf file)."


def test_control_characters_never_reach_the_terminal(capsys, user, tmp_path):
    """Titles with escapes are refused now; one in data written before that still prints escaped, never raw."""
    nasty = "Plan \x1b]0;pwned\x07\x1b[2J"
    path = tmp_path / "plan.txt"
    path.write_text("A Plan\n\n1 Cooperation\n\nBoth sides agreed to cooperate in Vientiane.\n", encoding="utf-8")
    code, out, err = run(capsys, "add-document", path, "--title", nasty, "--date", "2024", "--lang", "en", "--id", "nasty-en",
                         *data(user))
    assert code == 1 and "\x1b" not in out + err and "\x07" not in out + err and "\\x1b" in err  # refused, escaped
    assert run(capsys, "add-document", path, "--title", "Plan", "--date", "2024", "--lang", "en", "--id", "nasty-en",
               *data(user))[0] == 0
    manifest = user / "manifest.json"  # as data written before titles were checked could hold it
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"title_en": "Plan"', '"title_en": ' + json.dumps(nasty)),
                        encoding="utf-8")
    code, out, err = run(capsys, "user-data", *data(user))
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "Plan \\x1b]0;pwned\\x07\\x1b[2J" in out  # the stored title, shown escaped


@pytest.mark.parametrize(("typed", "stored"), [("２０２４-０３", "2024-03"), ("2024", "2024")])
def test_full_width_digits_in_a_date_are_read_as_digits(capsys, user, tmp_path, typed, stored):
    path = tmp_path / "plan.txt"
    path.write_text("A Note\n\n1 Cooperation\n\nBoth sides agreed to cooperate in Vientiane.\n", encoding="utf-8")
    code, out, _err = run(capsys, "add-document", path, "--date", typed, "--lang", "en", "--id", "note-en", *data(user))
    assert code == 0
    code, out, _err = run(capsys, "user-data", *data(user))
    assert f"[en, {stored}]" in out


@pytest.mark.parametrize("typed", ["٢٠٢٣", "0001", "9999-12-31", "2024-13"])
def test_dates_outside_digits_or_reason_are_refused(capsys, user, tmp_path, typed):
    path = tmp_path / "plan.txt"
    path.write_text("A Note\n\n1 Cooperation\n\nBoth sides agreed to cooperate in Vientiane.\n", encoding="utf-8")
    code, _out, err = run(capsys, "add-document", path, "--date", typed, "--lang", "en", "--id", "note-en", *data(user))
    assert code == 1 and ("digits 0-9" in err or "outside 1945-2100" in err)


@pytest.mark.parametrize("title", ["Plan \x1b[2J", "Plan\nSecond line", "Plan \u2028 too", "P" * 301])
def test_titles_with_control_characters_or_too_long_are_refused(capsys, user, tmp_path, title):
    path = tmp_path / "plan.txt"
    path.write_text("A Note\n\n1 Cooperation\n\nBoth sides agreed to cooperate in Vientiane.\n", encoding="utf-8")
    code, _out, err = run(capsys, "add-document", path, "--title", title, "--date", "2024", "--lang", "en", "--id", "t-en",
                          *data(user))
    assert code == 1 and ("control character" in err or "at most 300" in err)
    assert "\x1b" not in err and not (user / "manifest.json").exists()


@pytest.mark.parametrize("name", ["Pak\rse", "Pak\u2028se"])
def test_a_place_name_with_a_line_break_is_refused_for_what_it_is(capsys, user, name):
    code, _out, err = run(capsys, "add-place", "--id", "pakse", "--name-en", name, "--kind", "city", "--country", "LA",
                          "--lat", "15.12", "--lon", "105.8", *data(user))
    assert code == 1 and "control character" in err and "lat" not in err.split("characters:")[0]
    assert not (user / "gazetteer.csv").exists()
