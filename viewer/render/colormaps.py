"""Colour scales for heatmaps, as 256-entry RGBA lookup tables.

The scientific colormaps come from the ``cmap`` package (maintained, numpy only); ``classic``
is the blue-green-yellow-red ramp people know from web heatmap tools. Every sequential map fades
to transparent at its low end so the page shows through, and index 0 (no density) is fully
transparent: pixels where nothing happened are left exactly as they are. Diverging maps (for
difference maps) are transparent in the middle instead.

A table is applied as ``lut32.take(index)`` on a ``uint32`` view of the RGBA bytes: one gather
per pixel, about 6x faster than indexing a (256, 4) table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: name -> (cmap catalogue name or None for built-in, diverging?, label)
_MAPS: dict[str, tuple[str | None, bool, str]] = {
    "classic": (None, False, "Classic (blue to red)"),
    "inferno": ("matplotlib:inferno", False, "Inferno"),
    "magma": ("matplotlib:magma", False, "Magma"),
    "plasma": ("matplotlib:plasma", False, "Plasma"),
    "viridis": ("matplotlib:viridis", False, "Viridis"),
    "cividis": ("cividis", False, "Cividis (colour-blind safe)"),
    "turbo": ("google:turbo", False, "Turbo"),
    "thermal": ("cmocean:thermal", False, "Thermal"),
    "rocket": ("seaborn:rocket", False, "Rocket"),
    "vik": ("crameri:vik", True, "Vik (diverging)"),
    "balance": ("cmocean:balance", True, "Balance (diverging)"),
    "coolwarm": ("matplotlib:coolwarm", True, "Cool-warm (diverging)"),
}

#: The share of the scale over which low values fade in from transparent, and how sharply
#: (a power above 1 keeps the faint tails of a density from tinting the whole page).
FADE = 0.3
FADE_POWER = 1.5

_CLASSIC_STOPS = [
    (0.0, (0, 0, 255)),
    (0.25, (0, 90, 255)),
    (0.45, (0, 220, 220)),
    (0.6, (0, 230, 60)),
    (0.78, (255, 235, 0)),
    (0.9, (255, 130, 0)),
    (1.0, (230, 0, 0)),
]


@dataclass(frozen=True)
class Colormap:
    """A named colour scale."""

    name: str
    label: str
    diverging: bool


def available(diverging: bool | None = None) -> list[Colormap]:
    """The colour scales on offer (optionally only sequential or only diverging ones)."""
    return [
        Colormap(name, label, div)
        for name, (_, div, label) in _MAPS.items()
        if diverging is None or div == diverging
    ]


def is_diverging(name: str) -> bool:
    return _spec(name)[1]


def _spec(name: str) -> tuple[str | None, bool, str]:
    try:
        return _MAPS[name]
    except KeyError:
        names = ", ".join(_MAPS)
        raise ValueError(f"unknown colormap {name!r}; choose one of {names}") from None


@lru_cache(maxsize=64)
def rgb_table(name: str) -> np.ndarray:
    """The colours of a map: (256, 3) float in [0, 1], low to high."""
    source, _, _ = _spec(name)
    if source is None:
        pos = np.array([p for p, _ in _CLASSIC_STOPS])
        cols = np.array([c for _, c in _CLASSIC_STOPS], dtype=np.float64) / 255
        t = np.linspace(0, 1, 256)
        return np.stack([np.interp(t, pos, cols[:, i]) for i in range(3)], axis=1)
    import cmap  # imported on first use: it takes ~0.2 s, which start-up should not pay

    return np.asarray(cmap.Colormap(source).lut(256), dtype=np.float64)[:, :3]


@lru_cache(maxsize=256)
def lut32(name: str, opacity: float = 1.0) -> np.ndarray:
    """The RGBA lookup table of a map at an opacity, as 256 ``uint32`` (RGBA byte order).

    Index 0 is fully transparent; alpha rises over the low :data:`FADE` of the scale (for a
    diverging map, over :data:`FADE` on either side of the middle, which is transparent).
    """
    rgb = rgb_table(name)
    t = np.linspace(0, 1, 256)
    if is_diverging(name):
        ramp = np.clip(np.abs(t - 0.5) * 2 / FADE, 0, 1)
    else:
        ramp = np.clip(t / FADE, 0, 1)
        ramp[0] = 0.0
    alpha = ramp**0.8 * float(opacity)
    rgba = np.empty((256, 4), dtype=np.uint8)
    rgba[:, :3] = np.rint(rgb * 255)
    rgba[:, 3] = np.rint(alpha * 255)
    table = rgba.view(np.uint32).ravel().copy()
    table.setflags(write=False)
    return table


def to_indices(normalized: np.ndarray) -> np.ndarray:
    """Map values in [0, 1] to table indices 0..255 (anything below 1/510 is index 0)."""
    v = np.multiply(normalized, 255.0, dtype=np.float32)
    np.clip(v, 0.0, 255.0, out=v)
    v += 0.5  # then truncation rounds to nearest (all values are >= 0)
    return v.astype(np.uint8)


def apply(normalized: np.ndarray, name: str, opacity: float = 1.0) -> np.ndarray:
    """Colour a 2-D array of values in [0, 1]: an (h, w, 4) uint8 RGBA image."""
    table = lut32(name, float(opacity))
    packed = table.take(to_indices(normalized))
    return packed.view(np.uint8).reshape(*normalized.shape, 4)
