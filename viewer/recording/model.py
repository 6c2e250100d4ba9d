"""The in-memory model: pages, sessions, and columnar event arrays.

Events are never Python objects one per event: a session's events are five parallel numpy arrays,
so a million-event session costs 17 MB and any query over it is vectorised.

Coordinates are page CSS pixels (where on the screenshot). The meaning of ``x``, ``y`` and
``value`` per kind is:

========  ===========================  ============================
kind      x, y                          value
========  ===========================  ============================
move      cursor position               0
click     click position                mouse button (0 left, 1 middle, 2 right, 3 back, 4 forward)
tap       touch position                0
scroll    scroll offset (page position  0
          of the viewport's top-left)
dwell     where the pointer rested      rest duration in ms (starts at ``t``)
resize    new viewport width, height    0
========  ===========================  ============================
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from viewer.recording.errors import Problem

if TYPE_CHECKING:
    from viewer.recording.clicks import ClickFacts


class EventKind(IntEnum):
    """Event kinds, with the codes used in :attr:`Events.kind`."""

    MOVE = 0
    CLICK = 1
    TAP = 2
    SCROLL = 3
    DWELL = 4
    RESIZE = 5

    @property
    def label(self) -> str:
        """The kind's name in the file format (``"move"``, ``"click"``, ...)."""
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> EventKind:
        return cls[label.upper()]


#: Kind names in code order, as written in a file's ``events.kinds`` table.
KIND_LABELS: tuple[str, ...] = tuple(k.label for k in EventKind)

#: Positions of these kinds are page points (the others hold offsets or sizes).
POINT_KINDS: tuple[EventKind, ...] = (
    EventKind.MOVE,
    EventKind.CLICK,
    EventKind.TAP,
    EventKind.DWELL,
)

DEVICES: tuple[str, ...] = ("desktop", "tablet", "mobile")


def frozen_column(a: np.ndarray, dtype: type) -> np.ndarray:
    # A read-only view: no copy when the column already has the right type, and nobody can
    # change a session's events through the arrays it hands out.
    out = np.ascontiguousarray(a, dtype=dtype).view()
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class Events:
    """A session's events as parallel, read-only, time-sorted columns.

    Attributes
    ----------
    t : ndarray of int64
        Milliseconds since the session started, non-decreasing.
    kind : ndarray of uint8
        :class:`EventKind` codes.
    x, y : ndarray of float32
        Page CSS px for point kinds; scroll offset for ``scroll``; viewport size for ``resize``.
    value : ndarray of float32
        Button for ``click``, duration in ms for ``dwell``, 0 otherwise.
    """

    t: np.ndarray
    kind: np.ndarray
    x: np.ndarray
    y: np.ndarray
    value: np.ndarray

    def __post_init__(self) -> None:
        n = len(self.t)
        for name, dtype in (
            ("t", np.int64),
            ("kind", np.uint8),
            ("x", np.float32),
            ("y", np.float32),
            ("value", np.float32),
        ):
            col = frozen_column(getattr(self, name), dtype)
            if col.ndim != 1 or len(col) != n:
                raise ValueError(f"events column {name!r} must be 1-D with {n} entries")
            object.__setattr__(self, name, col)

    @classmethod
    def empty(cls) -> Events:
        return cls(
            np.zeros(0, np.int64),
            np.zeros(0, np.uint8),
            np.zeros(0, np.float32),
            np.zeros(0, np.float32),
            np.zeros(0, np.float32),
        )

    def __len__(self) -> int:
        return len(self.t)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Events):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, n), getattr(other, n))
            for n in ("t", "kind", "x", "y", "value")
        )

    __hash__ = None  # type: ignore[assignment]

    def select(self, mask: np.ndarray) -> Events:
        """The events where ``mask`` (bool or index array) holds, order kept."""
        return Events(self.t[mask], self.kind[mask], self.x[mask], self.y[mask], self.value[mask])

    def of_kind(self, *kinds: EventKind) -> Events:
        """Only the events of the given kinds."""
        return self.select(np.isin(self.kind, np.array(kinds, dtype=np.uint8)))

    def counts(self) -> dict[EventKind, int]:
        """Number of events of each kind (every kind present as a key)."""
        c = np.bincount(self.kind, minlength=len(EventKind))
        return {k: int(c[k]) for k in EventKind}

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, n).nbytes for n in ("t", "kind", "x", "y", "value"))


@dataclass(frozen=True)
class Page:
    """One screenshot of one layout of a web page.

    Attributes
    ----------
    id
        Unique within a folder; sessions name their page by this id.
    width, height
        The page's size in CSS px (the screenshot may be larger: device pixel ratio > 1).
    screenshot
        Absolute path of the screenshot image.
    pixel_size
        The screenshot's size in image pixels, read from its header.
    url, title
        Of the web page.
    variants
        Screenshots of variant layouts with the same size, keyed by the value of the
        sessions' ``variant`` tag (e.g. an A/B test that moves a button).
    path
        The page file it was read from (None when built in memory).
    """

    id: str
    width: int
    height: int
    screenshot: Path
    pixel_size: tuple[int, int]
    url: str = ""
    title: str = ""
    variants: dict[str, Path] = field(default_factory=dict)
    path: Path | None = field(default=None, compare=False)
    origin: str = ""  # how the screenshot was made when not by the user: "rebuilt from ..."
    #: Boxes ``(x, y, w, h)`` of clicked elements on the screenshot, by selector (CSS px).
    elements: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)

    @property
    def device_pixel_ratio(self) -> float:
        return self.pixel_size[0] / self.width

    def screenshot_for(self, variant: str | None) -> Path:
        """The screenshot sessions of ``variant`` saw (the main one when it has none)."""
        if variant is not None and variant in self.variants:
            return self.variants[variant]
        return self.screenshot


@dataclass(frozen=True)
class Session:
    """One visit to one page.

    Attributes
    ----------
    id
        Unique among the sessions of its page.
    page_id
        The :attr:`Page.id` this session visited.
    start
        When the visit started (timezone-aware).
    device
        One of :data:`DEVICES`.
    viewport
        The viewport size (CSS px) at the start; ``resize`` events change it.
    events
        The events, sorted by time.
    tags
        Free labels such as ``{"variant": "B", "source": "ad"}``.
    duration_ms
        How long the visit lasted; at least the last event's time.
    path, warnings
        Where it was read from and what was skipped or corrected (not part of equality).
    part
        ``(index, final)`` when this is one part of a session sent in parts (the recorder's
        uploads); the folder loader joins the parts into one session.
    assumed
        Fields an importer had to assume because the recording does not say: ``("viewport",)``
        when the window size is a placeholder. Measures that need it (scroll reach, the fold,
        region impressions) leave such sessions out and say so.
    clicks
        What the recording knows of each click and tap beyond its position (the element
        hit, the page's reaction, console errors), or None (see :mod:`viewer.recording.clicks`).
    """

    id: str
    page_id: str
    start: _dt.datetime
    device: str
    viewport: tuple[int, int]
    events: Events
    tags: dict[str, str] = field(default_factory=dict)
    duration_ms: int = 0
    path: Path | None = field(default=None, compare=False)
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    part: tuple[int, bool] | None = field(default=None, compare=False)
    assumed: tuple[str, ...] = ()
    clicks: ClickFacts | None = None

    @property
    def viewport_known(self) -> bool:
        return "viewport" not in self.assumed

    @property
    def variant(self) -> str | None:
        return self.tags.get("variant")

    @property
    def end_ms(self) -> int:
        """The session's length: its duration, or the last event if that is later."""
        last = int(self.events.t[-1]) if len(self.events) else 0
        return max(self.duration_ms, last)
