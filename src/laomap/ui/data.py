"""The dataset, built once per process and shared by every session and page, and the selections made from it.

Broken inputs never cost more than they must: a damaged map layer or an unreadable
addition of the user's is left out and said at the top of every page (``Dataset.warnings``,
as a warning box); data that cannot be loaded at all is an error box on the pages that need
it, while the About page, which does not, is still served (``try_dataset``).
"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from laomap import paths
from laomap.errors import LaomapError
from laomap.i18n import t
from laomap.pipeline.dataset import Dataset, load_dataset
from laomap.ui.literal import literal
from laomap.ui.session import language
from laomap.views.filters import Filter, selected

log = logging.getLogger(__name__)


def _cached() -> Dataset:
    """``load_dataset()``: the one cache of the dataset (per input fingerprint), with a spinner while it builds."""
    with st.spinner(t("dt.loading", language())):  # shown only if the build takes a moment (a cache hit does not)
        return load_dataset()


def _load() -> tuple[Dataset | None, str]:
    """(the dataset, "") or (None, why it could not be loaded)."""
    try:
        return _cached(), ""
    except LaomapError as exc:
        return None, exc.text(language())
    except Exception as exc:  # noqa: BLE001 - a page shows a message, never a traceback
        log.exception("the dataset could not be built")
        return None, t("dt.unexpected", language(), what=type(exc).__name__)


def _show_error(reason: str, head_key: str) -> None:
    lang = language()
    where = {"documents": paths.documents_dir(), "geodata": paths.geodata_dir(), "user": paths.user_data_dir()}
    help_text = t("dt.help", lang, **{k: str(v) for k, v in where.items()})
    if head_key == "dt.error":
        help_text += " " + t("dt.about", lang)
    st.error(f"**{t(head_key, lang)}**\n\n{t('dt.reason', lang)}: {literal(reason)}\n\n{literal(help_text)}", icon=":material/error:")


def show_warnings(ds: Dataset) -> None:
    """What was left out of the data (a damaged map layer, the user's additions), as one warning box."""
    if ds.warnings:
        lang = language()
        items = "\n".join(f"- {literal(w)}" for w in ds.warnings)
        st.warning(f"**{t('dt.warnings', lang)}**\n\n{items}", icon=":material/warning:")


def _checked(head_key: str) -> Dataset | None:
    """The current dataset with its warnings shown, or None after an error box headed ``head_key``."""
    ds, reason = _load()
    if ds is None:
        _show_error(reason, head_key)
        return None
    show_warnings(ds)
    return ds


def try_dataset() -> Dataset | None:
    """The current dataset, or None after an error box, for a page that can do without it (About)."""
    return _checked("dt.error_about")


def dataset() -> Dataset:
    """The current dataset; stops the page with a clear message if the inputs are broken."""
    ds = _checked("dt.error")
    if ds is None:
        st.stop()
        raise AssertionError("unreachable: st.stop() ends the script run")
    return ds


def loaded_dataset() -> Dataset | None:
    """The dataset if it loads, else None, silently: for what is drawn after a page that has said why."""
    try:
        return _cached()
    except Exception:  # noqa: BLE001 - the page has already shown the reason
        return None


def selection(ds: Dataset, flt: Filter) -> pd.DataFrame:
    """The statements of ``flt`` (``views.filters.selected``: remembered per dataset and filter; do not change the frame)."""
    return selected(ds, flt)
