"""Long runs: memory stays flat while replaying for a long time, and returns after a folder is
opened again and again.

The default run does a short version of each; ``pytest -m long tests/gui/test_long_runs.py``
does the full one (30 minutes of replay at 16x, a 10,000-session folder opened 10 times) and
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
        window.replay_session(session)
    window.replay_panel.skip_idle.setChecked(False)  # 16x of wall time, exactly
    window.replay.set_speed(16)
    window.replay.play()
    window.replay._timer.stop()  # the test drives the frames
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


def open_again_and_again(window, qtbot, folder, times: int) -> list[tuple[float, float]]:
    """(Python-traced MiB, resident MiB) after each opening, once its map is shown."""
    figures = []
    tracemalloc.start()
    try:
        for _ in range(times):
            with qtbot.waitSignals(
                [window.heatmap_shown, window.metrics.numbers_shown], timeout=LOAD_TIMEOUT * 3
            ):
                window.open_path(folder)
            qtbot.waitUntil(lambda: not window.jobs.busy(), timeout=LOAD_TIMEOUT)
            gc.collect()
            figures.append((tracemalloc.get_traced_memory()[0] / MiB, rss() / MiB))
    finally:
        tracemalloc.stop()
    return figures


def returns(figures: list[tuple[float, float]]) -> None:
    traced = [f[0] for f in figures]
    resident = [f[1] for f in figures]
    # What one opening holds is given back at the next: no growth after the second.
    assert max(traced[1:]) < traced[1] * 1.10 + 5, traced
    assert max(resident[2:]) - resident[1] < 150, resident


def test_opening_a_folder_again_and_again_gives_memory_back(window, qtbot, tmp_path_factory):
    folder = demo_folder(tmp_path_factory, 400, 100)
    returns(open_again_and_again(window, qtbot, folder, 5))


@pytest.mark.long
def test_a_10000_session_folder_opened_10_times(window, qtbot, tmp_path_factory):
    folder = demo_folder(tmp_path_factory, 8000, 2000)
    figures = open_again_and_again(window, qtbot, folder, 10)
    print("\n10,000 sessions opened 10 times (traced MiB, resident MiB):")
    print("  " + ", ".join(f"({a:.0f}, {b:.0f})" for a, b in figures))
    returns(figures)
