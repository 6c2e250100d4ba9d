"""Pieces of the window's frame: the page area (canvas over the replay bar), docks, and the
status line (opening progress, the map under the pointer, the zoom)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QProgressBar,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from viewer.gui.plain import plain_label


def page_area(*widgets: QWidget) -> QWidget:
    """The central widget: ``widgets`` stacked, the first taking the spare height."""
    area = QWidget()
    layout = QVBoxLayout(area)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for i, w in enumerate(widgets):
        layout.addWidget(w, 1 if i == 0 else 0)
    return area


def add_dock(window: QMainWindow, title: str, widget: QWidget, area) -> QDockWidget:
    """A movable, closable dock of ``widget`` (named ``title``, so its place is remembered)."""
    dock = QDockWidget(title, window)
    dock.setObjectName(title)
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
        self.pointer = plain_label("")
        self.zoom = plain_label("100 %")
        for w in (self.progress, self.pointer, self.zoom):
            bar.addPermanentWidget(w)

    def show_zoom(self, zoom: float) -> None:
        self.zoom.setText(f"{zoom * 100:.0f} %")
