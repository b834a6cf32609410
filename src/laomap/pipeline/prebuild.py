"""``bin/setup``'s build of the built-in data's dataset into the environment, for ``shipped`` to read (issue 29).

Apart from ``shipped`` because it builds (``dataset``), which reads ``shipped``: one direction of imports.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from laomap import paths
from laomap.pipeline import cache as disk_cache
from laomap.pipeline import shipped
from laomap.pipeline.dataset import build


def write(documents_dir: Path | None = None, geodata_dir: Path | None = None) -> str:
    """Build the dataset of the built-in inputs (no user data) and keep it in ``shipped.folder()``, replacing older copies.
    Returns what was done (for ``bin/setup``); a build error propagates (the caller says the copy was not made)."""
    d = Path(documents_dir or paths.documents_dir())
    g = Path(geodata_dir or paths.geodata_dir())
    key = shipped.key_of(str(d), str(g), disk_cache.content_key(d, g))
    target = shipped.folder() / f"dataset-{disk_cache.cache_name(key)}.json"
    if target.is_file() and disk_cache.load(key, shipped.folder()) is not None:
        return f"{target} is up to date"
    with tempfile.TemporaryDirectory(prefix="laomap-no-user-data-") as empty:
        ds = build(d, g, Path(empty) / "none")
    refused = disk_cache.save(key, ds, shipped.folder())
    if refused or not target.is_file():
        return refused or f"{target} could not be written"
    for old in shipped.folder().glob("dataset-*.json"):
        if old != target:
            old.unlink(missing_ok=True)  # built from other inputs or code: never read again
    return f"wrote {target}"


if __name__ == "__main__":  # bin/setup
    print(write())
