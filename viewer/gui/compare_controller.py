"""Opens the compare view on the page shown, within the active segment, and lets it go when
the page does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from viewer.gui.compare_view import CompareView
from viewer.gui.metrics_controller import MetricsController
from viewer.gui.page_controller import PageController
from viewer.gui.session_browser import SessionBrowser
from viewer.state.view_state import ViewState


class CompareController(QObject):
    """Owns the compare view (made on first use)."""

    def __init__(
        self,
        state: ViewState,
        pages: PageController,
        browser: SessionBrowser,
        metrics: MetricsController,
        make_view: Callable[[], CompareView],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state, self.pages, self.browser, self.metrics = state, pages, browser, metrics
        self.make_view = make_view
        self.view: CompareView | None = None
        pages.page_changed.connect(self._on_page)

    def open(self, parent: QWidget | None = None) -> bool:
        """Show the compare view on the current page; False when no page is open."""
        data = self.pages.current
        if data is None:
            return False
        if self.view is None:
            self.view = self.make_view()
        self.view.set_page(
            data,
            self.browser.model.mask,
            self.browser.filter_words(),
            self.state.heatmap,
            self.metrics.per_region_for(data),
        )
        self.view.show()
        self.view.raise_()
        self.view.run()  # opened with its maps, not empty until Compare is pressed
        return True

    def _on_page(self, data) -> None:
        if data is None and self.view is not None:
            self.view.clear()
