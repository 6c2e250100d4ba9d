"""The page canvas: the screenshot and the heatmap over it; zoom and pan (the legend is a strip
below it: :mod:`viewer.gui.map_legend`).

Scene coordinates are page CSS px, whatever the screenshot's device pixel ratio, so everything
drawn on the page (heatmap, regions, replay) shares one coordinate system.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
)

from viewer.analysis.density import GridSpec
from viewer.gui.canvas_guides import Guides

ZOOM_STEPS = (0.1, 0.15, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """A QImage that owns a copy of an (h, w, 4) uint8 RGBA array."""
    rgba = np.ascontiguousarray(rgba)
    h, w, _ = rgba.shape
    image = QImage(rgba.data, w, h, rgba.strides[0], QImage.Format.Format_RGBA8888)
    return image.copy()  # detach from the numpy buffer, which may go away


class PageCanvas(QGraphicsView):
    """Shows a page screenshot with an optional heatmap overlay and legend.

    Signals
    -------
    pointer_moved(x, y)
        The pointer is over page position (x, y) in CSS px.
    pointer_left()
        The pointer left the page.
    zoom_changed(zoom)
        Screen pixels per CSS px changed.
    region_selected(rect)
        A rectangle was dragged with Shift held (page CSS px).
    rectangle_drawn(rect)
        In draw mode, a rectangle was dragged (to make a region).
    context_requested(page_point, screen_point)
        A right-click on the page.
    """

    pointer_moved = Signal(float, float)
    pointer_left = Signal()
    zoom_changed = Signal(float)
    region_selected = Signal(QRectF)
    rectangle_drawn = Signal(QRectF)
    context_requested = Signal(QPointF, QPoint)  # page point, screen point (a right-click)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(QBrush(QColor(233, 236, 242)))
        self.setMouseTracking(True)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # The screenshot is the view's background, which the view caches at screen resolution:
        # redrawing what lies over it (a replay frame sixty times a second) then never
        # rescales the screenshot, and scrolling only paints the newly exposed strip.
        self._page_pixmap: QPixmap | None = None
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self._overlay_item = QGraphicsPixmapItem()
        self._overlay_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._overlay_item.setZValue(10)
        self._selection = QGraphicsRectItem()
        self._selection.setPen(QPen(QColor(79, 70, 229), 0, Qt.PenStyle.DashLine))
        self._selection.setBrush(QBrush(QColor(79, 70, 229, 30)))
        self._selection.setZValue(20)
        self._selection.hide()
        for item in (self._overlay_item, self._selection):
            self._scene.addItem(item)
        self.guides = Guides(self._scene)  # a scroll map's fold and reach lines
        self._page_size = (0.0, 0.0)
        self._drag_start: QPointF | None = None
        self.selected_region: QRectF | None = None
        self._draw_mode = False
        self.overlay_updates = 0  # how many times the overlay changed (for tests)
        self.empty_text = ""  # shown in the middle while no page is shown
        self.fitting = True  # the page's width follows the view's (until a zoom is picked)

    # -- content -----------------------------------------------------------------------------
    def set_page(
        self, screenshot: QImage, width: float, height: float, keep_view: bool = False
    ) -> None:
        """Show a screenshot that covers ``width`` x ``height`` CSS px.

        With ``keep_view`` (another screenshot of the same page, such as an A/B variant) only
        the picture changes: the zoom, the scroll position, the overlay and the selection stay.
        """
        keep_view = keep_view and self._page_size == (float(width), float(height))
        self._page_pixmap = QPixmap.fromImage(screenshot)
        self._page_size = (float(width), float(height))
        self.resetCachedContent()
        self.viewport().update()
        if keep_view:
            return
        self._scene.setSceneRect(QRectF(0, 0, width, height))
        self.clear_overlay()
        self.clear_selection()
        self.fit_width()

    def clear_page(self) -> None:
        """Show no page (nothing open): the screenshot, overlay and selection go."""
        self._page_pixmap = None
        self._page_size = (0.0, 0.0)
        self._scene.setSceneRect(QRectF(0, 0, 1, 1))
        self.clear_overlay()
        self.clear_selection()
        self.resetTransform()
        self.zoom_changed.emit(self.zoom)
        self.resetCachedContent()
        self.viewport().update()

    def set_overlay(self, rgba: np.ndarray, grid: GridSpec) -> None:
        """Lay an RGBA image over the page, stretched over ``grid``'s rectangle."""
        self._overlay_item.setPixmap(QPixmap.fromImage(rgba_to_qimage(rgba)))
        cw, ch = grid.cell
        t = QTransform()
        t.translate(grid.x0, grid.y0)
        t.scale(cw, ch)
        self._overlay_item.setTransform(t)
        self._overlay_item.show()
        self.guides.set_visible(True)
        self.overlay_updates += 1

    def clear_overlay(self) -> None:
        self._overlay_item.setPixmap(QPixmap())
        self._overlay_item.hide()
        self.guides.clear()

    def hide_overlay(self) -> None:
        """Hide the heatmap (kept, for :meth:`set_overlay` to show again)."""
        self._overlay_item.hide()
        self.guides.set_visible(False)

    @property
    def page_size(self) -> tuple[float, float]:
        """The shown page's size in CSS px ((0, 0) without a page)."""
        return self._page_size

    @property
    def has_overlay(self) -> bool:
        return self._overlay_item.isVisible() and not self._overlay_item.pixmap().isNull()

    def overlay_image(self) -> QImage:
        return self._overlay_item.pixmap().toImage()

    # -- zoom --------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        """Show the page at ``zoom`` screen px per CSS px (the page no longer follows the
        window's width)."""
        self.fitting = False
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        zoom = float(np.clip(zoom, ZOOM_STEPS[0], ZOOM_STEPS[-1]))
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.zoom_changed.emit(zoom)

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self.zoom * 1.001]
        self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.zoom * 0.999]
        self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def fit_width(self) -> None:
        """Fit the page's width to the view, from its top; it goes on fitting as the window is
        resized, until the user picks a zoom."""
        self.fitting = True
        if self._page_size[0] <= 0:
            return
        self._refit()
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def _refit(self) -> None:
        """Fit the width again, keeping the page row at the top of the view where it is."""
        w = self._page_size[0]
        top = self.mapToScene(0, 0).y()
        self._apply_zoom(max(50, self.viewport().width() - 24) / w)
        self.centerOn(QPointF(w / 2, 0))
        self.verticalScrollBar().setValue(round(top * self.zoom))

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def visible_region(self) -> QRectF:
        """The part of the page in view (page CSS px)."""
        rect = self.mapToScene(self.viewport().rect()).boundingRect()
        return rect.intersected(QRectF(0, 0, *self._page_size))

    # -- selection ---------------------------------------------------------------------------
    def clear_selection(self) -> None:
        self.selected_region = None
        self._selection.hide()

    def select_region(self, rect: QRectF) -> None:
        rect = rect.normalized().intersected(QRectF(0, 0, *self._page_size))
        if rect.width() < 2 or rect.height() < 2:
            self.clear_selection()
            return
        self.selected_region = rect
        self._selection.setRect(rect)
        self._selection.show()
        self.region_selected.emit(rect)

    # -- events ------------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.0015 ** event.angleDelta().y()
            self.set_zoom(self.zoom * factor)
            event.accept()
            return
        super().wheelEvent(event)

    @property
    def draw_mode(self) -> bool:
        return self._draw_mode

    def set_draw_mode(self, on: bool) -> None:
        """In draw mode a plain drag draws a rectangle (for a new region) instead of panning."""
        self._draw_mode = on
        self.setDragMode(
            QGraphicsView.DragMode.NoDrag if on else QGraphicsView.DragMode.ScrollHandDrag
        )
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor
        )

    def mousePressEvent(self, event) -> None:
        starts_rectangle = event.button() == Qt.MouseButton.LeftButton and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            or (
                self._draw_mode
                and self.itemAt(event.position().toPoint()) in (None, self._overlay_item)
            )
        )
        if starts_rectangle:
            self._drag_start = self.mapToScene(event.position().toPoint())
            self._selection.setRect(QRectF(self._drag_start, self._drag_start))
            self._selection.show()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        p = self.mapToScene(event.position().toPoint())
        if self._drag_start is not None:
            self._selection.setRect(QRectF(self._drag_start, p).normalized())
            event.accept()
            return
        w, h = self._page_size
        if 0 <= p.x() < w and 0 <= p.y() < h:
            self.pointer_moved.emit(p.x(), p.y())
        else:
            self.pointer_left.emit()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_start is not None:
            end = self.mapToScene(event.position().toPoint())
            start, self._drag_start = self._drag_start, None
            if self._draw_mode and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._selection.hide()
                rect = QRectF(start, end).normalized().intersected(QRectF(0, 0, *self._page_size))
                self.rectangle_drawn.emit(rect)
            else:
                self.select_region(QRectF(start, end))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:
        p = self.mapToScene(event.pos())
        w, h = self._page_size
        if 0 <= p.x() < w and 0 <= p.y() < h:
            self.context_requested.emit(p, event.globalPos())
            event.accept()

    def leaveEvent(self, event) -> None:
        self.pointer_left.emit()
        super().leaveEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fitting and self._page_size[0] > 0:
            self._refit()
        self.viewport().update()

    def drawBackground(self, painter: QPainter, rect) -> None:
        painter.fillRect(rect, self.backgroundBrush())
        if self._page_pixmap is None or self._page_pixmap.isNull():
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        w, h = self._page_size
        painter.drawPixmap(QRectF(0, 0, w, h), self._page_pixmap, QRectF(self._page_pixmap.rect()))

    def drawForeground(self, painter: QPainter, rect) -> None:
        if self._page_pixmap is None and self.empty_text:
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor(90, 98, 112))
            # Wrapped within margins: a long message (a damaged screenshot's) is never cut.
            area = self.viewport().rect().adjusted(16, 16, -16, -16)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self.empty_text)
            painter.restore()
