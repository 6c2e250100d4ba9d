"""What each number means here, in one sentence, from the thresholds that compute it.

Shown beside the numbers in the window (and, with issue 18, in reports): "bounce" here is not
Google Analytics' one-page visit, and a reader should not have to guess.
"""

from __future__ import annotations

from viewer.analysis.metrics import MetricRules
from viewer.analysis.regions import RegionRules


def metric_definitions(rules: MetricRules | None = None) -> dict[str, str]:
    """The definition of each row of the metrics table, by its name there."""
    rules = rules or MetricRules()
    rage = rules.rage
    return {
        "sessions": "Visits in the segment.",
        "interaction rate": "Share of sessions with at least one click or tap.",
        "bounce rate": (
            f"Share of sessions with no click or tap that lasted under {rules.bounce_ms / 1000:g}"
            " s (not Google Analytics' bounce, a visit of one page)."
        ),
        "sessions with rage clicks": (
            f"Share of sessions with {rage.min_clicks} or more clicks or taps within "
            f"{rage.window_ms / 1000:g} s and {rage.radius_px:g} px of each other."
        ),
        "reached": (
            "Share of sessions whose window showed that far down the page (sessions of "
            "unknown window size are left out)."
        ),
        "average fold": "Mean height of the window at the start: what shows without scrolling.",
        "duration (mean, median)": "Time from the first to the last event recorded.",
        "active time (mean)": (
            f"Duration minus the stretches of {rules.idle_ms / 1000:g} s or more with no event."
        ),
        "clicks and taps per session": "Clicks of the main button and taps, per session.",
        "time to first interaction (median)": (
            "Time from the start to the first click or tap, of the sessions that had one."
        ),
    }


def region_definitions(rules: RegionRules | None = None) -> dict[str, str]:
    """The definition of each column of the regions table."""
    rules = rules or RegionRules()
    return {
        "Seen": (
            f"Impressions: sessions whose window showed at least {rules.min_visible_share:.0%} "
            f"of the region for {rules.min_view_ms / 1000:g} s without a break, or that "
            "clicked in it."
        ),
        "Clicked": "Sessions with at least one click or tap in the region.",
        "CTR": "Sessions that clicked / sessions that saw it, with its 95 % interval.",
    }


def definition(name: str, rules: MetricRules | None = None) -> str:
    """The definition of the metrics row ``name`` ("reached 50% of the page" included)."""
    table = metric_definitions(rules)
    if name.startswith("reached "):
        return table["reached"]
    return table.get(name, "")
