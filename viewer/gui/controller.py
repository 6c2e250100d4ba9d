"""What every controller of the window tells it: a line for the status bar, a job that failed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from viewer.gui.workers import JobError


class Controller(QObject):
    """The base of the window's controllers.

    Signals
    -------
    status(text, msecs)
        A line for the status bar (``object``: a name that is not UTF-8 arrives as it is, for
        the window to escape; a ``str`` signal would lose it).
    failed(title, error)
        A job failed: what could not be done, and the :class:`JobError`.
    """

    status = Signal(object, int)
    failed = Signal(str, object)

    def _failure(self, title: str) -> Callable[[JobError], None]:
        """A job's error handler that reports ``title`` and the error."""

        def report(error: JobError) -> None:
            self.failed.emit(title, error)

        return report
