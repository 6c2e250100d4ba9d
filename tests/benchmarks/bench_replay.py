"""Replay of a 1,000,000-event session (about 2 days long): queries, playback, scrubbing.

The session is made of simulated visits to the demo page played back to back (the demo's
behaviour model: real-looking pointer paths, scrolls and clicks), until it has 1,000,000 events.

* playhead query: ``state_at(t)`` at 20,000 random times (target: <= 50 us each);
* playback: the replay running in an offscreen window for 3 s at 1x and at 16x; frames per
  second from the frame times, and the slowest frame (target: 60 fps sustained);
* scrub: seek to a random time and repaint the canvas, 200 times (target: <= 16 ms).

For comparison, rrweb's own issue #1281 reports 2-3 s per seek on long recordings (it rebuilds
the page); PostHog measured 0.4-3.7 s freezes on a 6-hour recording.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np
from replay_window import ReplayWindow
from timing import table

from viewer.demo.generate import long_session
from viewer.replay.playhead import Playhead


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    session = long_session()
    t0 = time.perf_counter()
    ph = Playhead(session, page_height=5620)
    build = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    times = rng.uniform(0, ph.duration, 20_000)
    for t in times[:100]:
        ph.state_at(t)
    t0 = time.perf_counter()
    for t in times:
        ph.state_at(t)
    per_query = (time.perf_counter() - t0) / len(times)

    from viewer.demo import bundled_recordings
    from viewer.recording import load_page

    page = load_page(bundled_recordings() / "brightside-desktop" / "page.json")
    window = ReplayWindow(page)
    window.replay.start(session, page, autoplay=False)
    window.panel.skip_idle.setChecked(False)

    def play_for(speed: float) -> tuple[float, float, float]:
        return window.play_for(float(rng.uniform(0, ph.duration * 0.8)), speed)

    fps1 = play_for(1.0)
    fps16 = play_for(16.0)
    redraws = window.seek_repaints(rng.uniform(0, ph.duration, 200))
    window.close()

    rows = [
        ["build the playhead (markers, idle gaps)", f"{build * 1000:.0f} ms", "", ""],
        [
            "state_at(t), 20,000 random t",
            f"{per_query * 1e6:.1f} us",
            "<= 50 us",
            "met" if per_query <= 50e-6 else "MISSED",
        ],
        [
            "playback at 1x: fps / p95 frame / slowest",
            f"{fps1[0]:.0f} / {fps1[1]:.0f} ms / {fps1[2]:.0f} ms",
            "60 fps",
            "met" if fps1[0] >= 58 else "MISSED",
        ],
        [
            "playback at 16x: fps / p95 frame / slowest",
            f"{fps16[0]:.0f} / {fps16[1]:.0f} ms / {fps16[2]:.0f} ms",
            "60 fps",
            "met" if fps16[0] >= 58 else "MISSED",
        ],
        [
            "seek + repaint (median / slowest of 200)",
            f"{statistics.median(redraws):.1f} / {max(redraws):.1f} ms",
            "<= 16 ms",
            "met" if statistics.median(redraws) <= 16 else "MISSED",
        ],
    ]
    print(
        f"   session: {len(session.events):,} events, {ph.duration / 3.6e6:.1f} hours, "
        f"{len(ph.markers.t):,} markers"
    )
    print(table(rows, ["measure", "result", "target", ""]))
