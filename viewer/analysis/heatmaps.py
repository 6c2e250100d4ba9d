"""What goes into each heatmap, over any set of sessions, and in which units.

* ``click``: clicks and/or taps, one unit each.
* ``move``: where the pointer *was*: each sample weighs the time until the next sample (not one
  per sample: recorders sample unevenly), capped so that an idle tab does not paint a hot spot.
* ``dwell``: dwell events, each weighing its duration (capped likewise).
* ``scroll``: per page row, the share of sessions whose viewport reached it, and the mean time it
  was in view, with the average fold and the rows where reach falls to 75, 50 and 25 %.

Scales: ``relative`` puts the map's own peak at the top colour; ``absolute`` converts to units
that do not depend on how many sessions there are (clicks per 1,000 sessions per 100 x 100 px,
seconds per session per 100 x 100 px), so two maps on one ``vmax`` can be compared honestly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from viewer.analysis.density import GridSpec, kernel_density
from viewer.analysis.scroll_profile import ScrollProfile, scroll_profile
from viewer.analysis.table import EventTable
from viewer.recording.model import EventKind, Page, Session
from viewer.state import heatmap_params as params
from viewer.state.heatmap_params import Kind, Scale, ScrollMetric
from viewer.state.heatmap_settings import DEFAULT_OPACITY, HeatmapSettings  # noqa: F401

if TYPE_CHECKING:
    from viewer.analysis.click_map import Placement

# The settings live with the state (the window, the command line and exports read them there).
KINDS, SCALES = params.KIND.values, params.SCALE.values


@dataclass(frozen=True, eq=False)
class Heatmap:
    """A computed map, ready to colour.

    Attributes
    ----------
    values
        On ``grid``, in :attr:`units`.
    raw
        The same before unit conversion: weight per CSS px^2 for click (count), move and dwell
        (seconds); share or seconds per session for scroll.
    vmax
        The value given the top colour.
    peak
        The largest value.
    """

    values: np.ndarray
    raw: np.ndarray
    grid: GridSpec
    settings: HeatmapSettings
    units: str
    vmax: float
    peak: float
    n_sessions: int
    n_points: int
    total_weight: float
    scroll: ScrollProfile | None = None
    hidden_cells: int = 0  # cells with density hidden because too few sessions made them
    placement: Placement | None = None  # a click map's clicks on their elements, judged

    def normalized(self) -> np.ndarray:
        """Values mapped to [0, 1] (the colour scale)."""
        if self.vmax <= 0:
            return np.zeros(self.values.shape)
        return np.clip(self.values / self.vmax, 0.0, 1.0)


# ----------------------------------------------------------------------------------- the points


class Points(NamedTuple):
    """Weighted points of a map: positions, weights (None: 1 each), and their sessions."""

    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray | None
    session: np.ndarray


def click_points(
    table: EventTable,
    clicks: bool = True,
    taps: bool = True,
    t_range: tuple[float, float] | None = None,
) -> Points:
    """Positions of clicks of the primary button and/or taps (weight 1 each).

    Right and middle clicks (a click's value is its button) open menus and tabs rather than
    follow what the page offers, so a click map, like Clarity's and Hotjar's, leaves them out.
    """
    m = click_mask(table, clicks, taps, t_range)
    return Points(table.x[m], table.y[m], None, table.session[m])


def click_mask(
    table: EventTable, clicks: bool, taps: bool, t_range: tuple[float, float] | None
) -> np.ndarray:
    """Which events of ``table`` a click map counts: primary-button clicks and/or taps."""
    kinds = [k for k, on in ((EventKind.CLICK, clicks), (EventKind.TAP, taps)) if on]
    if not kinds:
        return np.zeros(len(table.t), bool)
    m = table.mask(*kinds, t_range=t_range)
    m &= (table.kind != EventKind.CLICK) | (table.value == 0)
    return m


def move_points(
    table: EventTable, cap_ms: float = 2000.0, t_range: tuple[float, float] | None = None
) -> Points:
    """Pointer positions weighted by the seconds the pointer stayed there.

    A sample's weight is the time until the next pointer sample (move or click) of the same
    session, or until the session ends for the last one, capped at ``cap_ms``; with a time
    range, only the part inside the range counts.
    """
    m = table.mask(EventKind.MOVE, EventKind.CLICK)
    t = table.t[m].astype(np.float64)
    sid = table.session[m]
    if len(t) == 0:
        return Points(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, np.int32))
    nxt = np.empty_like(t)
    nxt[:-1] = t[1:]
    last = np.ones(len(t), dtype=bool)
    last[:-1] = sid[1:] != sid[:-1]
    nxt[last] = table.end_ms[sid[last]]
    w = _seconds_within(t, nxt, cap_ms, t_range)
    keep = w > 0
    return Points(table.x[m][keep], table.y[m][keep], w[keep], sid[keep])


def dwell_points(
    table: EventTable, cap_ms: float = 30000.0, t_range: tuple[float, float] | None = None
) -> Points:
    """Dwell positions weighted by their duration in seconds (capped at ``cap_ms``)."""
    m = table.mask(EventKind.DWELL)
    t = table.t[m].astype(np.float64)
    w = _seconds_within(t, t + table.value[m], cap_ms, t_range)
    keep = w > 0
    return Points(table.x[m][keep], table.y[m][keep], w[keep], table.session[m][keep])


def points_for(table: EventTable, settings: HeatmapSettings, page: Page | None = None) -> Points:
    """The weighted points of a click, move or dwell map (a click map's on their elements
    when the settings ask and ``page`` has their boxes)."""
    s = settings
    if s.kind == Kind.CLICK:
        from viewer.analysis.click_map import click_map_points  # it builds on this module

        return click_map_points(table, s, page)[0]
    if s.kind == Kind.MOVE:
        return move_points(table, s.move_cap_ms, s.t_range)
    if s.kind == Kind.DWELL:
        return dwell_points(table, s.dwell_cap_ms, s.t_range)
    raise ValueError(f"a {s.kind} map has no points")


def _seconds_within(
    start: np.ndarray, end: np.ndarray, cap_ms: float, t_range: tuple[float, float] | None
) -> np.ndarray:
    """Seconds of each [start, end) ms stretch inside ``t_range``, at most ``cap_ms`` each."""
    if t_range is not None:
        start = np.maximum(start, t_range[0])
        end = np.minimum(end, t_range[1])
    return np.clip(np.minimum(end - start, cap_ms), 0.0, None) / 1000.0


# ----------------------------------------------------------------------------------- the maps


def compute_heatmap(
    sessions: Sequence[Session] | EventTable,
    page: Page,
    settings: HeatmapSettings,
    grid: GridSpec,
    density: tuple[np.ndarray, int, float] | None = None,
) -> Heatmap:
    """Compute a heatmap of ``sessions`` on ``page`` at the cells of ``grid``.

    Parameters
    ----------
    sessions
        The sessions to include (or an :class:`EventTable` of them).
    page
        The page they visited (its height bounds the scroll map).
    settings
        What to compute and how to scale it.
    grid
        Where: the whole page or a rectangle of it, at any resolution.
    density
        For click, move and dwell maps computed elsewhere (an archive's map-reduce): the raw
        density on ``grid``, the number of points and their total weight; the scale and
        units are then made here as for any map.
    """
    table = sessions if isinstance(sessions, EventTable) else EventTable.from_sessions(sessions)
    n = table.n_sessions
    s = settings
    if s.kind == Kind.SCROLL:
        profile = scroll_profile(table, page.height, row_px=grid.cell[1], t_range=s.t_range)
        scrolls = int(table.mask(EventKind.SCROLL).sum())
        return heatmap_of_profile(s, grid, page, profile, n, scrolls)

    hidden = 0
    placement = None
    if density is not None:
        if s.min_sessions > 1:
            raise ValueError("hiding spots of few sessions needs the points, not a density")
        raw, n_points, total = density
    else:
        if s.kind == Kind.CLICK:
            from viewer.analysis.click_map import click_map_points

            (x, y, w, session), placement = click_map_points(table, s, page)
        else:
            x, y, w, session = points_for(table, s)
        raw = kernel_density(x, y, w, s.sigma, grid)
        n_points, total = len(x), float(len(x) if w is None else w.sum())
        if s.min_sessions > 1:
            few = session_support(x, y, session, grid, s.sigma) < s.min_sessions
            hidden = int(np.count_nonzero(few & (raw > 0)))
            raw = np.where(few, 0.0, raw)
    out = heatmap_of_density(s, grid, (raw, n_points, total), n, hidden)
    return replace(out, placement=placement) if placement is not None else out


def heatmap_of_profile(
    settings: HeatmapSettings,
    grid: GridSpec,
    page: Page,
    profile: ScrollProfile,
    n: int,
    scrolls: int,
) -> Heatmap:
    """The scroll :class:`Heatmap` of a :class:`ScrollProfile` of ``n`` sessions (those of
    unknown window size included: the units say how many were left out) with ``scrolls``
    scroll events."""
    s = settings
    row_px = grid.cell[1]
    per_row = profile.reach if s.scroll_metric == ScrollMetric.REACH else profile.seconds
    rows = np.clip(np.floor((grid.centres_y()) / row_px).astype(np.intp), 0, len(per_row) - 1)
    column = per_row[rows]
    column = np.where(grid.centres_y() < page.height, column, 0.0)
    raw = np.repeat(column[:, None], grid.shape[1], axis=1)
    if s.scroll_metric == ScrollMetric.REACH:
        units = "share of sessions that reached the row"
        values, vmax = raw, 1.0
    else:
        units = "seconds in view per session"
        values = raw
        vmax = _top(s, float(raw.max()) if raw.size else 0.0)
    if s.scale == Scale.RELATIVE and s.scroll_metric == ScrollMetric.TIME:
        peak = float(raw.max()) if raw.size else 0.0
        values = raw / peak if peak > 0 else raw
        units, vmax = "share of this map's peak", 1.0
    measured = len(profile.bottoms)
    if measured < n:
        units += f"; {n - measured:,} sessions of unknown window size left out"
        n = measured
    return Heatmap(
        values,
        raw,
        grid,
        s,
        units,
        vmax,
        float(values.max(initial=0.0)),
        n,
        scrolls,
        float(n),
        profile,
    )


def heatmap_of_density(
    settings: HeatmapSettings,
    grid: GridSpec,
    density: tuple[np.ndarray, int, float],
    n: int,
    hidden: int = 0,
) -> Heatmap:
    """The click, move or dwell :class:`Heatmap` of a raw density of ``n`` sessions (with its
    point count and total weight): scaled and in units as ``settings`` say."""
    s = settings
    raw, n_points, total = density
    peak_raw = float(raw.max()) if raw.size else 0.0
    if s.scale == Scale.RELATIVE:
        values = raw / peak_raw if peak_raw > 0 else raw
        units, vmax = "share of this map's peak", 1.0
    else:
        per_area = 100.0 * 100.0
        if s.kind == Kind.CLICK:
            factor = per_area * 1000.0 / max(n, 1)
            units = "clicks per 1,000 sessions per 100 x 100 px"
        else:
            factor = per_area / max(n, 1)
            units = (
                f"{'dwell ' if s.kind == Kind.DWELL else ''}seconds per session per 100 x 100 px"
            )
        values = raw * factor
        vmax = _top(s, float(values.max()) if values.size else 0.0)
    return Heatmap(
        values,
        raw,
        grid,
        s,
        units,
        vmax,
        float(values.max(initial=0.0)),
        n,
        n_points,
        total,
        hidden_cells=hidden,
    )


def session_support(
    x: np.ndarray, y: np.ndarray, session: np.ndarray, grid: GridSpec, sigma: float
) -> np.ndarray:
    """How many distinct sessions have a point within about two kernel widths of each cell
    centre of ``grid`` (an int array of its shape).

    Counted on square blocks ``sigma`` px wide: each session marks the blocks it has a point
    in and the disc of blocks up to two away, once however many points it has there, so one
    visitor clicking twenty times counts once. Vectorised: unique (session, block) pairs.
    """
    if not len(x):
        return np.zeros(grid.shape, np.int64)
    block, pad = max(float(sigma), 1e-6), 2
    rows, cols = grid.shape
    # Blocks over the grid plus a margin of ``pad`` (points just outside still reach in).
    bw = int(np.ceil(grid.cell[0] * cols / block)) + 2 * pad + 1
    bh = int(np.ceil(grid.cell[1] * rows / block)) + 2 * pad + 1
    n_blocks = bw * bh
    bx = np.clip(np.floor((x - grid.x0) / block).astype(np.int64) + pad, 0, bw - 1)
    by = np.clip(np.floor((y - grid.y0) / block).astype(np.int64) + pad, 0, bh - 1)
    pairs = np.unique(session.astype(np.int64) * n_blocks + by * bw + bx)
    sess, cell = np.divmod(pairs, n_blocks)
    cy, cx = np.divmod(cell, bw)
    dy, dx = np.mgrid[-pad : pad + 1, -pad : pad + 1]
    disc = dy**2 + dx**2 <= pad * pad + 1
    ny = (cy[:, None] + dy[disc][None, :]).ravel()
    nx = (cx[:, None] + dx[disc][None, :]).ravel()
    ns = np.repeat(sess, int(disc.sum()))
    inside = (ny >= 0) & (ny < bh) & (nx >= 0) & (nx < bw)
    marked = np.unique(ns[inside] * n_blocks + ny[inside] * bw + nx[inside]) % n_blocks
    support = np.bincount(marked, minlength=n_blocks).reshape(bh, bw)
    ry = np.floor((grid.centres_y() - grid.y0) / block).astype(np.int64) + pad
    rx = np.floor((grid.centres_x() - grid.x0) / block).astype(np.int64) + pad
    return support[np.ix_(ry, rx)]


def _top(settings: HeatmapSettings, peak: float) -> float:
    if settings.vmax is not None:
        return float(settings.vmax)
    return nice_ceiling(peak)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k that is >= value (1 for nothing)."""
    if not value > 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        top = m * 10.0**exp
        if top >= value * (1 - 1e-12):
            return float(top)
    return float(10.0 ** (exp + 1))


def overlay_grid(page: Page, sigma: float, max_cells: int = 4_000_000) -> GridSpec:
    """The grid the window draws a map on: cells of sigma/4 (at least 1 px), bounded in count.

    Finer cells would not show more: the density does not change within sigma/4.
    """
    cell = max(1.0, sigma / 4)
    while (page.width / cell) * (page.height / cell) > max_cells:
        cell *= 1.25
    return GridSpec.for_page(page.width, page.height, cell)
