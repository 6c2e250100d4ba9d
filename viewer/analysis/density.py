"""The one kernel density estimator: weighted points to a Gaussian density on a page grid.

The estimate at a point p is the kernel sum

    f(p) = sum_i w_i * exp(-|p - p_i|^2 / (2 sigma^2)) / (2 pi sigma^2)

in weight per CSS px^2: points add up (two clicks on one spot make twice the density; nothing
saturates), and the integral over the plane is the total weight.

How it is computed fast and still within 0.2 % of the peak of the exact sum:

1. **Binning.** Each point is spread over the 3 x 3 nearest nodes of a working grid of spacing
   h = sigma / 3 with quadratic B-spline weights (neither nearest-cell nor linear binning).
   Those weights keep the point's mean position exactly and give it a spread whose variance,
   h^2/4 per axis, is the same wherever the point sits in its cell, so the first error term
   that depends on the position is of third order. A single point's worst error is about
   0.05 % of its peak; linear binning on the same grid would be off by 2.7 %.
2. **Smoothing and output in one step.** The binned masses are convolved with a Gaussian of
   variance sigma^2 - h^2/4, which puts back exactly the spread the binning added, and the
   result is evaluated straight at the output cell centres: along each axis a banded matrix
   of Gaussian weights (one block of output cells at a time, so the cost grows linearly with
   the page) multiplies the grid. No resampling step, no interpolation error, and nothing
   wraps around from the far edge of the page as it would with a circular FFT.

Points further than 5 sigma outside the page cannot change it by more than 4e-6 of their own
peak and are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from viewer.analysis.binning import bin_points

#: Working-grid spacing as a fraction of sigma.
SPACING = 1 / 3
#: Kernel support in units of sigma: the Gaussian beyond it is below 4e-6 of its peak.
SUPPORT = 5.0
#: Output cells evaluated per block of the banded product.
BLOCK = 256


@dataclass(frozen=True)
class GridSpec:
    """An output grid over a rectangle of the page, ``shape`` cells covering
    ``[x0, x0 + width] x [y0, y0 + height]`` (CSS px).

    Values are at cell centres: column ``j`` is at x = x0 + (j + 0.5) * width / cols.
    """

    width: float
    height: float
    shape: tuple[int, int]  # (rows, cols)
    x0: float = 0.0
    y0: float = 0.0

    @property
    def cell(self) -> tuple[float, float]:
        """Cell size (x, y) in CSS px."""
        rows, cols = self.shape
        return self.width / cols, self.height / rows

    def centres_x(self) -> np.ndarray:
        return self.x0 + (np.arange(self.shape[1]) + 0.5) * self.cell[0]

    def centres_y(self) -> np.ndarray:
        return self.y0 + (np.arange(self.shape[0]) + 0.5) * self.cell[1]

    @classmethod
    def for_page(cls, width: float, height: float, cell: float) -> GridSpec:
        """A grid of (about) ``cell`` CSS px square cells over a whole page."""
        cols = max(1, round(width / cell))
        rows = max(1, round(height / cell))
        return cls(float(width), float(height), (rows, cols))


def kernel_density(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None,
    sigma: float,
    grid: GridSpec,
) -> np.ndarray:
    """Gaussian kernel density of weighted points, at the centres of ``grid``'s cells.

    Parameters
    ----------
    x, y
        Point positions in page CSS px. Points more than 5 sigma outside the page (and
        non-finite positions) are left out.
    weights
        One finite weight per point (e.g. seconds for a move map); None means 1 each.
    sigma
        The Gaussian's standard deviation in CSS px (> 0).
    grid
        Where to evaluate.

    Returns
    -------
    ndarray of float64, shape ``grid.shape``
        Weight per CSS px^2 at each cell centre.
    """
    if not (sigma > 0 and math.isfinite(sigma)):
        raise ValueError("sigma must be a positive number of CSS px")
    x, y = _floats(x), _floats(y)
    if x.shape != y.shape:
        raise ValueError("x and y must have the same length")
    if weights is not None:
        weights = np.asarray(weights, dtype=np.float64).ravel()
        if weights.shape != x.shape:
            raise ValueError("weights must have one entry per point")
        if not np.isfinite(weights).all():
            raise ValueError("weights must be finite")
    return density_of_masses(binned_masses(x, y, weights, sigma, grid), sigma, grid)


def binned_masses(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray | None, sigma: float, grid: GridSpec
) -> np.ndarray:
    """Step 1 of :func:`kernel_density`: the points' masses on the working grid.

    Linear in the points: the masses of two sets of points add up to the masses of both, so a
    map of many partitions is the sum of each partition's masses, smoothed once
    (:func:`density_of_masses`) -- exactly, to float rounding.
    """
    x, y = _floats(x), _floats(y)
    ax = _Axis.plan(grid.x0, grid.width, sigma)
    ay = _Axis.plan(grid.y0, grid.height, sigma)
    w = np.asarray(weights, np.float64).ravel() if weights is not None else None
    return bin_points(x, y, w, ax.origin, ay.origin, ax.spacing, ay.spacing, ax.nodes, ay.nodes)


def _floats(v) -> np.ndarray:
    """``v`` as a flat float32 or float64 array (no copy when it already is one)."""
    v = np.asarray(v).ravel()
    return v if v.dtype in (np.float32, np.float64) else v.astype(np.float64)


def density_of_masses(binned: np.ndarray, sigma: float, grid: GridSpec) -> np.ndarray:
    """Step 2 of :func:`kernel_density`: masses from :func:`binned_masses` (of the same sigma
    and grid) smoothed and evaluated at the grid's cell centres, in weight per CSS px^2."""
    ax = _Axis.plan(grid.x0, grid.width, sigma)
    ay = _Axis.plan(grid.y0, grid.height, sigma)
    if not binned.any():
        return np.zeros(grid.shape)
    smooth = math.sqrt(sigma**2 - ax.spacing**2 / 4) / ax.spacing  # in nodes
    out = _evaluate_axis(binned, ay.positions(grid.centres_y()), smooth, axis=0)
    out = _evaluate_axis(out, ax.positions(grid.centres_x()), smooth, axis=1)
    # Masses are per node and the Gaussian weights per node width: a density is per px^2.
    return out.astype(np.float64) / (ax.spacing * ay.spacing)


@dataclass(frozen=True)
class _Axis:
    """The working grid along one axis: node ``k`` sits at ``origin + k * spacing``.

    The nodes reach 5 sigma (plus two nodes for the binning stencil) beyond both page edges,
    so points just outside the page still count where their kernel reaches it.
    """

    spacing: float
    origin: float
    nodes: int

    @classmethod
    def plan(cls, start: float, size: float, sigma: float) -> _Axis:
        h = SPACING * sigma
        pad = math.ceil(SUPPORT * sigma / h) + 2
        nodes = pad + math.ceil(size / h) + 1 + pad
        return cls(h, start - pad * h, nodes)

    def holds(self, v: np.ndarray) -> np.ndarray:
        lo = self.origin + 1.5 * self.spacing
        hi = self.origin + (self.nodes - 2.5) * self.spacing
        return (v >= lo) & (v <= hi)

    def positions(self, px: np.ndarray) -> np.ndarray:
        return (px - self.origin) / self.spacing


def _evaluate_axis(a: np.ndarray, pos: np.ndarray, s: float, axis: int) -> np.ndarray:
    """Convolve ``a`` along ``axis`` with a Gaussian of ``s`` nodes, sampled at ``pos``.

    ``pos`` (ascending, in node units) may fall anywhere between nodes. Works block by block
    of output positions, each a small dense product with only the nodes the block can reach.
    """
    a = np.ascontiguousarray(a, dtype=np.float32)
    n = a.shape[axis]
    reach = SUPPORT * s
    norm = 1.0 / (math.sqrt(2 * math.pi) * s)
    blocks = []
    for j0 in range(0, len(pos), BLOCK):
        p = pos[j0 : j0 + BLOCK]
        lo = max(0, math.floor(p[0] - reach))
        hi = min(n, math.ceil(p[-1] + reach) + 1)
        d = (p[:, None] - np.arange(lo, hi)[None, :]) / s
        weights = (np.exp(-0.5 * d * d) * norm).astype(np.float32)
        weights[np.abs(d) > SUPPORT] = 0.0
        if axis == 0:
            blocks.append(weights @ a[lo:hi])
        else:
            blocks.append(a[:, lo:hi] @ weights.T)
    return np.concatenate(blocks, axis=axis)


def exact_density(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None,
    sigma: float,
    grid: GridSpec,
    chunk: int = 20_000,
) -> np.ndarray:
    """The same sum computed directly in float64 (slow; for tests and accuracy checks).

    Uses the Gaussian's separability: for a chunk of points, D = Gy^T diag(w) Gx.
    """
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    w = np.ones_like(x) if weights is None else np.asarray(weights, np.float64)
    cx, cy = grid.centres_x(), grid.centres_y()
    out = np.zeros(grid.shape)
    norm = 1.0 / (2 * math.pi * sigma * sigma)
    for s in range(0, len(x), chunk):
        gx = np.exp(-0.5 * ((cx[None, :] - x[s : s + chunk, None]) / sigma) ** 2)
        gy = np.exp(-0.5 * ((cy[None, :] - y[s : s + chunk, None]) / sigma) ** 2)
        out += (gy * w[s : s + chunk, None]).T @ gx
    return out * norm
