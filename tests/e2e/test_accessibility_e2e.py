"""WCAG 2.1 AA, checked by axe-core in Chromium on every page of the registry, in English and Japanese, on a
laptop (1366×768) and a phone (390×844), inside the map's and every component's frame too.

axe-core is installed by ``bin/setup --with-tests`` from the npm registry (pinned in web-assets.txt) into
build/vendor/axe-core; it is never committed. A failure prints each rule, the elements it found and the fix.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from laomap import style
from laomap.i18n import t
from laomap.ui.pages import PAGES

from .conftest import ROOT, drawn, settled
from .test_dashboard import until

pytestmark = pytest.mark.e2e

AXE = ROOT / "build/vendor/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}
# AXE_REPORT=path appends each page's counts as a JSON line (how the before/after figures are measured).
REPORT = os.environ.get("AXE_REPORT")

RUN = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      const el = document.querySelector(n.target.join(' '));
      return {target: n.target.join(' '), html: n.html.slice(0, 160), fix: n.failureSummary,
              text: el ? (el.innerText || '').slice(0, 200) : ''};
    })}));
}"""


def page_ready(page: Page, lang: str, spec) -> None:
    """The page has run (the sidebar is drawn after it) and each of its frames has loaded; the map has its provinces."""
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text(spec.title(lang), timeout=30_000)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(t("filters", lang), timeout=30_000)
    expect(page.locator("[data-lm-pending]")).to_have_count(0, timeout=30_000)  # not the note: the filters have come
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)  # no element left over from a rerun
    # the page's own script has run (ui.look.declare_language: the language, and the accessibility sheet in the head)
    assert until(lambda: page.evaluate("!!document.getElementById('lm-a11y-css')")), "the page's accessibility script did not run"

    def frames_loaded() -> bool:
        for el in page.locator("iframe").element_handles():
            frame = el.content_frame()
            if frame is None or frame.evaluate("document.readyState") != "complete":
                return False
            if "folium" in (el.get_attribute("title") or "") and not frame.evaluate(
                    "document.querySelectorAll('.leaflet-overlay-pane path').length >= 17"):
                return False
        return True

    assert until(frames_loaded), "a frame of the page did not finish loading"


def violations_in(frame: Frame) -> list[dict]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules in one frame (axe injected into it)."""
    if not frame.evaluate("typeof window.axe !== 'undefined'"):
        frame.add_script_tag(path=str(AXE))
    return frame.evaluate(RUN, TAGS)


def report(found: list[tuple[str, dict]]) -> str:
    lines = []
    for where, v in found:
        lines.append(f"[{v['impact']}] {v['id']} in {where}: {v['help']}")
        for node in v["nodes"][:6]:
            lines.append(f"    element: {node['target']}  {node['html']}" + (f"  text: {node['text']!r}" if node["text"] else ""))
            lines.append("    fix: " + " / ".join(x.strip() for x in node["fix"].splitlines()[1:] if x.strip()))
        if len(v["nodes"]) > 6:
            lines.append(f"    ... and {len(v['nodes']) - 6} more elements")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_present() -> Path:
    assert AXE.is_file(), f"axe-core is missing ({AXE}): run bin/setup --with-tests"
    return AXE


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "ja", "lo"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_no_wcag_violation_on_the_page_and_in_its_frames(page: Page, app_url, axe_present, spec, lang, viewport):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/{'' if spec.default else spec.url_path}?lang={lang}")
    page_ready(page, lang, spec)
    # the page and every frame in it say the interface language (the map's frame too)
    assert until(lambda: all(f.evaluate("document.documentElement.lang") == lang for f in page.frames
                             if not f.is_detached() and f.url not in ("", "about:blank"))), \
        {f.url[:60]: f.evaluate("document.documentElement.lang") for f in page.frames if not f.is_detached()}
    found = []
    for frame in page.frames:
        if frame.is_detached() or frame.url in ("", "about:blank"):
            continue
        where = "the page" if frame is page.main_frame else f"frame {frame.name or frame.url[:60]}"
        found += [(where, v) for v in violations_in(frame)]
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as out:
            out.write(json.dumps({"page": spec.url_path, "lang": lang, "viewport": viewport,
                                  "nodes": sum(len(v["nodes"]) for _, v in found),
                                  "rules": {v["id"]: len(v["nodes"]) for _, v in found}}) + "\n")
    assert not found, f"{sum(len(v['nodes']) for _, v in found)} violations on /{spec.url_path} ({lang}, {viewport}):\n" + report(found)
    # two more checks on the page already loaded (each page load is most of a case's time): the phone narrowed to 320 px
    # in Japanese (the longest words), and, last because it strips the page's sheet, the captions without it in English
    if (lang, viewport) == ("ja", "phone"):
        reflows_at_320_px(page, spec)
    if (lang, viewport) == ("en", "laptop"):
        captions_and_kicker_read_without_the_page_s_script_or_sheet(page)


def test_no_violation_with_a_statement_shown_in_full(page: Page, app_url, axe_present, ds):
    """The Statements page in the state the walk above does not reach: one statement chosen, its detail drawn."""
    sid = ds.commitments.statement_id.iloc[0]
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/statements?lang=en&stmt={sid}")
    page_ready(page, "en", next(p for p in PAGES if p.url_path == "statements"))
    expect(page.locator("h2.lm-sr")).to_have_count(1, timeout=30_000)
    found = [("the page", v) for v in violations_in(page.main_frame)]
    assert not found, report(found)


def test_the_check_finds_a_violation(page: Page, axe_present):
    """Guards the check itself: an image without a text alternative and grey-on-white text are reported."""
    page.set_content('<html lang="en"><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<p style="color:#aaa">pale</p></main></body></html>')
    ids = {v["id"] for v in violations_in(page.main_frame)}
    assert {"image-alt", "color-contrast"} <= ids, ids


STOP = """() => { const el = document.activeElement; if (!el || el === document.body) { return null; }
  return (el.getAttribute('aria-label') || el.innerText || el.getAttribute('title') || el.tagName).trim().split('\\n')[0]; }"""


def map_stops(frame: Frame, limit: int = 80) -> list[str]:
    """Tab from the map's own box through everything the keyboard reaches in the frame, in order (each stop's name)."""
    frame.locator("#map_div").focus()
    stops = [frame.evaluate(STOP)]
    for _ in range(limit):
        frame.page.keyboard.press("Tab")
        name = frame.evaluate(STOP)
        if name is None or name == stops[0]:
            break
        stops.append(name)
    return stops


def test_the_map_from_the_keyboard(page: Page, app_url, ds):
    """Every province and place is a named stop in reading order; Enter selects as a click does; no unnamed shape is a stop."""
    from laomap.maps.web import area_name, tooltip_text
    from laomap.views.filters import Filter, apply
    from laomap.views.layers import map_layers

    from .test_dashboard import map_frame

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/map")
    settled(page)  # the whole page, not a first visit's first run (its filters follow the map: ui/session.first_paint)
    frame = map_frame(page)
    stops = map_stops(frame)
    print("\nkeyboard path on the Map page:\n  " + "\n  ".join(f"{i}. {s}" for i, s in enumerate(stops, 1)))
    layers = map_layers(ds, apply(ds, Filter()), "en")
    houaphanh = next(a for a in layers.areas if a.place_id == "houaphanh")
    name = tooltip_text(area_name(houaphanh, "en"), houaphanh.count, "en")  # "Houaphanh Province · 1 statement"
    provinces = [s for s in stops if s.endswith(("statement", "statements")) and ("Province" in s or "Capital" in s)]
    assert name in stops and len(provinces) >= len(layers.areas) - 1, stops
    assert not [s for s in stops if s.lower() in ("path", "svg", "div", "a", "span", "g")], stops  # no stop without a name
    assert stops.index(name) < stops.index(next(s for s in stops if s.startswith("Attapeu Province"))), "north comes before south"
    # the places at home before the partner places in Japan (which lie further north), whatever their latitude
    places = {site.country: [] for site in layers.drawn_sites}
    for site in layers.drawn_sites:
        places[site.country].append(stops.index(tooltip_text(site.name, site.count, "en")))
    assert places["LA"] and places["JP"] and max(places["LA"]) < min(places["JP"]), (places, stops)
    # nothing the keyboard reaches is nameless or an icon word; the shapes that are not interactive are no stops
    unnamed = frame.evaluate("""() => [...document.querySelectorAll('a[href], button, input, summary, [tabindex]')]
      .filter(el => el.tabIndex >= 0 && !el.closest('[aria-hidden="true"]'))
      .filter(el => !(el.getAttribute('aria-label') || el.innerText || el.getAttribute('title')
                      || (el.closest('label') ? el.closest('label').innerText : '') || '').trim())
      .map(el => el.outerHTML.slice(0, 80))""")
    assert unnamed == []
    assert frame.locator(".leaflet-overlay-pane path:not(.leaflet-interactive)[tabindex]").count() == 0
    # the boxes fold and unfold from the keyboard
    legend = frame.locator(".lm-legend summary")
    legend.focus()
    page.keyboard.press("Enter")
    assert frame.evaluate("document.querySelector('.lm-legend details').open") is False
    page.keyboard.press("Enter")
    assert frame.evaluate("document.querySelector('.lm-legend details').open") is True
    # Enter on a province selects it, exactly as a click does
    frame.locator(f'path[aria-label="{name}"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"place=houaphanh"), timeout=30_000)
    expect(page.locator(".lm-filters")).to_contain_text("Houaphanh", timeout=30_000)
    # and Enter again lets it go, as a second click does (the same shape, the same point: still a new press)
    frame.locator(f'path[aria-label="{name}"]').focus()
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"place=houaphanh"), timeout=30_000)


def test_a_skip_link_leads_past_the_map_to_the_list(page: Page, app_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/map")
    skip = page.locator("a.lm-skip")
    expect(skip).to_have_attribute("href", "#lm-list", timeout=30_000)
    expect(page.locator("#lm-list")).to_have_count(1)
    skip.focus()
    assert skip.bounding_box()["width"] > 20  # shown once the keyboard reaches it
    page.keyboard.press("Enter")
    expect(page.locator("#lm-list")).to_be_in_viewport(timeout=10_000)


def reflows_at_320_px(page: Page, spec) -> None:
    """WCAG 1.4.10: at 320 CSS px (a 1280 px window at 400 %) nothing needs scrolling sideways but what is two-dimensional
    (the map, the timeline, the history's diagram, data tables: the exceptions of 1.4.10, each scrolling in its own box).
    The window is narrowed on the loaded page, as a user's zoom or resize does (no new script run)."""
    page.set_viewport_size({"width": 320, "height": 640})
    drawn(page)
    wide = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] *')]
      .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter(el => !el.closest('.lm-hist, .lm-shares, .lm-tl, table, [data-testid="stDataFrame"], iframe, .pr-slide'))
      .map(el => el.tagName + '.' + String(el.className).slice(0, 40) + ' ' + (el.innerText || '').slice(0, 60))""")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 321
    assert wide == [], wide


def _find(node: dict, test) -> dict | None:
    """The first node of a DevTools DOM tree (frames' documents included) that passes ``test``."""
    if test(node):
        return node
    for child in [*node.get("children", []), *([node["contentDocument"]] if "contentDocument" in node else [])]:
        found = _find(child, test)
        if found:
            return found
    return None


def drawn_with(page: Page, selector: str, in_map: bool) -> list[dict]:
    """The fonts Chromium drew an element's text with (DevTools' CSS.getPlatformFontsForNode): family, web font or not,
    glyphs; the element is the first ``selector`` in the page, or in the map's frame."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    if in_map:
        frame = _find(root, lambda n: n.get("nodeName") == "IFRAME" and "folium" in " ".join(n.get("attributes", [])))
        assert frame and "contentDocument" in frame, "the map's frame is not in the page"
        root = frame["contentDocument"]
    node = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": selector})["nodeId"]
    assert node, f"no {selector} in the {'map' if in_map else 'page'}"
    text = cdp.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [{"family": f["familyName"], "web": f["isCustomFont"], "glyphs": f["glyphCount"]} for f in fonts] or [{"node": text}]


# A machine without a Japanese font: Chromium's fontconfig sees DejaVu alone (or no system font at all where it is
# missing), whatever this machine has installed.
NO_JAPANESE_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>{dirs}<cachedir>{cache}</cachedir></fontconfig>
"""


@pytest.fixture
def browser_without_japanese_fonts(playwright, browser_type_launch_args, tmp_path):
    dirs = "".join(f"<dir>{d}</dir>" for d in ("/usr/share/fonts/truetype/dejavu",) if Path(d).is_dir())
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_JAPANESE_FONTS.format(dirs=dirs, cache=tmp_path / "fc-cache"), encoding="utf-8")
    browser = playwright.chromium.launch(**browser_type_launch_args, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    yield browser
    browser.close()


def test_japanese_is_drawn_with_the_served_font_on_a_machine_without_one(browser_without_japanese_fonts, app_url):
    """Item 7: Japanese needs no system font. Where the machine has none, the page and the map's frame (a document of
    its own) load the served Noto Sans JP faces, and Chromium draws their Japanese with them. (Where the machine has
    Noto Sans CJK JP, the same design, the stacks name it first and nothing is fetched: tests/test_font_stacks.py.)"""
    from .test_dashboard import map_frame

    page = browser_without_japanese_fonts.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{app_url}/map?lang=ja")
    frame = map_frame(page)
    expect(page.locator("h1")).to_contain_text(t("mp.title", "ja"), timeout=30_000)
    faces = """async () => { await document.fonts.ready;
      return [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Noto Sans JP' && f.status === 'loaded').length; }"""
    assert until(lambda: frame.evaluate(faces)), "no served Japanese face was loaded inside the map's frame"
    assert until(lambda: page.evaluate(faces)), "no served Japanese face was loaded in the page"
    label = frame.locator(".lm-label.lm-province").first
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", label.inner_text()), label.inner_text()  # a Japanese province name
    for selector, in_map in ((".lm-label.lm-province", True), (".lm-legend summary", True), ("h1", False)):
        fonts = drawn_with(page, selector, in_map)
        # the served files name their family "Noto Sans JP" (fontsource's cut of the variable font says "Noto Sans JP Thin")
        japanese = [f for f in fonts if f.get("family", "").startswith("Noto Sans JP")]
        assert japanese and all(f["web"] for f in japanese), (selector, fonts)
        assert not [f for f in fonts if "CJK" in f.get("family", "")], (selector, fonts)  # the system's fonts are out of sight


SCRIPTS = {"ja": ("Noto Sans JP", r"[\u3040-\u30ff\u4e00-\u9fff]"), "lo": ("Noto Sans Lao", r"[\u0e80-\u0eff]")}


@pytest.mark.parametrize("lang", list(SCRIPTS))
def test_the_offline_html_map_draws_its_japanese_and_lao_with_the_glyphs_it_carries(page: Page, ds, tmp_path, lang):
    """The exported file reaches no server: Chromium draws its title and the map's place names with the faces embedded in
    it (export.fontembed), not with a system font that happens to be on this machine (it has Noto CJK and Phetsarath)."""
    from datetime import date

    from laomap.export.html import export_html
    from laomap.views.filters import Filter

    family, script = SCRIPTS[lang]
    path = tmp_path / f"atlas-{lang}.html"
    path.write_bytes(export_html(ds, Filter(lang=lang), today=date(2026, 12, 6)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort())
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-overlay-pane path", timeout=30_000)
    assert page.evaluate("async () => { await document.fonts.ready; return document.fonts.status; }") == "loaded"
    for selector in ("#lx-title", ".lm-label.lm-site", ".lm-legend summary"):
        text = page.locator(selector).first.inner_text()
        fonts = drawn_with(page, selector, in_map=False)
        own = [f for f in fonts if f.get("family", "").startswith(family) and f["web"]]
        # each letter of the script has a glyph from the embedded face (a system font may draw the rest: the legend's
        # disclosure triangle, a space; Lao marks may merge into one glyph with the tone above them, so they are not counted)
        letters = [c for c in re.findall(script, text) if unicodedata.category(c) != "Mn"]
        assert own and own[0]["glyphs"] >= len(letters) > 0, (selector, text, fonts)


# The page's own accessibility sheet (captions in MUTED) and its script's copy of it, removed: what Streamlit's theme
# (.streamlit/config.toml) draws by itself, before or without any of the page's styles and scripts.
WITHOUT_THE_PAGE_S_SHEET = """() => {
  if (window.__lmA11y) { window.__lmA11y.disconnect(); }
  const ours = [...document.querySelectorAll('style:not([data-emotion])')].filter(s => s.textContent.includes('stCaptionContainer'));
  ours.forEach(s => s.remove());
  return ours.length;
}"""
CAPTION_COLOURS = """() => [...document.querySelectorAll('[data-testid="stCaptionContainer"], .lm-kicker')]
  .filter(el => el.checkVisibility()).map(el => getComputedStyle(el).color)"""


def captions_and_kicker_read_without_the_page_s_script_or_sheet(page: Page) -> None:
    """Captions and help are Streamlit's text colour at 60 %: the theme's text colour makes that 4.5:1 or more by itself,
    so no moment before the page's script has run (or a browser that does not run it) shows them paler."""
    assert page.evaluate(WITHOUT_THE_PAGE_S_SHEET) >= 1  # the sheet was there, and is gone
    colours = page.evaluate(CAPTION_COLOURS)
    assert colours, "no caption or kicker to check on the page"
    muted = "rgb({}, {}, {})".format(*(int(style.MUTED[i:i + 2], 16) for i in (1, 3, 5)))
    assert muted not in colours, colours  # the captions no longer take the sheet's colour
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}, resultTypes: ['violations']});
      return r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)); }""")
    assert found == [], "\n".join(found)


ZOOM_EXEMPT = ".lm-hist, .lm-shares, .lm-tl, table, [data-testid='stDataFrame'], iframe, .pr-slide"  # 2-D content (1.4.10)
FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true}) && !el.closest('[inert]'))"""


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_at_200_percent_zoom(browser, app_url, spec):
    """WCAG 1.4.4 and 1.4.10 at 200 %: a 1366×768 screen zoomed to 200 % is a 683×384 CSS px window at device scale 2.
    Nothing scrolls the page sideways, no text is cut off, and the keyboard reaches every control, each in view."""
    context = browser.new_context(viewport={"width": 683, "height": 384}, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/{'' if spec.default else spec.url_path}?lang=en")
        page_ready(page, "en", spec)
        assert page.evaluate("document.scrollingElement.scrollWidth <= document.documentElement.clientWidth + 1"), \
            page.evaluate("[document.scrollingElement.scrollWidth, document.documentElement.clientWidth]")
        out = page.evaluate("""exempt => [...document.querySelectorAll('[data-testid="stMain"] *')]
          .filter(el => !el.closest(exempt) && el.checkVisibility())
          .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map(el => el.tagName + '.' + String(el.className).slice(0, 40) + ' ' + (el.innerText || '').slice(0, 60)
                     + ' right=' + Math.round(el.getBoundingClientRect().right) + (el === document.activeElement ? ' (focused)' : ''))""", ZOOM_EXEMPT)
        assert out == [], out
        # no content lost: no box cuts its own text off (overflow hidden with more inside than it shows); the skip link is
        # out of sight until the keyboard reaches it, then shown whole (test_a_skip_link_leads_past_the_map_to_the_list)
        cut = page.evaluate("""exempt => [...document.querySelectorAll('[data-testid="stMain"] *, [data-testid="stHeader"] *')]
          .filter(el => !el.closest(exempt + ', .lm-skip') && el.checkVisibility() && (el.innerText || '').trim())
          .filter(el => { const s = getComputedStyle(el);
            return ['hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1
                   || ['hidden', 'clip'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1 && s.position !== 'absolute'; })
          .map(el => el.tagName + '.' + String(el.className).slice(0, 40) + ' ' + el.innerText.slice(0, 60))""", ZOOM_EXEMPT)
        assert cut == [], cut
        # every control of the page is reached by Tab, in view when it has the focus
        total = page.evaluate(f"({FOCUSABLE})().map((el, i) => {{ el.dataset.lmStop = i; return i; }}).length")
        reached, outside = set(), []
        for _ in range(total + 120):  # the map's frame adds its own stops
            page.keyboard.press("Tab")
            stop = page.evaluate("""() => { const el = document.activeElement; if (!el || el === document.body) return null;
              const r = el.getBoundingClientRect(), w = document.documentElement.clientWidth;
              return {i: el.dataset.lmStop ?? null, name: (el.getAttribute('aria-label') || el.innerText || el.tagName).slice(0, 40),
                      inside: r.width === 0 || (r.left >= -1 && r.right <= w + 1)}; }""")
            if stop is None:
                continue
            if stop["i"] is not None:
                reached.add(int(stop["i"]))
            if not stop["inside"]:
                outside.append(stop["name"])
            if len(reached) == total:
                break
        missed = page.evaluate("(reached) => [...document.querySelectorAll('[data-lm-stop]')]"
                               ".filter(el => !reached.includes(Number(el.dataset.lmStop)) && el.checkVisibility())"
                               ".map(el => (el.getAttribute('aria-label') || el.innerText || el.outerHTML).slice(0, 60))", sorted(reached))
        assert missed == [], f"not reached by Tab at 200 %: {missed}"
        assert outside == [], f"focused out of view at 200 %: {outside}"
    finally:
        context.close()
