"""Render the window on the demo to a PNG, headless: ``python -m viewer.gui.snapshot OUT.png
[click|move|dwell|scroll|metrics]`` (a heatmap, or the click map with the Metrics tab).

Used to make the README's picture and to look at the window on machines without a screen.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from viewer.state.heatmap_params import Kind


def snapshot(out: Path, kind: str = "click", size: tuple[int, int] = (1440, 900)) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from viewer.gui.app import create_application

    app = create_application()
    from viewer.gui.main_window import MainWindow
    from viewer.gui.settings import AppSettings

    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(AppSettings(Path(tmp) / "settings.ini"))
        window.resize(*size)
        window.show()
        shown: set[str] = set()
        window.page_shown.connect(lambda: shown.add("page"))
        window.heatmap_shown.connect(lambda: shown.add("heatmap"))
        window.metrics.numbers_shown.connect(lambda _: shown.add("metrics"))
        window.open_demo()
        deadline = time.monotonic() + 120
        while shown != {"page", "heatmap", "metrics"} and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        if kind == "metrics":
            window._docks["metrics"].raise_()
        elif kind != Kind.CLICK:
            shown.discard("heatmap")
            window.panel.set_kind(kind)
            while "heatmap" not in shown and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.005)
        for _ in range(20):
            app.processEvents()
        window.grab().save(str(out))
        window.close()
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "window.png")
    print(snapshot(target, *(sys.argv[2:3] or ["click"])))
