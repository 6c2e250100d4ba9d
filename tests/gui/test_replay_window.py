"""Replay in the window: play, pause, scrub, speed, keys, follow the view, map a range, clips."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import LOAD_TIMEOUT
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from viewer.recording import EventKind as K
from viewer.replay.clip import ClipOptions


class FakeClock:
    """A wall clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def busiest(window):
    """The demo session with the most scrolling and a click (a good one to replay)."""

    def score(s):
        ev = s.events
        return (int((ev.kind == K.CLICK).any()), int((ev.kind == K.SCROLL).sum()))

    return max(window.pages.current.sessions, key=score)


@pytest.fixture
def replaying(demo_window):
    w = demo_window
    w.replay.now = FakeClock()
    session = busiest(w)
    w.replays.play(session)
    w.replay.pause()
    return w


def test_double_click_starts_a_replay(demo_window, qtbot):
    w = demo_window
    table = w.browser.table
    rect = table.visualRect(w.browser.model.index(2, 0))
    with qtbot.waitSignal(w.replay.frame_shown, timeout=LOAD_TIMEOUT):
        # A real double-click: press, release, press (as a double-click), release.
        QTest.mouseClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
        QTest.mouseDClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
    assert w.replay.active and w.replay_panel.isVisible()
    assert w.replay.playhead.session.id == w.browser.model.session_at(2).id
    assert not w.canvas.has_overlay
    assert w.actions_by_id["play_pause"].isEnabled()
    w.replays.exit()
    assert not w.replay_panel.isVisible() and w.canvas.has_overlay
    assert not w.actions_by_id["play_pause"].isEnabled()


def test_play_advances_time_and_pause_stops_it(replaying, qtbot):
    w = replaying
    clock = w.replay.now
    w.replay.seek(0)
    w.replay.play()
    clock.t += 1.5
    w.replay.tick()
    assert w.replay.position == pytest.approx(1500, abs=1) or w.replay.position > 1500  # idle
    w.replay.pause()
    stopped = w.replay.position
    clock.t += 10
    w.replay.tick()
    assert w.replay.position == stopped
    # With the real timer too: frames keep coming while playing.
    w.replay.now = __import__("time").perf_counter
    w.replay.seek(0)
    w.replay.play()
    with qtbot.waitSignal(w.replay.frame_shown, timeout=5000):
        pass
    qtbot.waitUntil(lambda: w.replay.position > 50, timeout=5000)
    w.replay.pause()


def test_speed_changes_take_effect(replaying):
    w = replaying
    clock = w.replay.now
    w.replay_panel.skip_idle.setChecked(False)
    w.replay.seek(1000)
    w.replay.set_speed(4.0)
    w.replay.play()
    clock.t += 0.5
    w.replay.tick()
    assert w.replay.position == pytest.approx(3000)
    w.replay.slower()  # 2x, from here
    clock.t += 0.5
    w.replay.tick()
    assert w.replay.position == pytest.approx(4000)
    assert w.replay_panel.speed.currentData() == 2.0


def test_skip_idle_jumps_over_gaps(replaying):
    w = replaying
    ph = w.replay.playhead
    if not len(ph.idle_gaps):
        pytest.skip("this session has no idle stretch")
    start, end = ph.idle_gaps[0]
    clock = w.replay.now
    w.replay.seek(start - 10)
    w.replay.play()
    clock.t += 0.05
    w.replay.tick()
    assert w.replay.position == pytest.approx(end)


def test_dragging_the_playhead_moves_the_canvas_along(replaying, qtbot):
    w = replaying
    timeline = w.replay_panel.timeline
    ph = w.replay.playhead
    scroll_times = ph.session.events.t[ph.session.events.kind == K.SCROLL]
    target = float(scroll_times[len(scroll_times) // 2])
    x = round(timeline.x_of(target))
    y = timeline.height() // 2
    with qtbot.waitSignal(w.replay.frame_shown, timeout=2000):
        QTest.mousePress(
            timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(10, y)
        )
    positions = []
    w.replay.frame_shown.connect(positions.append)
    for step in range(1, 6):  # drag right in steps: the page follows live
        QTest.mouseMove(timeline, QPoint(10 + (x - 10) * step // 5, y))
    QTest.mouseRelease(
        timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
    )
    assert len(positions) >= 5 and positions == sorted(positions)
    assert abs(w.replay.position - target) <= ph.duration / timeline.width() * 2
    state = w.replay.state
    assert state.scroll[1] > 0
    assert w.replay.visible_matches_viewport()
    shown = w.canvas.mapToScene(w.canvas.viewport().rect()).boundingRect()
    assert shown.top() <= state.scroll[1] + 2 <= shown.bottom()


def test_shift_right_steps_from_one_thing_the_visitor_did_to_the_next(replaying, qtbot):
    w = replaying
    w.canvas.setFocus()
    w.replay.seek(0)
    ph = w.replay.playhead
    ev = ph.session.events
    moves = set(ev.t[ev.kind == K.MOVE].tolist())
    seen = []
    for _ in range(8):
        QTest.keyClick(w.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        seen.append(w.replay.position)
    assert seen == sorted(set(seen)), seen  # every press moves on
    markers = set(ph.markers.t.tolist())
    scrolls = set(ev.t[ev.kind == K.SCROLL].tolist())
    assert all(t in markers or t in scrolls or t == ph.duration for t in seen)
    assert not any(t in moves and t not in markers | scrolls for t in seen)
    assert seen[-1] - seen[0] > 8 * 40  # not 40 ms per press, sample by sample


def test_keys(replaying, qtbot):
    w = replaying
    w.canvas.setFocus()
    w.replay.seek(10_000)
    QTest.keyClick(w.canvas, Qt.Key.Key_Right)
    assert w.replay.position == 15_000
    QTest.keyClick(w.canvas, Qt.Key.Key_Left)
    QTest.keyClick(w.canvas, Qt.Key.Key_Left)
    assert w.replay.position == 5_000
    QTest.keyClick(w.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert w.replay.position == w.replay.playhead.next_event(5_000)
    QTest.keyClick(w.canvas, Qt.Key.Key_End)
    assert w.replay.position == w.replay.playhead.duration
    QTest.keyClick(w.canvas, Qt.Key.Key_Home)
    assert w.replay.position == 0
    QTest.keyClick(w.canvas, Qt.Key.Key_Greater, Qt.KeyboardModifier.ShiftModifier)
    assert w.replay.clock.speed == 2.0
    QTest.keyClick(w.canvas, Qt.Key.Key_Less, Qt.KeyboardModifier.ShiftModifier)
    assert w.replay.clock.speed == 1.0
    QTest.keyClick(w.canvas, Qt.Key.Key_Space)
    assert w.replay.playing
    QTest.keyClick(w.canvas, Qt.Key.Key_Space)
    assert not w.replay.playing
    QTest.keyClick(w.canvas, Qt.Key.Key_Escape)
    assert not w.replay.active


def test_space_still_types_in_the_search_box(replaying):
    w = replaying
    w.browser.search.setFocus()
    QTest.keyClicks(w.browser.search, "a b")
    assert w.browser.search.text() == "a b"
    assert not w.replay.playing


def test_previous_and_next_session_walk_the_list(replaying):
    w = replaying
    first = w.replay.playhead.session.id
    row = w.browser.model.row_of(first)
    w.replays.next_session()
    assert w.replay.playhead.session.id == w.browser.model.session_at(row + 1).id
    w.replays.previous_session()
    assert w.replay.playhead.session.id == first


def test_whole_page_mode_frames_the_viewport(replaying):
    w = replaying
    w.replay_panel.whole_page.setChecked(True)
    assert w.replay.overlay.show_frame
    assert w.canvas.zoom < 1.0  # the page fits the width
    w.replay_panel.whole_page.setChecked(False)
    w.replay.seek(w.replay.position + 1)
    assert w.replay.visible_matches_viewport()


def test_heatmap_of_a_time_range(replaying, qtbot):
    w = replaying
    session = w.replay.playhead.session
    w.replay_panel.timeline.set_selection((0.0, 10_000.0))
    assert w.replay_panel.range_map.isEnabled()
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.replays.map_time_range(only_this_session=False)
    assert not w.replay.active
    assert w.heatmaps.heatmap.settings.t_range == (0.0, 10_000.0)
    assert w.heatmaps.heatmap.n_sessions == 300
    assert "0:00–0:10" in w.panel.time_range.text()
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.replays.play(session)
        w.replay_panel.timeline.set_selection((0.0, 5_000.0))
        w.replays.map_time_range(only_this_session=True)
    assert w.heatmaps.heatmap.n_sessions == 1 and w.heatmaps.heatmap.settings.t_range == (
        0.0,
        5_000.0,
    )
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.clear_time_range.click()
    assert w.heatmaps.heatmap.settings.t_range is None


def test_clip_export_from_the_window(replaying, qtbot, tmp_path):
    w = replaying
    out = tmp_path / "clip.gif"
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.replays.export_clip_to(out, ClipOptions(0, 4000, fps=4, width=360))
    with Image.open(out) as im:
        assert im.n_frames == 17 and im.width == 360
    video = tmp_path / "clip.mp4"
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.replays.export_clip_to(video, ClipOptions(0, 4000, fps=4, width=360))
    import av

    with av.open(str(video)) as container:
        frames = list(container.decode(video=0))
    assert len(frames) == 17 and frames[0].width == 360


def test_timeline_tooltip_names_the_markers(replaying):
    w = replaying
    ph = w.replay.playhead
    timeline = w.replay_panel.timeline
    t = float(ph.markers.t[0])
    text = timeline.tooltip_at(t)
    assert ph.markers.label[0] in text
    idle = ph.idle_gaps
    if len(idle):
        assert "idle" in timeline.tooltip_at(float(np.mean(idle[0])))


def test_the_idle_threshold_is_editable(replaying):
    w = replaying
    before = len(w.replay.playhead.idle_gaps)
    w.replay_panel.idle_seconds.setValue(0.5)
    assert w.replay.playhead.settings.idle_ms == 500
    assert len(w.replay.playhead.idle_gaps) > before
    w.replay_panel.idle_seconds.setValue(600)
    assert len(w.replay.playhead.idle_gaps) == 0


def test_an_export_while_a_time_range_is_shown_is_that_ranges_map(replaying, qtbot, tmp_path):
    """The map on screen and the exported one come from the same settings (issue 14)."""
    import json

    w = replaying
    w.replay_panel.timeline.set_selection((0.0, 10_000.0))
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.replays.map_time_range(only_this_session=False)
    out = tmp_path / "range.png"
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.export_to(out, legend=False)
    with Image.open(out) as im:
        meta = json.loads(im.text["session-viewer"])
    assert meta["settings"]["t_range"] == [0.0, 10_000.0]
    assert meta["points"] == w.heatmaps.heatmap.n_points


def test_the_event_list_beside_the_replay_seeks_and_follows(replaying, qtbot):
    w = replaying
    dock, events = w.dock("events"), w.events
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()  # in front of its tabs
    rows = events.model.rows
    # The demo's clicks name their elements: the column says which.
    assert not events.table.isColumnHidden(3)
    clicks = [i for i, k in enumerate(rows.kind) if k in ("click", "dead", "error")]
    assert all(rows.element[i] for i in clicks)
    assert clicks, "the busiest session has clicks"
    i = clicks[-1]
    index = events.model.index(i, 0)
    assert events.model.data(events.model.index(i, 1)) == "Click"
    x, y = rows.x[i], rows.y[i]
    assert events.model.data(events.model.index(i, 2)) == f"{x:,.0f}, {y:,.0f}"
    rect = events.table.visualRect(index)
    events.table.scrollTo(index)
    rect = events.table.visualRect(index)
    QTest.mouseClick(events.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.replay.position == rows.t[i]  # a click on the row seeks there
    assert w.replay.state.cursor == pytest.approx((x, y), abs=0.5)  # the cursor on the click
    assert events.current == i
    w.replay.seek(float(rows.t[0]) + 1)  # the playhead moves: the current row follows
    assert events.current == rows.row_at(float(rows.t[0]) + 1) == 0
    selected = events.table.selectionModel().selectedRows()
    assert [r.row() for r in selected] == [0]
    w.replays.exit()
    assert not dock.isVisible() and w.dock("heatmap").isVisible()
