"""Shared cartographic style: colours, count classes and precision styling.

Both the interactive map (webmap) and the exported images (staticmap) take their colours
and classes from here, so the two always read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from laomap.i18n import t

# The atlas's own colours (the brand): kickers, headings, title bands, rules, the deck's accent. Apart from the data
# palettes below, so that recolouring the provinces (CHOROPLETH) recolours the provinces only.
BRAND = "#17695f"  # title bands, kickers, headings (.streamlit/config.toml repeats it as primaryColor)
BRAND_RULE = "#3fa596"  # the rule beside a card or a statement
BRAND_SOFT = "#8fcdc1"  # what is not chosen (a theme bar outside the selection)
ACCENT = BRAND

# Data: a calm sequential teal for the provinces' counts; 0 gets a neutral grey so "nothing here" is visible.
CHOROPLETH = ("#eef1f2", "#cfe8e3", "#8fcdc1", "#3fa596", "#17695f")
LAO_POINT = "#1d3557"  # sites in the Lao PDR
JAPAN_POINT = "#bc002d"  # Japanese partner cities and sites (hinomaru red)
ACTIVITY = "#6a3d9a"  # an agency's (IATI) activity: a diamond apart from the plans' round sites (7.6:1 on white)
CORRIDOR = "#e07a1f"
ROAD = "#7a4b2a"  # a national road: a solid brown line, apart from the dashed corridor and the blue river (8.5:1 on white)


@dataclass(frozen=True)
class DateKind:
    """A kind of date as every timeline shows it: the dashboard's (HTML), the deck's (matplotlib), their legends and the stylesheet.

    ``mark``: the shape, one of ``MARKS`` (a bar spans the dates, the others are points).
    ``colour``: its fill (a ring's or a square's line); ``edge``: a second colour where the mark has one (the open bar's end).
    ``label`` / ``slide_label``: catalog keys of its name in the dashboard's legend and tooltips / in the deck's legend
    (None: the deck does not show it). ``to_plan``: it runs from its date up to its plan's year ("since 1955").
    """

    id: str
    mark: str
    colour: str
    label: str
    slide_label: str | None = None
    edge: str | None = None
    to_plan: bool = False

    @property
    def is_bar(self) -> bool:
        return self.mark in BAR_MARKS


MARKS = ("bar", "open-bar", "dot", "diamond", "ring", "square")
BAR_MARKS = ("bar", "open-bar")

# In the order of the legends. A new kind of date (pipeline.dates.KINDS) is one line here and its labels.
DATE_KINDS: tuple[DateKind, ...] = (
    DateKind("period", "bar", "#17695f", "tl.period", "stl.period"),
    DateKind("since", "open-bar", "#3f8f83", "tl.since", "stl.since", edge="#17695f", to_plan=True),  # 3.5:1 on the lanes (was #8fcdc1, 1.8:1)
    DateKind("event", "dot", "#1d3557", "tl.event", "stl.event"),
    DateKind("target", "diamond", "#bc002d", "tl.target", "stl.target"),
    DateKind("anniversary", "ring", "#6d597a", "tl.anniversary", "stl.anniversary"),
    DateKind("plan", "square", "#5f6b7a", "tl.plan", "tl.plan"),  # a statement with no date of its own, at its plan's date
)
DATE_KIND = {k.id: k for k in DATE_KINDS}
# The kind of a date, as the dashboard's timeline and the deck's show it: one meaning for colour.
DATE_KIND_COLOURS = {k.id: k.colour for k in DATE_KINDS if k.slide_label}
RIVER = "#3a7cc0"  # 4.3:1 on white (its casing), was #5b9bd5 (3.0:1)
COUNTRY_FILL = "#f7f5f0"
LAOS_FILL, JAPAN_FILL, JAPAN_EDGE = "#8fcdc1", "#f3d3d6", "#c0737d"  # the two countries on the locator maps
COUNTRY_EDGE = "#b9b3a6"
LAOS_EDGE = "#4a4a4a"
SEA = "#dfeaf2"
TEXT = "#1f2933"
# .streamlit/config.toml's textColor. Streamlit draws captions, help and placeholders in it at 60 % opacity from its own
# theme, before any page stylesheet or script: at 60 % this is 4.7:1 or more on every light ground (#1f2933 was 4.0:1).
THEME_TEXT = "#0b1220"
THEME_FADED = 0.6  # the opacity of Streamlit's faded text (its theme's fadedText60)
WHITE = "#ffffff"  # paper: the inside of hollow marks, the edge of filled ones
MUTED = "#5f6b7a"  # secondary text: 4.8:1 or more on every light ground of the interface (was #6b7280)
COUNTRY_LABEL = "#6e665a"  # the neighbouring countries' names on the map: 4.6:1 on land and sea (was #9a9183 in atlas.css)
FOCUS = "#1d3557"  # the keyboard focus ring (with a white ring around it, seen on light and dark ground)
SELECTED_EDGE = "#111827"  # the outline of the places a user selected on the web map (and its legend swatch)
PROVINCE_LABEL_QUIET = "#55606e"  # an exported map's name of a province with no statement
COUNTRY_LABEL_IMAGE = COUNTRY_LABEL  # the countries' names in an exported map: 4.6:1 on its land and sea too (was #a39c8c, 2.2:1)
# The plan history's flows, at the bands' opacity each 3:1 or more on white (tests/test_contrast.py)
FLOW_COLOURS = {"carried": "#2b7bba", "new": "#c26a1a", "dropped": "#66717f"}
LEGEND_EDGE = "#4a4a4a"  # outline of a legend swatch: the lightest class is seen against the legend's white (7.8:1)

# The interface's neutrals and tints (the dashboard's stylesheets, the map's boxes, Present, the exports' frames):
# named by what they do. Apart from the data palettes, like the brand.
INK = "#111827"  # figures and headings in the plan history
LABEL_INK = "#0f172a"  # the web map's names and counts on their white pills
INK_SOFT = "#334155"  # statement kinds, counts in a chip, province names, Present's agenda, the layers icon
INK_HEAD = "#374151"  # the plan history's table heads
INK_QUIET = "#475569"  # figure labels, context, table heads, ticks
INK_QUIETER = "#4b5563"  # the plan history's years, legends and summaries
NOTE_GREY = "#6b7280"  # a note beside a name in the statement detail, the deck's grey
EXACT_EDGE = "#0b1320"  # the edge of a site placed exactly (web map and its legend)
HISTORY_NODE = "#1f3b57"  # a plan in the plan history's alluvial
HISTORY_EVENT = "#6d597a"  # a document that is not a plan, on the plan history's time axis (a diamond)
RULE_GREY = "#9ca3af"  # axis lines, the plan line, outlines of point swatches, a zero
TOOLTIP_EDGE = "#94a3b8"
SWATCH_EDGE = "#9aa3ad"  # the outline of a class swatch (Present, exported legend), the deck timeline's axis
FRAME_EDGE = "#b7bec6"  # the frame of an exported map
INSET_FRAME = "#c6ccd2"  # the frame of an exported map's inset
DASHED_EDGE = "#d1d5db"  # an empty timeline's dashed box
INSET_LABEL_EDGE = "#d4d4d4"
DIVIDER = "#d5dade"  # rules under headers and above footers, the trays' outline
CARD_EDGE = "#e3e8ea"  # the outline of cards, figures, lists and Present's step
HAIRLINE = "#e5e7eb"  # thin rules between rows, grid lines
TINT = "#eef1f2"  # chips, counts, the rule under an open summary
ROW_RULE = "#f1f3f5"
LANE = "#f3f5f6"  # the grey lanes of a timeline, the trays, the whole-country box
PANEL = "#f7f9f9"  # figures and table heads
TEXT_BLOCK = "#fafbfb"  # a statement's full text
HOVER = "#f3f8f7"  # a row under the pointer
HOVER_COOL = "#eef2f7"  # a place in the map's inset list under the pointer
FIGURE_HOVER = "#eef6f4"
CHOSEN = "#e6f2ef"  # a chosen row, a filter chip
BRAND_INK = "#0f4f47"  # text on the brand's tints (chips, a commitment's kind)
HIGHLIGHT = "#fff3c4"  # a found word in the context, the "only" tag
HIGHLIGHT_INK = "#7a5b00"
# A statement's kind: (ground, text) of its tag. The stylesheet's .lm-kind-<kind> rules are made from this table.
STATEMENT_KIND_COLOURS = {
    "commitment": ("#d9efe9", BRAND_INK),
    "acknowledgement": ("#e8edf5", LAO_POINT),
    "goal": ("#fbeee0", "#8a4b0f"),
    "programme": ("#f1e9f5", "#5b3b6e"),
}


def rgba(colour: str, alpha: float) -> str:
    """``colour`` (#rrggbb) at opacity ``alpha`` as CSS ``rgba()``: the translucent grounds and shadows below."""
    h = colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{f'{alpha:g}'.lstrip('0')})"


BLACK = "#000000"
PILL_ALPHA = 0.85  # the white pill under a map label or a count: tests/test_contrast.py reads the text on it
PILL = rgba(WHITE, PILL_ALPHA)
BOX_GROUND = rgba(WHITE, 0.95)  # the map's boxes (legend, trays)
INSET_LABEL_GROUND = rgba(WHITE, 0.9)
PRESENT_LEGEND_GROUND = rgba(WHITE, 0.93)
BOX_SHADOW = rgba(BLACK, 0.22)
PRESENT_SHADOW = rgba(BLACK, 0.18)
TOOLTIP_SHADOW = rgba(LABEL_INK, 0.15)
GROUP_HALO = rgba(LAO_POINT, 0.3)  # the ring around a group of sites in the map's legend


def colours() -> dict[str, str]:
    """Every named colour of this module, by its name in lower case: what the stylesheet templates are given
    (``{{ white }}``) and the map's stylesheet reads as CSS variables (``var(--lm-white)``)."""
    named = {name.lower(): value for name, value in globals().items()
             if name.isupper() and isinstance(value, str) and (value.startswith("#") or value.startswith("rgba("))}
    return named | {f"flow_{flow}": colour for flow, colour in FLOW_COLOURS.items()}


def css_variables() -> str:
    """The colours of ``colours()`` as CSS custom properties (``--lm-white: #ffffff;``), for a plain stylesheet."""
    return " ".join(f"--lm-{name.replace('_', '-')}: {value};" for name, value in colours().items())


THEME_COLOURS = (
    "#1d3557", "#bc002d", "#2a9d8f", "#e07a1f", "#6d597a", "#588157", "#b56576", "#457b9d", "#c9a227",
    "#3d405b", "#81b29a", "#9c6644", "#5e548e", "#e76f51", "#264653", "#8d99ae", "#a4133c", "#006d77",
)


# --------------------------------------------------------------------------- contrast (WCAG 2.1)

TEXT_CONTRAST = 4.5  # text (1.4.3)
GRAPHIC_CONTRAST = 3.0  # graphics that carry meaning, against what they touch (1.4.11)


def _luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (#rrggbb), as WCAG 2.1 defines it."""
    h = colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21): how the tests check every pair the interface draws."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(colour: str, alpha: float, ground: str) -> str:
    """``colour`` at opacity ``alpha`` over ``ground``, as one opaque colour (a translucent label pill over a province)."""
    c, g = colour.lstrip("#"), ground.lstrip("#")
    mix = [round(alpha * int(c[i:i + 2], 16) + (1 - alpha) * int(g[i:i + 2], 16)) for i in (0, 2, 4)]
    return "#" + "".join(f"{v:02x}" for v in mix)


@dataclass(frozen=True)
class CountClass:
    lower: int
    upper: int  # inclusive
    colour: str

    def label(self) -> str:
        if self.lower == self.upper:
            return str(self.lower)
        return f"{self.lower}–{self.upper}"


def count_classes(max_count: int) -> list[CountClass]:
    """Classes for province shading: 0, then up to four classes of roughly equal width."""
    classes = [CountClass(0, 0, CHOROPLETH[0])]
    if max_count <= 0:
        return classes
    if max_count <= 4:
        return classes + [CountClass(i, i, CHOROPLETH[i]) for i in range(1, max_count + 1)]
    # four classes whose last ends at the largest count, so the busiest province is always the darkest
    uppers = sorted({max(1, round(max_count * k / 4)) for k in range(1, 5)})
    lower = 1
    for upper, colour in zip(uppers, CHOROPLETH[-len(uppers):]):
        classes.append(CountClass(lower, upper, colour))
        lower = upper + 1
    return classes


def colour_for(count: int, classes: list[CountClass]) -> str:
    for c in classes:
        if c.lower <= count <= c.upper:
            return c.colour
    return classes[-1].colour


def point_radius(count: int, max_count: int, small: float = 6.0, large: float = 22.0) -> float:
    """Marker radius growing with the square root of the count (area proportional to count)."""
    if max_count <= 0 or count <= 0:
        return small
    return small + (large - small) * (count / max_count) ** 0.5


@dataclass(frozen=True)
class PrecisionStyle:
    code: int  # the IATI/UCDP precision code; its label is ``precision.<code>`` in the catalogs
    dash: str | None  # SVG dash pattern for outlines and lines; None = solid
    fill_opacity: float

    def label(self, lang: str) -> str:
        return t(f"precision.{self.code}", lang)


PRECISION_STYLES = {
    1: PrecisionStyle(1, None, 0.95),
    2: PrecisionStyle(2, None, 0.8),
    3: PrecisionStyle(3, None, 0.75),
    4: PrecisionStyle(4, None, 0.75),
    5: PrecisionStyle(5, "8 6", 0.0),
    6: PrecisionStyle(6, "2 4", 0.0),
    8: PrecisionStyle(8, None, 0.9),
}
