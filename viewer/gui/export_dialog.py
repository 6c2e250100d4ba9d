"""File > Export Heatmap: which part of the page, how large, legend or not, and where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from viewer.gui.file_field import SaveFileField, lay_out_save_dialog
from viewer.gui.plain import plain_label


class ExportDialog(QDialog):
    """Asks for the export area, zoom, legend and file; :meth:`choice` returns them."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        page_size: tuple[float, float],
        visible: QRectF,
        selected: QRectF | None,
        zoom: float,
        suggested: Path,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Heatmap")
        self._page_size = page_size
        self._visible = visible
        self._selected = selected
        self.full = QRadioButton(f"Full page ({page_size[0]:,.0f} x {page_size[1]:,.0f} px)")
        self.visible = QRadioButton(
            f"Visible area ({visible.width():,.0f} x {visible.height():,.0f} px)"
        )
        sel_text = (
            "Selected rectangle (Shift+drag on the page to draw one)"
            if selected is None
            else f"Selected rectangle ({selected.width():,.0f} x {selected.height():,.0f} px)"
        )
        self.selected = QRadioButton(sel_text)
        self.selected.setEnabled(selected is not None)
        group = QButtonGroup(self)
        for b in (self.full, self.visible, self.selected):
            group.addButton(b)
        (self.selected if selected is not None else self.full).setChecked(True)
        self.zoom = QDoubleSpinBox()
        self.zoom.setRange(0.1, 8.0)
        self.zoom.setSingleStep(0.25)
        self.zoom.setDecimals(2)
        self.zoom.setValue(zoom)
        self.zoom.setSuffix(" px per CSS px")
        self.legend = QCheckBox("Add a legend below the image")
        self.legend.setChecked(True)
        self.path = SaveFileField(suggested, "Export Heatmap", "PNG image (*.png)", ".png")
        form = QFormLayout()
        area = QVBoxLayout()
        for b in (self.full, self.visible, self.selected):
            area.addWidget(b)
        form.addRow(plain_label("Area"), area)
        form.addRow(plain_label("Scale"), self.zoom)
        form.addRow(plain_label(""), self.legend)
        form.addRow(plain_label("File"), self.path)
        lay_out_save_dialog(
            self, form, "Every setting is stored in the PNG, so the export can be redone."
        )

    def region(self) -> tuple[float, float, float, float] | None:
        if self.visible.isChecked():
            r = self._visible
        elif self.selected.isChecked() and self._selected is not None:
            r = self._selected
        else:
            return None
        return (round(r.x(), 2), round(r.y(), 2), round(r.width(), 2), round(r.height(), 2))

    def choice(self) -> tuple[Path, tuple | None, float, bool]:
        return self.path.path(), self.region(), self.zoom.value(), self.legend.isChecked()
