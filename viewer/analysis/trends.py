"""Trends: an aggregate per day, week or month, judged against the page's own recent past.

For each period the baseline is every session of the preceding window (by default the 6 months
before the period starts: how marketing teams judge "good" for their own page). A period is
marked ``above`` or ``below`` when its value lies outside the baseline's 95 % interval and the
difference is not a small-sample wobble (a two-proportion test at 5 % for rates), ``within``
otherwise, and ``n/a`` without a baseline.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from viewer.analysis.stats import Mean, Rate, two_proportion_p

UNITS = ("day", "week", "month")


def period_start(moment: _dt.datetime, unit: str) -> _dt.date:
    """The first day of the period (UTC) that ``moment`` falls in (weeks start on Monday)."""
    day = moment.astimezone(_dt.UTC).date()
    if unit == "day":
        return day
    if unit == "week":
        return day - _dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {unit!r}; choose {', '.join(UNITS)}")


def months_before(day: _dt.date, months: int) -> _dt.date:
    """The same day ``months`` months earlier (clamped to the month's last day)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = m + 1
    last = (_dt.date(y + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)).day
    return _dt.date(y, month, min(day.day, last))


@dataclass(frozen=True)
class TrendPoint:
    """One period of a trend."""

    period: _dt.date
    sessions: int
    value: float
    low: float
    high: float
    baseline: float
    baseline_low: float
    baseline_high: float
    baseline_sessions: int
    verdict: str  # "above", "below", "within" or "n/a"

    def to_dict(self) -> dict:
        def num(v):
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

        return {
            "period": self.period.isoformat(),
            "sessions": self.sessions,
            "value": num(self.value),
            "low": num(self.low),
            "high": num(self.high),
            "baseline": num(self.baseline),
            "baseline_low": num(self.baseline_low),
            "baseline_high": num(self.baseline_high),
            "baseline_sessions": self.baseline_sessions,
            "verdict": self.verdict,
        }


Measure = Callable[[np.ndarray], Rate | Mean]
"""A measure of a set of sessions given as a boolean mask: a Rate or a Mean."""


def trend(
    starts: Sequence[_dt.datetime],
    measure: Measure,
    unit: str = "month",
    baseline_months: int = 6,
) -> list[TrendPoint]:
    """The measure per period, each against the baseline of the ``baseline_months`` before it.

    Parameters
    ----------
    starts
        When each session started.
    measure
        Computes the aggregate of the sessions selected by a mask.
    unit
        ``day``, ``week`` or ``month``.
    baseline_months
        How far back the baseline reaches.
    """
    keys = np.array([period_start(s, unit).toordinal() for s in starts], dtype=np.int64)
    days = np.array([s.astimezone(_dt.UTC).date().toordinal() for s in starts], dtype=np.int64)
    points = []
    for key in np.unique(keys):
        day = _dt.date.fromordinal(int(key))
        current = measure(keys == key)
        window = (days >= months_before(day, baseline_months).toordinal()) & (days < key)
        base = measure(window)
        value, low, high, _ = _numbers(current)
        b_value, b_low, b_high, b_n = _numbers(base)
        if b_n == 0 or math.isnan(b_low) or math.isnan(value):
            verdict = "n/a"
        elif value > b_high + 1e-12 and _differs(current, base):
            verdict = "above"
        elif value < b_low - 1e-12 and _differs(current, base):
            verdict = "below"
        else:
            verdict = "within"
        points.append(
            TrendPoint(
                day,
                int((keys == key).sum()),
                value,
                low,
                high,
                b_value,
                b_low,
                b_high,
                int(window.sum()),
                verdict,
            )
        )
    return points


def _differs(current: Rate | Mean, base: Rate | Mean) -> bool:
    """Whether the period really differs from its baseline (not just a small-sample wobble):
    a two-proportion test at 5 % for rates; for means, the period's own interval must also
    leave out the baseline's value."""
    if isinstance(current, Rate) and isinstance(base, Rate):
        return two_proportion_p(current.k, current.n, base.k, base.n) < 0.05
    return not (current.low <= base.value <= current.high)


def _numbers(m: Rate | Mean) -> tuple[float, float, float, int]:
    return m.value, m.low, m.high, m.n
