"""The built-in data's dataset, built once by ``bin/setup`` and read from any cache directory (issue 29).

Why: on a freshly set-up machine the first review (or the first page) finds nothing in its cache directory
(``LAOMAP_CACHE_DIR`` may name a new one) and built the whole dataset, several seconds, before it could extend it
with the new document. ``bin/setup`` builds the dataset of the built-in documents and geodata with no user data once
and keeps it beside the GeoNames index, in the environment (``<venv>/share/laomap``, inside the checkout), in the
disk cache's format (``cache``: JSON and Arrow, authenticated by a key of its own in that folder). ``load_dataset``
reads it, read-only (``prebuild`` writes it: this module stays below ``dataset``), when its own cache has nothing
for the inputs and the user has added nothing (names the review no longer suggests are no part of a dataset).

Never stale: its name is the digest of the inputs' paths and content and of the code (``cache.cache_name``), so a
copy built from other documents, geodata or code is never found; one that does not verify (damaged, truncated,
another user's key) is ignored, and the dataset is built as it was without it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from laomap.pipeline import cache as disk_cache
from laomap.pipeline.sources import IGNORED


def folder() -> Path:
    """Where ``bin/setup`` keeps it: the environment's ``share/laomap`` (also the GeoNames index's, ``geonames.shipped_copy``)."""
    return Path(sys.prefix) / "share" / "laomap"


def key_of(documents_dir: str, geodata_dir: str, content: tuple[Any, ...]) -> tuple[Any, ...]:
    return ("built-in", documents_dir, geodata_dir, content)


def load(key: tuple[Any, ...]) -> dict[str, Any] | None:
    """The fields of the setup-time dataset for ``key`` (``dataset.input_fingerprint``), or None: the user has added
    something (the copy has no user data), it was built from other inputs or code, or it does not verify."""
    documents_dir, geodata_dir, user_dir, (documents, geodata, user) = key
    if any(name != IGNORED for name, _digest in user) or (os.path.lexists(user_dir) and not os.path.isdir(user_dir)):
        return None  # the user's documents, places or corrections are not in it (the names the review ignores never are)
    return disk_cache.load(key_of(documents_dir, geodata_dir, (documents, geodata)), folder())
