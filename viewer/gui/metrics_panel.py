"""The metrics panel: the segment's numbers, each region's CTR, the selected session, a trend."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.analysis.definitions import definition, metric_definitions, region_definitions
from viewer.analysis.report import TREND_MEASURES
from viewer.analysis.segment_numbers import SegmentNumbers
from viewer.gui.plain import plain_label, plain_tooltip
from viewer.gui.trend_chart import TrendChart


class WrappingTable(QTableWidget):
    """A read-only table whose cells wrap their words instead of cutting them: names and
    values are shown whole at any dock width, rows growing as tall as they need."""

    def __init__(self, columns: list[str], narrow: tuple[int, ...] = ()) -> None:
        super().__init__(0, len(columns))
        self.setHorizontalHeaderLabels(columns)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(36)
        for c in range(len(columns)):
            mode = (
                QHeaderView.ResizeMode.ResizeToContents
                if c in narrow
                else QHeaderView.ResizeMode.Stretch
            )
            header.setSectionResizeMode(c, mode)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 60)

    def fit_height(self) -> None:
        """As tall as its rows: the panel scrolls as a whole, the table never on its own."""
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(self.horizontalHeader().height() + rows + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # rewrapped: rows changed height
            self.fit_height()


def _table(columns: list[str], first_px: int = 0, narrow: tuple[int, ...] = ()) -> QTableWidget:
    return WrappingTable(columns, narrow)


class MetricsPanel(QWidget):
    """Tables of the active segment's metrics and region CTRs, and a trend chart.

    Signals
    -------
    trend_wanted()
        The trend's measure or period changed.
    """

    trend_wanted = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = plain_label("")
        self.title.setWordWrap(True)
        self.title.setObjectName("title")
        self.metrics = _table(["Metric", "Value [95 % interval]"], 150)
        self.regions = _table(["Region", "Seen", "Clicked", "CTR (95 %)"], 110, (1, 2))
        region_words = region_definitions()
        for c, name in enumerate(("Region", "Seen", "Clicked", "CTR (95 %)")):
            words = region_words.get(name.split(" ")[0], "")
            if words:
                self.regions.horizontalHeaderItem(c).setToolTip(plain_tooltip(words))
        self.definitions = plain_label(
            "\n".join(
                f"{name[0].upper()}{name[1:]}: {words}"
                for name, words in (*metric_definitions().items(), *region_words.items())
            )
        )
        self.definitions.setObjectName("muted")
        self.definitions.setWordWrap(True)
        self.definitions.hide()
        self.explain = QToolButton()
        self.explain.setText("What these numbers mean")
        self.explain.setCheckable(True)
        self.explain.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.explain.setArrowType(Qt.ArrowType.RightArrow)
        self.explain.setAutoRaise(True)
        self.explain.toggled.connect(self._explain)
        self.session = _table(["Selected session", ""], 150)
        self.trend_measure = QComboBox()
        for name in TREND_MEASURES:
            self.trend_measure.addItem(name, name)
        self.trend_measure.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.trend_measure.setMinimumContentsLength(10)
        self.trend_unit = QComboBox()
        for unit in ("month", "week", "day"):
            self.trend_unit.addItem(f"per {unit}", unit)
        self.chart = TrendChart()
        trend_row = QHBoxLayout()
        trend_row.addWidget(plain_label("Trend"))
        trend_row.addWidget(self.trend_measure, 1)
        trend_row.addWidget(self.trend_unit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.metrics)
        layout.addWidget(self.explain)
        layout.addWidget(self.definitions)
        layout.addWidget(self.regions)
        layout.addWidget(self.session)
        layout.addLayout(trend_row)
        layout.addWidget(self.chart)
        layout.addStretch(1)
        self.trend_measure.currentIndexChanged.connect(lambda *_: self.trend_wanted.emit())
        self.trend_unit.currentIndexChanged.connect(lambda *_: self.trend_wanted.emit())

    def _explain(self, on: bool) -> None:
        self.definitions.setVisible(on)
        self.explain.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def set_region_names(self, names: list[str]) -> None:
        current = self.trend_measure.currentData()
        self.trend_measure.blockSignals(True)
        self.trend_measure.clear()
        for name in (*TREND_MEASURES, *(f"CTR: {n}" for n in names)):
            self.trend_measure.addItem(name, name)
        i = self.trend_measure.findData(current)
        self.trend_measure.setCurrentIndex(max(0, i))
        self.trend_measure.blockSignals(False)

    def trend_choice(self) -> tuple[str, str]:
        """The measure to follow over time, and the period (day, week or month)."""
        return self.trend_measure.currentData(), self.trend_unit.currentData()

    def show_numbers(self, segment: str, view: SegmentNumbers) -> None:
        """Show the numbers of the segment described by ``segment``."""
        self.title.setText(f"Segment: {segment}")
        rows = view.aggregate.rows()
        self._fill(self.metrics, rows)
        for r, (name, _) in enumerate(rows):  # the definition where the name is
            words = definition(name)
            if words:
                self.metrics.item(r, 0).setToolTip(plain_tooltip(f"{name}: {words}"))
        region_rows = [
            (r.region.name, f"{r.impressions:,}", f"{r.clickers:,}", r.ctr.text())
            for r in view.regions
        ]
        if not region_rows:
            region_rows = [("(none: draw one with Regions > Draw Region)", "", "", "")]
        self._fill(self.regions, region_rows)
        if view.session is None:
            self._fill(self.session, [("(select one session in the list)", "")])
        else:
            s = view.session
            self._fill(
                self.session,
                [
                    ("session", s["session"]),
                    ("duration", f"{s['duration_s']:.1f} s (active {s['active_s']:.1f} s)"),
                    ("clicks / taps", f"{s['clicks']} / {s['taps']}"),
                    (
                        "first interaction",
                        "-"
                        if s["first_interaction_s"] is None
                        else f"{s['first_interaction_s']:.1f} s",
                    ),
                    (
                        "deepest scroll",
                        f"{s['deepest_px']:,.0f} px ({s['deepest_share']:.0%})"
                        if s["deepest_px"] is not None
                        else "not measurable (no window size recorded)",
                    ),
                    ("dwell", f"{s['dwell_s']:.1f} s"),
                    ("pointer path", f"{s['path_px']:,.0f} px"),
                    ("rage-click bursts", str(s["rage_bursts"])),
                    ("bounced", "yes" if s["bounce"] else "no"),
                ],
            )
        percent = not view.trend_name.endswith("(s)")
        self.chart.set_points(
            view.trend, percent, f"{view.trend_name} against the previous 6 months"
        )

    def show_computing(self, segment: str) -> None:
        """The numbers of ``segment`` are being computed (an archive's read every event:
        seconds to minutes): say so rather than show another segment's."""
        self.title.setText(f"Computing the numbers of {segment}…")
        for table in (self.metrics, self.regions, self.session):
            table.setRowCount(0)
            table.fit_height()
        self.chart.set_points([], True, "")

    def clear(self) -> None:
        """No page open: no numbers."""
        self.title.setText("No recordings open")
        self.set_region_names([])
        for table in (self.metrics, self.regions, self.session):
            table.setRowCount(0)
            table.fit_height()
        self.chart.set_points([], True, "")

    @staticmethod
    def _fill(table: WrappingTable, rows) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(str(value))
                item.setToolTip(plain_tooltip(str(value)))
                if c > 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
        table.fit_height()
