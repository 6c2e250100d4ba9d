"""A small trend chart: one measure per period, its interval, and the rolling baseline band."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from viewer.analysis.trends import TrendPoint

VERDICT_COLOURS = {
    "above": QColor(5, 150, 105),
    "below": QColor(220, 38, 38),
    "within": QColor(79, 70, 229),
    "n/a": QColor(148, 156, 170),
}


class TrendChart(QWidget):
    """Draws a list of :class:`TrendPoint`: value with its interval per period, and the band
    of the baseline's interval behind it. Points outside the band by more than chance are
    coloured (green above, red below)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.points: list[TrendPoint] = []
        self.percent = True
        self.title = ""
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(300, 170)

    def set_points(self, points: list[TrendPoint], percent: bool, title: str) -> None:
        self.points, self.percent, self.title = points, percent, title
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(255, 255, 255))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        p.setFont(small)
        if not self.points:
            p.setPen(QColor(148, 156, 170))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No trend to show")
            return
        left, right, top, bottom = 42, self.width() - 10, 20, self.height() - 22
        values = []
        for pt in self.points:
            values += [
                v
                for v in (pt.low, pt.high, pt.baseline_low, pt.baseline_high, pt.value)
                if v is not None and not math.isnan(v)
            ]
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        if self.percent:
            lo, hi = max(0.0, lo), min(1.0, hi)
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        span = hi - lo
        lo, hi = lo - 0.05 * span, hi + 0.05 * span
        n = len(self.points)

        def x(i: float) -> float:
            return left + (right - left) * (i + 0.5) / n

        def y(v: float) -> float:
            return bottom - (bottom - top) * (v - lo) / (hi - lo)

        def label(v: float) -> str:
            return f"{100 * v:.0f} %" if self.percent else f"{v:.0f}"

        p.setPen(QColor(17, 24, 39))
        title = p.fontMetrics().elidedText(
            self.title, Qt.TextElideMode.ElideRight, int(right - left)
        )
        p.drawText(QRectF(left, 2, right - left, 16), Qt.AlignmentFlag.AlignLeft, title)
        p.setPen(QPen(QColor(226, 230, 238), 1))
        for v in (lo + 0.05 * span, (lo + hi) / 2, hi - 0.05 * span):
            p.drawLine(QPointF(left, y(v)), QPointF(right, y(v)))
            p.setPen(QColor(120, 128, 140))
            p.drawText(QRectF(0, y(v) - 7, left - 4, 14), Qt.AlignmentFlag.AlignRight, label(v))
            p.setPen(QPen(QColor(226, 230, 238), 1))
        # The baseline band, as steps from period to period.
        band = QPainterPath()
        upper, lower = [], []
        for i, pt in enumerate(self.points):
            if math.isnan(pt.baseline_low):
                continue
            upper += [
                QPointF(x(i - 0.45), y(pt.baseline_high)),
                QPointF(x(i + 0.45), y(pt.baseline_high)),
            ]
            lower += [
                QPointF(x(i - 0.45), y(pt.baseline_low)),
                QPointF(x(i + 0.45), y(pt.baseline_low)),
            ]
        if upper:
            band.moveTo(upper[0])
            for q in upper[1:]:
                band.lineTo(q)
            for q in reversed(lower):
                band.lineTo(q)
            band.closeSubpath()
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(148, 156, 170, 60))
            p.drawPath(band)
        # Values with their intervals.
        prev = None
        for i, pt in enumerate(self.points):
            if math.isnan(pt.value):
                prev = None
                continue
            colour = VERDICT_COLOURS[pt.verdict]
            if not math.isnan(pt.low):
                p.setPen(QPen(colour, 1.2))
                p.drawLine(QPointF(x(i), y(pt.low)), QPointF(x(i), y(pt.high)))
            here = QPointF(x(i), y(pt.value))
            if prev is not None:
                p.setPen(QPen(QColor(79, 70, 229, 120), 1.5))
                p.drawLine(prev, here)
            p.setPen(QPen(QColor(255, 255, 255), 1.2))
            p.setBrush(colour)
            p.drawEllipse(here, 4, 4)
            prev = here
        p.setPen(QColor(120, 128, 140))
        # Room for each date label (about 64 px), whatever the width.
        step = max(1, math.ceil(n * 64 / max(right - left, 1)))
        for i in range(0, n, step):
            period = self.points[i].period
            p.drawText(
                QRectF(x(i) - 40, bottom + 4, 80, 14),
                Qt.AlignmentFlag.AlignHCenter,
                period.strftime("%b %Y") if period.day == 1 else period.strftime("%d %b"),
            )
