"""What the window works on: a folder's pages with their sessions, metrics and overviews,
computed once per load (in the background). Qt-free: tested without a window."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from viewer.analysis.heatmaps import Heatmap, compute_heatmap
from viewer.analysis.metrics import SessionMetrics, session_metrics
from viewer.analysis.overview import (
    SessionLabels,
    SessionOverview,
    session_labels,
    session_overview,
)
from viewer.analysis.regions import (
    Region,
    RegionSessions,
    load_regions,
    region_sessions,
    sidecar_path,
)
from viewer.analysis.segments import SegmentColumns
from viewer.analysis.selection import clicked_near
from viewer.analysis.session_facts import SessionFacts
from viewer.analysis.table import EventTable
from viewer.importers.pages import ScreenshotSpec
from viewer.library import Library, open_path
from viewer.recording import Page, RecordingError, Session


@dataclass(eq=False)
class PageData:
    """One page with everything the window shows about it, computed once per load."""

    page: Page
    sessions: list[Session]
    table: EventTable
    overview: SessionOverview
    labels: SessionLabels
    metrics: SessionMetrics
    columns: SegmentColumns
    regions: list[Region] = field(default_factory=list)
    regions_problem: str = ""
    index: dict[str, int] = field(default_factory=dict)  # session id -> position
    _last_subset: tuple | None = field(default=None, repr=False)

    @property
    def regions_path(self) -> Path | None:
        """Where this page's regions are kept (beside its page file)."""
        return sidecar_path(self.page.path) if self.page.path is not None else None

    def indices(self, sessions: list[Session]) -> list[int]:
        return [self.index[s.id] for s in sessions]

    #: Whether the window should compute this page's numbers only after its first map (an
    #: archive's read every event).
    numbers_after_map = False

    # -- what the window asks of a page (an archive's page answers from the archive) ---------
    def starts(self) -> list:
        """When each session started (in the page's order)."""
        return [s.start for s in self.sessions]

    def session(self, i: int) -> Session:
        """Session ``i`` with its events (to replay it)."""
        return self.sessions[i]

    def table_of(self, indices: np.ndarray) -> EventTable:
        """The events of sessions ``indices`` (positions in the page's order)."""
        return self.table.subset(indices)

    def map_of_table(self, table: EventTable, settings, grid) -> Heatmap:
        return compute_heatmap(table, self.page, settings, grid)

    def map_of(
        self, indices: np.ndarray, settings, grid, progress=None, cancelled=None
    ) -> tuple[Heatmap, SessionFacts]:
        """The heatmap of sessions ``indices`` with ``settings`` on ``grid``, and the facts its
        notes need. The last subset of the table is kept: a new setting reuses it."""
        key = np.asarray(indices).tobytes()
        if self._last_subset is None or self._last_subset[0] != key:
            self._last_subset = (key, self.table_of(indices))
        table = self._last_subset[1]
        return self.map_of_table(table, settings, grid), SessionFacts.of(table.sessions)

    def render_map(self, indices: np.ndarray, settings, options):
        """The exported image of the map of sessions ``indices`` (see
        :func:`~viewer.render.export.render_heatmap`)."""
        from viewer.render.export import render_heatmap

        return render_heatmap(self.page, [self.sessions[i] for i in indices], settings, options)

    def region_numbers(self, regions: list[Region], cancelled=None) -> list[RegionSessions]:
        """Every session's numbers of each of ``regions`` (``cancelled``: asked now and then
        by an archive's page, which reads every event; True stops it)."""
        return region_sessions(self.table, regions)

    def clicked_near(self, x: float, y: float, radius: float) -> np.ndarray:
        """Which sessions clicked or tapped within ``radius`` CSS px of (x, y)."""
        return clicked_near(self.table, x, y, radius)

    def segment_report(self, indices: np.ndarray, regions: list[Region], **options):
        """``stats``' report of sessions ``indices`` (``options``: ``build_report``'s ``by``,
        ``trend_unit``, ``rules``, ``region_rules``)."""
        from viewer.analysis.report import build_report

        chosen = [self.sessions[i] for i in indices]
        return build_report(self.page, chosen, regions, **options)


@dataclass(eq=False)
class LoadedRecordings:
    """The result of opening a path."""

    path: Path
    library: Library
    pages: dict[str, PageData]


def page_regions(page: Page) -> tuple[list[Region], str]:
    """The regions kept beside ``page``'s file, and why they could not be read ("" if they
    could, or there are none)."""
    if page.path is None or not sidecar_path(page.path).exists():
        return [], ""
    try:
        return load_regions(sidecar_path(page.path), page.id), ""
    except RecordingError as e:
        return [], str(e)


def load_recordings(
    path: Path, progress=None, cancelled=None, screenshot: ScreenshotSpec | None = None
) -> LoadedRecordings:
    """Open ``path`` and prepare every page (runs on a worker thread); ``screenshot`` is the
    page of rrweb recordings that come without one. An archive opens as its sessions table
    (:func:`~viewer.workspace.archive_pages.load_archive`)."""
    from viewer.library.archive_format import is_archive

    if is_archive(Path(path)):
        from viewer.workspace.archive_pages import load_archive

        return load_archive(path)
    library = open_path(
        path,
        progress=progress,
        cancelled=cancelled,
        screenshot=screenshot,
        rebuild=screenshot is None,
    )
    pages = {}
    for page in library.pages:
        sessions = library.sessions_of(page.id)
        table = EventTable.from_sessions(sessions)
        metrics = session_metrics(table, page.height)
        regions, problem = page_regions(page)
        pages[page.id] = PageData(
            page=page,
            sessions=sessions,
            table=table,
            overview=session_overview(table, metrics),
            labels=session_labels(sessions),
            metrics=metrics,
            columns=SegmentColumns.of(sessions, rage_counts=metrics.rage_bursts),
            regions=regions,
            regions_problem=problem,
            index={s.id: i for i, s in enumerate(sessions)},
        )
    return LoadedRecordings(Path(path), library, pages)
