"""Replay > Export Replay Clip: which stretch, how large, how fast, and where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from viewer.gui.timeline import format_ms
from viewer.replay.clip import ClipOptions


class ClipDialog(QDialog):
    """Asks for the clip's size, frame rate, speed and file (WebP or GIF)."""

    def __init__(self, parent, start_ms: float, end_ms: float, suggested: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Replay Clip")
        self._start, self._end = start_ms, end_ms
        self.width = QSpinBox()
        self.width.setRange(160, 1920)
        self.width.setSingleStep(80)
        self.width.setValue(720)
        self.width.setSuffix(" px wide")
        self.fps = QDoubleSpinBox()
        self.fps.setRange(1, 30)
        self.fps.setValue(12)
        self.fps.setSuffix(" frames per second")
        self.speed = QDoubleSpinBox()
        self.speed.setRange(0.25, 16)
        self.speed.setValue(1)
        self.speed.setSuffix(" x")
        self.path_edit = QLineEdit(str(suggested))
        browse = QPushButton("Choose...")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Stretch", QLabel(f"{format_ms(start_ms)} to {format_ms(end_ms)}"))
        form.addRow("Size", self.width)
        form.addRow("Frame rate", self.fps)
        form.addRow("Speed", self.speed)
        form.addRow("File", path_row)
        note = QLabel("Animated WebP (smaller) or GIF, by the file's extension.")
        note.setObjectName("muted")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Replay Clip", self.path_edit.text(), "Animated WebP (*.webp);;GIF (*.gif)"
        )
        if path:
            self.path_edit.setText(path)

    def path(self) -> Path:
        return Path(self.path_edit.text())

    def options(self) -> ClipOptions:
        return ClipOptions(
            self._start,
            self._end,
            fps=self.fps.value(),
            speed=self.speed.value(),
            width=self.width.value(),
        )
