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


def wrap(text: str, f: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` px in font ``f`` (a word longer than
    the width gets a line of its own)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if f.getlength(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines
