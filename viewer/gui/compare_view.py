"""The compare view: two segments' maps on one scale, where they differ, and their rates.

Both sides are taken from the sessions of the active segment (the session browser's filters),
so "variant=A vs variant=B among mobile visitors" is the browser set to mobile plus these two
filters. The maps and the image are core calls (:func:`compare_and_render`) run off the GUI
thread; the table's rates come from :func:`rate_rows`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.analysis.compare import Comparison
from viewer.analysis.heatmaps import HeatmapSettings
from viewer.analysis.segment_numbers import RateRow, rate_rows
from viewer.analysis.segments import FilterError, Segment, suggested_pair
from viewer.analysis.stats import format_p
from viewer.gui.canvas import PageCanvas, rgba_to_qimage
from viewer.gui.errors import ErrorReporter
from viewer.gui.plain import plain_label
from viewer.gui.workers import Jobs
from viewer.render.compare_export import compare_and_render
from viewer.render.export import ExportOptions, write_heatmap_png
from viewer.state import heatmap_params as params
from viewer.workspace.pages import PageData

KINDS = {k: params.KIND.choice(k).label for k in params.COMPARABLE_KINDS}
SCREEN_PANEL_PX = 720  # width of each of the three panels on screen


@dataclass(frozen=True)
class ComparedSides:
    """What a comparison job hands back: the maps compared, the image, the rates, the time."""

    comparison: Comparison
    rgba: np.ndarray
    rows: list[RateRow]
    seconds: float


class CompareView(QDialog):
    """Compare two segments of the current page.

    Signals
    -------
    compared()
        A comparison is on screen (maps and table).
    saved(path)
        The comparison image was written.
    """

    compared = Signal()
    saved = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        errors: ErrorReporter,
        may_write: Callable[[Path], bool] = lambda path: True,
    ) -> None:
        super().__init__(parent)
        self.may_write = may_write  # never a file of the opened recordings (the window says)
        self.setWindowTitle("Compare Two Segments")
        self.setModal(False)
        # As large as a laptop screen allows, never larger (1400 x 900 ran off a 1024 px one).
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        avail = screen.availableGeometry()
        self.resize(min(1400, round(avail.width() * 0.95)), min(900, round(avail.height() * 0.92)))
        self.errors = errors
        self.jobs = Jobs(self)
        self.data: PageData | None = None
        self.base_mask: np.ndarray | None = None
        self.base_words: list[str] = []
        self.settings = HeatmapSettings()
        self.rows: list[RateRow] = []
        self.significant_share = math.nan

        self.side_a = QLineEdit()
        self.side_b = QLineEdit()
        for edit, name in ((self.side_a, "A"), (self.side_b, "B")):
            edit.setPlaceholderText(f"segment {name}, e.g. variant={name}")
            edit.setToolTip(
                "Filters separated by spaces: device=mobile, variant=A, "
                "width=360..800, duration=10.., rage=yes, date=2026-08-01.."
            )
            edit.returnPressed.connect(self.run)
        self.kind = QComboBox()
        for key, title in KINDS.items():
            self.kind.addItem(title, key)
        self.level = QComboBox()
        for level in (0.05, 0.01, 0.1):
            self.level.addItem(f"significant at {level:g}", level)
        self.level.setToolTip(
            "Cells where a permutation test (200 shuffles of the sessions "
            "between A and B) finds no difference at this level are left clear"
        )
        self.go = QPushButton("Compare")
        self.go.setDefault(True)
        self.go.clicked.connect(self.run)
        self.save = QPushButton("Save Image...")
        self.save.setEnabled(False)
        self.save.clicked.connect(self.choose_save)
        row = QHBoxLayout()
        row.addWidget(plain_label("A"))
        row.addWidget(self.side_a, 2)
        row.addWidget(plain_label("B"))
        row.addWidget(self.side_b, 2)
        row.addWidget(self.kind)
        row.addWidget(self.level)
        row.addWidget(self.go)
        row.addWidget(self.save)
        self.status = plain_label("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.canvas = PageCanvas()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            ["Measure", "A", "B", "A - B [95 % interval]", "p (two-proportion test)"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setDefaultSectionSize(20)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.canvas)
        split.addWidget(self.table)
        split.setSizes([620, 240])
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

    def set_page(
        self,
        data: PageData,
        base_mask: np.ndarray,
        base_words: list[str],
        settings: HeatmapSettings,
        per_region=None,
    ) -> None:
        """Compare within ``base_mask`` (the active segment) of ``data``'s sessions."""
        changed = self.data is not data
        self.data, self.base_mask, self.base_words = data, np.asarray(base_mask, bool), base_words
        self.settings = settings
        self._per_region = per_region
        if settings.kind in KINDS:
            self.kind.setCurrentIndex(self.kind.findData(settings.kind))
        if changed or not (self.side_a.text() or self.side_b.text()):
            a, b = suggested_pair(data.columns)
            self.side_a.setText(a)
            self.side_b.setText(b)
        within = ", ".join(base_words) if base_words else "all sessions of the page"
        self.status.setText(f"Within the segment: {within}. Press Compare.")

    def clear(self) -> None:
        """Let go of the page (its recordings were closed) and hide."""
        self.jobs.drop("compare")  # a save asked for still finishes
        self.data, self.base_mask, self._per_region = None, None, None
        self.rows = []
        self.canvas.clear_page()
        self.table.setRowCount(0)
        self.go.setEnabled(True)
        self.save.setEnabled(False)
        self.status.setText("")
        self.hide()

    def _inputs_or_say(self):
        """The page, the two sides' masks, their labels and the settings; None (said in the
        status line) when a side matches no session or cannot be read."""
        try:
            return self._inputs()
        except FilterError as e:
            self.status.setText(str(e))
            return None

    def _inputs(self):
        data = self.data
        assert data is not None and self.base_mask is not None
        sides = []
        for edit in (self.side_a, self.side_b):
            segment = Segment.parse_text(edit.text())
            mask = segment.mask(data.columns) & self.base_mask
            if not mask.any():
                raise FilterError(f"no session of the segment matches {edit.text()!r}")
            sides.append(mask)
        labels = (self.side_a.text().strip() or "all", self.side_b.text().strip() or "all")
        settings = self.settings.with_(kind=self.kind.currentData(), t_range=None)
        return data, sides, labels, settings

    def run(self) -> None:
        """Compare the two segments (in the background)."""
        inputs = self._inputs_or_say() if self.data is not None else None
        if inputs is None:
            return
        data, (mask_a, mask_b), labels, settings = inputs
        level = float(self.level.currentData())
        per_region = self._per_region
        zoom = min(1.0, SCREEN_PANEL_PX / data.page.width)
        self.status.setText(
            f"Comparing {int(mask_a.sum()):,} and {int(mask_b.sum()):,} sessions..."
        )
        self.go.setEnabled(False)

        def job(ctx):
            started = time.perf_counter()
            tables = (
                data.table_of(np.flatnonzero(mask_a)),
                data.table_of(np.flatnonzero(mask_b)),
            )
            comparison, rendered = compare_and_render(
                data.page,
                tables,
                labels,
                settings,
                ExportOptions(zoom=zoom, legend=True),
                level=level,
            )
            regions = per_region if per_region is not None else data.region_numbers(data.regions)
            rows = rate_rows(data.metrics, regions, mask_a, mask_b)
            rgba = np.asarray(rendered.image.convert("RGBA"))
            return ComparedSides(comparison, rgba, rows, time.perf_counter() - started)

        self.jobs.submit("compare", job, self._on_compared, self._failed("Could not compare"))

    def _on_compared(self, result: ComparedSides) -> None:
        comparison, rgba, rows, seconds = (
            result.comparison,
            result.rgba,
            result.rows,
            result.seconds,
        )
        self.go.setEnabled(True)
        self.save.setEnabled(True)
        h, w = rgba.shape[:2]
        self.canvas.set_page(rgba_to_qimage(np.ascontiguousarray(rgba)), w, h)
        self.rows = rows
        self.significant_share = float(comparison.significant.mean())
        self._fill(rows)
        self.status.setText(
            f"A: {comparison.a.n_sessions:,} sessions, B: {comparison.b.n_sessions:,} "
            f"sessions, one shared scale. The difference is significant over "
            f"{self.significant_share:.1%} of the page (permutation test, "
            f"{comparison.permutations} shuffles, level {comparison.level:g}); "
            f"computed in {seconds:.1f} s."
        )
        self.compared.emit()

    def _on_saved(self, path: str) -> None:
        self.saved.emit(path)
        self.status.setText(f"Saved {path}")

    def _failed(self, title: str):
        def report(error) -> None:
            self.go.setEnabled(True)
            self.errors.report(error.message, error.details, title)

        return report

    def _fill(self, rows: list[RateRow]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            d = row.difference
            diff = (
                "n/a"
                if math.isnan(d.value)
                else (f"{100 * d.value:+.1f} pts [{100 * d.low:+.1f} to {100 * d.high:+.1f}]")
            )
            cells = [row.name, row.a.text(), row.b.text(), diff, format_p(d.p_value)]
            strong = not math.isnan(d.p_value) and d.p_value < 0.05
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if strong and c >= 3:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)

    def choose_save(self) -> None:
        if self.data is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save Comparison",
            str(Path.home() / f"{self.data.page.id}-compare.png"),
            "PNG image (*.png)",
        )
        if path:
            self.save_to(Path(path if path.lower().endswith(".png") else path + ".png"))

    def save_to(self, path: Path) -> None:
        """Write the comparison at the screenshot's full resolution (in the background)."""
        inputs = self._inputs_or_say()
        if inputs is None or not self.may_write(path):
            return
        data, (mask_a, mask_b), labels, settings = inputs
        level = float(self.level.currentData())

        def job(ctx):
            tables = (
                data.table_of(np.flatnonzero(mask_a)),
                data.table_of(np.flatnonzero(mask_b)),
            )
            _, rendered = compare_and_render(
                data.page, tables, labels, settings, ExportOptions(legend=True), level=level
            )
            write_heatmap_png(path, rendered)
            return str(path)

        self.status.setText(f"Saving {path}...")
        self.jobs.submit("save", job, self._on_saved, self._failed("Could not save the comparison"))
