"""The replay controller alone: player, panel, canvas, list, heatmap and page controllers are
MagicMock(spec=...); no window."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import MagicMock

import pytest
from fakes import SyncJobs, browser_mock
from helpers import DEMO

from viewer.gui.canvas import PageCanvas
from viewer.gui.event_list import EventList
from viewer.gui.heatmap_controller import HeatmapController
from viewer.gui.page_controller import PageController
from viewer.gui.regions_tool import RegionEditor
from viewer.gui.replay_controller import ReplayController
from viewer.gui.replay_mode import ReplayMode
from viewer.gui.replay_panel import ReplayPanel
from viewer.replay.clip import ClipOptions
from viewer.replay.playhead import Playhead, ReplaySettings
from viewer.state.view_state import Scope, TimeRange, ViewState
from viewer.workspace.pages import load_recordings


@pytest.fixture(scope="module")
def page():
    return load_recordings(DEMO).pages["brightside-desktop"]


class Views:
    def __init__(self, page, qtbot, ask_clip=None, may_write=True):
        self.state = ViewState()
        self.player = MagicMock(spec=ReplayMode)
        self.player.active = False
        self.player.playhead = None
        self.player.selection = None
        self.player.position = 0.0
        self.player.crowd = False

        def start(session, pg, dead_ms=1000.0):
            self.player.active = True
            self.player.playhead = Playhead(session, pg.height, ReplaySettings(dead_ms=dead_ms))

        def stop():
            self.player.active = False

        self.player.start.side_effect = start
        self.player.stop.side_effect = stop
        self.panel = MagicMock(spec=ReplayPanel)
        for name in ("close_button", "range_session", "range_all", "export", "align"):
            setattr(self.panel, name, MagicMock())
        self.panel.prev_session, self.panel.next_session = MagicMock(), MagicMock()
        self.canvas = MagicMock(spec=PageCanvas)
        self.browser = browser_mock(page.sessions)
        self.heatmaps = MagicMock(spec=HeatmapController)
        self.heatmaps.variant = None
        self.pages = MagicMock(spec=PageController)
        self.pages.current = page
        self.regions = MagicMock(spec=RegionEditor)
        self.events = MagicMock(spec=EventList)
        self.jobs = SyncJobs()
        self.written: list[Path] = []
        self.c = ReplayController(
            self.state,
            self.player,
            self.panel,
            self.canvas,
            self.browser,
            self.heatmaps,
            self.pages,
            self.regions,
            self.events,
            self.jobs,
            lambda path: (self.written.append(path), may_write)[1],
            ask_clip or (lambda start, end, name: None),
        )


def test_a_replay_steps_the_map_aside_and_shows_the_sessions_variant(page, qtbot):
    v = Views(page, qtbot)
    session = next(s for s in page.sessions if s.variant == "B")
    with qtbot.waitSignal(v.c.active_changed) as active:
        v.c.play(session)
    assert active.args == [True] and v.c.active
    v.heatmaps.pause.assert_called_once()
    v.pages.show_variant.assert_called_once_with("B")
    v.player.start.assert_called_once_with(session, page.page, dead_ms=1000.0)
    v.regions.set_variant.assert_called_with("B")
    v.browser.select_ids.assert_called_with([session.id])
    v.panel.show.assert_called_once()


def test_leaving_brings_the_map_back(page, qtbot):
    v = Views(page, qtbot)
    v.c.play(page.sessions[0])
    with qtbot.waitSignal(v.c.active_changed) as active:
        v.c.exit()
    assert active.args == [False] and not v.c.active
    v.player.stop.assert_called_once()
    v.heatmaps.resume.assert_called_once()
    v.panel.hide.assert_called_once()
    v.c.exit()  # not replaying: nothing more happens
    assert v.player.stop.call_count == 1 and v.heatmaps.resume.call_count == 1


def test_the_event_list_shows_the_replayed_session_and_seeks_the_player(page, qtbot):
    v = Views(page, qtbot)
    session = page.sessions[0]
    v.c.play(session)
    (rows,), _ = v.events.set_rows.call_args
    assert len(rows) and rows.t.tolist() == sorted(rows.t.tolist())
    kinds = {"click", "tap", "dead", "error", "rage", "dwell", "scroll", "resize", "scroll-start"}
    assert set(rows.kind) <= kinds
    v.events.follow.assert_called_with(0.0)
    v.c.exit()
    v.events.set_rows.assert_called_with(None)


def test_replaying_another_session_is_not_a_new_replay_mode(page, qtbot):
    v = Views(page, qtbot)
    changes = []
    v.c.active_changed.connect(changes.append)
    v.c.play(page.sessions[0])
    v.c.next_session()
    v.c.next_session()
    assert v.player.playhead.session is page.sessions[2]
    v.c.previous_session()
    assert v.player.playhead.session is page.sessions[1]
    assert changes == [True]


def test_with_nothing_selected_the_first_listed_session_is_replayed(page, qtbot):
    v = Views(page, qtbot)
    v.c.play_selected()
    assert v.player.playhead.session is page.sessions[0]


def test_the_map_of_a_stretch_of_one_session(page, qtbot):
    v = Views(page, qtbot)
    session = page.sessions[3]
    v.c.play(session)
    v.player.selection = (2_000.0, 7_000.0)
    v.c.map_time_range(only_this_session=True)
    assert v.state.time_range == TimeRange(2_000.0, 7_000.0, session.id)
    assert v.state.scope == Scope.SELECTED and not v.c.active
    assert v.state.map_settings().t_range == (2_000.0, 7_000.0)
    v.browser.select_ids.assert_called_with([session.id])
    assert (
        v.state.time_range.words() == f"Showing 0:02–0:07 into the visit of session {session.id}."
    )


def test_the_map_of_a_stretch_of_every_session_keeps_the_scope(page, qtbot):
    v = Views(page, qtbot)
    v.c.play(page.sessions[3])
    v.player.selection = (0.0, 10_000.0)
    v.c.map_time_range(only_this_session=False)
    assert v.state.time_range == TimeRange(0.0, 10_000.0) and v.state.scope == Scope.SEGMENT


def test_a_clip_is_written_only_where_allowed_and_when_asked(page, qtbot, tmp_path):
    asked = []
    out = tmp_path / "clip.gif"

    def ask(start, end, name):
        asked.append((start, end, name))
        return out, ClipOptions(0, 1000, fps=4, width=200)

    v = Views(page, qtbot, ask_clip=ask, may_write=False)
    session = page.sessions[0]
    v.c.play(session)
    v.c.export_clip()
    assert asked == [(0.0, session.end_ms, f"{session.id}.mp4")]
    assert v.written == [out] and v.jobs.submitted == []  # refused: nothing written
    declined = Views(page, qtbot)
    declined.c.play(session)
    declined.c.export_clip()
    assert declined.written == [] and declined.jobs.submitted == []
