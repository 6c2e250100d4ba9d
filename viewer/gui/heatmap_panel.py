"""The heatmap panel: which map, its kernel width, colours, scale, and which sessions.

Changes that need a new density (kind, sigma, scale, which sessions) emit ``recompute_wanted``;
a sigma drag emits it on every step and the window debounces it. Changes that only recolour
(colormap, opacity) emit ``recolour_wanted`` and take effect at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from viewer.analysis.heatmaps import DEFAULT_OPACITY, HeatmapSettings
from viewer.gui.plain import plain_label
from viewer.render import colormaps
from viewer.state import heatmap_params as params

KIND_LABELS = {c.value: c.label for c in params.KIND.choices}
SESSION_SCOPES = {
    "filtered": "Sessions in the segment",
    "selected": "Selected sessions",
    "all": "All sessions of the page",
}


class HeatmapPanel(QWidget):
    """Controls for the heatmap shown on the canvas."""

    recompute_wanted = Signal()
    recolour_wanted = Signal()
    time_range_cleared = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._kind_group = QButtonGroup(self)
        kinds = QGridLayout()
        kinds.setSpacing(4)
        self.kind_buttons: dict[str, QPushButton] = {}
        for i, (kind, label) in enumerate(KIND_LABELS.items()):
            b = QPushButton(label)
            b.setCheckable(True)
            b.setObjectName("segment")
            b.setToolTip(f"{label} map")
            self._kind_group.addButton(b, i)
            kinds.addWidget(b, 0, i)
            self.kind_buttons[kind] = b
        self.kind_buttons[params.KIND.default].setChecked(True)

        sigma = params.SIGMA
        self.sigma = QSlider(Qt.Orientation.Horizontal)
        self.sigma.setRange(int(sigma.low), int(sigma.high))
        self.sigma.setValue(round(sigma.default))
        self.sigma_label = plain_label(f"{round(sigma.default)} px")
        self.sigma_label.setMinimumWidth(44)
        self.sigma.setToolTip(sigma.help[0].upper() + sigma.help[1:])

        opacity = params.OPACITY
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(round(opacity.low * 100), round(opacity.high * 100))
        self.opacity.setValue(round(opacity.default * 100))
        self.opacity_label = plain_label(f"{round(opacity.default * 100)} %")
        self.opacity_label.setMinimumWidth(44)

        self.colormap = QComboBox()
        for cm in colormaps.available(diverging=False):
            self.colormap.addItem(cm.label, cm.name)

        self.scale = QComboBox()
        for c in params.SCALE.choices:
            self.scale.addItem(c.label, c.value)
        self.vmax = QDoubleSpinBox()
        self.vmax.setRange(0.0, 1e9)
        self.vmax.setDecimals(3)
        self.vmax.setSpecialValueText("Auto")
        self.vmax.setToolTip(
            "Top of the absolute scale, in the map's units (Auto: just above the peak)"
        )
        self.vmax.setEnabled(False)

        self.scroll_metric = QComboBox()
        for c in params.SCROLL_METRIC.choices:
            self.scroll_metric.addItem(c.label, c.value)

        self.scope = QComboBox()
        for key, label in SESSION_SCOPES.items():
            self.scope.addItem(label, key)

        self.clicks = QCheckBox(params.CLICKS.label)
        self.taps = QCheckBox(params.TAPS.label)
        self.clicks.setChecked(params.CLICKS.default)
        self.taps.setChecked(params.TAPS.default)

        self.legend = QCheckBox("Show legend")
        self.legend.setChecked(True)

        self.summary = plain_label("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)

        self.time_range = plain_label("")
        self.time_range.setWordWrap(True)
        self.clear_time_range = QPushButton("Show the whole visits")
        self.clear_time_range.clicked.connect(self.time_range_cleared.emit)
        self.time_range.hide()
        self.clear_time_range.hide()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(8)
        sigma_row = QGridLayout()
        sigma_row.addWidget(self.sigma, 0, 0)
        sigma_row.addWidget(self.sigma_label, 0, 1)
        opacity_row = QGridLayout()
        opacity_row.addWidget(self.opacity, 0, 0)
        opacity_row.addWidget(self.opacity_label, 0, 1)
        counts = QGridLayout()
        counts.addWidget(self.clicks, 0, 0)
        counts.addWidget(self.taps, 0, 1)
        form.addRow(plain_label(params.SIGMA.label), sigma_row)
        form.addRow(plain_label(params.OPACITY.label), opacity_row)
        form.addRow(plain_label(params.COLORMAP.label), self.colormap)
        form.addRow(plain_label(params.SCALE.label), self.scale)
        form.addRow(plain_label(params.VMAX.label), self.vmax)
        self._counts_label = plain_label("Count")
        form.addRow(self._counts_label, counts)
        self._scroll_label = plain_label(params.SCROLL_METRIC.label)
        form.addRow(self._scroll_label, self.scroll_metric)
        form.addRow(plain_label("Sessions"), self.scope)
        form.addRow(plain_label(""), self.legend)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(10)
        layout.addLayout(kinds)
        layout.addLayout(form)
        layout.addWidget(self.time_range)
        layout.addWidget(self.clear_time_range)
        layout.addWidget(self.summary)
        layout.addStretch(1)

        self._kind_group.idClicked.connect(self._on_kind)
        self.sigma.valueChanged.connect(self._on_sigma)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.colormap.currentIndexChanged.connect(lambda *_: self.recolour_wanted.emit())
        self.legend.toggled.connect(lambda *_: self.recolour_wanted.emit())
        self.scale.currentIndexChanged.connect(self._on_scale)
        self.vmax.valueChanged.connect(lambda *_: self.recompute_wanted.emit())
        self.scroll_metric.currentIndexChanged.connect(lambda *_: self.recompute_wanted.emit())
        self.scope.currentIndexChanged.connect(lambda *_: self.recompute_wanted.emit())
        self.clicks.toggled.connect(lambda *_: self.recompute_wanted.emit())
        self.taps.toggled.connect(lambda *_: self.recompute_wanted.emit())
        self._sync_visibility()

    # -- state -------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        for kind, b in self.kind_buttons.items():
            if b.isChecked():
                return kind
        return "click"

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)
        self._on_kind()

    @property
    def scope_key(self) -> str:
        return self.scope.currentData()

    def settings(self) -> HeatmapSettings:
        vmax = self.vmax.value() if self.scale.currentData() == "absolute" else 0.0
        return HeatmapSettings(
            kind=self.kind,
            sigma=float(self.sigma.value()),
            colormap=self.colormap.currentData(),
            opacity=self.opacity.value() / 100.0,
            scale=self.scale.currentData(),
            vmax=vmax if vmax > 0 else None,
            clicks=self.clicks.isChecked() or not self.taps.isChecked(),
            taps=self.taps.isChecked(),
            scroll_metric=self.scroll_metric.currentData(),
        )

    def apply(self, s: HeatmapSettings) -> None:
        """Show ``s`` in the controls (without emitting a recompute per control)."""
        widgets = (
            self.sigma,
            self.opacity,
            self.colormap,
            self.scale,
            self.scroll_metric,
            self.clicks,
            self.taps,
            self.vmax,
        )
        for w in widgets:
            w.blockSignals(True)
        self.kind_buttons[s.kind].setChecked(True)
        self.sigma.setValue(round(s.sigma))
        self.sigma_label.setText(f"{round(s.sigma)} px")
        self.opacity.setValue(round(s.opacity * 100))
        self.opacity_label.setText(f"{round(s.opacity * 100)} %")
        i = self.colormap.findData(s.colormap)
        self.colormap.setCurrentIndex(max(0, i))
        self.scale.setCurrentIndex(self.scale.findData(s.scale))
        self.vmax.setValue(s.vmax or 0.0)
        self.scroll_metric.setCurrentIndex(self.scroll_metric.findData(s.scroll_metric))
        self.clicks.setChecked(s.clicks)
        self.taps.setChecked(s.taps)
        for w in widgets:
            w.blockSignals(False)
        self._sync_visibility()

    # -- reactions ---------------------------------------------------------------------------
    def _on_kind(self, *_) -> None:
        kind = self.kind
        self.opacity.blockSignals(True)
        self.opacity.setValue(round(DEFAULT_OPACITY[kind] * 100))
        self.opacity_label.setText(f"{self.opacity.value()} %")
        self.opacity.blockSignals(False)
        self._sync_visibility()
        self.recompute_wanted.emit()

    def _on_sigma(self, value: int) -> None:
        self.sigma_label.setText(f"{value} px")
        self.recompute_wanted.emit()

    def _on_opacity(self, value: int) -> None:
        self.opacity_label.setText(f"{value} %")
        self.recolour_wanted.emit()

    def _on_scale(self, *_) -> None:
        self.vmax.setEnabled(self.scale.currentData() == "absolute")
        self.recompute_wanted.emit()

    def _sync_visibility(self) -> None:
        kind = self.kind
        for w in (self._counts_label, self.clicks, self.taps):
            w.setVisible(kind == "click")
        for w in (self._scroll_label, self.scroll_metric):
            w.setVisible(kind == "scroll")
        self.sigma.setEnabled(kind != "scroll")
        self.vmax.setEnabled(self.scale.currentData() == "absolute")

    def show_time_range(self, text: str | None) -> None:
        """Say that the map covers only part of each visit (None: the whole visits)."""
        self.time_range.setText(text or "")
        self.time_range.setVisible(bool(text))
        self.clear_time_range.setVisible(bool(text))

    def set_sigma(self, value: int) -> None:
        self.sigma.setValue(value)
