"""What the browser benchmarks share (bench_scale.py, bench_load.py): Chromium, the map's drawn state, corpora.

The map's state is read inside the st_folium iframe: the fill of every province path, the
legend, the labels and the whole-country box. A filter change has updated the map when that
state differs from the one before the change and is complete again (17 provinces and a legend).
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from laomap.pipeline.synthetic import write_synthetic_corpus

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
PROVINCES = 17
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]

# The map's state as a string, or null while it is not completely drawn.
MAP_STATE = f"""() => {{
    const frames = document.querySelectorAll('{IFRAME}');
    if (frames.length !== 1 || !frames[0].contentDocument) return null;
    const doc = frames[0].contentDocument;
    const paths = doc.querySelectorAll('.leaflet-overlay-pane path');
    const legend = doc.querySelector('.lm-legend');
    if (paths.length < {PROVINCES} || !legend) return null;
    const text = (sel) => Array.from(doc.querySelectorAll(sel)).map(e => e.textContent).join('|');
    return Array.from(paths).map(p => p.getAttribute('fill')).join(',') + '#' + legend.textContent
        + '#' + text('.lm-label') + '#' + text('.lm-trays');
}}"""
MAP_CHANGED = f"(old) => {{ const now = ({MAP_STATE})(); return now !== null && now !== old ? now : null; }}"
# Streamlit marks its root with the script's state: the page is done when its script no longer runs.
# and no part of the page is still to come (a first visit's sidebar follows its map: ui/session.first_paint),
# nor an element whose script the browser is still fetching (Streamlit draws a skeleton in its place: a first
# visit's note of the filters, st.html, came a moment after the run that sent it, so the note's check alone passed early)
IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning' && !document.querySelector('[data-lm-pending]')
        && !document.querySelector('[data-testid="stSkeleton"]'); }"""
EXCEPTION = '[data-testid="stException"]'


def chromium() -> str:
    """Debian's chromium (Playwright cannot download its own browser here)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("Debian's chromium is needed (bin/setup --with-tests installs it)")
    return path


def corpus_env(corpus: Path | None, user_dir: Path) -> dict[str, str]:
    """The environment that points the dashboard at a corpus (None: the real documents) and a user data dir."""
    env = {"LAOMAP_DATA_DIR": str(user_dir)}
    if corpus is not None:
        env.update(LAOMAP_DOCUMENTS_DIR=str(corpus / "documents"), LAOMAP_GEODATA_DIR=str(corpus / "geodata"))
    return env


@contextmanager
def synthetic_corpora(sizes: Sequence[int], places: int = 500) -> Iterator[dict[int, Path]]:
    """Synthetic corpora of ``sizes`` statements over ``places`` places in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="laomap-bench-") as tmp:
        yield {n: write_synthetic_corpus(Path(tmp) / f"syn{n}", n, places) for n in sizes}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method: a value that was measured."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]
