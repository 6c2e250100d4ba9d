"""The legend strip under an exported heatmap: what it shows, on which scale, from what."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from viewer.analysis.heatmaps import Heatmap
from viewer.render import colormaps
from viewer.render.text import font, wrap
from viewer.state import heatmap_params as params
from viewer.state.heatmap_params import Kind, Scale, ScrollMetric

INK = (17, 24, 39)
MUTED = (90, 98, 112)
BACKGROUND = (255, 255, 255)

#: The legend's title of each kind of map ("Click map"), from the heatmap's parameters.
KIND_TITLES = {c.value: c.title for c in params.KIND.choices}


def describe(
    heatmap: Heatmap, page_title: str, filters: list[str], notes: tuple[str, ...] = ()
) -> tuple[str, str]:
    """The legend's title and detail lines, in words."""
    s = heatmap.settings
    kind = params.kind_title(s.kind, s.outcome)
    title = f"{kind}  ·  {page_title}" if page_title else kind
    parts = [f"{heatmap.n_sessions:,} sessions"]
    if s.kind == Kind.CLICK:
        what = " and ".join(k for k, on in (("clicks", s.clicks), ("taps", s.taps)) if on)
        adjective = {"dead": "dead ", "error": "error "}.get(s.outcome, "")
        parts.append(f"{heatmap.n_points:,} {adjective}{what or 'clicks'}")
        if s.outcome != "all":
            parts.append(f"dead after {s.dead_ms / 1000:g} s")
    elif s.kind == Kind.MOVE:
        parts.append(f"{heatmap.total_weight / 60:,.1f} min of pointer time")
    elif s.kind == Kind.DWELL:
        parts.append(f"{heatmap.n_points:,} rests, {heatmap.total_weight / 60:,.1f} min")
    if s.kind != Kind.SCROLL:
        # Spelled out: the bundled font has no Greek letters.
        parts.append(f"Gaussian kernel, sigma {s.sigma:g} px")
    if s.t_range is not None:
        parts.append(f"{s.t_range[0] / 1000:g}–{s.t_range[1] / 1000:g} s into each session")
    parts.append("filters: " + ", ".join(filters) if filters else "all sessions")
    parts.extend(notes)
    return title, "  ·  ".join(parts)


def legend_strip(
    heatmap: Heatmap,
    width: int,
    unit: float,
    page_title: str,
    filters: list[str],
    notes: tuple[str, ...] = (),
) -> Image.Image:
    """A white strip ``width`` px wide: title, details, and the colour bar with its units.

    ``unit`` is the pixel size of one CSS px, so the legend reads the same at every zoom.
    """
    u = max(0.5, unit)
    pad = round(16 * u)
    title_size, text_size = round(15 * u), round(12 * u)
    title, detail = describe(heatmap, page_title, filters, notes)
    tf, df = font(title_size), font(text_size)
    inner = width - 2 * pad
    detail_lines = wrap(detail, df, inner)
    title_lines = wrap(title, tf, inner)
    bar_h = round(14 * u)
    line_gap = round(5 * u)
    height = (
        pad
        + len(title_lines) * (title_size + line_gap)
        + len(detail_lines) * (text_size + line_gap)
        + round(8 * u)
        + bar_h
        + round(6 * u)
        + text_size
        + pad
    )
    strip = Image.new("RGB", (width, height), BACKGROUND)
    d = ImageDraw.Draw(strip)
    d.line([(0, 0), (width, 0)], fill=(226, 230, 238), width=max(1, round(u)))
    y = pad
    for line in title_lines:
        d.text(
            (pad, y), line, font=tf, fill=INK, stroke_width=max(0, round(0.3 * u)), stroke_fill=INK
        )
        y += title_size + line_gap
    for line in detail_lines:
        d.text((pad, y), line, font=df, fill=MUTED)
        y += text_size + line_gap
    y += round(8 * u)
    bar_w = min(inner, round(360 * u))
    _colour_bar(strip, (pad, y, pad + bar_w, y + bar_h), heatmap)
    d.rectangle((pad, y, pad + bar_w, y + bar_h), outline=(200, 205, 215))
    y += bar_h + round(6 * u)
    lo, mid, hi = tick_labels(heatmap)
    d.text((pad, y), lo, font=df, fill=MUTED, anchor="la")
    d.text((pad + bar_w / 2, y), mid, font=df, fill=MUTED, anchor="ma")
    d.text((pad + bar_w, y), hi, font=df, fill=MUTED, anchor="ra")
    units = heatmap.units
    if pad + bar_w + pad + d.textlength(units, font=df) <= width - pad:
        d.text(
            (pad + bar_w + pad, y - bar_h / 2 - round(6 * u)), units, font=df, fill=INK, anchor="lm"
        )
    else:  # narrow image: the units go above the bar's right end
        d.text((pad + bar_w, y - bar_h - round(8 * u)), units, font=df, fill=INK, anchor="rb")
    return strip


def _colour_bar(strip: Image.Image, box: tuple[int, int, int, int], heatmap: Heatmap) -> None:
    x0, y0, x1, y1 = box
    t = np.linspace(0, 1, x1 - x0)[None, :].repeat(y1 - y0, axis=0)
    s = heatmap.settings
    rgba = colormaps.apply(t, s.colormap, s.opacity)
    # Shown over white, as the colours look over a light page.
    bar = Image.alpha_composite(
        Image.new("RGBA", (x1 - x0, y1 - y0), (255, 255, 255, 255)), Image.fromarray(rgba, "RGBA")
    )
    strip.paste(bar.convert("RGB"), (x0, y0))


def tick_labels(heatmap: Heatmap) -> tuple[str, str, str]:
    """The labels under the colour bar's left end, middle and right end."""
    s = heatmap.settings
    if s.kind == Kind.SCROLL and s.scroll_metric == ScrollMetric.REACH:
        return "0 %", "50 %", "100 % of sessions"
    if s.scale == Scale.RELATIVE:
        return "0", "half the peak", "peak"
    return "0", _number(heatmap.vmax / 2), _number(heatmap.vmax)


def _number(v: float) -> str:
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 1:
        return f"{v:.3g}"
    return f"{v:.2g}"


def pointer_words(heatmap: Heatmap | None, x: float, y: float) -> str:
    """What the status bar says under the pointer at page point (x, y): the position, and the
    map's value there in its own terms (share reached, share of the peak, or units)."""
    text = f"x {x:,.0f}  y {y:,.0f} px"
    if heatmap is None:
        return text
    g, s = heatmap.grid, heatmap.settings
    cw, ch = g.cell
    col, row = int((x - g.x0) // cw), int((y - g.y0) // ch)
    if not (0 <= row < g.shape[0] and 0 <= col < g.shape[1]):
        return text
    v = heatmap.values[row, col]
    if s.kind == Kind.SCROLL and s.scroll_metric == ScrollMetric.REACH:
        return text + f"   ·   {v:.0%} of sessions reached this row"
    if s.scale == Scale.RELATIVE:
        return text + f"   ·   {v:.0%} of the peak"
    return text + f"   ·   {v:,.3g} {heatmap.units}"
