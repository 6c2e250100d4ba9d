"""A heatmap over its screenshot: colouring, compositing, and the scroll map's marks."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from viewer.analysis.heatmaps import Heatmap
from viewer.render import colormaps
from viewer.render.text import font


def overlay_rgba(heatmap: Heatmap) -> np.ndarray:
    """The map coloured with its settings' colormap and opacity: (rows, cols, 4) uint8."""
    s = heatmap.settings
    return colormaps.apply(heatmap.normalized(), s.colormap, s.opacity)


def composite(base: Image.Image, overlay: np.ndarray) -> Image.Image:
    """Lay an RGBA overlay of the same size over an image. Where the overlay's alpha is 0 the
    image's pixels are returned unchanged."""
    if overlay.shape[1] != base.width or overlay.shape[0] != base.height:
        raise ValueError(
            f"overlay is {overlay.shape[1]} x {overlay.shape[0]} px, "
            f"image {base.width} x {base.height} px"
        )
    return Image.alpha_composite(base.convert("RGBA"), Image.fromarray(overlay, "RGBA"))


def draw_scroll_marks(
    image: Image.Image, heatmap: Heatmap, px_per_css: float, y0_css: float = 0.0
) -> None:
    """Draw the average fold and the 75/50/25 % reach lines, labelled, onto ``image``."""
    profile = heatmap.scroll
    if profile is None:
        return
    d = ImageDraw.Draw(image)
    w = image.width
    size = max(11, round(13 * px_per_css))
    f = font(size)
    pad = round(6 * px_per_css)

    def line(y_css: float, label: str, colour, dash: bool) -> None:
        y = round((y_css - y0_css) * px_per_css)
        if not 0 <= y < image.height:
            return
        thick = max(1, round(2 * px_per_css))
        if dash:
            step = round(12 * px_per_css)
            for x in range(0, w, 2 * step):
                d.line([(x, y), (min(w, x + step), y)], fill=colour, width=thick)
        else:
            d.line([(0, y), (w, y)], fill=colour, width=thick)
        tw = d.textlength(label, font=f)
        box = (w - tw - 3 * pad, y - size - 2 * pad, w - pad, y - pad // 2)
        if box[1] < 0:
            box = (box[0], y + pad // 2, box[2], y + size + 2 * pad)
        d.rounded_rectangle(box, radius=pad, fill=(17, 20, 38, 220))
        d.text(
            (box[0] + pad, (box[1] + box[3]) / 2), label, font=f, fill=(255, 255, 255), anchor="lm"
        )

    line(profile.fold, f"Average fold  {profile.fold:,.0f} px", (255, 255, 255), dash=True)
    for share, y in sorted(profile.marks.items(), reverse=True):
        line(y, f"{share:.0%} of sessions reached here", (17, 20, 38), dash=False)
