"""A rerun of a dashboard page does no work a cache could hold (issue 29 item 1).

Streamlit runs a page's whole script on every interaction. What the script asks for that did not change
must come from the caches: the dataset (never built or read from disk again), the places' geometries, the
map's layers, its JSON and its HTML (folium's templates rendered, kept for every session) for an unchanged filter.
A filter change makes the selection, the layers, the map's JSON and its HTML once each, and nothing else anew. The heavy functions are wrapped with counters wherever a
module holds them, as ``test_carry`` counts the linking of the plan history.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from .apptest import open_app

# (module, function): what costs a visible part of a second when it runs again
HEAVY = {
    "build": ("laomap.pipeline.dataset", "build"),
    "disk cache read": ("laomap.pipeline.cache", "load"),
    "places frame": ("laomap.pipeline.dataset", "places_frame"),
    "geometry resolved": ("laomap.pipeline.gazetteer_files", "load_gazetteer"),
    "filter applied": ("laomap.views.filters", "apply"),
    "map layers": ("laomap.views.layers", "map_layers"),
    "map JSON": ("laomap.maps.web", "map_data"),
    "map HTML": ("laomap.maps.web", "build_map"),  # folium's map and its templates, rendered for st_folium
    "country outlines": ("laomap.maps.web", "_make_basemap"),
}


@pytest.fixture
def calls(monkeypatch) -> Iterator[Counter[str]]:
    """Counts of each HEAVY function's calls, through every laomap module that holds it (``from x import f`` too)."""
    import importlib

    # every module the pages take these functions from, loaded first so that each of its names is wrapped
    for module in ("laomap.pipeline.dataset", "laomap.pipeline.cache", "laomap.views.filters", "laomap.views.layers",
                   "laomap.maps.web", "laomap.export.prepare", "laomap.ui.data", "laomap.ui.mapview", "laomap.ui.panels",
                   "laomap.ui.state", "laomap.ui.look", "laomap.ui.export_panel", "laomap.ui.present", "laomap.views.summary"):
        importlib.import_module(module)

    counted: Counter[str] = Counter()

    def counting(label: str, fn: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            counted[label] += 1
            return fn(*args, **kwargs)
        return wrapper

    for label, (module, name) in HEAVY.items():
        original = getattr(sys.modules[module], name)
        wrapped = counting(label, original)
        for mod in [m for n, m in list(sys.modules.items()) if n.startswith("laomap") and m is not None]:
            if getattr(mod, name, None) is original:
                monkeypatch.setattr(mod, name, wrapped)
    yield counted


def _during(counted: Counter[str], step: Callable[[], object]) -> dict[str, int]:
    counted.clear()
    step()
    return {k: v for k, v in counted.items() if v}


@pytest.mark.parametrize("page", ["app_pages/map.py", "app_pages/overview.py"])
def test_a_rerun_that_changes_nothing_makes_nothing_again(calls, page):
    at = open_app(page)
    assert calls["map JSON"] >= 1  # the first visit drew the map through the wrapped functions
    assert _during(calls, at.run) == {}
    assert not at.exception


def test_a_filter_change_makes_the_selection_layers_and_map_once_and_nothing_else(calls):
    at = open_app("app_pages/map.py")
    made = _during(calls, lambda: at.sidebar.text_input(key="q").set_value("water").run())
    assert not at.exception
    assert made == {"filter applied": 1, "map layers": 1, "map JSON": 1, "map HTML": 1}
    # back to a filter seen before: everything is remembered
    assert _during(calls, lambda: at.sidebar.text_input(key="q").set_value("").run()) == {}


def test_another_session_with_a_place_filter_reuses_the_map(calls):
    """A new session selecting a place filters its statements once; the map (drawn without the place filter) is reused."""
    open_app("app_pages/map.py")
    made = _during(calls, lambda: open_app("app_pages/map.py", place="attapeu"))
    assert made == {"filter applied": 1}
