"""Pieces of the window's frame: the page area (canvas over the replay bar), docks, and the
status line (opening progress, the map under the pointer, the zoom)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.gui.plain import plain_label

LEFT, RIGHT, BOTTOM = (
    Qt.DockWidgetArea.LeftDockWidgetArea,
    Qt.DockWidgetArea.RightDockWidgetArea,
    Qt.DockWidgetArea.BottomDockWidgetArea,
)


def page_area(*widgets: QWidget) -> QWidget:
    """The central widget: ``widgets`` stacked, the first taking the spare height."""
    area = QWidget()
    layout = QVBoxLayout(area)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for i, w in enumerate(widgets):
        layout.addWidget(w, 1 if i == 0 else 0)
    return area


def add_dock(
    window: QMainWindow, title: str, widget: QWidget, area, scroll: bool = False
) -> QDockWidget:
    """A movable, closable dock of ``widget`` (named ``title``, so its place is remembered);
    with ``scroll`` the widget keeps its natural height and the dock scrolls."""
    dock = QDockWidget(title, window)
    dock.setObjectName(title)
    if scroll:
        area_ = QScrollArea()
        area_.setWidgetResizable(True)
        area_.setFrameShape(QFrame.Shape.NoFrame)
        area_.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area_.setWidget(widget)
        widget = area_
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(area, dock)
    return dock


class StatusLine:
    """The status bar's permanent part: a progress bar (hidden until opening), the words for
    the map under the pointer, the zoom."""

    def __init__(self, bar: QStatusBar) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        # Stops the map being computed (an archive's maps take seconds; the last map stays).
        self.stop = QToolButton()
        self.stop.setText("Stop")
        self.stop.setToolTip("Stop computing this map (the map shown stays)")
        self.stop.hide()
        self.pointer = plain_label("")
        self.zoom = plain_label("100 %")
        for w in (self.progress, self.stop, self.pointer, self.zoom):
            bar.addPermanentWidget(w)

    def show_zoom(self, zoom: float) -> None:
        self.zoom.setText(f"{zoom * 100:.0f} %")


def first_geometry(screens: list[QRect]) -> QRect:
    """Where the window opens the first time: a laptop's screen whole, nine tenths of a large
    one, centred (not a fixed 1440 x 900 that leaves a 1920 px screen half empty)."""
    if not screens:
        return QRect(0, 0, 1440, 900)
    avail = screens[0]
    scale = 1.0 if avail.width() <= 1440 else 0.9
    w, h = round(avail.width() * scale), round(avail.height() * scale)
    return QRect(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2, w, h)


def dock_widths(window_width: int) -> tuple[int, int]:
    """The session list's and the settings' widths for a window this wide: at 1024 px the
    page and the replay bar keep about 500 px between them."""
    left = min(470, max(220, round(window_width * 0.22)))
    right = min(400, max(290, round(window_width * 0.25)))
    return left, right


class Docks(dict):
    """The window's docks by name: ``sessions`` on the left; ``heatmap``, ``metrics``,
    ``elements`` and ``events`` as tabs on the right (each needs the full height);
    ``problems`` at the bottom."""

    def __init__(self, window: QMainWindow, sessions, heatmap, metrics, elements, events, problems):
        super().__init__(
            sessions=add_dock(window, "Sessions", sessions, LEFT),
            heatmap=add_dock(window, "Heatmap", heatmap, RIGHT),
            metrics=add_dock(window, "Metrics", metrics, RIGHT, scroll=True),
            elements=add_dock(window, "Elements", elements, RIGHT),
            events=add_dock(window, "Events", events, RIGHT),
            problems=add_dock(window, "Problems", problems, BOTTOM),
        )
        self.window = window
        window.tabifyDockWidget(self["heatmap"], self["metrics"])
        window.tabifyDockWidget(self["metrics"], self["elements"])
        window.tabifyDockWidget(self["elements"], self["events"])
        self["problems"].hide()
        self["events"].hide()  # shown while replaying
        self["heatmap"].raise_()
        self._before_replay: list[int] | None = None

    def fit(self, widths: list[int] | None = None) -> None:
        """Widths for the window's width (a 1024 px screen keeps room for the page and the
        replay bar), or ``widths`` as they were."""
        widths = widths or list(dock_widths(self.window.width()))
        self.window.resizeDocks(
            [self["sessions"], self["heatmap"]], widths, Qt.Orientation.Horizontal
        )

    def widen(self, name: str, width: int) -> None:
        """Give dock ``name`` up to ``width`` px (a wide table), never leaving the page less
        than 500 px."""
        dock = self[name]
        room = self.window.width() - self["sessions"].width() - 500
        target = min(width, max(dock.width(), room))
        if target > dock.width():
            self.window.resizeDocks([dock], [target], Qt.Orientation.Horizontal)

    def crowd(self, window_width: int) -> bool:
        """Whether the docks take more than their share of a window this wide."""
        taken = self["sessions"].width() + self["heatmap"].width()
        return taken > sum(dock_widths(window_width)) + 40

    def replaying(self, on: bool) -> None:
        """While replaying the events come to the front; the widths stay through a replay."""
        if on:
            self._before_replay = [self["sessions"].width(), self["heatmap"].width()]
        self["events"].setVisible(on)
        self["events" if on else "heatmap"].raise_()
        if not on and self._before_replay:
            self.fit(self._before_replay)
