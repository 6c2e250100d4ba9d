"""The session browser: a sortable, filterable table of one page's sessions.

Sorting and filtering are done with numpy over precomputed columns (not row by row through a
proxy model), so a page with 10,000 sessions sorts and filters without a pause.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.analysis.overview import SessionLabels, SessionOverview
from viewer.analysis.segments import FilterError, Segment, SegmentColumns
from viewer.gui.plain import ElidedLabel, plain_label, plain_tooltip
from viewer.recording.model import DEVICES, Session
from viewer.textformat import clock, count

COLUMNS = (
    "Session",
    "Device",
    "Variant",
    "Start",
    "Duration",
    "Clicks",
    "Scrolled",
    "Events",
    "Tags",
)
START_COLUMN = 3
MORE_HELP = (
    "Filters, separated by spaces: width=MIN..MAX (viewport px), duration=MIN..MAX (s), "
    "rage=yes|no, date=YYYY-MM-DD..YYYY-MM-DD, device=..., or any tag=value"
)
ANY = "Any"


class SessionTableModel(QAbstractTableModel):
    """Rows are the sessions that pass the filter, in the current sort order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sessions: tuple[Session, ...] = ()
        self.overview: SessionOverview | None = None
        self._order = np.zeros(0, dtype=np.intp)  # visible rows -> session index
        self._sort = (START_COLUMN, Qt.SortOrder.AscendingOrder)
        self._mask = np.zeros(0, dtype=bool)
        self.labels: SessionLabels | None = None

    def set_sessions(
        self, sessions: Sequence[Session], overview: SessionOverview, labels: SessionLabels
    ) -> None:
        self.beginResetModel()
        # A list is copied; an archive's rows (a sequence that makes a row's session when
        # asked) are kept as they are: a million rows never become a million objects.
        self.sessions = tuple(sessions) if isinstance(sessions, list) else sessions
        self.overview = overview
        self.labels = labels
        self._mask = np.ones(len(self.sessions), dtype=bool)
        self._order = self._sorted(np.arange(len(self.sessions)))
        self.endResetModel()

    def clear(self) -> None:
        """No sessions (nothing open); the sessions of before are let go."""
        self.beginResetModel()
        self.sessions, self.overview, self.labels = (), None, None
        self._mask = np.zeros(0, dtype=bool)
        self._order = np.zeros(0, dtype=np.intp)
        self.endResetModel()

    # -- filtering and sorting ---------------------------------------------------------------
    def set_filter(self, mask: np.ndarray) -> None:
        self.beginResetModel()
        self._mask = mask
        self._order = self._sorted(np.flatnonzero(mask))
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order = self._sorted(self._order)
        self.layoutChanged.emit()

    def _key(self, column: int) -> np.ndarray:
        ov, lb = self.overview, self.labels
        if ov is None or lb is None:
            return np.zeros(len(self.sessions))
        by_column = {
            0: lb.ids,
            1: lb.devices,
            2: lb.variants,
            3: ov.start,
            4: ov.duration_s,
            5: ov.clicks,
            6: ov.deepest_share,
            7: ov.events,
            8: lb.tags_text,
        }
        return by_column[column]

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return rows.astype(np.intp)
        column, order = self._sort
        key = self._key(column)[rows]
        idx = np.argsort(key, kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            idx = idx[::-1]
        return rows[idx]

    # -- access ------------------------------------------------------------------------------
    def session_at(self, row: int) -> Session:
        return self.sessions[int(self._order[row])]

    @property
    def mask(self) -> np.ndarray:
        """Which sessions pass the filter, in page order."""
        return self._mask

    def visible_sessions(self) -> list[Session]:
        """The filtered sessions (in page order, not table order)."""
        return [self.sessions[i] for i in np.flatnonzero(self._mask)]

    def row_of(self, session_id: str) -> int | None:
        if self.labels is None:
            return None
        # By the ids column: a million rows are searched without making one session object.
        rows = np.flatnonzero(self.labels.ids[self._order] == session_id)
        return int(rows[0]) if len(rows) else None

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i = int(self._order[index.row()])
        s = self.sessions[i]
        col = index.column()
        ov = self.overview
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return s.id
            if col == 1:
                return s.device
            if col == 2:
                return s.variant or ""
            if col == 3:
                return s.start.strftime("%Y-%m-%d %H:%M")
            if col == 8:
                return str(self.labels.tags_text[i]) if self.labels is not None else ""
            if ov is None:
                return None
            if col == 4:
                return clock(float(ov.duration_s[i]) * 1000)
            if col == 5:
                return f"{int(ov.clicks[i]):,}"
            if col == 6:
                share = ov.deepest_share[i]
                return f"{share:.0%}" if share == share else "n/a"  # no window size recorded
            if col == 7:
                return f"{int(ov.events[i]):,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and 4 <= col <= 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 6 and ov is not None:
            px = ov.deepest_px[i]
            if px != px:
                return "not measurable: the recording has no window size"
            return f"deepest row seen: {px:,.0f} px"
        return None


class SessionBrowser(QWidget):
    """The table with its filter bar.

    Signals
    -------
    filter_changed()
        The set of filtered sessions changed.
    selection_changed()
        The selected sessions changed.
    session_activated(session)
        A session was double-clicked (to replay it).
    """

    filter_changed = Signal()
    selection_changed = Signal()
    session_activated = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = SessionTableModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search id or tags")
        self.search.setClearButtonEnabled(True)
        self.device = QComboBox()
        self.device.addItems([ANY, *DEVICES])
        self.device.setToolTip("Device")
        self.tag = QComboBox()
        self.tag.setToolTip("Tag")
        self.tag.addItem(ANY)
        self.more = QLineEdit()
        self.more.setPlaceholderText(
            "More filters: width=360..800 duration=10.. rage=yes date=2026-08-01.."
        )
        self.more.setClearButtonEnabled(True)
        self.more.setToolTip(MORE_HELP)
        # Sessions picked from the map ("clicked Hero CTA"): part of the segment until cleared.
        self.pick: tuple[frozenset[str], str] | None = None
        self.pick_label = ElidedLabel("")
        self.pick_label.setObjectName("legend-note")
        self.pick_clear = QPushButton("Clear")
        self.pick_clear.setToolTip("Keep all the sessions the filters keep again")
        self.pick_clear.clicked.connect(self.clear_pick)
        self.pick_bar = QWidget()
        pick_row = QHBoxLayout(self.pick_bar)
        pick_row.setContentsMargins(0, 0, 0, 0)
        pick_row.addWidget(self.pick_label, 1)
        pick_row.addWidget(self.pick_clear)
        self.pick_bar.hide()
        self.columns: SegmentColumns | None = None
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(START_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        for col, width in enumerate((62, 60, 50, 122, 58, 46, 60, 52, 120)):
            self.table.setColumnWidth(col, width)
        self.count = plain_label()
        self.count.setObjectName("muted")
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.device, 1)
        filters.addWidget(self.tag, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.more)
        layout.addWidget(self.pick_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._apply_filter)
        self.device.currentIndexChanged.connect(self._apply_filter)
        self.tag.currentIndexChanged.connect(self._apply_filter)
        self.more.textChanged.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(
            lambda index: self.session_activated.emit(self.model.session_at(index.row()))
        )

    def set_sessions(
        self,
        sessions: Sequence[Session],
        overview: SessionOverview,
        labels: SessionLabels,
        columns: SegmentColumns,
    ) -> None:
        self.columns = columns
        self._set_tags(
            sorted(f"{k}={v}" for k, column in labels.tags.items() for v in np.unique(column) if v)
        )
        self.pick = None  # a pick belongs to the page it was made on
        self.pick_bar.hide()
        self.model.set_sessions(sessions, overview, labels)
        self._apply_filter()

    def clear(self) -> None:
        """Show no sessions (nothing open)."""
        self.columns = None
        self._set_tags([])
        self.model.clear()
        self.count.setText("No recordings open")

    def _set_tags(self, tags: list[str]) -> None:
        """The tag filter's choices, set without filtering on the way."""
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItems([ANY, *tags])
        self.tag.blockSignals(False)

    def segment(self) -> Segment:
        """The active segment: device, tag and the extra filters (not the text search).

        Extra filters that cannot be read are left out (and the box says why).
        """
        words = []
        if self.device.currentText() != ANY:
            words.append(f"device={self.device.currentText()}")
        if self.tag.currentText() != ANY:
            words.append(self.tag.currentText())
        try:
            extra = Segment.parse_text(self.more.text())
        except FilterError:
            return Segment.parse(words)
        return Segment.parse([*words, *extra.words])

    def require(self, key: str, value: str) -> None:
        """Keep only sessions with ``key=value`` (replacing any other filter on ``key`` in the
        extra filters, and the tag menu's choice when it is one of ``key``)."""
        if self.tag.currentText().startswith(f"{key}="):
            self.tag.setCurrentIndex(0)
        try:
            words = [
                w for w in Segment.parse_text(self.more.text()).words if not w.startswith(f"{key}=")
            ]
        except FilterError:
            words = []
        self.more.setText(", ".join([*words, f"{key}={value}"]))

    def restrict(self, ids, words: str) -> None:
        """Keep only the sessions ``ids`` besides what the filters keep, described by
        ``words`` (a pick from the map: "clicked Hero CTA")."""
        self.pick = (frozenset(ids), words)
        n = count(len(self.pick[0]), "session")
        self.pick_label.setText(f"Only sessions that {words} ({n})")
        self.pick_bar.show()
        self._apply_filter()

    def clear_pick(self) -> None:
        if self.pick is not None:
            self.pick = None
            self.pick_bar.hide()
            self._apply_filter()

    def filter_words(self) -> list[str]:
        words = self.segment().describe()
        if self.pick is not None:
            words.append(self.pick[1])
        if self.search.text().strip():
            words.append(f"search '{self.search.text().strip()}'")
        return words

    def _apply_filter(self) -> None:
        labels = self.model.labels
        if labels is None or self.columns is None:
            return
        try:
            Segment.parse_text(self.more.text())
            self.more.setStyleSheet("")
            self.more.setToolTip(MORE_HELP)
        except FilterError as e:
            self.more.setStyleSheet("QLineEdit { border: 1px solid #dc2626; }")
            self.more.setToolTip(plain_tooltip(str(e)))
        mask = self.segment().mask(self.columns) & labels.search(self.search.text().strip())
        if self.pick is not None:
            mask &= np.isin(labels.ids, np.array(sorted(self.pick[0]), dtype=str))
        self.model.set_filter(mask)
        shown, total = int(mask.sum()), len(mask)
        self.count.setText(
            f"{shown:,} of {count(total, 'session')}" if shown != total else count(total, "session")
        )
        self.filter_changed.emit()

    def _on_selection(self, *_) -> None:
        self.selection_changed.emit()

    def selected_sessions(self) -> list[Session]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.session_at(r) for r in rows]

    def filtered_sessions(self) -> list[Session]:
        return self.model.visible_sessions()

    def select_ids(self, ids: Sequence[str]) -> None:
        sm = self.table.selectionModel()
        sm.clearSelection()
        for sid in ids:
            row = self.model.row_of(sid)
            if row is not None:
                sm.select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
