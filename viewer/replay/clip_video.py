"""Replay clips as MP4 (H.264): what slides, chat tools and every browser's ``<video>`` play.

Encoded with PyAV, which ships its own FFmpeg build with libx264 in its wheels, so nothing has
to be installed besides the package: no system ffmpeg. Frames are encoded as they are drawn
(a long clip is never held in memory whole), in yuv420p (what players expect; its chroma is
half-size, so the frame's width and height are made even), with the index at the front of the
file (``+faststart``: a browser starts playing before the whole file has arrived).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import numpy as np
from PIL import Image

#: Constant quality (x264's CRF; 18 is close to transparent, 23 its default): the cursor and
#: the page's text stay sharp at a fraction of the WebP's size.
CRF = 20


def even_size(size: tuple[int, int]) -> tuple[int, int]:
    """``size`` rounded up to even numbers (yuv420p's half-size chroma needs them)."""
    w, h = size
    return w + w % 2, h + h % 2


def mp4_bytes(frames: Iterable[Image.Image], fps: float) -> bytes:
    """The MP4 file of ``frames`` (RGB images of one size; the first fixes it) shown at
    ``fps`` frames per second.

    Raises
    ------
    ValueError
        No frames.
    """
    import av  # imported when a video is made (a few hundred ms; the window never waits)

    rate = Fraction(fps).limit_denominator(1000)
    with tempfile.TemporaryDirectory(prefix="session-viewer-clip-") as tmp:
        # A file, not memory: +faststart moves the index to the front by reading it again.
        name = str(Path(tmp) / "clip.mp4")
        _encode(av, name, frames, rate)
        return Path(name).read_bytes()


def _encode(av, name: str, frames: Iterable[Image.Image], rate: Fraction) -> None:
    with av.open(name, "w", format="mp4", options={"movflags": "+faststart"}) as container:
        stream = None
        for image in frames:
            if stream is None:
                width, height = even_size(image.size)
                stream = container.add_stream("libx264", rate=rate)
                stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
                stream.options = {"crf": str(CRF), "preset": "medium"}
            rgb = np.asarray(_padded(image.convert("RGB"), (stream.width, stream.height)))
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        if stream is None:
            raise ValueError("a video needs at least one frame")
        for packet in stream.encode():  # what the encoder still holds
            container.mux(packet)


def _padded(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """``image`` on a canvas of ``size`` (its odd last row or column repeated, not black)."""
    if image.size == size:
        return image
    out = Image.new("RGB", size)
    out.paste(image, (0, 0))
    w, h = image.size
    if size[0] > w:
        out.paste(image.crop((w - 1, 0, w, h)), (w, 0))
    if size[1] > h:
        out.paste(out.crop((0, h - 1, size[0], h)), (0, h))
    return out
