"""The dataset, built once per process and shared by every session and page."""

from __future__ import annotations

import streamlit as st

from ..dataset import Dataset, load_dataset
from ..errors import LaomapError


@st.cache_resource(show_spinner="Reading the plans…")
def _cached(fingerprint: tuple) -> Dataset:
    return load_dataset()


def dataset() -> Dataset:
    """The current dataset; stops the page with a clear message if the inputs are broken."""
    from ..dataset import input_fingerprint

    try:
        return _cached(input_fingerprint())
    except LaomapError as exc:
        st.error(f"The data could not be loaded: {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run
