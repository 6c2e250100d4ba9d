"""What the window loads in the background: a folder's pages, their sessions, and overviews."""

from __future__ import annotations

import contextlib
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader

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
from viewer.recording import Library, Page, RecordingError, Session, open_path
from viewer.recording.limits import MAX_SCREENSHOT_PIXELS
from viewer.textformat import is_text


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
    library = open_path(path, progress=progress, cancelled=cancelled, screenshot=screenshot)
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


def read_screenshot(path: Path) -> QImage:
    """Decode a screenshot into a QImage (safe on a worker thread).

    The page loader already refused images over the pixel limit; Qt's own allocation limit
    (256 MB by default) is raised to match it.
    """
    with _name_qt_can_open(Path(path)) as name:
        reader = QImageReader(name)
        reader.setAllocationLimit(max(256, MAX_SCREENSHOT_PIXELS * 4 // (1024 * 1024) + 1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = reader.read()
    if image.isNull():
        raise OSError(f"cannot read the screenshot {path.name}: {reader.errorString()}")
    return image


@contextlib.contextmanager
def _name_qt_can_open(path: Path):
    """A file name for Qt, which takes names as Unicode text: a name that is not UTF-8 (its
    bytes kept as surrogates) would name another file, so that file is opened by Python and
    Qt reads it through ``/dev/fd``. (Qt decodes from a file name, not from a Python-made
    QIODevice: those call back into Python while Qt holds its image plugins' lock, which can
    deadlock with the GUI thread.)"""
    if is_text(str(path)):
        yield str(path)
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as e:
        raise OSError(f"cannot read the screenshot {path.name}: {e.strerror or e}") from None
    try:
        yield f"/dev/fd/{fd}"
    finally:
        os.close(fd)
