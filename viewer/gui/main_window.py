"""The main window: wires user actions to core calls, and core results to pixels.

Nothing here computes: loading, densities and exports are core functions run on worker threads
(:class:`~viewer.gui.workers.Jobs`); this class decides what to ask for and shows the answers.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.analysis.heatmaps import Heatmap, HeatmapSettings, compute_heatmap, overlay_grid
from viewer.gui.actions import ACTIONS
from viewer.gui.canvas import LegendInfo, PageCanvas
from viewer.gui.clip_dialog import ClipDialog
from viewer.gui.compare_view import CompareView
from viewer.gui.errors import ErrorReporter
from viewer.gui.export_dialog import ExportDialog
from viewer.gui.heatmap_panel import HeatmapPanel
from viewer.gui.loading import read_screenshot
from viewer.gui.metrics_controller import MetricsController
from viewer.gui.plain import plain_label
from viewer.gui.problems import ProblemsPanel
from viewer.gui.replay_mode import ReplayMode
from viewer.gui.replay_panel import ReplayPanel
from viewer.gui.session_browser import SessionBrowser
from viewer.gui.settings import AppSettings
from viewer.gui.style import STYLE
from viewer.gui.workers import Debouncer, JobError, Jobs
from viewer.importers.pages import ScreenshotSpec
from viewer.library.workspace import LoadedRecordings, PageData, load_recordings
from viewer.memory import give_back_free_memory
from viewer.recording.errors import Problem, RecordingError
from viewer.render import colormaps
from viewer.render.export import (
    ExportOptions,
    render_heatmap,
    screenshot_for,
    write_heatmap_png,
)
from viewer.render.legend import KIND_TITLES, describe, tick_labels
from viewer.replay.clip import ClipOptions, export_clip
from viewer.state.heatmap_params import REMEMBERED
from viewer.textformat import clock, count, shown_path


class MainWindow(QMainWindow):
    """The session-viewer window.

    Signals
    -------
    loaded()
        A path finished opening (the pages are listed, the first page shown).
    page_shown()
        A page's screenshot is on the canvas.
    heatmap_shown()
        A newly computed heatmap is on the canvas.
    exported(path)
        An export was written.
    """

    loaded = Signal()
    page_shown = Signal()
    heatmap_shown = Signal()
    screenshot_damaged = Signal(object)  # the Problem: the screenshot could not be decoded
    exported = Signal(str)

    def __init__(self, settings: AppSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or AppSettings()
        self.setWindowTitle("session-viewer")
        self.setAcceptDrops(True)
        self.setStyleSheet(STYLE)
        self.errors = ErrorReporter(self)
        self.jobs = Jobs(self)
        self.jobs.progress.connect(self._on_job_progress)

        self.canvas = PageCanvas()
        self.canvas.empty_text = (
            "No recordings open.\n\nFile > Open Folder... (Ctrl+Shift+O) or File > Open the "
            "Demo,\nor drop a folder or a recording here."
        )
        self.replay_panel = ReplayPanel()
        self.replay_panel.hide()
        self.central = QWidget()
        central_layout = QVBoxLayout(self.central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.canvas, 1)
        central_layout.addWidget(self.replay_panel)
        self.setCentralWidget(self.central)
        self.replay = ReplayMode(self.canvas, self.replay_panel, self)
        self.browser = SessionBrowser()
        self.panel = HeatmapPanel()
        self.problems = ProblemsPanel()
        self.metrics = MetricsController(self, self.canvas, self.browser, self.jobs, self.errors)
        self.compare_view: CompareView | None = None
        self._docks = {
            "sessions": self._dock("Sessions", self.browser, Qt.DockWidgetArea.LeftDockWidgetArea),
            "heatmap": self._dock("Heatmap", self.panel, Qt.DockWidgetArea.RightDockWidgetArea),
            "metrics": self._dock(
                "Metrics", self.metrics.panel, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "problems": self._dock(
                "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
            ),
        }
        self._docks["problems"].hide()
        # Settings and numbers share the right side as tabs: each needs the full height.
        self.tabifyDockWidget(self._docks["heatmap"], self._docks["metrics"])
        self._docks["heatmap"].raise_()
        self.resizeDocks(
            [self._docks["sessions"], self._docks["heatmap"]], [470, 400], Qt.Orientation.Horizontal
        )

        self.page_combo = QComboBox()
        self.page_combo.setMinimumWidth(420)
        self.page_combo.setToolTip("Page (one screenshot per layout)")
        self.zoom_label = plain_label("100 %")
        self.pointer_label = plain_label("")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self._build_toolbar()
        status = self.statusBar()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.pointer_label)
        status.addPermanentWidget(self.zoom_label)

        self.data: LoadedRecordings | None = None
        self.current: PageData | None = None
        self.heatmap: Heatmap | None = None
        self._shown_screenshot: Path | None = None
        self._canvas_page: str | None = None  # the page whose screenshot the canvas shows
        self._table_cache: dict[tuple, object] = {}
        self.recomputes = 0  # heatmap jobs submitted (for tests)
        self.time_range: tuple[float, float] | None = None  # map only this stretch of visits
        self._heatmap_variant: str | None = None
        self._recompute_debouncer = Debouncer(self.request_heatmap, 180, self)
        self._started = time.perf_counter()

        self.page_combo.currentIndexChanged.connect(self._on_page_chosen)
        self.panel.recompute_wanted.connect(self._recompute_debouncer.trigger)
        self.panel.recolour_wanted.connect(self.recolour)
        self.browser.filter_changed.connect(self._on_sessions_changed)
        self.browser.session_activated.connect(self.replay_session)
        rp = self.replay_panel
        rp.close_button.clicked.connect(self.exit_replay)
        rp.range_session.triggered.connect(lambda: self.map_time_range(True))
        rp.range_all.triggered.connect(lambda: self.map_time_range(False))
        rp.export.clicked.connect(self.export_clip)
        rp.prev_session.clicked.connect(self.replay_previous_session)
        rp.next_session.clicked.connect(self.replay_next_session)
        self.panel.time_range_cleared.connect(self.clear_time_range)
        self.browser.selection_changed.connect(self._on_selection_changed)
        self.canvas.pointer_moved.connect(self._on_pointer)
        self.canvas.pointer_left.connect(lambda: self.pointer_label.setText(""))
        self.canvas.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f} %"))
        self._restore()

    # -- construction ------------------------------------------------------------------------
    def dock(self, name: str) -> QDockWidget:
        """One of the window's docks: ``sessions``, ``heatmap``, ``problems``."""
        return self._docks[name]

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        menus = {}
        for spec in ACTIONS:
            action = QAction(spec.title, self)
            keys = spec.key_sequences()
            if keys:
                action.setShortcuts(keys)
            if spec.tip:
                action.setStatusTip(spec.tip)
            action.setCheckable(spec.checkable)
            action.setChecked(spec.checked)
            if spec.checkable:  # a toggle's handler is told the new state
                action.triggered.connect(lambda on, h=spec.handler: h(self, on))
            else:
                action.triggered.connect(lambda *_, h=spec.handler: h(self))
            if spec.replay:
                # Space and the arrow keys belong to the page area while replaying, so that
                # they still type and move in the search box and the session table.
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.setEnabled(False)
                self.central.addAction(action)
            else:
                self.addAction(action)
            self.actions_by_id[spec.id] = action
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(f"&{spec.menu}")
            menus[spec.menu].addAction(action)
            if spec.id == "open_demo":
                self.recent_menu = menus["File"].addMenu("Open &Recent")
                menus["File"].addSeparator()
        view = menus["View"]
        view.addSeparator()
        for dock in self._docks.values():
            view.addAction(dock.toggleViewAction())
        self._fill_recent_menu()
        undo = self.metrics.editor.undo_stack
        for aid, signal, can in (
            ("undo_region", undo.canUndoChanged, undo.canUndo),
            ("redo_region", undo.canRedoChanged, undo.canRedo),
        ):
            self.actions_by_id[aid].setEnabled(can())
            signal.connect(self.actions_by_id[aid].setEnabled)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(16, 16))
        self.addToolBar(bar)
        bar.addAction(self.actions_by_id["open_folder"])
        bar.addSeparator()
        bar.addWidget(plain_label(" Page "))
        bar.addWidget(self.page_combo)
        bar.addSeparator()
        for aid in ("fit_width", "actual_size", "zoom_out", "zoom_in"):
            bar.addAction(self.actions_by_id[aid])
        bar.addSeparator()
        bar.addAction(self.actions_by_id["draw_region"])
        bar.addAction(self.actions_by_id["compare"])
        bar.addSeparator()
        bar.addAction(self.actions_by_id["export"])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent()
        for path in recent:
            a = self.recent_menu.addAction(path)
            a.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if recent:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("Clear List")
            clear.triggered.connect(
                lambda: (self.settings.clear_recent(), self._fill_recent_menu())
            )
        self.recent_menu.setEnabled(bool(recent))

    def _restore(self) -> None:
        screens = [s.availableGeometry() for s in QGuiApplication.screens()]
        rect, maximized = self.settings.restored_geometry(screens)
        if rect is not None:
            self.setGeometry(rect)
        else:
            self.resize(1440, 900)
            if screens:
                avail = screens[0]
                self.resize(min(1440, avail.width()), min(900, avail.height()))
        if maximized:
            self.showMaximized()
        saved = {}
        for key, type_ in REMEMBERED.items():
            value = self.settings.get(f"heatmap/{key}", None, type_)
            if value is not None:
                saved[key] = value
        if saved:
            try:
                self.panel.apply(HeatmapSettings(**saved))
            except (TypeError, ValueError):
                pass  # a hand-edited value we cannot use: keep the defaults
        if self.settings.notice:
            QTimer.singleShot(
                0, lambda: self.errors.report(self.settings.notice, "", "Settings were reset")
            )

    def closeEvent(self, event) -> None:
        self.settings.save_geometry(self.normalGeometry(), self.isMaximized())
        s = self.panel.settings()
        for key in REMEMBERED:
            self.settings.set(f"heatmap/{key}", getattr(s, key))
        self.settings.sync()
        self.jobs.wait(5000)
        super().closeEvent(event)

    def _status(self, message: str, msecs: int = 0) -> None:
        """Show ``message`` in the status bar (names that are not UTF-8 escaped, not dropped)."""
        self.statusBar().showMessage(shown_path(message), msecs)

    # -- opening -----------------------------------------------------------------------------
    def open_path(self, path: Path, screenshot: ScreenshotSpec | None = None) -> None:
        """Open a recording file or folder in the background (``screenshot``: the page of rrweb
        recordings that come without one)."""
        path = Path(path)
        self._status(f"Opening {path}...")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._opening = path
        self.jobs.submit(
            "load",
            lambda ctx: load_recordings(
                path, progress=ctx.progress, cancelled=ctx.cancelled, screenshot=screenshot
            ),
            self._on_loaded,
            self._job_failed("Could not open"),
        )

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open Recording",
            str(self._last_folder()),
            "Recordings and rrweb files (*.json *.json.gz);;All files (*)",
        )
        if path:
            self.open_path(Path(path))

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, "Open Folder of Recordings", str(self._last_folder())
        )
        if path:
            self.open_path(Path(path))

    def open_demo(self) -> None:
        from viewer.demo import bundled_recordings

        self.open_path(bundled_recordings())

    def _last_folder(self) -> Path:
        recent = self.settings.recent()
        return Path(recent[0]).parent if recent else Path.home()

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return

    def _on_loaded(self, data: LoadedRecordings) -> None:
        self.data = data
        self._table_cache.clear()
        library = data.library
        self._show_problems()
        self.settings.add_recent(data.path)
        self._fill_recent_menu()
        self.page_combo.blockSignals(True)
        self.page_combo.clear()
        for page in library.pages:
            n = len(data.pages[page.id].sessions)
            self.page_combo.addItem(
                f"{page.title or page.id}  ·  {page.id}  ({count(n, 'session')})", page.id
            )
        self.page_combo.blockSignals(False)
        self.progress.hide()
        sessions = sum(len(p.sessions) for p in data.pages.values())
        message = (
            f"Opened {data.path}: {count(len(library.pages), 'page')}, {count(sessions, 'session')}"
        )
        if library.errors:
            message += f", {len(library.errors)} files could not be read (see Problems)"
        self._status(message, 10_000)
        if not library.pages and library.needs_screenshot and self._ask_for_screenshot(data):
            return
        if not library.pages:
            self._show_nothing()
            self.loaded.emit()
            return
        self._show_page(library.pages[0].id)
        self.loaded.emit()

    def close_recordings(self) -> None:
        """Close what is open: the window shows nothing and lets go of the recordings.

        Opening, screenshot and heatmap work still running is thrown away; exports already
        asked for still finish.
        """
        self._show_nothing()
        self.jobs.drop("load", "screenshot", "heatmap")
        self.progress.hide()
        self.data = None
        self.problems.set_problems([])
        self._docks["problems"].setWindowTitle("Problems")
        self._docks["problems"].hide()
        self.page_combo.blockSignals(True)
        self.page_combo.clear()
        self.page_combo.blockSignals(False)
        self._status("Closed the recordings", 5000)
        # Once the last references are gone (after this slot), hand the freed memory back.
        QTimer.singleShot(0, self._give_back_memory)

    @staticmethod
    def _give_back_memory() -> None:
        gc.collect()  # sessions held in reference cycles go now, not at some later collection
        give_back_free_memory()

    def _show_nothing(self) -> None:
        """No page: an empty canvas with a hint, no sessions, no numbers."""
        self._recompute_debouncer.cancel()
        self.heatmap = None  # first: leaving a replay then neither recolours nor reloads
        self.exit_replay()
        self.current = None
        self._shown_screenshot = None
        self._canvas_page = None
        self._table_cache.clear()
        self.time_range = None
        self.panel.show_time_range(None)
        self.panel.summary.setText("")
        self.canvas.clear_page()
        self.browser.clear()
        self.metrics.clear()
        if self.compare_view is not None:
            self.compare_view.clear()
        self.setWindowTitle("session-viewer")

    def _ask_for_screenshot(self, data: LoadedRecordings) -> bool:
        """rrweb recordings without a page: ask for the screenshot of the first URL they visit
        and open them again with it. False when the user declines."""
        url = data.library.needs_screenshot[0] or "the recorded page"
        path, _ = QFileDialog.getOpenFileName(
            self,
            f"Screenshot of {url}",
            str(data.path.parent if data.path.is_file() else data.path),
            "Full-page screenshots (*.png *.jpg *.jpeg *.webp);;All files (*)",
        )
        if not path:
            return False
        self.open_path(data.path, ScreenshotSpec(Path(path), url=data.library.needs_screenshot[0]))
        return True

    def _on_page_chosen(self, index: int) -> None:
        page_id = self.page_combo.itemData(index)
        if page_id is not None and (self.current is None or self.current.page.id != page_id):
            self._show_page(page_id)

    def _show_page(self, page_id: str) -> None:
        assert self.data is not None
        data = self.data.pages[page_id]
        self.exit_replay()
        self.current = data
        self.heatmap = None
        index = self.page_combo.findData(page_id)
        if index != self.page_combo.currentIndex():
            self.page_combo.blockSignals(True)
            self.page_combo.setCurrentIndex(index)
            self.page_combo.blockSignals(False)
        page = data.page
        self._canvas_page = None
        self.canvas.clear_overlay()
        self.setWindowTitle(f"{page.title or page.id} · {page.id} — session-viewer")
        self.browser.set_sessions(data.sessions, data.overview, data.labels, data.columns)
        self.metrics.set_page(data)
        self._shown_screenshot = None
        self._load_screenshot(page.screenshot)
        self.request_heatmap()

    def _load_screenshot(self, path: Path) -> None:
        if path == self._shown_screenshot:
            return
        self._shown_screenshot = path
        page_file = self.current.page.path if self.current is not None else None

        def job(ctx):
            try:
                return path, read_screenshot(page_file, path)
            except RecordingError as e:  # damaged: one problem, shown where the page would be
                return path, e.problem

        self.jobs.submit(
            "screenshot",
            job,
            self._on_screenshot,
            self._job_failed("Could not show the screenshot"),
        )

    def _show_problems(self) -> None:
        """The open library's problems in their dock, counted in its title; shown if any."""
        library = self.data.library
        self.problems.set_problems(library.problems, self.data.path)
        n_err, n_warn = len(library.errors), len(library.warnings)
        dock = self._docks["problems"]
        dock.setWindowTitle(
            f"Problems ({n_err} errors, {n_warn} warnings)" if library.problems else "Problems"
        )
        dock.setVisible(bool(library.problems))

    def _on_screenshot(self, result: tuple[Path, QImage | Problem]) -> None:
        path, image = result
        if self.current is None or path != self._shown_screenshot:
            return
        if isinstance(image, Problem):
            self._show_damaged_screenshot(image)
            return
        page = self.current.page
        same_page = self._canvas_page == page.id
        self._canvas_page = page.id
        self.canvas.set_page(image, page.width, page.height, keep_view=same_page)
        if self.heatmap is not None:
            self.recolour()
        self.page_shown.emit()

    def _show_damaged_screenshot(self, problem: Problem) -> None:
        """The page's screenshot cannot be decoded: say so on the canvas and in Problems."""
        self._canvas_page = None
        self.canvas.clear_page()
        self.canvas.empty_text = f"Cannot show this page:\n{shown_path(problem.message)}"
        self.canvas.viewport().update()
        if self.data is not None and problem not in self.data.library.problems:
            self.data.library.problems.append(problem)
            self._show_problems()
        self._status(str(problem), 10_000)
        self.screenshot_damaged.emit(problem)

    # -- heatmap -----------------------------------------------------------------------------
    def scope_indices(self) -> np.ndarray:
        """Positions (in the page's session list) of the sessions the map is made of."""
        assert self.current is not None
        scope = self.panel.scope_key
        if scope == "selected":
            chosen = self.browser.selected_sessions()
            if chosen:
                return np.array(sorted(self.current.indices(chosen)), dtype=np.intp)
        if scope in ("filtered", "selected"):
            return np.flatnonzero(self.browser.model.mask)
        return np.arange(len(self.current.sessions))

    def sessions_in_scope(self) -> list:
        if self.current is None:
            return []
        return [self.current.sessions[i] for i in self.scope_indices()]

    def scope_words(self) -> list[str]:
        """How the shown sessions were chosen, as words for legends and exports."""
        scope = self.panel.scope_key
        if scope == "selected" and self.browser.selected_sessions():
            return [f"{len(self.browser.selected_sessions())} selected sessions"]
        if scope in ("filtered", "selected"):
            return self.browser.filter_words()
        return []

    @property
    def recompute_pending(self) -> bool:
        """Whether a recompute of the map is waiting (a kernel-width drag settling)."""
        return self._recompute_debouncer.pending

    def map_settings(self) -> HeatmapSettings:
        """The settings of the map: the panel's, and the time range shown. The screen and every
        export read them here, so an export is always the map on screen."""
        return self.panel.settings().with_(t_range=self.time_range)

    def request_heatmap(self) -> None:
        """Compute the heatmap for the current page, sessions and settings (in the background).

        The job also colours the map and picks the screenshot to show, so that the window's
        own thread only has to put the result on screen.
        """
        self._recompute_debouncer.cancel()  # this request covers any pending one
        if self.current is None:
            return
        data = self.current
        indices = self.scope_indices()
        settings = self.map_settings()
        grid = overlay_grid(data.page, settings.sigma)
        key = (data.page.id, indices.tobytes())
        table = self._table_cache.get(key)
        self.recomputes += 1
        self._status(f"Computing the {settings.kind} map of {len(indices):,} sessions...")
        page = data.page

        def job(ctx):
            t = table if table is not None else data.table.subset(indices)
            heatmap = compute_heatmap(t, page, settings, grid)
            rgba = colormaps.apply(heatmap.normalized(), settings.colormap, settings.opacity)
            variant = screenshot_for(page, t.sessions)
            return key, t, heatmap, rgba, variant

        self.jobs.submit(
            "heatmap", job, self._on_heatmap, self._job_failed("Could not compute the heatmap")
        )

    def _on_heatmap(self, result) -> None:
        key, table, heatmap, rgba, variant = result
        if self.current is None or key[0] != self.current.page.id:
            return
        self._table_cache = {key: table}
        self.heatmap = heatmap
        self._heatmap_variant = variant
        if not self.replay.active:
            self.metrics.editor.set_variant(variant)
            self._load_screenshot(self.current.page.screenshot_for(variant))
        self.recolour(rgba)
        self.panel.summary.setText(describe(heatmap, "", self.scope_words())[1])
        self._status(
            f"{KIND_TITLES[heatmap.settings.kind]} of {count(heatmap.n_sessions, 'session')}", 5000
        )
        self.heatmap_shown.emit()

    def recolour(self, rgba: np.ndarray | None = None) -> None:
        """Colour the current density with the panel's colormap and opacity (no recompute).

        ``rgba`` is the colouring already made by the heatmap job, when it is current.
        """
        h = self.heatmap
        if h is None or self.replay.active:
            return
        s = self.panel.settings()
        if rgba is None or (s.colormap, s.opacity) != (h.settings.colormap, h.settings.opacity):
            rgba = colormaps.apply(h.normalized(), s.colormap, s.opacity)
        self.canvas.set_overlay(rgba, h.grid)
        if self.panel.legend.isChecked():
            title, _ = describe(h, "", self.scope_words())
            detail = count(h.n_sessions, "session")
            if h.settings.kind != "scroll":
                detail += f"  ·  kernel sigma {h.settings.sigma:g} px"
            words = self.scope_words()
            if words:
                detail += "  ·  " + ", ".join(words)
            if self.current is not None and self.current.page.origin:
                title += "  ·  rebuilt page"  # where it shows whole, not elided
            table = colormaps.lut32(s.colormap, s.opacity).view(np.uint8).reshape(256, 4)
            self.canvas.set_legend(LegendInfo(title, detail, table.copy(), tick_labels(h), h.units))
        else:
            self.canvas.set_legend(None)

    def _on_sessions_changed(self) -> None:
        if self.panel.scope_key != "all":
            self._recompute_debouncer.trigger()

    def _on_selection_changed(self) -> None:
        if self.panel.scope_key == "selected":
            self._recompute_debouncer.trigger()

    def _on_pointer(self, x: float, y: float) -> None:
        text = f"x {x:,.0f}  y {y:,.0f} px"
        h = self.heatmap
        if h is not None:
            g = h.grid
            cw, ch = g.cell
            col, row = int((x - g.x0) / cw), int((y - g.y0) / ch)
            if 0 <= row < g.shape[0] and 0 <= col < g.shape[1]:
                v = h.values[row, col]
                if h.settings.kind == "scroll" and h.settings.scroll_metric == "reach":
                    text += f"   ·   {v:.0%} of sessions reached this row"
                elif h.settings.scale == "relative":
                    text += f"   ·   {v:.0%} of the peak"
                else:
                    text += f"   ·   {v:,.3g} {h.units}"
        self.pointer_label.setText(text)

    # -- export ------------------------------------------------------------------------------
    def export_heatmap(self) -> None:
        if self.current is None:
            QMessageBox.information(self, "Export Heatmap", "Open some recordings first.")
            return
        page = self.current.page
        suggested = self._last_folder() / f"{page.id}-{self.panel.kind}.png"
        dialog = ExportDialog(
            self,
            page_size=(page.width, page.height),
            visible=self.canvas.visible_region(),
            selected=self.canvas.selected_region,
            zoom=page.device_pixel_ratio,
            suggested=suggested,
        )
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        path, region, zoom, legend = dialog.choice()
        self.export_to(path, region=region, zoom=zoom, legend=legend)

    def export_to(
        self, path: Path, region=None, zoom: float | None = None, legend: bool = True
    ) -> None:
        """Export the current heatmap settings and sessions to ``path`` (in the background)."""
        assert self.current is not None
        page = self.current.page
        sessions = self.sessions_in_scope()
        settings = self.map_settings()  # the map on screen, time range included
        options = ExportOptions(
            region=region, zoom=zoom, legend=legend, filters=tuple(self.scope_words())
        )
        if not self.may_write(path):
            return
        self._status(f"Exporting {path}...")

        def job(ctx):
            rendered = render_heatmap(page, sessions, settings, options)
            write_heatmap_png(path, rendered)
            return str(path)

        self.jobs.submit("export", job, self._on_exported, self._job_failed("Could not export"))

    # -- view --------------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def open_compare(self) -> None:
        """Open the compare view on the current page, within the active segment."""
        if self.current is None:
            QMessageBox.information(self, "Compare", "Open some recordings first.")
            return
        if self.compare_view is None:
            self.compare_view = CompareView(self, self.errors)
        self.compare_view.set_page(
            self.current,
            self.browser.model.mask,
            self.browser.filter_words(),
            self.panel.settings(),
            self.metrics.per_region_for(self.current),
        )
        self.compare_view.show()
        self.compare_view.raise_()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About session-viewer",
            f"<b>session-viewer {__version__}</b><p>Replay recorded web sessions and render "
            "exact heatmaps over page screenshots, offline.</p>",
        )

    # -- replay ------------------------------------------------------------------------------
    def replay_selected(self) -> None:
        chosen = self.browser.selected_sessions()
        if not chosen and self.browser.model.rowCount():
            chosen = [self.browser.model.session_at(0)]
        if chosen:
            self.replay_session(chosen[0])

    def replay_session(self, session) -> None:
        """Replay one session of the current page over its screenshot."""
        if self.current is None:
            return
        page = self.current.page
        self._load_screenshot(page.screenshot_for(session.variant))
        self.canvas.hide_overlay()
        self.replay_panel.show()
        for spec in ACTIONS:
            if spec.replay:
                self.actions_by_id[spec.id].setEnabled(True)
        self.replay.start(session, page)
        self.metrics.editor.set_variant(session.variant)
        self.browser.select_ids([session.id])
        self.canvas.setFocus()
        self._status(f"Replaying {session.id}", 4000)

    def exit_replay(self) -> None:
        if not self.replay.active:
            return
        self.replay.stop()
        self.replay_panel.hide()
        for spec in ACTIONS:
            if spec.replay:
                self.actions_by_id[spec.id].setEnabled(False)
        self.canvas.fit_width()
        self.metrics.editor.set_variant(self._heatmap_variant)
        if self.heatmap is not None:
            self.recolour()
            self._load_screenshot(self.current.page.screenshot_for(self._heatmap_variant))

    def _neighbour_session(self, step: int):
        ph = self.replay.playhead
        model = self.browser.model
        if ph is None or not model.rowCount():
            return None
        row = model.row_of(ph.session.id)
        row = 0 if row is None else row + step
        if 0 <= row < model.rowCount():
            return model.session_at(row)
        return None

    def replay_previous_session(self) -> None:
        session = self._neighbour_session(-1)
        if session is not None:
            self.replay_session(session)

    def replay_next_session(self) -> None:
        session = self._neighbour_session(+1)
        if session is not None:
            self.replay_session(session)

    def map_time_range(self, only_this_session: bool) -> None:
        """Leave the replay showing the heatmap of the selected stretch of time."""
        sel = self.replay.selection
        ph = self.replay.playhead
        if sel is None or ph is None:
            return
        session = ph.session
        self.time_range = sel
        self.exit_replay()
        if only_this_session:
            self.browser.select_ids([session.id])
            self.panel.scope.blockSignals(True)
            self.panel.scope.setCurrentIndex(self.panel.scope.findData("selected"))
            self.panel.scope.blockSignals(False)
        who = f"session {session.id}" if only_this_session else "every session"
        self.panel.show_time_range(
            f"Showing {clock(sel[0])}–{clock(sel[1])} into the visit of {who}."
        )
        self.request_heatmap()

    def clear_time_range(self) -> None:
        self.time_range = None
        self.panel.show_time_range(None)
        self.request_heatmap()

    def export_clip(self) -> None:
        ph = self.replay.playhead
        if ph is None or self.current is None:
            return
        start, end = self.replay.selection or (0.0, ph.duration)
        suggested = self._last_folder() / f"{ph.session.id}.webp"
        dialog = ClipDialog(self, start, end, suggested)
        if dialog.exec() != ClipDialog.DialogCode.Accepted:
            return
        self.export_clip_to(dialog.path(), dialog.options())

    def may_write(self, path: Path) -> bool:
        """Whether ``path`` may be written: never a file of the opened recordings (the save
        dialog has asked before replacing anything else); says why when not."""
        from viewer.outputs import OutputRefused, check_output, files_of

        protected = files_of(self.data.library) if getattr(self, "data", None) else set()
        try:
            check_output(path, protected, force=True)
        except OutputRefused as e:
            box = QMessageBox(QMessageBox.Icon.Warning, "Not written", str(e), parent=self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setModal(False)
            box.show()
            self.refused_box = box
            self._status(f"Not written: {path}")
            return False
        return True

    def export_clip_to(self, path: Path, options: ClipOptions) -> None:
        """Write a replay clip of the current replay (in the background)."""
        if not self.may_write(path):
            return
        ph = self.replay.playhead
        page = self.current.page
        self._status(f"Exporting {path}...")
        self.jobs.submit(
            "export",
            lambda ctx: (export_clip(path, page, ph, options), str(path))[1],
            self._on_exported,
            self._job_failed("Could not export"),
        )

    # -- jobs --------------------------------------------------------------------------------
    def _on_exported(self, path: str) -> None:
        self._status(f"Exported {path}", 8000)
        self.exported.emit(path)

    def _job_failed(self, title: str):
        """The error handler of a job: say what could not be done, and why."""

        def report(error: JobError) -> None:
            self.progress.hide()
            self._status(f"{title}: {error.message}", 10_000)
            self.errors.report(error.message, error.details, title)

        return report

    def _on_job_progress(self, kind: str, done: int, total: int) -> None:
        if kind == "load" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.show()
