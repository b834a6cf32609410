"""What users add: documents, places, ignored names and corrections of the plan history, in the user data directory.

Every change is all-or-nothing: the whole dataset is first built and validated in memory
from a temporary copy of the directory with the change applied, and only then are the
files written, each atomically, one writer at a time (``filelock``). Reading the
directory is the pipeline's (``pipeline.sources``); this package is the only writer.
Imports: ``laomap.pipeline`` and the base modules (errors, paths, atomic, textnorm).
"""

from laomap.pipeline.sources import ignored_names, user_documents, user_places
from laomap.userdata.carried import correct_link, corrections, undo_correction
from laomap.userdata.places import DEFAULT_PRECISION, USER_PLACE_KINDS, add_place, geonames_place, place_row, remove_place
from laomap.userdata.store import add_document, document_meta, ignore_name, preview_document, remove_document, slug

__all__ = [
    "DEFAULT_PRECISION", "USER_PLACE_KINDS", "add_document", "add_place", "correct_link", "corrections", "undo_correction", "document_meta", "geonames_place", "ignore_name", "ignored_names",
    "place_row", "preview_document", "remove_document", "remove_place", "slug", "user_documents", "user_places",
]
