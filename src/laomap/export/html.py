"""A self-contained interactive HTML map: one file that opens offline, in any browser.

It is the dashboard's folium map (``webmap.build_map``) with Leaflet's script and stylesheet
read from ``static/vendor/leaflet`` at export time and written into the page, and the few
images Leaflet's stylesheet refers to turned into data URIs, and the Japanese and Lao glyphs its text uses
embedded as fonts (``fontembed``), so the file loads nothing from anywhere and reads without such fonts installed. Around the map: the title, the filters, the counts, the sources and the date, unless
``bare``: then the page is the map and its legend alone (to place in a page or a slide, like the
dashboard's embeddable view).
"""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium

from laomap import paths
from laomap.errors import ExportError
from laomap.export.fontembed import font_face_css, page_characters
from laomap.export.prepare import prepare
from laomap.maps.web import build_map
from laomap.style import colours
from laomap.templates import Markup, render, stylesheet
from laomap.views import captions
from laomap.views.filters import Filter

if TYPE_CHECKING:
    from laomap.pipeline.dataset import Dataset
    from laomap.views.layers import MapLayers


VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')


def leaflet_dir() -> Path:
    return paths.PROJECT_ROOT / "static" / "vendor" / "leaflet"


def leaflet_assets(folder: Path | None = None) -> tuple[str, str]:
    """Leaflet's JavaScript and CSS, ready to inline: images as data URIs, no closing tags inside."""
    folder = Path(folder or leaflet_dir())
    try:
        js = (folder / "leaflet.js").read_text(encoding="utf-8")
        css = (folder / "leaflet.css").read_text(encoding="utf-8")
    except OSError:
        raise ExportError.of("err.leaflet_missing", folder=str(folder)) from None

    def inline(match: re.Match[str]) -> str:
        image = folder / "images" / match.group(2)
        if not image.is_file():
            return "none"  # a missing decoration must not turn into a request
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    css = re.sub(r"url\((['\"]?)images/([\w.@-]+\.png)\1\)", inline, css)
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


_PAGE_CSS = stylesheet("export_page.css", **colours())


def _header(ds: Dataset, flt: Filter, layers: MapLayers, today: date) -> tuple[str, str]:
    """The page's title band (title, filters, counts) and footer (sources, date): ``templates/export_page.html``."""
    lang = layers.lang
    head = render("export_page.html", part="header", title=captions.title(flt, lang),
                  filters=captions.filter_summary(ds, flt, lang), counts=captions.counts_line(layers))
    foot = render("export_page.html", part="footer", source=captions.source_line(ds, layers.statements, lang),
                  exported=captions.exported_line(today, lang))
    return head, foot


def html_map(ds: Dataset, flt: Filter, *, today: date | None = None, assets: tuple[str, str] | None = None,
             bare: bool = False) -> str:
    """The standalone page for a selection (``bare``: the map alone); ExportError for an empty selection or missing Leaflet."""
    layers = prepare(ds, flt).layers
    js, css = assets or leaflet_assets()
    m = build_map(layers, ds, inline_assets=(js, css))
    root: Any = m.get_root()  # a branca Figure: its header and html parts
    head, foot = _header(ds, flt, layers, today or date.today())
    root.header.add_child(folium.Element(render("export_page.html", part="head", title=captions.title(flt, flt.lang),
                                                css=Markup(_PAGE_CSS))), name="lx_page")
    if not bare:
        root.html.add_child(folium.Element(head), name="lx_head", index=0)
        root.html.add_child(folium.Element(foot), name="lx_foot")
    page: str = root.render()
    # the Japanese and Lao glyphs the file shows, embedded: it reads on a machine without such fonts (export.fontembed)
    fonts = font_face_css(page_characters(page))
    if fonts:
        page = page.replace("</head>", render("style_tags.html", sheets=[Markup(fonts)]) + "\n</head>", 1)
    # folium's page forbids zooming (user-scalable=no): a reader who needs 200 % must be able to pinch (WCAG 1.4.4)
    page = VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1" />', page, count=1)
    return page.replace("<html>", render("export_page.html", part="open", lang=flt.lang), 1)


def export_html(ds: Dataset, flt: Filter, *, today: date | None = None, bare: bool = False) -> bytes:
    """The standalone page as UTF-8 bytes, ready for ``atomic.write_bytes`` or a download."""
    return html_map(ds, flt, today=today, bare=bare).encode("utf-8")
