"""The scroll map's numbers: how far down sessions saw, and for how long, row by row.

Made of parts that add up (:class:`ScrollParts`: per-row view time, each session's lowest
row, the sum of initial viewport heights), so an archive's scroll map is a map-reduce like its
other maps: each month's sessions give their parts, and the profile of all is made once from
the combined parts, equal to the profile of all sessions in memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from viewer.analysis.table import EventTable
from viewer.analysis.viewport import view_segments

#: Why there is no scroll map of sessions that all lack their window size.
NO_WINDOW_SIZE = (
    "a scroll map needs the visitors' window size, which these recordings do not have "
    "(import them again with --viewport WxH)"
)


@dataclass(frozen=True)
class ScrollProfile:
    """How far down sessions saw, and for how long, row by row.

    Attributes
    ----------
    row_px
        Height of one row in CSS px; row ``i`` spans ``[i * row_px, (i + 1) * row_px)``.
    reach
        Share of sessions whose viewport's bottom edge reached each row (0 to 1).
    seconds
        Mean seconds per session each row was in view.
    bottoms
        For each session, the lowest page y its viewport showed (CSS px).
    fold
        The average fold: mean viewport height at the start (CSS px).
    marks
        Page y (CSS px) where reach falls to 75 %, 50 % and 25 %, keyed by that share.
    """

    row_px: float
    reach: np.ndarray
    seconds: np.ndarray
    bottoms: np.ndarray
    fold: float
    marks: dict[float, float] = field(default_factory=dict)

    def reach_at(self, y: float) -> float:
        """Share of sessions whose viewport reached page y."""
        if len(self.bottoms) == 0:
            return 0.0
        return float(np.mean(self.bottoms >= y))


@dataclass(frozen=True, eq=False)
class ScrollParts:
    """What a set of sessions adds to a scroll profile (parts of disjoint sets add up)."""

    view_ms: np.ndarray  # per row boundary: +duration where views start, - where they end
    bottoms: np.ndarray  # each session's lowest page y in view
    heights: float  # the sum of the sessions' initial viewport heights

    def __add__(self, other: ScrollParts) -> ScrollParts:
        return ScrollParts(
            self.view_ms + other.view_ms,
            np.concatenate([self.bottoms, other.bottoms]),
            self.heights + other.heights,
        )


def measured(table: EventTable) -> EventTable:
    """The sessions of ``table`` whose window size was recorded (reach and the fold need it)."""
    if table.viewport_known.all():
        return table
    return table.subset(np.flatnonzero(table.viewport_known))


def scroll_parts(
    table: EventTable, page_height: float, row_px: float = 1.0, t_range=None
) -> ScrollParts:
    """The parts of the profile of ``table``'s sessions (all of them: leave out those of
    unknown window size first, see :func:`measured`)."""
    rows = max(1, math.ceil(page_height / row_px))
    n = table.n_sessions
    if n == 0:
        return ScrollParts(np.zeros(rows + 1), np.zeros(0), 0.0)
    seg = view_segments(table, t_range)
    top = np.clip(seg.y, 0, None)
    bottom = seg.y + seg.height
    r0 = np.clip(np.floor(top / row_px), 0, rows).astype(np.intp)
    r1 = np.clip(np.ceil(bottom / row_px), 0, rows).astype(np.intp)
    view_ms = np.bincount(r0, seg.duration, minlength=rows + 1) - np.bincount(
        r1, seg.duration, minlength=rows + 1
    )
    bottoms = np.full(n, -np.inf)
    np.maximum.at(bottoms, seg.session[seg.shown], bottom[seg.shown])
    return ScrollParts(view_ms, bottoms, float(table.viewport[:, 1].sum()))


def profile_of_parts(parts: ScrollParts, page_height: float, row_px: float) -> ScrollProfile:
    """The :class:`ScrollProfile` of sessions whose parts, added up, are ``parts``."""
    rows = max(1, math.ceil(page_height / row_px))
    n = len(parts.bottoms)
    if n == 0:
        z = np.zeros(rows)
        return ScrollProfile(row_px, z, z.copy(), np.zeros(0), 0.0, {})
    seconds = np.cumsum(parts.view_ms)[:rows] / 1000.0 / n
    centres = (np.arange(rows) + 0.5) * row_px
    sorted_bottoms = np.sort(parts.bottoms)
    reach = (n - np.searchsorted(sorted_bottoms, centres, side="left")) / n
    marks = {}
    for share in (0.75, 0.5, 0.25):
        # The lowest y that at least `share` of all sessions reached.
        y = sorted_bottoms[n - math.ceil(share * n)]
        if np.isfinite(y):
            marks[share] = float(min(page_height, y))
    fold = parts.heights / n
    return ScrollProfile(row_px, reach, np.clip(seconds, 0, None), parts.bottoms, fold, marks)


def scroll_profile(
    table: EventTable,
    page_height: float,
    row_px: float = 1.0,
    t_range: tuple[float, float] | None = None,
) -> ScrollProfile:
    """Reach and time in view for every row of a page (any height: no 40,000 px limit).

    The viewport in force is followed through each session: it starts at scroll 0 with the
    session's initial viewport, and ``scroll`` and ``resize`` events change it. Sessions whose
    window size an importer assumed are left out (the legend says how many).
    """
    if not table.viewport_known.any() and table.n_sessions:
        raise ValueError(NO_WINDOW_SIZE)
    parts = scroll_parts(measured(table), page_height, row_px, t_range)
    return profile_of_parts(parts, page_height, row_px)
