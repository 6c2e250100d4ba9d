"""A replay in an offscreen window, for the replay benchmarks: the canvas over the replay bar,
playback for a few seconds of wall time, and seeks with their repaints."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


class ReplayWindow:
    """The page ``page``'s screenshot on a canvas over a replay bar, 1280 x 860, shown."""

    def __init__(self, page) -> None:
        from PySide6.QtWidgets import QVBoxLayout, QWidget

        from viewer.gui.app import create_application
        from viewer.gui.canvas import PageCanvas
        from viewer.gui.loading import read_screenshot
        from viewer.gui.replay_mode import ReplayMode
        from viewer.gui.replay_panel import ReplayPanel

        self.app = create_application()
        self.host = QWidget()
        layout = QVBoxLayout(self.host)
        self.canvas, self.panel = PageCanvas(), ReplayPanel()
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.panel)
        self.host.resize(1280, 860)
        self.host.show()
        self.canvas.set_page(read_screenshot(page.path, page.screenshot), page.width, page.height)
        self.replay = ReplayMode(self.canvas, self.panel)

    def play_for(
        self,
        start: float,
        speed: float,
        seconds: float = 3.0,
        each_frame: Callable[[], None] | None = None,
    ) -> tuple[float, float, float]:
        """Play from ``start`` at ``speed`` for ``seconds``: frames per second, the 95th
        percentile and the slowest frame (ms). ``each_frame`` is called between events."""
        replay = self.replay
        replay.seek(start)
        replay.set_speed(speed)
        replay.frame_times.clear()
        replay.play()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            if each_frame is not None:
                each_frame()
        replay.pause()
        ft = np.array(replay.frame_times)
        gaps = np.diff(ft) * 1000
        fps = (len(ft) - 1) / (ft[-1] - ft[0])
        return fps, float(np.percentile(gaps, 95)), float(gaps.max())

    def seek_repaints(self, times) -> list[float]:
        """Seek to each of ``times`` and repaint the canvas and the timeline: ms each."""
        out = []
        for t in times:
            start = time.perf_counter()
            self.replay.seek(float(t))
            self.canvas.viewport().repaint()
            self.panel.timeline.repaint()
            out.append((time.perf_counter() - start) * 1000)
        return out

    def close(self) -> None:
        self.host.close()
