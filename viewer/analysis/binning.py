"""Quadratic B-spline binning of points onto the density's working grid: the density's floor.

Each point spreads its weight over the 3 x 3 nodes around it with the quadratic B-spline
weights (see :func:`quadratic_bspline`). Compiled with numba when it is installed (one pass
over the points, no temporary arrays: about ten times the numpy version's speed at 1e7 points),
else in numpy chunk by chunk; both give the same masses to float rounding (a test says so).

The compiled kernel is cached on disk (numba's cache beside the module, or the user's cache
folder when that is read-only), so only the very first run on a machine compiles it;
:func:`warm_up` does that off the GUI thread.
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Points per chunk of the numpy version.
CHUNK = 1 << 14
#: Below this many points one thread bins them all (threads cost more than they save).
THREADED = 1 << 17
#: Below this many points the numpy version runs: it takes a few ms there, less than loading
#: numba and the cached kernel (about 0.6 s the first time in a process).
COMPILED_FROM = 1 << 17


def quadratic_bspline(u: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Nearest node and the three quadratic B-spline weights for fractional node positions.

    For a point at offset f in [-1/2, 1/2] from its nearest node the weights of nodes -1, 0, +1
    are (1/2 - f)^2 / 2, 3/4 - f^2 and (1/2 + f)^2 / 2: they sum to 1, their mean is f, and
    their variance is 1/4 whatever f is.
    """
    k = np.rint(u)
    f = u - k
    a = 0.5 - f
    b = 0.5 + f
    return k.astype(np.intp), [0.5 * a * a, 0.75 - f * f, 0.5 * b * b]


def _bin_numpy(x, y, w, ox, oy, hx, hy, nx, ny) -> np.ndarray:
    cells = nx * ny
    total = np.zeros(cells, dtype=np.float64)
    offsets = [dy * nx + dx for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    # Each chunk's bincount returns a whole grid: chunks must not be small next to the grid.
    chunk = min(max(CHUNK, cells // 8), max(len(x), 1))
    idx = np.empty((9, chunk), dtype=np.intp)
    w9 = np.empty((9, chunk), dtype=np.float64)
    for s in range(0, len(x), chunk):
        e = min(s + chunk, len(x))
        m = e - s
        kx, wx = quadratic_bspline((x[s:e] - ox) / hx)
        ky, wy = quadratic_bspline((y[s:e] - oy) / hy)
        if w is not None:
            wy = [wy_a * w[s:e] for wy_a in wy]
        base = ky * nx + kx
        for a in range(3):
            for b in range(3):
                k = 3 * a + b
                np.multiply(wy[a], wx[b], out=w9[k, :m])
                np.add(base, offsets[k], out=idx[k, :m])
        total += np.bincount(idx[:, :m].ravel(), w9[:, :m].ravel(), minlength=cells)
    return total


def _kernel(x, y, w, weighted, ox, oy, hx, hy, nx, lo, hi, out):  # pragma: no cover - compiled
    for i in range(x.shape[0]):
        xi, yi = x[i], y[i]
        # Only points inside the bounds (NaN never is): their stencil stays on the grid.
        if not (xi >= lo[0] and xi <= hi[0] and yi >= lo[1] and yi <= hi[1]):
            continue
        u = (xi - ox) / hx
        v = (yi - oy) / hy
        kx = math.floor(u + 0.5)  # the nearest node (a tie gives the same weights either way)
        ky = math.floor(v + 0.5)
        fx = u - kx
        fy = v - ky
        ax, bx = 0.5 - fx, 0.5 + fx
        ay, by = 0.5 - fy, 0.5 + fy
        wx0, wx1, wx2 = 0.5 * ax * ax, 0.75 - fx * fx, 0.5 * bx * bx
        m = w[i] if weighted else 1.0
        wy0, wy1, wy2 = 0.5 * ay * ay * m, (0.75 - fy * fy) * m, 0.5 * by * by * m
        row = int(ky) * nx + int(kx) - nx
        out[row - 1] += wy0 * wx0
        out[row] += wy0 * wx1
        out[row + 1] += wy0 * wx2
        row += nx
        out[row - 1] += wy1 * wx0
        out[row] += wy1 * wx1
        out[row + 1] += wy1 * wx2
        row += nx
        out[row - 1] += wy2 * wx0
        out[row] += wy2 * wx1
        out[row + 1] += wy2 * wx2


_POOL: ThreadPoolExecutor | None = None
_LOCK = threading.Lock()
_compiled_kernel = []  # [the kernel, or None without numba], made on first use


def _compiled():
    """The compiled kernel (numba imported on first use: commands that make no map never pay
    for it), or None without numba or with $SESSION_VIEWER_NO_NUMBA set."""
    with _LOCK:
        if not _compiled_kernel:
            try:  # numba is a dependency; the numpy path keeps the program working without it
                if os.environ.get("SESSION_VIEWER_NO_NUMBA"):
                    raise ImportError("disabled by SESSION_VIEWER_NO_NUMBA")
                from numba import njit
            except ImportError:
                _compiled_kernel.append(None)
            else:
                _compiled_kernel.append(njit(cache=True, nogil=True)(_kernel))
        return _compiled_kernel[0]


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(2, thread_name_prefix="binning")
    return _POOL


def compiled() -> bool:
    """Whether binning runs compiled (numba installed and not disabled)."""
    return _compiled() is not None


def _bin_compiled(x, y, w, ox, oy, hx, hy, nx, ny, lo, hi) -> np.ndarray:
    kernel = _compiled()
    weighted = w is not None
    w = w if weighted else np.zeros(0)
    lo, hi = np.asarray(lo, np.float64), np.asarray(hi, np.float64)

    def part(s: int, e: int) -> np.ndarray:
        out = np.zeros(nx * ny, dtype=np.float64)
        ws = w[s:e] if weighted else w
        kernel(x[s:e], y[s:e], ws, weighted, ox, oy, hx, hy, nx, lo, hi, out)
        return out

    n = len(x)
    if n < THREADED:
        return part(0, n)
    # Two halves in two threads (the compiled loop releases the GIL), each on its own grid.
    second = _pool().submit(part, n // 2, n)
    total = part(0, n // 2)
    total += second.result()
    return total


def bin_points(
    x, y, w, ox: float, oy: float, hx: float, hy: float, nx: int, ny: int, compiled: bool = True
):
    """The masses of points ``(x, y)`` (float32 or float64; weights ``w``, or None for 1
    each) on a grid of ``ny`` x ``nx`` nodes, node (i, j) at ``(ox + j * hx, oy + i * hy)``.

    Points less than 1.5 nodes inside the grid, and non-finite ones, are left out (their
    stencil would leave the grid). ``compiled=False``: the numpy version, even with numba.
    """
    lo = (ox + 1.5 * hx, oy + 1.5 * hy)
    hi = (ox + (nx - 2.5) * hx, oy + (ny - 2.5) * hy)
    if compiled and len(x) >= COMPILED_FROM and _compiled() is not None:
        flat = _bin_compiled(x, y, w, ox, oy, hx, hy, nx, ny, lo, hi)
    else:
        keep = (x >= lo[0]) & (x <= hi[0]) & (y >= lo[1]) & (y <= hi[1])
        if not keep.all():
            x, y, w = x[keep], y[keep], (w[keep] if w is not None else None)
        x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
        flat = _bin_numpy(x, y, w, ox, oy, hx, hy, nx, ny)
    return flat.reshape(ny, nx)


def warm_up() -> None:
    """Compile (or load from the cache) the kernel for the arrays maps use, so that the first
    map does not wait on it; cheap when already done."""
    if _compiled() is None:
        return
    for dtype in (np.float64, np.float32):
        p = np.full(1, 3.0, dtype)
        for w in (None, np.ones(1)):
            bin_points(p, p, w, 0.0, 0.0, 1.0, 1.0, 6, 6)
