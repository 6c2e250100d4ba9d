"""Fifty sessions replayed together: one query for all cursors, and playback at 60 fps.

The fifty are the first sessions of the demo's desktop page (the demo's behaviour model:
real-looking pointer paths, scrolls and clicks), lined up at their starts.

* crowd query: ``Crowd.state_at(t)`` for all fifty at 5,000 random times, against fifty
  single-session ``Playhead.state_at`` calls at the same times (what replaying them one by
  one in one frame would cost);
* playback: the crowd replaying in an offscreen window for 3 s at 1x and at 8x: frames per
  second from the frame times, the 95th percentile and the slowest frame (target: 60 fps);
* seek + repaint of canvas and timeline, 200 random times (target: <= 16 ms, one frame).

No hosted tool replays sessions together (rrweb issue #1382 asks for it): the peer is our own
one-at-a-time replay.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np
from replay_window import ReplayWindow
from timing import table

from viewer.replay.crowd import MAX_SESSIONS, line_up
from viewer.replay.playhead import Playhead


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from viewer.demo import bundled_recordings
    from viewer.library import open_path

    library = open_path(bundled_recordings())
    page = next(p for p in library.pages if p.id == "brightside-desktop")
    sessions = library.sessions_of(page.id)[:MAX_SESSIONS]
    t0 = time.perf_counter()
    lineup = line_up(sessions)
    build = time.perf_counter() - t0
    crowd = lineup.crowd
    heads = [Playhead(s, page.height, crowd.settings) for s in sessions]
    rng = np.random.default_rng(0)
    times = rng.uniform(0, crowd.duration, 5_000)
    for t in times[:50]:
        crowd.state_at(t)
    t0 = time.perf_counter()
    for t in times:
        crowd.state_at(t)
    per_crowd = (time.perf_counter() - t0) / len(times)
    t0 = time.perf_counter()
    for t in times[:1000]:
        for ph in heads:
            ph.state_at(t)
    per_loop = (time.perf_counter() - t0) / 1000

    window = ReplayWindow(page)
    replay = window.replay
    replay.start_crowd(crowd, page, lineup.words, autoplay=False)

    def play_for(speed: float, start: float | None = None) -> tuple[float, float, float, float]:
        shown = []

        def count() -> None:
            if replay.state is not None:
                shown.append(replay.state.shown)

        at = float(rng.uniform(0, 20_000)) if start is None else start
        return (*window.play_for(at, speed, each_frame=count), float(np.mean(shown)))

    at1 = play_for(1.0)
    at8 = play_for(8.0)
    # The busiest case: the fifty longest sessions of the page, from their starts, every
    # cursor on the page for the whole run.
    longest = sorted(library.sessions_of(page.id), key=lambda s: -s.end_ms)[:MAX_SESSIONS]
    replay.start_crowd(line_up(longest).crowd, page, "longest", autoplay=False)
    busy = play_for(1.0, start=500.0)
    redraws = window.seek_repaints(rng.uniform(0, 30_000, 200))
    window.close()

    def fps_row(name, r):
        return [
            f"playback at {name}: fps / p95 frame / slowest",
            f"{r[0]:.0f} / {r[1]:.0f} ms / {r[2]:.0f} ms ({r[3]:.0f} cursors on the page)",
            "60 fps",
            "met" if r[0] >= 58 else "MISSED",
        ]

    rows = [
        ["line up 50 sessions (samples, click moments)", f"{build * 1000:.0f} ms", "", ""],
        [
            "all 50 cursors at t: Crowd.state_at",
            f"{per_crowd * 1e6:.0f} us",
            f"{per_loop / per_crowd:.1f}x faster",
            "",
        ],
        ["  peer: 50 Playhead.state_at calls", f"{per_loop * 1e6:.0f} us", "", ""],
        fps_row("1x", at1),
        fps_row("8x", at8),
        fps_row("1x, the 50 longest", busy),
        [
            "seek + repaint (median / slowest of 200)",
            f"{statistics.median(redraws):.1f} / {max(redraws):.1f} ms",
            "<= 16 ms",
            "met" if statistics.median(redraws) <= 16 else "MISSED",
        ],
    ]
    events = sum(len(s.events) for s in sessions)
    print(
        f"   {len(sessions)} sessions, {events:,} events, shared timeline "
        f"{crowd.duration / 1000:.0f} s, {len(crowd.markers.t)} peaks of clicking"
    )
    print(table(rows, ["measure", "result", "target", ""]))
