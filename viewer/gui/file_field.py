"""Save dialogs' shared parts: a file path with a "Choose..." button that asks where to save,
and the dialog's layout around its form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.gui.plain import plain_label


def lay_out_save_dialog(dialog: QDialog, form: QFormLayout, note: str) -> None:
    """Put ``form``, a muted ``note`` under it, and Save / Cancel buttons into ``dialog``."""
    label = plain_label(note)
    label.setObjectName("muted")
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(label)
    layout.addWidget(buttons)


class SaveFileField(QWidget):
    """A line edit for a path to write, and a button that opens a save dialog.

    Parameters
    ----------
    path
        The suggested path.
    caption, filters
        For the save dialog (``"PNG image (*.png)"``).
    default_suffix
        Added when the chosen name has none of the filter's suffixes (``".png"``).
    """

    def __init__(
        self,
        path: Path,
        caption: str,
        filters: str,
        default_suffix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caption, self.filters, self.default_suffix = caption, filters, default_suffix
        self.edit = QLineEdit(str(path))
        browse = QPushButton("Choose...")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.caption, self.edit.text(), self.filters)
        if not path:
            return
        suffixes = [p.strip("*) ").lower() for p in self.filters.split("(")[1:]]
        if self.default_suffix and not any(path.lower().endswith(x) for x in suffixes):
            path += self.default_suffix
        self.edit.setText(path)

    def path(self) -> Path:
        return Path(self.edit.text())
