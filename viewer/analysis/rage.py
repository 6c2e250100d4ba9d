"""Rage clicks: bursts of clicks on one spot, the sign of something that should work and doesn't.

The default rule is the one PostHog documents: 3 or more clicks within 1 second and within 30 px
of each other. Every threshold can be changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RageRule:
    """When a burst of clicks counts as rage."""

    min_clicks: int = 3
    window_ms: float = 1000.0
    radius_px: float = 30.0


def rage_bursts(
    t: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    rule: RageRule = RageRule(),
) -> list[np.ndarray]:
    """Find rage-click bursts among one session's clicks.

    Parameters
    ----------
    t, x, y
        The clicks (or taps) of one session, in time order.
    rule
        The thresholds.

    Returns
    -------
    list of ndarray
        For each burst, the indices of its clicks: at least ``rule.min_clicks`` clicks, all
        within ``rule.window_ms`` of the burst's first click and ``rule.radius_px`` of it. A
        burst grows while further clicks qualify; bursts do not overlap.
    """
    n = len(t)
    bursts: list[np.ndarray] = []
    i = 0
    while i <= n - rule.min_clicks:
        members = [i]
        j = i + 1
        while j < n and t[j] - t[i] <= rule.window_ms:
            if (x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2 <= rule.radius_px**2:
                members.append(j)
            j += 1
        if len(members) >= rule.min_clicks:
            bursts.append(np.array(members, dtype=np.intp))
            i = members[-1] + 1
        else:
            i += 1
    return bursts
