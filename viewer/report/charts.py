"""Trend charts as inline SVG: each period's value with its 95 % interval, against the band of
the previous six months (the baseline), drawn without a script so any mail client shows it."""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT = 640, 220
PAD_L, PAD_R, PAD_T, PAD_B = 54, 12, 14, 34


def _finite(*values: float) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def trend_svg(name: str, points: list, percent: bool) -> str:
    """The SVG of one trend (``points``: :class:`~viewer.analysis.trends.TrendPoint`)."""
    values = [v for p in points for v in (p.low, p.high, p.baseline_low, p.baseline_high, p.value)]
    values = [v for v in values if _finite(v)]
    if not points or not values:
        return f'<p class="muted">{escape(name)}: no period to show.</p>'
    lo, hi = min(values), max(values)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5 * (abs(lo) or 1), hi + 0.5 * (abs(hi) or 1)
    lo, hi = lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)
    inner_w, inner_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = inner_w / max(len(points), 1)

    def x(i: float) -> float:
        return PAD_L + step * (i + 0.5)

    def y(v: float) -> float:
        return PAD_T + inner_h * (1 - (v - lo) / (hi - lo))

    def label(v: float) -> str:
        text = f"{100 * v:.0f} %" if percent else f"{v:.1f} s"
        return text.removeprefix("-") if text.lstrip("-0. %s") == "" else text  # no "-0 %"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(name)} per period">'
    ]
    band = [(x(i), y(p.baseline_high)) for i, p in enumerate(points) if _finite(p.baseline_high)]
    band += [
        (x(i), y(p.baseline_low))
        for i, p in reversed(list(enumerate(points)))
        if _finite(p.baseline_low)
    ]
    if len(band) > 2:
        path = " ".join(f"{a:.1f},{b:.1f}" for a, b in band)
        parts.append(f'<polygon points="{path}" fill="#c7d2fe" opacity="0.6"/>')
    for v in (lo + 0.05 * (hi - lo) / 1.1, (lo + hi) / 2, hi - 0.05 * (hi - lo) / 1.1):
        parts.append(
            f'<line x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#e5e7eb"/>'
            f'<text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#6b7280">{label(v)}</text>'
        )
    line = [(x(i), y(p.value)) for i, p in enumerate(points) if _finite(p.value)]
    if len(line) > 1:
        path = " ".join(f"{a:.1f},{b:.1f}" for a, b in line)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#4f46e5" stroke-width="2"/>')
    colour = {"above": "#059669", "below": "#dc2626"}
    for i, p in enumerate(points):
        if _finite(p.low, p.high):
            parts.append(
                f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{y(p.low):.1f}" y2="{y(p.high):.1f}" '
                'stroke="#4f46e5" stroke-width="1.5"/>'
            )
        if _finite(p.value):
            fill = colour.get(p.verdict, "#4f46e5")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="3.5" fill="{fill}"/>')
        if len(points) <= 12 or i % math.ceil(len(points) / 12) == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11" '
                f'fill="#374151">{escape(p.period.isoformat())}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
