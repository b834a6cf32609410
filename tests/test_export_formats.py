"""The export-format registry: the command line and the Export panel offer exactly what it holds."""

from __future__ import annotations

import argparse

import pytest

from laomap.cli import main, parser
from laomap.errors import ExportError
from laomap.export import formats
from laomap.export.formats import DATA_FORMATS, DataFormat, data_format, register
from laomap.i18n import LANGUAGES, has

from .conftest import DOCUMENTS, GEODATA


def _format_choices() -> list[str]:
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    export_data = sub.choices["export-data"]
    return list(next(a for a in export_data._actions if a.dest == "format").choices)


@pytest.fixture
def extra_format():
    """A format registered for one test and removed after it (the registry is module state)."""
    fmt = register(DataFormat("tsv-test", lambda ds, rows: b"rows\t%d\n" % len(rows), "text/tab-separated-values",
                              "tsv", "xp.csv", "xp.help_csv"))
    yield fmt
    del DATA_FORMATS[fmt.name]


def test_the_command_line_offers_the_registry():
    assert _format_choices() == list(DATA_FORMATS)
    assert {"csv", "geojson"} <= set(DATA_FORMATS)


def test_a_registered_format_is_a_command_line_choice_and_writes(capsys, tmp_path, extra_format):
    assert "tsv-test" in _format_choices()
    target = tmp_path / "out.tsv"
    code = main(["export-data", "--format", "tsv-test", "--output", str(target), "--theme", "energy",
                 "--documents-dir", str(DOCUMENTS), "--geodata-dir", str(GEODATA), "--data-dir", str(tmp_path / "u")])
    capsys.readouterr()
    assert code == 0
    assert target.read_bytes().startswith(b"rows\t") and int(target.read_bytes().split(b"\t")[1]) > 0


def test_the_export_panel_has_one_button_per_format(ds, extra_format):
    from laomap.ui.export_panel import _data_buttons
    from laomap.views.filters import Filter

    buttons = _data_buttons(ds, Filter(), "laomap-all-en")
    assert [b[0] for b in buttons] == [f.label_key for f in DATA_FORMATS.values()]
    names = {b[2]: b[3] for b in buttons}
    assert names["laomap-all-en.tsv"] == "text/tab-separated-values"
    assert names["laomap-all-en.csv"] == "text/csv" and names["laomap-all-en.geojson"] == "application/geo+json"


def test_a_format_is_registered_once_and_an_unknown_one_is_named():
    with pytest.raises(ValueError, match="twice"):
        register(DATA_FORMATS["csv"])
    with pytest.raises(ExportError, match="csv"):
        data_format("xlsx")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_format_is_labelled_in_every_language(lang):
    for f in DATA_FORMATS.values():
        assert has(f.label_key, lang) and has(f.help_key, lang)


def test_the_other_exports_have_their_mime_types():
    assert formats.MIME["pptx"].endswith("presentationml.presentation") and formats.MIME["png"] == "image/png"
