"""The dashboard's server: Streamlit's own (``st.App``), with the page's HTML naming the server's address.

Opened at a page's own address (``/map``, a shared link), Streamlit's browser side does not know where its server is:
it asks ``/map/_stcore/health`` and ``/map/_stcore/host-config`` first, gets 404s, and only then tries ``/`` (Streamlit
issue 7074), 0.15-0.27 s of every first visit that does not start at the root (issue 29). The HTML of every page here
sets ``window.__streamlit.BACKEND_BASE_URL``, which Streamlit reads before it looks: the address with the page's own
path taken off, so that a deployment under a prefix (``/atlas/map``) is served as well as one at the root.

``serve.py`` at the project root is what ``streamlit run`` starts (``bin/dashboard``, the browser tests, benchmarks,
deploy/); ``dashboard.py`` stays the script, as tests of the script run it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from laomap.ui.pages import ALIASES, PAGES

Scope = dict[str, Any]

_BASE = """<script>(function () {{
  var path = location.pathname.replace(/\\/+$/, ""), last = path.slice(path.lastIndexOf("/") + 1);
  if ({pages}.indexOf(last) >= 0) path = path.slice(0, path.lastIndexOf("/"));
  window.__streamlit = {{BACKEND_BASE_URL: location.origin + path + "/"}};
}})();</script>"""


@cache
def page_paths() -> tuple[str, ...]:
    """The last part of every page's address (``map``, ``timeline``, an old alias): what is taken off to find the base."""
    return tuple(dict.fromkeys([p.url_path for p in PAGES] + list(ALIASES)))


@cache
def index_html() -> bytes:
    """Streamlit's page with the base address script first in its head (made once: Streamlit's file does not change)."""
    from streamlit import file_util

    html = (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")
    if "<head>" not in html:  # another Streamlit's page: served as it is, the browser finds the server as before
        return html.encode("utf-8")
    return html.replace("<head>", "<head>" + _BASE.format(pages=json.dumps(list(page_paths()))), 1).encode("utf-8")


def is_page(path: str) -> bool:
    """Whether ``path`` is a page's address (the root, ``/map``, ``/atlas/map``), as opposed to a file or a route."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return last == "" or last in page_paths()


class BaseAddress:
    """ASGI middleware: a GET of a page's address gets ``index_html()``; everything else goes to Streamlit."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "GET" or path.startswith("//") or not is_page(path):  # "//x": Streamlit says no
            await self.app(scope, receive, send)
            return
        body = index_html()
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-cache")]})
        await send({"type": "http.response.body", "body": body})
