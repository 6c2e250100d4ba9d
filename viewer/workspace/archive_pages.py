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
import pyarrow.compute as pc

from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import Heatmap, HeatmapSettings, heatmap_of_density
from viewer.analysis.overview import SessionLabels, SessionOverview
from viewer.analysis.regions import Region, RegionSessions
from viewer.analysis.segments import SegmentColumns
from viewer.analysis.session_facts import SessionFacts
from viewer.analysis.table import EventTable
from viewer.engine.archive_maps import archive_map
from viewer.engine.archive_stats import archive_region_sessions
from viewer.library.archive_columns import (
    session_facts,
    session_metrics_of,
    starts_s,
    strings,
    tag_array,
    tag_keys,
)
from viewer.library.archive_open import Archive, session_of_row
from viewer.recording import Events, Session
from viewer.state.heatmap_params import Kind
from viewer.workspace.pages import LoadedRecordings, PageData, page_regions


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
        self._ids = ids
        self._order: np.ndarray | None = None

    def get(self, session_id: str, default=None):
        if self._order is None:  # sorted when first asked (0.4 s for a million ids)
            self._order = np.argsort(self._ids, kind="stable")
            self._sorted = self._ids[self._order]
        k = int(np.searchsorted(self._sorted, session_id))
        if k < len(self._sorted) and self._sorted[k] == session_id:
            return int(self._order[k])
        return default

    def __getitem__(self, session_id: str) -> int:
        i = self.get(session_id)
        if i is None:
            raise KeyError(session_id)
        return i


class ArchiveLabels(SessionLabels):
    """:class:`SessionLabels` whose ``search_text`` stays an Arrow array (a million lines of
    text are searched by Arrow, never copied into numpy)."""

    def search(self, needle: str) -> np.ndarray:
        if not needle:
            return np.ones(len(self.ids), dtype=bool)
        found = pc.match_substring(self.search_text, needle.lower())
        return found.to_numpy(zero_copy_only=False)


def _labels(rows: pa.Table) -> SessionLabels:
    """The browser's text columns, made by Arrow on the table's columns (a million sessions
    in a second), equal to :func:`~viewer.analysis.overview.session_labels`."""
    n = rows.num_rows
    keys = tag_keys(rows)
    values = {k: tag_array(rows, k) for k in keys}
    pairs = {k: pc.binary_join_element_wise(k, v, "=") for k, v in values.items()}

    def joined(parts: list, sep: str) -> pa.Array:
        if not parts:
            return pa.array([""] * n, pa.string())
        return pc.fill_null(pc.binary_join_element_wise(*parts, sep, null_handling="skip"), "")

    words = joined([pairs[k] for k in keys], " ")
    ids, devices = rows["id"].combine_chunks(), rows["device"].combine_chunks()
    search = pc.utf8_lower(pc.binary_join_element_wise(ids, devices, words, " "))
    missing = np.full(n, "", dtype=str)
    variant = values.get("variant")
    return ArchiveLabels(
        ids=strings(ids),
        devices=strings(devices, few=True),
        variants=missing if variant is None else strings(pc.fill_null(variant, ""), few=True),
        tags_text=strings(joined([pairs[k] for k in keys if k != "variant"], ", "), few=True),
        search_text=search,
        tags={k: strings(pc.fill_null(v, ""), few=True) for k, v in values.items()},
    )


class ArchivePageData(PageData):
    """A page of an archive, with the window's columns made from its sessions table."""

    numbers_after_map = True

    def __init__(self, archive: Archive, page, rows: pa.Table, scheduler="threads"):
        metrics = session_metrics_of(rows, page.height)
        regions, problem = page_regions(page)
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
            columns=SegmentColumns(  # the labels' columns, not made twice
                devices=labels.devices,
                tags=labels.tags,
                widths=rows["viewport_w"].to_numpy().astype(np.float64),
                durations_s=rows["end_ms"].to_numpy() / 1000,
                starts=starts_s(rows),
                rage=rows["rage_bursts"].to_numpy(),
            ),
            regions=regions,
            regions_problem=problem,
            index=IdIndex(labels.ids),
        )
        self.archive, self.rows, self.scheduler = archive, rows, scheduler
        self._starts: list | None = None

    # -- what the window asks of a page -------------------------------------------------------
    def starts(self) -> list:
        if self._starts is None:  # a million datetimes: made once
            self._starts = self.rows["start"].to_pylist()
        return self._starts

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
        facts = session_facts(chosen)
        if settings.min_sessions > 1 and settings.kind != Kind.SCROLL:
            # Which sessions made each spot: the points are needed, not their sums.
            return super().map_of_table(self.table_of(indices), settings, grid), facts
        made = archive_map(
            self.archive, self.page, settings, grid, chosen, self.scheduler, progress, cancelled
        )
        if isinstance(made, Heatmap):
            return made, facts
        return heatmap_of_density(settings, grid, made, len(indices)), facts

    def render_map(self, indices: np.ndarray, settings, options):
        from viewer.render.export import render_heatmap

        chosen = self._rows_of(indices)
        if settings.min_sessions > 1 and settings.kind != Kind.SCROLL:
            sessions = self.archive.load_sessions(chosen)
            return render_heatmap(self.page, sessions, settings, options)

        def density(grid):
            return archive_map(self.archive, self.page, settings, grid, chosen, self.scheduler)

        return render_heatmap(self.page, session_facts(chosen), settings, options, density)

    def region_numbers(self, regions: list[Region], cancelled=None) -> list[RegionSessions]:
        # Every event of every session is read: one thread, so that maps keep the others.
        return archive_region_sessions(
            self.archive,
            self.page.id,
            self.rows,
            regions,
            scheduler=self.scheduler,
            threads=1,
            cancelled=cancelled,
        )

    def segment_report(self, indices: np.ndarray, regions: list[Region], **options):
        from viewer.engine.archive_stats import archive_report

        chosen = self._rows_of(indices)
        return archive_report(
            self.archive, self.page, chosen, regions, scheduler=self.scheduler, **options
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
    pages = {
        p.id: ArchivePageData(archive, p, archive.sessions(p.id), scheduler) for p in archive.pages
    }
    return LoadedRecordings(Path(path), archive, pages)
