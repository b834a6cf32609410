"""The command line imports only what a command needs: its parser (``laomap --help``) and ``import laomap`` stay light.

Why: every ``laomap`` call is a new process, and pandas, geopandas and matplotlib cost most of a second
to import before any work starts (issue 29: commands that answer in a second).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "geopandas", "matplotlib", "shapely", "pyproj", "pptx", "streamlit")


def _imported_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_parser_imports_no_heavy_library():
    assert _imported_after("import laomap.cli as c; c.parser().format_help()") == []


def test_import_laomap_is_light_until_the_dataset_is_asked_for():
    assert _imported_after("import laomap; laomap.LaomapError") == []
    assert "pandas" in _imported_after("import laomap; laomap.load_dataset")


def test_help_runs_and_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "laomap.cli", "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    for name in ("build", "values", "export-data", "export-map", "add-document", "add-place", "links"):
        assert name in out.stdout


def test_unknown_public_name_is_an_attribute_error():
    import laomap
    import laomap.userdata

    for module in (laomap, laomap.userdata):
        try:
            module.no_such_name  # noqa: B018
        except AttributeError as exc:
            assert "no_such_name" in str(exc)
        else:
            raise AssertionError(f"{module.__name__}.no_such_name did not raise")
