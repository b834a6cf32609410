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


GEOMETRY = ("geopandas", "shapely", "pyproj", "scipy")


def test_commands_that_need_no_geometry_read_the_kept_dataset_without_geometry_libraries(tmp_path):
    """``values``, ``links`` and a CSV export from the disk cache never import geopandas, shapely, pyproj or scipy (issue 29).

    The first call builds and keeps the dataset (that needs them all); each later call is a new process that
    reads it back, as a user's next command does.
    """
    import os

    env = {**os.environ, "LAOMAP_CACHE_DIR": str(tmp_path / "cache"), "LAOMAP_DATA_DIR": str(tmp_path / "user")}
    subprocess.run([sys.executable, "-m", "laomap.cli", "values"], env=env, capture_output=True, timeout=300, check=True)
    for command in (["values"], ["links"], ["export-data", "--format", "csv", "--output", str(tmp_path / "out.csv")]):
        probe = ("import sys, contextlib, io, json\nfrom laomap.cli import main\n"
                 f"with contextlib.redirect_stdout(io.StringIO()): code = main({command!r})\n"
                 f"print(json.dumps([code, [m for m in {GEOMETRY!r} if m in sys.modules]]))")
        out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=300, check=True)
        assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, []], (command, out.stderr)
    assert (tmp_path / "out.csv").stat().st_size > 10_000


def test_a_kept_dataset_makes_the_same_geometries_when_asked():
    """The places read back from the disk cache without geometry make, on first use, the geometries that were kept."""
    from laomap.pipeline import cache
    from laomap.pipeline.dataset import Dataset, build, input_fingerprint
    from laomap.pipeline.later import Later

    from .conftest import DOCUMENTS, GEODATA

    built = build(DOCUMENTS, GEODATA)
    key = input_fingerprint(DOCUMENTS, GEODATA)
    assert cache.save(key, built) is None
    kept = cache.load(key)
    assert kept is not None and isinstance(kept["places"], Later)
    again = Dataset(**kept)
    assert not Dataset.__dict__["places"].is_made(again)
    assert list(again.places.geometry.geom_equals_exact(built.places.geometry, tolerance=0)) == [True] * len(built.places)
    assert Dataset.__dict__["places"].is_made(again)
    assert again.gazetteer.geometry("vientiane_capital").equals(built.gazetteer.geometry("vientiane_capital"))
    assert again.gazetteer.layers == built.gazetteer.layers  # the map layers' coordinates, made on first read
