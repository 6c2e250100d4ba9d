"""The list of what a visitor did, beside the replay: one row per thing a person would step to.

Rows are the timeline's markers (clicks, taps, rage bursts, rests, scroll milestones, resizes)
and the start of each scroll gesture, in time order, as columns (no Python object per row, so a
session of hours lists at once). Stepping with Shift+Left/Right goes from row to row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.recording.model import EventKind
from viewer.replay.playhead import GESTURE_GAP_MS, MARKER_KINDS, Playhead

#: Each row kind's name in the list.
KIND_NAMES = {
    "click": "Click",
    "tap": "Tap",
    "dead": "Dead click",
    "error": "Error click",
    "rage": "Rage click",
    "dwell": "Rest",
    "scroll": "Scroll depth",
    "resize": "Resize",
    "scroll-start": "Scroll",
}


@dataclass(frozen=True)
class EventRows:
    """The rows, in time order.

    Attributes
    ----------
    t
        When, in ms from the session's start.
    kind
        Each row's kind: a key of :data:`KIND_NAMES`.
    x, y
        Where on the page (CSS px), NaN where there is no one place.
    detail
        What happened, in words.
    element
        The page element, when the recording names it ("" otherwise).
    """

    t: np.ndarray
    kind: tuple[str, ...]
    x: np.ndarray
    y: np.ndarray
    detail: tuple[str, ...]
    element: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.t)

    def row_at(self, t: float) -> int:
        """The row in force at ``t``: the last one at or before it (-1 before the first)."""
        return int(np.searchsorted(self.t, t, side="right")) - 1

    def where(self, i: int) -> str:
        """Row ``i``'s position in words ("412, 230"; "" where there is none)."""
        x, y = self.x[i], self.y[i]
        if np.isnan(y):
            return ""
        return f"{x:,.0f}, {y:,.0f}" if not np.isnan(x) else f"y {y:,.0f}"


def event_rows(playhead: Playhead) -> EventRows:
    """The rows of ``playhead``'s session."""
    m = playhead.markers
    ev = playhead.session.events
    scroll = ev.kind == EventKind.SCROLL
    st, sy = ev.t[scroll].astype(np.float64), ev.y[scroll].astype(np.float64)
    starts = np.diff(st, prepend=-np.inf) > GESTURE_GAP_MS
    # Each gesture's row says where it ended: the scroll offset at its last sample.
    gesture = np.cumsum(starts) - 1
    ends = np.zeros(int(starts.sum()))
    ends[gesture] = sy  # later samples of a gesture overwrite earlier ones
    t = np.concatenate([m.t.astype(np.float64), st[starts]])
    kinds = [MARKER_KINDS[k] for k in m.kind] + ["scroll-start"] * int(starts.sum())
    x = np.concatenate([m.x, np.full(int(starts.sum()), np.nan)])
    y = np.concatenate([m.y, ends])
    details = list(m.label) + [f"scrolled to {e:,.0f} px" for e in ends]
    elements = list(m.element) + [""] * int(starts.sum())
    order = np.argsort(t, kind="stable")
    return EventRows(
        t[order],
        tuple(kinds[i] for i in order),
        x[order],
        y[order],
        tuple(details[i] for i in order),
        tuple(elements[i] for i in order),
    )
