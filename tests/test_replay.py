"""The replay core: state at any time, idle gaps, markers, the clock, rage clicks, clips."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import DEMO, make_session
from PIL import Image

from viewer.analysis.rage import RageRule, rage_bursts
from viewer.library import open_path
from viewer.recording import EventKind as K
from viewer.recording import load_page
from viewer.replay.clip import ClipOptions, export_clip
from viewer.replay.clock import SPEEDS, Clock, advance, faster, slower
from viewer.replay.playhead import MARKER_KINDS, Playhead, ReplaySettings

ROWS = [
    (0, K.MOVE, 10, 10),
    (100, K.MOVE, 20, 20),
    (150, K.CLICK, 20, 20, 0),
    (200, K.SCROLL, 0, 700),
    (300, K.RESIZE, 1200, 700),
    (400, K.DWELL, 20, 20, 1000),
    (5000, K.MOVE, 100, 400),
    (5100, K.MOVE, 110, 410),
]


@pytest.fixture
def playhead():
    s = make_session(ROWS, viewport=(1440, 900), duration_ms=9000)
    return Playhead(s, page_height=3000)


def test_cursor_is_interpolated_within_a_movement(playhead):
    st = playhead.state_at(50)
    assert st.cursor == (15.0, 15.0)
    assert playhead.state_at(100).cursor == (20.0, 20.0)
    assert playhead.state_at(5050).cursor == (105.0, 405.0)


def test_cursor_rests_across_a_long_gap(playhead):
    # 150 ms (click) to 5000 ms is longer than the 2 s idle threshold: the pointer stays put.
    assert playhead.state_at(2000).cursor == (20.0, 20.0)
    assert playhead.state_at(4999).cursor == (20.0, 20.0)


def test_scroll_and_viewport_in_force(playhead):
    assert playhead.state_at(199).scroll == (0.0, 0.0)
    assert playhead.state_at(200).scroll == (0.0, 700.0)
    assert playhead.state_at(299).viewport == (1440.0, 900.0)
    assert playhead.state_at(300).viewport == (1200.0, 700.0)
    st = playhead.state_at(250)
    assert st.viewport_rect == (0.0, 700.0, 1440.0, 900.0)
    assert st.cursor_in_viewport == (20.0, -680.0)


def test_out_of_range_times_are_clamped(playhead):
    before = playhead.state_at(-500)
    assert before.t == 0 and before.cursor == (10.0, 10.0) and before.scroll == (0.0, 0.0)
    after = playhead.state_at(10**9)
    assert after.t == 9000 and after.cursor == (110.0, 410.0)


def test_ripples_trail_and_dwell(playhead):
    st = playhead.state_at(500)
    assert st.ripples.tolist() == [[20.0, 20.0, 350.0, 0.0]]
    assert len(playhead.state_at(900).ripples) == 0  # older than 700 ms
    assert st.dwell == (20.0, 20.0, 100.0, 1000.0)
    assert playhead.state_at(1400).dwell is None
    trail = playhead.state_at(150)
    assert trail.trail.tolist() == [[10, 10], [20, 20], [20, 20], [20, 20]]
    assert trail.trail_age.tolist() == [150, 50, 0, 0]


def test_a_single_event_and_simultaneous_events():
    one = Playhead(make_session([(500, K.MOVE, 5, 6)], duration_ms=1000), 1000)
    assert one.state_at(0).cursor is None
    assert one.state_at(500).cursor == (5.0, 6.0)
    assert one.state_at(999).cursor == (5.0, 6.0)
    same = Playhead(
        make_session([(10, K.MOVE, 1, 1), (10, K.MOVE, 2, 2), (20, K.MOVE, 3, 3)]), 1000
    )
    assert same.state_at(10).cursor == (2.0, 2.0)  # the last of the simultaneous events
    assert same.state_at(15).cursor == (2.5, 2.5)
    empty = Playhead(make_session([], duration_ms=0), 1000)
    st = empty.state_at(0)
    assert st.cursor is None and len(st.trail) == 0 and st.scroll == (0.0, 0.0)


def test_idle_gaps_and_event_stepping(playhead):
    # No events from 400 ms (the rest begins) to 5000 ms, and from 5100 ms to the end.
    assert playhead.idle_gaps.tolist() == [[400.0, 5000.0], [5100.0, 9000.0]]
    assert playhead.state_at(3000).idle and not playhead.state_at(350).idle
    assert playhead.idle_end(3000) == 5000 and playhead.idle_end(350) is None
    # Stepping stops at the click, the scroll, the resize and the rest; never at a move.
    steps, t = [], 0.0
    while t < playhead.duration:
        t = playhead.next_event(t)
        steps.append(t)
    assert steps == [150.0, 200.0, 300.0, 400.0, 9000.0]
    assert playhead.previous_event(150) == 0 and playhead.previous_event(5100) == 400
    assert playhead.previous_event(0) == 0
    custom = Playhead(playhead.session, 3000, ReplaySettings(idle_ms=5000))
    assert custom.idle_gaps.tolist() == []


def test_skip_idle_jumps_exactly_over_gaps(playhead):
    clock = Clock(399.0, 10.0, 1.0, playing=True)
    step = advance(clock, 10.002, playhead.duration, idle_end=playhead.idle_end)
    assert step.position == 5000.0  # 401 ms is idle: straight to the gap's end
    assert step.clock.at(10.002) == 5000.0 and step.clock.at(10.012) == 5010.0
    no_skip = advance(clock, 10.002, playhead.duration)
    assert no_skip.position == pytest.approx(401.0)


def test_markers(playhead):
    kinds = [MARKER_KINDS[k] for k in playhead.markers.kind]
    # The first screen already showed 25 % of the 3000 px page; the scroll reached 50 %.
    assert kinds == ["click", "scroll", "resize", "dwell"]
    assert playhead.markers.label[1] == "scrolled to 50% of the page"
    rage = make_session(
        [
            (0, K.CLICK, 100, 100),
            (200, K.CLICK, 104, 98),
            (400, K.CLICK, 99, 103),
            (3000, K.CLICK, 500, 500),
        ]
    )
    ph = Playhead(rage, 1000)
    labels = [
        ph.markers.label[i]
        for i in range(len(ph.markers.t))
        if MARKER_KINDS[ph.markers.kind[i]] == "rage"
    ]
    assert labels == ["rage: 3 clicks in 0.4 s"]


def test_clock_is_a_pure_function_of_wall_time():
    c = Clock(position=1000.0, wall=50.0, speed=2.0, playing=True)
    assert c.at(50.5) == 2000.0
    paused = c.pause(51.0)
    assert paused.at(60.0) == 3000.0 and not paused.playing
    resumed = paused.play(70.0)
    assert resumed.at(71.0) == 5000.0
    faster_clock = resumed.with_speed(16.0, 71.0)
    assert faster_clock.at(71.5) == 5000.0 + 8000.0
    assert resumed.seek(123.0, 80.0).at(80.0) == 123.0
    # A dropped tick changes nothing: asking later gives the right, later position.
    assert c.at(52.0) == c.at(52.0)
    with pytest.raises(ValueError):
        c.with_speed(0, 1.0)


def test_speed_steps():
    assert SPEEDS == (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
    assert faster(1.0) == 2.0 and faster(16.0) == 16.0
    assert slower(1.0) == 0.5 and slower(0.5) == 0.5


def test_advance_stops_at_the_end_and_loops_a_range():
    c = Clock(9000.0, 0.0, 1.0, playing=True)
    end = advance(c, 2.0, 10_000)
    assert end.finished and end.position == 10_000 and not end.clock.playing
    loop = advance(Clock(2900.0, 0.0, 1.0, True), 0.250, 10_000, loop=(1000.0, 3000.0))
    assert loop.position == pytest.approx(1150.0) and not loop.finished
    paused = advance(Clock(500.0, 0.0, 1.0, False), 100.0, 10_000)
    assert paused.position == 500.0


@pytest.mark.parametrize(
    "clicks,expected",
    [
        ([(0, 0, 0), (400, 5, 5), (900, 10, 0)], [[0, 1, 2]]),  # 3 in 0.9 s, within 30 px
        ([(0, 0, 0), (400, 5, 5)], []),  # only 2
        ([(0, 0, 0), (500, 5, 5), (1001, 0, 0)], []),  # the third is 1.001 s after the first
        ([(0, 0, 0), (500, 5, 5), (1000, 0, 0)], [[0, 1, 2]]),  # exactly 1 s
        ([(0, 0, 0), (100, 31, 0), (200, 0, 0)], []),  # one is 31 px away
        ([(0, 0, 0), (100, 30, 0), (200, 0, 0)], [[0, 1, 2]]),  # exactly 30 px
        (
            [
                (0, 0, 0),
                (100, 1, 0),
                (200, 2, 0),
                (300, 3, 0),
                (2000, 0, 0),
                (2100, 0, 0),
                (2200, 0, 0),
            ],
            [[0, 1, 2, 3], [4, 5, 6]],
        ),
    ],
)
def test_rage_click_rule_at_and_around_its_thresholds(clicks, expected):
    t, x, y = (np.array(c, dtype=float) for c in zip(*clicks, strict=True))
    assert [b.tolist() for b in rage_bursts(t, x, y)] == expected


def test_rage_rule_is_editable():
    t, x, y = np.array([0, 300.0]), np.array([0, 1.0]), np.array([0, 1.0])
    assert [b.tolist() for b in rage_bursts(t, x, y, RageRule(min_clicks=2))] == [[0, 1]]


@pytest.mark.parametrize("suffix", [".webp", ".gif"])
def test_clip_export_has_the_expected_frames_and_size(tmp_path, suffix):
    lib = open_path(DEMO / "brightside-desktop")
    page = load_page(DEMO / "brightside-desktop" / "page.json")
    session = max(lib.sessions_of(page.id), key=lambda s: len(s.events))
    ph = Playhead(session, page.height)
    options = ClipOptions(start_ms=1000, end_ms=3000, fps=5, speed=1.0, width=320)
    out = tmp_path / f"clip{suffix}"
    frames = export_clip(out, page, ph, options)
    assert frames == 11  # 0, 200, ..., 2000 ms
    with Image.open(out) as im:
        assert im.n_frames == 11
        vw, vh = session.viewport
        assert im.size == (320, round(320 * vh / vw))
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_clip_export_refuses_bad_requests(tmp_path):
    lib = open_path(DEMO / "brightside-mobile")
    page = lib.pages[0]
    ph = Playhead(lib.sessions_of(page.id)[0], page.height)
    with pytest.raises(ValueError, match=r"\.mp4, \.webp or \.gif"):
        export_clip(tmp_path / "x.avi", page, ph, ClipOptions(0, 1000))
    with pytest.raises(ValueError, match="end must come after"):
        export_clip(tmp_path / "x.gif", page, ph, ClipOptions(1000, 1000))
    with pytest.raises(ValueError, match="over the limit"):
        export_clip(tmp_path / "x.gif", page, ph, ClipOptions(0, 10**8, fps=30))
    assert list(tmp_path.iterdir()) == []


def test_dead_and_error_clicks_are_markers_and_rows_naming_their_element():
    from viewer.recording.clicks import ClickFacts, Element
    from viewer.replay.event_list import KIND_NAMES, event_rows

    rows = [
        (0, K.MOVE, 5, 5),
        (100, K.CLICK, 50, 20),  # nothing followed: dead
        (2000, K.TAP, 210, 40),  # the page answered after 120 ms: live
        (3000, K.CLICK, 215, 45),  # answered, but the console logged an error
        (4500, K.CLICK, 400, 400),  # on nothing known, 500 ms before the end: not judged
    ]
    facts = ClickFacts(
        np.array([0, 1, 1, -1]),
        np.array([np.nan, 120.0, 80.0, np.nan]),
        np.array([np.nan, np.nan, 250.0, np.nan]),
        (
            Element("#buy", "button", "Buy", (40, 10, 100, 40)),
            Element("a.more", "a", "More", None),
        ),
    )
    session = make_session(rows, clicks=facts, duration_ms=5000)
    ph = Playhead(session, 3000)
    kinds = [MARKER_KINDS[k] for k in ph.markers.kind]
    assert kinds == ["dead", "tap", "error", "click"]
    assert ph.markers.label[0] == "click at 50, 20 on #buy (dead: nothing happened within 1 s)"
    assert ph.markers.label[1] == "tap at 210, 40 on a.more"
    assert ph.markers.label[2] == "click at 215, 45 on a.more (console error 0.2 s after)"
    assert ph.markers.label[3] == "click at 400, 400"
    assert ph.markers.element == ("#buy", "a.more", "a.more", "")
    listed = event_rows(ph)
    clicks = [i for i, k in enumerate(listed.kind) if k in ("click", "tap", "dead", "error")]
    assert [KIND_NAMES[listed.kind[i]] for i in clicks] == [
        "Dead click",
        "Tap",
        "Error click",
        "Click",
    ]
    assert [listed.element[i] for i in clicks] == ["#buy", "a.more", "a.more", ""]
    # The dead-click time is the user's: at 100 ms the tap's 120 ms answer is too late.
    strict = Playhead(session, 3000, ReplaySettings(dead_ms=100))
    assert [MARKER_KINDS[k] for k in strict.markers.kind][:2] == ["dead", "dead"]
    # A recording without click facts (a CSV log) marks plain clicks, never dead ones.
    plain = Playhead(make_session(rows, duration_ms=5000), 3000)
    assert {MARKER_KINDS[k] for k in plain.markers.kind} == {"click", "tap"}
