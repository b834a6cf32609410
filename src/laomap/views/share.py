"""Share / embed: the permalink of a view and an ``<iframe>`` snippet of its map alone.

A view is its page and its filter (the filters are already in the URL), so the permalink is
the page's address with the filter's query. The embeddable view is the Map page with
``bare=1`` (the page draws the map and its legend and nothing else, the dashboard leaves out
its sidebar) and ``embed=true`` (Streamlit's embed mode: no toolbar, header or footer).
Pure functions: the ui passes in the address the browser shows (``st.context.url``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from laomap.templates import render
from laomap.views.filters import Filter

BARE = "bare"  # the URL parameter of the chrome-free map view
MAP_PATH = "map"
EMBED_SIZE = (800, 600)  # the snippet's width and height in CSS pixels: the map keeps its legend readable there


@dataclass(frozen=True)
class ShareLinks:
    permalink: str  # this page with this filter
    embed_url: str  # the map alone with this filter
    iframe: str  # an HTML snippet that embeds ``embed_url``


def app_root(url: str, page_paths: tuple[str, ...]) -> str:
    """The dashboard's root address from the address of one of its pages (a deployment may serve it under a prefix)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in page_paths:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _query(flt: Filter, extra: dict[str, str] | None = None) -> str:
    q = {**flt.to_query(), **({k: [v] for k, v in (extra or {}).items()})}
    return urlencode(q, doseq=True)


def share_links(url: str, page_path: str, flt: Filter, page_paths: tuple[str, ...], title: str) -> ShareLinks:
    """The links of the view at ``url`` (the page ``page_path``, "" for the default page) with the filter ``flt``."""
    root = app_root(url, page_paths)
    page = f"{root}/{page_path}" if page_path else f"{root}/"
    query = _query(flt)
    permalink = f"{page}?{query}" if query else page
    embed_url = f"{root}/{MAP_PATH}?{_query(flt, {BARE: '1', 'embed': 'true'})}"
    w, h = EMBED_SIZE
    iframe = render("embed_iframe.html", src=embed_url, title=title, width=w, height=h)
    return ShareLinks(permalink, embed_url, iframe)
