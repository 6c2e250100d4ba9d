"""Sessions picked from the map: those that clicked near a point, or clicked or saw a region.

So that "who clicked here?" is one click away from the map (asked for at PostHog, never shipped
there): the window makes them the selection the map and the numbers are computed over.
"""

from __future__ import annotations

import numpy as np

from viewer.analysis.heatmaps import click_points
from viewer.analysis.table import EventTable


def clicked_near(table: EventTable, x: float, y: float, radius: float) -> np.ndarray:
    """Which sessions of ``table`` (a bool per session, in table order) have a click or a tap
    within ``radius`` CSS px of (x, y)."""
    points = click_points(table)
    near = (points.x - x) ** 2 + (points.y - y) ** 2 <= radius * radius
    chosen = np.zeros(table.n_sessions, dtype=bool)
    chosen[np.unique(points.session[near])] = True
    return chosen
