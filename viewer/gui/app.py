"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from viewer import __version__


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with the app's name and a clean cross-platform style."""
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("session-viewer")
    app.setOrganizationName("session-viewer")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    return app


def run(path: Path | None = None, settings_path: Path | None = None, screenshot=None) -> int:
    """Open the window on ``path`` (the bundled demo when None) and run until it closes;
    ``screenshot`` (a ``ScreenshotSpec``) is the page of rrweb recordings without one."""
    app = create_application()
    import threading

    from viewer.analysis.binning import warm_up

    # The compiled density kernel loads (or, the first time on a machine, compiles) while the
    # window opens: the first map never waits on it on the GUI thread.
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    from viewer.gui.main_window import MainWindow
    from viewer.gui.settings import AppSettings

    window = MainWindow(AppSettings(settings_path))
    window.errors.install()
    window.show()
    if path is None:
        window.open_demo()
    else:
        window.open_path(path, screenshot)
    try:
        return app.exec()
    finally:
        window.errors.uninstall()
