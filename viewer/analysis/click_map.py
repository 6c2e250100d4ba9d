"""The points of a click map: which clicks (all, dead or error clicks) and where (as recorded,
or on their elements), with the counts its legend gives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.analysis.anchoring import anchor_clicks, anchoring_on
from viewer.analysis.elements import ClickRules, click_outcomes
from viewer.analysis.heatmaps import Points, click_mask, click_points
from viewer.analysis.table import EventTable
from viewer.recording.model import Page
from viewer.state.heatmap_params import Outcome
from viewer.state.heatmap_settings import HeatmapSettings


@dataclass(frozen=True)
class Placement:
    """What a click map did with its clicks, for its legend.

    Attributes
    ----------
    anchored
        Whether clicks were placed on their elements at all.
    placed, stayed
        Clicks placed on their element; clicks that stayed where they were (no element, or
        none on the screenshot).
    unjudged
        For a dead- or error-click map: clicks that could not be judged (not in the map).
    widths
        The sessions' viewport widths.
    """

    anchored: bool
    placed: int = 0
    stayed: int = 0
    unjudged: int = 0
    widths: tuple[int, ...] = ()


def click_map_points(
    table: EventTable, settings: HeatmapSettings, page: Page | None
) -> tuple[Points, Placement]:
    """The points of a click map of ``table`` as ``settings`` ask, and what was done."""
    s = settings
    anchored = page is not None and anchoring_on(table, s.anchor)
    if s.outcome == Outcome.ALL and not anchored:
        return click_points(table, s.clicks, s.taps, s.t_range), Placement(
            False, widths=_widths(table)
        )
    idx = np.flatnonzero(click_mask(table, s.clicks, s.taps, s.t_range))
    unjudged = 0
    if s.outcome != Outcome.ALL:
        out = click_outcomes(table, ClickRules(dead_ms=s.dead_ms, error_ms=s.dead_ms))
        hit = out.dead if s.outcome == Outcome.DEAD else out.error
        known = out.dead_known if s.outcome == Outcome.DEAD else out.error_known
        at = np.searchsorted(out.rows, idx)
        keep = hit[at]
        unjudged = int((~known[at]).sum())
        idx = idx[keep]
    x = table.x[idx].astype(np.float64)
    y = table.y[idx].astype(np.float64)
    placed = stayed = 0
    if anchored:
        a = anchor_clicks(table, page)
        at = np.searchsorted(a.rows, idx)
        x, y = a.x[at], a.y[at]
        placed = int(a.moved[at].sum())
        stayed = len(idx) - placed
    points = Points(x, y, None, table.session[idx])
    return points, Placement(anchored, placed, stayed, unjudged, _widths(table))


def _widths(table: EventTable) -> tuple[int, ...]:
    return tuple(sorted({int(w) for w in table.viewport[:, 0]}))
