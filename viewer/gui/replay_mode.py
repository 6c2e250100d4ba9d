"""Replay mode: one session played back over its page, driven by the pure clock and playhead.

A precise timer asks the clock where playback is (a function of wall time, so a late tick
never desyncs anything), the playhead answers what the screen showed then, and the canvas,
timeline and time label are updated from that one state.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal

from viewer.gui.canvas import PageCanvas
from viewer.gui.crowd_items import CrowdOverlay
from viewer.gui.replay_items import ReplayOverlay
from viewer.gui.replay_panel import ReplayPanel
from viewer.recording.model import Page, Session
from viewer.replay.clock import Clock, advance, faster, slower
from viewer.replay.crowd import Crowd, crowd_colours
from viewer.replay.playhead import Playhead, ReplaySettings, ReplayState
from viewer.textformat import clock

FRAME_HISTORY = 10_000
FRAME_MS = 16  # ~60 frames per second


class ReplayMode(QObject):
    """Plays one session on the canvas.

    Signals
    -------
    frame_shown(position)
        A frame was drawn for session time ``position`` (ms).
    playing_changed(playing)
        Playback started or stopped.
    session_changed(session)
        A new session is being replayed.
    """

    frame_shown = Signal(float)
    playing_changed = Signal(bool)
    session_changed = Signal(object)

    def __init__(
        self,
        canvas: PageCanvas,
        panel: ReplayPanel,
        parent=None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.panel = panel
        self.now = clock
        self.overlay = ReplayOverlay()
        self.overlay.hide()
        canvas.scene().addItem(self.overlay)
        self.crowd_overlay = CrowdOverlay()
        self.crowd_overlay.hide()
        canvas.scene().addItem(self.crowd_overlay)
        self.playhead: Playhead | Crowd | None = None
        self.page: Page | None = None
        self.clock = Clock()
        self.position = 0.0
        self.state: ReplayState | None = None
        self.active = False
        # Wall time of the latest drawn frames (for benchmarks); bounded, as replays run for hours.
        self.frame_times: deque[float] = deque(maxlen=FRAME_HISTORY)
        self._followed: tuple | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.tick)
        p = panel
        p.play.clicked.connect(self.toggle)
        p.prev_event.clicked.connect(self.previous_event)
        p.next_event.clicked.connect(self.next_event)
        p.speed.currentIndexChanged.connect(lambda _: self.set_speed(float(p.speed.currentData())))
        p.whole_page.toggled.connect(self.set_whole_page)
        p.timeline.seek_requested.connect(self.seek)
        p.timeline.range_changed.connect(self._on_range)
        p.idle_seconds.valueChanged.connect(self._on_idle_threshold)

    # -- entering and leaving ------------------------------------------------------------------
    def start(
        self,
        session: Session,
        page: Page,
        settings: ReplaySettings | None = None,
        autoplay: bool = True,
        dead_ms: float = 1000.0,
    ) -> None:
        """Replay ``session`` from its start (its page's screenshot must be on the canvas);
        its clicks after which nothing happened for ``dead_ms`` are marked dead."""
        settings = settings or ReplaySettings(
            idle_ms=self.panel.idle_seconds.value() * 1000, dead_ms=dead_ms
        )
        self.playhead = Playhead(session, page.height, settings)
        self.page = page
        self.active = True
        self.crowd_overlay.hide()
        self.crowd_overlay.set_state(None)
        self.panel.set_crowd(False)
        self.overlay.page_rect = QRectF(0, 0, page.width, page.height)
        self.overlay.trail_ms = settings.trail_ms
        self.overlay.ripple_ms = settings.ripple_ms
        self.overlay.show_frame = self.panel.whole_page.isChecked()
        self.overlay.show()
        self.panel.timeline.set_playhead(self.playhead)
        self.panel.set_selection_tools(False)
        self.panel.title.setText(
            f"{session.id}  ·  {session.device}  ·  "
            f"{session.viewport[0]} x {session.viewport[1]}"
            + (f"  ·  variant {session.variant}" if session.variant else "")
        )
        self._followed = None
        self.clock = Clock(0.0, self.now(), float(self.panel.speed.currentData()), False)
        self.frame_times.clear()
        self._set_scrollbars(self.panel.whole_page.isChecked())
        self.show(0.0)
        self.session_changed.emit(session)
        if autoplay:
            self.play()

    def start_crowd(self, crowd: Crowd, page: Page, title: str, autoplay: bool = True) -> None:
        """Replay ``crowd``'s sessions together over the whole page, from shared time 0."""
        self.playhead = crowd
        self.page = page
        self.active = True
        self.overlay.hide()
        self.overlay.set_state(None)
        o = self.crowd_overlay
        o.page_rect = QRectF(0, 0, page.width, page.height)
        o.ripple_ms = crowd.settings.ripple_ms  # (its trails fade as a whole: no age needed)
        o.set_colours(crowd_colours(len(crowd.sessions)))
        o.show()
        self.panel.set_crowd(True)
        self.panel.timeline.set_playhead(crowd)
        self.panel.set_selection_tools(False)
        self.panel.title.setText(title)
        self._followed = None
        self.clock = Clock(0.0, self.now(), float(self.panel.speed.currentData()), False)
        self.frame_times.clear()
        self._set_scrollbars(True)  # the whole page: the user scrolls it, no one view is followed
        self.show(0.0)
        if autoplay:
            self.play()

    def highlight(self, i: int) -> None:
        """Draw session ``i`` of the crowd above the others (-1: none)."""
        self.crowd_overlay.highlight = i
        self.crowd_overlay.update()

    @property
    def crowd(self) -> bool:
        """Whether many sessions are replaying together."""
        return isinstance(self.playhead, Crowd)

    def stop(self) -> None:
        """Leave replay mode."""
        self.pause()
        self.active = False
        self.playhead = None
        self._set_scrollbars(True)
        self.overlay.hide()
        self.overlay.set_state(None)
        self.crowd_overlay.hide()
        self.crowd_overlay.set_state(None)
        self.panel.set_crowd(False)
        self.panel.timeline.set_playhead(None)

    # -- transport -------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.clock.playing

    def play(self) -> None:
        if self.playhead is None:
            return
        if self.position >= self.playhead.duration:  # at the end: play again from the start
            self.clock = self.clock.seek(0.0, self.now())
        self.clock = self.clock.play(self.now())
        self._timer.start()
        self.panel.set_playing(True)
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.clock.playing:
            self.clock = self.clock.pause(self.now())
        self._timer.stop()
        self.panel.set_playing(False)
        self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def stop_frame_timer(self) -> None:
        """Draw frames only when :meth:`tick` is called (benchmarks and long runs drive the
        frames themselves, on a clock of their own)."""
        self._timer.stop()

    def seek(self, ms: float) -> None:
        """Jump to ``ms``; the canvas follows at once (also while scrubbing)."""
        if self.playhead is None:
            return
        ms = self.playhead.clamp(ms)
        self.clock = self.clock.seek(ms, self.now())
        self.show(ms)

    def seek_by(self, delta_ms: float) -> None:
        self.seek(self.position + delta_ms)

    def next_event(self) -> None:
        if self.playhead is not None:
            self.seek(self.playhead.next_event(self.position))

    def previous_event(self) -> None:
        if self.playhead is not None:
            self.seek(self.playhead.previous_event(self.position))

    def to_start(self) -> None:
        self.seek(0.0)

    def to_end(self) -> None:
        if self.playhead is not None:
            self.seek(self.playhead.duration)

    def set_speed(self, speed: float) -> None:
        self.clock = self.clock.with_speed(speed, self.now())
        i = self.panel.speed.findData(speed)
        if i >= 0 and i != self.panel.speed.currentIndex():
            self.panel.speed.blockSignals(True)
            self.panel.speed.setCurrentIndex(i)
            self.panel.speed.blockSignals(False)

    def faster(self) -> None:
        self.set_speed(faster(self.clock.speed))

    def slower(self) -> None:
        self.set_speed(slower(self.clock.speed))

    def set_whole_page(self, whole: bool) -> None:
        if self.crowd:
            return
        self.overlay.show_frame = whole
        self._followed = None
        self._set_scrollbars(whole)
        if whole:
            self.canvas.fit_width()
        if self.state is not None:
            self.show(self.position)

    # -- frames ----------------------------------------------------------------------------------
    def tick(self) -> None:
        """Called by the timer: draw the frame for the current wall time."""
        if self.playhead is None:
            return
        ph = self.playhead
        step = advance(
            self.clock,
            self.now(),
            ph.duration,
            idle_end=ph.idle_end if self.panel.skip_idle.isChecked() else None,
            loop=self._loop_range(),
        )
        self.clock = step.clock
        self.show(step.position)
        if step.finished:
            self.pause()

    def show(self, position: float) -> None:
        """Draw the screen at session time ``position``."""
        ph = self.playhead
        if ph is None:
            return
        self.position = position
        state = ph.state_at(position)
        self.state = state
        self.panel.timeline.set_position(position)
        self.panel.time.setText(f"{clock(position)} / {clock(ph.duration)}")
        if self.crowd:  # the whole page stays where the user put it
            self.crowd_overlay.set_state(state)
        elif not self.panel.whole_page.isChecked():
            self.overlay.set_state(state)
            self._follow(state)
        else:
            self.overlay.set_state(state)
            x, y, w, h = state.viewport_rect
            self.canvas.ensureVisible(QRectF(x, y, w, min(h, 400)), 0, 40)
        self.frame_times.append(self.now())
        self.frame_shown.emit(position)

    def _follow(self, state: ReplayState) -> None:
        """Show exactly what the user's viewport showed (moving only when it moved)."""
        rect = state.viewport_rect
        size = (self.canvas.viewport().width(), self.canvas.viewport().height())
        if (rect, size) == self._followed:
            return
        self._followed = (rect, size)
        x, y, w, h = rect
        # A small margin leaves the edge of the user's view (and the dimming around it) visible.
        zoom = 0.97 * min(size[0] / w, size[1] / h)
        if abs(zoom - self.canvas.zoom) > 1e-3:
            self.canvas.set_zoom(zoom)
        self.canvas.centerOn(QPointF(x + w / 2, y + h / 2))

    def _set_scrollbars(self, shown: bool) -> None:
        # Following the user's view, the canvas shows exactly it: scrollbars would only steal
        # width (and the user could not use them: the recording decides where the page is).
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if shown else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.canvas.setHorizontalScrollBarPolicy(policy)
        self.canvas.setVerticalScrollBarPolicy(policy)

    def visible_matches_viewport(self, tolerance: float = 2.0) -> bool:
        """Whether the canvas shows the recorded viewport, zoomed to it (for tests)."""
        if self.state is None:
            return False
        x, y, w, h = self.state.viewport_rect
        shown = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
        inside = shown.contains(
            QRectF(x + tolerance, y + tolerance, w - 2 * tolerance, h - 2 * tolerance)
        )
        fitted = w >= 0.9 * shown.width() or h >= 0.9 * shown.height()
        return inside and fitted

    def _on_idle_threshold(self, seconds: float) -> None:
        """Recompute idle stretches (and markers) with the new threshold, keeping the place."""
        ph = self.playhead
        if ph is None or self.crowd:
            return
        self.playhead = Playhead(
            ph.session, ph.page_height, replace(ph.settings, idle_ms=seconds * 1000)
        )
        selection = self.panel.timeline.selection
        self.panel.timeline.set_playhead(self.playhead)
        self.panel.timeline.set_selection(selection)
        self.show(self.position)

    # -- selection -------------------------------------------------------------------------------
    def _on_range(self, start: float, end: float) -> None:
        self.panel.set_selection_tools(end > start >= 0)

    def _loop_range(self) -> tuple[float, float] | None:
        sel = self.panel.timeline.selection
        if self.panel.loop.isChecked() and sel is not None and sel[1] > sel[0]:
            return sel
        return None

    @property
    def selection(self) -> tuple[float, float] | None:
        sel = self.panel.timeline.selection
        return sel if sel is not None and sel[1] > sel[0] else None
