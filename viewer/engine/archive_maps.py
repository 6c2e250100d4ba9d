"""Heatmaps of an archive as a map-reduce on Dask: each month of a page is a task that reads
only its own files and columns and bins its points; the binned masses are summed by Dask's tree
reduction and smoothed once. Binning is linear, so the sum is exact (to float rounding): the
result is the in-memory map of the same sessions.

Without a scheduler it runs on this machine's threads; with ``scheduler="tcp://HOST:8786"``
(or a ``distributed.Client``) the same tasks go to a cluster whose workers can read the archive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from viewer.analysis.density import GridSpec, binned_masses, density_of_masses
from viewer.analysis.heatmaps import Heatmap, heatmap_of_profile, points_for
from viewer.analysis.scroll_profile import (
    NO_WINDOW_SIZE,
    ScrollParts,
    measured,
    profile_of_parts,
    scroll_parts,
)
from viewer.engine.partition_table import partition_table, read_rows, task_sessions
from viewer.engine.scheduler import compute, tree_sum
from viewer.library.archive_columns import kind_counts, month_name, month_of
from viewer.library.archive_format import EVENT_GROUPS
from viewer.library.archive_open import Archive
from viewer.recording.model import EventKind
from viewer.state.heatmap_params import Kind
from viewer.state.heatmap_settings import HeatmapSettings

#: The event groups each map needs (a click map reads the clicks alone).
GROUPS = {Kind.CLICK: ("clicks",), Kind.DWELL: ("dwells",), Kind.MOVE: ("clicks", "moves")}


@dataclass(frozen=True)
class Masses:
    """A map task's result: binned masses, how many points, their total weight (all sum)."""

    binned: np.ndarray
    n_points: int
    total: float

    @classmethod
    def none(cls, sigma: float, grid: GridSpec) -> Masses:
        """No points: the working grid's zeros."""
        return cls(binned_masses(np.zeros(0), np.zeros(0), None, sigma, grid), 0, 0.0)

    def __add__(self, other: Masses) -> Masses:
        return Masses(
            self.binned + other.binned, self.n_points + other.n_points, self.total + other.total
        )


def _clusters(files: list[str], ranges: dict) -> list[tuple[int, int, list[str]]]:
    """``files`` in groups whose session ranges overlap (one write's files of a month: the
    writes' session numbers never overlap), as ``(lowest, highest, files)``."""
    out: list[tuple[int, int, list[str]]] = []
    for f in sorted(files, key=lambda f: ranges.get(f, (0, 0))[0]):
        lo, hi = ranges.get(f, (0, np.iinfo(np.int64).max))
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi), [*out[-1][2], f])
        else:
            out.append((lo, hi, [f]))
    return out


def month_parts(archive: Archive, page_id: str, groups, sessions: pa.Table, months=None):
    """``(month, files, sessions)`` of each task: the chosen ``sessions`` that started in a
    month (a session's events are all in the month it started), by session number, split
    by the write that added them (each task holds one write's files of that month: its
    memory stays that of a few thousand sessions however big the archive), and those
    sessions' columns (:func:`task_sessions`). Sessions without events in these groups
    come last, in a task without files."""
    chosen = task_sessions(sessions)
    of_month = month_of(sessions)
    by_month = archive.event_files(page_id, groups, months)
    # By month, and by session number inside one (as events are stored: the tasks' sort is
    # then a merge): sorted by number, then stably by month as 16-bit integers (a radix
    # sort; months since 1970 fit until the year 4700).
    if sessions.num_rows == 0:
        return
    order = np.argsort(sessions["sid"].to_numpy())
    order = order[np.argsort((of_month[order] - of_month.min()).astype(np.uint16), kind="stable")]
    bounds = np.flatnonzero(np.diff(of_month[order])) + 1
    for rows in np.split(order, bounds):
        month = month_name(of_month[rows[0]])
        if months is not None and month not in months:
            continue
        mine = chosen.take(pa.array(rows))
        sids = mine["sid"].to_numpy()  # ascending: a write's sessions are a slice of them
        files = archive.manifest.files_with(sids, by_month.get(month, []))
        archive.files_read += len(files)
        left = np.ones(len(sids), dtype=bool)
        for lo, hi, some in _clusters(files, archive.manifest.event_sids):
            i, j = np.searchsorted(sids, lo, "left"), np.searchsorted(sids, hi, "right")
            if j > i:
                left[i:j] = False
                yield month, some, mine.slice(i, j - i)
        if left.any():
            yield month, [], mine.filter(pa.array(left))


def month_tasks(archive: Archive, page_id: str, kind: str, months=None) -> list[list[str]]:
    """The archive's event files of ``page_id`` that a ``kind`` map needs, grouped by month
    (one task each); ``months`` keeps only those months (pruning: others are never opened)."""
    return list(archive.event_files(page_id, GROUPS[kind], months).values())


def month_masses(
    root: str, files: list[str], sessions: pa.Table, settings: HeatmapSettings, grid: GridSpec
) -> Masses:
    """The map task: one month's points of the chosen sessions, binned (a Dask task; its
    arguments are plain data so it can run on any worker)."""
    events = read_rows(root, files, sessions["sid"])
    if events.num_rows == 0:
        return Masses.none(settings.sigma, grid)
    table = partition_table(events, sessions)
    x, y, w, _ = points_for(table, settings)
    total = float(len(x) if w is None else w.sum())
    return Masses(binned_masses(x, y, w, settings.sigma, grid), len(x), total)


def archive_masses(
    archive: Archive,
    page_id: str,
    settings: HeatmapSettings,
    grid: GridSpec,
    sessions: pa.Table | None = None,
    scheduler=None,
) -> Masses:
    """The summed binned masses of a click, move or dwell map of ``page_id``'s ``sessions``
    (rows of the archive's sessions table; all when None), as a Dask map-reduce (the value of
    :func:`masses_task` on ``scheduler``)."""
    return compute(masses_task(archive, page_id, settings, grid, sessions), scheduler)


def masses_task(
    archive: Archive,
    page_id: str,
    settings: HeatmapSettings,
    grid: GridSpec,
    sessions: pa.Table | None = None,
):
    """The delayed :class:`Masses` of :func:`archive_masses` (a Dask graph: a task per month
    and a tree of sums), not computed yet. Only the months in which one of the sessions
    started, and in those only the files whose session range holds one of them, are read."""
    from dask import delayed

    if settings.kind not in GROUPS:
        raise ValueError(f"a {settings.kind} map is not computed from an archive's points yet")
    if sessions is None:
        sessions = archive.sessions(page_id)
    root, tasks = str(archive.source), []
    for _month, files, chosen in month_parts(archive, page_id, GROUPS[settings.kind], sessions):
        if files:  # sessions without events add nothing to a map
            tasks.append(delayed(month_masses)(root, files, chosen, settings, grid))
    if not tasks:
        return delayed(Masses.none)(settings.sigma, grid)
    return tree_sum(tasks)


def month_scroll(
    root: str, files: list[str], sessions: pa.Table, page_height: float, row_px: float, t_range
) -> ScrollParts:
    """The scroll map's task: one month's sessions' parts of the profile (those of unknown
    window size left out, as in memory)."""
    table = measured(partition_table(read_rows(root, files, sessions["sid"]), sessions))
    return scroll_parts(table, page_height, row_px, t_range)


def archive_scroll_map(
    archive: Archive,
    page,
    settings: HeatmapSettings,
    grid: GridSpec,
    sessions: pa.Table,
    scheduler=None,
    progress=None,
    cancelled=None,
) -> Heatmap:
    """The scroll map of ``sessions`` (rows of the sessions table) of ``page``, as a Dask
    map-reduce of each month's :class:`ScrollParts`; the profile is made once from their sum,
    equal to the in-memory map's."""
    from dask import delayed

    if not pc.any(sessions["viewport_known"]).as_py():
        raise ValueError(NO_WINDOW_SIZE)
    root, row_px = str(archive.source), grid.cell[1]
    tasks = [
        delayed(month_scroll)(root, files, chosen, page.height, row_px, settings.t_range)
        for _, files, chosen in month_parts(archive, page.id, EVENT_GROUPS, sessions)
    ]
    parts = compute(tree_sum(tasks), scheduler, progress, cancelled)
    profile = profile_of_parts(parts, page.height, row_px)
    scrolls = int(kind_counts(sessions)[:, EventKind.SCROLL].sum())
    return heatmap_of_profile(settings, grid, page, profile, sessions.num_rows, scrolls)


def archive_map(
    archive: Archive,
    page,
    settings: HeatmapSettings,
    grid: GridSpec,
    sessions: pa.Table,
    scheduler=None,
    progress=None,
    cancelled=None,
) -> Heatmap | tuple[np.ndarray, int, float]:
    """The map of ``sessions`` (rows of the sessions table) as a Dask map-reduce: a scroll
    map's whole :class:`Heatmap`, else the raw density, point count and total weight (what
    :func:`~viewer.render.export.render_heatmap`'s ``density`` gives)."""
    if settings.kind == Kind.SCROLL:
        return archive_scroll_map(
            archive, page, settings, grid, sessions, scheduler, progress, cancelled
        )
    task = masses_task(archive, page.id, settings, grid, sessions)
    m = compute(task, scheduler, progress=progress, cancelled=cancelled)
    return density_of_masses(m.binned, settings.sigma, grid), m.n_points, m.total


def archive_density(
    archive: Archive, page_id, settings: HeatmapSettings, grid: GridSpec, **which
) -> np.ndarray:
    """The raw density (weight per CSS px^2, as :func:`compute_heatmap`'s ``raw``) of
    :func:`archive_masses` (``which``: its ``sessions`` and ``scheduler``)."""
    masses = archive_masses(archive, page_id, settings, grid, **which)
    return density_of_masses(masses.binned, settings.sigma, grid)
