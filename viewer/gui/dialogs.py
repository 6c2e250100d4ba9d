"""The questions the window asks the user: which file or folder to open, where to write an
export, which screenshot belongs to recordings that came without one, and why a file was not
written. Each returns the answer (None: the user declined)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from viewer.gui.clip_dialog import ClipDialog
from viewer.gui.export_dialog import ExportDialog
from viewer.importers.pages import ScreenshotSpec
from viewer.outputs import OutputRefused, check_output, files_of
from viewer.replay.clip import ClipOptions
from viewer.workspace.pages import LoadedRecordings


def ask_recording_file(parent: QWidget, folder: Path) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Open Recording",
        str(folder),
        "Recordings and rrweb files (*.json *.json.gz);;All files (*)",
    )
    return Path(path) if path else None


def ask_recordings_folder(parent: QWidget, folder: Path) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, "Open Folder of Recordings", str(folder))
    return Path(path) if path else None


def ask_screenshot(parent: QWidget, data: LoadedRecordings) -> ScreenshotSpec | None:
    """rrweb recordings without a page: the screenshot of the first URL they visit."""
    url = data.library.needs_screenshot[0]
    path, _ = QFileDialog.getOpenFileName(
        parent,
        f"Screenshot of {url or 'the recorded page'}",
        str(data.path.parent if data.path.is_file() else data.path),
        "Full-page screenshots (*.png *.jpg *.jpeg *.webp);;All files (*)",
    )
    return ScreenshotSpec(Path(path), url=url) if path else None


def ask_clip(
    parent: QWidget, start: float, end: float, suggested: Path
) -> tuple[Path, ClipOptions] | None:
    """Where and how to write a replay clip of ``start``-``end`` ms."""
    dialog = ClipDialog(parent, start, end, suggested)
    if dialog.exec() != ClipDialog.DialogCode.Accepted:
        return None
    return dialog.path(), dialog.options()


def ask_heatmap_export(parent: QWidget, page, canvas, suggested: Path):
    """Where to export the map, of which part of the page, at which zoom, with a legend or
    not: ``(path, region, zoom, legend)``."""
    dialog = ExportDialog(
        parent,
        page_size=(page.width, page.height),
        visible=canvas.visible_region(),
        selected=canvas.selected_region,
        zoom=page.device_pixel_ratio,
        suggested=suggested,
    )
    if dialog.exec() != ExportDialog.DialogCode.Accepted:
        return None
    return dialog.choice()


def refusal(parent: QWidget, path: Path, library) -> QMessageBox | None:
    """Why ``path`` may not be written, shown in a (non-modal) box: never a file of the opened
    ``library`` (the save dialog has asked before replacing anything else). None: it may."""
    try:
        check_output(path, files_of(library) if library is not None else set(), force=True)
    except OutputRefused as e:
        box = QMessageBox(QMessageBox.Icon.Warning, "Not written", str(e), parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setModal(False)
        box.show()
        return box
    return None
