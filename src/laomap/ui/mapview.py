"""The atlas map inside a page: streamlit-folium around ``maps.web.build_map``, clicks wired to the place filter.

The map shows the selection *without* the place filter (so one can see every province and
click another one) and outlines the selected place; the rest of the page follows the full
filter. Only the clicked object is returned to Python (``RETURNED``): panning and zooming
never rerun the script.
"""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from laomap.i18n import t
from laomap.maps.web import build_map, place_for_click, selection_layer
from laomap.pipeline.dataset import Dataset
from laomap.templates import Markup, render
from laomap.ui.data import selection
from laomap.ui.state import flag, flip, toggle_place
from laomap.views import captions
from laomap.views.filters import Filter
from laomap.views.layers import MapLayers, map_layers
from laomap.views.share import share_links

RETURNED = ["last_object_clicked", "last_object_clicked_tooltip"]
# The map's frame as tall as the screen under the page header (about 200 px), so all of it is seen at once on a
# 1280×720 projector as on a 1920×1080 screen; the map inside fills the frame (build_map's ``fill``).
FIT_SCREEN_CSS = ('iframe[title="streamlit_folium.st_folium"] { height: clamp(360px, calc(100vh - 205px), 940px) !important; }')


# The embeddable map fills its frame: Streamlit's embed mode takes away the header and padding, the page adds nothing.
BARE_CSS = ('iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 8px) !important; }'
            ' .block-container, [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }')


MAP_LAYERS = 32  # the map's layers remembered per dataset, by filter: a rerun that changes no filter makes none again


def fit_screen_html() -> str:
    """The style that makes a ``fit_screen`` map's frame as tall as the screen (for ``page_header(after=…)``)."""
    return render("style_tags.html", sheets=[Markup(FIT_SCREEN_CSS)])


def map_selection(ds: Dataset, flt: Filter) -> MapLayers:
    """The layers the map draws for the current filter (everything but the place filter), made once per filter."""
    shown = flt.with_(places=())
    return ds.recent("map-layers", MAP_LAYERS).get(shown, lambda: map_layers(ds, selection(ds, shown), flt.lang))


def _clicked(layers: MapLayers, key: str) -> None:
    toggle_place(place_for_click(layers, st.session_state.get(key)))


def atlas_map(ds: Dataset, flt: Filter, *, key: str, height: int = 620, tiles: bool = False, compact: bool = False,
              trays: bool = True, fit_screen: bool = False) -> MapLayers:
    """Draw the map; a click on a province, city or line selects it in the shared filter.

    ``trays=False``: the page lists the whole-country statements beside the map, so the map's own box starts folded.
    ``fit_screen``: the map is as tall as the screen below the page's header (``height`` is then only its first size);
    the page draws ``fit_screen_html()`` with its header (one element fewer).
    """
    layers = map_selection(ds, flt)
    m = build_map(layers, ds, tiles=tiles, height=height, compact=compact, trays=trays, fill=fit_screen)
    # The selected place is outlined by a layer added in the browser: the map itself does not change, so a
    # click that selects a province keeps the map, its view and the popup it opened.
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=RETURNED,
              feature_group_to_add=selection_layer(layers, flt.places), on_change=partial(_clicked, layers, key))
    return layers


_TILES = "osm"  # session flag: whether the OpenStreetMap background is on (off by default, never in the URL)


def tiles_on() -> bool:
    return flag(_TILES)


def tiles_button(lang: str) -> None:
    """Turn the online OpenStreetMap background on or off (a button, not a toggle: one widget kind fewer to load)."""
    st.button(t("ui.tiles_off" if tiles_on() else "ui.tiles", lang), key="osm_button", on_click=flip, args=(_TILES,),
              help=t("ui.tiles_help", lang), type="primary" if tiles_on() else "secondary", use_container_width=True)


def bare_map(ds: Dataset, flt: Filter) -> None:
    """The map and its legend alone, as tall as the frame (``?bare=1``, the view the embed snippet shows)."""
    st.html(render("style_tags.html", sheets=[Markup(BARE_CSS)]))
    atlas_map(ds, flt, key="map_bare", height=600, trays=True)


def share_button(flt: Filter, page_path: str) -> None:
    """"Share / embed": the permalink of this view and an <iframe> snippet of its map alone, ready to copy."""
    from laomap.ui.pages import PAGES

    lang = flt.lang
    links = share_links(st.context.url or "", page_path, flt, tuple(p.url_path for p in PAGES), captions.title(flt, lang))
    with st.popover(t("share.button", lang), icon=":material/share:", use_container_width=True):
        st.markdown(f"**{t('share.permalink', lang)}**")
        st.code(links.permalink, language=None, wrap_lines=True)
        st.markdown(f"**{t('share.embed', lang)}**")
        st.code(links.iframe, language="html", wrap_lines=True)
        st.caption(t("share.embed_help", lang))
