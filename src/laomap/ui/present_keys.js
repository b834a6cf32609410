// The Present page's keys, kept in the browser so that no press is lost.
//
// Every press of ArrowRight / ArrowDown / PageDown / space (forward) or ArrowLeft / ArrowUp / PageUp /
// Shift+space (back), and every click of the Next / Previous button, moves a target step kept here by exactly
// one, in order; the target (with a number that only grows) is the component's state, which Streamlit keeps
// until it changes. A rerun that starts while a step is still drawing replaces the one before it, so the
// page lands on the last target whatever the speed of the presses. The page says which press it has applied
// (data.ack); until then, the presses still on their way count from the target, not from the step drawn.
//
// Keys work wherever the focus is, except in a text field (the step menu, closed, is not one).
export default function (component) {
  const { data, setStateValue } = component;
  const S = window.__laomapPresent || (window.__laomapPresent = { seq: 0, stamp: String(Date.now()), target: null });
  S.steps = data.steps;
  S.send = setStateValue;
  S.live = true;
  const sent = S.stamp + "-" + S.seq;
  if (S.seq === 0 || data.ack === sent || S.target === null) {
    S.target = Math.max(0, S.steps.indexOf(data.current));  // nothing on its way: the step drawn is the target
  }
  window.__laomapPresentKeys = true;

  function move(delta) {
    const next = Math.min(Math.max(S.target + delta, 0), S.steps.length - 1);  // no wrapping: the end is the end
    if (next === S.target) { return; }
    S.target = next;
    S.seq += 1;
    window.__laomapPresentPressed = (window.__laomapPresentPressed || 0) + 1;
    S.send("target", { step: S.steps[next], seq: S.stamp + "-" + S.seq });
  }

  function isTextField(el) {
    if (!el || !el.tagName) { return false; }
    if (el.closest && el.closest(".st-key-pr_step")) {
      return el.getAttribute("aria-expanded") === "true";  // the step menu: its keys only while it is open
    }
    const tag = el.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }

  if (!S.listening) {
    S.listening = true;
    document.addEventListener("keydown", function (e) {
      if (!S.live || e.altKey || e.ctrlKey || e.metaKey || !document.querySelector(".pr-slide")) { return; }
      if (isTextField(e.target)) { return; }
      const forward = ["ArrowRight", "ArrowDown", "PageDown"].includes(e.key) || (e.key === " " && !e.shiftKey);
      const back = ["ArrowLeft", "ArrowUp", "PageUp"].includes(e.key) || (e.key === " " && e.shiftKey);
      if (!forward && !back) { return; }
      e.preventDefault();  // no scrolling, no click of a focused button, no menu opening
      e.stopPropagation();
      window.__laomapPresentKeyAt = performance.now();
      move(forward ? 1 : -1);
    }, true);
    document.addEventListener("click", function (e) {
      if (!S.live || !e.target || !e.target.closest) { return; }
      const next = e.target.closest(".st-key-pr_next button"), prev = e.target.closest(".st-key-pr_prev button");
      if (!next && !prev) { return; }
      e.preventDefault();
      e.stopPropagation();  // the buttons' own callbacks would count from the step drawn, not from the target
      move(next ? 1 : -1);
    }, true);
  }
  if (!S.fitting) {
    S.fitting = true;
    // Text that fits: a step whose statements would overflow their column gets smaller type (--fit on the slide, down
    // to 55 %), never clipped or cut short; checked whenever a step is drawn and when the window changes size.
    const columns = ".pr-side, .pr-nomap, .pr-cover";
    const overflows = function (slide) {
      return Array.from(slide.querySelectorAll(columns)).some(function (el) { return el.scrollHeight > el.clientHeight + 1; });
    };
    const fit = function () {
      const slide = document.querySelector(".pr-slide");
      if (!slide || slide.dataset.fitted === slide.dataset.step + "@" + window.innerWidth + "x" + window.innerHeight) { return; }
      let scale = 1;
      slide.style.setProperty("--fit", "1");
      while (overflows(slide) && scale > 0.55) {
        scale = Math.round((scale - 0.03) * 100) / 100;
        slide.style.setProperty("--fit", String(scale));
      }
      slide.dataset.fitted = slide.dataset.step + "@" + window.innerWidth + "x" + window.innerHeight;
    };
    let queued = false;
    const later = function () {
      if (queued) { return; }
      queued = true;
      requestAnimationFrame(function () { queued = false; fit(); });
    };
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", later);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(function () { const s = document.querySelector(".pr-slide"); if (s) { delete s.dataset.fitted; } later(); }); }
    later();
  }
  return function () { S.live = false; };
}
