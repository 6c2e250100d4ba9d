"""What a recording knows about each click beyond its position: the page element it hit, and
whether (and when) the page reacted or logged an error after it.

A session's clicks and taps (its ``click`` and ``tap`` events, in time order) may carry
:class:`ClickFacts`: columns with one entry per click or tap, so that a session of 10,000 clicks
costs three small arrays, never an object per click. Recordings that say nothing of elements
(CSV logs, older files) have none, and the measures built on them say "not measurable" rather
than guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from viewer.recording.model import EventKind, Events, frozen_column

#: An element's selector, tag and text are cut to these lengths (they come from the page).
MAX_SELECTOR = 300
MAX_ELEMENT_TEXT = 80
MAX_ELEMENTS = 10_000  # in one session or one page


class Element(NamedTuple):
    """A page element that was clicked.

    A named tuple of strings and numbers: a folder of 10,000 sessions holds hundreds of
    thousands of them, and the garbage collector does not track such tuples (a dataclass
    would be scanned in every full collection, freezing the window for 100 ms).

    Attributes
    ----------
    selector
        A stable CSS selector: ``#id``, else a short path of tags and classes
        (``main > div.card:nth-of-type(2) > button.buy``). Clicks are counted per selector.
    tag
        The element's tag name, lower case (``button``, ``a``).
    text
        Its visible text, white space collapsed, cut to :data:`MAX_ELEMENT_TEXT` characters.
    box
        ``(x, y, width, height)`` on the page in CSS px, as the visitor's layout had it; None
        when no layout was available.
    """

    selector: str
    tag: str = ""
    text: str = ""
    box: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, eq=False)
class ClickFacts:
    """One entry per click or tap of a session, in time order.

    Attributes
    ----------
    element : ndarray of int32
        Index into :attr:`elements`, -1 when the click hit nothing known.
    reaction_ms : ndarray of float32, or None
        Milliseconds from the click to the page's first reaction after it (a DOM mutation,
        a navigation, a scroll, an input, a style change or a new snapshot); NaN when nothing
        followed before the recording ended. None when the recording cannot say (it does not
        record the page's DOM).
    error_ms : ndarray of float32, or None
        Milliseconds from the click to the first console error after it, NaN when none; None
        when the recording holds no console records at all.
    elements
        The elements the clicks hit.
    """

    element: np.ndarray
    reaction_ms: np.ndarray | None = None
    error_ms: np.ndarray | None = None
    elements: tuple[Element, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "element", frozen_column(self.element, np.int32))
        n = len(self.element)
        for name in ("reaction_ms", "error_ms"):
            col = getattr(self, name)
            if col is not None:
                col = frozen_column(col, np.float32)
                if len(col) != n:
                    raise ValueError(f"click column {name!r} must have {n} entries")
                object.__setattr__(self, name, col)
        if n and (self.element.max() >= len(self.elements) or self.element.min() < -1):
            raise ValueError("a click names an element that is not in the list")

    def __len__(self) -> int:
        return len(self.element)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClickFacts):
            return NotImplemented

        def same(a, b) -> bool:
            if a is None or b is None:
                return a is b
            return np.array_equal(a, b, equal_nan=True)

        return (
            self.elements == other.elements
            and np.array_equal(self.element, other.element)
            and same(self.reaction_ms, other.reaction_ms)
            and same(self.error_ms, other.error_ms)
        )

    __hash__ = None  # type: ignore[assignment]

    def selectors(self) -> np.ndarray:
        """Each click's element selector (object array; "" for none)."""
        names = np.array([e.selector for e in self.elements] + [""], dtype=object)
        return names[self.element]  # -1 picks the trailing ""

    def take(self, order: np.ndarray) -> ClickFacts:
        """The facts of the clicks ``order`` picks, in that order (elements kept)."""

        def pick(col):
            return None if col is None else col[order]

        return ClickFacts(
            self.element[order], pick(self.reaction_ms), pick(self.error_ms), self.elements
        )


def click_rows(events: Events) -> np.ndarray:
    """Indexes of a session's clicks and taps in its events: the rows ClickFacts describe."""
    return np.flatnonzero((events.kind == EventKind.CLICK) | (events.kind == EventKind.TAP))


def join_click_facts(parts: list[tuple[Events, ClickFacts | None]]) -> ClickFacts | None:
    """The facts of sessions joined in time order (their events concatenated and sorted
    stably, as :func:`viewer.recording.parts` does); elements merged by value."""
    if all(f is None for _, f in parts):
        return None
    elements: dict[Element, int] = {}
    element, reaction, error, times = [], [], [], []
    # A part without clicks (a recorder's part of moves only) leaves nothing unmeasured.
    measured = all(
        (f is not None and f.reaction_ms is not None) or not len(click_rows(e)) for e, f in parts
    )
    consoled = any(f is not None and f.error_ms is not None for _, f in parts)
    for events, facts in parts:
        rows = click_rows(events)
        n = len(rows)
        times.append(events.t[rows])
        if facts is None or len(facts) != n:
            element.append(np.full(n, -1, np.int32))
            reaction.append(np.full(n, np.nan, np.float32))
            error.append(np.full(n, np.nan, np.float32))
            continue
        remap = np.array(
            [elements.setdefault(e, len(elements)) for e in facts.elements] + [-1], np.int32
        )
        element.append(remap[facts.element])
        nan = np.full(n, np.nan, np.float32)
        reaction.append(nan if facts.reaction_ms is None else facts.reaction_ms)
        error.append(nan if facts.error_ms is None else facts.error_ms)
    order = np.argsort(np.concatenate(times), kind="stable")
    return ClickFacts(
        np.concatenate(element)[order],
        np.concatenate(reaction)[order] if measured else None,
        np.concatenate(error)[order] if consoled else None,
        tuple(elements),
    )


def box_of(value) -> tuple[float, float, float, float] | None:
    """A box ``[x, y, w, h]`` as a tuple of finite numbers with a positive size, or None."""
    if value is None or len(value) != 4:
        return None
    x, y, w, h = (float(v) for v in value)
    if not all(math.isfinite(v) for v in (x, y, w, h)) or w <= 0 or h <= 0:
        return None
    return (x, y, w, h)
