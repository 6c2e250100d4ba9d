"""The event list beside the replay: time, what, where (and the element when the recording
names it). Clicking a row seeks there; the row in force follows the playhead."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.gui.plain import plain_label
from viewer.render.replay_style import MARKER_COLOURS
from viewer.replay.event_list import KIND_NAMES, EventRows
from viewer.textformat import clock

COLUMNS = ("Time", "Event", "Where", "Element")


class EventModel(QAbstractTableModel):
    """A virtual table over :class:`EventRows` (columns, never a Python object per row)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: EventRows | None = None

    def set_rows(self, rows: EventRows | None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if self.rows is None or parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        rows, i, c = self.rows, index.row(), index.column()
        if rows is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return clock(rows.t[i])
            if c == 1:
                return KIND_NAMES[rows.kind[i]]
            if c == 2:
                return rows.where(i)
            return rows.element[i]
        if role == Qt.ItemDataRole.ToolTipRole and c == 1:
            return None  # the details column says it; tooltips of recording text stay off
        if role == Qt.ItemDataRole.ForegroundRole and c == 1:
            rgb = MARKER_COLOURS.get(rows.kind[i])
            return QColor(*rgb) if rgb else None
        return None


class EventList(QWidget):
    """The list and a line saying what the current row is.

    Signals
    -------
    seek_requested(ms)
        The user picked a row.
    crowd_picked(i)
        Many sessions replaying: the user picked session ``i`` of the key (-1: none).
    """

    seek_requested = Signal(float)
    crowd_picked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = EventModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for c, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents,) * 3 + (QHeaderView.ResizeMode.Stretch,)
        ):
            header.setSectionResizeMode(c, mode)
        self.detail = plain_label("")
        self.detail.setObjectName("muted")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        # Many sessions at once: which colour is which session, instead of one's events.
        self.crowd = QListWidget()
        self.crowd.hide()
        self.crowd.currentRowChanged.connect(self.crowd_picked)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.crowd, 1)
        layout.addWidget(self.detail)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)
        self.current = -1

    def set_crowd(self, entries: list[tuple[str, tuple[int, int, int]]]) -> None:
        """Key the sessions replaying together: each one's words and cursor colour."""
        self.set_rows(None)
        self.crowd.blockSignals(True)
        self.crowd.clear()
        for text, rgb in entries:
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(*rgb))
            self.crowd.addItem(QListWidgetItem(QIcon(swatch), text))
        self.crowd.blockSignals(False)
        self.table.hide()
        self.crowd.show()
        self.detail.setText(
            f"{len(entries):,} sessions, one cursor each in its colour; pick one to draw it on top"
        )

    def set_rows(self, rows: EventRows | None) -> None:
        """List ``rows`` (None: nothing replayed)."""
        self.crowd.hide()
        self.crowd.clear()
        self.table.show()
        self.model.set_rows(rows)
        # The element column only where the recording names elements (not an empty column).
        self.table.setColumnHidden(3, rows is None or not any(rows.element))
        self.current = -1
        self.detail.setText("" if rows is None else f"{len(rows):,} events")

    def follow(self, position_ms: float) -> None:
        """Mark the row in force at ``position_ms`` and keep it in view."""
        rows = self.model.rows
        if rows is None:
            return
        i = rows.row_at(position_ms)
        if i == self.current:
            return
        self.current = i
        if i < 0:
            self.table.clearSelection()
            self.detail.setText(f"{len(rows):,} events")
            return
        index = self.model.index(i, 0)
        self.table.selectionModel().select(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        self.detail.setText(f"{clock(rows.t[i])}  {rows.detail[i]}")

    def _on_clicked(self, index: QModelIndex) -> None:
        rows = self.model.rows
        if rows is not None and index.isValid():
            self.seek_requested.emit(float(rows.t[index.row()]))
