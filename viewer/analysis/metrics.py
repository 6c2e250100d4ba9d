"""Interaction metrics: per session, and aggregated over any set of sessions with intervals.

Definitions (every threshold is a field of :class:`MetricRules`):

* **interaction**: a click or a tap. A session *interacted* if it has at least one.
* **active time**: the session's length minus its idle stretches (no events for ``idle_ms``).
* **bounce**: no interaction and shorter than ``bounce_ms``.
* **rage click**: :class:`~viewer.analysis.rage.RageRule` (3 clicks or taps within 1 s and
  30 px of each other, by default).
* **deepest scroll**: the lowest page row the viewport showed, in px and as a share of the page.
* **path length**: the distance the pointer travelled between samples, in CSS px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from viewer.analysis.rage import RageRule, rage_bursts
from viewer.analysis.stats import Mean, Rate
from viewer.analysis.table import EventTable
from viewer.analysis.viewport import view_segments
from viewer.recording.model import EventKind


@dataclass(frozen=True)
class MetricRules:
    """Thresholds of the metrics."""

    idle_ms: float = 2000.0
    bounce_ms: float = 10_000.0
    rage: RageRule = field(default_factory=RageRule)


@dataclass(frozen=True, eq=False)
class SessionMetrics:
    """One value per session (arrays in the order of ``table.sessions``).

    Times are in seconds; ``first_interaction_s`` is NaN for sessions without one.
    """

    ids: tuple[str, ...]
    duration_s: np.ndarray
    active_s: np.ndarray
    moves: np.ndarray
    clicks: np.ndarray
    taps: np.ndarray
    interactions: np.ndarray
    first_interaction_s: np.ndarray
    deepest_px: np.ndarray
    deepest_share: np.ndarray
    dwell_s: np.ndarray
    path_px: np.ndarray
    rage_bursts: np.ndarray
    bounce: np.ndarray
    initial_height: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, i: int) -> dict:
        """Session ``i``'s metrics as a plain dict (for tables and JSON)."""
        return {
            "session": self.ids[i],
            "duration_s": float(self.duration_s[i]),
            "active_s": float(self.active_s[i]),
            "moves": int(self.moves[i]),
            "clicks": int(self.clicks[i]),
            "taps": int(self.taps[i]),
            "interactions": int(self.interactions[i]),
            "first_interaction_s": _nan_none(self.first_interaction_s[i]),
            "deepest_px": _nan_none(self.deepest_px[i]),  # None: no window size recorded
            "deepest_share": _nan_none(self.deepest_share[i]),
            "dwell_s": float(self.dwell_s[i]),
            "path_px": float(self.path_px[i]),
            "rage_bursts": int(self.rage_bursts[i]),
            "bounce": bool(self.bounce[i]),
        }


def _nan_none(v: float):
    return None if math.isnan(v) else float(v)


def session_metrics(
    table: EventTable, page_height: float, rules: MetricRules = MetricRules()
) -> SessionMetrics:
    """Compute every session's metrics, vectorised over the table."""
    n = table.n_sessions
    kind, sid = table.kind, table.session
    t = table.t.astype(np.float64)

    def count(k: EventKind) -> np.ndarray:
        return np.bincount(sid[kind == k], minlength=n).astype(np.int64)

    clicks, taps, moves = count(EventKind.CLICK), count(EventKind.TAP), count(EventKind.MOVE)
    interactions = clicks + taps
    is_inter = (kind == EventKind.CLICK) | (kind == EventKind.TAP)
    first = np.full(n, np.inf)
    np.minimum.at(first, sid[is_inter], t[is_inter])
    first_s = np.where(np.isfinite(first), first / 1000.0, np.nan)

    duration = table.end_ms.astype(np.float64)
    active = duration - _idle_ms(table, rules.idle_ms)

    dwell = kind == EventKind.DWELL
    dwell_s = np.bincount(sid[dwell], table.value[dwell].astype(np.float64), minlength=n) / 1000

    pointer = (kind == EventKind.MOVE) | (kind == EventKind.CLICK)
    px, py, ps = (
        table.x[pointer].astype(np.float64),
        table.y[pointer].astype(np.float64),
        sid[pointer],
    )
    step = np.hypot(np.diff(px), np.diff(py))
    same = ps[1:] == ps[:-1]
    path = np.bincount(ps[1:][same], step[same], minlength=n)

    seg = view_segments(table)
    deepest = np.zeros(n)
    np.maximum.at(deepest, seg.session, seg.bottom)
    # A window size an importer assumed says nothing of how far a visitor scrolled.
    deepest[~table.viewport_known] = np.nan
    deepest_share = np.minimum(deepest / max(page_height, 1.0), 1.0)

    rage = np.zeros(n, dtype=np.int64)
    for k in (EventKind.CLICK, EventKind.TAP):
        sel = np.flatnonzero(kind == k)
        if not len(sel):
            continue
        cs = sid[sel]
        bounds = np.flatnonzero(np.diff(cs)) + 1
        for chunk in np.split(sel, bounds):
            if len(chunk) >= rules.rage.min_clicks:
                bursts = rage_bursts(
                    t[chunk],
                    table.x[chunk].astype(np.float64),
                    table.y[chunk].astype(np.float64),
                    rules.rage,
                )
                rage[sid[chunk[0]]] += len(bursts)

    bounce = (interactions == 0) & (duration < rules.bounce_ms)
    return SessionMetrics(
        ids=tuple(s.id for s in table.sessions),
        duration_s=duration / 1000.0,
        active_s=np.maximum(active, 0.0) / 1000.0,
        moves=moves,
        clicks=clicks,
        taps=taps,
        interactions=interactions,
        first_interaction_s=first_s,
        deepest_px=deepest,
        deepest_share=deepest_share,
        dwell_s=dwell_s,
        path_px=path,
        rage_bursts=rage,
        bounce=bounce,
        initial_height=np.where(table.viewport_known, table.viewport[:, 1], np.nan),
    )


def _idle_ms(table: EventTable, idle_ms: float) -> np.ndarray:
    """Per session, the ms inside stretches without events longer than ``idle_ms``.

    As in replay, the session's start and end count as events: a silent start or tail is idle.
    """
    n = table.n_sessions
    sid = table.session
    t = table.t.astype(np.float64)
    idle = np.zeros(n)
    if len(t):
        gaps = np.diff(t)
        same = sid[1:] == sid[:-1]
        long = same & (gaps > idle_ms)
        idle += np.bincount(sid[1:][long], gaps[long], minlength=n)
    has = np.diff(table.start) > 0
    first_t = np.zeros(n)
    last_t = np.zeros(n)
    first_t[has] = t[table.start[:-1][has]]
    last_t[has] = t[table.start[1:][has] - 1]
    lead = np.where(has, first_t, table.end_ms)  # no events: the whole session is one stretch
    tail = np.where(has, table.end_ms - last_t, 0.0)
    idle += np.where(lead > idle_ms, lead, 0.0) + np.where(tail > idle_ms, tail, 0.0)
    return idle


@dataclass(frozen=True)
class Aggregate:
    """Metrics of a set of sessions."""

    sessions: int
    interaction_rate: Rate
    bounce_rate: Rate
    rage_share: Rate
    reach: dict[float, Rate]
    duration: Mean
    active: Mean
    clicks_per_session: Mean
    first_interaction: Mean
    average_fold_px: float
    window_unknown: int = 0  # sessions left out of reach and fold: no window size recorded

    def rows(self) -> list[tuple[str, str]]:
        """(metric, value) rows in reading order, for tables."""
        rows = [
            ("sessions", f"{self.sessions:,}"),
            ("interaction rate", self.interaction_rate.text()),
            ("bounce rate", self.bounce_rate.text()),
            ("sessions with rage clicks", self.rage_share.text()),
        ]
        unknown = ""
        if self.window_unknown:
            unknown = f" (without {self.window_unknown:,} sessions of unknown window size)"
        for share, rate in self.reach.items():
            text = rate.text() if rate.n else "not measurable: no window size recorded"
            rows.append((f"reached {share:.0%} of the page", text + (unknown if rate.n else "")))
        fold = self.average_fold_px
        rows += [
            (
                "average fold",
                f"{fold:,.0f} px{unknown}" if fold == fold else "not measurable: no window size",
            ),
            (
                "duration (mean, median)",
                f"{self.duration.value:.1f} s [{self.duration.low:.1f}-{self.duration.high:.1f}], "
                f"median {self.duration.median:.1f} s",
            ),
            ("active time (mean)", f"{self.active.value:.1f} s"),
            (
                "clicks and taps per session",
                f"{self.clicks_per_session.value:.2f} [{self.clicks_per_session.low:.2f}-"
                f"{self.clicks_per_session.high:.2f}]",
            ),
            (
                "time to first interaction (median)",
                f"{self.first_interaction.median:.1f} s" if self.first_interaction.n else "n/a",
            ),
        ]
        return rows

    def to_dict(self) -> dict:
        def rate(r: Rate) -> dict:
            return {
                "k": r.k,
                "n": r.n,
                "value": _nan_none(r.value),
                "low": _nan_none(r.low),
                "high": _nan_none(r.high),
            }

        def mean(m: Mean) -> dict:
            return {
                "mean": _nan_none(m.value),
                "low": _nan_none(m.low),
                "high": _nan_none(m.high),
                "median": _nan_none(m.median),
                "n": m.n,
            }

        return {
            "sessions": self.sessions,
            "interaction_rate": rate(self.interaction_rate),
            "bounce_rate": rate(self.bounce_rate),
            "rage_share": rate(self.rage_share),
            "reach": {f"{int(100 * s)}": rate(r) for s, r in self.reach.items()},
            "average_fold_px": _nan_none(self.average_fold_px),
            "window_unknown": self.window_unknown,
            "duration_s": mean(self.duration),
            "active_s": mean(self.active),
            "clicks_per_session": mean(self.clicks_per_session),
            "first_interaction_s": mean(self.first_interaction),
        }


REACH_LEVELS = (0.25, 0.5, 0.75, 1.0)


def aggregate(metrics: SessionMetrics, mask: np.ndarray | None = None) -> Aggregate:
    """Aggregate the sessions selected by ``mask`` (all when None)."""
    sel = np.ones(len(metrics), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    n = int(sel.sum())
    m = metrics
    known = sel & np.isfinite(m.deepest_share)
    n_known = int(known.sum())
    reach = {
        share: Rate.of(int((m.deepest_share[known] >= share - 1e-9).sum()), n_known)
        for share in REACH_LEVELS
    }
    return Aggregate(
        sessions=n,
        interaction_rate=Rate.of(int((m.interactions[sel] > 0).sum()), n),
        bounce_rate=Rate.of(int(m.bounce[sel].sum()), n),
        rage_share=Rate.of(int((m.rage_bursts[sel] > 0).sum()), n),
        reach=reach,
        duration=Mean.of(m.duration_s[sel]),
        active=Mean.of(m.active_s[sel]),
        clicks_per_session=Mean.of(m.interactions[sel]),
        first_interaction=Mean.of(m.first_interaction_s[sel]),
        average_fold_px=float(np.mean(m.initial_height[known])) if n_known else math.nan,
        window_unknown=n - n_known,
    )
