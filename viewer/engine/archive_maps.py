"""Heatmaps of an archive as a map-reduce on Dask: each month of a page is a task that reads
only its own files and columns and bins its points; the binned masses are summed by Dask's tree
reduction and smoothed once. Binning is linear, so the sum is exact (to float rounding): the
result is the in-memory map of the same sessions.

Without a scheduler it runs on this machine's threads; with ``scheduler="tcp://HOST:8786"``
(or a ``distributed.Client``) the same tasks go to a cluster whose workers can read the archive.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from viewer.analysis.density import GridSpec, binned_masses, density_of_masses
from viewer.analysis.heatmaps import points_for
from viewer.analysis.table import EventTable
from viewer.library.archive_format import Manifest, read_manifest
from viewer.state.heatmap_params import Kind
from viewer.state.heatmap_settings import HeatmapSettings

#: The event groups each map needs (a click map never reads the moves).
GROUPS = {Kind.CLICK: ("points",), Kind.DWELL: ("points",), Kind.MOVE: ("points", "moves")}


def _partition(rel: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in Path(rel).parts if "=" in part)


def month_tasks(
    root: Path, page_id: str, kind: str, months=None, manifest: Manifest | None = None
) -> list[list[str]]:
    """The archive's event files of ``page_id`` that a ``kind`` map needs, grouped by month
    (one task each); ``months`` keeps only those months (pruning: others are never opened).
    ``manifest``: the archive's, when already read."""
    manifest = manifest or read_manifest(root)
    by_month: dict[str, list[str]] = defaultdict(list)
    for rel in manifest.events:
        p = _partition(rel)
        if p.get("page") != page_id or p.get("group") not in GROUPS[kind]:
            continue
        if months is not None and p.get("month") not in months:
            continue
        by_month[p["month"]].append(rel)
    return [by_month[m] for m in sorted(by_month)]


def month_masses(
    root: str, files: list[str], sessions: pa.Table, settings: HeatmapSettings, grid: GridSpec
) -> Masses:
    """The map task: one month's points of the chosen sessions, binned (a Dask task; its
    arguments are plain data so it can run on any worker)."""
    events = pq.read_table([str(Path(root) / f) for f in files], partitioning=None)
    events = events.filter(pc.is_in(events["sid"], value_set=sessions["sid"]))
    if events.num_rows == 0:
        return Masses.none(settings.sigma, grid)
    cols = {n: events[n].to_numpy() for n in ("sid", "seq", "t", "kind", "x", "y", "value")}
    order = np.lexsort((cols["seq"], cols["sid"]))
    cols = {n: c[order] for n, c in cols.items()}
    sid_order = sessions["sid"].to_numpy()
    rank = np.argsort(sid_order)
    present, session = np.unique(cols["sid"], return_inverse=True)
    at = rank[np.searchsorted(sid_order, present, sorter=rank)]
    end_ms = np.maximum(sessions["duration_ms"].to_numpy()[at], 0)
    last_t = np.zeros(len(present), np.int64)
    np.maximum.at(last_t, session, cols["t"])
    counts = np.bincount(session, minlength=len(present))
    table = EventTable(
        t=cols["t"],
        kind=cols["kind"],
        x=cols["x"],
        y=cols["y"],
        value=cols["value"],
        session=session.astype(np.int32),
        sessions=tuple(range(len(present))),  # only counted here, never read
        start=np.concatenate([[0], np.cumsum(counts)]),
        end_ms=np.maximum(end_ms, last_t),  # a session's end: its duration or its last event
        viewport=np.zeros((len(present), 2)),
        viewport_known=np.ones(len(present), bool),
    )
    x, y, w, _ = points_for(table, settings)
    total = float(len(x) if w is None else w.sum())
    return Masses(binned_masses(x, y, w, settings.sigma, grid), len(x), total)


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


def archive_masses(
    root: Path | str,
    page_id: str,
    settings: HeatmapSettings,
    grid: GridSpec,
    session_ids: list[str] | None = None,
    scheduler=None,
) -> Masses:
    """The summed binned masses of a click, move or dwell map of ``page_id``'s sessions
    (``session_ids``: only those), computed as a Dask map-reduce. ``scheduler``: None (this
    machine's threads), an address, or a Client."""
    import dask
    from dask import delayed

    if settings.kind not in GROUPS:
        raise ValueError(f"a {settings.kind} map is not computed from an archive's points yet")
    root = Path(root).absolute()
    manifest = read_manifest(root)
    sessions = pq.read_table(
        [str(root / f) for f in manifest.sessions], columns=["sid", "id", "page", "duration_ms"]
    )
    sessions = sessions.filter(pc.equal(sessions["page"], page_id))
    if session_ids is not None:
        sessions = sessions.filter(pc.is_in(sessions["id"], value_set=pa.array(session_ids)))
    sessions = sessions.select(["sid", "duration_ms"])
    tasks = [
        delayed(month_masses)(str(root), files, sessions, settings, grid)
        for files in month_tasks(root, page_id, settings.kind, manifest=manifest)
    ]
    if not tasks:
        return Masses.none(settings.sigma, grid)
    while len(tasks) > 1:  # a tree of sums: no one task holds every partition's grid
        tasks = [
            delayed(operator.add)(tasks[i], tasks[i + 1]) if i + 1 < len(tasks) else tasks[i]
            for i in range(0, len(tasks), 2)
        ]
    if scheduler is None:
        (total,) = dask.compute(tasks[0], scheduler="threads")
    elif isinstance(scheduler, str):
        from distributed import Client

        with Client(scheduler) as client:
            total = client.compute(tasks[0]).result()
    else:
        total = scheduler.compute(tasks[0]).result()
    return total


def archive_density(
    root, page_id, settings: HeatmapSettings, grid: GridSpec, **which
) -> np.ndarray:
    """The raw density (weight per CSS px^2, as :func:`compute_heatmap`'s ``raw``) of
    :func:`archive_masses` (``which``: its ``session_ids`` and ``scheduler``)."""
    masses = archive_masses(root, page_id, settings, grid, **which)
    return density_of_masses(masses.binned, settings.sigma, grid)
