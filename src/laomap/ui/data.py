"""The dataset, built once per process and shared by every session and page, and the selections made from it."""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from ..dataset import Dataset, load_dataset
from ..errors import LaomapError
from ..filters import Filter, apply

_SELECTIONS = 64  # filters remembered (a few per user and page)
_selections: OrderedDict[tuple, tuple[Dataset, pd.DataFrame]] = OrderedDict()
_lock = threading.Lock()


@st.cache_resource(show_spinner="Reading the plans…")
def _cached(fingerprint: tuple) -> Dataset:
    return load_dataset()


def _through_navigation() -> None:
    """Make sure the page runs under dashboard.py's ``st.navigation``, even for the first link after a restart.

    Until some session has run dashboard.py, Streamlit treats a folder named ``pages/`` as
    an old-style multipage app: a first visit to ``/map`` would run pages/map.py on its own,
    without the dashboard's navigation and page titles. Running the script again after
    clearing that mode lets dashboard.py route the same URL to the same page.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without this internal: nothing to repair
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def dataset() -> Dataset:
    """The current dataset; stops the page with a clear message if the inputs are broken."""
    from ..dataset import input_fingerprint

    _through_navigation()
    try:
        return _cached(input_fingerprint())
    except LaomapError as exc:
        st.error(f"The data could not be loaded: {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run


def selection(ds: Dataset, flt: Filter) -> pd.DataFrame:
    """``filters.apply(ds, flt)``, remembered per dataset and filter: every rerun of every page asks for it.

    The frame is shared between sessions: callers must not change it (copy it first).
    """
    key = (id(ds), flt)
    with _lock:
        hit = _selections.get(key)
        if hit is not None and hit[0] is ds:
            _selections.move_to_end(key)
            return hit[1]
    rows = apply(ds, flt)
    with _lock:
        _selections[key] = (ds, rows)
        while len(_selections) > _SELECTIONS:
            _selections.popitem(last=False)
    return rows
