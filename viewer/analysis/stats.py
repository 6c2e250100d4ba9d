"""Honest small-sample statistics for rates: Wilson intervals, Newcombe differences, z-tests."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


@dataclass(frozen=True)
class Rate:
    """``k`` of ``n``, with its 95 % Wilson score interval.

    Attributes
    ----------
    k, n
        Successes and trials.
    value
        ``k / n`` (NaN when ``n`` is 0).
    low, high
        The interval.
    """

    k: int
    n: int
    value: float
    low: float
    high: float

    @classmethod
    def of(cls, k: int, n: int, z: float = Z95) -> Rate:
        k, n = int(k), int(n)
        low, high = wilson(k, n, z)
        return cls(k, n, k / n if n else math.nan, low, high)

    def text(self, digits: int = 1) -> str:
        """``42.0 % [38.1-46.0] (168/400)``."""
        if not self.n:
            return "n/a (0 sessions)"
        return (
            f"{100 * self.value:.{digits}f} % [{100 * self.low:.{digits}f}-"
            f"{100 * self.high:.{digits}f}] ({self.k:,}/{self.n:,})"
        )


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``k`` successes in ``n`` trials ((nan, nan) for n = 0).

    Unlike the normal approximation it stays inside [0, 1] and behaves at 0 and n.
    """
    if n <= 0:
        return math.nan, math.nan
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Difference:
    """``a - b`` of two rates, its 95 % interval (Newcombe's hybrid score) and a p-value."""

    value: float
    low: float
    high: float
    p_value: float

    def text(self, digits: int = 1) -> str:
        if math.isnan(self.value):
            return "n/a"
        return (
            f"{100 * self.value:+.{digits}f} pts [{100 * self.low:+.{digits}f} to "
            f"{100 * self.high:+.{digits}f}], p = {format_p(self.p_value)}"
        )


def difference(a: Rate, b: Rate) -> Difference:
    """Compare two independent rates.

    The interval is Newcombe's method 10 (from the two Wilson intervals); the p-value is the
    two-sided pooled two-proportion z-test.
    """
    if not a.n or not b.n:
        return Difference(math.nan, math.nan, math.nan, math.nan)
    d = a.value - b.value
    low = d - math.sqrt((a.value - a.low) ** 2 + (b.high - b.value) ** 2)
    high = d + math.sqrt((a.high - a.value) ** 2 + (b.value - b.low) ** 2)
    return Difference(d, low, high, two_proportion_p(a.k, a.n, b.k, b.n))


def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (1 when both rates are 0 or 1)."""
    if not n1 or not n2:
        return math.nan
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (k1 / n1 - k2 / n2) / se
    return math.erfc(abs(z) / math.sqrt(2))


def format_p(p: float) -> str:
    if math.isnan(p):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


@dataclass(frozen=True)
class Mean:
    """A mean with a 95 % normal-approximation interval, and the median."""

    value: float
    low: float
    high: float
    median: float
    n: int

    @classmethod
    def of(cls, values) -> Mean:
        import numpy as np

        v = np.asarray(values, dtype=float)
        v = v[np.isfinite(v)]
        if not len(v):
            return cls(math.nan, math.nan, math.nan, math.nan, 0)
        mean = float(v.mean())
        half = Z95 * float(v.std(ddof=1)) / math.sqrt(len(v)) if len(v) > 1 else math.nan
        return cls(mean, mean - half, mean + half, float(np.median(v)), len(v))
