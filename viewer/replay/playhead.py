"""The state of a session at any moment: a handful of binary searches, whatever its length.

A web player rebuilds the page to seek (seconds per seek on long recordings). Over a screenshot
everything that matters at time t, the pointer, the scroll offset, the viewport, the latest
clicks, is "the last event of its kind at or before t", which ``searchsorted`` finds in
O(log n). Everything that needs a pass over the session (idle gaps, timeline markers) is
computed once, when the playhead is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.analysis.elements import ClickRules
from viewer.analysis.rage import RageRule, rage_bursts
from viewer.recording.model import EventKind, Session
from viewer.replay.click_marks import click_marks

#: Timeline marker kinds, in drawing order ("dead" and "error": clicks or taps after which
#: nothing happened, or the console logged an error).
MARKER_KINDS = ("click", "tap", "dead", "error", "rage", "dwell", "scroll", "resize")
#: A scroll this long after the previous one starts a new gesture (a step of its own).
GESTURE_GAP_MS = 1000.0


@dataclass(frozen=True)
class ReplaySettings:
    """How a session is replayed.

    Attributes
    ----------
    idle_ms
        A stretch with no events longer than this is idle (skipped when skipping is on).
    trail_ms
        How far back the pointer's fading trail reaches.
    ripple_ms
        How long a click or tap stays visible as a ripple.
    rage
        The rage-click rule for the timeline's markers.
    dead_ms
        A click after which the page did nothing for this long is marked dead.
    """

    idle_ms: float = 2000.0
    trail_ms: float = 1200.0
    ripple_ms: float = 700.0
    rage: RageRule = field(default_factory=RageRule)
    dead_ms: float = 1000.0


@dataclass(frozen=True)
class ReplayState:
    """What the user's screen showed at one moment.

    Attributes
    ----------
    t
        The moment (ms since the session started), clamped to the session.
    cursor
        Pointer position (page px), interpolated between samples; None before the first.
    scroll
        Scroll offset (page px of the viewport's top-left corner).
    viewport
        Viewport size (CSS px).
    trail
        Recent pointer positions, oldest first, shape (k, 2), ending at ``cursor``.
    trail_age
        Age of each trail point (ms).
    ripples
        Recent clicks and taps: rows of (x, y, age ms, is_tap).
    dwell
        (x, y, elapsed ms, duration ms) of a rest in progress, or None.
    idle
        True inside an idle stretch.
    """

    t: float
    cursor: tuple[float, float] | None
    scroll: tuple[float, float]
    viewport: tuple[float, float]
    trail: np.ndarray
    trail_age: np.ndarray
    ripples: np.ndarray
    dwell: tuple[float, float, float, float] | None
    idle: bool

    @property
    def viewport_rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the viewport on the page."""
        return (*self.scroll, *self.viewport)

    @property
    def cursor_in_viewport(self) -> tuple[float, float] | None:
        """The pointer's position within the viewport (page position minus scroll)."""
        if self.cursor is None:
            return None
        return self.cursor[0] - self.scroll[0], self.cursor[1] - self.scroll[1]


@dataclass(frozen=True)
class Markers:
    """Timeline markers: times (ms), kinds (index into :data:`MARKER_KINDS`), labels, where
    on the page (CSS px; NaN for what has no one place, such as a scroll milestone), and the
    element clicked ("" for other markers, or where the recording names none)."""

    t: np.ndarray
    kind: np.ndarray
    label: tuple[str, ...]
    x: np.ndarray
    y: np.ndarray
    element: tuple[str, ...]

    def near(self, t: float, tolerance_ms: float) -> list[int]:
        """Indices of the markers within ``tolerance_ms`` of ``t``."""
        lo = np.searchsorted(self.t, t - tolerance_ms, side="left")
        hi = np.searchsorted(self.t, t + tolerance_ms, side="right")
        return list(range(int(lo), int(hi)))


class Playhead:
    """Answers "what did the user see at time t" for one session.

    Parameters
    ----------
    session
        The session to replay.
    page_height
        The page's height (CSS px), for the scroll-depth markers.
    settings
        Idle threshold, trail and ripple lengths, rage rule.
    """

    def __init__(
        self,
        session: Session,
        page_height: float,
        settings: ReplaySettings = ReplaySettings(),
    ) -> None:
        self.session = session
        self.settings = settings
        self.page_height = float(page_height)
        ev = session.events
        self.duration = float(session.end_ms)

        pointer = (ev.kind == EventKind.MOVE) | (ev.kind == EventKind.CLICK)
        self._pt = ev.t[pointer].astype(np.float64)
        self._px = ev.x[pointer].astype(np.float64)
        self._py = ev.y[pointer].astype(np.float64)

        scroll = ev.kind == EventKind.SCROLL
        self._st = np.concatenate([[-np.inf], ev.t[scroll].astype(np.float64)])
        self._sx = np.concatenate([[0.0], ev.x[scroll].astype(np.float64)])
        self._sy = np.concatenate([[0.0], ev.y[scroll].astype(np.float64)])

        resize = ev.kind == EventKind.RESIZE
        self._rt = np.concatenate([[-np.inf], ev.t[resize].astype(np.float64)])
        self._rw = np.concatenate([[float(session.viewport[0])], ev.x[resize].astype(np.float64)])
        self._rh = np.concatenate([[float(session.viewport[1])], ev.y[resize].astype(np.float64)])

        clicks = (ev.kind == EventKind.CLICK) | (ev.kind == EventKind.TAP)
        self._ct = ev.t[clicks].astype(np.float64)
        self._cx = ev.x[clicks].astype(np.float64)
        self._cy = ev.y[clicks].astype(np.float64)
        self._ctap = (ev.kind[clicks] == EventKind.TAP).astype(np.float64)

        dwell = ev.kind == EventKind.DWELL
        self._dt = ev.t[dwell].astype(np.float64)
        self._dx = ev.x[dwell].astype(np.float64)
        self._dy = ev.y[dwell].astype(np.float64)
        self._dd = ev.value[dwell].astype(np.float64)

        self._event_t = np.unique(ev.t.astype(np.float64))
        self.idle_gaps = self._find_idle_gaps()
        self.markers = self._find_markers()
        self._step_t = self._find_steps()

    # -- computed once ---------------------------------------------------------------------
    def _find_idle_gaps(self) -> np.ndarray:
        """(start, end) ms of every stretch without events longer than the idle threshold.

        The session's start and end count as events, so a silent start or tail is idle too.
        """
        times = np.concatenate([[0.0], self._event_t, [self.duration]])
        times = np.unique(times)
        gaps = np.diff(times)
        long = gaps > self.settings.idle_ms
        return np.column_stack([times[:-1][long], times[1:][long]])

    def _find_markers(self) -> Markers:
        ev = self.session.events
        t_parts, k_parts, x_parts, y_parts, labels = [], [], [], [], []
        elements: list[str] = []

        def add(times, kind, texts, xs=None, ys=None, on=None) -> None:
            """Markers at ``times`` of ``kind`` (a name, or one index per marker)."""
            n = len(times)
            t_parts.append(np.asarray(times, dtype=np.float64))
            if isinstance(kind, str):
                kind = np.full(n, MARKER_KINDS.index(kind), dtype=np.int8)
            k_parts.append(np.asarray(kind, dtype=np.int8))
            x_parts.append(np.full(n, np.nan) if xs is None else np.asarray(xs, np.float64))
            y_parts.append(np.full(n, np.nan) if ys is None else np.asarray(ys, np.float64))
            labels.extend(texts)
            elements.extend([""] * n if on is None else on)

        def add_events(event_kind: EventKind, kind: str, text: str) -> None:
            """Every event of ``event_kind`` as a marker; ``text`` formats its x and y."""
            sel = ev.kind == event_kind
            xs, ys = ev.x[sel], ev.y[sel]
            texts = [text.format(x, y) for x, y in zip(xs, ys, strict=True)]
            at_page = event_kind != EventKind.RESIZE  # a resize's x, y are the window's size
            add(ev.t[sel], kind, texts, xs if at_page else None, ys if at_page else None)

        # Clicks and taps, a dead or broken one in its own colour, each naming its element.
        marks = click_marks(self.session, ClickRules(dead_ms=self.settings.dead_ms))
        kinds = np.where(self._ctap > 0, MARKER_KINDS.index("tap"), MARKER_KINDS.index("click"))
        kinds[marks.dead] = MARKER_KINDS.index("dead")
        kinds[marks.error] = MARKER_KINDS.index("error")  # the graver of the two
        texts = []
        for i in range(len(self._ct)):
            what = "tap" if self._ctap[i] else "click"
            words = f"{what} at {self._cx[i]:.0f}, {self._cy[i]:.0f}"
            if marks.element[i]:
                words += f" on {marks.element[i]}"
            if marks.notes[i]:
                words += f" ({marks.notes[i]})"
            texts.append(words)
        add(self._ct, kinds, texts, self._cx, self._cy, marks.element)
        for tap, name in ((False, "clicks"), (True, "taps")):
            sel = self._ctap == float(tap)
            t, x, y = self._ct[sel], self._cx[sel], self._cy[sel]
            bursts = rage_bursts(t, x, y, self.settings.rage)
            add(
                [t[b[0]] for b in bursts],
                "rage",
                [f"rage: {len(b)} {name} in {(t[b[-1]] - t[b[0]]) / 1000:.1f} s" for b in bursts],
                [x[b[0]] for b in bursts],
                [y[b[0]] for b in bursts],
            )
        add(self._dt, "dwell", [f"rested {d / 1000:.1f} s" for d in self._dd], self._dx, self._dy)
        # Scroll depth milestones: the first time the viewport's bottom reached 25/50/75/100 %
        # (not those the first screen already showed: the user did nothing to see them).
        bottoms_t, bottoms = self._viewport_bottoms()
        for share in (0.25, 0.5, 0.75, 1.0):
            reached = np.flatnonzero(bottoms >= share * self.page_height - 0.5)
            if reached.size and reached[0] > 0:
                add([bottoms_t[reached[0]]], "scroll", [f"scrolled to {share:.0%} of the page"])
        add_events(EventKind.RESIZE, "resize", "viewport {:.0f} x {:.0f}")
        t = np.concatenate(t_parts)
        k = np.concatenate(k_parts)
        x, y = np.concatenate(x_parts), np.concatenate(y_parts)
        order = np.argsort(t, kind="stable")
        return Markers(
            t[order],
            k[order],
            tuple(labels[i] for i in order),
            x[order],
            y[order],
            tuple(elements[i] for i in order),
        )

    def _find_steps(self) -> np.ndarray:
        """Where stepping event by event stops: the timeline's markers (clicks, taps, rage,
        rests, scroll milestones, resizes) and the start of each scroll gesture (a scroll
        after a second without one), never the pointer's move samples (every ~40 ms)."""
        ev = self.session.events
        scrolls = ev.t[ev.kind == EventKind.SCROLL].astype(np.float64)
        gesture_starts = scrolls[np.diff(scrolls, prepend=-np.inf) > GESTURE_GAP_MS]
        return np.unique(np.concatenate([self.markers.t.astype(np.float64), gesture_starts]))

    def _viewport_bottoms(self) -> tuple[np.ndarray, np.ndarray]:
        times = np.unique(np.concatenate([[0.0], self._st[1:], self._rt[1:]]))
        i_s = np.searchsorted(self._st, times, side="right") - 1
        i_r = np.searchsorted(self._rt, times, side="right") - 1
        return times, self._sy[i_s] + self._rh[i_r]

    # -- queries -----------------------------------------------------------------------------
    def clamp(self, t: float) -> float:
        return min(max(float(t), 0.0), self.duration)

    def state_at(self, t: float) -> ReplayState:
        """The screen at time ``t`` (clamped to the session). O(log n)."""
        s = self.settings
        t = self.clamp(t)
        i = int(np.searchsorted(self._st, t, side="right")) - 1
        scroll = (float(self._sx[i]), float(self._sy[i]))
        i = int(np.searchsorted(self._rt, t, side="right")) - 1
        viewport = (float(self._rw[i]), float(self._rh[i]))

        pt = self._pt
        k = int(np.searchsorted(pt, t, side="right"))  # samples at or before t: [0, k)
        cursor = None
        trail = _EMPTY2
        trail_age = _EMPTY1
        if k:
            j = k - 1
            x, y = self._px[j], self._py[j]
            if k < len(pt):
                t0, t1 = pt[j], pt[k]
                if t1 - t0 <= s.idle_ms and t1 > t0:
                    # Between two samples of one movement: the pointer was on its way.
                    f = (t - t0) / (t1 - t0)
                    x += f * (self._px[k] - x)
                    y += f * (self._py[k] - y)
            cursor = (float(x), float(y))
            first = int(np.searchsorted(pt, t - s.trail_ms, side="left"))
            if first < k:
                trail = np.empty((k - first + 1, 2))
                trail[:-1, 0] = self._px[first:k]
                trail[:-1, 1] = self._py[first:k]
                trail[-1] = cursor
                trail_age = np.empty(k - first + 1)
                trail_age[:-1] = t - pt[first:k]
                trail_age[-1] = 0.0
            else:
                trail = np.array([cursor])
                trail_age = np.zeros(1)

        lo = int(np.searchsorted(self._ct, t - s.ripple_ms, side="left"))
        hi = int(np.searchsorted(self._ct, t, side="right"))
        if hi > lo:
            ripples = np.column_stack(
                [self._cx[lo:hi], self._cy[lo:hi], t - self._ct[lo:hi], self._ctap[lo:hi]]
            )
        else:
            ripples = _EMPTY4

        dwell = None
        d = int(np.searchsorted(self._dt, t, side="right")) - 1
        if d >= 0 and t < self._dt[d] + self._dd[d]:
            dwell = (
                float(self._dx[d]),
                float(self._dy[d]),
                t - float(self._dt[d]),
                float(self._dd[d]),
            )

        idle = self.idle_end(t) is not None
        return ReplayState(t, cursor, scroll, viewport, trail, trail_age, ripples, dwell, idle)

    def idle_end(self, t: float) -> float | None:
        """If ``t`` is inside an idle stretch, where the stretch ends."""
        g = self.idle_gaps
        if not len(g):
            return None
        n = int(np.searchsorted(g[:, 0], t, side="right")) - 1
        if n >= 0 and t < g[n, 1]:
            return float(g[n, 1])
        return None

    def next_event(self, t: float) -> float:
        """The first step (see :meth:`_find_steps`) strictly after ``t``; the end if none."""
        return step_after(self._step_t, t, self.duration)

    def previous_event(self, t: float) -> float:
        """The last step strictly before ``t``; 0 if none."""
        return step_before(self._step_t, t)


def step_after(steps: np.ndarray, t: float, end: float) -> float:
    """The first of the sorted ``steps`` strictly after ``t``; ``end`` if none."""
    i = int(np.searchsorted(steps, t, side="right"))
    return float(steps[i]) if i < len(steps) else end


def step_before(steps: np.ndarray, t: float) -> float:
    """The last of the sorted ``steps`` strictly before ``t``; 0 if none."""
    i = int(np.searchsorted(steps, t, side="left")) - 1
    return float(steps[i]) if i >= 0 else 0.0


_EMPTY1 = np.zeros(0)
_EMPTY2 = np.zeros((0, 2))
_EMPTY4 = np.zeros((0, 4))
for _a in (_EMPTY1, _EMPTY2, _EMPTY4):
    _a.setflags(write=False)
