"""The Elements view: clicks per page element, sortable, and the segment's dead and error clicks.

One row per element the recordings name (rrweb through its snapshot, the bundled recorder):
clicks, sessions that clicked, impressions, CTR, dead and error clicks. Selecting a row asks
for the element to be outlined on the page. Every text here comes from recordings (selectors,
button texts), so it is shown as plain text only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.analysis.element_report import ElementsReport
from viewer.analysis.elements import ElementStats
from viewer.gui.plain import plain_label, plain_tooltip

#: The table's columns: heading, and what it means (its tooltip).
COLUMNS = (
    (
        "Element",
        "The element's text (when the recording has it) and its selector: its id, else a "
        "short path of tags and classes",
    ),
    ("Clicks", "Clicks and taps on it"),
    ("Sess.", "Sessions that clicked it at least once"),
    ("Seen", "Sessions whose viewport showed at least half of it for a while, in their layout"),
    ("CTR", "Sessions that clicked it / sessions that saw it"),
    ("Dead", "Its clicks after which nothing happened on the page"),
    ("Err.", "Its clicks the console answered with an error"),
)


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class _Cell(QTableWidgetItem):
    """A cell that sorts by a number (its ``key``), not by the text it shows."""

    def __init__(self, text: str, key: float | str) -> None:
        super().__init__(text)
        self.key = key
        self.setToolTip(plain_tooltip(text))

    def __lt__(self, other) -> bool:
        if isinstance(other, _Cell) and type(self.key) is type(other.key):
            return self.key < other.key
        return super().__lt__(other)


def element_cells(e: ElementStats) -> list[tuple[str, float | str]]:
    """The row of one element: (text shown, sort key) per column."""
    ctr = e.ctr.value if e.impressions else -1.0
    # The text first (what a person calls the button), the selector under it.
    name = f"{e.text}\n{e.selector}" if e.text else e.selector
    return [
        (name, e.selector),
        (f"{e.clicks:,}", e.clicks),
        (f"{e.clickers:,}", e.clickers),
        (f"{e.impressions:,}", e.impressions),
        (f"{e.ctr.value:.0%}" if e.impressions else "-", ctr),
        (f"{e.dead:,}" if e.dead_known else "n/a", e.dead if e.dead_known else -1),
        (f"{e.errors:,}" if e.errors_known else "n/a", e.errors if e.errors_known else -1),
    ]


class ElementsPanel(QWidget):
    """The segment's clicks by element.

    Signals
    -------
    element_chosen(stats)
        A row was selected (an :class:`ElementStats`), or None when none is.
    """

    element_chosen = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = plain_label("No recordings open")
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([name for name, _ in COLUMNS])
        for c, (_, words) in enumerate(COLUMNS):
            self.table.horizontalHeaderItem(c).setToolTip(plain_tooltip(words))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(COLUMNS)):  # as narrow as their numbers: the element gets the rest
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(30)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # most clicked first
        self.table.setSortingEnabled(True)
        self.note = plain_label("")
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.elements: list[ElementStats] = []
        self.table.itemSelectionChanged.connect(self._on_selection)

    # -- what is shown --------------------------------------------------------------------------
    def show_report(self, segment: str, report: ElementsReport) -> None:
        """Show ``report``, the elements of the sessions ``segment`` describes."""
        chosen = self.chosen()
        self.title.setText(f"Segment: {segment}")
        s = report.summary
        self.summary.setText("\n".join(s.lines()) if s.clicks else "No clicks or taps.")
        self.elements = list(report.elements)
        self.table.setSortingEnabled(False)  # fill first, sort once
        self.table.setRowCount(len(self.elements))
        for r, e in enumerate(self.elements):
            for c, (text, key) in enumerate(element_cells(e)):
                cell = _Cell(text, key)
                cell.setData(Qt.ItemDataRole.UserRole, r)
                if c >= 1:
                    cell.setTextAlignment(RIGHT)
                self.table.setItem(r, c, cell)
        self.table.setSortingEnabled(True)
        self._fit_numbers()
        self.table.setVisible(bool(self.elements))
        if not self.elements:
            self.note.setText(
                "These recordings do not name the elements clicked (CSV logs do not; rrweb and "
                "the bundled recorder do). Regions measure any area of the page instead."
            )
        else:
            unknown = max(e.layout_unknown for e in self.elements)
            self.note.setText(
                "Select a row to outline the element on the page. Seen and CTR are measured "
                "in each visitor's own layout"
                + (
                    f"; {unknown:,} sessions whose layout does not place an element are left "
                    "out of them."
                    if unknown
                    else "."
                )
            )
        if chosen is not None:
            self.select(chosen.selector)

    def _fit_numbers(self) -> None:
        """Each number column as wide as its widest entry or heading (and the sort arrow)."""
        fm = self.table.fontMetrics()
        for c in range(1, len(COLUMNS)):
            texts = [COLUMNS[c][0]] + [
                self.table.item(r, c).text() for r in range(self.table.rowCount())
            ]
            width = max(fm.horizontalAdvance(t) for t in texts) + 22
            self.table.horizontalHeader().resizeSection(c, width)

    def show_computing(self, segment: str) -> None:
        self.title.setText(f"Counting the clicks per element of {segment}…")

    def show_unavailable(self, why: str) -> None:
        """Elements cannot be counted here (an archive): say why, show no other numbers."""
        self.title.setText("Elements")
        self.summary.setText(why)
        self._empty()

    def clear(self) -> None:
        self.title.setText("No recordings open")
        self.summary.setText("")
        self._empty()

    def _empty(self) -> None:
        self.elements = []
        self.table.setRowCount(0)
        self.table.hide()
        self.note.setText("")
        self.element_chosen.emit(None)

    # -- selection ----------------------------------------------------------------------------
    def chosen(self) -> ElementStats | None:
        """The element of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return self.elements[item.data(Qt.ItemDataRole.UserRole)] if item else None

    def select(self, selector: str) -> bool:
        """Select the row of ``selector`` (whatever the sort order)."""
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if (
                item is not None
                and self.elements[item.data(Qt.ItemDataRole.UserRole)].selector == selector
            ):
                self.table.selectRow(r)
                return True
        return False

    def _on_selection(self) -> None:
        self.element_chosen.emit(self.chosen())
