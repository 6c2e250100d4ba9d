"""What imported recordings leave implicit: page coordinates, and dwell from cursor rests.

Both work on one session's events as columns sorted by time (``t`` in ms, ``kind`` codes).
"""

from __future__ import annotations

import numpy as np

from viewer.recording.model import EventKind

_POINTS = np.array([EventKind.MOVE, EventKind.CLICK, EventKind.TAP], dtype=np.uint8)


def page_coordinates(
    t: np.ndarray, kind: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Viewport positions of moves, clicks and taps made page positions: each gets the scroll
    offset (from the ``scroll`` events) in force at its instant, (0, 0) before the first."""
    is_scroll = kind == EventKind.SCROLL
    st, sx, sy = t[is_scroll], x[is_scroll], y[is_scroll]
    if not len(st):
        return x.astype(np.float64), y.astype(np.float64)
    at = np.searchsorted(st, t, side="right") - 1
    known = at >= 0
    ox = np.where(known, sx[np.maximum(at, 0)], 0.0)
    oy = np.where(known, sy[np.maximum(at, 0)], 0.0)
    point = np.isin(kind, _POINTS)
    return np.where(point, x + ox, x), np.where(point, y + oy, y)


def cursor_rests(
    t: np.ndarray,
    kind: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    end_of_session: float,
    min_ms: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Where and for how long the cursor rested: from each move or click to the next one, or to
    the next scroll if sooner (the page moves under a still cursor), or to the session's end.

    Returns
    -------
    (t, x, y, duration)
        The rests of ``min_ms`` or longer.
    """
    pointer = np.flatnonzero((kind == EventKind.MOVE) | (kind == EventKind.CLICK))
    if not len(pointer):
        empty = np.zeros(0)
        return empty, empty, empty, empty
    pt = t[pointer]
    end = np.empty(len(pt), dtype=np.float64)
    end[:-1] = pt[1:]
    end[-1] = end_of_session
    scroll_t = t[kind == EventKind.SCROLL]
    if len(scroll_t):
        nxt = np.searchsorted(scroll_t, pt, side="right")
        next_scroll = scroll_t[np.minimum(nxt, len(scroll_t) - 1)]
        end = np.where(nxt < len(scroll_t), np.minimum(end, next_scroll), end)
    rest = end - pt
    keep = rest >= min_ms
    i = pointer[keep]
    return t[i].astype(np.float64), x[i], y[i], rest[keep]


def with_dwell(t, kind, x, y, value, end_of_session: float, min_ms: float):
    """The columns with a ``dwell`` event added for every cursor rest (see
    :func:`cursor_rests`), still sorted by time."""
    dt, dx, dy, dv = cursor_rests(t, kind, x, y, end_of_session, min_ms)
    if not len(dt):
        return t, kind, x, y, value
    t = np.concatenate([t, dt])
    kind = np.concatenate([kind, np.full(len(dt), EventKind.DWELL, np.uint8)])
    x, y = np.concatenate([x, dx]), np.concatenate([y, dy])
    value = np.concatenate([value, dv])
    order = np.argsort(t, kind="stable")
    return t[order], kind[order], x[order], y[order], value[order]
