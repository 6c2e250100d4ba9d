"""What the window loads in the background: a folder's pages, their sessions, and overviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage

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
from viewer.recording.screenshot import decode_screenshot


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


def read_screenshot(page_file: Path | None, path: Path) -> QImage:
    """Decode a screenshot into a QImage (safe on a worker thread).

    Decoded by Pillow, the same decoder as ``validate`` and the exports (so a damaged image is
    the same one error everywhere), then handed to Qt without another decode.

    Raises
    ------
    RecordingError
        The image is damaged, over the pixel limit, or not a regular file.
    """
    im = decode_screenshot(page_file, Path(path))
    try:
        fmt = QImage.Format.Format_RGBA8888 if im.mode == "RGBA" else QImage.Format.Format_RGB888
        data = im.tobytes()
        w, h = im.size
        # QImage does not own ``data``; the copy does (one copy, then the bytes are freed).
        return QImage(data, w, h, w * len(im.mode), fmt).copy()
    finally:
        im.close()
