"""Replaying sessions of the page: which session, entering and leaving the replay, the map of a
stretch of time, and clips.

The playback itself (clock, speed, cursor, timeline) is :class:`ReplayMode`; this controller
decides what it plays and what the rest of the window does meanwhile (the map steps aside, the
canvas shows the session's own variant). Views are replaced by ``MagicMock(spec=...)`` in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from viewer.gui.canvas import PageCanvas
from viewer.gui.controller import Controller
from viewer.gui.event_list import EventList
from viewer.gui.heatmap_controller import HeatmapController
from viewer.gui.page_controller import PageController
from viewer.gui.regions_tool import RegionEditor
from viewer.gui.replay_mode import ReplayMode
from viewer.gui.replay_panel import ReplayPanel
from viewer.gui.session_browser import SessionBrowser
from viewer.gui.workers import Jobs
from viewer.recording.model import Session
from viewer.replay.clip import ClipOptions, export_clip
from viewer.replay.crowd import MAX_SESSIONS, crowd_key, line_up
from viewer.replay.event_list import event_rows
from viewer.state.view_state import Scope, TimeRange, ViewState

#: Asks the user where to write a clip of ``start``-``end`` ms, suggesting a file name; None:
#: the user declined.
AskClip = Callable[[float, float, str], "tuple[Path, ClipOptions] | None"]


class ReplayController(Controller):
    """Starts, steps between and ends replays.

    Signals
    -------
    active_changed(active)
        A replay started (True) or ended (False).
    exported(path)
        A clip was written.
    status, failed
        As every :class:`Controller`.
    """

    active_changed = Signal(bool)
    exported = Signal(str)

    def __init__(
        self,
        state: ViewState,
        player: ReplayMode,
        panel: ReplayPanel,
        canvas: PageCanvas,
        browser: SessionBrowser,
        heatmaps: HeatmapController,
        pages: PageController,
        regions: RegionEditor,
        events: EventList,
        jobs: Jobs,
        may_write: Callable[[Path], bool],
        ask_clip: AskClip,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state, self.player, self.panel, self.canvas = state, player, panel, canvas
        self.browser, self.heatmaps, self.pages, self.regions = browser, heatmaps, pages, regions
        self.events = events
        events.seek_requested.connect(player.seek)
        player.frame_shown.connect(events.follow)
        self.jobs, self.may_write, self.ask_clip = jobs, may_write, ask_clip
        browser.session_activated.connect(self.play)
        pages.leaving.connect(self.exit)
        panel.close_button.clicked.connect(self.exit)
        panel.range_session.triggered.connect(lambda: self.map_time_range(True))
        panel.range_all.triggered.connect(lambda: self.map_time_range(False))
        panel.export.clicked.connect(self.export_clip)
        panel.prev_session.clicked.connect(self.previous_session)
        panel.next_session.clicked.connect(self.next_session)
        panel.align.currentIndexChanged.connect(lambda _: self._realign())
        events.crowd_picked.connect(player.highlight)
        self._together: list[Session] = []  # the sessions replaying together
        self._together_of = 0

    @property
    def active(self) -> bool:
        return self.player.active

    # -- entering and leaving ------------------------------------------------------------------
    def play_selected(self) -> None:
        """Replay the first selected session (the first listed when none is selected)."""
        chosen = self.browser.selected_sessions()
        if not chosen and self.browser.model.rowCount():
            chosen = [self.browser.model.session_at(0)]
        if chosen:
            self.play(chosen[0])

    def play(self, session: Session) -> None:
        """Replay one session of the current page over its own variant's screenshot."""
        current = self.pages.current
        if current is None:
            return
        session = _with_events(current, session)
        self.heatmaps.pause()
        self.pages.show_variant(session.variant)
        self.canvas.hide_overlay()
        self.panel.show()
        was_active = self.player.active
        self.player.start(session, current.page, dead_ms=self.state.heatmap.dead_ms)
        self.events.set_rows(event_rows(self.player.playhead))
        self.events.follow(self.player.position)
        self.regions.set_variant(session.variant)
        self.browser.select_ids([session.id])
        self.canvas.setFocus()
        if not was_active:
            self.active_changed.emit(True)
        self.status.emit(f"Replaying {session.id}", 4000)

    def play_together(self) -> None:
        """Replay many sessions at once: the selected ones when several are, else the first
        :data:`MAX_SESSIONS` in the list's order."""
        current = self.pages.current
        if current is None:
            return
        chosen = self.browser.selected_sessions()
        of = len(chosen)
        if of < 2:
            model = self.browser.model
            of = model.rowCount()
            chosen = [model.session_at(r) for r in range(min(of, MAX_SESSIONS))]
        if not chosen:
            self.status.emit("No sessions to replay: the segment is empty", 5000)
            return
        self._together = [_with_events(current, s) for s in chosen[:MAX_SESSIONS]]
        self._together_of = of
        self.panel.set_alignments(
            [r.name for r in self.regions.regions], self.panel.align.currentData()
        )
        self._realign()

    def _realign(self) -> None:
        """(Re)start the crowd with the alignment the replay bar shows."""
        current = self.pages.current
        if current is None or not self._together:
            return
        name = self.panel.align.currentData()
        region = next((r for r in self.regions.regions if r.name == name), None)
        lineup = line_up(
            self._together,
            None if region is None else (region.name, region.rect),
            self._together_of,
        )
        if not lineup.crowd.sessions:
            self.status.emit(f"None of these sessions saw {name}", 8000)
            return
        self.heatmaps.pause()
        self.pages.show_variant(None)
        self.canvas.hide_overlay()
        self.panel.show()
        was_active = self.player.active
        self.player.start_crowd(lineup.crowd, current.page, lineup.words)
        self.events.set_crowd(crowd_key(lineup.crowd))
        self.regions.set_variant(None)
        if not was_active:
            self.active_changed.emit(True)
        self.status.emit(f"Replaying {lineup.words}", 6000)

    def exit(self) -> None:
        """Leave the replay: the map comes back over its own screenshot."""
        if not self.player.active:
            return
        self.player.stop()
        self._together = []
        self.events.set_rows(None)
        self.panel.hide()
        self.canvas.fit_width()
        self.regions.set_variant(self.heatmaps.variant)
        self.active_changed.emit(False)
        self.heatmaps.resume()

    def _neighbour(self, step: int) -> Session | None:
        ph = self.player.playhead
        model = self.browser.model
        if ph is None or self.player.crowd or not model.rowCount():
            return None  # (many sessions at once have no one neighbour)
        row = model.row_of(ph.session.id)
        row = 0 if row is None else row + step
        return model.session_at(row) if 0 <= row < model.rowCount() else None

    def previous_session(self) -> None:
        """Replay the session listed above this one."""
        session = self._neighbour(-1)
        if session is not None:
            self.play(session)

    def next_session(self) -> None:
        """Replay the session listed below this one."""
        session = self._neighbour(+1)
        if session is not None:
            self.play(session)

    # -- the map of a stretch ------------------------------------------------------------------
    def map_time_range(self, only_this_session: bool) -> None:
        """Leave the replay showing the map of the stretch selected on the timeline, of this
        session alone or of every session in scope."""
        sel, ph = self.player.selection, self.player.playhead
        if sel is None or ph is None or self.player.crowd:
            return
        session = ph.session
        self.exit()
        if only_this_session:
            self.browser.select_ids([session.id])
        self.state.update(
            time_range=TimeRange(sel[0], sel[1], session.id if only_this_session else None),
            **({"scope": Scope.SELECTED} if only_this_session else {}),
        )

    # -- clips ---------------------------------------------------------------------------------
    def export_clip(self) -> None:
        """Ask where and how, then write a clip of the selected stretch (or the whole visit)."""
        ph = self.player.playhead
        if ph is None or self.pages.current is None or self.player.crowd:
            return
        start, end = self.player.selection or (0.0, ph.duration)
        answer = self.ask_clip(start, end, f"{ph.session.id}.mp4")
        if answer is not None:
            self.export_clip_to(*answer)

    def export_clip_to(self, path: Path, options: ClipOptions) -> None:
        """Write a clip of the current replay to ``path`` (in the background)."""
        if not self.may_write(path):
            return
        ph, page = self.player.playhead, self.pages.current.page
        self.status.emit(f"Exporting {path}...", 0)

        def job(ctx):
            export_clip(path, page, ph, options)
            return str(path)

        self.jobs.submit("export", job, self._on_exported, self._failure("Could not export"))

    def _on_exported(self, path: str) -> None:
        self.status.emit(f"Exported {path}", 8000)
        self.exported.emit(path)


def _with_events(data, session: Session) -> Session:
    """``session`` with its events: an archive's row has none until they are read (alone)."""
    if len(session.events):
        return session
    i = data.index.get(session.id)
    return data.session(i) if i is not None else session
