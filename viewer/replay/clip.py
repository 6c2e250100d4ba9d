"""Replay clips: a stretch of a session as an MP4 video (H.264), an animated WebP or a GIF,
drawn as in the window.

Each frame is the screenshot cropped to the viewport the user had at that moment, with the
pointer, its trail, click ripples, tap circles and the dwell ring drawn over it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from viewer.fileio import atomic_write
from viewer.recording.model import Page
from viewer.recording.screenshot import decode_screenshot
from viewer.render import replay_style as style
from viewer.render.text import font
from viewer.replay.playhead import Playhead, ReplayState
from viewer.textformat import clock

FORMATS = {".mp4": "MP4", ".webp": "WEBP", ".gif": "GIF"}
MAX_FRAMES = 10_000


@dataclass(frozen=True)
class ClipOptions:
    """A clip's stretch of time, speed, size and frame rate.

    Attributes
    ----------
    start_ms, end_ms
        The stretch of the session.
    fps
        Frames per second of the clip.
    speed
        Session seconds per clip second.
    width
        Output width in px (the height follows the viewport's shape, or the page's).
    whole_page
        Show the whole page with the viewport outlined, rather than follow the viewport.
    """

    start_ms: float
    end_ms: float
    fps: float = 10.0
    speed: float = 1.0
    width: int = 640
    whole_page: bool = False

    def frame_times(self) -> list[float]:
        step = 1000.0 * self.speed / self.fps
        n = math.floor((self.end_ms - self.start_ms) / step + 1e-9) + 1
        return [self.start_ms + i * step for i in range(n)]


def render_frame(
    screenshot: Image.Image,
    page: Page,
    state: ReplayState,
    width: int,
    ripple_ms: float,
    progress: tuple[float, float] | None = None,
    whole_page: bool = False,
) -> Image.Image:
    """The user's screen at ``state``: the viewport's part of the page with the overlays
    (``whole_page``: the whole page, the viewport outlined on it).

    ``progress`` (start, end) of a clip adds a thin bar of how far into the clip the frame is
    and the session time at the bottom, as a video player shows them (it also keeps every frame
    of a clip distinct).
    """
    seen = state.viewport_rect
    vx, vy, vw, vh = (0.0, 0.0, float(page.width), float(page.height)) if whole_page else seen
    height = max(1, round(width * vh / vw))
    scale = screenshot.width / page.width  # image px per CSS px
    box = (  # within the image: the page's height in image px may round below it
        max(0.0, vx * scale),
        max(0.0, vy * scale),
        min(float(screenshot.width), (vx + vw) * scale),
        min(float(screenshot.height), (vy + vh) * scale),
    )
    frame = screenshot.resize((width, height), Image.Resampling.BILINEAR, box=box, reducing_gap=2.0)
    frame = frame.convert("RGBA")
    layer = Image.new("RGBA", frame.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    k = width / vw  # output px per CSS px

    def to_frame(x: float, y: float) -> tuple[float, float]:
        return (x - vx) * k, (y - vy) * k

    if whole_page:  # where the visitor's screen was on the page
        x0, y0 = to_frame(seen[0], seen[1])
        x1, y1 = to_frame(seen[0] + seen[2], seen[1] + seen[3])
        d.rectangle((x0, y0, x1, y1), fill=(*style.TRAIL, 28), outline=(*style.TRAIL, 230), width=2)
    if state.dwell is not None:
        x, y, elapsed, duration = state.dwell
        cx, cy = to_frame(x, y)
        r = style.DWELL_MAX_RADIUS * style.dwell_ring(elapsed, duration)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(*style.DWELL, 220), width=3)
    if len(state.trail) > 1:
        pts = [to_frame(x, y) for x, y in state.trail]
        ages = state.trail_age
        for i in range(len(pts) - 1):
            alpha = int(200 * max(0.0, 1.0 - ages[i] / 1200.0))
            d.line([pts[i], pts[i + 1]], fill=(*style.TRAIL, alpha), width=int(style.TRAIL_WIDTH))
    for x, y, age, is_tap in state.ripples:
        cx, cy = to_frame(x, y)
        radius, opacity = style.ripple(age, ripple_ms)
        colour = style.TAP if is_tap else style.CLICK
        r = (style.TAP_RADIUS if is_tap else style.RIPPLE_MAX_RADIUS) * radius
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(*colour, int(255 * opacity)), width=3)
        if is_tap:
            d.ellipse((cx - 6, cy - 6, cx + 6, cy + 6), fill=(*colour, int(200 * opacity)))
    if state.cursor is not None:
        cx, cy = to_frame(*state.cursor)
        h = style.CURSOR_HEIGHT
        shape = [(cx + px * h, cy + py * h) for px, py in style.CURSOR_SHAPE]
        d.polygon(shape, fill=(*style.CURSOR_FILL, 255), outline=(*style.CURSOR_EDGE, 255))
    if progress is not None:
        start, end = progress
        w, hh = frame.size
        share = (state.t - start) / max(end - start, 1.0)
        d.rectangle((0, hh - 4, w, hh), fill=(17, 20, 38, 140))
        d.rectangle((0, hh - 4, round(w * share), hh), fill=(*style.TRAIL, 255))
        label = clock(state.t)
        f = font(max(10, round(width / 48)))
        tw = d.textlength(label, font=f)
        d.rounded_rectangle(
            (6, hh - 12 - f.size - 6, 6 + tw + 12, hh - 10), radius=4, fill=(17, 20, 38, 170)
        )
        d.text((12, hh - 13), label, font=f, fill=(255, 255, 255, 255), anchor="ls")
    return Image.alpha_composite(frame, layer).convert("RGB")


def export_clip(path: Path | str, page: Page, playhead: Playhead, options: ClipOptions) -> int:
    """Write a clip atomically; returns the number of frames.

    Raises
    ------
    ValueError
        Unknown file type, an empty or too long stretch, or bad sizes.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError("a clip is saved as .mp4, .webp or .gif")
    if not options.end_ms > options.start_ms:
        raise ValueError("the clip's end must come after its start")
    if not (options.fps > 0 and options.speed > 0 and options.width >= 16):
        raise ValueError("frame rate, speed and width must be positive (width at least 16 px)")
    times = options.frame_times()
    if len(times) > MAX_FRAMES:
        raise ValueError(
            f"{len(times):,} frames is over the limit of {MAX_FRAMES:,}; "
            "choose a shorter stretch, a higher speed or a lower frame rate"
        )
    variant = playhead.session.variant
    with decode_screenshot(page.path, page.screenshot_for(variant)) as im:
        screenshot = im.convert("RGB")
    frames = clip_frames(screenshot, page, playhead, options, times)
    if fmt == "MP4":
        from viewer.replay.clip_video import mp4_bytes

        data = mp4_bytes(frames, options.fps)  # encoded as they are drawn
    else:
        frames = list(frames)
        buf = io.BytesIO()
        duration = max(1, round(1000.0 / options.fps))
        frames[0].save(
            buf,
            fmt,
            save_all=True,
            append_images=frames[1:],
            duration=duration,
            loop=0,
            **({"quality": 80} if fmt == "WEBP" else {"optimize": False}),
        )
        data = buf.getvalue()
    atomic_write(path, data)
    return len(times)


def clip_frames(
    screenshot: Image.Image, page: Page, playhead: Playhead, options: ClipOptions, times=None
) -> Iterator[Image.Image]:
    """The clip's frames at ``times`` (its frame times by default), drawn one at a time, all
    of the first frame's size."""
    if options.whole_page:  # every frame shows the whole page: scaled once, not per frame
        height = max(1, round(options.width * page.height / page.width))
        screenshot = screenshot.resize((options.width, height), Image.Resampling.LANCZOS)
    size = None
    for t in options.frame_times() if times is None else times:
        frame = render_frame(
            screenshot,
            page,
            playhead.state_at(t),
            options.width,
            playhead.settings.ripple_ms,
            progress=(options.start_ms, options.end_ms),
            whole_page=options.whole_page,
        )
        if size is None:
            size = frame.size
        elif frame.size != size:
            # The viewport changed shape (a resize): keep the clip's size, top-aligned.
            fitted = Image.new("RGB", size, (40, 44, 52))
            fitted.paste(frame.crop((0, 0, size[0], min(size[1], frame.height))), (0, 0))
            frame = fitted
        yield frame
