"""What part of the page each session's viewport showed, and when: its timeline as segments.

A session starts at scroll (0, 0) with its initial viewport; each ``scroll`` event moves the
viewport and each ``resize`` changes its size. Between two such events the view is constant:
one segment. Scroll maps, region impressions and metrics all read the same segments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.analysis.table import EventTable
from viewer.recording.model import EventKind


@dataclass(frozen=True, eq=False)
class ViewSegments:
    """Stretches of time with a constant view, for all sessions of a table, session by session.

    Attributes
    ----------
    session
        Position of the segment's session in the table.
    start, end
        The stretch (ms since the session started); ``end`` is the next change or the end.
    x, y, width, height
        The viewport on the page during the stretch (CSS px).
    duration
        ``end - start``, or the part inside the time range asked for.
    shown
        Whether the view was on screen at all inside the time range (a view shown for an instant
        counts).
    """

    session: np.ndarray
    start: np.ndarray
    end: np.ndarray
    x: np.ndarray
    y: np.ndarray
    width: np.ndarray
    height: np.ndarray
    duration: np.ndarray
    shown: np.ndarray

    @property
    def bottom(self) -> np.ndarray:
        return self.y + self.height

    def visible_share(self, rect: tuple[float, float, float, float]) -> np.ndarray:
        """The share of ``rect`` (x, y, w, h on the page) each segment's view showed."""
        rx, ry, rw, rh = rect
        ox = np.clip(np.minimum(self.x + self.width, rx + rw) - np.maximum(self.x, rx), 0, None)
        oy = np.clip(np.minimum(self.y + self.height, ry + rh) - np.maximum(self.y, ry), 0, None)
        return ox * oy / max(rw * rh, 1e-9)


def view_segments(table: EventTable, t_range: tuple[float, float] | None = None) -> ViewSegments:
    """The view segments of every session in ``table`` (optionally limited to a time range)."""
    n = table.n_sessions
    m = table.mask(EventKind.SCROLL, EventKind.RESIZE)
    kind = table.kind[m]
    is_scroll = kind == EventKind.SCROLL
    is_resize = kind == EventKind.RESIZE
    # One start row per session (scroll 0, initial viewport), then its changes; a scroll sets
    # x and y, a resize sets width and height, and everything else carries forward.
    sid = np.concatenate([np.arange(n, dtype=np.int32), table.session[m]])
    t = np.concatenate([np.zeros(n), table.t[m].astype(np.float64)])
    is_change = np.concatenate([np.zeros(n, bool), np.ones(len(kind), bool)])
    cols = {
        "x": (np.zeros(n), np.where(is_scroll, table.x[m], np.nan)),
        "y": (np.zeros(n), np.where(is_scroll, table.y[m], np.nan)),
        "width": (table.viewport[:, 0], np.where(is_resize, table.x[m], np.nan)),
        "height": (table.viewport[:, 1], np.where(is_resize, table.y[m], np.nan)),
    }
    if len(kind) == 0 or table.t[m].min() >= 0:
        # The table's events are by session and in time order, so the start rows (t = 0)
        # merged before each session's changes is a stable sort by session: a merge of two
        # sorted runs, not a three-key sort.
        order = np.argsort(sid, kind="stable")
    else:
        order = np.lexsort((is_change, t, sid))
    sid, t = sid[order], t[order]
    values = {k: _forward_fill(np.concatenate(v)[order]) for k, v in cols.items()}
    nxt = np.empty_like(t)
    nxt[:-1] = t[1:]
    last = np.ones(len(t), dtype=bool)
    last[:-1] = sid[1:] != sid[:-1]
    nxt[last] = np.maximum(table.end_ms[sid[last]], t[last])
    if t_range is None:
        shown = np.ones(len(t), dtype=bool)
        duration = nxt - t
    else:
        t0, t1 = t_range
        lo, hi = np.maximum(t, t0), np.minimum(nxt, t1)
        # Seen in the range: for some time, or for an instant inside it.
        shown = (hi > lo) | ((t == nxt) & (t >= t0) & (t < t1))
        duration = np.clip(hi - lo, 0.0, None)
    return ViewSegments(
        sid, t, nxt, values["x"], values["y"], values["width"], values["height"], duration, shown
    )


def _forward_fill(a: np.ndarray) -> np.ndarray:
    valid = ~np.isnan(a)
    idx = np.where(valid, np.arange(len(a)), 0)
    np.maximum.accumulate(idx, out=idx)
    return a[idx]
