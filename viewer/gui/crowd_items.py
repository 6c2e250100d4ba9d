"""What the canvas draws over the page while many sessions replay together: one small
cursor per session in its own colour, with a short trail, and its clicks as rings.

Everything is drawn by one item in one ``paint`` (fifty sessions, sixty times a second):
one pen per session, polylines for the trails, no item per cursor.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from viewer.render import replay_style as style
from viewer.replay.crowd import CrowdState

#: The crowd's cursors are smaller than a single replay's: fifty full-size arrows hide the page.
CURSOR_SCALE = 0.75
PAD = 2.0  # room around an arrow's pixmap for its white edge


class CrowdOverlay(QGraphicsItem):
    """Draws one :class:`CrowdState` over the page."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(30)
        self.state: CrowdState | None = None
        self.page_rect = QRectF()
        self.colours: list[QColor] = []
        self.ripple_ms = 700.0
        self.highlight = -1  # a session drawn above the others (the one picked in the key)
        self._arrows: dict[tuple, QPixmap] = {}

    def set_colours(self, colours) -> None:
        self.colours = [QColor(*c) for c in colours]
        self._arrows.clear()

    def set_state(self, state: CrowdState | None) -> None:
        self.state = state
        self.update()

    def boundingRect(self) -> QRectF:
        return self.page_rect.adjusted(-40, -40, 40, 40)

    def paint(self, p: QPainter, option, widget=None) -> None:
        s = self.state
        if s is None or not self.colours:
            return
        k = 1.0 / max(p.worldTransform().m11(), 1e-6)  # scene units per screen px
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # the view turns it on
        # Trails: one polyline per session, faded as a whole (a crowd's trails are short),
        # without anti-aliasing: a smoothed line across the page (a pointer carried by a
        # scroll) costs 2 ms, fifty of them a dozen frames.
        if len(s.trail):
            cut = np.flatnonzero(np.diff(s.trail_session)) + 1
            for run in np.split(np.arange(len(s.trail)), cut):
                if len(run) < 2:
                    continue
                colour = QColor(self.colours[int(s.trail_session[run[0]])])
                colour.setAlphaF(0.55)
                p.setPen(
                    QPen(
                        colour,
                        2.0 * k,
                        Qt.PenStyle.SolidLine,
                        Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin,
                    )
                )
                pts = s.trail[run]
                p.drawPolyline(QPolygonF([QPointF(x, y) for x, y in pts]))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for x, y, age, session in s.ripples:
            radius, opacity = style.ripple(age, self.ripple_ms)
            colour = QColor(self.colours[int(session)])
            colour.setAlphaF(max(0.0, min(1.0, opacity)))
            p.setPen(QPen(colour, 2.5 * k))
            r = style.RIPPLE_MAX_RADIUS * 0.8 * radius * k
            p.drawEllipse(QPointF(x, y), r, r)
        # Cursors: each colour's arrow drawn once into a small pixmap, then stamped at screen
        # positions (fifty anti-aliased paths per frame cost more than the rest of the frame).
        world = p.worldTransform()
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        shown = np.flatnonzero(np.isfinite(s.cursors[:, 0]))
        if self.highlight in shown:  # drawn last: on top
            shown = np.concatenate([shown[shown != self.highlight], [self.highlight]])
        p.save()
        p.resetTransform()
        for i in shown:
            cx, cy = s.cursors[i]
            at = world.map(QPointF(cx, cy))
            if i == self.highlight:  # the session picked in the key: larger, ringed
                p.setPen(QPen(self.colours[int(i)], 2.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(at, 16, 16)
            arrow = self._arrow(int(i), 1.5 if i == self.highlight else 1.0, ratio)
            p.drawPixmap(QPointF(at.x() - PAD, at.y() - PAD), arrow)
        p.restore()

    def _arrow(self, i: int, grow: float, ratio: float) -> QPixmap:
        key = (i, grow, ratio)
        pix = self._arrows.get(key)
        if pix is None:
            h = style.CURSOR_HEIGHT * CURSOR_SCALE * grow
            size = int(np.ceil(h + 2 * PAD))
            pix = QPixmap(round(size * ratio), round(size * ratio))
            pix.setDevicePixelRatio(ratio)
            pix.fill(Qt.GlobalColor.transparent)
            q = QPainter(pix)
            q.setRenderHint(QPainter.RenderHint.Antialiasing)
            path = QPainterPath()
            path.addPolygon(
                QPolygonF([QPointF(PAD + px * h, PAD + py * h) for px, py in style.CURSOR_SHAPE])
            )
            path.closeSubpath()
            q.setPen(QPen(QColor(255, 255, 255), 1.2))
            q.setBrush(self.colours[i])
            q.drawPath(path)
            q.end()
            self._arrows[key] = pix
        return pix
