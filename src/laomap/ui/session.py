"""Session and URL values that need no data: the interface language, a page's own URL parameter, on/off flags.

Below ``ui.data`` and ``ui.state`` (both import it), so neither needs the other's internals.
"""

from __future__ import annotations

import streamlit as st

from laomap.i18n import LANGUAGE_NAMES


def language() -> str:
    """The interface language, read before anything else is drawn (the page titles need it)."""
    value = st.session_state.get("lang") or st.query_params.get("lang") or "en"
    return value if value in LANGUAGE_NAMES else "en"


def url_value(key: str) -> str | None:
    """A page's own URL parameter (e.g. the statement shown), as the link had it."""
    return st.query_params.get(key)


def set_url_value(key: str, value: str | None) -> None:
    """Put a page's own parameter in the URL (or take it out)."""
    if value and st.query_params.get(key) != value:
        st.query_params[key] = value
    elif not value and key in st.query_params:
        del st.query_params[key]


def bare_view() -> bool:
    """Whether this is the embeddable map (``?bare=1``): the map and its legend, no sidebar, header or list."""
    return st.query_params.get("bare") == "1"


_PAINTED = "_laomap_painted"  # session flag: the first run (the page without the sidebar's filters) is over


def first_paint() -> bool:
    """Whether this is the first run of a browser's session, which sends the page without the sidebar's filters.

    On a first visit the filters' widgets make the browser fetch some twenty script chunks and build ~280 elements, on
    the same thread as the map's frame, which they held back by a quarter (issue 29). So the first run sends the page
    alone and the next one adds the filters: on a page with a map, the run its frame asks for once it has drawn the
    map (``map_drawn``); on another page, a moment later (``end_first_paint``). A session without a browser (a test of the script) has no
    ``User-Agent`` header and draws everything in its first run; so does the embeddable map, which has no sidebar.
    """
    return not st.session_state.get(_PAINTED) and bool(st.context.headers.get("User-Agent")) and not bare_view()


class FirstPaintDone(Exception):  # noqa: N818 - a signal, not an error
    """Raised after a first run's main figure: what the page draws after it waits for the next run. ``map_reports``:
    the figure is a map that asks for that run once drawn (``map_drawn``); else a timer does (``figure_drawn``)."""

    def __init__(self, map_reports: bool = False) -> None:
        super().__init__()
        self.map_reports = map_reports


def map_drawn() -> None:
    """End a first run at its map, which asks for the next run once the browser has drawn it (see ``first_paint``).

    Whatever the page draws after the map (below it, beside it, the sidebar) comes with the next run; what comes before
    it is drawn in both runs, so the map keeps its place on the page and its frame is not made again.
    """
    raise FirstPaintDone(map_reports=True)


def figure_drawn() -> None:
    """End a first run after the page's main figure (a page without a map: its tables, say); the rest of the page
    comes with the next run, ``FIRST_PAINT_PAUSE`` later (see ``first_paint``). Nothing in any other run."""
    if first_paint():
        raise FirstPaintDone


FIRST_PAINT_FALLBACK = 6.0  # seconds: the next run comes after this long if the map never says it is drawn
FIRST_PAINT_PAUSE = 0.9  # seconds: on a page without a map, the next run comes this long after the first


def end_first_paint(map_reports: bool) -> None:
    """After a first run: ask the browser for the next one, the full page.

    A page whose map ended the run (``map_reports``) asks for it itself once the map is drawn; in case it never does (its frame
    failed to load), the browser asks after ``FIRST_PAINT_FALLBACK`` seconds anyway. A page without a map has no
    such signal: the browser asks after ``FIRST_PAINT_PAUSE``, long enough for the page's figure (a table, the file
    field, a diagram) to be built before the filters' widgets take the browser's thread. Both are a fragment's timer,
    which Streamlit's browser side drops when the next full run starts.
    """
    st.session_state[_PAINTED] = True
    st.session_state[_ARMED] = False
    with st.sidebar:
        (_fallback if map_reports else _pause)()


_ARMED = "_laomap_paint_armed"  # the timer's fragment has been drawn (its first call, in the first run)


def _next_run() -> None:
    if st.session_state.get(_ARMED):  # a run of the timer, not the fragment's first call: the full page now
        st.rerun(scope="app")
    st.session_state[_ARMED] = True


@st.fragment(run_every=FIRST_PAINT_FALLBACK)
def _fallback() -> None:
    _next_run()


@st.fragment(run_every=FIRST_PAINT_PAUSE)
def _pause() -> None:
    _next_run()


def flag(key: str) -> bool:
    """A session-only on/off setting (never in the URL): an open panel, the online background."""
    return bool(st.session_state.get(key, False))


def flip(key: str) -> None:
    """Turn ``flag(key)`` over; a button's on_click callback, so the page redraws with the new value."""
    st.session_state[key] = not flag(key)
