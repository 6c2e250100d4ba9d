"""How replay overlays look, shared by the window (Qt) and clip export (Pillow)."""

from __future__ import annotations

#: RGB colours.
TRAIL = (79, 70, 229)
CURSOR_FILL = (255, 255, 255)
CURSOR_EDGE = (17, 24, 39)
CLICK = (239, 68, 68)
TAP = (245, 158, 11)
DWELL = (16, 185, 129)
VIEWPORT_FRAME = (79, 70, 229)

#: Timeline marker colours by marker kind.
MARKER_COLOURS = {
    "click": (239, 68, 68),
    "tap": (245, 158, 11),
    "dead": (100, 116, 139),  # slate: a click that changed nothing
    "error": (219, 39, 119),  # pink: a click the console answered with an error
    "rage": (190, 18, 60),
    "dwell": (16, 185, 129),
    "scroll": (59, 130, 246),
    "resize": (139, 92, 246),
    "scroll-start": (59, 130, 246),  # the event list's scroll gestures
}

#: Sizes in screen px (independent of zoom).
TRAIL_WIDTH = 3.0
RIPPLE_MAX_RADIUS = 26.0
TAP_RADIUS = 18.0
DWELL_MAX_RADIUS = 30.0
CURSOR_HEIGHT = 20.0

#: The arrow pointer as (x, y) points, tip at (0, 0), in units of CURSOR_HEIGHT.
CURSOR_SHAPE = (
    (0.0, 0.0),
    (0.0, 1.0),
    (0.26, 0.76),
    (0.44, 1.12),
    (0.56, 1.06),
    (0.39, 0.71),
    (0.72, 0.71),
)


def ripple(age_ms: float, ripple_ms: float) -> tuple[float, float]:
    """Radius (in units of the maximum) and opacity of a click ripple ``age_ms`` old."""
    f = min(max(age_ms / ripple_ms, 0.0), 1.0)
    return 0.25 + 0.75 * f, 1.0 - f


def dwell_ring(elapsed_ms: float, duration_ms: float) -> float:
    """Radius (in units of the maximum) of the ring of a rest ``elapsed_ms`` in: it grows for
    three seconds, then stays."""
    return 0.3 + 0.7 * min(elapsed_ms / 3000.0, 1.0)
