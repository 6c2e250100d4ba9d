"""rrweb events of one visit made rows of ours: moves, clicks and taps as a person made them,
scrolls and resizes, and what a click's element and the page's reactions need (the node each
click hit, when the page changed, when the console logged an error)."""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field

from viewer.importers.rrweb_decode import (
    CLICK,
    CONTEXT_MENU,
    DECODERS,
    DRAG,
    MOUSE_DOWN,
    MOUSE_INTERACTION,
    MOUSE_MOVE,
    POINTER_TOUCH,
    SCROLL,
    TOUCH_END,
    TOUCH_MOVE,
    TOUCH_START,
    VIEWPORT_RESIZE,
)
from viewer.recording.model import EventKind

#: Incremental sources that are the page changing (rrweb's ``IncrementalSource``): a DOM
#: mutation (0), a scroll (3), an input (5), media played or paused (7), a style sheet rule
#: (8), a canvas drawn (9), a style declaration (13) or an adopted style sheet (15).
REACTIONS = frozenset({0, 3, 5, 7, 8, 9, 13, 15})
MUTATION = 0
CONSOLE_PLUGIN = "rrweb/console@1"
ERROR_LEVELS = frozenset({"error", "assert"})


class Rows:
    """Rows of one visit as typed arrays (no Python object per event)."""

    def __init__(self) -> None:
        self.t, self.x, self.y, self.value = array("d"), array("d"), array("d"), array("d")
        self.kind = array("B")
        self.target = array("q")  # the node a click or tap hit (rrweb id), -1 for none
        self.press = array("d")  # when the click's press (or the tap's touch) began

    def add(
        self,
        t: float,
        kind: int,
        x: float,
        y: float,
        value: float = 0.0,
        target: int = -1,
        press: float | None = None,
    ) -> None:
        self.target.append(target)
        self.press.append(t if press is None else press)
        self.t.append(t)
        self.kind.append(kind)
        self.x.append(x)
        self.y.append(y)
        self.value.append(value)


@dataclass
class VisitState:
    url: str
    index: int
    viewport: tuple[int, int]
    rows: Rows = field(default_factory=Rows)
    document_id: int | None = None
    touch: bool = False
    inner_scrolls: int = 0
    last_tap: tuple[float, float, float] | None = None  # t, x, y (viewport)
    touch_down: tuple[float, float, float] | None = None
    start_t: float | None = None  # the Meta event's time
    last_t: float = 0.0  # the last rrweb event of any type
    size: tuple[int, int] = (0, 0)  # the viewport now
    snapshot: bytes | None = None
    mouse_down: tuple[float, float, float] | None = None  # t, x, y (viewport) of the press
    touch_moved: float = 0.0  # how far the finger went since it touched down
    drags: int = 0
    swipes: int = 0
    touch_target: int = -1  # the node the finger came down on
    down_target: int = -1  # the node the mouse was pressed on
    reactions: array = field(default_factory=lambda: array("d"))  # when the page changed
    errors: array = field(default_factory=lambda: array("d"))  # when the console said error
    console: bool = False  # whether rrweb's console plugin recorded anything
    dom: array = field(default_factory=lambda: array("q"))  # full snapshots and mutations


def incremental(v: VisitState, source: int, t: float, raw, options) -> None:
    """Apply one incremental snapshot event (its ``source``) to the visit."""
    rows = v.rows
    if source in REACTIONS:
        v.reactions.append(t)
    if source in (MOUSE_MOVE, TOUCH_MOVE, DRAG):
        if source == TOUCH_MOVE:
            v.touch = True
        for p in DECODERS["moves"].decode(raw).positions:
            rows.add(t + p.timeOffset, EventKind.MOVE, p.x, p.y)
            if v.touch_down is not None:
                d = math.hypot(p.x - v.touch_down[1], p.y - v.touch_down[2])
                v.touch_moved = max(v.touch_moved, d)
    elif source == MOUSE_INTERACTION:
        interaction(v, t, DECODERS["interaction"].decode(raw), options)
    elif source == SCROLL:
        s = DECODERS["scroll"].decode(raw)
        document = v.document_id if v.document_id is not None else 1
        if s.id == document:
            rows.add(t, EventKind.SCROLL, s.x, s.y)
        else:
            v.inner_scrolls += 1
    elif source == VIEWPORT_RESIZE:
        r = DECODERS["resize"].decode(raw)
        rows.add(t, EventKind.RESIZE, r.width, r.height)
        v.size = (int(r.width), int(r.height))
        if v.viewport == (0, 0):
            v.viewport = (int(r.width), int(r.height))


def interaction(v: VisitState, t: float, it, options) -> None:
    """Presses, clicks and touches as a person did them: one click per click (a double click's
    own event and the click a browser fires after a drag or a tap are not more), a touch that
    moved or lasted is a swipe or a long press, not a tap (the rules of CSV logs)."""
    rows, rules = v.rows, options.rules
    if it.x is None or it.y is None:
        return  # focus and blur of elements without a position
    target = -1 if it.id is None else it.id
    if it.type == MOUSE_DOWN:
        v.mouse_down, v.down_target = (t, it.x, it.y), target
    elif it.type == TOUCH_START:
        v.touch = True
        v.touch_down, v.touch_moved, v.touch_target = (t, it.x, it.y), 0.0, target
    elif it.type == TOUCH_END:
        v.touch = True
        down = v.touch_down or (t, it.x, it.y)
        v.touch_down = None
        moved = max(v.touch_moved, math.hypot(it.x - down[1], it.y - down[2]))
        if moved > rules.tap_max_px or t - down[0] > rules.tap_max_ms:
            v.swipes += 1  # a swipe or a long press: its path is moves already
        else:
            rows.add(down[0], EventKind.TAP, down[1], down[2], 0.0, v.touch_target)
        v.last_tap = (t, it.x, it.y)  # the browser's made-up click follows either way
    elif it.type in (CLICK, CONTEXT_MENU):
        if it.pointerType == POINTER_TOUCH and it.type == CLICK:
            v.touch = True
            if v.last_tap is None or t - v.last_tap[0] > options.tap_click_ms:
                rows.add(t, EventKind.TAP, it.x, it.y, 0.0, target)
                v.last_tap = (t, it.x, it.y)
            return
        tap = v.last_tap
        if (
            tap is not None
            and t - tap[0] <= options.tap_click_ms
            and abs(it.x - tap[1]) <= options.tap_click_px
            and abs(it.y - tap[2]) <= options.tap_click_px
        ):
            return  # the click a browser makes up after a tap
        down, v.mouse_down = v.mouse_down, None
        if down is not None and (
            math.hypot(it.x - down[1], it.y - down[2]) > rules.click_max_px
            or t - down[0] > rules.click_max_ms
        ):
            v.drags += 1  # the click a browser fires after a drag on one element
            return
        button = 2.0 if it.type == CONTEXT_MENU else 0.0
        press = down[0] if down is not None else t
        rows.add(t, EventKind.CLICK, it.x, it.y, button, target, press)
