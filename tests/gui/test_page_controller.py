"""The page controller alone: canvas, list, chooser, progress, problems and the heatmap and
metrics controllers are MagicMock(spec=...); jobs run at once; no window."""

from __future__ import annotations

import shutil
from unittest.mock import MagicMock

from fakes import SyncJobs
from helpers import DEMO
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget, QProgressBar, QToolButton

from viewer.gui.canvas import PageCanvas
from viewer.gui.heatmap_controller import HeatmapController
from viewer.gui.metrics_controller import MetricsController
from viewer.gui.page_chooser import PageChooser
from viewer.gui.page_controller import EMPTY_TEXT, PageController, PageViews
from viewer.gui.problems import ProblemsPanel
from viewer.gui.session_browser import SessionBrowser
from viewer.state.view_state import TimeRange, ViewState


class Setup:
    def __init__(self, qtbot, ask=None):
        self.state = ViewState()
        self.views = PageViews(
            MagicMock(spec=PageCanvas),
            MagicMock(spec=SessionBrowser),
            MagicMock(spec=PageChooser),
            MagicMock(spec=QProgressBar),
            MagicMock(spec=QToolButton),
            ProblemsPanel(),  # a real one: its title is what the dock shows
            MagicMock(spec=QDockWidget),
        )
        qtbot.addWidget(self.views.problems)
        self.heatmaps = MagicMock(spec=HeatmapController)
        self.metrics = MagicMock(spec=MetricsController)
        self.metrics.editor = MagicMock()
        self.jobs = SyncJobs()
        self.asked = []

        def ask_screenshot(data):
            self.asked.append(data)
            return ask

        self.c = PageController(
            self.state, self.views, self.heatmaps, self.metrics, self.jobs, ask_screenshot
        )


def test_opening_lists_the_pages_and_shows_the_first(qtbot):
    s = Setup(qtbot)
    titles = []
    s.c.title_changed.connect(titles.append)
    with qtbot.waitSignal(s.c.loaded), qtbot.waitSignal(s.c.page_shown):
        s.c.open_path(DEMO)
    (pages,), _ = s.views.chooser.set_pages.call_args
    assert [pid for pid, _ in pages] == ["brightside-desktop", "brightside-mobile"]
    assert pages[0][1].endswith("(300 sessions)")
    data = s.c.current
    assert data.page.id == "brightside-desktop"
    s.views.chooser.show_page.assert_called_with("brightside-desktop")
    s.heatmaps.set_page.assert_called_with(data)
    s.metrics.set_page.assert_called_with(data)
    assert s.views.browser.set_sessions.call_args.args[0] is data.sessions
    image, width, height = s.views.canvas.set_page.call_args.args
    assert isinstance(image, QImage) and (image.width(), width) == (1440, 1440)
    assert height == data.page.height
    assert titles[-1].startswith("Brightside") and titles[-1].endswith("— session-viewer")
    assert s.views.canvas.empty_text == EMPTY_TEXT
    s.views.problems_dock.setVisible.assert_called_with(False)  # the demo has no problems


def test_choosing_a_page_shows_it_once(qtbot):
    s = Setup(qtbot)
    s.c.open_path(DEMO)
    changed = []
    s.c.page_changed.connect(changed.append)
    s.c.show_page("brightside-mobile")
    s.c.show_page("brightside-mobile")  # the same page again: nothing to do
    s.c.show_page("no-such-page")
    assert [d.page.id for d in changed] == ["brightside-mobile"]
    assert s.c.current.page.id == "brightside-mobile"


def test_a_damaged_screenshot_is_a_problem_said_on_the_canvas(qtbot, tmp_path):
    folder = tmp_path / "rec"
    shutil.copytree(DEMO / "brightside-mobile", folder / "brightside-mobile")
    shot = folder / "brightside-mobile" / "screenshot.png"
    shot.write_bytes(shot.read_bytes()[:2000])  # cut short
    s = Setup(qtbot)
    with qtbot.waitSignal(s.c.screenshot_damaged) as damaged:
        s.c.open_path(folder)
    assert "damaged" in damaged.args[0].message
    assert s.views.canvas.empty_text.startswith("Cannot show this page:")
    s.views.canvas.set_page.assert_not_called()
    s.views.problems_dock.setWindowTitle.assert_called_with("Problems (1 error, 0 warnings)")
    s.views.problems_dock.setVisible.assert_called_with(True)


def test_closing_shows_nothing_and_lets_go(qtbot):
    s = Setup(qtbot)
    s.c.open_path(DEMO)
    s.state.update(time_range=TimeRange(0, 1000))
    changed = []
    s.c.page_changed.connect(changed.append)
    s.c.close()
    assert changed == [None] and s.c.current is None and s.c.data is None
    s.heatmaps.set_page.assert_called_with(None)
    s.metrics.clear.assert_called_once()
    s.views.browser.clear.assert_called_once()
    s.views.chooser.set_pages.assert_called_with([])
    assert s.state.time_range is None
    assert set(s.jobs.dropped) >= {"load", "screenshot"}


def test_recordings_without_a_page_ask_for_a_screenshot(qtbot, tmp_path):
    (tmp_path / "visit.json").write_text(
        '[{"type": 4, "timestamp": 1700000000000, "data": {"href": "https://x.example/", '
        '"width": 1280, "height": 800}}, {"type": 3, "timestamp": 1700000001000, "data": '
        '{"source": 2, "type": 2, "id": 1, "x": 10, "y": 20}}]'
    )
    s = Setup(qtbot, ask=None)  # the user declines
    with qtbot.waitSignal(s.c.loaded):
        s.c.open_path(tmp_path / "visit.json")
    assert len(s.asked) == 1 and s.c.current is None
    s.heatmaps.set_page.assert_called_with(None)


def test_a_path_that_cannot_be_opened_is_reported(qtbot, tmp_path):
    s = Setup(qtbot)
    with qtbot.waitSignal(s.c.failed) as failed:
        s.c.open_path(tmp_path / "missing")
    title, error = failed.args
    assert title == "Could not open" and "missing" in error.message
    s.views.progress.hide.assert_called()
    assert s.views.canvas.empty_text == EMPTY_TEXT  # not "Opening..." forever


def test_while_opening_the_canvas_says_so_not_that_nothing_is_open(qtbot, tmp_path):
    s = Setup(qtbot)
    s.c.jobs = MagicMock()  # the load has not finished yet
    s.c.open_path(DEMO)
    assert s.views.canvas.empty_text.startswith(f"Opening {DEMO}")
    s.views.progress.show.assert_called()
    (_kind, job, done, _failed), _ = s.c.jobs.submit.call_args
    done(job(type("Ctx", (), {"progress": lambda *a: None, "cancelled": lambda *a: False})()))
    assert s.views.canvas.empty_text == EMPTY_TEXT


def test_a_long_map_shows_its_progress_and_a_stop_button_that_stops_it(qtbot):
    s = Setup(qtbot)
    s.views.stop.isVisible.return_value = True
    s.jobs.progress.emit("heatmap", 3, 9)  # an archive's map: 3 of its 9 tasks done
    s.views.progress.setValue.assert_called_with(3)
    s.views.stop.setVisible.assert_called_with(True)
    messages = []
    s.c.status.connect(lambda text, _ms: messages.append(text))
    s.c.stop_map()
    assert "heatmap" in s.jobs.dropped  # its tasks not yet run are not run
    s.views.stop.hide.assert_called()
    s.views.progress.hide.assert_called()
    assert messages and messages[-1].startswith("Stopped")
    s.jobs.progress.emit("heatmap", 9, 9)
    s.views.stop.setVisible.assert_called_with(False)
