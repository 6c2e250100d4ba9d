"""Areas of interest on the canvas: draw, move, resize, rename, delete, undo, save.

Regions show as labelled boxes with their click-through rate. Every change is an undoable step
and is saved at once, atomically, to the page's ``regions.json`` (never into a recording).
When the canvas shows an A/B variant whose region sits elsewhere, that variant's rectangle is
the one shown and edited.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from viewer.analysis.regions import Region, RegionStats, save_regions
from viewer.gui.canvas import PageCanvas
from viewer.gui.plain import plain_tooltip
from viewer.gui.region_labels import Placement, place_labels

EDGE = QColor(79, 70, 229)
HANDLE_PX = 10


def label_font() -> QFont:
    font = QFont()
    font.setPointSizeF(9)
    font.setBold(True)
    return font


class RegionItem(QGraphicsRectItem):
    """One region's box: drag to move it, drag its bottom-right corner to resize it,
    double-click to rename it."""

    def __init__(self, editor: RegionEditor, region: Region, rect: QRectF) -> None:
        super().__init__(rect)
        self.editor = editor
        self.region = region
        self.label = region.name
        self.value = ""
        self.setZValue(25)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        self._drag: tuple[str, QPointF, QRectF] | None = None
        self._hovered = False
        self.placement: Placement | None = None  # given by the editor (None: not drawn)
        self.placed = False  # whether the editor has placed the label yet

    def _scale(self) -> float:
        views = self.scene().views() if self.scene() else []
        return 1.0 / views[0].transform().m11() if views else 1.0

    def set_label(self, label: str, value: str, tip: str) -> None:
        """Show ``label`` and ``value`` (the CTR) on the box, and ``tip`` on hover."""
        self.prepareGeometryChange()
        self.label, self.value = label, value
        self.setToolTip(plain_tooltip(tip))
        self.update()

    def texts(self) -> tuple[str, str]:
        """The label's whole text (name and number) and its compact one (the number, or the
        name shortened)."""
        whole = self.label if not self.value else f"{self.label} · {self.value}"
        compact = self.value or QFontMetrics(label_font()).elidedText(
            self.label, Qt.TextElideMode.ElideRight, 90
        )
        return whole, compact

    def _label_layout(self, k: float) -> tuple[str, float, float, float] | None:
        """The label as drawn: text, width, left and top in screen px relative to the box's
        top-left corner (None: no room for it; the tooltip says it)."""
        metrics = QFontMetrics(label_font())
        r = self.rect()
        whole = self.texts()[0]
        if self.isSelected() or self._hovered:  # hovered or selected: whole, above the box
            top = -20.0 if r.top() / k >= 20 else 2.0
            return whole, metrics.horizontalAdvance(whole) + 12, 0.0, top
        if self.placed:
            p = self.placement
            return None if p is None else (p.text, p.width, p.dx, p.dy)
        top = -20.0 if r.top() / k >= 20 else 2.0  # until placed: above, whole
        return whole, metrics.horizontalAdvance(whole) + 12, 0.0, top

    def set_placement(self, placement: Placement | None) -> None:
        self.prepareGeometryChange()
        self.placement, self.placed = placement, True
        self.update()

    def boundingRect(self) -> QRectF:
        k = self._scale()
        r = self.rect()
        layout = self._label_layout(k)
        if layout is None:
            return r.adjusted(-4 * k, -4 * k, 4 * k, 4 * k)
        _, width, dx, dy = layout
        left = min(-4 * k, dx * k - 2 * k)
        right = max(4 * k, (dx + width) * k - r.width() + 4 * k)
        top = min(-4 * k, dy * k - 4 * k)
        bottom = max(4 * k, (dy + 18) * k - r.height() + 4 * k)
        return r.adjusted(left, top, right, bottom)

    def hoverEnterEvent(self, event) -> None:
        self.prepareGeometryChange()
        self._hovered = True
        self.setZValue(26)

    def hoverLeaveEvent(self, event) -> None:
        self.prepareGeometryChange()
        self._hovered = False
        self.setZValue(26 if self.isSelected() else 25)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedChange:
            self.prepareGeometryChange()
            self.setZValue(26 if value else 25)
        return super().itemChange(change, value)

    def paint(self, p: QPainter, option, widget=None) -> None:
        k = 1.0 / max(p.worldTransform().m11(), 1e-6)
        r = self.rect()
        selected = self.isSelected()
        p.setPen(
            QPen(
                EDGE,
                (2.5 if selected else 1.5) * k,
                Qt.PenStyle.SolidLine if selected else Qt.PenStyle.DashLine,
            )
        )
        p.setBrush(QColor(79, 70, 229, 40 if selected else 18))
        p.drawRect(r)
        layout = self._label_layout(k)
        p.save()
        p.translate(r.topLeft())
        p.scale(k, k)
        if layout is not None:
            text, width, dx, top = layout
            p.setFont(label_font())
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(EDGE)
            p.drawRoundedRect(QRectF(dx, top, width, 18), 3, 3)
            p.setPen(QColor(255, 255, 255))
            p.drawText(QRectF(dx + 6, top, width, 18), Qt.AlignmentFlag.AlignVCenter, text)
        if selected:
            p.setBrush(EDGE)
            p.setPen(QPen(QColor(255, 255, 255), 1))
            p.drawRect(
                QRectF(r.width() / k - HANDLE_PX, r.height() / k - HANDLE_PX, HANDLE_PX, HANDLE_PX)
            )
        p.restore()

    def _near_corner(self, pos: QPointF) -> bool:
        k = self._scale()
        corner = self.rect().bottomRight()
        return abs(pos.x() - corner.x()) <= HANDLE_PX * k and abs(pos.y() - corner.y()) <= (
            HANDLE_PX * k
        )

    def hoverMoveEvent(self, event) -> None:
        self.setCursor(
            Qt.CursorShape.SizeFDiagCursor
            if self._near_corner(event.pos())
            else Qt.CursorShape.SizeAllCursor
        )

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.scene().clearSelection()
        self.setSelected(True)
        mode = "resize" if self._near_corner(event.pos()) else "move"
        self._drag = (mode, event.scenePos(), QRectF(self.rect()))
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if self._drag is None:
            return
        mode, start, rect = self._drag
        d = event.scenePos() - start
        if mode == "move":
            self.setRect(rect.translated(d))
        else:
            self.setRect(
                QRectF(
                    rect.topLeft(),
                    QPointF(
                        max(rect.left() + 4, rect.right() + d.x()),
                        max(rect.top() + 4, rect.bottom() + d.y()),
                    ),
                )
            )

    def mouseReleaseEvent(self, event) -> None:
        if self._drag is not None and self.rect() != self._drag[2]:
            self.editor.change_rect(self.region.name, self.rect())
        self._drag = None

    def mouseDoubleClickEvent(self, event) -> None:
        self.editor.rename_requested.emit(self.region.name)


class _ReplaceRegions(QUndoCommand):
    def __init__(
        self, editor: RegionEditor, before: list[Region], after: list[Region], text: str
    ) -> None:
        super().__init__(text)
        self.editor, self.before, self.after = editor, before, after

    def redo(self) -> None:
        self.editor._apply(self.after)

    def undo(self) -> None:
        self.editor._apply(self.before)


class RegionEditor(QObject):
    """Keeps a page's regions, their boxes on the canvas, the undo history, and the sidecar.

    Signals
    -------
    regions_changed(regions)
        The regions changed (after an edit, an undo or a load).
    rename_requested(name)
        The user asked to rename a region (double-click).
    save_failed(message)
        The sidecar could not be written.
    """

    regions_changed = Signal(list)
    rename_requested = Signal(str)
    save_failed = Signal(str)

    def __init__(self, canvas: PageCanvas, parent=None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.undo_stack = QUndoStack(self)
        self.regions: list[Region] = []
        self.items: dict[str, RegionItem] = {}
        self.path: Path | None = None
        self.page_id = ""
        self.variant: str | None = None
        self.visible = True
        self._removed: list[RegionItem] = []
        canvas.rectangle_drawn.connect(self._on_drawn)
        canvas.zoom_changed.connect(lambda *_: self.layout_labels())

    # -- the page ------------------------------------------------------------------------------
    def set_page(
        self, page_id: str, regions: list[Region], path: Path | None, variant: str | None = None
    ) -> None:
        self.page_id, self.path, self.variant = page_id, path, variant
        self.undo_stack.clear()
        self._apply(list(regions), save=False)
        for item in self.items.values():
            item.setSelected(False)  # a selection belongs to the page it was made on

    def set_variant(self, variant: str | None) -> None:
        if variant != self.variant:
            self.variant = variant
            self._rebuild()

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        for item in self.items.values():
            item.setVisible(visible)

    def set_stats(self, stats: list[RegionStats]) -> None:
        """Show each region's CTR on its label."""
        by_name = {s.region.name: s for s in stats}
        for name, item in self.items.items():
            s = by_name.get(name)
            if s is not None and s.impressions and not math.isnan(s.ctr.value):
                item.set_label(
                    name,
                    f"{100 * s.ctr.value:.1f} %",
                    f"{name}: CTR {s.ctr.text()}; {s.clickers} of the {s.impressions} sessions "
                    f"that saw it clicked it",
                )
            else:
                item.set_label(name, "", f"{name}: not seen in these sessions")
        self.layout_labels()

    def layout_labels(self) -> None:
        """Place every label where it shows whole and covers no other (see region_labels):
        at fit width a name is not cut to its box, and at low zoom labels do not pile up."""
        zoom = self.canvas.zoom
        metrics = QFontMetrics(label_font())
        items = sorted(self.items.values(), key=lambda i: (i.rect().top(), i.rect().left()))
        boxes = [
            (r.left() * zoom, r.top() * zoom, r.right() * zoom, r.bottom() * zoom)
            for r in (i.rect() for i in items)
        ]
        page_right = self.canvas.page_size[0] * zoom
        places = place_labels(
            boxes, [i.texts() for i in items], metrics.horizontalAdvance, page_right=page_right
        )
        for item, place in zip(items, places, strict=True):
            item.set_placement(place)

    # -- edits ---------------------------------------------------------------------------------
    def add(self, name: str, rect: QRectF) -> None:
        name = self._unique(name)
        region = Region(name, _tuple(rect))
        self._push([*self.regions, region], f"Add region {name}")

    def change_rect(self, name: str, rect: QRectF) -> None:
        after = [r.moved(_tuple(rect), self.variant) if r.name == name else r for r in self.regions]
        self._push(after, f"Move region {name}")

    def rename(self, name: str, new_name: str) -> None:
        new_name = new_name.strip()
        if not new_name or new_name == name or new_name in {r.name for r in self.regions}:
            return
        after = [
            Region(new_name, r.rect, r.variants) if r.name == name else r for r in self.regions
        ]
        self._push(after, f"Rename region {name}")

    def delete(self, name: str) -> None:
        self._push([r for r in self.regions if r.name != name], f"Delete region {name}")

    def replace_all(self, regions: list[Region]) -> None:
        self._push(list(regions), "Load regions")

    def selected(self) -> str | None:
        for name, item in self.items.items():
            if item.isSelected():
                return name
        return None

    def _unique(self, name: str) -> str:
        names = {r.name for r in self.regions}
        if name not in names:
            return name
        i = 2
        while f"{name} {i}" in names:
            i += 1
        return f"{name} {i}"

    def _push(self, after: list[Region], text: str) -> None:
        self.undo_stack.push(_ReplaceRegions(self, list(self.regions), after, text))

    def _apply(self, regions: list[Region], save: bool = True) -> None:
        self.regions = list(regions)
        self._rebuild()
        if save and self.path is not None:
            try:
                save_regions(self.path, self.regions, self.page_id)
            except OSError as e:
                self.save_failed.emit(
                    f"Could not save the regions to {self.path}: {e.strerror or e}"
                )
        self.regions_changed.emit(self.regions)

    def _rebuild(self) -> None:
        """Make the boxes match the regions: existing boxes are updated in place (an edit
        usually comes from inside one of their own mouse handlers, so they must live on)."""
        scene = self.canvas.scene()
        old, self.items = self.items, {}
        for region in self.regions:
            x, y, w, h = region.rect_for(self.variant)
            item = old.pop(region.name, None)
            if item is None:
                item = RegionItem(self, region, QRectF(x, y, w, h))
                scene.addItem(item)
            else:
                item.prepareGeometryChange()
                item.region = region
                item.setRect(QRectF(x, y, w, h))
            item.setVisible(self.visible)
            self.items[region.name] = item
        for item in old.values():
            scene.removeItem(item)
            # Deleted once the event that removed it (maybe its own double-click) is over.
            self._removed.append(item)
            QTimer.singleShot(0, self._removed.clear)
        self.layout_labels()

    def _on_drawn(self, rect: QRectF) -> None:
        if rect.width() >= 4 and rect.height() >= 4:
            self.add(f"Region {len(self.regions) + 1}", rect)
            self.items[self.regions[-1].name].setSelected(True)


def _tuple(rect: QRectF) -> tuple[float, float, float, float]:
    return (round(rect.x(), 1), round(rect.y(), 1), round(rect.width(), 1), round(rect.height(), 1))
