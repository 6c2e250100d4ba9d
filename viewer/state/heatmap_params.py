"""The heatmap's parameters, in one place: type, default, range or choices, labels, the
command-line flag and whether the window remembers it.

Every reader takes them from here: :class:`~viewer.analysis.heatmaps.HeatmapSettings` (its
defaults and checks), the ``heatmap`` command's options, the window's heatmap panel (its
buttons, menus and ranges), the saved settings, the compare view and the legend. Adding a kind
of map or a scale is one edit here (and the code that computes it). Qt-free, like glue's state
objects (``set_choices`` / ``set_display_func``): widgets fill themselves from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a map shows (a ``str``: ``Kind.CLICK == "click"``, so files and flags stay text)."""

    CLICK = "click"
    MOVE = "move"
    DWELL = "dwell"
    SCROLL = "scroll"


class Scale(StrEnum):
    """How values become colours: the map's own peak on top, or fixed units."""

    RELATIVE = "relative"
    ABSOLUTE = "absolute"


class Outcome(StrEnum):
    """Which clicks a click map shows: all, or those after which nothing happened or the page
    logged an error."""

    ALL = "all"
    DEAD = "dead"
    ERROR = "error"


class Anchor(StrEnum):
    """Whether a click map places each click at the same spot of the element it hit."""

    AUTO = "auto"
    ON = "on"
    OFF = "off"


class ScrollMetric(StrEnum):
    """What a scroll map shows of each row."""

    REACH = "reach"
    TIME = "time"


@dataclass(frozen=True)
class Choice:
    """One value of an option: what is stored, the button or menu text, the legend's title."""

    value: str
    label: str
    title: str = ""


@dataclass(frozen=True)
class Param:
    """One heatmap parameter.

    Attributes
    ----------
    name
        The field of ``HeatmapSettings``.
    type
        ``str``, ``float``, ``int`` or ``bool``.
    default
        Its value when nothing says otherwise.
    label
        Its name in the window's form.
    help
        One sentence for tooltips and ``--help``.
    choices
        For enumerations: every allowed value, in display order.
    low, high
        For numbers: the range the window offers (the command line checks only the sign).
    flag
        The command line's option (None: not an option of its own).
    remembered
        Whether the window saves it between runs.
    recolour_only
        Whether a change only recolours the density already computed (no new density).
    """

    name: str
    type: type
    default: Any
    label: str
    help: str
    choices: tuple[Choice, ...] = ()
    low: float | None = None
    high: float | None = None
    flag: str | None = None
    remembered: bool = False
    recolour_only: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice(self, value: str) -> Choice:
        for c in self.choices:
            if c.value == value:
                return c
        raise KeyError(value)


KIND = Param(
    "kind",
    str,
    Kind.CLICK,
    "Map",
    "what the map shows",
    (
        Choice(Kind.CLICK, "Clicks", "Click map"),
        Choice(Kind.MOVE, "Moves", "Move map"),
        Choice(Kind.DWELL, "Dwell", "Dwell map"),
        Choice(Kind.SCROLL, "Scroll", "Scroll map"),
    ),
    flag="--kind",
    remembered=True,
)
SIGMA = Param(
    "sigma",
    float,
    20.0,
    "Kernel",
    "kernel width: the standard deviation of the Gaussian, in CSS px",
    low=4,
    high=120,
    flag="--sigma",
    remembered=True,
)
COLORMAP = Param(
    "colormap",
    str,
    "classic",
    "Colours",
    "the colour scale (classic, inferno, viridis, ...)",
    flag="--colormap",
    remembered=True,
    recolour_only=True,
)
OPACITY = Param(
    "opacity",
    float,
    0.8,
    "Opacity",
    "opacity of the top colour, 0 to 1 (0.8; 0.45 for scroll maps)",
    low=0.05,
    high=1.0,
    flag="--opacity",
    remembered=True,
    recolour_only=True,
)
SCALE = Param(
    "scale",
    str,
    Scale.RELATIVE,
    "Scale",
    "relative: the map's peak is the top colour; absolute: fixed units, comparable across maps",
    (
        Choice(Scale.RELATIVE, "Relative (map's own peak)"),
        Choice(Scale.ABSOLUTE, "Absolute (per 1,000 sessions)"),
    ),
    flag="--scale",
    remembered=True,
)
VMAX = Param(
    "vmax",
    float,
    None,
    "Top of scale",
    "with the absolute scale: the value given the top colour (default: just above the peak)",
    flag="--vmax",
)
SCROLL_METRIC = Param(
    "scroll_metric",
    str,
    ScrollMetric.REACH,
    "Show",
    "what a scroll map shows of each row",
    (
        Choice(ScrollMetric.REACH, "Reach (share of sessions)"),
        Choice(ScrollMetric.TIME, "Time in view"),
    ),
    flag="--scroll-metric",
)
MIN_SESSIONS = Param(
    "min_sessions",
    int,
    0,
    "Hide spots",
    "hide the spots that fewer than this many sessions made, so that a handful of visitors "
    "cannot make a hot spot (0: hide nothing)",
    low=0,
    high=100,
    flag="--min-sessions",
    remembered=True,
)
OUTCOME = Param(
    "outcome",
    str,
    Outcome.ALL,
    "Which clicks",
    "a click map of every click, of dead clicks (nothing happened within the dead-click "
    "time) or of clicks followed by a console error",
    (
        Choice(Outcome.ALL, "All clicks", "Click map"),
        Choice(Outcome.DEAD, "Dead clicks", "Dead-click map"),
        Choice(Outcome.ERROR, "Error clicks", "Error-click map"),
    ),
    flag="--clicks-of",
)
ANCHOR = Param(
    "anchor",
    str,
    Anchor.AUTO,
    "On elements",
    "place each click at the same spot of the element it hit on this screenshot (auto: when "
    "the sessions have several viewport widths)",
    (
        Choice(Anchor.AUTO, "Auto (several widths)"),
        Choice(Anchor.ON, "On their elements"),
        Choice(Anchor.OFF, "Where they were"),
    ),
    flag="--anchor",
    remembered=True,
)
DEAD_MS = Param(
    "dead_ms",
    float,
    1000.0,
    "Dead after",
    "a click is dead when nothing happened on the page this many ms after it (and an error "
    "click when the console logged an error within as long)",
    low=100,
    high=10_000,
    flag="--dead-ms",
    remembered=True,
)
CLICKS = Param("clicks", bool, True, "Clicks", "a click map counts clicks (of the left button)")
TAPS = Param("taps", bool, True, "Taps", "a click map counts taps")

PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        KIND,
        SIGMA,
        COLORMAP,
        OPACITY,
        SCALE,
        VMAX,
        SCROLL_METRIC,
        MIN_SESSIONS,
        CLICKS,
        TAPS,
        OUTCOME,
        ANCHOR,
        DEAD_MS,
    )
}

#: Opacity of the top colour by kind: a scroll map covers the whole page, so it is lighter.
DEFAULT_OPACITY = {Kind.CLICK: 0.8, Kind.MOVE: 0.8, Kind.DWELL: 0.8, Kind.SCROLL: 0.45}

#: The kinds a difference map can be made of (a scroll map is one number per row).
COMPARABLE_KINDS = (Kind.CLICK, Kind.MOVE, Kind.DWELL)

#: The parameters the window saves between runs, with their types.
REMEMBERED = {p.name: p.type for p in PARAMS.values() if p.remembered}

#: The parameters whose change only recolours the map.
RECOLOUR_ONLY = frozenset(p.name for p in PARAMS.values() if p.recolour_only)


def kind_title(kind: str, outcome: str = Outcome.ALL) -> str:
    """The legend's title of a map kind ("Click map", "Dead-click map")."""
    if kind == Kind.CLICK and outcome != Outcome.ALL:
        return OUTCOME.choice(outcome).title
    return KIND.choice(kind).title
