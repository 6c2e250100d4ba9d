"""Many sessions replayed at once: one cursor each, on one shared timeline.

Up to :data:`MAX_SESSIONS` sessions are laid on one clock, aligned at their starts or at the
moment each first showed a chosen region (time 0 is then "the region came into view"). At any
time ``t`` every session's pointer, short trail and recent clicks come from one
``searchsorted`` over all sessions' samples at once: the sessions' samples are concatenated
with each session's times shifted into a band of its own, so the query for fifty sessions
costs what the query for one does, and playback keeps sixty frames a second.

The shared timeline's markers are the moments most sessions click: the aligned time is cut
into bins and each bin counts the sessions (not the clicks) with a click in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viewer.analysis.regions import RegionRules
from viewer.analysis.table import EventTable
from viewer.analysis.viewport import view_segments
from viewer.recording.model import EventKind, Session
from viewer.replay.playhead import (
    MARKER_KINDS,
    Markers,
    ReplaySettings,
    step_after,
    step_before,
)

#: At most this many sessions share a replay (more cursors than this are a blur, not sessions).
MAX_SESSIONS = 50
#: The trail behind each cursor: short, so fifty of them stay readable.
CROWD_TRAIL_MS = 800.0
#: How many peaks of clicking the shared timeline marks.
PEAKS = 6


@dataclass(frozen=True)
class CrowdState:
    """The crowd at one moment of the shared timeline.

    Attributes
    ----------
    t
        The moment (ms on the shared timeline).
    cursors
        Each session's pointer (page px), shape (n, 2); NaN before its first sample, after
        the session ended, or before it started (aligned later than ``t``).
    trail, trail_session, trail_age
        The trails' points (page px, oldest first per session, ending at its cursor), whose
        session each point is, and how old (ms).
    ripples
        Recent clicks and taps: rows of (x, y, age ms, session).
    """

    t: float
    cursors: np.ndarray
    trail: np.ndarray
    trail_session: np.ndarray
    trail_age: np.ndarray
    ripples: np.ndarray
    idle: bool = False

    @property
    def shown(self) -> int:
        """How many sessions have a cursor on the page now."""
        return int(np.isfinite(self.cursors[:, 0]).sum())


@dataclass(frozen=True)
class ClickMoments:
    """Sessions clicking per stretch of the shared timeline.

    Attributes
    ----------
    edges
        Bin edges (ms), one more than :attr:`sessions`.
    sessions
        Per bin, how many sessions clicked or tapped in it.
    n_sessions
        The sessions on the timeline.
    """

    edges: np.ndarray
    sessions: np.ndarray
    n_sessions: int


def first_views(
    sessions: Sequence[Session],
    rect: tuple[float, float, float, float],
    rules: RegionRules = RegionRules(),  # noqa: B008 - frozen
) -> np.ndarray:
    """When each session's viewport first showed ``rect`` (x, y, w, h; at least
    ``rules.min_visible_share`` of it), in ms from its start; NaN when it never did."""
    table = EventTable.from_sessions(sessions)
    seg = view_segments(table)
    x, y, w, h = rect
    ox = np.clip(np.minimum(seg.x + seg.width, x + w) - np.maximum(seg.x, x), 0, None)
    oy = np.clip(np.minimum(seg.y + seg.height, y + h) - np.maximum(seg.y, y), 0, None)
    seen = (ox * oy >= rules.min_visible_share * w * h - 1e-9) & (seg.end >= seg.start)
    out = np.full(len(sessions), np.nan)
    hit = np.flatnonzero(seen)
    # Segments are by session and in time order: the first hit of each session is its first view.
    first, index = np.unique(seg.session[hit], return_index=True)
    out[first] = seg.start[hit[index]]
    return out


@dataclass(frozen=True, eq=False)
class _Samples:
    """One kind of sample of every session, in one sorted array of shifted times."""

    key: np.ndarray  # band * session + SHIFT + aligned time
    x: np.ndarray
    y: np.ndarray
    session: np.ndarray
    bounds: np.ndarray  # session i's samples are bounds[i]:bounds[i + 1]


class Crowd:
    """Sessions on one clock, answering "where was everyone at t".

    Parameters
    ----------
    sessions
        At most :data:`MAX_SESSIONS` sessions.
    offsets
        Per session, the moment of its own recording (ms) that is time 0 of the shared
        timeline (zeros: aligned at their starts).
    settings
        Idle threshold (a pointer is interpolated between samples closer than it), trail and
        ripple lengths.
    """

    def __init__(
        self,
        sessions: Sequence[Session],
        offsets: np.ndarray | None = None,
        settings: ReplaySettings = ReplaySettings(trail_ms=CROWD_TRAIL_MS),  # noqa: B008
    ) -> None:
        if len(sessions) > MAX_SESSIONS:
            raise ValueError(f"at most {MAX_SESSIONS} sessions replay together")
        self.sessions = tuple(sessions)
        self.settings = settings
        n = len(self.sessions)
        self.offsets = np.zeros(n) if offsets is None else np.asarray(offsets, np.float64)
        self.ends = np.array([s.end_ms for s in self.sessions], np.float64) - self.offsets
        self.duration = float(self.ends.max()) if n else 0.0
        lead = float(self.offsets.max()) if n else 0.0  # the most time before time 0
        self._shift = lead + settings.trail_ms + 1.0
        self._band = self._shift + self.duration + settings.ripple_ms + settings.trail_ms + 2.0
        self._base = np.arange(n) * self._band + self._shift
        self._pointer = self._samples((EventKind.MOVE, EventKind.CLICK))
        self._clicks = self._samples((EventKind.CLICK, EventKind.TAP))
        self.moments = self._click_moments()
        self.markers = self._peak_markers()
        self.idle_gaps = np.zeros((0, 2))
        self._steps = np.unique(self.markers.t)

    # -- built once ---------------------------------------------------------------------------
    def _samples(self, kinds: tuple[EventKind, ...]) -> _Samples:
        keys, xs, ys, sid, bounds = [], [], [], [], [0]
        for i, s in enumerate(self.sessions):
            ev = s.events
            sel = np.isin(ev.kind, [int(k) for k in kinds])
            t = ev.t[sel].astype(np.float64) - self.offsets[i]
            keys.append(self._base[i] + t)
            xs.append(ev.x[sel].astype(np.float64))
            ys.append(ev.y[sel].astype(np.float64))
            sid.append(np.full(len(t), i, np.int32))
            bounds.append(bounds[-1] + len(t))

        def cat(parts, dtype):
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)

        return _Samples(
            cat(keys, np.float64),
            cat(xs, np.float64),
            cat(ys, np.float64),
            cat(sid, np.int32),
            np.asarray(bounds, np.int64),
        )

    def _click_moments(self) -> ClickMoments:
        c = self._clicks
        n = len(self.sessions)
        width = max(1000.0, self.duration / 300)  # a second, or 300 bins on long replays
        bins = max(1, int(np.ceil(self.duration / width)))
        edges = np.arange(bins + 1) * width
        t = c.key - self._base[c.session]
        inside = (t >= 0) & (t < bins * width)
        b = (t[inside] // width).astype(np.int64)
        pairs = np.unique(c.session[inside].astype(np.int64) * bins + b)  # a session once a bin
        counts = np.bincount(pairs % bins, minlength=bins) if len(pairs) else np.zeros(bins, int)
        return ClickMoments(edges, counts, n)

    def _peak_markers(self) -> Markers:
        """The moments most sessions clicked: up to :data:`PEAKS` bins, two or more sessions,
        no two neighbours (a peak straddling a bin edge is marked once)."""
        m = self.moments
        counts = m.sessions.copy()
        chosen: list[int] = []
        for b in np.argsort(-counts, kind="stable"):
            if counts[b] < 2 or len(chosen) == PEAKS:
                break
            if all(abs(int(b) - c) > 1 for c in chosen):
                chosen.append(int(b))
        chosen.sort()
        t = np.array([(m.edges[b] + m.edges[b + 1]) / 2 for b in chosen], np.float64)
        width = float(m.edges[1] - m.edges[0]) if len(m.edges) > 1 else 0.0
        labels = tuple(
            f"{m.sessions[b]} of {m.n_sessions} sessions click within these {width / 1000:g} s"
            for b in chosen
        )
        k = np.full(len(chosen), MARKER_KINDS.index("click"), np.int8)
        nan = np.full(len(chosen), np.nan)
        return Markers(t, k, labels, nan, nan.copy(), ("",) * len(chosen))

    # -- queries ------------------------------------------------------------------------------
    def clamp(self, t: float) -> float:
        return min(max(float(t), 0.0), self.duration)

    def idle_end(self, t: float) -> float | None:
        return None  # someone is always somewhere: the shared timeline has no idle stretch

    def next_event(self, t: float) -> float:
        """The next peak of clicking after ``t``; the end if none."""
        return step_after(self._steps, t, self.duration)

    def previous_event(self, t: float) -> float:
        """The last peak of clicking before ``t``; 0 if none."""
        return step_before(self._steps, t)

    def state_at(self, t: float) -> CrowdState:
        """Everyone at shared time ``t`` (clamped): a few vector operations, whatever n."""
        s = self.settings
        t = self.clamp(t)
        n = len(self.sessions)
        p = self._pointer
        q = self._base + t
        k = np.searchsorted(p.key, q, side="right")  # samples at or before t: [bounds[i], k)
        lo_b, hi_b = p.bounds[:-1], p.bounds[1:]
        has = (k > lo_b) & (t <= self.ends)  # started (offsets >= 0) and not yet over
        j = np.where(has, k - 1, 0)
        cursors = np.full((n, 2), np.nan)
        if len(p.key):
            x, y = p.x[j].copy(), p.y[j].copy()
            nxt = np.minimum(k, len(p.key) - 1)
            t0 = p.key[j]
            t1 = p.key[nxt]
            moving = has & (k < hi_b) & (t1 > t0) & (t1 - t0 <= s.idle_ms)
            f = np.where(moving, (q - t0) / np.where(t1 > t0, t1 - t0, 1.0), 0.0)
            x += f * (p.x[nxt] - x)
            y += f * (p.y[nxt] - y)
            cursors[has] = np.column_stack([x, y])[has]
        # Trails: each shown session's samples of the last trail_ms, then its cursor.
        first = np.searchsorted(p.key, q - s.trail_ms, side="left")
        first = np.maximum(first, lo_b)
        counts = np.where(has, k - first, 0)
        total = int(counts.sum())
        lens = np.where(has, counts + 1, 0)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        trail = np.empty((int(lens.sum()), 2))
        trail_session = np.repeat(np.arange(n, dtype=np.int32), lens)
        trail_age = np.zeros(len(trail))
        if total:
            owner = np.repeat(np.arange(n), counts)
            within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            src = np.repeat(first, counts) + within
            dst = starts[owner] + within
            trail[dst, 0], trail[dst, 1] = p.x[src], p.y[src]
            trail_age[dst] = q[owner] - p.key[src]
        ends = starts + lens - 1
        shown = np.flatnonzero(has)
        trail[ends[shown]] = cursors[shown]
        # Ripples: the clicks of the last ripple_ms.
        c = self._clicks
        lo = np.searchsorted(c.key, q - s.ripple_ms, side="left")
        hi = np.searchsorted(c.key, q, side="right")
        m = hi - lo
        if m.sum():
            idx = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi, strict=True) if b > a])
            ripples = np.column_stack(
                [c.x[idx], c.y[idx], q[c.session[idx]] - c.key[idx], c.session[idx]]
            )
        else:
            ripples = np.zeros((0, 4))
        return CrowdState(t, cursors, trail, trail_session, trail_age, ripples)


def crowd_colours(n: int) -> list[tuple[int, int, int]]:
    """``n`` colours that tell sessions apart: hues a golden angle apart, two lightnesses
    alternating, all dark enough to read on a white page."""
    import colorsys

    out = []
    for i in range(n):
        h = (i * 0.618033988749895) % 1.0
        light = 0.42 if i % 2 == 0 else 0.55
        r, g, b = colorsys.hls_to_rgb(h, light, 0.85)
        out.append((round(r * 255), round(g * 255), round(b * 255)))
    return out


@dataclass(frozen=True)
class Lineup:
    """A crowd and what was left out of it, in words for the replay bar."""

    crowd: Crowd
    words: str
    left_out: tuple[str, ...]  # ids of sessions that never saw the region


def line_up(
    sessions: Sequence[Session],
    region: tuple[str, tuple[float, float, float, float]] | None = None,
    of: int | None = None,
    rules: RegionRules = RegionRules(),  # noqa: B008 - frozen
) -> Lineup:
    """The crowd of ``sessions`` (the first :data:`MAX_SESSIONS`), aligned at their starts,
    or at their first view of ``region`` (name, rect), leaving out those that never saw it.
    ``of``: how many sessions the choice was made from (for the words)."""
    chosen = list(sessions)[:MAX_SESSIONS]
    of = len(sessions) if of is None else of
    head = f"{len(chosen):,} sessions together" + (
        f" (the first {len(chosen)} of {of:,})" if of > len(chosen) else ""
    )
    if region is None:
        crowd = Crowd(chosen)
        words, left = f"{head}, from their starts", ()
    else:
        name, rect = region
        seen = first_views(chosen, rect, rules)
        keep = np.flatnonzero(np.isfinite(seen))
        left = tuple(chosen[i].id for i in np.flatnonzero(~np.isfinite(seen)))
        crowd = Crowd([chosen[i] for i in keep], offsets=seen[keep])
        words = f"{head}, from their first view of {name}"
        if left:
            words += f"; {len(left):,} never saw it and are not shown"
    widths = sorted({int(s.viewport[0]) for s in crowd.sessions})
    if len(widths) > 1:
        words += f"; positions as recorded at {len(widths)} widths"
    return Lineup(crowd, words, left)


def crowd_key(crowd: Crowd) -> list[tuple[str, tuple[int, int, int]]]:
    """Each session's line in the key beside the replay, with its cursor's colour."""
    colours = crowd_colours(len(crowd.sessions))
    out = []
    for s, offset, colour in zip(crowd.sessions, crowd.offsets, colours, strict=True):
        words = f"{s.id} · {s.device} · {s.viewport[0]} px"
        if offset:
            words += f" · from {offset / 1000:.1f} s"
        out.append((words, colour))
    return out
