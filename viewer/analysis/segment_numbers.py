"""What the metrics panel and the compare view show, computed from masks over a page's sessions.

The window keeps one :class:`~viewer.analysis.metrics.SessionMetrics` and one list of
:class:`~viewer.analysis.regions.RegionSessions` per page; a segment is a boolean mask over
them, so changing the segment only re-aggregates (no event is read again).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viewer.analysis.metrics import Aggregate, SessionMetrics, aggregate
from viewer.analysis.regions import RegionSessions, RegionStats
from viewer.analysis.report import RATES, trend_measure
from viewer.analysis.stats import Difference, Rate, difference
from viewer.analysis.trends import TrendPoint, trend


@dataclass(frozen=True)
class SegmentNumbers:
    """A segment's metrics, its regions' numbers, one selected session and one trend."""

    aggregate: Aggregate
    regions: list[RegionStats]
    session: dict | None
    trend: list[TrendPoint]
    trend_name: str


def segment_numbers(
    metrics: SessionMetrics,
    per_region: list[RegionSessions],
    starts: Sequence[_dt.datetime],
    mask: np.ndarray,
    selected: int | None = None,
    trend_name: str = "interaction rate",
    unit: str = "month",
) -> SegmentNumbers:
    """Aggregate the sessions ``mask`` selects, and follow ``trend_name`` over their dates.

    Parameters
    ----------
    metrics, per_region
        Every session's metrics and region numbers (in the page's session order).
    starts
        When each session started (same order).
    mask
        The segment.
    selected
        Position of one session to describe, or None.
    trend_name, unit
        The measure followed over time (see :func:`~viewer.analysis.report.trend_names`),
        per ``day``, ``week`` or ``month``; an unknown name gives no trend.
    """
    mask = np.asarray(mask, dtype=bool)
    inside = np.flatnonzero(mask)
    try:
        measure = trend_measure(trend_name, metrics, per_region)
    except KeyError:
        points = []
    else:
        whole = np.zeros(len(mask), dtype=bool)

        def within_segment(m: np.ndarray):
            # trend() masks the segment's own sessions; the measure wants the page's order.
            whole[:] = False
            whole[inside[m]] = True
            return measure(whole)

        points = trend([starts[i] for i in inside], within_segment, unit) if len(inside) else []
    return SegmentNumbers(
        aggregate=aggregate(metrics, mask),
        regions=[rs.summary(mask) for rs in per_region],
        session=metrics.row(selected) if selected is not None else None,
        trend=points,
        trend_name=trend_name,
    )


@dataclass(frozen=True)
class RateRow:
    """One rate of two segments and ``a - b``."""

    name: str
    a: Rate
    b: Rate
    difference: Difference


def rate_rows(
    metrics: SessionMetrics,
    per_region: list[RegionSessions],
    mask_a: np.ndarray,
    mask_b: np.ndarray,
) -> list[RateRow]:
    """Every rate of the stats report, and every region's CTR, for segments A and B, with the
    difference A - B, its 95 % interval and the two-proportion test's p-value."""
    agg_a, agg_b = aggregate(metrics, mask_a), aggregate(metrics, mask_b)
    rows = [
        RateRow(name, get(agg_a), get(agg_b), difference(get(agg_a), get(agg_b)))
        for name, get in RATES.items()
    ]
    for rs in per_region:
        a, b = rs.summary(mask_a).ctr, rs.summary(mask_b).ctr
        rows.append(RateRow(f"CTR: {rs.region.name}", a, b, difference(a, b)))
    return rows
