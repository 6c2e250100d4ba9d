"""Heatmap images: the screenshot with the map over it, a legend, and every setting stored.

The command line and the window export through :func:`render_heatmap` and
:func:`write_heatmap_png`, so the same settings always give the same file.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from viewer import __version__
from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import Heatmap, HeatmapSettings, compute_heatmap, heatmap_of_density
from viewer.analysis.session_facts import SessionFacts
from viewer.fileio import atomic_write
from viewer.recording.limits import MAX_SCREENSHOT_PIXELS
from viewer.recording.model import Page, Session
from viewer.recording.screenshot import decode_screenshot
from viewer.render.legend import legend_strip
from viewer.render.map_notes import map_notes
from viewer.render.overlay import composite_in_bands, draw_scroll_marks
from viewer.state.heatmap_params import Kind

#: Largest image an export may produce (pixels), like the screenshot limit.
MAX_EXPORT_PIXELS = MAX_SCREENSHOT_PIXELS
METADATA_KEY = "session-viewer"


@dataclass(frozen=True)
class ExportOptions:
    """What part of the page, how large, and with or without a legend.

    Attributes
    ----------
    region
        ``(x, y, width, height)`` in CSS px; None for the whole page.
    zoom
        Output pixels per CSS px; None uses the screenshot's own (its device pixel ratio), so a
        full-page export has exactly the screenshot's size.
    legend
        Append the legend strip below the image.
    filters
        Words describing which sessions are shown (for the legend and the metadata).
    """

    region: tuple[float, float, float, float] | None = None
    zoom: float | None = None
    legend: bool = False
    filters: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RenderedHeatmap:
    """An exported image and what it was made from."""

    image: Image.Image
    heatmap: Heatmap
    metadata: dict


def output_grid(page: Page, options: ExportOptions) -> tuple[GridSpec, float]:
    """The pixel grid of an export (in CSS px) and its pixels per CSS px."""
    x0, y0, w, h = options.region or (0.0, 0.0, float(page.width), float(page.height))
    if w <= 0 or h <= 0:
        raise ValueError("the export region is empty")
    if x0 < 0 or y0 < 0 or x0 + w > page.width + 1e-6 or y0 + h > page.height + 1e-6:
        raise ValueError(
            f"the export region {x0:g},{y0:g} {w:g} x {h:g} is not inside the page "
            f"({page.width} x {page.height} CSS px)"
        )
    zoom = options.zoom if options.zoom is not None else page.device_pixel_ratio
    if not (zoom > 0 and math.isfinite(zoom)):
        raise ValueError("zoom must be a positive number")
    cols, rows = max(1, round(w * zoom)), max(1, round(h * zoom))
    if cols * rows > MAX_EXPORT_PIXELS:
        raise ValueError(
            f"a {cols:,} x {rows:,} px image is over the limit of {MAX_EXPORT_PIXELS:,} pixels; "
            "export a smaller region or zoom out"
        )
    return GridSpec(w, h, (rows, cols), x0, y0), cols / w


def screenshot_for(page: Page, sessions: Sequence[Session] | SessionFacts) -> str | None:
    """The variant whose screenshot these sessions saw, if they all saw the same variant one."""
    variants = SessionFacts.of(sessions).variants
    if len(variants) == 1:
        (v,) = variants
        if v is not None and v in page.variants:
            return v
    return None


def legend_notes(heatmap, page: Page, sessions: Sequence[Session], variant: str | None) -> tuple:
    """Notes for the exported legend: a page rebuilt from the recording, and what the window's
    legend says too (mixed layouts, few sessions, an empty map and why, hidden spots)."""
    rebuilt = (f"page {page.origin}",) if page.origin else ()
    return (*rebuilt, *(n.text for n in map_notes(heatmap, page, sessions, variant)))


def render_heatmap(
    page: Page,
    sessions: Sequence[Session] | SessionFacts,
    settings: HeatmapSettings,
    options: ExportOptions = ExportOptions(),
    density=None,
) -> RenderedHeatmap:
    """Compute and draw a heatmap image (screenshot, overlay, marks, legend).

    ``density``, when given, is called with the output grid and returns the map's raw density,
    point count and total weight, or the whole :class:`Heatmap`, computed elsewhere (an
    archive's map-reduce on Dask); ``sessions`` may then be their :class:`SessionFacts` alone.

    Returns
    -------
    RenderedHeatmap
        The RGB image, the heatmap (its density is ``heatmap.raw``), and the metadata that
        :func:`write_heatmap_png` stores in the PNG.
    """
    grid, px_per_css = output_grid(page, options)
    precomputed = density(grid) if density is not None else None
    if isinstance(precomputed, Heatmap):
        heatmap = precomputed
    elif precomputed is None or not isinstance(sessions, SessionFacts):
        heatmap = compute_heatmap(sessions, page, settings, grid, precomputed)
    else:
        heatmap = heatmap_of_density(settings, grid, precomputed, sessions.n)
    sessions = SessionFacts.of(sessions)
    variant = screenshot_for(page, sessions)
    image = screenshot_region(page, page.screenshot_for(variant), grid)
    composite_in_bands(image, heatmap)
    if settings.kind == Kind.SCROLL:
        draw_scroll_marks(image, heatmap, px_per_css, grid.y0)
    if options.legend:
        notes = legend_notes(heatmap, page, sessions, variant)
        strip = legend_strip(
            heatmap, image.width, px_per_css, page.title, list(options.filters), notes
        )
        full = Image.new("RGB", (image.width, image.height + strip.height), (255, 255, 255))
        full.paste(image, (0, 0))
        full.paste(strip, (0, image.height))
        image = full
    metadata = {
        "software": f"session-viewer {__version__}",
        "page": page.id,
        "url": page.url,
        "screenshot_variant": variant,
        "sessions": heatmap.n_sessions,
        "points": heatmap.n_points,
        "filters": list(options.filters),
        "settings": settings.to_dict(),
        "region": list(grid_region(grid)),
        "zoom": px_per_css,
        "legend": options.legend,
        "units": heatmap.units,
        "vmax": heatmap.vmax,
        "peak": heatmap.peak,
        "density": "weight per CSS px^2 at each pixel centre (counts for click maps, seconds "
        "for move and dwell maps)",
    }
    return RenderedHeatmap(image, heatmap, metadata)


def grid_region(grid: GridSpec) -> tuple[float, float, float, float]:
    return grid.x0, grid.y0, grid.width, grid.height


def screenshot_region(page: Page, path, grid: GridSpec) -> Image.Image:
    """The screenshot cropped to ``grid``'s rectangle and sized to its cells (one per pixel)."""
    dpr = page.device_pixel_ratio
    rows, cols = grid.shape
    im = decode_screenshot(page.path, Path(path))
    box = (
        round(grid.x0 * dpr),
        round(grid.y0 * dpr),
        round((grid.x0 + grid.width) * dpr),
        round((grid.y0 + grid.height) * dpr),
    )
    # One decoded copy at a time: the whole page is the decoded image itself.
    rgb = im if im.mode == "RGB" else im.convert("RGB")
    region = rgb if box == (0, 0, *rgb.size) else rgb.crop(box)
    if region.size != (cols, rows):
        region = region.resize((cols, rows), Image.Resampling.LANCZOS)
    return region


def png_bytes(rendered: RenderedHeatmap) -> bytes:
    """The PNG file: the image, with the settings as text metadata."""
    info = PngImagePlugin.PngInfo()
    info.add_text(METADATA_KEY, json.dumps(rendered.metadata, sort_keys=True))
    info.add_text("Software", rendered.metadata["software"])
    buf = io.BytesIO()
    rendered.image.save(buf, "PNG", pnginfo=info, compress_level=6)
    return buf.getvalue()


def write_heatmap_png(path, rendered: RenderedHeatmap) -> None:
    """Write the PNG atomically: a failure leaves no half-written file."""
    atomic_write(path, png_bytes(rendered))


def write_density_npy(path, rendered: RenderedHeatmap) -> None:
    """Write the raw density (float64, one value per exported pixel) as ``.npy``, atomically."""
    buf = io.BytesIO()
    np.save(buf, rendered.heatmap.raw, allow_pickle=False)
    atomic_write(path, buf.getvalue())


def read_metadata(path) -> dict:
    """The settings stored in an exported PNG (to redo or check an export)."""
    with Image.open(path) as im:
        return json.loads(im.text[METADATA_KEY])
