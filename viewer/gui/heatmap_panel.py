"""The heatmap panel: which map, its kernel width, colours, scale, and which sessions.

The panel only mirrors a :class:`~viewer.state.view_state.ViewState`: it shows the state, and a
change the user makes becomes ``state.update``. Whoever listens to the state (the heatmap
controller) decides what to recompute; the panel computes nothing and tells no one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from viewer.gui.plain import plain_label
from viewer.render import colormaps
from viewer.state import heatmap_params as params
from viewer.state.heatmap_params import Kind, Scale
from viewer.state.heatmap_settings import HeatmapSettings
from viewer.state.view_state import SCOPES, ViewState

KIND_LABELS = {c.value: c.label for c in params.KIND.choices}


class HeatmapPanel(QWidget):
    """Controls for the heatmap shown on the canvas, mirroring ``state``."""

    def __init__(self, state: ViewState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
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

        least = params.MIN_SESSIONS
        self.min_sessions = QSpinBox()
        self.min_sessions.setRange(int(least.low), int(least.high))
        self.min_sessions.setSpecialValueText("never")
        self.min_sessions.setPrefix("under ")
        self.min_sessions.setSuffix(" sessions")
        self.min_sessions.setToolTip(least.help[0].upper() + least.help[1:])

        self.scope = QComboBox()
        for c in SCOPES:
            self.scope.addItem(c.label, c.value)

        self.clicks = QCheckBox(params.CLICKS.label)
        self.taps = QCheckBox(params.TAPS.label)
        self.clicks.setChecked(params.CLICKS.default)
        self.taps.setChecked(params.TAPS.default)

        self.outcome = QComboBox()
        for c in params.OUTCOME.choices:
            self.outcome.addItem(c.label, c.value)
        self.outcome.setToolTip(params.OUTCOME.help[0].upper() + params.OUTCOME.help[1:])
        self.anchor = QComboBox()
        for c in params.ANCHOR.choices:
            self.anchor.addItem(c.label, c.value)
        self.anchor.setToolTip(params.ANCHOR.help[0].upper() + params.ANCHOR.help[1:])
        dead = params.DEAD_MS
        self.dead_ms = QSpinBox()
        self.dead_ms.setRange(int(dead.low), int(dead.high))
        self.dead_ms.setSingleStep(100)
        self.dead_ms.setValue(round(dead.default))
        self.dead_ms.setSuffix(" ms")
        self.dead_ms.setToolTip(dead.help[0].upper() + dead.help[1:])

        self.legend = QCheckBox("Show legend")
        self.legend.setChecked(True)

        self.summary = plain_label("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)

        self.time_range = plain_label("")
        self.time_range.setWordWrap(True)
        self.clear_time_range = QPushButton("Show the whole visits")
        self.clear_time_range.clicked.connect(lambda: self.state.update(time_range=None))
        self.time_range.hide()
        self.clear_time_range.hide()

        # Menus give way to a narrow dock (a 1024 px screen) rather than widen it.
        for combo in (
            self.colormap,
            self.scale,
            self.scroll_metric,
            self.scope,
            self.outcome,
            self.anchor,
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
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
        self._outcome_label = plain_label(params.OUTCOME.label)
        form.addRow(self._outcome_label, self.outcome)
        self._anchor_label = plain_label(params.ANCHOR.label)
        form.addRow(self._anchor_label, self.anchor)
        self._dead_label = plain_label(params.DEAD_MS.label)
        form.addRow(self._dead_label, self.dead_ms)
        self._scroll_label = plain_label(params.SCROLL_METRIC.label)
        form.addRow(self._scroll_label, self.scroll_metric)
        self._min_label = plain_label(params.MIN_SESSIONS.label)
        form.addRow(self._min_label, self.min_sessions)
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

        # A user's change becomes the state's; the state's change is shown (_show).
        self._kind_group.idClicked.connect(
            lambda i: self.state.set_kind(params.KIND.choices[i].value)
        )
        self.sigma.valueChanged.connect(self._edited)
        self.opacity.valueChanged.connect(self._edited)
        self.colormap.currentIndexChanged.connect(self._edited)
        self.scale.currentIndexChanged.connect(self._edited)
        self.vmax.valueChanged.connect(self._edited)
        self.scroll_metric.currentIndexChanged.connect(self._edited)
        self.clicks.toggled.connect(self._edited)
        self.taps.toggled.connect(self._edited)
        self.min_sessions.valueChanged.connect(self._edited)
        self.outcome.currentIndexChanged.connect(self._edited)
        self.anchor.currentIndexChanged.connect(self._edited)
        self.dead_ms.valueChanged.connect(self._edited)
        self.scope.currentIndexChanged.connect(
            lambda *_: self.state.update(scope=self.scope.currentData())
        )
        self.legend.toggled.connect(lambda on: self.state.update(legend=on))
        state.changed.connect(self._on_state)
        self.destroyed.connect(lambda *_, s=state, f=self._on_state: s.changed.disconnect(f))
        self._show()

    # -- state -------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.state.heatmap.kind

    def set_kind(self, kind: str) -> None:
        self.state.set_kind(kind)

    def settings(self) -> HeatmapSettings:
        """The settings the controls show (those of the state, once shown)."""
        vmax = self.vmax.value() if self.scale.currentData() == Scale.ABSOLUTE else 0.0
        return self.state.heatmap.with_(
            sigma=float(self.sigma.value()),
            colormap=self.colormap.currentData(),
            opacity=self.opacity.value() / 100.0,
            scale=self.scale.currentData(),
            vmax=vmax if vmax > 0 else None,
            clicks=self.clicks.isChecked() or not self.taps.isChecked(),
            taps=self.taps.isChecked(),
            scroll_metric=self.scroll_metric.currentData(),
            min_sessions=self.min_sessions.value(),
            outcome=self.outcome.currentData(),
            anchor=self.anchor.currentData(),
            dead_ms=float(self.dead_ms.value()),
        )

    def _edited(self, *_) -> None:
        self.state.update(heatmap=self.settings())

    def _on_state(self, changed: frozenset[str]) -> None:
        self._show()

    def _show(self) -> None:
        """Show the state in the controls (without feeding it back as an edit)."""
        s, state = self.state.heatmap, self.state
        widgets = (
            self.sigma,
            self.opacity,
            self.colormap,
            self.scale,
            self.scroll_metric,
            self.clicks,
            self.taps,
            self.vmax,
            self.scope,
            self.legend,
            self.min_sessions,
            self.outcome,
            self.anchor,
            self.dead_ms,
        )
        for w in widgets:
            w.blockSignals(True)
        self.kind_buttons[s.kind].setChecked(True)
        self.sigma.setValue(round(s.sigma))
        self.sigma_label.setText(f"{round(s.sigma)} px")
        self.opacity.setValue(round(s.opacity * 100))
        self.opacity_label.setText(f"{round(s.opacity * 100)} %")
        self.colormap.setCurrentIndex(max(0, self.colormap.findData(s.colormap)))
        self.scale.setCurrentIndex(self.scale.findData(s.scale))
        self.vmax.setValue(s.vmax or 0.0)
        self.scroll_metric.setCurrentIndex(self.scroll_metric.findData(s.scroll_metric))
        self.clicks.setChecked(s.clicks)
        self.taps.setChecked(s.taps)
        self.min_sessions.setValue(s.min_sessions)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(s.outcome)))
        self.anchor.setCurrentIndex(max(0, self.anchor.findData(s.anchor)))
        self.dead_ms.setValue(round(s.dead_ms))
        self.scope.setCurrentIndex(self.scope.findData(state.scope))
        self.legend.setChecked(state.legend)
        for w in widgets:
            w.blockSignals(False)
        text = state.time_range.words() if state.time_range is not None else ""
        self.time_range.setText(text)
        self.time_range.setVisible(bool(text))
        self.clear_time_range.setVisible(bool(text))
        self._sync_visibility()

    def _sync_visibility(self) -> None:
        kind = self.kind
        for w in (
            self._counts_label,
            self.clicks,
            self.taps,
            self._outcome_label,
            self.outcome,
            self._anchor_label,
            self.anchor,
        ):
            w.setVisible(kind == Kind.CLICK)
        for w in (self._dead_label, self.dead_ms):
            w.setVisible(kind == Kind.CLICK and self.outcome.currentData() != "all")
        for w in (self._scroll_label, self.scroll_metric):
            w.setVisible(kind == Kind.SCROLL)
        for w in (self._min_label, self.min_sessions):
            w.setVisible(kind != Kind.SCROLL)
        self.sigma.setEnabled(kind != Kind.SCROLL)
        self.vmax.setEnabled(self.scale.currentData() == Scale.ABSOLUTE)

    def show_summary(self, text: str) -> None:
        """Say in words what the map on the canvas is made of."""
        self.summary.setText(text)
