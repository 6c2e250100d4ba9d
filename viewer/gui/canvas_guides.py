"""The scroll map's lines on the canvas: the average fold (dashed) and where reach falls to 75,
50 and 25 % (solid), each labelled at the page's right edge at a constant size on screen, like
the exported map's marks."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsScene

from viewer.render.overlay import Guide

FOLD = QColor(255, 255, 255)
REACH = QColor(17, 20, 38)
Z = 15  # above the heatmap (10), below the selection (20) and the replay


class GuideLabel(QGraphicsItem):
    """A dark rounded label whose size on screen does not change with the zoom."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z + 1)
        self._font = QFont()
        self._font.setPointSizeF(9.0)
        fm = QFontMetricsF(self._font)
        w, h = fm.horizontalAdvance(text) + 14, fm.height() + 6
        self._rect = QRectF(-w - 6, -h - 3, w, h)  # left of and above the anchor

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(17, 20, 38, 225))
        painter.drawRoundedRect(self._rect, 5, 5)
        painter.setPen(QColor(255, 255, 255))
        painter.setFont(self._font)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)


class Guides:
    """The guide lines of one scene (none until :meth:`show`)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsItem] = []
        self.shown: list[Guide] = []

    def show(self, guides: Sequence[Guide], page_width: float) -> None:
        """Draw ``guides`` across a page ``page_width`` CSS px wide (replacing any shown)."""
        self.clear()
        for g in guides:
            pen = QPen(FOLD if g.fold else REACH, 2)
            pen.setCosmetic(True)  # two screen pixels at every zoom
            if g.fold:
                pen.setStyle(Qt.PenStyle.DashLine)
            line = QGraphicsLineItem(0, g.y, page_width, g.y)
            line.setPen(pen)
            line.setZValue(Z)
            label = GuideLabel(g.label)
            label.setPos(page_width, g.y)
            for item in (line, label):
                self.scene.addItem(item)
                self.items.append(item)
        self.shown = list(guides)

    def clear(self) -> None:
        for item in self.items:
            self.scene.removeItem(item)
        self.items, self.shown = [], []

    def set_visible(self, visible: bool) -> None:
        for item in self.items:
            item.setVisible(visible)
