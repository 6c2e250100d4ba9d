"""The A/B result in plain words, never claiming more than the test shows.

A difference is called one only when its 95 % interval excludes zero (and its p-value is
below 0.05, which the same test gives); otherwise the words say the data do not show one,
which is not the same as showing there is none.
"""

from __future__ import annotations

import math

#: Below this p-value (with an interval that excludes zero) a difference is reported as one.
LEVEL = 0.05


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _points(v: float) -> str:
    return f"{abs(100 * v):.1f} percentage points"


def sentence(name: str, first: str, second: str, d, values=None) -> str:
    """One difference (``d``: second minus first, with ``low``/``high``/``p_value``) in words;
    ``values``: the two groups' rates (first, second), said beside their names."""
    if any(math.isnan(x) for x in (d.value, d.low, d.high, d.p_value)):
        return f"{name}: not measurable for both groups."
    interval = f"95 % interval {100 * d.low:+.1f} to {100 * d.high:+.1f} points, {_p(d.p_value)}"
    a, b = ("", "") if values is None else (f" ({_rate(values[0])})", f" ({_rate(values[1])})")
    if d.p_value < LEVEL and (d.low > 0 or d.high < 0):
        way = "higher" if d.value > 0 else "lower"
        return (
            f"{name} is {way} for {second}{b} than for {first}{a}: by {_points(d.value)} "
            f"({interval})."
        )
    return (
        f"{name}: no clear difference between {first} and {second} "
        f"({100 * d.value:+.1f} points, {interval}); the data do not show one either way."
    )


def _rate(r) -> str:
    return f"{100 * r.value:.1f} %, {r.k:,} of {r.n:,}"


def verdict(report) -> list[tuple[str, bool]]:
    """The plain-language lines of a two-group report (empty otherwise), each with whether it
    names a difference: the clear differences one by one, the others in one line, and, when
    many were compared, how many clear ones chance alone would give."""
    if len(report.groups) != 2:
        return []
    first, second = (g.name for g in report.groups)
    from viewer.analysis.report import RATES

    g1, g2 = report.groups
    values = {name: (get(g1.metrics), get(g2.metrics)) for name, get in RATES.items()}
    for r1, r2 in zip(g1.regions, g2.regions, strict=True):
        values[f"CTR of {r1.region.name}"] = (r1.ctr, r2.ctr)
    items = [*report.differences.items()]
    items += [(f"CTR of {name}", d) for name, d in report.region_differences.items()]
    measurable = [(name, d) for name, d in items if not math.isnan(d.p_value)]
    clear = [(name, d) for name, d in measurable if _clear(d)]
    lines = [(sentence(name, first, second, d, values.get(name)), True) for name, d in clear]
    rest = [name for name, d in measurable if not _clear(d)]
    if rest:
        lines.append(
            (
                f"No clear difference between {first} and {second} in {_join(rest)}: the data "
                "do not show one either way (their intervals include zero).",
                False,
            )
        )
    if not measurable:
        lines.append(("Nothing could be compared: a group has no session.", False))
    expected = LEVEL * len(measurable)
    if len(measurable) >= 10:
        lines.append(
            (
                f"{len(measurable)} numbers were compared: at the 5 % level about "
                f"{expected:.0f} would look different by chance alone, so a single clear "
                "difference among many is a lead to check on new sessions, not a result.",
                False,
            )
        )
    return lines


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _clear(d) -> bool:
    return d.p_value < LEVEL and (d.low > 0 or d.high < 0)
