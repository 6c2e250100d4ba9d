"""Replay > Export Replay Clip: which stretch, how large, how fast, and where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
)

from viewer.gui.file_field import SaveFileField, lay_out_save_dialog
from viewer.gui.plain import plain_label
from viewer.replay.clip import ClipOptions
from viewer.textformat import clock


class ClipDialog(QDialog):
    """Asks for the clip's size, frame rate, speed and file (MP4, WebP or GIF)."""

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
        self.file = SaveFileField(
            suggested,
            "Export Replay Clip",
            "MP4 video (*.mp4);;Animated WebP (*.webp);;GIF (*.gif)",
            ".mp4",
        )
        form = QFormLayout()
        form.addRow(plain_label("Stretch"), plain_label(f"{clock(start_ms)} to {clock(end_ms)}"))
        form.addRow(plain_label("Size"), self.width)
        form.addRow(plain_label("Frame rate"), self.fps)
        form.addRow(plain_label("Speed"), self.speed)
        form.addRow(plain_label("File"), self.file)
        lay_out_save_dialog(
            self,
            form,
            "MP4 (H.264: plays in slides, chat tools and browsers), animated WebP or GIF, "
            "by the file's extension.",
        )

    def path(self) -> Path:
        return self.file.path()

    def options(self) -> ClipOptions:
        return ClipOptions(
            self._start,
            self._end,
            fps=self.fps.value(),
            speed=self.speed.value(),
            width=self.width.value(),
        )
