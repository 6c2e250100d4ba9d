"""The toolbar's page menu: one entry per page of the open recordings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox


class PageChooser(QComboBox):
    """Lists pages and says which one the user picked (``chosen``); showing a page in it
    (:meth:`show_page`) is not a pick."""

    chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(220)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.setToolTip("Page (one screenshot per layout)")
        self.currentIndexChanged.connect(self._on_index)
        self._quiet = False

    def set_pages(self, pages: Sequence[tuple[str, str]]) -> None:
        """List ``(page id, label)`` pairs (an empty list: none)."""
        self._quiet = True
        try:
            self.clear()
            for page_id, label in pages:
                self.addItem(label, page_id)
        finally:
            self._quiet = False

    def show_page(self, page_id: str) -> None:
        """Show ``page_id`` as the current entry."""
        self._quiet = True
        try:
            self.setCurrentIndex(self.findData(page_id))
        finally:
            self._quiet = False

    def _on_index(self, index: int) -> None:
        page_id = self.itemData(index)
        if not self._quiet and page_id is not None:
            self.chosen.emit(page_id)
