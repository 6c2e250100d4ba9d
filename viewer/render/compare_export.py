"""A comparison as one image: A and B on one scale, and A - B where it is significant."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from viewer.analysis.compare import Comparison, compare
from viewer.analysis.heatmaps import HeatmapSettings
from viewer.analysis.table import EventTable
from viewer.recording.model import Page
from viewer.render import colormaps
from viewer.render.export import (
    ExportOptions,
    RenderedHeatmap,
    output_grid,
    screenshot_for,
    screenshot_region,
)
from viewer.render.legend import legend_strip
from viewer.render.overlay import composite, overlay_rgba
from viewer.render.text import font

DIVERGING = "vik"
GAP = 24


def compare_and_render(
    page: Page,
    tables: tuple[EventTable, EventTable],
    labels: tuple[str, str],
    settings: HeatmapSettings,
    options: ExportOptions,
    permutations: int = 200,
    level: float = 0.05,
) -> tuple[Comparison, RenderedHeatmap]:
    """Compare two segments' maps over the export's grid and render the three panels.

    Each side is drawn over the screenshot of the variant its sessions saw (when they all saw
    the same one).

    Raises
    ------
    ValueError
        A scroll map (it has no points to compare), or a region outside the page.
    """
    grid, _ = output_grid(page, options)
    comparison = compare(
        tables[0], tables[1], page, settings, grid, permutations=permutations, level=level
    )
    variants = (screenshot_for(page, tables[0].sessions), screenshot_for(page, tables[1].sessions))
    return comparison, render_comparison(page, comparison, labels, variants, options)


def render_comparison(
    page: Page,
    comparison: Comparison,
    labels: tuple[str, str],
    variants: tuple[str | None, str | None],
    options: ExportOptions,
) -> RenderedHeatmap:
    """Three panels side by side: A, B (one shared absolute scale) and A - B (diverging colours,
    transparent where the permutation test finds no significant difference)."""
    grid, px_per_css = output_grid(page, options)
    c = comparison
    panels = []
    for heatmap, variant in ((c.a, variants[0]), (c.b, variants[1])):
        base = screenshot_region(page, page.screenshot_for(variant), grid)
        panels.append(composite(base, overlay_rgba(heatmap)).convert("RGB"))
    base = screenshot_region(page, page.screenshot, grid)
    diff = colormaps.apply(c.diverging(), DIVERGING, 0.85)
    panels.append(composite(base, diff).convert("RGB"))
    w, h = panels[0].size
    # Words are sized to the panels, not only to the zoom: three panels are shown shrunk to
    # fit a screen, and a legend set for a half-size page would be unreadable there.
    u = max(0.6, px_per_css, w / 480)
    gap = round(GAP * max(0.6, px_per_css))
    # Titles stay readable when the three panels are shown shrunk to fit one screen.
    title_px = max(round(15 * u), w // 48)
    head = max(round(44 * u), 3 * title_px)
    width = 3 * w + 2 * gap
    titles = [
        f"A: {labels[0]}  ({c.a.n_sessions:,} sessions)",
        f"B: {labels[1]}  ({c.b.n_sessions:,} sessions)",
        f"A - B, where significant (permutation test, {c.permutations} shuffles, "
        f"level {c.level:g})",
    ]
    legends = [
        legend_strip(c.a, w, u, page.title, [labels[0]]),
        legend_strip(c.b, w, u, page.title, [labels[1]]),
        _difference_legend(c, w, u),
    ]
    legend_h = max(leg.height for leg in legends) if options.legend else 0
    image = Image.new("RGB", (width, head + h + legend_h), (255, 255, 255))
    d = ImageDraw.Draw(image)
    f = font(title_px)
    for i, (panel, title) in enumerate(zip(panels, titles, strict=True)):
        x = i * (w + gap)
        image.paste(panel, (x, head))
        d.text(
            (x + round(4 * u), head // 2),
            _fit(d, title, f, w - round(8 * u)),
            font=f,
            fill=(17, 24, 39),
            anchor="lm",
        )
        if options.legend:
            image.paste(legends[i], (x, head + h))
    metadata = {
        "software": "session-viewer",
        "page": page.id,
        "compare": list(labels),
        "settings": c.a.settings.to_dict(),
        "vmax": c.vmax,
        "difference_vmax": c.diff_vmax,
        "units": c.units,
        "level": c.level,
        "permutations": c.permutations,
        "sessions": [c.a.n_sessions, c.b.n_sessions],
        "region": [grid.x0, grid.y0, grid.width, grid.height],
        "zoom": px_per_css,
    }
    return RenderedHeatmap(image, c.a, metadata)


def _fit(d: ImageDraw.ImageDraw, text: str, f, width: float) -> str:
    while len(text) > 4 and d.textlength(text, font=f) > width:
        text = text[:-4] + "..."
    return text


def _difference_legend(c: Comparison, width: int, u: float) -> Image.Image:
    pad = round(16 * u)
    strip = Image.new("RGB", (width, round(96 * u)), (255, 255, 255))
    d = ImageDraw.Draw(strip)
    f = font(round(12 * u))
    bar_w, bar_h = min(width - 2 * pad, round(360 * u)), round(14 * u)
    y = round(34 * u)
    t = np.linspace(0, 1, bar_w)[None, :].repeat(bar_h, axis=0)
    rgba = colormaps.apply(t, DIVERGING, 0.85)
    bar = Image.alpha_composite(
        Image.new("RGBA", (bar_w, bar_h), (255, 255, 255, 255)), Image.fromarray(rgba, "RGBA")
    )
    strip.paste(bar.convert("RGB"), (pad, y))
    d.text((pad, round(12 * u)), f"A - B in {c.units}", font=f, fill=(17, 24, 39))
    v = c.diff_vmax
    d.text((pad, y + bar_h + round(6 * u)), f"-{v:.3g} (more in B)", font=f, fill=(90, 98, 112))
    d.text(
        (pad + bar_w, y + bar_h + round(6 * u)),
        f"+{v:.3g} (more in A)",
        font=f,
        fill=(90, 98, 112),
        anchor="ra",
    )
    return strip
