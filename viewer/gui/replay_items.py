"""What the canvas draws over the page during a replay: pointer, trail, ripples, dwell, frame.

Positions are page CSS px (scene coordinates); sizes are screen px whatever the zoom, as the
user's own pointer is. The look is shared with clip export (:mod:`viewer.render.replay_style`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from viewer.render import replay_style as style
from viewer.replay.playhead import ReplayState


def _colour(rgb, alpha: float = 1.0) -> QColor:
    return QColor(rgb[0], rgb[1], rgb[2], max(0, min(255, round(255 * alpha))))


class ReplayOverlay(QGraphicsItem):
    """Draws one :class:`ReplayState` over the page."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(30)
        self.state: ReplayState | None = None
        self.page_rect = QRectF()
        self.show_frame = False
        self.trail_ms = 1200.0
        self.ripple_ms = 700.0

    def set_state(self, state: ReplayState | None) -> None:
        self.state = state
        self.update()

    def boundingRect(self) -> QRectF:
        # The page and well beyond it: the dimming covers the margins around the page too.
        return self.page_rect.adjusted(-4000, -4000, 4000, 4000)

    def paint(self, p: QPainter, option, widget=None) -> None:
        s = self.state
        if s is None:
            return
        k = 1.0 / max(p.worldTransform().m11(), 1e-6)  # scene units per screen px
        # Dim what the user could not see, so their view stands out (and frame it). Four
        # rectangles around the view: cheaper than a path with a hole, sixty times a second.
        x, y, w, h = s.viewport_rect
        view = QRectF(x, y, w, h)
        outer = self.page_rect.adjusted(-4000, -4000, 4000, 4000)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(17, 20, 38, 110 if self.show_frame else 150))
        p.drawRect(QRectF(outer.left(), outer.top(), outer.width(), y - outer.top()))
        p.drawRect(QRectF(outer.left(), y + h, outer.width(), outer.bottom() - y - h))
        p.drawRect(QRectF(outer.left(), y, x - outer.left(), h))
        p.drawRect(QRectF(x + w, y, outer.right() - x - w, h))
        # Smooth edges only for the round things (anti-aliasing big rectangles costs frames).
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.show_frame:
            p.setPen(QPen(_colour(style.VIEWPORT_FRAME), 2.5 * k))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(view)
        if s.dwell is not None:
            x, y, elapsed, duration = s.dwell
            r = style.DWELL_MAX_RADIUS * style.dwell_ring(elapsed, duration) * k
            p.setPen(QPen(_colour(style.DWELL, 0.85), 3 * k))
            p.setBrush(_colour(style.DWELL, 0.12))
            p.drawEllipse(QPointF(x, y), r, r)
        if len(s.trail) > 1:
            # Fading by age, in a few steps: one polyline per step instead of a line per sample.
            steps = 5
            level = np.minimum((s.trail_age / self.trail_ms * steps).astype(int), steps - 1)
            for step in range(steps):
                idx = np.flatnonzero(level[:-1] == step)
                if not len(idx):
                    continue
                alpha = 0.85 * (1.0 - step / steps)
                p.setPen(
                    QPen(
                        _colour(style.TRAIL, alpha),
                        style.TRAIL_WIDTH * k,
                        Qt.PenStyle.SolidLine,
                        Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin,
                    )
                )
                # Consecutive segments of one step form runs: draw each run as one polyline.
                breaks = np.flatnonzero(np.diff(idx) > 1) + 1
                for run in np.split(idx, breaks):
                    pts = s.trail[run[0] : run[-1] + 2]
                    p.drawPolyline(QPolygonF([QPointF(x, y) for x, y in pts]))
        for x, y, age, is_tap in s.ripples:
            radius, opacity = style.ripple(age, self.ripple_ms)
            colour = style.TAP if is_tap else style.CLICK
            r = (style.TAP_RADIUS if is_tap else style.RIPPLE_MAX_RADIUS) * radius * k
            p.setPen(QPen(_colour(colour, opacity), 3 * k))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(x, y), r, r)
            if is_tap:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(_colour(colour, 0.8 * opacity))
                p.drawEllipse(QPointF(x, y), 6 * k, 6 * k)
        if s.cursor is not None:
            cx, cy = s.cursor
            h = style.CURSOR_HEIGHT * k
            shape = QPolygonF([QPointF(cx + px * h, cy + py * h) for px, py in style.CURSOR_SHAPE])
            path = QPainterPath()
            path.addPolygon(shape)
            path.closeSubpath()
            p.setPen(QPen(_colour(style.CURSOR_EDGE), 1.3 * k))
            p.setBrush(_colour(style.CURSOR_FILL))
            p.drawPath(path)
