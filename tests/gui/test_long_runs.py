"""Long runs: memory stays flat while replaying for a long time, and is given back each time a
folder is closed.

The default run does a short version of each; ``pytest -m long tests/gui/test_long_runs.py``
does the full one (30 minutes of replay at 16x, a 10,000-session folder opened and closed 10
times) and
prints the memory figures.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tracemalloc

import pytest
from helpers import LOAD_TIMEOUT, REPO
from PySide6.QtWidgets import QApplication

from viewer.demo.generate import long_session

MiB = 1 << 20


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def replay_for(window, qtbot, minutes: float, fps: int = 60) -> list[int]:
    """Play a long session at 16x for ``minutes`` of wall time (a fake clock; every frame
    painted, the view following the visitor); the resident memory after each second."""
    # About 4.5 events per second of these visits, and a margin.
    session = long_session(int(minutes * 60 * 16 * 4.5 * 1.2) + 5000)
    window.replay.now = clock = FakeClock()
    with qtbot.waitSignal(window.replay.frame_shown, timeout=LOAD_TIMEOUT):
        window.replays.play(session)
    window.replay_panel.skip_idle.setChecked(False)  # 16x of wall time, exactly
    window.replay.set_speed(16)
    window.replay.play()
    window.replay.stop_frame_timer()  # the test drives the frames
    samples = []
    for i in range(int(minutes * 60 * fps)):
        clock.t += 1.0 / fps
        window.replay.tick()
        QApplication.processEvents()  # paint the frame
        if i % fps == 0:
            samples.append(rss())
    assert window.replay.playing, "the session ended before the run did"
    assert window.replay.position == pytest.approx(minutes * 60_000 * 16)
    return samples


def flat(samples: list[int], bound_mib: float) -> tuple[float, float]:
    """Growth (MiB) from the end of the warm-up (first quarter) to the largest later sample."""
    warm = samples[len(samples) // 4]
    growth = (max(samples[len(samples) // 4 :]) - warm) / MiB
    assert growth < bound_mib, f"memory grew by {growth:.1f} MiB"
    return warm / MiB, growth


def test_replay_memory_is_flat(demo_window, qtbot):
    samples = replay_for(demo_window, qtbot, minutes=0.75)
    flat(samples, bound_mib=25)


@pytest.mark.long
def test_replay_30_minutes_at_16x_memory_is_flat(demo_window, qtbot):
    samples = replay_for(demo_window, qtbot, minutes=30)
    warm, growth = flat(samples, bound_mib=25)
    print(f"\nreplay 30 min at 16x: RSS {warm:.0f} MiB after warm-up, grew {growth:.1f} MiB")


def demo_folder(tmp_path_factory, desktop: int, mobile: int):
    out = tmp_path_factory.mktemp("many") / "demo"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "viewer",
            "demo",
            str(out),
            "--desktop",
            str(desktop),
            "--mobile",
            str(mobile),
        ],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    return out


def open_and_close(window, qtbot, folder, times: int) -> list[tuple[float, float, float]]:
    """Open ``folder`` (until its map and numbers are shown) and close it, ``times`` times:
    (Python-traced MiB while open, traced MiB after closing, resident MiB after closing), after
    a first (0, 0, resident MiB before opening)."""
    gc.collect()
    figures = [(0.0, 0.0, rss() / MiB)]  # before: the window with nothing open
    tracemalloc.start()
    try:
        for _ in range(times):
            with qtbot.waitSignals(
                [window.heatmap_shown, window.metrics.numbers_shown], timeout=LOAD_TIMEOUT * 3
            ):
                window.open_path(folder)
            qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=LOAD_TIMEOUT)
            gc.collect()
            opened = tracemalloc.get_traced_memory()[0] / MiB
            window.pages.close()
            QApplication.processEvents()
            gc.collect()
            figures.append((opened, tracemalloc.get_traced_memory()[0] / MiB, rss() / MiB))
    finally:
        tracemalloc.stop()
    return figures


def returns(figures: list[tuple[float, float, float]]) -> None:
    opened = [f[0] for f in figures[1:]]
    closed = [f[1] for f in figures[1:]]
    resident = [f[2] for f in figures[1:]]
    # Closing gives back what opening took (numpy's arrays are traced too), every time.
    assert max(closed) < min(closed) + 5, closed
    assert min(opened) - max(closed) > 5, (opened, closed)  # the measure can tell
    # The process does not grow from one cycle to the next (after the first, which warms up
    # caches and the allocator's arenas).
    assert max(resident[2:]) - resident[1] < 150, resident


def print_figures(title: str, figures) -> None:
    print(f"\n{title} (traced MiB open -> closed, resident MiB closed):")
    print(f"  resident before: {figures[0][2]:.0f} MiB")
    print("  " + ", ".join(f"{a:.0f}->{b:.1f} ({c:.0f})" for a, b, c in figures[1:]))


def test_closing_a_folder_gives_its_memory_back(window, qtbot, tmp_path_factory):
    folder = demo_folder(tmp_path_factory, 400, 100)
    figures = open_and_close(window, qtbot, folder, 5)
    print_figures("500 sessions opened and closed 5 times", figures)
    returns(figures)


@pytest.mark.long
def test_a_10000_session_folder_opened_and_closed_10_times(window, qtbot, tmp_path_factory):
    folder = demo_folder(tmp_path_factory, 8000, 2000)
    figures = open_and_close(window, qtbot, folder, 10)
    print_figures("10,000 sessions opened and closed 10 times", figures)
    returns(figures)
