"""The atlas map inside a page: streamlit-folium around ``maps.web.build_map``, clicks wired to the place filter.

The map shows the selection *without* the place filter (so one can see every province and
click another one) and outlines the selected place; the rest of the page follows the full
filter. Only the clicked object is returned to Python (``RETURNED``): panning and zooming
never rerun the script.
"""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

import folium
import folium.elements
import streamlit as st
from streamlit_folium import (
    _component_func,
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from laomap.i18n import t
from laomap.maps.web import atlas_parts, build_map, detach_atlas, place_for_click, selection_layer
from laomap.pipeline.dataset import Dataset
from laomap.templates import Markup, render
from laomap.ui.data import selection
from laomap.ui.session import first_paint, map_drawn
from laomap.ui.state import flag, flip, toggle_place
from laomap.views import captions
from laomap.views.filters import Filter
from laomap.views.layers import MapLayers, map_layers
from laomap.views.share import share_links

RETURNED = ["last_object_clicked", "last_object_clicked_tooltip"]
FIRST_PAINT = "laomap_first_paint"  # a key of the map's value in a first run only (see atlas_map)
# The map's frame as tall as the screen under the page header (about 200 px), so all of it is seen at once on a
# 1280×720 projector as on a 1920×1080 screen; the map inside fills the frame (build_map's ``fill``).
FIT_SCREEN_CSS = ('iframe[title="streamlit_folium.st_folium"] { height: clamp(360px, calc(100vh - 205px), 940px) !important; }')


# The embeddable map fills its frame: Streamlit's embed mode takes away the header and padding, the page adds nothing.
BARE_CSS = ('iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 8px) !important; }'
            ' .block-container, [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }')


MAP_LAYERS = 32  # the map's layers remembered per dataset, by filter: a rerun that changes no filter makes none again
MAP_ARGS = 16  # the maps as sent to the browser (~200 KB each), per filter and view, shared by every session


def fit_screen_html() -> str:
    """The style that makes a ``fit_screen`` map's frame as tall as the screen (for ``page_header(after=…)``)."""
    return render("style_tags.html", sheets=[Markup(FIT_SCREEN_CSS)])


def map_selection(ds: Dataset, flt: Filter) -> MapLayers:
    """The layers the map draws for the current filter (everything but the place filter), made once per filter."""
    shown = flt.with_(places=())
    return ds.recent("map-layers", MAP_LAYERS).get(shown, lambda: map_layers(ds, selection(ds, shown), flt.lang))


def _links(element: Any, kind: str) -> list[str]:
    """The stylesheets (``kind="default_css"``) or scripts a map's elements ask for, in order, each once."""
    found = [href for _, href in getattr(element, kind, [])] if isinstance(element, folium.elements.JSCSSMixin) else []
    for child in getattr(element, "_children", {}).values():
        found += _links(child, kind)
    return list(dict.fromkeys(found))


def folium_args(m: folium.Map, key: str) -> dict[str, Any]:
    """What ``st_folium(m, key=key, returned_objects=RETURNED)`` sends the browser for the map itself.

    Made with streamlit-folium's own helpers in its own order (a test compares the two), so that ``atlas_map`` can
    keep it per filter and view for every session: folium compiles a dozen Jinja templates and serialises ~190 KB for
    every map, 0.1-0.2 s of a run's server time before the map's element can leave (issue 29).
    """
    m.get_root().render()
    m.render()
    html, header, leaflet = _get_html(m), _get_header(m), _get_map_string(m)
    return {"script": leaflet, "header": header, "html": html, "id": get_full_id(m), "key": generate_js_hash(leaflet, key, False),
            "default": dict.fromkeys(RETURNED), "css_links": _links(m, "default_css"), "js_links": _links(m, "default_js")}


# streamlit-folium draws its ``script`` once per frame; of a later render it evaluates only ``feature_group`` (when
# it changed). So the frame's script is the bare map (its view), and the selection's drawing travels in
# ``feature_group`` with the selected place's outline: a new filter redraws the map in the frame that shows it, on the
# same element (Leaflet's map made anew there, its clicks wired as streamlit-folium wires its first), instead of a new
# frame loading its page, streamlit-folium and Leaflet again (issue 29); a new selected place (only the outline
# changed) leaves the map, its view and its open popup alone. ``window.__laomapDrawn`` names the drawing shown.
_REDRAW = """(function () {
  if (window.__laomapDrawn === "%(digest)s") { return; }
  var %(name)s = window.map;
  if (window.__laomapDrawn) {
    %(name)s.remove();
    %(name)s = (function () { %(bare)s
    return %(name)s; })();
    window.map = window.%(name)s = %(name)s;
    window.feature_group = [];
    window.initComponent(%(name)s, false);
  }
  window.__laomapDrawn = "%(digest)s";
  %(drawing)s
})();
"""


def frame_args(m: folium.Map, key: str, view: tuple) -> dict[str, Any]:
    """What ``atlas_map`` sends for a ``build_map`` map: the bare map as st_folium would send it (``folium_args``),
    its component key the same for every filter of a ``view`` (so the frame stays), and the selection's drawing
    (``drawing``, for ``feature_group``); the map's text is sent once, as before (~200 KB)."""
    atlas = detach_atlas(m)
    args = folium_args(m, key)
    style, drawing = atlas_parts(atlas)
    digest = hashlib.sha256(drawing.encode()).hexdigest()[:20]
    redraw = _REDRAW % {"digest": digest, "name": get_full_id(m), "bare": args["script"], "drawing": drawing}
    return {**args, "header": args["header"] + style, "key": generate_js_hash(args["script"], f"{key}{view!r}", False),
            "drawing": redraw}


def group_script(group: folium.FeatureGroup) -> str:
    """The script of a layer st_folium adds to its map in the browser (``feature_group_to_add``); it names the map
    ``map_div`` whatever the map, so it is made apart from the map (a new selected place draws no map again)."""
    return _get_feature_group_string(group, map=folium.Map(tiles=None), idx=0)


def _clicked(layers: MapLayers, key: str, component_key: str) -> None:
    st.session_state[key] = st.session_state.get(component_key, {})  # as st_folium's own callback does
    toggle_place(place_for_click(layers, st.session_state.get(key)))


def atlas_map(ds: Dataset, flt: Filter, *, key: str, height: int = 620, tiles: bool = False, compact: bool = False,
              trays: bool = True, fit_screen: bool = False) -> MapLayers:
    """Draw the map; a click on a province, city or line selects it in the shared filter.

    ``trays=False``: the page lists the whole-country statements beside the map, so the map's own box starts folded.
    ``fit_screen``: the map is as tall as the screen below the page's header (``height`` is then only its first size);
    the page draws ``fit_screen_html()`` with its header (one element fewer).
    """
    layers = map_selection(ds, flt)
    shown = flt.with_(places=())
    view = (height, tiles, compact, trays, fit_screen, flt.lang)  # a new view (or language) is a new frame
    args = ds.recent("map-args", MAP_ARGS).get((shown, key, *view), lambda: frame_args(
        build_map(layers, ds, tiles=tiles, height=height, compact=compact, trays=trays, fill=fit_screen), key, view))
    # The selected place is outlined by a layer added in the browser: the map itself does not change, so a
    # click that selects a province keeps the map, its view and the popup it opened.
    outline = ds.recent("map-outlines", MAP_ARGS).get((shown, frozenset(flt.places)),
                                                      lambda: group_script(selection_layer(layers, flt.places)))
    drawing = args["drawing"]
    first = first_paint()
    if first:
        # st_folium's frame sends its value once it has drawn the map when that value differs from the default: a
        # default it never sends makes the frame ask for the next run, the one that draws the rest (ui/session.py)
        args = {**args, "default": {**args["default"], FIRST_PAINT: True}}
    _component_func(**{k: v for k, v in args.items() if k != "drawing"}, feature_group=drawing + outline, height=height,
                    width=None, returned_objects=RETURNED, zoom=None,
                    center=None, return_on_hover=False, layer_control=None, pixelated=False, wrap_longitude=False,
                    on_change=partial(_clicked, layers, key, args["key"]))
    if first:
        map_drawn()
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
