"""The window: start-up to the demo's click map, and a 10,000-session folder to its click map.

* start-up: a new Python process starts the app on the bundled demo; the time until the window
  shows the page with its click map (target: <= 2 s);
* big folder: opening a generated folder of 10,000 sessions (8,000 desktop, 2,000 mobile) in
  the window until its click map shows (target: <= 5 s), while a 5 ms timer on the GUI thread
  records the longest gap between its ticks: the longest the window froze (target: < 100 ms).

The big folder is generated once into ``bench-data/`` (git-ignored) with the demo generator.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from timing import table

ROOT = Path(__file__).resolve().parent.parent.parent
BIG = ROOT / "bench-data" / "demo-10k"

CHILD = textwrap.dedent(
    """
    import time
    from viewer.gui.app import create_application
    app = create_application()
    from viewer.gui.main_window import MainWindow
    from viewer.gui.settings import AppSettings
    w = MainWindow(AppSettings({settings!r}))
    w.show()
    state = set()
    def done(what):
        state.add(what)
        if state == {{"page", "heatmap"}}:
            print("READY", flush=True)
            app.quit()
    w.page_shown.connect(lambda: done("page"))
    w.heatmap_shown.connect(lambda: done("heatmap"))
    w.open_demo()
    app.exec()
    """
)


def startup_seconds(settings: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(settings=str(settings))],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - t0
            break
    else:
        raise RuntimeError("the window never showed the demo")
    proc.wait(60)
    return elapsed


def ensure_big_folder() -> None:
    if (BIG / "brightside-desktop" / "page.json").exists():
        n = sum(1 for _ in BIG.rglob("*.session.json.gz"))
        if n == 10_000:
            return
    print("   generating 10,000 demo sessions into bench-data/ (once)...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "viewer", "demo", str(BIG), "--desktop", "8000", "--mobile", "2000"],
        check=True,
        cwd=ROOT,
    )


def open_big_folder(settings: Path) -> tuple[float, float, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from viewer.gui.app import create_application
    from viewer.gui.main_window import MainWindow
    from viewer.gui.settings import AppSettings

    app = create_application()
    w = MainWindow(AppSettings(settings))
    w.show()
    for _ in range(20):
        app.processEvents()
    gaps = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    state: set[str] = set()
    w.page_shown.connect(lambda: state.add("page"))
    w.heatmap_shown.connect(lambda: state.add("heatmap"))
    t0 = time.perf_counter()
    last[0] = t0
    timer.start()
    w.open_path(BIG)
    while state != {"page", "heatmap"}:
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - t0 > 120:
            raise RuntimeError("the big folder never showed")
    elapsed = time.perf_counter() - t0
    timer.stop()
    sessions = w.browser.model.rowCount()
    w.close()
    return elapsed, max(gaps), sessions


def run() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        runs = sorted(startup_seconds(Path(tmp) / f"s{i}.ini") for i in range(3))
        ensure_big_folder()
        big, freeze, shown = open_big_folder(Path(tmp) / "big.ini")
    start = runs[1]
    rows = [
        [
            "start-up to the demo's click map (median of 3)",
            f"{start:.2f} s",
            "<= 2 s",
            "met" if start <= 2 else "MISSED",
        ],
        [
            f"10,000-session folder to its click map ({shown:,} on the first page)",
            f"{big:.2f} s",
            "<= 5 s",
            "met" if big <= 5 else "MISSED",
        ],
        [
            "longest freeze of the window while opening it",
            f"{freeze * 1000:.0f} ms",
            "< 100 ms",
            "met" if freeze < 0.1 else "MISSED",
        ],
    ]
    print(table(rows, ["measure", "time", "target", ""]))
