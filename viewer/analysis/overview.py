"""A quick overview of each session (for the session browser), computed for all at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.analysis.metrics import SessionMetrics
from viewer.analysis.table import EventTable


@dataclass(frozen=True, eq=False)
class SessionOverview:
    """Per-session columns, in the order of ``table.sessions``.

    Attributes
    ----------
    duration_s
        Length of the visit in seconds.
    events
        Number of events.
    clicks
        Clicks plus taps.
    deepest_px
        The lowest page y the viewport showed (CSS px).
    deepest_share
        ``deepest_px`` as a share of the page height (at most 1).
    start
        Start times as POSIX seconds (for sorting).
    """

    duration_s: np.ndarray
    events: np.ndarray
    clicks: np.ndarray
    deepest_px: np.ndarray
    deepest_share: np.ndarray
    start: np.ndarray


def session_overview(table: EventTable, metrics: SessionMetrics) -> SessionOverview:
    """The browser's columns for every session in ``table`` (from its computed metrics)."""
    n = table.n_sessions
    return SessionOverview(
        duration_s=metrics.duration_s,
        events=np.diff(table.start).astype(np.int64) if n else np.zeros(0, np.int64),
        clicks=metrics.interactions,
        deepest_px=metrics.deepest_px,
        deepest_share=metrics.deepest_share,
        start=np.array([s.start.timestamp() for s in table.sessions], dtype=np.float64),
    )


@dataclass(frozen=True, eq=False)
class SessionLabels:
    """Text columns of many sessions, as numpy string arrays for vectorised sorting and filtering.

    Attributes
    ----------
    ids, devices, variants
        One entry per session ("" where a session has no variant).
    tags_text
        The tags other than ``variant``, as ``key=value, ...``.
    search_text
        Lower-case id, device and all tags: what the browser's search box looks in.
    tags
        For each tag key, every session's value ("" where it has none).
    """

    ids: np.ndarray
    devices: np.ndarray
    variants: np.ndarray
    tags_text: np.ndarray
    search_text: np.ndarray
    tags: dict[str, np.ndarray]

    def search(self, needle: str) -> np.ndarray:
        """A mask of the sessions whose id, device or tags contain ``needle`` (any case)."""
        if not needle:
            return np.ones(len(self.ids), dtype=bool)
        return np.char.find(self.search_text, needle.lower()) >= 0


def session_labels(sessions) -> SessionLabels:
    """The text columns of ``sessions`` (see :class:`SessionLabels`)."""
    keys = sorted({k for s in sessions for k in s.tags})
    tags = {k: np.array([s.tags.get(k, "") for s in sessions], dtype=str) for k in keys}
    return SessionLabels(
        ids=np.array([s.id for s in sessions], dtype=str),
        devices=np.array([s.device for s in sessions], dtype=str),
        variants=np.array([s.tags.get("variant", "") for s in sessions], dtype=str),
        tags_text=np.array(
            [
                ", ".join(f"{k}={v}" for k, v in sorted(s.tags.items()) if k != "variant")
                for s in sessions
            ],
            dtype=str,
        ),
        search_text=np.array(
            [f"{s.id} {s.device} {_tag_words(s.tags)}".lower() for s in sessions],
            dtype=str,
        ),
        tags=tags,
    )


def _tag_words(tags: dict[str, str]) -> str:
    """``k=v k=v`` in key order (so an archive, which keeps tags sorted, searches the same)."""
    return " ".join(f"{k}={v}" for k, v in sorted(tags.items()))
