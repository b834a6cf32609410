"""The Present page's view: a slide show, one 16:9 screen per step, for a meeting room.

Steps: a title step, one step per selected theme (every theme with statements when none is
selected) and a closing step with the sources. Each step is one screen with nothing to scroll,
sized to the window (browser full screen at 1280×720 or 1920×1080, sidebar hidden): a theme's
map takes 62 % of the width, its legend is HTML in large type, two or three key statements are
whole (never shortened) with their citations; where they would not fit, the page's script shrinks their type
(``--fit``) until they do, at 1280×720 as at 1920×1080. A theme with nothing to map shows its statements and the
whole-country box large instead of an empty map. The arrow keys, Page Up/Down and space (what a
presenter remote sends) move between steps, one step a press at any speed (``present_keys.js`` keeps the
target step in the browser; ``bench/bench_present_keys.py`` measures it); the step is in the URL (``?step=energy``, ``title``,
``end``) so a link opens the same screen, and the last step says it is the last.

The map is the same picture as the deck's (``maps.static``, no internet, no JavaScript), drawn
once per dataset and filter.
"""

from __future__ import annotations

import base64
import html
from importlib.resources import files

import pandas as pd
import streamlit as st
from streamlit.components import v2 as components_v2

from laomap.export.prepare import Prepared, prepare
from laomap.i18n import citation, kind_label, t, theme_label
from laomap.maps.fonts import font_face_css, web_font_import
from laomap.maps.presets import Preset
from laomap.maps.static import classes_of, figure_bytes, render_map
from laomap.pipeline.dataset import Dataset
from laomap.style import (
    BRAND,
    BRAND_RULE,
    CARD_EDGE,
    DIVIDER,
    INK_SOFT,
    JAPAN_POINT,
    LANE,
    LAO_POINT,
    MUTED,
    PRESENT_LEGEND_GROUND,
    PRESENT_SHADOW,
    RULE_GREY,
    SWATCH_EDGE,
    TEXT,
    WHITE,
)
from laomap.ui.look import accessibility_css, declare_language
from laomap.views import captions
from laomap.views.filters import Filter

TITLE, END = "title", "end"
PICTURE = Preset("present", 1320, 1180, 150)  # the map's share of a 16:9 step (62 % × 100 %), at a projector's pixels
PICTURES = 32  # step pictures remembered per dataset
BUDGET = {"en": 430, "ja": 200}  # characters of statement text a step's column holds at its type size
FONT_STACK = ('"Source Sans", "Source Sans Pro", "Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic UI", '
              '"Yu Gothic", Meiryo, "Noto Sans Lao", "Phetsarath OT", sans-serif')

# The step is a box of 16:9 as large as the window allows above the navigation bar; every size inside it
# is a share of its height (--h), so the same step looks the same at 1280×720 and 1920×1080.
CSS = f"""
<style>
{web_font_import()}
{font_face_css()}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stSidebarCollapseButton"] {{ display: none !important; }}
[data-testid="stMain"] {{ overflow: hidden; }}
[data-testid="stMainBlockContainer"] {{ padding: 6px 14px 0 !important; max-width: none !important; }}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: 6px; }}
.st-key-pr_keys_box {{ display: none; }}
.pr-slide :lang(ja), .pr-slide[lang="ja"] {{ word-break: keep-all; overflow-wrap: anywhere; line-break: strict; }}
.pr-slide {{ --h: min(calc(100vh - 64px), calc((100vw - 28px) * 0.5625)); height: var(--h); width: calc(var(--h) * 16 / 9);
  margin: 0 auto; box-sizing: border-box; font-family: {FONT_STACK}; color: {TEXT}; background: {WHITE};
  border: 1px solid {CARD_EDGE}; border-radius: 6px; overflow: hidden; position: relative; display: flex; }}
.pr-slide::before {{ content: ""; position: absolute; left: 0; top: 0; right: 0; height: calc(var(--h) * .012); background: {BRAND}; }}
.pr-map {{ width: 62%; height: 100%; position: relative; flex: none; }}
.pr-map img {{ width: 100%; height: 100%; object-fit: contain; display: block; }}
.pr-side {{ flex: 1; padding: calc(var(--h) * .05) calc(var(--h) * .045) calc(var(--h) * .03) calc(var(--h) * .03);
  overflow: hidden; display: flex; flex-direction: column; }}
.pr-kicker {{ color: {BRAND}; font-weight: 700; font-size: max(15px, calc(var(--h) * .026)); letter-spacing: .04em;
  text-transform: uppercase; }}
.pr-title {{ font-size: calc(var(--h) * .062); font-weight: 700; line-height: 1.1; margin: calc(var(--h) * .008) 0; }}
.pr-count {{ color: {MUTED}; font-size: max(16px, calc(var(--h) * .026)); margin-bottom: calc(var(--h) * .012); }}
.pr-stmt {{ border-left: calc(var(--h) * .007) solid {BRAND_RULE}; padding: 0 0 0 calc(var(--h) * .02);
  margin: calc(var(--h) * .02 * var(--fit, 1)) 0 0; }}
.pr-text {{ font-size: calc(max(18px, calc(var(--h) * .031)) * var(--fit, 1)); line-height: 1.36; }}
.pr-cite {{ font-size: calc(max(14px, calc(var(--h) * .021)) * var(--fit, 1)); color: {MUTED}; margin-top: calc(var(--h) * .005); }}
.pr-legend {{ position: absolute; left: calc(var(--h) * .02); bottom: calc(var(--h) * .02); background: {PRESENT_LEGEND_GROUND};
  border-radius: 6px; padding: calc(var(--h) * .012) calc(var(--h) * .018); font-size: max(18px, calc(var(--h) * .028));
  line-height: 1.3; box-shadow: 0 1px 4px {PRESENT_SHADOW}; max-width: 56%; }}
.pr-legend b {{ display: block; font-size: 1em; margin-bottom: .15em; }}
.pr-classes {{ display: flex; gap: .25em; }}
.pr-cl {{ display: flex; flex-direction: column; align-items: center; font-size: .9em; min-width: 1.9em; }}
.pr-sw {{ width: 1.8em; height: .8em; border: 1px solid {SWATCH_EDGE}; display: inline-block; }}
.pr-row {{ display: flex; align-items: center; gap: .4em; }}
.pr-dot {{ width: .75em; height: .75em; border-radius: 50%; display: inline-block; border: 2px solid {WHITE};
  box-shadow: 0 0 0 1px {RULE_GREY}; }}
.pr-whole {{ background: {LANE}; border: 1px solid {DIVIDER}; border-radius: 8px; padding: calc(var(--h) * .02) calc(var(--h) * .03);
  font-size: max(18px, calc(var(--h) * .032)); }}
.pr-whole h3 {{ margin: 0 0 .4em; font-size: 1.05em; }}
.pr-whole .r {{ display: flex; justify-content: space-between; gap: 1em; padding: .1em 0; }}
.pr-whole .muted {{ color: {MUTED}; }}
.pr-whole-side {{ position: absolute; right: calc(var(--h) * .02); top: calc(var(--h) * .035); font-size: max(16px, calc(var(--h) * .024));
  max-width: 44%; }}
.pr-partners {{ margin-top: .4em; font-size: .9em; }}
.pr-nomap {{ width: 40%; padding: calc(var(--h) * .08) calc(var(--h) * .03) calc(var(--h) * .04) calc(var(--h) * .05); flex: none; }}
.pr-nomap .pr-note {{ color: {MUTED}; font-size: max(16px, calc(var(--h) * .024)); margin-top: 1em; }}
.pr-cover {{ padding: calc(var(--h) * .13) calc(var(--h) * .12); display: flex; flex-direction: column; width: 100%; }}
.pr-cover .pr-title {{ font-size: calc(var(--h) * .07); margin: calc(var(--h) * .02) 0 calc(var(--h) * .03); }}
.pr-cover .pr-sub {{ font-size: max(20px, calc(var(--h) * .036)); }}
.pr-cover .pr-count {{ margin-top: calc(var(--h) * .02); }}
.pr-agenda {{ margin-top: auto; font-size: max(18px, calc(var(--h) * .028)); color: {INK_SOFT}; line-height: 1.5; }}
.pr-agenda b {{ color: {BRAND}; }}
.pr-sources {{ font-size: max(18px, calc(var(--h) * .029)); line-height: 1.45; }}
.pr-sources h3 {{ color: {BRAND}; font-size: 1em; margin: .7em 0 .15em; }}
.pr-sources .muted {{ color: {MUTED}; font-size: .85em; }}
.pr-last {{ margin-top: auto; font-weight: 700; color: {BRAND}; font-size: max(18px, calc(var(--h) * .03)); }}
.st-key-pr_nav {{ height: 44px; }}
</style>
"""

# Keys a presenter remote sends (Page Down / Page Up, arrows, space) and the Next / Previous buttons move a
# target step kept in the browser (present_keys.js): a component in the page itself (no iframe), whose state is the
# target, so a press made while a step is still drawing is never lost (see the script's header).
KEYS = components_v2.component("laomap_present_keys", js=(files("laomap.ui") / "present_keys.js").read_text(encoding="utf-8"),
                               html="", isolate_styles=False)
ACK = "pr_key_ack"  # the last target from the browser that the page applied
STEPS = "pr_steps"  # the steps last drawn


def steps_of(sel: Prepared) -> list[str]:
    """The steps of a selection: the title, its themes, the end."""
    return [TITLE, *sel.themes, END]


def _map_png(step: Prepared) -> bytes:
    """The step's map alone (its legend is drawn in HTML, large), once per dataset and filter."""
    def make() -> bytes:
        fig = render_map(step.layers, step.ds, preset=PICTURE, flt=step.flt, furniture=False, panel=False, scale=1.45)
        return figure_bytes(fig, "png", PICTURE.dpi, step.lang)

    return step.ds.recent("present-pictures", PICTURES).get(("present", step.flt), make)


def _go(steps: list[str], delta: int) -> None:
    current = st.session_state.get("pr_step")
    i = steps.index(current) if current in steps else 0
    st.session_state["pr_step"] = steps[min(max(i + delta, 0), len(steps) - 1)]  # no wrapping: the end is the end


def statements_html(ds: Dataset, rows: pd.DataFrame, lang: str, budget: int | None = None, theme: str | None = None,
                    pins: tuple[str, ...] = ()) -> str:
    """Two or three key statements, whole and escaped, each with its kind and citation: the third only when it fits the
    step's budget; the page's script shrinks the type of a step whose text would still not fit (nothing is clipped)."""
    e = html.escape
    chosen = captions.whole_statements(captions.key_statements(rows, 3, theme, pins), budget or BUDGET.get(lang, BUDGET["en"]),
                                       least=2)
    return "".join(
        f'<div class="pr-stmt"><div class="pr-text" lang="{e(str(row.get("language") or lang))}">'
        f'{captions.phrase_html(text, str(row.get("language") or lang))}</div>'
        f'<div class="pr-cite">{e(kind_label(row["kind"], lang))} — {e(citation(ds, row, lang))}</div></div>'
        for row, text in chosen
    )


def _legend_html(step: Prepared) -> str:
    layers, lang, e = step.layers, step.lang, html.escape
    classes = "".join(f'<span class="pr-cl"><span class="pr-sw" style="background:{c.colour}"></span>{e(c.label())}</span>'
                      for c in classes_of(layers))
    rows = [f'<b>{e(t("map.legend_title", lang))}</b><div class="pr-classes">{classes}</div>']
    if layers.lao_sites:
        rows.append(f'<div class="pr-row"><span class="pr-dot" style="background:{LAO_POINT}"></span>{e(t("sites", lang))}</div>')
    if layers.japan_sites:
        rows.append(f'<div class="pr-row"><span class="pr-dot" style="background:{JAPAN_POINT}"></span>'
                    f'{e(t("japan_partners", lang))}</div>')
    return f'<div class="pr-legend">{"".join(rows)}</div>'


def _whole_html(step: Prepared, extra: str = "") -> str:
    """The whole-country box: statements about a country or region, and those that name no place (zeros left out)."""
    layers, lang, e = step.layers, step.lang, html.escape
    rows = [f'<div class="r"><span>{e(tr.name)}</span><b>{tr.count}</b></div>' for tr in layers.trays if tr.count]
    if layers.unplaced:
        rows.append(f'<div class="r muted"><span>{e(t("smap.no_place", lang))}</span><b>{len(layers.unplaced)}</b></div>')
    if not rows:
        return ""
    return f'<div class="pr-whole {extra}"><h3>{e(t("whole_country", lang))}</h3>{"".join(rows)}</div>'


def _theme_step(step: Prepared, theme: str, i: int, n: int, pins: tuple[str, ...] = ()) -> str:
    ds, lang, e = step.ds, step.lang, html.escape
    head = (f'<div class="pr-kicker">{e(t("pr.of", lang, i=i, n=n))}</div>'
            f'<div class="pr-title" id="pr-title">{captions.phrase_html(theme_label(theme, lang), lang)}</div>'
            f'<div class="pr-count">{e(captions.counts_line(step.layers))}</div>')
    if not step.layers.mapped:  # nothing to map: the statements and the whole-country box, large
        return (f'<div class="pr-nomap">{head}{_whole_html(step)}<div class="pr-note">{e(t("pr.nothing_mapped", lang))}</div></div>'
                f'<div class="pr-side" style="padding-top:calc(var(--h) * .07)">'
                f'{statements_html(ds, step.rows, lang, int(BUDGET.get(lang, BUDGET["en"]) * 1.35), theme, pins)}</div>')
    picture = base64.b64encode(_map_png(step)).decode("ascii")
    alt = e(t("pr.map_alt", lang, theme=theme_label(theme, lang)))
    return (f'<div class="pr-map"><img src="data:image/png;base64,{picture}" alt="{alt}">{_legend_html(step)}'
            f'{_whole_html(step, "pr-whole-side")}</div>'
            f'<div class="pr-side">{head}{statements_html(ds, step.rows, lang, None, theme, pins)}</div>')


def _title_step(sel: Prepared, themes: list[str]) -> str:
    ds, flt, lang, e = sel.ds, sel.flt, sel.lang, html.escape
    agenda = t("fmt.list_sep", lang).join(theme_label(x, lang) for x in themes[:12]) + ("…" if len(themes) > 12 else "")
    plans = t("fmt.title_sep", lang).join(ds.documents[d].short_title(lang) for d in captions.plans_in(ds, sel.rows))
    return (f'<div class="pr-cover"><div class="pr-kicker">{e(t("app_title", lang))}</div>'
            f'<div class="pr-title" id="pr-title">{captions.phrase_html(captions.title(flt, lang, ds), lang)}</div>'
            f'<div class="pr-sub">{e(captions.filter_summary(ds, flt, lang))}</div>'
            f'<div class="pr-count">{e(captions.counts_line(sel.layers))}</div>'
            f'<div class="pr-agenda"><b>{e(t("pr.agenda", lang, n=len(themes)))}</b> {e(agenda)}<br>'
            f'<span style="color:{MUTED}">{e(plans)}</span></div></div>')


def _end_step(sel: Prepared) -> str:
    ds, lang, e = sel.ds, sel.lang, html.escape
    plans = []
    for doc_id in captions.plans_in(ds, sel.rows):
        meta = ds.documents[doc_id]
        title = meta.title(lang)
        plans.append(f'<div>{e(meta.short_title(lang))} — {e(title)}<div class="muted">'
                     f'{e(t("deck.published", lang, publisher=captions.publisher_name(meta.publisher, lang), dated=captions.dated_words(meta, lang)))}'
                     '</div></div>')
    return (f'<div class="pr-cover" style="padding-top:calc(var(--h) * .08)"><div class="pr-kicker">{e(t("pr.end_kicker", lang))}</div>'
            f'<div class="pr-title" id="pr-title" style="font-size:calc(var(--h) * .07)">{e(t("deck.sources", lang))}</div>'
            f'<div class="pr-sources"><h3>{e(t("deck.plans", lang))}</h3>{"".join(plans)}'
            f'<h3>{e(t("deck.geodata", lang))}</h3><div>{e(t("deck.geodata_text", lang))}</div>'
            f'<h3>{e(t("deck.selection", lang))}</h3><div>{e(captions.filter_summary(ds, sel.flt, lang))}</div></div>'
            f'<div class="pr-last" id="pr-last">{e(t("pr.last", lang))}</div></div>')


def slide_html(lang: str, step: str, inner: str) -> str:
    """The 16:9 box of one step, in the interface language, named by its step id (the page's script and tests find it)."""
    return f'<div class="pr-slide" lang="{html.escape(lang)}" data-step="{html.escape(step)}">{inner}</div>'


PIN = "pin"  # query parameter: the statements the user chose to show (repeatable), kept in the URL like the filters


def pinned() -> tuple[str, ...]:
    return tuple(st.query_params.get_all(PIN))


def _set_pins(theme_ids: list[str], key: str) -> None:
    chosen = st.session_state.get(key) or []
    others = [p for p in pinned() if p not in theme_ids]
    st.query_params[PIN] = [*others, *chosen]


def _pin_picker(step: Prepared, theme: str) -> None:
    """Choose the statements a theme's step shows (pinned in the URL), from its statements ranked by relevance."""
    lang, rows = step.lang, step.rows
    order = rows.assign(_score=captions.relevance(rows, theme).values).sort_values("_score")
    ids = list(order.statement_id)
    text = dict(zip(order.statement_id, order.text))
    current = [p for p in pinned() if p in text]
    with st.popover(t("pr.pin", lang), icon=":material/push_pin:"):
        st.multiselect(t("pr.pin_label", lang), ids, default=current, key=f"pr_pins_{theme}", max_selections=3,
                       format_func=lambda sid: captions.clip(text[sid], 90), on_change=_set_pins, args=(ids, f"pr_pins_{theme}"),
                       help=t("pr.pin_help", lang))


def _leave(lang: str) -> None:
    """Back to the Map page (the sidebar, with the filters, is hidden while presenting)."""
    if st.button(t("pr.exit", lang), icon=":material/close:", key="pr_exit", type="tertiary"):
        st.switch_page("app_pages/map.py")


def present(ds: Dataset, flt: Filter) -> None:
    """Draw the Present page for the current filter."""
    lang = flt.lang
    st.html(CSS + f"<style>{accessibility_css()}</style>")
    declare_language(lang)
    sel = prepare(ds, flt, require=False)
    themes = sel.themes
    if not themes:
        st.info(t("pr.empty", lang))
        _leave(lang)
        return
    steps = steps_of(sel)
    wanted = st.query_params.get("step")
    if "pr_step" not in st.session_state and wanted in steps:
        st.session_state["pr_step"] = wanted  # a link opens its step
    _apply_keys(steps)
    if st.session_state.get("pr_step") not in steps:
        st.session_state["pr_step"] = steps[0]  # the filters changed and took the step away
    current = st.session_state["pr_step"]
    st.query_params["step"] = current  # the theme id (or title / end), the same in both languages
    i = steps.index(current)
    if current == TITLE:
        slide = _title_step(sel, themes)
    elif current == END:
        slide = _end_step(sel)
    else:
        slide = _theme_step(sel.theme(current), current, themes.index(current) + 1, len(themes), pinned())
    st.html(slide_html(lang, current, slide))
    label = {TITLE: t("pr.title_step", lang), END: t("pr.end_step", lang)}
    with st.container(horizontal=True, key="pr_nav", vertical_alignment="center", gap="small"):
        st.button(t("pr.prev", lang), icon=":material/arrow_back:", on_click=_go, args=(steps, -1), key="pr_prev",
                  disabled=i == 0)
        st.selectbox(t("pr.step", lang), steps, key="pr_step", label_visibility="collapsed", width=330,
                     format_func=lambda x: f"{steps.index(x) + 1}/{len(steps)} · {label.get(x) or theme_label(x, lang)}")
        st.button(t("pr.last_short", lang) if i == len(steps) - 1 else t("pr.next", lang), icon=":material/arrow_forward:",
                  on_click=_go, args=(steps, 1), key="pr_next", disabled=i == len(steps) - 1)
        if current not in (TITLE, END):
            _pin_picker(sel.theme(current), current)
        st.caption(t("pr.keys", lang))
        _leave(lang)
    with st.container(key="pr_keys_box"):
        KEYS(key="pr_keys", data={"steps": steps, "current": current, "ack": st.session_state.get(ACK)}, default={"target": None},
             height=0, on_target_change=_on_target)
    st.session_state[STEPS] = steps


def _on_target() -> None:
    """A new target from the browser's keys: applied before the page is drawn (the steps are those last drawn)."""
    _apply_keys(st.session_state.get(STEPS) or [])


def _apply_keys(steps: list[str]) -> None:
    """Go to the target step the browser's keys set, once per target (its number changes with every press)."""
    state = st.session_state.get("pr_keys") or {}
    target = state.get("target") if hasattr(state, "get") else None
    if not isinstance(target, dict) or target.get("seq") == st.session_state.get(ACK):
        return
    st.session_state[ACK] = target.get("seq")
    if target.get("step") in steps:
        st.session_state["pr_step"] = target["step"]
