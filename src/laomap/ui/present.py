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
from functools import cache
from importlib.resources import files

import pandas as pd
import streamlit as st
from streamlit.components import v2 as components_v2

from laomap.export.prepare import Prepared, prepare
from laomap.i18n import citation, kind_label, t, theme_label
from laomap.maps.fonts import JAPANESE_FAMILIES, css_families, font_face_css, web_font_import
from laomap.maps.presets import Preset
from laomap.maps.static import classes_of, figure_bytes, render_map
from laomap.pipeline.dataset import Dataset
from laomap.style import JAPAN_POINT, LAO_POINT, MUTED, colours
from laomap.templates import Markup, render, stylesheet
from laomap.ui.look import accessibility_css, declare_language
from laomap.views import captions
from laomap.views.filters import Filter

TITLE, END = "title", "end"
PICTURE = Preset("present", 1320, 1180, 150)  # the map's share of a 16:9 step (62 % × 100 %), at a projector's pixels
PICTURES = 32  # step pictures remembered per dataset
BUDGET = {"en": 430, "ja": 200}  # characters of statement text a step's column holds at its type size
FONT_STACK = f'"Source Sans", "Source Sans Pro", {css_families(JAPANESE_FAMILIES)}, "Noto Sans Lao", "Phetsarath OT", sans-serif'

# The step is a box of 16:9 as large as the window allows above the navigation bar; every size inside it
# is a share of its height (--h), so the same step looks the same at 1280×720 and 1920×1080 (templates/present.css).

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


def _render(part: str, **context: object) -> Markup:
    """One part of ``templates/present_step.html``, as Markup to go into another part."""
    return Markup(render("present_step.html", part=part, **context))


def statements_html(ds: Dataset, rows: pd.DataFrame, lang: str, budget: int | None = None, theme: str | None = None,
                    pins: tuple[str, ...] = ()) -> str:
    """Two or three key statements, whole and escaped, each with its kind and citation: the third only when it fits the
    step's budget; the page's script shrinks the type of a step whose text would still not fit (nothing is clipped)."""
    chosen = captions.whole_statements(captions.key_statements(rows, 3, theme, pins), budget or BUDGET.get(lang, BUDGET["en"]),
                                       least=2)
    return render("present_step.html", part="statements", rows=[
        {"lang": str(row.get("language") or lang), "text": Markup(captions.phrase_html(text, str(row.get("language") or lang))),
         "kind": kind_label(row["kind"], lang), "cite": citation(ds, row, lang)}
        for row, text in chosen])


def _legend_html(step: Prepared) -> Markup:
    layers, lang = step.layers, step.lang
    points = ([{"colour": LAO_POINT, "label": t("sites", lang)}] if layers.lao_sites else []) + (
        [{"colour": JAPAN_POINT, "label": t("japan_partners", lang)}] if layers.japan_sites else [])
    return _render("legend", title=t("map.legend_title", lang), classes=[{"colour": c.colour, "label": c.label()}
                                                                        for c in classes_of(layers)], points=points)


def _whole_html(step: Prepared, extra: str = "") -> Markup:
    """The whole-country box: statements about a country or region, and those that name no place (zeros left out)."""
    layers, lang = step.layers, step.lang
    rows = [{"name": tr.name, "count": tr.count, "muted": False} for tr in layers.trays if tr.count]
    if layers.unplaced:
        rows.append({"name": t("smap.no_place", lang), "count": len(layers.unplaced), "muted": True})
    if not rows:
        return Markup("")
    return _render("whole", extra=extra, title=t("whole_country", lang), rows=rows)


def _theme_step(step: Prepared, theme: str, i: int, n: int, pins: tuple[str, ...] = ()) -> str:
    ds, lang = step.ds, step.lang
    head = {"kicker": t("pr.of", lang, i=i, n=n), "title": Markup(captions.phrase_html(theme_label(theme, lang), lang)),
            "count": captions.counts_line(step.layers)}
    if not step.layers.mapped:  # nothing to map: the statements and the whole-country box, large
        return render("present_step.html", part="theme", picture="", h=head, whole=_whole_html(step),
                      note=t("pr.nothing_mapped", lang), statements_html=Markup(statements_html(
                          ds, step.rows, lang, int(BUDGET.get(lang, BUDGET["en"]) * 1.35), theme, pins)))
    return render("present_step.html", part="theme", picture=base64.b64encode(_map_png(step)).decode("ascii"),
                  alt=t("pr.map_alt", lang, theme=theme_label(theme, lang)), legend=_legend_html(step),
                  whole=_whole_html(step, "pr-whole-side"), h=head,
                  statements_html=Markup(statements_html(ds, step.rows, lang, None, theme, pins)))


def _title_step(sel: Prepared, themes: list[str]) -> str:
    ds, flt, lang = sel.ds, sel.flt, sel.lang
    agenda = t("fmt.list_sep", lang).join(theme_label(x, lang) for x in themes[:12]) + ("…" if len(themes) > 12 else "")
    plans = t("fmt.title_sep", lang).join(ds.documents[d].short_title(lang) for d in captions.plans_in(ds, sel.rows))
    return render("present_step.html", part="title", kicker=t("app_title", lang),
                  title=Markup(captions.phrase_html(captions.title(flt, lang, ds), lang)),
                  sub=captions.filter_summary(ds, flt, lang), count=captions.counts_line(sel.layers),
                  agenda_title=t("pr.agenda", lang, n=len(themes)), agenda=agenda, muted=MUTED, plans=plans)


def _end_step(sel: Prepared) -> str:
    ds, lang = sel.ds, sel.lang
    plans = []
    for doc_id in captions.plans_in(ds, sel.rows):
        meta = ds.documents[doc_id]
        plans.append({"short": meta.short_title(lang), "title": meta.title(lang), "published": t(
            "deck.published", lang, publisher=captions.publisher_name(meta.publisher, lang), dated=captions.dated_words(meta, lang))})
    return render("present_step.html", part="end", kicker=t("pr.end_kicker", lang), title=t("deck.sources", lang),
                  plans_title=t("deck.plans", lang), plans=plans, geodata_title=t("deck.geodata", lang),
                  geodata=t("deck.geodata_text", lang), selection_title=t("deck.selection", lang),
                  selection=captions.filter_summary(ds, sel.flt, lang), last=t("pr.last", lang))


@cache
def head_html() -> str:
    """Present's stylesheet (``templates/present.css``) and the accessibility sheet every page has."""
    css = stylesheet("present.css", font_import=web_font_import(), font_faces=font_face_css(), font_stack=FONT_STACK, **colours())
    return ("\n" + render("style_tags.html", sheets=[Markup(f"\n{css}\n")]) + "\n"
            + render("style_tags.html", sheets=[Markup(accessibility_css())]))


def slide_html(lang: str, step: str, inner: str) -> str:
    """The 16:9 box of one step, in the interface language, named by its step id (the page's script and tests find it)."""
    return render("present_step.html", part="slide", lang=lang, step=step, inner=Markup(inner))


PIN = "pin"  # query parameter: the statements the user chose to show (repeatable), kept in the URL like the filters


def pinned() -> tuple[str, ...]:
    return tuple(st.query_params.get_all(PIN))


def _set_pins(theme_ids: list[str], key: str) -> None:
    chosen = st.session_state.get(key) or []
    others = [p for p in pinned() if p not in theme_ids]
    st.query_params[PIN] = [*others, *chosen]


def _pin_order(step: Prepared, theme: str) -> tuple[list[str], dict[str, str]]:
    """A theme's statements ranked by relevance, and their texts: what the pin picker offers."""
    order = step.rows.assign(_score=captions.relevance(step.rows, theme).values).sort_values("_score")
    return list(order.statement_id), dict(zip(order.statement_id, order.text))


def _slide(sel: Prepared, current: str, pins: tuple[str, ...]) -> str:
    """The HTML of one step, remembered per dataset, filter, step and pins: a step seen before is drawn again without
    ranking its statements or laying out its text anew (a step change's server work, issue 29 item 4)."""
    themes = sel.themes
    if current == TITLE:
        slide = _title_step(sel, themes)
    elif current == END:
        slide = _end_step(sel)
    else:
        slide = _theme_step(sel.theme(current), current, themes.index(current) + 1, len(themes), pins)
    return slide_html(sel.lang, current, slide)


def _pin_picker(step: Prepared, theme: str) -> None:
    """Choose the statements a theme's step shows (pinned in the URL), from its statements ranked by relevance."""
    lang = step.lang
    ids, text = step.ds.recent("present-pin-order", PICTURES).get((step.flt, theme), lambda: _pin_order(step, theme))
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
    st.html(head_html())
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
    pins = pinned() if current not in (TITLE, END) else ()
    st.html(ds.recent("present-slides", PICTURES).get((flt, current, pins), lambda: _slide(sel, current, pins)))
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
