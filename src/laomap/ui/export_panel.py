"""The Export panel: the current selection as a map image, a slide deck, an offline HTML map, CSV or GeoJSON.

The files are made only when a download button is clicked (Streamlit runs the callable off
the script thread), so choosing a preset or changing a filter costs nothing; the last few
files are kept by what they depend on (data, filter, size, format), so a second click is instant.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable

import streamlit as st

from laomap.errors import LaomapError
from laomap.export.formats import DATA_FORMATS, MIME, data_format
from laomap.export.prepare import prepare
from laomap.i18n import LANGUAGE_NAMES, t
from laomap.maps.presets import PRESETS
from laomap.pipeline.dataset import Dataset
from laomap.ui.session import flag, flip
from laomap.views.filters import Filter

log = logging.getLogger(__name__)


FORMAT_LABELS = {"png": "PNG", "svg": "SVG", "pdf": "PDF"}
_OPEN = "xp_open"  # session flag: the panel is open


CACHE_FILES = 12  # files remembered per dataset, by what they depend on (filter, size, format)


def _remember(ds: Dataset, key: tuple, make: Callable[[], bytes]) -> bytes:
    """The file for ``key``, made once: usable off the script thread (where st.cache_data has no session)."""
    return ds.recent("export-files", CACHE_FILES).get(key, make)


def _image(ds: Dataset, flt: Filter, preset: str, fmt: str) -> bytes:
    from laomap.export.image import export_map  # matplotlib: imported when a file is made, not with the page (issue 29)

    return _remember(ds, ("image", flt, preset, fmt), lambda: export_map(ds, flt, preset=preset, fmt=fmt))


def _html(ds: Dataset, flt: Filter, bare: bool = False) -> bytes:
    from laomap.export.html import export_html

    return _remember(ds, ("html", flt, bare), lambda: export_html(ds, flt, bare=bare))


def _data(ds: Dataset, flt: Filter, fmt: str) -> bytes:
    def make() -> bytes:
        rows = prepare(ds, flt, require=False).rows
        return data_format(fmt).write(ds, rows)

    return _remember(ds, (fmt, flt), make)


def file_stem(ds: Dataset, flt: Filter) -> str:
    """'laomap-energy-houaphanh-ja': what the file holds, in ASCII, for the download's name."""
    parts = [*flt.themes[:3], *flt.places[:2], *flt.documents[:1]]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-") or "all"
    return f"laomap-{slug}-{flt.lang}"


def _safe(make, ds: Dataset, flt: Filter, *args) -> bytes:
    """The file's bytes; an export error is written into a small text file rather than lost off-thread."""
    try:
        return make(ds, flt, *args)
    except LaomapError as exc:  # the button is only shown for a non-empty selection, so this is rare
        return f"laomap could not make this file: {exc}\n".encode()
    except Exception as exc:  # noqa: BLE001 - a bug: still a file that says so, never a traceback off-thread
        log.exception("an export failed")
        return f"laomap could not make this file: an unexpected error ({type(exc).__name__}); the details are in the server log.\n".encode()


def export_toggle(lang: str) -> bool:
    """The button that opens and closes the panel; whether it is open.

    A button, not an expander: an expander's content is built on every run even when closed,
    which cost the Map page about a third of a reference map's load time. Not a toggle: its
    widget code is one more script the browser loads before it mounts the map.
    """
    is_open = flag(_OPEN)
    st.button(t("xp.title", lang), key="xp_button", on_click=flip, args=(_OPEN,), icon=":material/download:",
              type="primary" if is_open else "secondary", use_container_width=True)
    return is_open


def export_panel(ds: Dataset, flt: Filter) -> None:
    """The button and, when open, the panel below it."""
    if export_toggle(flt.lang):
        export_body(ds, flt)


PREVIEW_WIDTH = 360  # px of the thumbnail shown before the download


def export_body(ds: Dataset, flt: Filter) -> None:
    """The panel: size, format and language, a preview of the image, the deck made with progress, and the downloads."""
    lang = flt.lang
    with st.container(border=True, key="xp_panel"):
        try:
            prepare(ds, flt)
        except LaomapError:
            st.info(t("cap.empty", lang))
            return
        st.caption(t("xp.intro", lang))
        options, preview = st.columns([3, 2], gap="medium")
        with options:
            preset = st.selectbox(t("xp.preset", lang), list(PRESETS), format_func=lambda p: PRESETS[p].label(lang), key="xp_preset")
            c2, c3 = st.columns(2)
            fmt = c2.segmented_control(t("xp.format", lang), list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, default="png",
                                       key="xp_format") or "png"
            out_lang = c3.segmented_control(t("xp.lang", lang), list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get,
                                            default=lang, key="xp_lang") or lang
        export = flt.with_(lang=out_lang)
        pins = tuple(st.query_params.get_all("pin"))
        stem = file_stem(ds, export)
        size = preset.replace(":", "x")
        with preview:  # the PNG of the chosen size (the same bytes the PNG download hands over, made once)
            png = _safe(_image, ds, export, preset, "png")
            if png.startswith(b"\x89PNG"):
                st.image(png, width=PREVIEW_WIDTH, caption=t("xp.preview", lang, size=PRESETS[preset].label(out_lang)))
        with options:
            deck = _deck_ready(ds, export, pins)
        buttons = [
            ("xp.image", functools.partial(_safe, _image, ds, export, preset, fmt), f"{stem}-{size}.{fmt}", MIME[fmt],
             ":material/image:", "xp.help_image"),
            *([("xp.deck", deck, f"{stem}.pptx", MIME["pptx"], ":material/slideshow:", "xp.help_deck")] if deck else []),
            ("xp.html", functools.partial(_safe, _html, ds, export), f"{stem}.html", MIME["html"], ":material/public:",
             "xp.help_html"),
            ("xp.html_bare", functools.partial(_safe, _html, ds, export, True), f"{stem}-map.html", MIME["html"], ":material/map:",
             "xp.help_html_bare"),
            *_data_buttons(ds, export, stem),
        ]
        _download_row(buttons, lang, "xp_")


def _deck_ready(ds: Dataset, flt: Filter, pins: tuple[str, ...]) -> bytes | None:
    """The deck's bytes once made; until then a button that makes it, with a progress bar slide by slide."""
    from laomap.export.deck import build_deck  # python-pptx and matplotlib: imported when a deck is made

    key = ("deck", flt, pins)
    if st.session_state.get("xp_deck") == key:
        return _safe(lambda d, f: _remember(d, key, lambda: build_deck(d, f, pins=pins)), ds, flt)
    if not st.button(t("xp.deck_make", flt.lang), key="xp_deck_make", icon=":material/slideshow:", help=t("xp.help_deck", flt.lang)):
        return None
    themes = prepare(ds, flt).themes
    bar = st.progress(0.0, text=t("xp.deck_start", flt.lang))
    done = [0]

    def step(label: str) -> None:
        done[0] += 1
        bar.progress(min(done[0] / (len(themes) + 1), 1.0), text=t("xp.deck_progress", flt.lang, theme=label, i=done[0], n=len(themes)))

    data = _safe(lambda d, f: _remember(d, key, lambda: build_deck(d, f, pins=pins, progress=step)), ds, flt)
    bar.progress(1.0, text=t("xp.deck_done", flt.lang))
    st.session_state["xp_deck"] = key
    return data


Button = tuple[str, Callable[[], bytes], str, str, str, str]  # label key, data, file name, MIME type, icon, help key


def _data_buttons(ds: Dataset, flt: Filter, stem: str) -> list[Button]:
    """One button per registered data format, in the registry's order."""
    return [(f.label_key, functools.partial(_safe, _data, ds, flt, f.name), f.file_name(stem), f.mime, f.icon, f.help_key)
            for f in DATA_FORMATS.values()]


def _download_row(buttons: list[Button], lang: str, key_prefix: str) -> None:
    """One row of download buttons; each file is made only when its button is clicked."""
    row = st.container(horizontal=True, gap="small")
    for label, data, name, mime, icon, help_key in buttons:
        row.download_button(t(label, lang), data=data, file_name=name, mime=mime, icon=icon, help=t(help_key, lang),
                            on_click="ignore", key=f"{key_prefix}{label}", width="content")


def data_downloads(ds: Dataset, flt: Filter) -> None:
    """The selection as CSV (Excel) and GeoJSON, for pages with a table (the same files as the Export panel's).

    Streamlit's own table download is switched off (client.disableDataExport): it writes cells as
    they are, so a cell starting with '=' would become a formula in Excel; these files are guarded.
    """
    _download_row(_data_buttons(ds, flt, file_stem(ds, flt)), flt.lang, "dl_")
