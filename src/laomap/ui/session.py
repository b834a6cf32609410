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


def flag(key: str) -> bool:
    """A session-only on/off setting (never in the URL): an open panel, the online background."""
    return bool(st.session_state.get(key, False))


def flip(key: str) -> None:
    """Turn ``flag(key)`` over; a button's on_click callback, so the page redraws with the new value."""
    st.session_state[key] = not flag(key)
