"""Screenshots of the window as a user sees it, for looking at and for the README.

Not a test: run it on a real X server (Xvfb) at a screen size, and look at every picture::

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python tests/window_screens.py OUT

It opens the demo and takes, of the whole screen: the click map after scrolling, a replay with
its event list, the scroll map, the metrics tab, and the compare view.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def wait(signal=None, ms: int = 20_000) -> None:
    """Run the event loop until ``signal`` fires (or ``ms`` pass), then a little more for
    painting."""
    loop = QEventLoop()
    if signal is not None:
        signal.connect(loop.quit)
    QTimer.singleShot(ms if signal is not None else 300, loop.quit)
    loop.exec()
    settle = QEventLoop()
    QTimer.singleShot(400, settle.quit)
    settle.exec()


def shoot(out: Path, name: str) -> None:
    screen = QApplication.primaryScreen()
    screen.grabWindow(0).save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def main(out: Path) -> None:
    os.environ.setdefault("SESSION_VIEWER_DATA", tempfile.mkdtemp(prefix="screens-data-"))
    from viewer.gui.app import create_application
    from viewer.gui.main_window import MainWindow
    from viewer.gui.settings import AppSettings

    app = create_application(["session-viewer"])
    out.mkdir(parents=True, exist_ok=True)
    w = MainWindow(AppSettings(Path(tempfile.mkdtemp()) / "settings.ini"))
    w.show()
    w.open_demo()
    wait(w.heatmap_shown)
    wait(w.metrics.numbers_shown, 5000)
    bar = w.canvas.verticalScrollBar()
    for _ in range(6):
        bar.setValue(bar.value() + 120)
        wait()
    shoot(out, "1-click-map-scrolled")

    session = max(w.pages.current.sessions, key=lambda s: len(s.events.t))
    w.replays.play(session)
    w.replay.seek(session.end_ms * 0.4)
    wait()
    shoot(out, "2-replay-with-events")
    w.replays.exit()
    wait()

    w.state.set_kind("scroll")
    wait(w.heatmap_shown)
    shoot(out, "3-scroll-map")

    w.dock("metrics").raise_()
    wait()
    shoot(out, "4-metrics")
    w.dock("heatmap").raise_()
    w.state.set_kind("click")
    wait(w.heatmap_shown)

    w.open_compare()
    wait(w.compare.view.compared, 60_000)
    shoot(out, "5-compare")
    w.compare.view.close()
    w.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screens"))
