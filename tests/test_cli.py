"""The `laomap` command: round trips, readable failures, no partial output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from laomap.cli import main

from .conftest import DOCUMENTS, GEODATA


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def data_args(tmp_path):
    return ["--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(tmp_path / "user")]


def test_build_prints_counts(capsys, tmp_path):
    code, out, _ = run(capsys, "build", *data_args(tmp_path))
    assert code == 0
    assert "action-plan-ja" in out and "joint-plan-2016" in out and "validated" in out


def test_validate_passes_on_the_real_data(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", *data_args(tmp_path))
    assert code == 0 and out.startswith("OK:")


def test_validate_verbose_lists_the_statements_with_no_theme(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", "--verbose", *data_args(tmp_path))
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert "statements with no theme: 4 of 131" in out
    assert listed == ["action-plan-en:2(1):1.6", "joint-plan-2016:1:3.2", "joint-plan-2016:3:1.1", "joint-plan-2016:3.IV:1.3"]
    code, plain, _ = run(capsys, "validate", *data_args(tmp_path))
    assert "no theme" not in plain


def test_validate_fails_with_a_readable_report(capsys, inputs):
    docs, geo, user = inputs
    (geo / "gazetteer.csv").write_text((geo / "gazetteer.csv").read_text(encoding="utf-8").replace("36.1461,137.2522", "137.2522,36.1461"),
                                       encoding="utf-8")
    code, out, err = run(capsys, "validate", "--documents-dir", str(docs), "--geodata-dir", str(geo), "--data-dir", str(user))
    assert code == 1
    assert "takayama" in err and "Traceback" not in err


def test_export_csv_round_trip(capsys, tmp_path):
    target = tmp_path / "c.csv"
    code, out, _ = run(capsys, "export-data", "--format", "csv", "--output", str(target), "--all-languages", *data_args(tmp_path))
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Japanese correctly
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    for column in ("commitment_id", "document_id", "language", "section", "paragraph", "kind", "themes", "place_ids",
                   "place_names", "place_roles", "dates", "text"):
        assert column in rows[0]
    row = next(r for r in rows if r["commitment_id"] == "action-plan-ja:4(6):1.1")
    assert row["section"] == "4(6)" and row["paragraph"] == "1" and row["language"] == "ja"
    ids, roles, names = row["place_ids"].split(";"), row["place_roles"].split(";"), row["place_names"].split(";")
    assert len(ids) == len(roles) == len(names)
    assert dict(zip(ids, roles))["kyoto"] == "partner" and names[ids.index("kyoto")] == "京都市"
    assert "京都市と首都ビエンチャン" in row["text"]
    assert {r["language"] for r in rows} == {"en", "ja"}


def test_export_csv_filtered_by_theme_and_place(capsys, tmp_path):
    target = tmp_path / "f.csv"
    code, out, _ = run(capsys, "export-data", "--format", "csv", "--output", str(target), "--place", "vientiane_capital", *data_args(tmp_path))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows and all("vientiane" in r["place_ids"] or "wattay_airport" in r["place_ids"] for r in rows)


def test_export_geojson_one_feature_per_link(capsys, tmp_path):
    target = tmp_path / "l.geojson"
    code, _, _ = run(capsys, "export-data", "--format", "geojson", "--output", str(target), *data_args(tmp_path))
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    features = data["features"]
    partnership = [f for f in features if f["properties"]["commitment_id"] == "action-plan-en:4(6):1.1"]
    assert {f["properties"]["place_id"] for f in partnership} == {"kyoto", "takayama", "okinawa", "hakodate", "vientiane", "luang_prabang", "attapeu"}
    kinds = {f["properties"]["place_id"]: f["geometry"]["type"] for f in features}
    assert kinds["ewec"] == "LineString" and kinds["vientiane"] == "Point"


def test_export_places(capsys, tmp_path):
    target = tmp_path / "p.geojson"
    code, _, _ = run(capsys, "export-places", "--output", str(target), *data_args(tmp_path))
    assert code == 0
    features = json.loads(target.read_text(encoding="utf-8"))["features"]
    by_id = {f["properties"]["place_id"]: f for f in features}
    props = by_id["houaphanh"]["properties"]
    assert {k: props[k] for k in ("name_en", "name_ja", "kind", "country", "iso3166_2", "precision_code")} == {
        "name_en": "Houaphanh", "name_ja": "フアパン県", "kind": "province", "country": "LA", "iso3166_2": "LA-HO", "precision_code": 4}
    assert by_id["houaphanh"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert by_id["ewec"]["geometry"]["type"] == "LineString"


def test_unknown_filter_value_is_an_error(capsys, tmp_path):
    code, _, err = run(capsys, "export-data", "--format", "csv", "--output", str(tmp_path / "x.csv"), "--theme", "astrology", *data_args(tmp_path))
    assert code == 1 and "astrology" in err
    assert not (tmp_path / "x.csv").exists()


def test_empty_selection_is_an_error_and_writes_nothing(capsys, tmp_path):
    target = tmp_path / "x.csv"
    code, _, err = run(capsys, "export-data", "--format", "csv", "--output", str(target), "--search", "zzzz-no-such-text", *data_args(tmp_path))
    assert code == 1 and "empty" in err and not target.exists()


def test_unwritable_output_keeps_the_old_file(capsys, tmp_path):
    code, _, err = run(capsys, "export-places", "--output", str(tmp_path / "missing-dir" / "p.geojson"), *data_args(tmp_path))
    assert code == 1 and "does not exist" in err


def test_bad_document_gives_a_message_not_a_traceback(capsys, inputs):
    docs, geo, user = inputs
    (docs / "joint-plan-2016.en.txt").write_bytes(b"\xff\xfe\x00garbage\x00\x00")
    code, _, err = run(capsys, "build", "--documents-dir", str(docs), "--geodata-dir", str(geo), "--data-dir", str(user))
    assert code == 1 and "joint-plan-2016" in err and "Traceback" not in err


def test_installed_console_script(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "laomap.cli", "values", *data_args(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    values = json.loads(proc.stdout)
    assert "action-plan-en" in values["document"] and "energy" in values["theme"] and "houaphanh" in values["place"]
