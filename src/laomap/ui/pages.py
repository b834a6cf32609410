"""The page registry: every page of the dashboard, once. ``dashboard.py`` navigates over it and the
tests that visit every page read it, so a new page is one file in ``app_pages/`` and one line here.

The folder is not called ``pages/``: Streamlit takes a folder of that name for an old-style
multipage app, and a first visit to ``/map`` on a fresh server then showed "Page not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from laomap.i18n import t


@dataclass(frozen=True)
class PageSpec:
    """A page: its script, its title's catalog key, its icon, the path of its URL and what the page tests check."""

    script: str  # relative to the project root
    title_key: str
    icon: str
    url_path: str
    heading_key: str | None = None  # its own heading's catalog key (what the page tests expect); None: it draws its own screens
    needs_data: bool = True  # False: the page is served when the plans cannot be loaded (About)
    default: bool = False

    def title(self, lang: str) -> str:
        return t(self.title_key, lang)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/overview.py", "nav.overview", ":material/dashboard:", "overview", "nav.overview", default=True),
    PageSpec("app_pages/map.py", "nav.map", ":material/map:", "map", "mp.title"),
    PageSpec("app_pages/timeline.py", "nav.timeline", ":material/timeline:", "timeline", "tp.title"),
    PageSpec("app_pages/commitments.py", "nav.commitments", ":material/list_alt:", "statements", "st.title"),
    PageSpec("app_pages/history.py", "nav.history", ":material/history:", "history", "hi.title"),
    PageSpec("app_pages/about.py", "nav.about", ":material/info:", "about", "ab.title", needs_data=False),
    PageSpec("app_pages/add_document.py", "nav.add_document", ":material/upload_file:", "add-document", "ad.title"),
    PageSpec("app_pages/present.py", "nav.present", ":material/slideshow:", "present"),  # full-screen steps (tests/test_present_page.py)
)

# Old addresses that still open a page: the Compare page grew into the History page (issue 15)
ALIASES = {"compare": "history"}


def route_default_path() -> None:
    """Serve the default page at its own path too (``/overview``), not only at the root.

    Streamlit serves the default page at ``/`` only, and answers its ``url_path`` with
    "Page not found"; a link or bookmark to ``/overview`` must open the Overview. An old
    address (``ALIASES``: ``/compare``) opens the page that took its place. Called by
    dashboard.py before ``st.navigation`` resolves the page asked for.
    """
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # a Streamlit without this internal: /overview stays unknown
        return
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    default = next((p for p in PAGES if p.default), PAGES[0])
    if manager is None or manager.intended_page_script_hash:
        return
    if manager.intended_page_name == default.url_path:
        manager.set_script_intent("", "")
    elif manager.intended_page_name in ALIASES:  # /compare opens /history, with its query
        manager.set_script_intent("", ALIASES[manager.intended_page_name])


def page(script: str) -> PageSpec:
    """The registered page of a script ('app_pages/map.py'); KeyError names the registered ones."""
    for spec in PAGES:
        if spec.script == script:
            return spec
    raise KeyError(f"{script!r} is not a registered page: expected one of {', '.join(p.script for p in PAGES)}.")
