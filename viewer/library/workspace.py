"""What the window works on: a folder's pages with their sessions, metrics and overviews,
computed once per load (in the background). Qt-free: tested without a window."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from viewer.analysis.metrics import SessionMetrics, session_metrics
from viewer.analysis.overview import (
    SessionLabels,
    SessionOverview,
    session_labels,
    session_overview,
)
from viewer.analysis.regions import Region, load_regions, sidecar_path
from viewer.analysis.segments import SegmentColumns
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

    @property
    def regions_path(self) -> Path | None:
        """Where this page's regions are kept (beside its page file)."""
        return sidecar_path(self.page.path) if self.page.path is not None else None

    def indices(self, sessions: list[Session]) -> list[int]:
        return [self.index[s.id] for s in sessions]


@dataclass(eq=False)
class LoadedRecordings:
    """The result of opening a path."""

    path: Path
    library: Library
    pages: dict[str, PageData]


def load_recordings(
    path: Path, progress=None, cancelled=None, screenshot: ScreenshotSpec | None = None
) -> LoadedRecordings:
    """Open ``path`` and prepare every page (runs on a worker thread); ``screenshot`` is the
    page of rrweb recordings that come without one."""
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
        regions, problem = [], ""
        if page.path is not None and sidecar_path(page.path).exists():
            try:
                regions = load_regions(sidecar_path(page.path), page.id)
            except RecordingError as e:
                problem = str(e)
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
