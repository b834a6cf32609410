"""What users add: documents, places, ignored names and corrections of the plan history, in the user data directory.

Every change is all-or-nothing: the whole dataset is first built and validated in memory
from a temporary copy of the directory with the change applied, and only then are the
files written, each atomically, one writer at a time (``filelock``). Reading the
directory is the pipeline's (``pipeline.sources``); this package is the only writer.
Imports: ``laomap.pipeline`` and the base modules (errors, paths, atomic, textnorm).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Each public name and the module that defines it. They are imported on first use (PEP 562): the
# command line builds its parser from constants here (place kinds), and ``laomap --help`` should not
# import the pipeline, pandas and geopandas for that.
_WHERE = {
    "ignored_names": "laomap.pipeline.sources", "user_documents": "laomap.pipeline.sources", "user_places": "laomap.pipeline.sources",
    "correct_link": "laomap.userdata.carried", "corrections": "laomap.userdata.carried", "undo_correction": "laomap.userdata.carried",
    "DEFAULT_PRECISION": "laomap.userdata.kinds", "USER_PLACE_KINDS": "laomap.userdata.kinds", "add_place": "laomap.userdata.places",
    "geonames_place": "laomap.userdata.places", "clicked_spot": "laomap.userdata.places", "clicked_place": "laomap.userdata.places",
    "CLICK_PRECISION": "laomap.userdata.places", "located_place": "laomap.userdata.places", "place_row": "laomap.userdata.places", "remove_place": "laomap.userdata.places",
    "add_document": "laomap.userdata.store", "document_meta": "laomap.userdata.store", "ignore_name": "laomap.userdata.store",
    "preview_document": "laomap.userdata.store", "remove_document": "laomap.userdata.store", "slug": "laomap.userdata.store",
    "set_document_role": "laomap.userdata.store", "twin_meta": "laomap.userdata.store",
    "taken_ids": "laomap.userdata.store", "document_id": "laomap.userdata.ids",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """A public name of the package, imported from its module when first asked for."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'laomap.userdata' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
