"""Errors never kill the app: any exception in a slot or a worker is shown and logged."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from viewer.textformat import shown_path

log = logging.getLogger("session-viewer")


class ErrorReporter(QObject):
    """Shows errors in a (non-blocking) dialog and logs them with their traceback.

    Installed as ``sys.excepthook``, it also catches exceptions raised in Qt slots, which
    PySide6 hands to the hook and then carries on.
    """

    reported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self.messages: list[str] = []
        self._previous_hook = None
        self.dialog: QMessageBox | None = None

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self._hook

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            self._previous_hook = None

    def _hook(self, kind, value, tb) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        self.report(f"{kind.__name__}: {value}", details)

    def report(self, message: str, details: str = "", title: str = "Something went wrong") -> None:
        log.error("%s\n%s", message, details)
        if details:
            print(details, file=sys.stderr)
        self.messages.append(message)
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote recordings
        box.setText(shown_path(message))
        box.setInformativeText("The app is still running; nothing was changed on disk.")
        if details:
            box.setDetailedText(details)
        box.setModal(False)
        box.show()
        self.dialog = box
        self.reported.emit(message)
