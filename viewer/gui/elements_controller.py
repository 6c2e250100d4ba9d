"""Keeps the Elements view in step with the page and segment, and outlines the chosen element.

The numbers are a core call (:func:`~viewer.analysis.element_report.elements_report`) run as
an ``"elements"`` job over the segment's sessions; a newer segment drops an older result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from viewer.analysis.element_report import ElementsReport, elements_report
from viewer.analysis.elements import ClickRules, ElementStats
from viewer.gui.canvas import PageCanvas
from viewer.gui.elements_panel import ElementsPanel
from viewer.gui.session_browser import SessionBrowser
from viewer.gui.workers import Debouncer, Jobs
from viewer.state.view_state import ViewState
from viewer.workspace.pages import PageData

OUTLINE = QColor(79, 70, 229)


@dataclass(frozen=True)
class ComputedElements:
    page_id: str
    segment: str
    report: ElementsReport


class ElementOutline(QGraphicsRectItem):
    """The chosen element's box on the page: a line that stays two screen pixels wide at
    any zoom, over the map and the regions."""

    def __init__(self) -> None:
        super().__init__()
        pen = QPen(OUTLINE, 2.5)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(QColor(79, 70, 229, 40)))
        self.setZValue(27)
        self.hide()


class ElementsController(QObject):
    """Feeds the Elements view.

    Signals
    -------
    shown(report), status(text, msecs)
        A new report is on screen; a message for the status bar.
    """

    shown = Signal(object)
    status = Signal(str, int)

    def __init__(
        self,
        state: ViewState,
        canvas: PageCanvas,
        browser: SessionBrowser,
        jobs: Jobs,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.state, self.canvas, self.browser, self.jobs = state, canvas, browser, jobs
        self.panel = ElementsPanel()
        self.outline = ElementOutline()
        canvas.scene().addItem(self.outline)
        self.data: PageData | None = None
        self._dead_ms = state.heatmap.dead_ms
        self._stale = False  # the segment changed while the view was hidden
        # Whether the view is in front: a dock behind another tab still says it is visible.
        self._front = False
        self._debouncer = Debouncer(self.refresh, 120, self)
        browser.filter_changed.connect(self._debouncer.trigger)
        state.changed.connect(self._on_state)
        self.panel.element_chosen.connect(self.outline_element)

    def set_page(self, data: PageData | None) -> None:
        """Count ``data``'s clicks per element (None: nothing open)."""
        self._debouncer.cancel()
        self.jobs.drop("elements")
        self.data = data
        self.outline.hide()
        if data is None:
            self.panel.clear()
        elif data.numbers_after_map:
            self.panel.show_unavailable(
                "Clicks per element are not counted on archives yet (they keep each click's "
                "element: replays name them): open the recordings' folder "
                "to count clicks per element."
            )
        else:
            self.refresh()

    def _on_state(self, changed) -> None:
        if self.state.heatmap.dead_ms != self._dead_ms:  # the dead-click time was edited
            self._dead_ms = self.state.heatmap.dead_ms
            self._debouncer.trigger()

    def shown_changed(self, visible: bool) -> None:
        """The view came to the front (or went): counted only while someone looks at it."""
        self._front = visible
        if visible and self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Recount the segment's clicks per element (in the background)."""
        self._debouncer.cancel()
        data = self.data
        if data is None or data.numbers_after_map:
            return
        if not self._front:  # behind another tab: counted when it is shown
            self._stale = True
            return
        self._stale = False
        indices = np.flatnonzero(np.asarray(self.browser.model.mask, dtype=bool))
        words = self.browser.filter_words()
        segment = ", ".join(words) if words else "all sessions of the page"
        rules = ClickRules(dead_ms=self.state.heatmap.dead_ms)
        self.panel.show_computing(segment)

        def job(ctx):
            table = data.table_of(indices)
            return ComputedElements(data.page.id, segment, elements_report(data.page, table, rules))

        self.jobs.submit("elements", job, self._on_report, self._on_failed)

    def _on_report(self, result: ComputedElements | None) -> None:
        if result is None or self.data is None or result.page_id != self.data.page.id:
            return  # another page's numbers: dropped
        self.panel.show_report(result.segment, result.report)
        self.shown.emit(result.report)

    def _on_failed(self, error) -> None:
        self.panel.show_unavailable(f"Could not count the clicks per element: {error.message}")

    def outline_element(self, element: ElementStats | None) -> None:
        """Outline ``element`` on the page and bring it into view (None: no outline)."""
        if element is None:
            self.outline.hide()
            return
        if element.box is None:
            self.outline.hide()
            self.status.emit(
                f"{element.selector}: its place on this page's screenshot is not known "
                "(the page was not laid out at the screenshot's width)",
                8000,
            )
            return
        x, y, w, h = element.box
        rect = QRectF(x, y, max(w, 1.0), max(h, 1.0))
        self.outline.setRect(rect)
        self.outline.show()
        self.canvas.ensureVisible(rect, 60, 60)
        self.status.emit(f"{element.selector}: {element.clicks:,} clicks", 5000)
