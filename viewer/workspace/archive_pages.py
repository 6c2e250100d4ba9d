"""What the window works on for an archive: each page's sessions as columns of its sessions
table (a million rows without one event read), maps and region numbers from the Dask
map-reduce, and one session's events read when it is replayed. Qt-free: tested without a window.

The window asks the same of a page whatever it was opened from (:class:`PageData`'s methods);
here each answer comes from the archive instead of an in-memory table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

from viewer.analysis.density import GridSpec, density_of_masses
from viewer.analysis.heatmaps import Heatmap, HeatmapSettings, heatmap_of_density
from viewer.analysis.overview import SessionLabels, SessionOverview
from viewer.analysis.regions import Region, RegionSessions, load_regions, sidecar_path
from viewer.analysis.session_facts import SessionFacts
from viewer.analysis.table import EventTable
from viewer.engine.archive_maps import archive_scroll_map, masses_task
from viewer.engine.archive_stats import archive_region_sessions
from viewer.engine.scheduler import compute
from viewer.library.archive_columns import (
    segment_columns,
    session_metrics_of,
    starts_s,
    tag_keys,
    tag_values,
)
from viewer.library.archive_open import Archive, session_of_row
from viewer.recording import Events, RecordingError, Session
from viewer.state.heatmap_params import Kind
from viewer.workspace.pages import LoadedRecordings, PageData


class RowSessions(Sequence):
    """The sessions of a sessions table as :class:`Session` objects without events, made when
    asked for (the browser asks for the rows it shows); :meth:`ArchivePageData.session`
    gives one with its events."""

    def __init__(self, rows: pa.Table, path: Path):
        self.rows, self.path = rows, path
        self._made: dict[int, Session] = {}

    def __len__(self) -> int:
        return self.rows.num_rows

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        s = self._made.get(i)
        if s is None:
            if len(self._made) > 100_000:  # rows scrolled past are made again if need be
                self._made.clear()
            (row,) = self.rows.slice(i, 1).to_pylist()
            s = self._made[i] = session_of_row(row, Events.empty(), self.path)
        return s


class IdIndex:
    """Session id -> position, over a sorted copy of the ids (no dict of a million entries)."""

    def __init__(self, ids: np.ndarray):
        self._order = np.argsort(ids, kind="stable")
        self._sorted = ids[self._order]

    def get(self, session_id: str, default=None):
        k = int(np.searchsorted(self._sorted, session_id))
        if k < len(self._sorted) and self._sorted[k] == session_id:
            return int(self._order[k])
        return default

    def __getitem__(self, session_id: str) -> int:
        i = self.get(session_id)
        if i is None:
            raise KeyError(session_id)
        return i


def _labels(rows: pa.Table) -> SessionLabels:
    ids = np.asarray(rows["id"].to_numpy(zero_copy_only=False), str)
    devices = np.asarray(rows["device"].to_numpy(zero_copy_only=False), str)
    keys = tag_keys(rows)
    tags = {k: tag_values(rows, k) for k in keys}
    pairs = [np.char.add(f"{k}=", tags[k]) for k in keys]
    texts = np.zeros(len(ids), dtype=object)
    search = np.char.add(np.char.add(ids, " "), devices).astype(object)
    texts[:] = ""
    for k, p in zip(keys, pairs, strict=True):
        has = tags[k] != ""
        search[has] = search[has] + " " + p[has]
        if k != "variant":
            texts[has] = np.where(texts[has] == "", p[has], texts[has] + ", " + p[has])
    return SessionLabels(
        ids=ids,
        devices=devices,
        variants=tags.get("variant", np.full(len(ids), "", dtype=str)),
        tags_text=texts.astype(str),
        search_text=np.char.lower(search.astype(str)),
        tags=tags,
    )


class ArchivePageData(PageData):
    """A page of an archive, with the window's columns made from its sessions table."""

    def __init__(self, archive: Archive, page, rows: pa.Table, scheduler="threads"):
        metrics = session_metrics_of(rows, page.height)
        regions, problem = [], ""
        if page.path is not None and sidecar_path(page.path).exists():
            try:
                regions = load_regions(sidecar_path(page.path), page.id)
            except RecordingError as e:
                problem = str(e)
        labels = _labels(rows)
        super().__init__(
            page=page,
            sessions=RowSessions(rows, archive.root / "manifest.json"),
            table=None,
            overview=SessionOverview(
                duration_s=metrics.duration_s,
                events=rows["events"].to_numpy(),
                clicks=metrics.interactions,
                deepest_px=metrics.deepest_px,
                deepest_share=metrics.deepest_share,
                start=starts_s(rows),
            ),
            labels=labels,
            metrics=metrics,
            columns=segment_columns(rows),
            regions=regions,
            regions_problem=problem,
            index=IdIndex(labels.ids),
        )
        self.archive, self.rows, self.scheduler = archive, rows, scheduler

    # -- what the window asks of a page -------------------------------------------------------
    def starts(self) -> list:
        return self.rows["start"].to_pylist()

    def session(self, i: int) -> Session:
        return self.archive.load_sessions(self.rows.slice(int(i), 1))[0]

    def map_of(
        self,
        indices: np.ndarray,
        settings: HeatmapSettings,
        grid: GridSpec,
        progress=None,
        cancelled=None,
    ) -> tuple[Heatmap, SessionFacts]:
        chosen = self._rows_of(indices)
        facts = _facts(chosen)
        if settings.kind == Kind.SCROLL:
            heatmap = archive_scroll_map(
                self.archive,
                self.page,
                settings,
                grid,
                chosen,
                self.scheduler,
                progress,
                cancelled,
            )
            return heatmap, facts
        if settings.min_sessions > 1:  # which sessions made each spot: the points are needed
            return super().map_of_table(self.table_of(indices), settings, grid), facts
        task = masses_task(self.archive, self.page.id, settings, grid, chosen)
        m = compute(task, self.scheduler, progress=progress, cancelled=cancelled)
        raw = density_of_masses(m.binned, settings.sigma, grid)
        return heatmap_of_density(settings, grid, (raw, m.n_points, m.total), len(indices)), facts

    def render_map(self, indices: np.ndarray, settings, options):
        from viewer.render.export import render_heatmap

        chosen = self._rows_of(indices)
        if settings.min_sessions > 1 and settings.kind != Kind.SCROLL:
            sessions = self.archive.load_sessions(chosen)
            return render_heatmap(self.page, sessions, settings, options)

        def density(grid):
            if settings.kind == Kind.SCROLL:
                return archive_scroll_map(
                    self.archive, self.page, settings, grid, chosen, self.scheduler
                )
            task = masses_task(self.archive, self.page.id, settings, grid, chosen)
            m = compute(task, self.scheduler)
            return density_of_masses(m.binned, settings.sigma, grid), m.n_points, m.total

        return render_heatmap(self.page, _facts(chosen), settings, options, density)

    def region_numbers(self, regions: list[Region]) -> list[RegionSessions]:
        return archive_region_sessions(
            self.archive, self.page.id, self.rows, regions, scheduler=self.scheduler
        )

    def _rows_of(self, indices: np.ndarray) -> pa.Table:
        indices = np.asarray(indices, np.int64)
        if len(indices) == len(self.rows) and (indices == np.arange(len(indices))).all():
            return self.rows  # all of them: no copy of a million rows
        return self.rows.take(pa.array(indices))

    def table_of(self, indices: np.ndarray) -> EventTable:
        chosen = self._rows_of(indices)
        return EventTable.from_sessions(self.archive.load_sessions(chosen))

    def clicked_near(self, x: float, y: float, radius: float) -> np.ndarray:
        from viewer.analysis.selection import clicked_near

        sids = self.rows["sid"].to_numpy()
        ev = self.archive.events(self.page.id, sids, groups=("clicks",))
        table = _clicks_table(ev, sids, len(self.rows))
        return clicked_near(table, x, y, radius)


def _facts(rows: pa.Table) -> SessionFacts:
    import pyarrow.compute as pc

    variants = tag_values(rows, "variant", "\0")
    seen = frozenset(None if v == "\0" else str(v) for v in np.unique(variants))
    return SessionFacts(
        rows.num_rows,
        seen,
        int(pc.sum(rows["taps"]).as_py() or 0),
        int(pc.sum(rows["moves"]).as_py() or 0),
    )


def _clicks_table(ev: pa.Table, sids: np.ndarray, n: int) -> EventTable:
    rank = np.argsort(sids)
    pos = rank[np.searchsorted(sids, ev["sid"].to_numpy(), sorter=rank)]
    order = np.argsort(pos, kind="stable")
    pos = pos[order]
    counts = np.bincount(pos, minlength=n)
    col = {c: ev[c].to_numpy()[order] for c in ("t", "kind", "x", "y", "value")}
    return EventTable(
        **col,
        session=pos.astype(np.int32),
        sessions=tuple(range(n)),
        start=np.concatenate([[0], np.cumsum(counts)]),
        end_ms=np.zeros(n, np.int64),
        viewport=np.zeros((n, 2)),
        viewport_known=np.ones(n, bool),
    )


def load_archive(path: Path | str, scheduler="threads") -> LoadedRecordings:
    """Open the archive at ``path`` for the window: its pages and each page's sessions table
    (ordered by start, then id), nothing of the events."""
    archive = Archive(path)
    rows = archive.sessions(None)
    page_of = np.asarray(rows["page"].to_numpy(zero_copy_only=False), str)
    pages = {
        p.id: ArchivePageData(archive, p, rows.filter(pa.array(page_of == p.id)), scheduler)
        for p in archive.pages
    }
    return LoadedRecordings(Path(path), archive, pages)
