"""A quick overview of each session (for the session browser), computed for all at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.analysis.heatmaps import scroll_profile
from viewer.analysis.table import EventTable
from viewer.recording.model import EventKind


@dataclass(frozen=True, eq=False)
class SessionOverview:
    """Per-session columns, in the order of ``table.sessions``.

    Attributes
    ----------
    duration_s
        Length of the visit in seconds.
    events
        Number of events.
    clicks
        Clicks plus taps.
    deepest_px
        The lowest page y the viewport showed (CSS px).
    deepest_share
        ``deepest_px`` as a share of the page height (at most 1).
    start
        Start times as POSIX seconds (for sorting).
    """

    duration_s: np.ndarray
    events: np.ndarray
    clicks: np.ndarray
    deepest_px: np.ndarray
    deepest_share: np.ndarray
    start: np.ndarray


def session_overview(table: EventTable, page_height: float) -> SessionOverview:
    """Duration, event and click counts, and scroll depth of every session in ``table``."""
    n = table.n_sessions
    events = np.diff(table.start).astype(np.int64) if n else np.zeros(0, np.int64)
    is_click = (table.kind == EventKind.CLICK) | (table.kind == EventKind.TAP)
    clicks = np.bincount(table.session[is_click], minlength=n).astype(np.int64)
    profile = scroll_profile(table, page_height, row_px=max(1.0, float(page_height)))
    deepest = np.clip(np.nan_to_num(profile.bottoms, neginf=0.0), 0, None)
    return SessionOverview(
        duration_s=table.end_ms / 1000.0,
        events=events,
        clicks=clicks,
        deepest_px=deepest,
        deepest_share=np.minimum(deepest / max(page_height, 1.0), 1.0),
        start=np.array([s.start.timestamp() for s in table.sessions], dtype=np.float64),
    )
