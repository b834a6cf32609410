"""laomap.ui.serve: a page's address gets Streamlit's page naming the server's base address; nothing else changes."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from laomap.ui.pages import ALIASES, PAGES
from laomap.ui.serve import BaseAddress, index_html, is_page, page_paths


@pytest.mark.parametrize("path", ["/", "/map", "/map/", "/timeline", "/add-document", "/compare", "/atlas/map"])
def test_a_page_address_is_a_page(path):
    assert is_page(path)


@pytest.mark.parametrize("path", ["/_stcore/health", "/map/_stcore/health", "/_stcore/stream", "/static/js/index.js",
                                  "/app/static/vendor/leaflet/leaflet.js", "/component/streamlit_folium.st_folium/index.html",
                                  "/media/abc.png", "/favicon.png", "/maps"])
def test_files_and_routes_are_not_pages(path):
    assert not is_page(path)


def test_every_page_and_alias_is_taken_off_the_address():
    assert set(page_paths()) == {p.url_path for p in PAGES} | set(ALIASES)


def test_the_page_names_the_base_address_before_streamlit_runs():
    html = index_html().decode("utf-8")
    base, bundle = html.index("window.__streamlit"), html.index('<script type="module"')
    assert base < bundle
    assert '"map"' in html and '"history"' in html


def _call(method: str, path: str) -> tuple[list[dict], list[str]]:
    """Run the middleware on one request; what it sent and which paths reached the app behind it."""
    sent: list[dict] = []
    passed: list[str] = []

    async def inner(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    # On a thread of its own: in a pytest process that has run a browser test, this thread has a running event loop
    # (Playwright's), and asyncio.run refuses to start inside one
    call = BaseAddress(inner)({"type": "http", "method": method, "path": path}, receive, send)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, call).result()
    return sent, passed


def test_a_get_of_a_page_is_answered_with_the_page():
    sent, passed = _call("GET", "/map")
    assert passed == []
    assert sent[0]["status"] == 200
    assert (b"cache-control", b"no-cache") in sent[0]["headers"]
    assert sent[1]["body"] == index_html()


@pytest.mark.parametrize(("method", "path"), [("GET", "/_stcore/health"), ("GET", "/static/js/index.js"), ("POST", "/map"),
                                              ("GET", "//map")])
def test_everything_else_goes_to_streamlit(method, path):
    sent, passed = _call(method, path)
    assert passed == [path]
    assert sent == []
