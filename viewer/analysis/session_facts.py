"""What a map's legend and notes need to know of its sessions, without their events.

A list of sessions gives these facts by looking at each; an archive gives them from its
sessions table (a million sessions without one event read), so a map computed on Dask gets the
same notes and screenshot as one computed in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viewer.recording.model import EventKind, Session


@dataclass(frozen=True)
class SessionFacts:
    """How many sessions, the variants they saw (None: untagged) and their taps and moves."""

    n: int
    variants: frozenset
    taps: int
    moves: int

    @classmethod
    def of(cls, sessions: Sequence[Session] | SessionFacts) -> SessionFacts:
        """The facts of ``sessions`` (facts are returned as they are)."""
        if isinstance(sessions, SessionFacts):
            return sessions
        return cls(
            len(sessions),
            frozenset(s.variant for s in sessions),
            sum(int(np.count_nonzero(s.events.kind == EventKind.TAP)) for s in sessions),
            sum(int(np.count_nonzero(s.events.kind == EventKind.MOVE)) for s in sessions),
        )
