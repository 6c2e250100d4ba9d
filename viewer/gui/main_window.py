"""The main window: the layout of the views, its menus and dialogs; nothing else.

The controllers (:mod:`~viewer.gui.page_controller`, :mod:`~viewer.gui.heatmap_controller`,
:mod:`~viewer.gui.replay_controller`, :mod:`~viewer.gui.metrics_controller`,
:mod:`~viewer.gui.compare_controller`) own the state and make the connections; the window builds
them, lays out their views, and answers their questions to the user (file dialogs, messages).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from viewer import __version__
from viewer.gui import dialogs, frame
from viewer.gui.actions import ACTIONS
from viewer.gui.canvas import PageCanvas
from viewer.gui.compare_controller import CompareController
from viewer.gui.compare_view import CompareView
from viewer.gui.elements_controller import ElementsController
from viewer.gui.errors import ErrorReporter
from viewer.gui.event_list import EventList
from viewer.gui.heatmap_controller import HeatmapController
from viewer.gui.heatmap_panel import HeatmapPanel
from viewer.gui.map_legend import MapLegend
from viewer.gui.map_menu import MapMenu
from viewer.gui.menus import build_menus, build_toolbar, follow_undo_stack
from viewer.gui.metrics_controller import MetricsController
from viewer.gui.page_chooser import PageChooser
from viewer.gui.page_controller import PageController, PageViews
from viewer.gui.problems import ProblemsPanel
from viewer.gui.replay_controller import ReplayController
from viewer.gui.replay_mode import ReplayMode
from viewer.gui.replay_panel import ReplayPanel
from viewer.gui.report_export import ReportExport
from viewer.gui.session_browser import SessionBrowser
from viewer.gui.settings import AppSettings
from viewer.gui.style import STYLE
from viewer.gui.workers import JobError, Jobs
from viewer.importers.pages import ScreenshotSpec
from viewer.state.view_state import ViewState
from viewer.textformat import shown_path


class MainWindow(QMainWindow):
    """The session-viewer window.

    Signals
    -------
    loaded(), page_shown(), heatmap_shown(), screenshot_damaged(problem), exported(path)
        A path opened; a screenshot shown; a new map shown; a screenshot that cannot be
        decoded; an export written (from whichever controller did it).
    """

    loaded = Signal()
    page_shown = Signal()
    heatmap_shown = Signal()
    screenshot_damaged = Signal(object)
    exported = Signal(str)

    def __init__(self, settings: AppSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or AppSettings()
        self.setWindowTitle("session-viewer")
        self.setAcceptDrops(True)
        self.setStyleSheet(STYLE)
        self.errors = ErrorReporter(self)
        self.jobs = Jobs(self)
        self.state = ViewState(self.settings.heatmap_settings())

        # -- the views
        self.canvas = PageCanvas()
        self.legend = MapLegend()
        self.replay_panel = ReplayPanel()
        self.replay_panel.hide()
        self.central = frame.page_area(self.canvas, self.legend, self.replay_panel)
        self.setCentralWidget(self.central)
        self.browser = SessionBrowser()
        self.panel = HeatmapPanel(self.state)
        self.problems = ProblemsPanel()
        self.events = EventList()
        self.page_combo = PageChooser()
        self.status_line = frame.StatusLine(self.statusBar())

        # -- the controllers
        self.metrics = MetricsController(self, self.canvas, self.browser, self.jobs, self.errors)
        self.elements = ElementsController(self.state, self.canvas, self.browser, self.jobs, self)
        self.docks = frame.Docks(
            self,
            self.browser,
            self.panel,
            self.metrics.panel,
            self.elements.panel,
            self.events,
            self.problems,
        )
        self.docks["elements"].visibilityChanged.connect(self.elements.shown_changed)
        # Its table has eight columns: it takes more width when it comes to the front.
        self.docks["elements"].visibilityChanged.connect(
            lambda shown: shown and self.docks.widen("elements", 560)
        )
        self.heatmaps = HeatmapController(
            self.state, self.canvas, self.legend, self.panel, self.browser, self.jobs, self
        )
        views = PageViews(
            self.canvas,
            self.browser,
            self.page_combo,
            self.status_line.progress,
            self.status_line.stop,
            self.problems,
            self.docks["problems"],
        )
        self.pages = PageController(
            self.state, views, self.heatmaps, self.metrics, self.jobs, self.ask_screenshot, self
        )
        self.replay = ReplayMode(self.canvas, self.replay_panel, self)
        self.replays = ReplayController(
            self.state,
            self.replay,
            self.replay_panel,
            self.canvas,
            self.browser,
            self.heatmaps,
            self.pages,
            self.metrics.editor,
            self.events,
            self.jobs,
            self.may_write,
            lambda start, end, name: dialogs.ask_clip(
                self, start, end, self.settings.export_folder() / name
            ),
            self,
        )
        self.compare = CompareController(
            self.state,
            self.pages,
            self.browser,
            self.metrics,
            lambda: CompareView(self, self.errors, self.may_write),
            self,
        )
        self.map_menu = MapMenu(
            self.state, self.canvas, self.browser, self.heatmaps, self.metrics, self
        )
        self.map_menu.picked.connect(lambda text: self._status(text, 8000))
        self.reports = ReportExport(self)  # File > Export Report
        for controller in (self.pages, self.heatmaps, self.replays, self.reports):
            controller.status.connect(self._status)
            controller.failed.connect(self._report_failure)
        self.elements.status.connect(self._status)
        self.pages.page_changed.connect(self.elements.set_page)
        self.pages.loaded.connect(self.loaded)
        self.pages.page_shown.connect(self.page_shown)
        self.pages.screenshot_damaged.connect(self.screenshot_damaged)
        self.pages.title_changed.connect(self.setWindowTitle)
        self.pages.opened.connect(self._on_opened)
        self.heatmaps.shown.connect(self.heatmap_shown)
        self.heatmaps.exported.connect(self.exported)
        self.reports.exported.connect(self.exported)
        self.replays.exported.connect(self.exported)
        self.replays.active_changed.connect(self._on_replay_active)
        pointer = self.status_line.pointer
        self.canvas.pointer_moved.connect(
            lambda x, y: pointer.setText(self.heatmaps.pointer_text(x, y))
        )
        self.canvas.pointer_left.connect(lambda: pointer.setText(""))
        self.canvas.zoom_changed.connect(self.status_line.show_zoom)

        # -- the frame
        self.actions_by_id = build_menus(self, self.central, self.docks.values())
        follow_undo_stack(self.actions_by_id, self.metrics.editor.undo_stack)
        build_toolbar(self, self.actions_by_id, self.page_combo)
        self._restore()

    # -- construction ------------------------------------------------------------------------
    def dock(self, name: str) -> QDockWidget:
        """One of the window's docks: ``sessions``, ``heatmap``, ``metrics``, ``elements``,
        ``events``, ``problems``."""
        return self.docks[name]

    def _restore(self) -> None:
        screens = [s.availableGeometry() for s in QGuiApplication.screens()]
        rect, maximized = self.settings.restored_geometry(screens)
        self.setGeometry(rect if rect is not None else frame.first_geometry(screens))
        self.docks.fit()
        if maximized:
            self.showMaximized()
        if self.settings.notice:
            QTimer.singleShot(
                0, lambda: self.errors.report(self.settings.notice, "", "Settings were reset")
            )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Shrunk from a large screen's size: the docks give the page its room back.
        if event.oldSize().width() > event.size().width() and self.docks.crowd(self.width()):
            self.docks.fit()

    def closeEvent(self, event) -> None:
        self.settings.save_geometry(self.normalGeometry(), self.isMaximized())
        self.settings.save_heatmap_settings(self.state.heatmap)
        self.settings.sync()
        self.jobs.wait(5000)
        super().closeEvent(event)

    def _status(self, message: str, msecs: int = 0) -> None:
        """Show ``message`` in the status bar (names that are not UTF-8 escaped, not dropped)."""
        self.statusBar().showMessage(shown_path(message), msecs)

    def _report_failure(self, title: str, error: JobError) -> None:
        self._status(f"{title}: {error.message}", 10_000)
        self.errors.report(error.message, error.details, title)

    def _on_replay_active(self, on: bool) -> None:
        for spec in ACTIONS:
            if spec.replay:
                self.actions_by_id[spec.id].setEnabled(on)
        self.docks.replaying(on)

    # -- opening -----------------------------------------------------------------------------
    def open_path(self, path: Path, screenshot: ScreenshotSpec | None = None) -> None:
        """Open a recording file or folder (in the background)."""
        self.pages.open_path(path, screenshot)

    def choose_file(self) -> None:
        path = dialogs.ask_recording_file(self, self._last_folder())
        if path is not None:
            self.open_path(path)

    def choose_folder(self) -> None:
        path = dialogs.ask_recordings_folder(self, self._last_folder())
        if path is not None:
            self.open_path(path)

    def open_demo(self) -> None:
        from viewer.demo.workspace import demo_to_open

        self.open_path(demo_to_open())

    def _last_folder(self) -> Path:
        recent = self.settings.recent()
        return Path(recent[0]).parent if recent else Path.home()

    def _on_opened(self, path: Path) -> None:
        self.settings.add_recent(path)
        self.recent_menu.refresh()

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return

    def ask_screenshot(self, data):
        return dialogs.ask_screenshot(self, data)

    # -- writing -----------------------------------------------------------------------------
    def may_write(self, path: Path) -> bool:
        """Whether ``path`` may be written (never a file of the opened recordings); a box
        says why when not."""
        data = self.pages.data
        self.refused_box = dialogs.refusal(self, path, data.library if data else None)
        if self.refused_box is not None:
            self._status(f"Not written: {path}")
            return False
        self.settings.remember_export(path)  # the next export dialog starts there
        return True

    def export_heatmap(self) -> None:
        """Ask where and what, then export the map on screen."""
        current = self.pages.current
        if current is None:
            QMessageBox.information(self, "Export Heatmap", "Open some recordings first.")
            return
        page = current.page
        name = f"{page.id}-{self.state.heatmap.kind}.png"
        answer = dialogs.ask_heatmap_export(
            self, page, self.canvas, self.settings.export_folder() / name
        )
        if answer is not None:
            path, region, zoom, legend = answer
            self.export_to(path, region=region, zoom=zoom, legend=legend)

    def export_to(self, path: Path, **options) -> None:
        """Export the map on screen to ``path`` (in the background), if it may be written."""
        if self.may_write(path):
            self.heatmaps.export_to(path, **options)

    # -- view --------------------------------------------------------------------------------
    def open_compare(self) -> None:
        if not self.compare.open():
            QMessageBox.information(self, "Compare", "Open some recordings first.")

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About session-viewer",
            f"<b>session-viewer {__version__}</b><p>Replay recorded web sessions and render "
            "exact heatmaps over page screenshots, offline.</p>",
        )
