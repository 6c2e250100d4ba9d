"""Many sessions on one clock: each cursor where its own recording says, aligned at the
start or at the first view of a region, and the moments most sessions click."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import make_session

from viewer.recording import EventKind as K
from viewer.replay.crowd import MAX_SESSIONS, Crowd, crowd_colours, first_views
from viewer.replay.playhead import Playhead


def visitor(sid, rows, duration_ms=10_000, viewport=(1000, 800)):
    return make_session(rows, id=sid, duration_ms=duration_ms, viewport=viewport)


A = visitor("a", [(0, K.MOVE, 0, 0), (1000, K.MOVE, 100, 0), (3000, K.CLICK, 100, 50)])
B = visitor(
    "b",
    [
        (0, K.MOVE, 500, 500),
        (500, K.MOVE, 500, 600),
        (2000, K.SCROLL, 0, 900),
        (3100, K.CLICK, 520, 1500),
        (5000, K.MOVE, 10, 10),
    ],
    duration_ms=6000,
)


def test_every_cursor_is_where_its_own_playhead_puts_it():
    crowd = Crowd([A, B])
    heads = [Playhead(s, 3000, crowd.settings) for s in (A, B)]
    rng = np.random.default_rng(1)
    for t in [0, 250, 999, 1000, 2999, 3000, 4000, 5999, *rng.uniform(0, 10_000, 200)]:
        state = crowd.state_at(t)
        for i, ph in enumerate(heads):
            own = ph.state_at(t)
            if t > ph.duration:
                assert np.isnan(state.cursors[i]).all()  # a session over shows no cursor
                continue
            assert state.cursors[i] == pytest.approx(own.cursor), (i, t)
            trail = state.trail[state.trail_session == i]
            assert trail == pytest.approx(own.trail), (i, t)  # the same trail, and no other's
    state = crowd.state_at(500)
    assert state.cursors.tolist() == [[50.0, 0.0], [500.0, 600.0]]
    assert crowd.duration == 10_000
    ripples = crowd.state_at(3200).ripples
    assert sorted(map(tuple, ripples.tolist())) == [(100, 50, 200, 0), (520, 1500, 100, 1)]


def test_aligned_at_the_first_view_of_a_region():
    region = (0, 1400, 1000, 200)  # B scrolls it into view at 2000 ms; A never sees it
    seen = first_views([A, B], region)
    assert np.isnan(seen[0]) and seen[1] == 2000
    crowd = Crowd([B], offsets=np.array([2000.0]))
    assert crowd.duration == 4000
    assert crowd.state_at(0).cursors.tolist() == [[500.0, 600.0]]  # where it was at 2 s
    assert crowd.state_at(1100).ripples[:, :3].tolist() == [[520, 1500, 0]]


def test_the_timeline_marks_the_moments_most_sessions_click():
    clickers = [
        visitor(f"s{i}", [(0, K.MOVE, 1, 1), (4200 + 40 * i, K.CLICK, 5, 5)]) for i in range(5)
    ]
    lone = visitor("x", [(0, K.MOVE, 1, 1), (8100, K.CLICK, 5, 5), (8300, K.CLICK, 6, 6)])
    crowd = Crowd([*clickers, lone])
    assert crowd.moments.sessions[4] == 5 and crowd.moments.sessions[8] == 1  # sessions, not clicks
    assert crowd.markers.t.tolist() == [4500.0]  # one session alone is no moment of the crowd
    assert crowd.markers.label == ("5 of 6 sessions click within these 1 s",)
    assert crowd.next_event(0) == 4500 and crowd.previous_event(9000) == 4500


def test_at_most_fifty_and_fifty_distinct_colours():
    with pytest.raises(ValueError):
        Crowd([A] * (MAX_SESSIONS + 1))
    colours = crowd_colours(MAX_SESSIONS)
    assert len(set(colours)) == MAX_SESSIONS
    assert all(sum(c) < 3 * 200 for c in colours)  # none washed out on a white page
