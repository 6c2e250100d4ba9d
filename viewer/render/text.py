"""The font for text drawn into images (legends, marks, labels).

Pillow's bundled font, so exported images look the same on every machine.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont:
    """The bundled sans-serif font at ``size`` pixels."""
    return ImageFont.load_default(max(6, int(size)))
