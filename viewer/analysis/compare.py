"""Comparing two segments: both maps on one absolute scale, and where they really differ.

The difference map is A - B in the maps' absolute units (per 1,000 sessions for clicks, per
session for times), so the two sides may have different numbers of sessions. Cells are masked
where the difference is not significant: a **permutation test** swaps the A/B labels of the
sessions (``permutations`` times) and keeps a cell only if fewer than ``level`` of the shuffles
gave a difference at least as large there (two-sided, pointwise). The test runs on a coarse grid
(cells of ``test_cell`` px) and the mask is carried to the display grid.

A segment compared with itself gives differences of exactly zero everywhere: all masked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import Heatmap, HeatmapSettings, compute_heatmap, points_for
from viewer.analysis.table import EventTable
from viewer.recording.model import Page
from viewer.state.heatmap_params import Kind


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two maps on one scale, their difference, and where it is significant."""

    a: Heatmap
    b: Heatmap
    difference: np.ndarray
    significant: np.ndarray
    strength: np.ndarray  # the mask eased between test cells, 0..1 (what the picture shows)
    vmax: float
    diff_vmax: float
    level: float
    permutations: int
    units: str

    def diverging(self) -> np.ndarray:
        """The difference mapped to [0, 1] for a diverging colormap (0.5 where not significant)."""
        t = 0.5 + 0.5 * np.clip(self.difference / max(self.diff_vmax, 1e-300), -1, 1)
        # Eased, not cut: the test's cells are a kernel width wide, and a mask carried cell
        # by cell drew square tiles with hard edges through the blobs.
        return 0.5 + (t - 0.5) * self.strength


def compare(
    table_a: EventTable,
    table_b: EventTable,
    page: Page,
    settings: HeatmapSettings,
    grid: GridSpec,
    permutations: int = 200,
    level: float = 0.05,
    test_cell: float | None = None,
    seed: int = 0,
) -> Comparison:
    """Compare the click, move or dwell maps of two sets of sessions.

    Parameters
    ----------
    table_a, table_b
        The two segments' sessions.
    page
        Their page.
    settings
        The map (its scale is forced to absolute, shared by both sides).
    grid
        Where to draw.
    permutations, level
        The permutation test: how many shuffles, and the significance level.
    test_cell
        Cell size of the test's grid (CSS px); default: the kernel's sigma.
    seed
        For the shuffles (the same inputs always give the same mask).
    """
    if settings.kind == Kind.SCROLL:
        raise ValueError("compare click, move or dwell maps (a scroll map has no points)")
    s = settings.with_(scale="absolute", vmax=None)
    a = compute_heatmap(table_a, page, s, grid)
    b = compute_heatmap(table_b, page, s, grid)
    vmax = max(a.vmax, b.vmax) if settings.vmax is None else float(settings.vmax)
    a = _with_vmax(a, vmax)
    b = _with_vmax(b, vmax)
    difference = a.values - b.values
    significant, strength = _permutation_mask(
        table_a, table_b, s, grid, permutations, level, test_cell or s.sigma, seed
    )
    significant &= difference != 0
    diff_vmax = float(np.abs(difference).max()) if difference.size else 0.0
    return Comparison(
        a,
        b,
        difference,
        significant,
        strength,
        vmax,
        diff_vmax or 1.0,
        level,
        permutations,
        a.units,
    )


def _with_vmax(h: Heatmap, vmax: float) -> Heatmap:
    return Heatmap(
        h.values,
        h.raw,
        h.grid,
        h.settings.with_(vmax=vmax),
        h.units,
        vmax,
        h.peak,
        h.n_sessions,
        h.n_points,
        h.total_weight,
        h.scroll,
    )


def _per_session_counts(
    points, n_sessions: int, cells_x: int, cells_y: int, grid: GridSpec, cell: float
):
    """Sparse (session, cell) -> weight triplets of a map's points on the test grid."""
    x, y, w, sid = points
    cx = np.floor((np.asarray(x, np.float64) - grid.x0) / cell).astype(np.int64)
    cy = np.floor((np.asarray(y, np.float64) - grid.y0) / cell).astype(np.int64)
    keep = (cx >= 0) & (cx < cells_x) & (cy >= 0) & (cy < cells_y)
    weights = np.ones(len(cx)) if w is None else np.asarray(w, np.float64)
    key = sid[keep].astype(np.int64) * (cells_x * cells_y) + cy[keep] * cells_x + cx[keep]
    uniq, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights[keep])
    return uniq // (cells_x * cells_y), uniq % (cells_x * cells_y), total


def _blur_matrix(n: int, sigma_cells: float) -> np.ndarray:
    idx = np.arange(n)
    d = idx[:, None] - idx[None, :]
    g = np.exp(-0.5 * (d / max(sigma_cells, 1e-6)) ** 2)
    return g / (math.sqrt(2 * math.pi) * max(sigma_cells, 1e-6))


def _permutation_mask(table_a, table_b, settings, grid, permutations, level, cell, seed):
    cells_x = max(1, math.ceil(grid.width / cell))
    cells_y = max(1, math.ceil(grid.height / cell))
    na, nb = table_a.n_sessions, table_b.n_sessions
    if na == 0 or nb == 0:
        return np.zeros(grid.shape, dtype=bool), np.zeros(grid.shape)
    pa = points_for(table_a, settings)
    pb = points_for(table_b, settings)
    # Pool the sessions: B's sessions come after A's.
    pooled = (
        np.concatenate([pa.x, pb.x]),
        np.concatenate([pa.y, pb.y]),
        None if pa.weight is None else np.concatenate([pa.weight, pb.weight]),
        np.concatenate([pa.session, pb.session + na]),
    )
    sess, cells, weight = _per_session_counts(pooled, na + nb, cells_x, cells_y, grid, cell)
    gy = _blur_matrix(cells_y, settings.sigma / cell)
    gx = _blur_matrix(cells_x, settings.sigma / cell)

    def smoothed_difference(labels: np.ndarray) -> np.ndarray:
        # Per-session weights: +1/na for sessions labelled A, -1/nb for B.
        coef = np.where(labels, 1.0 / na, -1.0 / nb)
        grid_sum = np.bincount(cells, weight * coef[sess], minlength=cells_x * cells_y)
        return gy @ grid_sum.reshape(cells_y, cells_x) @ gx.T

    labels = np.zeros(na + nb, dtype=bool)
    labels[:na] = True
    observed = np.abs(smoothed_difference(labels))
    rng = np.random.default_rng(seed)
    exceed = np.zeros_like(observed)
    for _ in range(permutations):
        exceed += np.abs(smoothed_difference(rng.permutation(labels))) >= observed - 1e-12
    p = (exceed + 1) / (permutations + 1)
    coarse = (p <= level) & (observed > 0)
    # Carry the coarse mask to the display grid: the nearest test cell says significant or
    # not; the strength shown eases between cell centres (bilinear), so edges are soft.
    cy = np.clip(((grid.centres_y() - grid.y0) / cell).astype(int), 0, cells_y - 1)
    cx = np.clip(((grid.centres_x() - grid.x0) / cell).astype(int), 0, cells_x - 1)
    return coarse[np.ix_(cy, cx)], _bilinear(coarse.astype(np.float64), grid, cell)


def _bilinear(coarse: np.ndarray, grid: GridSpec, cell: float) -> np.ndarray:
    """``coarse`` (one value per test cell, at cell centres) at the display grid's centres."""
    rows, cols = coarse.shape

    def axis(centres: np.ndarray, origin: float, n: int) -> tuple[np.ndarray, ...]:
        u = np.clip((centres - origin) / cell - 0.5, 0, n - 1)
        i0 = np.floor(u).astype(int)
        i1 = np.minimum(i0 + 1, n - 1)
        return i0, i1, u - i0

    y0, y1, fy = axis(grid.centres_y(), grid.y0, rows)
    x0, x1, fx = axis(grid.centres_x(), grid.x0, cols)
    top = coarse[np.ix_(y0, x0)] * (1 - fx) + coarse[np.ix_(y0, x1)] * fx
    bottom = coarse[np.ix_(y1, x0)] * (1 - fx) + coarse[np.ix_(y1, x1)] * fx
    return top * (1 - fy)[:, None] + bottom * fy[:, None]
