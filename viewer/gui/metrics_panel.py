"""The metrics panel: the segment's numbers, each region's CTR, the selected session, a trend."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.analysis.report import TREND_MEASURES
from viewer.analysis.segment_numbers import SegmentNumbers
from viewer.gui.plain import plain_label, plain_tooltip
from viewer.gui.trend_chart import TrendChart


def _table(columns: list[str], first_px: int, narrow: tuple[int, ...] = ()) -> QTableWidget:
    """A read-only table: a first column ``first_px`` wide (longer names are elided, and
    shown whole in their tooltip), ``narrow`` columns fitted to their numbers, the last one
    taking the rest."""
    t = QTableWidget(0, len(columns))
    t.setHorizontalHeaderLabels(columns)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    header = t.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(0, first_px)
    for c in narrow:
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    t.verticalHeader().setDefaultSectionSize(20)
    t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return t


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
        self.regions = _table(["Region", "Seen", "Clicked", "CTR [95 % interval]"], 110, (1, 2))
        self.regions.setToolTip(
            "CTR = sessions that clicked / sessions that saw at least half "
            "of the region for a second (impressions)"
        )
        self.session = _table(["Selected session", ""], 150)
        self.trend_measure = QComboBox()
        for name in TREND_MEASURES:
            self.trend_measure.addItem(name, name)
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
        layout.addWidget(self.metrics, 5)
        layout.addWidget(self.regions, 4)
        layout.addWidget(self.session, 3)
        layout.addLayout(trend_row)
        layout.addWidget(self.chart, 4)
        self.trend_measure.currentIndexChanged.connect(lambda *_: self.trend_wanted.emit())
        self.trend_unit.currentIndexChanged.connect(lambda *_: self.trend_wanted.emit())

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

    def clear(self) -> None:
        """No page open: no numbers."""
        self.title.setText("No recordings open")
        self.set_region_names([])
        for table in (self.metrics, self.regions, self.session):
            table.setRowCount(0)
        self.chart.set_points([], True, "")

    @staticmethod
    def _fill(table: QTableWidget, rows) -> None:
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
