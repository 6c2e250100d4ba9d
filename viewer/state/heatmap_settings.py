"""The settings that decide a heatmap, checked against the one table of its parameters.

Qt-free and free of any computing: the analysis computes with them, the window's state holds
them, exports store them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from viewer.state import heatmap_params as params

# The choices and defaults come from the one table of the heatmap's parameters.
KINDS = params.KIND.values
DEFAULT_OPACITY = params.DEFAULT_OPACITY
SCALES = params.SCALE.values
SCROLL_METRICS = params.SCROLL_METRIC.values
OUTCOMES = params.OUTCOME.values
ANCHORS = params.ANCHOR.values


@dataclass(frozen=True)
class HeatmapSettings:
    """Everything that decides a heatmap; stored in exported PNGs so an export can be redone.

    Attributes
    ----------
    kind
        ``click``, ``move``, ``dwell`` or ``scroll``.
    sigma
        Kernel standard deviation in CSS px.
    colormap
        A name from :func:`viewer.render.colormaps.available`.
    opacity
        Of the most intense colour, 0 to 1.
    scale
        ``relative`` or ``absolute``.
    vmax
        With ``absolute``: the value (in the map's units) given the top colour; None picks a
        round number just above the peak.
    clicks, taps
        Which of them a click map counts.
    move_cap_ms, dwell_cap_ms
        The most one move sample or one dwell may weigh.
    scroll_metric
        ``reach`` (share of sessions) or ``time`` (mean seconds in view).
    min_sessions
        Hide the spots (cells) that fewer than this many sessions have a point near (within
        two kernel widths); 0 or 1 hides nothing. Not for scroll maps.
    t_range
        Only events with ``t0 <= t < t1`` (ms since each session's start).
    outcome
        Which clicks a click map shows: ``all``, ``dead`` or ``error``.
    anchor
        ``auto``, ``on`` or ``off``: whether a click map places each click at the same spot
        of its element on the screenshot (auto: when the sessions have several widths).
    dead_ms
        A click is dead when nothing happened this long after it (ms).
    """

    kind: str = params.KIND.default
    sigma: float = params.SIGMA.default
    colormap: str = params.COLORMAP.default
    opacity: float = params.OPACITY.default
    scale: str = params.SCALE.default
    vmax: float | None = params.VMAX.default
    clicks: bool = params.CLICKS.default
    taps: bool = params.TAPS.default
    move_cap_ms: float = 2000.0
    dwell_cap_ms: float = 30000.0
    scroll_metric: str = params.SCROLL_METRIC.default
    min_sessions: int = params.MIN_SESSIONS.default
    t_range: tuple[float, float] | None = None
    outcome: str = params.OUTCOME.default
    anchor: str = params.ANCHOR.default
    dead_ms: float = params.DEAD_MS.default

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown heatmap kind {self.kind!r}; choose {', '.join(KINDS)}")
        if self.scale not in SCALES:
            raise ValueError(f"unknown scale {self.scale!r}; choose {', '.join(SCALES)}")
        if self.scroll_metric not in SCROLL_METRICS:
            raise ValueError(f"unknown scroll metric {self.scroll_metric!r}")
        if not (self.sigma > 0 and math.isfinite(self.sigma)):
            raise ValueError("sigma must be a positive number of CSS px")
        if not 0 <= self.opacity <= 1:
            raise ValueError("opacity must be between 0 and 1")
        if self.vmax is not None and not (self.vmax > 0 and math.isfinite(self.vmax)):
            raise ValueError("vmax must be a positive number")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown clicks {self.outcome!r}; choose {', '.join(OUTCOMES)}")
        if self.anchor not in ANCHORS:
            raise ValueError(f"unknown anchoring {self.anchor!r}; choose {', '.join(ANCHORS)}")
        if not (self.dead_ms > 0 and math.isfinite(self.dead_ms)):
            raise ValueError("the dead-click time must be a positive number of ms")
        if not (isinstance(self.min_sessions, int) and self.min_sessions >= 0):
            raise ValueError("min_sessions must be a whole number, 0 or more")

    @classmethod
    def for_kind(cls, kind: str, **changes) -> HeatmapSettings:
        """Settings with the defaults that suit ``kind`` (e.g. a lighter scroll map)."""
        return cls(kind=kind, **{"opacity": DEFAULT_OPACITY[kind], **changes})

    def with_(self, **changes) -> HeatmapSettings:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
