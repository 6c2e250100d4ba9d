"""Many sessions' events in one set of columns, for work over a whole selection at once.

Heatmaps and metrics look at thousands of sessions together. Concatenating their event columns
once (with a session index per event) lets every such computation be one vectorised pass
instead of a Python loop over sessions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viewer.recording.model import EventKind, Session


@dataclass(frozen=True, eq=False)
class EventTable:
    """The events of several sessions, concatenated, each session's events in time order.

    Attributes
    ----------
    t, kind, x, y, value
        Event columns, as in :class:`~viewer.recording.model.Events`.
    session
        For each event, the position of its session in :attr:`sessions` (int32).
    sessions
        The sessions, in table order.
    start
        Offsets: session ``i``'s events are ``start[i]:start[i + 1]``.
    end_ms
        Each session's length in ms.
    viewport
        Each session's initial viewport (width, height), shape (n, 2).
    viewport_known
        Whether each session's viewport was recorded (not assumed by an importer).
    """

    t: np.ndarray
    kind: np.ndarray
    x: np.ndarray
    y: np.ndarray
    value: np.ndarray
    session: np.ndarray
    sessions: tuple[Session, ...]
    start: np.ndarray
    end_ms: np.ndarray
    viewport: np.ndarray
    viewport_known: np.ndarray

    @classmethod
    def from_sessions(cls, sessions: Sequence[Session]) -> EventTable:
        sessions = tuple(sessions)
        lengths = np.array([len(s.events) for s in sessions], dtype=np.int64)
        start = np.concatenate([[0], np.cumsum(lengths)])

        def cat(name: str, dtype) -> np.ndarray:
            if not sessions:
                return np.zeros(0, dtype)
            return np.concatenate([getattr(s.events, name) for s in sessions])

        return cls(
            t=cat("t", np.int64),
            kind=cat("kind", np.uint8),
            x=cat("x", np.float32),
            y=cat("y", np.float32),
            value=cat("value", np.float32),
            session=np.repeat(np.arange(len(sessions), dtype=np.int32), lengths),
            sessions=sessions,
            start=start,
            end_ms=np.array([s.end_ms for s in sessions], dtype=np.int64),
            viewport=np.array([s.viewport for s in sessions], dtype=np.float64).reshape(-1, 2),
            viewport_known=np.array([s.viewport_known for s in sessions], dtype=bool),
        )

    def subset(self, indices: np.ndarray) -> EventTable:
        """The table of sessions ``indices`` (positions in :attr:`sessions`), in that order.

        Cheaper than building a table from the sessions again: the columns are sliced, not
        concatenated from every session.
        """
        indices = np.asarray(indices, dtype=np.intp)
        if len(indices) == self.n_sessions and np.array_equal(indices, np.arange(self.n_sessions)):
            return self
        lengths = np.diff(self.start)[indices]
        pieces = [np.arange(self.start[i], self.start[i + 1]) for i in indices]
        take = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.intp)
        return EventTable(
            t=self.t[take],
            kind=self.kind[take],
            x=self.x[take],
            y=self.y[take],
            value=self.value[take],
            session=np.repeat(np.arange(len(indices), dtype=np.int32), lengths),
            sessions=tuple(self.sessions[i] for i in indices),
            start=np.concatenate([[0], np.cumsum(lengths)]),
            end_ms=self.end_ms[indices],
            viewport=self.viewport[indices],
            viewport_known=self.viewport_known[indices],
        )

    @property
    def n_sessions(self) -> int:
        return len(self.sessions)

    def __len__(self) -> int:
        return len(self.t)

    def mask(self, *kinds: EventKind, t_range: tuple[float, float] | None = None) -> np.ndarray:
        """Events of the given kinds (all kinds if none), optionally with ``t0 <= t < t1``."""
        m = (
            np.isin(self.kind, np.array(kinds, dtype=np.uint8))
            if kinds
            else np.ones(len(self), bool)
        )
        if t_range is not None:
            m &= (self.t >= t_range[0]) & (self.t < t_range[1])
        return m
