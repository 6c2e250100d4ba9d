"""The map's legend: a strip below the page, never over it.

Painted over the page (as it once was) it hid part of a phone screenshot and, as the view
scrolls by copying pixels, left copies of itself behind. Below the page it is opaque, wraps its
words to the width there is, and has room for what the map needs said: that its sessions saw
other layouts, that it rests on few sessions, why it is empty, with a button where there is
something to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from viewer.gui.canvas import rgba_to_qimage
from viewer.gui.plain import plain_label

#: Below this width the colour scale goes under the words instead of beside them.
NARROW_PX = 720


@dataclass(frozen=True)
class LegendInfo:
    """What the legend shows.

    Attributes
    ----------
    title, detail
        What the map is, and what it is made of.
    colours
        (256, 4) uint8 RGBA, low to high.
    ticks
        The scale's low, middle and high labels.
    units
        What the values are.
    notes
        Things the reader should know (mixed layouts, few sessions, an empty map and why).
    actions
        ``(id, label)`` of buttons offered with the notes (``action_requested(id)``).
    """

    title: str
    detail: str
    colours: np.ndarray
    ticks: tuple[str, str, str]
    units: str
    notes: tuple[str, ...] = ()
    actions: tuple[tuple[str, str], ...] = ()


class ColourBar(QWidget):
    """The colour scale with its low, middle and high labels under it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._ticks = ("", "", "")
        self.setMinimumWidth(200)

    def sizeHint(self) -> QSize:
        return QSize(280, 12 + 6 + self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def set_scale(self, colours: np.ndarray, ticks: tuple[str, str, str]) -> None:
        self._image = rgba_to_qimage(np.repeat(colours[None, :, :], 2, axis=0))
        self._ticks = ticks
        self.update()

    def paintEvent(self, event) -> None:
        if self._image is None:
            return
        p = QPainter(self)
        fm = self.fontMetrics()
        side = max(fm.horizontalAdvance(self._ticks[0]), fm.horizontalAdvance(self._ticks[2])) / 2
        left, right = side + 2, self.width() - side - 2
        bar = QRectF(left, 2, max(10.0, right - left), 12)
        p.fillRect(bar, QColor(255, 255, 255))
        p.drawImage(bar, self._image)
        p.setPen(QPen(QColor(190, 196, 208)))
        p.drawRect(bar)
        p.setPen(QColor(75, 85, 99))
        y, h = bar.bottom() + 4, fm.height()
        lo, mid, hi = self._ticks
        centre = Qt.AlignmentFlag.AlignHCenter
        p.drawText(QRectF(bar.left() - side - 2, y, 2 * side + 4, h), centre, lo)
        p.drawText(QRectF(bar.center().x() - 80, y, 160, h), centre, mid)
        p.drawText(QRectF(bar.right() - side - 2, y, 2 * side + 4, h), centre, hi)
        p.end()


class MapLegend(QFrame):
    """The strip below the canvas that says what the map shows.

    Signals
    -------
    action_requested(id)
        A button of :attr:`LegendInfo.actions` was pressed.
    """

    action_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("map-legend")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._legend: LegendInfo | None = None
        self.title = plain_label("")
        self.title.setObjectName("legend-title")
        self.title.setWordWrap(True)
        self.detail = plain_label("")
        self.detail.setObjectName("muted")
        self.detail.setWordWrap(True)
        self.notes = plain_label("")
        self.notes.setObjectName("legend-note")
        self.notes.setWordWrap(True)
        self.bar = ColourBar()
        self.units = plain_label("")
        self.units.setObjectName("muted")
        self.units.setWordWrap(True)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(6)
        self._buttons.addStretch(1)
        words = QVBoxLayout()
        words.setSpacing(2)
        for w in (self.title, self.detail, self.notes):
            words.addWidget(w)
        words.addLayout(self._buttons)
        scale = QVBoxLayout()
        scale.setSpacing(2)
        scale.addWidget(self.bar)
        scale.addWidget(self.units)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(12, 6, 12, 8)
        self._layout.setSpacing(16)
        self._layout.addLayout(words, 3)
        self._layout.addLayout(scale, 2)
        self.hide()

    @property
    def legend(self) -> LegendInfo | None:
        """What the legend shows (None: no legend)."""
        return self._legend

    def show_legend(self, legend: LegendInfo | None) -> None:
        """Show ``legend`` (None: hide the strip)."""
        self._legend = legend
        if legend is None:
            self.hide()
            return
        self.title.setText(legend.title)
        self.detail.setText(legend.detail)
        self.notes.setText("\n".join(legend.notes))
        self.notes.setVisible(bool(legend.notes))
        self.bar.set_scale(legend.colours, legend.ticks)
        self.units.setText(legend.units)
        while self._buttons.count() > 1:  # keep the stretch at the end
            item = self._buttons.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for i, (action_id, label) in enumerate(legend.actions):
            button = QPushButton(label)
            button.setObjectName("legend-action")
            button.clicked.connect(lambda _=False, a=action_id: self.action_requested.emit(a))
            self._buttons.insertWidget(i, button)
        self.show()

    def action_buttons(self) -> list[QPushButton]:
        """The buttons the legend offers now (for tests and keyboard users)."""
        out = []
        for i in range(self._buttons.count()):
            w = self._buttons.itemAt(i).widget()
            if isinstance(w, QPushButton):
                out.append(w)
        return out

    def resizeEvent(self, event) -> None:
        narrow = event.size().width() < NARROW_PX
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
        super().resizeEvent(event)
