"""The numbers ``session-viewer stats`` prints: metrics and region CTRs per group, differences,
and trends, as plain data (the command line formats them as a table, CSV or JSON)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from viewer.analysis.element_report import ElementsReport
from viewer.analysis.metrics import (
    REACH_LEVELS,
    Aggregate,
    MetricRules,
    SessionMetrics,
    aggregate,
    session_metrics,
)
from viewer.analysis.regions import (
    Region,
    RegionRules,
    RegionSessions,
    RegionStats,
    region_sessions,
)
from viewer.analysis.stats import Difference, Mean, Rate, difference
from viewer.analysis.table import EventTable
from viewer.analysis.trends import Measure, TrendPoint, trend
from viewer.recording.model import Page, Session

#: The rates compared between groups, by name: how to get each from an Aggregate.
RATES = {
    "interaction rate": lambda a: a.interaction_rate,
    "bounce rate": lambda a: a.bounce_rate,
    "sessions with rage clicks": lambda a: a.rage_share,
    **{f"reached {s:.0%} of the page": (lambda a, s=s: a.reach[s]) for s in REACH_LEVELS},
}


#: The measures followed over time (besides each region's CTR, named ``CTR: <region>``).
TREND_MEASURES = (
    "interaction rate",
    "sessions with rage clicks",
    "reached 50% of the page",
    "duration (s)",
)


def trend_names(per_region: list[RegionSessions]) -> list[str]:
    """Every measure that can be followed over time, for these regions."""
    return [*TREND_MEASURES, *(f"CTR: {rs.region.name}" for rs in per_region)]


def trend_measure(
    name: str, metrics: SessionMetrics, per_region: list[RegionSessions] = ()
) -> Measure:
    """The measure called ``name`` (see :func:`trend_names`) of the sessions a mask selects.

    Raises
    ------
    KeyError
        For a name that is not a measure (or a region that is not among ``per_region``).
    """
    if name == "interaction rate":
        return lambda m: Rate.of(int((metrics.interactions[m] > 0).sum()), int(m.sum()))
    if name == "sessions with rage clicks":
        return lambda m: Rate.of(int((metrics.rage_bursts[m] > 0).sum()), int(m.sum()))
    if name == "reached 50% of the page":

        def half(m):
            known = m & np.isfinite(metrics.deepest_share)
            return Rate.of(int((metrics.deepest_share[known] >= 0.5).sum()), int(known.sum()))

        return half
    if name == "duration (s)":
        return lambda m: Mean.of(metrics.duration_s[m])
    for rs in per_region:
        if name == f"CTR: {rs.region.name}":
            return lambda m, rs=rs: Rate.of(int((rs.clicked & m).sum()), int((rs.seen & m).sum()))
    raise KeyError(name)


@dataclass
class Group:
    """One group of sessions (all, or one value of the ``--by`` tag)."""

    name: str
    mask: np.ndarray
    metrics: Aggregate
    regions: list[RegionStats]


@dataclass
class Report:
    """Everything about a set of sessions of one page."""

    page: Page
    sessions: int
    by: str | None
    groups: list[Group]
    differences: dict[str, Difference] = field(default_factory=dict)  # rate -> B - A
    region_differences: dict[str, Difference] = field(default_factory=dict)
    trends: dict[str, list[TrendPoint]] = field(default_factory=dict)
    elements: ElementsReport | None = None  # with ``stats --elements``

    def to_dict(self) -> dict:
        def diff(d: Difference) -> dict:
            return {
                "value": _num(d.value),
                "low": _num(d.low),
                "high": _num(d.high),
                "p_value": _num(d.p_value),
            }

        return {
            "page": self.page.id,
            "sessions": self.sessions,
            "by": self.by,
            "groups": [
                {
                    "name": g.name,
                    "metrics": g.metrics.to_dict(),
                    "regions": [r.to_dict() for r in g.regions],
                }
                for g in self.groups
            ],
            "differences": {k: diff(v) for k, v in self.differences.items()},
            "region_differences": {k: diff(v) for k, v in self.region_differences.items()},
            "trends": {k: [p.to_dict() for p in v] for k, v in self.trends.items()},
            **({"elements": self.elements.to_dict()} if self.elements is not None else {}),
        }


def _num(v: float):
    return None if v is None or math.isnan(v) else round(float(v), 6)


def build_report(
    page: Page,
    sessions: list[Session],
    regions: list[Region] | None = None,
    by: str | None = None,
    trend_unit: str | None = None,
    rules: MetricRules = MetricRules(),  # noqa: B008 - frozen
    region_rules: RegionRules = RegionRules(),  # noqa: B008 - frozen
) -> Report:
    """Metrics, region numbers, group differences and trends for ``sessions`` of ``page``.

    With ``by`` (a tag such as ``variant``, or ``device``) there is one group per value; with
    exactly two groups each rate and region CTR also gets the difference (second minus first)
    with its interval and p-value.
    """
    table = EventTable.from_sessions(sessions)
    metrics = session_metrics(table, page.height, rules)
    per_region = region_sessions(table, regions or [], region_rules)
    values = None
    if by is not None:
        values = np.array(
            [s.device if by == "device" else s.tags.get(by, "(none)") for s in sessions], dtype=str
        )
    return report_of(page, metrics, per_region, [s.start for s in sessions], by, values, trend_unit)


def report_of(
    page: Page,
    metrics: SessionMetrics,
    per_region: list[RegionSessions],
    starts: list,
    by: str | None = None,
    values: np.ndarray | None = None,
    trend_unit: str | None = None,
) -> Report:
    """The :class:`Report` of sessions given by their metrics, region numbers and starts
    (one entry each, in one order); ``values``: each session's group when ``by`` is given.
    (:func:`build_report` computes these from sessions; an archive reads them from its
    sessions table and its map tasks.)"""
    n = len(metrics)
    if by is None:
        names = ["all sessions"]
        masks = [np.ones(n, dtype=bool)]
    else:
        names = sorted(set(values.tolist()))
        masks = [values == v for v in names]
    groups = [
        Group(
            f"{by}={name}" if by else name,
            mask,
            aggregate(metrics, mask),
            [rs.summary(mask) for rs in per_region],
        )
        for name, mask in zip(names, masks, strict=True)
    ]
    report = Report(page, n, by, groups)
    if len(groups) == 2:
        first, second = groups
        for name, get in RATES.items():
            report.differences[name] = difference(get(second.metrics), get(first.metrics))
        for r1, r2 in zip(first.regions, second.regions, strict=True):
            report.region_differences[r1.region.name] = difference(r2.ctr, r1.ctr)
    if trend_unit is not None and n:
        for name in trend_names(per_region):
            measure = trend_measure(name, metrics, per_region)
            report.trends[name] = trend(starts, measure, trend_unit)
    return report
