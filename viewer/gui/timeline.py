"""The replay timeline: the session's length, its markers and idle stretches, the playhead.

Press and drag to scrub (the page follows live); Shift+drag selects a range (to loop, to
export as a clip, or to map); hover for what happened there.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from viewer.gui.plain import plain_tooltip
from viewer.render.replay_style import MARKER_COLOURS
from viewer.replay.playhead import MARKER_KINDS, Playhead
from viewer.textformat import clock

#: The key under the timeline: marker kinds, and the shading of idle stretches. Dead and
#: error clicks are keyed only in sessions that have them (the others cannot say).
KEY = (
    ("click", "Click"),
    ("tap", "Tap"),
    ("dead", "Dead click"),
    ("error", "Error click"),
    ("rage", "Rage click"),
    ("dwell", "Rest"),
    ("scroll", "Scroll depth"),
    ("resize", "Resize"),
    ("idle", "Idle"),
)


def _diamond(x: float, y: float, r: float) -> QPolygonF:
    return QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])


def _head(p: QPainter, kind: str, colour: QColor, x: float, y: float) -> None:
    """The mark atop a marker's line that tells kinds apart without their colour: a diamond
    for a rage burst, a cross for a dead click, a triangle for an error click."""
    if kind == "rage":
        p.setBrush(colour)
        p.drawPolygon(_diamond(x, y, 4.5))
    elif kind == "dead":
        p.drawLine(QPointF(x - 3.5, y - 3.5), QPointF(x + 3.5, y + 3.5))
        p.drawLine(QPointF(x - 3.5, y + 3.5), QPointF(x + 3.5, y - 3.5))
    elif kind == "error":
        p.setBrush(colour)
        p.drawPolygon(QPolygonF([QPointF(x, y - 4), QPointF(x + 4, y + 3), QPointF(x - 4, y + 3)]))
    p.setBrush(Qt.BrushStyle.NoBrush)


class TimelineWidget(QWidget):
    """A horizontal timeline of one session.

    Signals
    -------
    seek_requested(ms)
        The user pressed or dragged the playhead to ``ms``.
    scrub_started(), scrub_finished()
        A drag of the playhead began or ended.
    range_changed(start, end)
        The selected range changed (start == end == -1 when cleared).
    """

    seek_requested = Signal(float)
    scrub_started = Signal()
    scrub_finished = Signal()
    range_changed = Signal(float, float)

    MARGIN = 12

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(74)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.playhead: Playhead | None = None
        self.position = 0.0
        self.selection: tuple[float, float] | None = None
        self._drag: str | None = None  # "scrub" or "select"
        self._select_from = 0.0
        self._background: QPixmap | None = None  # track, idle stretches, markers, labels

    def sizeHint(self) -> QSize:
        return QSize(600, 74)

    # -- model ---------------------------------------------------------------------------------
    def set_playhead(self, playhead: Playhead | None) -> None:
        self.playhead = playhead
        self.position = 0.0
        self.selection = None
        self._background = None
        self.update()

    def resizeEvent(self, event) -> None:
        self._background = None
        super().resizeEvent(event)

    def set_position(self, ms: float) -> None:
        if ms != self.position:
            self.position = ms
            self.update()

    def set_selection(self, selection: tuple[float, float] | None) -> None:
        self.selection = selection
        self.range_changed.emit(*(selection or (-1.0, -1.0)))
        self.update()

    # -- geometry -------------------------------------------------------------------------------
    @property
    def duration(self) -> float:
        return max(self.playhead.duration, 1.0) if self.playhead is not None else 1.0

    def x_of(self, ms: float) -> float:
        w = self.width() - 2 * self.MARGIN
        return self.MARGIN + w * (ms / self.duration)

    def ms_of(self, x: float) -> float:
        w = max(1, self.width() - 2 * self.MARGIN)
        return float(np.clip((x - self.MARGIN) / w * self.duration, 0.0, self.duration))

    # -- painting -------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        if self.playhead is None:
            p.fillRect(self.rect(), QColor(255, 255, 255))
            return
        # Everything that does not move is drawn once into a pixmap: a session can have tens
        # of thousands of markers, and playback repaints the timeline sixty times a second.
        if self._background is None or self._background.size() != self.size():
            self._background = self._paint_background()
        p.drawPixmap(0, 0, self._background)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        left = self.MARGIN
        track = self._track()
        x = self.x_of(self.position)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(79, 70, 229, 70))
        p.drawRect(QRectF(left, track.top(), x - left, track.height()))
        if self.selection is not None:
            a, b = self.selection
            p.setBrush(QColor(245, 158, 11, 90))
            p.setPen(QPen(QColor(217, 119, 6), 1))
            p.drawRect(QRectF(self.x_of(a), 18, self.x_of(b) - self.x_of(a), 22))
        p.setPen(QPen(QColor(55, 48, 163), 2))
        p.drawLine(QPointF(x, 4), QPointF(x, 40))
        p.setBrush(QColor(79, 70, 229))
        p.setPen(QPen(QColor(255, 255, 255), 1.5))
        p.drawEllipse(QPointF(x, 29), 6, 6)

    def _track(self) -> QRectF:
        return QRectF(self.MARGIN, 22, self.width() - 2 * self.MARGIN, 14)

    def _paint_background(self) -> QPixmap:
        ph = self.playhead
        assert ph is not None
        pixmap = QPixmap(self.size())
        pixmap.fill(QColor(255, 255, 255))
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = self._track()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(226, 230, 238))
        p.drawRoundedRect(track, 4, 4)
        # Idle stretches, shaded (merged per pixel: there can be thousands).
        p.setBrush(QColor(190, 196, 208))
        if len(ph.idle_gaps):
            x0 = np.floor(self.x_of(ph.idle_gaps[:, 0])).astype(int)
            x1 = np.ceil(self.x_of(ph.idle_gaps[:, 1])).astype(int)
            covered = np.zeros(self.width() + 2, dtype=np.int32)
            np.add.at(covered, np.clip(x0, 0, self.width()), 1)
            np.add.at(covered, np.clip(x1, 0, self.width() + 1), -1)
            shaded = np.cumsum(covered)[: self.width()] > 0
            edges = np.flatnonzero(np.diff(np.concatenate([[0], shaded.astype(int), [0]])))
            for a, b in zip(edges[::2], edges[1::2], strict=True):
                p.drawRect(QRectF(a, track.top(), b - a, track.height()))
        moments = getattr(ph, "moments", None)  # many sessions: how many click, over time
        if moments is not None:
            self._paint_moments(p, moments, ph.markers.t)
        else:
            self._paint_markers(p, ph.markers)
        p.setPen(QColor(90, 98, 112))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        p.setFont(small)
        for i in range(6):
            ms = self.duration * i / 5
            x = self.x_of(ms)
            if i == 0:
                box, align = QRectF(x, 40, 60, 14), Qt.AlignmentFlag.AlignLeft
            elif i == 5:
                box, align = QRectF(x - 60, 40, 60, 14), Qt.AlignmentFlag.AlignRight
            else:
                box, align = QRectF(x - 40, 40, 80, 14), Qt.AlignmentFlag.AlignHCenter
            p.drawText(box, align, clock(ms))
        self._paint_key(p, small)
        p.end()
        return pixmap

    def _paint_markers(self, p: QPainter, m) -> None:
        """Markers above the track: one line per pixel column and kind, however many."""
        for kind_index, kind in enumerate(MARKER_KINDS):
            sel = m.kind == kind_index
            if not sel.any():
                continue
            colour = QColor(*MARKER_COLOURS[kind])
            p.setPen(QPen(colour, 2.5 if kind == "rage" else 1.5))
            top = 6 if kind in ("click", "tap", "dead", "error", "rage") else 12
            for x in np.unique(np.round(self.x_of(m.t[sel]))):
                p.drawLine(QPointF(x, top), QPointF(x, 19))
                _head(p, kind, colour, x, 5)

    def _paint_moments(self, p: QPainter, moments, peaks: np.ndarray) -> None:
        """Many sessions: bars of how many sessions click in each stretch, and a dark
        pointer over each peak (the markers the event keys step to)."""
        if moments.sessions.max(initial=0) <= 0:
            return
        colour = QColor(*MARKER_COLOURS["click"])
        colour.setAlpha(120)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        top = float(moments.sessions.max())
        x0s, x1s = self.x_of(moments.edges[:-1]), self.x_of(moments.edges[1:])
        for b in np.flatnonzero(moments.sessions):
            h = 13.0 * moments.sessions[b] / top
            p.drawRect(QRectF(x0s[b], 19 - h, max(1.0, x1s[b] - x0s[b]), h))
        p.setBrush(QColor(*MARKER_COLOURS["rage"]))
        for x in self.x_of(peaks):
            p.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, 7)]))
        p.setBrush(Qt.BrushStyle.NoBrush)

    def key_entries(self) -> list[tuple[str, str]]:
        """The key's (kind, label) pairs: dead and error clicks only in a session that has
        them (elsewhere the recording may not be able to tell)."""
        ph = self.playhead
        if getattr(ph, "moments", None) is not None:
            return [("click", "Sessions clicking (marked: where most do)")]
        present = set() if ph is None else {MARKER_KINDS[k] for k in np.unique(ph.markers.kind)}
        return [(k, w) for k, w in KEY if k not in ("dead", "error") or k in present]

    def _paint_key(self, p: QPainter, font: QFont) -> None:
        """What the colours mean, in a row under the times (not only in hover tooltips)."""
        p.setFont(font)
        fm = p.fontMetrics()
        x, y = float(self.MARGIN), 58.0
        for kind, label in self.key_entries():
            w = 12 + 4 + fm.horizontalAdvance(label) + 12
            if x + w > self.width() - self.MARGIN:
                break  # what does not fit stays in the tooltips
            if kind == "idle":
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(190, 196, 208))
                p.drawRect(QRectF(x, y + 3, 12, 8))
            else:
                colour = QColor(*MARKER_COLOURS[kind])
                p.setPen(QPen(colour, 2.5 if kind == "rage" else 2))
                p.drawLine(QPointF(x + 6, y + 1), QPointF(x + 6, y + 13))
                _head(p, kind, colour, x + 6, y + 3)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QColor(75, 85, 99))
            p.drawText(QRectF(x + 16, y, w, 14), Qt.AlignmentFlag.AlignLeft, label)
            x += w

    # -- interaction ----------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if self.playhead is None or event.button() != Qt.MouseButton.LeftButton:
            return
        ms = self.ms_of(event.position().x())
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._drag = "select"
            self._select_from = ms
            self.set_selection((ms, ms))
        else:
            self._drag = "scrub"
            self.scrub_started.emit()
            self.seek_requested.emit(ms)

    def mouseMoveEvent(self, event) -> None:
        if self.playhead is None:
            return
        ms = self.ms_of(event.position().x())
        if self._drag == "scrub":
            self.seek_requested.emit(ms)
        elif self._drag == "select":
            a, b = sorted((self._select_from, ms))
            self.set_selection((a, b))
        else:
            self._show_tip(event, ms)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag == "scrub":
            self.scrub_finished.emit()
        elif self._drag == "select" and self.selection is not None:
            a, b = self.selection
            if b - a < 50:  # a click, not a drag: no range
                self.set_selection(None)
        self._drag = None

    def mouseDoubleClickEvent(self, event) -> None:
        self.set_selection(None)

    def _show_tip(self, event, ms: float) -> None:
        tip = plain_tooltip(self.tooltip_at(ms))
        QToolTip.showText(event.globalPosition().toPoint(), tip, self)

    def tooltip_at(self, ms: float) -> str:
        """What hovering at ``ms`` tells: the time, nearby markers, and whether it is idle."""
        ph = self.playhead
        if ph is None:
            return ""
        tolerance = self.duration * 6 / max(1, self.width())
        lines = [clock(ms)]
        lines += [
            f"{ph.markers.label[i]}  ({clock(ph.markers.t[i])})"
            for i in ph.markers.near(ms, tolerance)[:6]
        ]
        moments = getattr(ph, "moments", None)
        if moments is not None:
            b = int(np.searchsorted(moments.edges, ms, side="right")) - 1
            if 0 <= b < len(moments.sessions):
                lines.append(
                    f"{moments.sessions[b]} of {moments.n_sessions} sessions click between "
                    f"{clock(moments.edges[b])} and {clock(moments.edges[b + 1])}"
                )
        if ph.idle_end(ms) is not None:
            lines.append("idle: no events")
        return "\n".join(lines)
