"""Present's text fits (issue 24, item 2): at 1280×720, 1366×768 and 1920×1080, in English and Japanese, every step
of the whole selection shows its statements whole (never cut short with "…") and no statement, citation, title or
source is clipped: every column's content fits its height and every text box lies inside the slide.

The statements' type shrinks where they would not fit (``--fit``, set by present_keys.js); the test waits until the
step drawn has been fitted to the window, then measures the elements' boxes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from laomap import Filter, apply

from .test_meeting_e2e import open_present, settled_at, steps_of

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]

MEASURE = """() => {
  const slide = document.querySelector('.pr-slide');
  const s = slide.getBoundingClientRect();
  const cols = [...slide.querySelectorAll('.pr-side, .pr-nomap, .pr-cover')].map(c => {
    const r = c.getBoundingClientRect();
    return {over: c.scrollHeight - c.clientHeight, bottom: r.bottom};
  });
  const parts = [...slide.querySelectorAll('.pr-text, .pr-cite, .pr-title, .pr-count, .pr-whole, .pr-sources, .pr-last, .pr-agenda')]
    .map(e => { const r = e.getBoundingClientRect();
      return {cls: e.className, text: e.textContent, top: r.top, bottom: r.bottom, left: r.left, right: r.right}; });
  return {slide: {top: s.top, bottom: s.bottom, left: s.left, right: s.right}, cols, parts,
          fit: getComputedStyle(slide).getPropertyValue('--fit') || '1'};
}"""


def fitted(page: Page, step: str) -> None:
    """Wait until present_keys.js has fitted the step drawn to this window."""
    page.wait_for_function(
        "(step) => { const s = document.querySelector('.pr-slide');"
        " return s && s.dataset.step === step && s.dataset.fitted === step + '@' + innerWidth + 'x' + innerHeight; }",
        arg=step, timeout=30_000)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_step_shows_its_statements_whole_and_nothing_is_clipped(page: Page, app_url, ds, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    statements = set(apply(ds, Filter(lang=lang)).text) | set(apply(ds, Filter(lang="en")).text)
    open_present(page, f"{app_url}/present?lang={lang}")
    steps = steps_of(page)
    assert len(steps) > 10 and "energy" in steps and "tourism_culture" in steps
    shown = 0
    for i, step in enumerate(steps):
        if i:
            page.keyboard.press("ArrowRight")
        settled_at(page, step)
        fitted(page, step)
        m = page.evaluate(MEASURE)
        s = m["slide"]
        for col in m["cols"]:
            assert col["over"] <= 1, (step, col, m["fit"])  # the column's content fits its height: nothing hidden below
        for part in m["parts"]:
            where = (step, part["cls"], part["text"][:60], m["fit"])
            assert part["top"] >= s["top"] - 1 and part["bottom"] <= s["bottom"] + 1, where
            assert part["left"] >= s["left"] - 1 and part["right"] <= s["right"] + 1, where
            assert all(part["bottom"] <= c["bottom"] + 1 for c in m["cols"] if part["top"] < c["bottom"]), where
        texts = [p["text"] for p in m["parts"] if p["cls"] == "pr-text"]
        for text in texts:
            assert not text.endswith("…") and text in statements, (step, text[:80])  # whole and verbatim
        shown += len(texts)
        if step not in ("title", "end"):
            assert texts, step  # every theme's step shows its key statements
    assert shown >= len(steps) - 2
