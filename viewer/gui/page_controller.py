"""Opening recordings, choosing a page, showing its screenshot and the files' problems.

Opening is a core call (:func:`~viewer.workspace.pages.load_recordings`) run as a ``"load"``
job; decoding a screenshot is a ``"screenshot"`` job. The controller drives its views (page
chooser, progress bar, problems panel and dock, canvas, session list) and hands each new page
to the heatmap and metrics controllers; tests replace the views with ``MagicMock(spec=...)``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QProgressBar

from viewer.gui.canvas import PageCanvas
from viewer.gui.controller import Controller
from viewer.gui.heatmap_controller import HeatmapController
from viewer.gui.loading import read_screenshot
from viewer.gui.metrics_controller import MetricsController
from viewer.gui.page_chooser import PageChooser
from viewer.gui.problems import ProblemsPanel
from viewer.gui.session_browser import SessionBrowser
from viewer.gui.workers import JobError, Jobs
from viewer.importers.pages import ScreenshotSpec
from viewer.memory import give_back_free_memory
from viewer.recording.errors import Problem, RecordingError
from viewer.state.view_state import ViewState
from viewer.textformat import count, shown_path
from viewer.workspace.pages import LoadedRecordings, PageData, load_recordings

EMPTY_TEXT = (
    "No recordings open.\n\nFile > Open Folder... (Ctrl+Shift+O) or File > Open the "
    "Demo,\nor drop a folder or a recording here."
)


@dataclass(frozen=True)
class DecodedScreenshot:
    """What a screenshot job hands back: the file, and its image or why it has none."""

    path: Path
    image: QImage | Problem


def give_back_memory() -> None:
    """Collect the sessions held in reference cycles now (not at some later collection) and
    hand the freed memory back to the system."""
    gc.collect()
    give_back_free_memory()


def page_label(page, n_sessions: int) -> str:
    """The page menu's entry: title, id, how many sessions."""
    return f"{page.title or page.id}  ·  {page.id}  ({count(n_sessions, 'session')})"


class PageController(Controller):
    """What is open, and which page is shown.

    Signals
    -------
    loaded()
        A path finished opening (the pages are listed, the first one shown).
    leaving()
        The page shown is about to change (a replay of it ends).
    page_changed(data)
        The :class:`PageData` now shown, or None.
    page_shown()
        A page's screenshot is on the canvas.
    screenshot_damaged(problem)
        The screenshot could not be decoded.
    opened(path)
        ``path`` was opened (for the recent files).
    title_changed(text)
        The window's title.
    status, failed
        As every :class:`Controller`.
    """

    loaded = Signal()
    leaving = Signal()
    page_changed = Signal(object)
    page_shown = Signal()
    screenshot_damaged = Signal(object)
    opened = Signal(object)
    title_changed = Signal(str)

    def __init__(
        self,
        state: ViewState,
        views: PageViews,
        heatmaps: HeatmapController,
        metrics: MetricsController,
        jobs: Jobs,
        ask_screenshot: Callable[[LoadedRecordings], ScreenshotSpec | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state, self.views, self.heatmaps, self.metrics = state, views, heatmaps, metrics
        self.jobs, self.ask_screenshot = jobs, ask_screenshot
        self.data: LoadedRecordings | None = None
        self.current: PageData | None = None
        self._shown_screenshot: Path | None = None
        self._canvas_page: str | None = None  # the page whose screenshot the canvas shows
        views.canvas.empty_text = EMPTY_TEXT
        views.chooser.chosen.connect(self.show_page)
        heatmaps.variant_changed.connect(self.show_variant)
        heatmaps.shown.connect(self._start_numbers)
        self._numbers_waiting: PageData | None = None
        heatmaps.variant_changed.connect(metrics.editor.set_variant)
        self.page_shown.connect(heatmaps.repaint)  # a new screenshot clears the overlay
        jobs.progress.connect(self._on_progress)
        jobs.finished.connect(lambda kind, _: self._map_done(kind))
        jobs.failed.connect(lambda kind, *_: self._map_done(kind))
        views.stop.clicked.connect(self.stop_map)

    # -- opening -------------------------------------------------------------------------------
    def open_path(self, path: Path, screenshot: ScreenshotSpec | None = None) -> None:
        """Open a recording file or folder in the background (``screenshot``: the page of
        rrweb recordings that come without one)."""
        path = Path(path)
        self.status.emit(f"Opening {path}...", 0)
        self.views.progress.setRange(0, 0)
        self.views.progress.show()
        self.views.canvas.empty_text = f"Opening {shown_path(path)}..."
        self.views.canvas.viewport().update()
        self.jobs.submit(
            "load",
            lambda ctx: load_recordings(
                path, progress=ctx.progress, cancelled=ctx.cancelled, screenshot=screenshot
            ),
            self._on_loaded,
            self._failure("Could not open"),
        )

    def _on_loaded(self, data: LoadedRecordings) -> None:
        self.data = data
        self.current = None  # the first page is shown anew, even with the id shown before
        library = data.library
        self.views.canvas.empty_text = EMPTY_TEXT
        self._show_problems()
        self.opened.emit(data.path)
        self.views.chooser.set_pages(
            [(p.id, page_label(p, len(data.pages[p.id].sessions))) for p in library.pages]
        )
        self.views.progress.hide()
        sessions = sum(len(p.sessions) for p in data.pages.values())
        message = f"Opened {data.path}: {count(len(library.pages), 'page')}, "
        message += count(sessions, "session")
        if library.errors:
            message += f", {count(len(library.errors), 'file')} could not be read (see Problems)"
        self.status.emit(message, 10_000)
        if not library.pages and library.needs_screenshot:
            spec = self.ask_screenshot(data)
            if spec is not None:
                self.open_path(data.path, spec)
                return
        if library.pages:
            self.show_page(library.pages[0].id)
        else:
            self.show_nothing()
        self.loaded.emit()

    def close(self) -> None:
        """Close what is open: nothing shown, the recordings let go. Opening, screenshot and
        heatmap work still running is thrown away; exports already asked for still finish."""
        self.show_nothing()
        self.jobs.drop("load", "screenshot")
        self.views.progress.hide()
        self.data = None
        self.views.problems.set_problems([])
        self.views.problems_dock.setWindowTitle(self.views.problems.title())
        self.views.problems_dock.hide()
        self.views.chooser.set_pages([])
        self.status.emit("Closed the recordings", 5000)
        # Once the last references are gone (after this slot), hand the freed memory back.
        QTimer.singleShot(0, give_back_memory)

    def show_nothing(self) -> None:
        """No page: an empty canvas with a hint, no sessions, no numbers."""
        self.leaving.emit()
        self.heatmaps.set_page(None)
        self.current = None
        self._shown_screenshot = None
        self._canvas_page = None
        self.state.update(time_range=None)
        self.views.canvas.clear_page()
        self.views.canvas.empty_text = EMPTY_TEXT
        self.views.browser.clear()
        self.metrics.clear()
        self.page_changed.emit(None)
        self.title_changed.emit("session-viewer")

    # -- the page ------------------------------------------------------------------------------
    def show_page(self, page_id: str) -> None:
        """Show one page of what is open: its screenshot, sessions, map and numbers."""
        if self.data is None or page_id not in self.data.pages:
            return
        if self.current is not None and self.current.page.id == page_id:
            return
        data = self.data.pages[page_id]
        self.leaving.emit()
        self.current = data
        self.views.chooser.show_page(page_id)
        page = data.page
        self._canvas_page = None
        self.views.canvas.clear_overlay()
        self.title_changed.emit(f"{page.title or page.id} · {page.id} — session-viewer")
        self.views.browser.set_sessions(data.sessions, data.overview, data.labels, data.columns)
        # An archive's numbers read every event (minutes for a million sessions): they start
        # once its first map is on screen, so that the map never waits behind them.
        self._numbers_waiting = data if data.numbers_after_map else None
        if self._numbers_waiting is None:
            self.metrics.set_page(data)
        else:
            self.metrics.wait_for(data)
        self._shown_screenshot = None
        self._load_screenshot(page.screenshot)
        self.heatmaps.set_page(data)
        self.page_changed.emit(data)

    def _start_numbers(self) -> None:
        data, self._numbers_waiting = self._numbers_waiting, None
        if data is not None and data is self.current:
            self.metrics.set_page(data)

    def show_variant(self, variant: str | None) -> None:
        """Show the screenshot of ``variant`` of the current page (None: the page's own)."""
        if self.current is not None:
            self._load_screenshot(self.current.page.screenshot_for(variant))

    def _load_screenshot(self, path: Path) -> None:
        if path == self._shown_screenshot:
            return
        self._shown_screenshot = path
        page_file = self.current.page.path if self.current is not None else None

        def job(ctx):
            try:
                return DecodedScreenshot(path, read_screenshot(page_file, path))
            except RecordingError as e:  # damaged: one problem, shown where the page would be
                return DecodedScreenshot(path, e.problem)

        self.jobs.submit(
            "screenshot", job, self._on_screenshot, self._failure("Could not show the screenshot")
        )

    def _on_screenshot(self, result: DecodedScreenshot) -> None:
        path, image = result.path, result.image
        if self.current is None or path != self._shown_screenshot:
            return
        if isinstance(image, Problem):
            self._show_damaged_screenshot(image)
            return
        page = self.current.page
        same_page = self._canvas_page == page.id
        self._canvas_page = page.id
        self.views.canvas.set_page(image, page.width, page.height, keep_view=same_page)
        self.page_shown.emit()

    def _show_damaged_screenshot(self, problem: Problem) -> None:
        """The page's screenshot cannot be decoded: say so on the canvas and in Problems."""
        canvas = self.views.canvas
        self._canvas_page = None
        canvas.clear_page()
        canvas.empty_text = f"Cannot show this page:\n{shown_path(problem.message)}"
        canvas.viewport().update()
        if self.data is not None and problem not in self.data.library.problems:
            self.data.library.problems.append(problem)
            self._show_problems()
        self.status.emit(str(problem), 10_000)
        self.screenshot_damaged.emit(problem)

    def _show_problems(self) -> None:
        """The open library's problems in their dock, counted in its title; shown if any."""
        library = self.data.library
        self.views.problems.set_problems(library.problems, self.data.path)
        self.views.problems_dock.setWindowTitle(self.views.problems.title())
        self.views.problems_dock.setVisible(bool(library.problems))

    # -- jobs ----------------------------------------------------------------------------------
    def _on_progress(self, kind: str, done: int, total: int) -> None:
        if kind in ("load", "heatmap") and total:
            self.views.progress.setRange(0, total)
            self.views.progress.setValue(done)
            self.views.progress.setVisible(kind == "load" or done < total)
            self.views.stop.setVisible(kind == "heatmap" and done < total)

    def _map_done(self, kind: str) -> None:
        if kind == "heatmap" and self.views.stop.isVisible():
            self.views.stop.hide()
            self.views.progress.hide()

    def stop_map(self) -> None:
        """Stop computing the map (its tasks not yet run are not run; the last map stays)."""
        self.jobs.drop("heatmap")
        self._map_done("heatmap")
        self.status.emit("Stopped: the map shown is the one computed before", 6000)

    def _failure(self, title: str):
        """Besides reporting: the progress bar goes, and the canvas stops saying "Opening"."""

        report = super()._failure(title)

        def failed(error: JobError) -> None:
            self.views.progress.hide()
            if self.current is None:
                self.views.canvas.empty_text = EMPTY_TEXT
            report(error)

        return failed


@dataclass
class PageViews:
    """The widgets the page controller drives."""

    canvas: PageCanvas
    browser: SessionBrowser
    chooser: PageChooser
    progress: QProgressBar
    stop: QAbstractButton  # stops the map being computed
    problems: ProblemsPanel
    problems_dock: QDockWidget
