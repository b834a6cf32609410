"""Share / embed: the permalink and the embeddable map's address carry the filter; the bare map is the map alone."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

from laomap import Filter
from laomap.export.html import html_map
from laomap.ui.pages import PAGES
from laomap.views.share import app_root, share_links

from .apptest import map_data, open_app

PATHS = tuple(p.url_path for p in PAGES)
FLT = Filter(themes=("energy", "health"), places=("houaphanh",), year_from=2016, lang="ja")


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_permalink_restores_the_filter_and_the_page(ds):
    links = share_links("https://atlas.example.org/laomap/overview", "overview", FLT, PATHS, "地図")
    assert links.permalink.startswith("https://atlas.example.org/laomap/overview?")
    assert Filter.from_query(_query(links.permalink), ds) == FLT


def test_the_embed_address_is_the_bare_map_in_embed_mode_with_the_same_filter(ds):
    links = share_links("http://localhost:8501/map", "map", FLT, PATHS, "地図")
    assert links.embed_url.startswith("http://localhost:8501/map?")
    q = _query(links.embed_url)
    assert q["bare"] == ["1"] and q["embed"] == ["true"]
    assert Filter.from_query({k: v for k, v in q.items() if k not in ("bare", "embed")}, ds) == FLT
    assert links.iframe.startswith('<iframe src="http://localhost:8501/map?') and 'title="地図"' in links.iframe
    assert "&amp;" in links.iframe and "&bare" not in links.iframe  # the address escaped inside the attribute


def test_the_root_is_found_under_a_prefix_and_at_the_default_page():
    assert app_root("https://host/laomap/history", PATHS) == "https://host/laomap"
    assert app_root("https://host/laomap/", PATHS) == "https://host/laomap"
    assert app_root("http://localhost:8501", PATHS) == "http://localhost:8501"


def test_an_unfiltered_view_has_no_query():
    assert share_links("http://h/map", "map", Filter(), PATHS, "t").permalink == "http://h/map"


def test_a_title_cannot_break_out_of_the_snippet():
    links = share_links("http://h/map", "map", Filter(), PATHS, '"><script>alert(1)</script>')
    assert "<script>" not in links.iframe and "&quot;&gt;&lt;script&gt;" in links.iframe


def test_the_map_page_offers_share_and_embed_and_the_bare_view_is_the_map_alone():
    at = open_app("app_pages/map.py", theme="energy")
    codes = [c.value for c in at.main.get("code")]
    assert any(c.endswith("/map?theme=energy") for c in codes)
    assert any(c.startswith("<iframe src=") and "bare=1&amp;embed=true" in c for c in codes)
    bare = open_app("app_pages/map.py", theme="energy", bare="1")
    assert map_data(bare)  # the map is drawn
    for kind in ("title", "header", "subheader", "markdown", "caption", "button", "code", "download_button", "popover"):
        assert not bare.main.get(kind), kind
    assert not bare.sidebar.get("multiselect")  # no filters beside it


def test_the_offline_map_only_has_no_title_band_or_footer_but_its_legend(ds):
    full = html_map(ds, Filter(themes=("energy",)), today=date(2026, 12, 1))
    bare = html_map(ds, Filter(themes=("energy",)), today=date(2026, 12, 1), bare=True)
    assert 'class="lx-head"' in full and 'class="lx-foot"' in full
    assert 'class="lx-head"' not in bare and 'class="lx-foot"' not in bare
    assert "lm-legend" in bare and "<title>" in bare
