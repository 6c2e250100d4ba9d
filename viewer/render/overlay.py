"""A heatmap over its screenshot: colouring, compositing, and the scroll map's marks."""

from __future__ import annotations

from dataclasses import dataclass

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


#: Rows coloured and composited at a time: a full-page map never holds its overlay whole (a
#: 200-megapixel screenshot would need 800 MB for the overlay alone, and as much again for
#: the composite).
BAND_ROWS = 1024


def composite_in_bands(image: Image.Image, heatmap: Heatmap) -> None:
    """Lay the coloured map over an RGB ``image`` of its size, in place, a band of rows at a
    time; the same pixels as :func:`composite` of the whole :func:`overlay_rgba`."""
    s = heatmap.settings
    rows, cols = heatmap.values.shape
    if (cols, rows) != image.size:
        raise ValueError(f"map is {cols} x {rows} px, image {image.width} x {image.height} px")
    for r0 in range(0, rows, BAND_ROWS):
        r1 = min(rows, r0 + BAND_ROWS)
        values = heatmap.values[r0:r1]
        band = np.clip(values / heatmap.vmax, 0.0, 1.0) if heatmap.vmax > 0 else 0 * values
        rgba = colormaps.apply(band, s.colormap, s.opacity)
        if not rgba[..., 3].any():
            continue  # nothing here: the screenshot's pixels stay as they are
        below = image.crop((0, r0, cols, r1)).convert("RGBA")
        over = Image.alpha_composite(below, Image.fromarray(rgba, "RGBA"))
        image.paste(over.convert("RGB"), (0, r0))


@dataclass(frozen=True)
class Guide:
    """A line across a scroll map: the average fold, or where reach falls to a share."""

    y: float  # page CSS px
    label: str
    fold: bool  # the fold (dashed) rather than a reach line


def scroll_guides(heatmap: Heatmap) -> list[Guide]:
    """The lines a scroll map shows, on screen and in exports (none for other maps)."""
    profile = heatmap.scroll
    if profile is None:
        return []
    guides = [Guide(profile.fold, f"Average fold  {profile.fold:,.0f} px", True)]
    for share, y in sorted(profile.marks.items(), reverse=True):
        guides.append(Guide(y, f"{share:.0%} of sessions reached here", False))
    return guides


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

    for guide in scroll_guides(heatmap):
        colour = (255, 255, 255) if guide.fold else (17, 20, 38)
        line(guide.y, guide.label, colour, dash=guide.fold)
