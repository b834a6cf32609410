"""WCAG 2.1 AA, checked by axe-core in Chromium on every page of the registry, in English and Japanese, on a
laptop (1366×768) and a phone (390×844), inside the map's and every component's frame too.

axe-core is installed by ``bin/setup --with-tests`` from the npm registry (pinned in web-assets.txt) into
build/vendor/axe-core; it is never committed. A failure prints each rule, the elements it found and the fix.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from laomap.i18n import t
from laomap.ui.pages import PAGES

from .conftest import ROOT
from .test_dashboard import until

pytestmark = pytest.mark.e2e

AXE = ROOT / "build/vendor/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
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
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)  # no element left over from a rerun

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
@pytest.mark.parametrize("lang", ["en", "ja"])
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


def test_the_check_finds_a_violation(page: Page, axe_present):
    """Guards the check itself: an image without a text alternative and grey-on-white text are reported."""
    page.set_content('<html lang="en"><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<p style="color:#aaa">pale</p></main></body></html>')
    ids = {v["id"] for v in violations_in(page.main_frame)}
    assert {"image-alt", "color-contrast"} <= ids, ids
