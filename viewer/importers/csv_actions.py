"""From a log's rows to what a person did: one physical action, one event.

A browser logs one left click as ``mousedown``, ``mouseup`` and ``click`` rows, a double click
as two of those and a ``dblclick``, a right click as ``mousedown``, ``mouseup`` and
``contextmenu``; a tap as ``touchstart``, ``touchend`` and (made up for old pages) mouse rows
and a ``click``. Lab loggers write ``Pressed`` / ``Released`` / ``Drag`` states with the button
in a column of its own. :func:`fold_actions` turns the rows of one session into our events:

- a press with a ``click`` (or ``contextmenu``) row of the same button at its release is one
  click, at the click row's position (the browser decided it was a click), unless the press
  was a drag (browsers fire a click after a drag that ends on the element it began on);
- without click rows, a press released within :attr:`ActionRules.click_max_px` and
  :attr:`ActionRules.click_max_ms` is a click; a press that moved further or lasted longer is
  a drag, and its path stays as moves; presses alone (a log of ``mousedown`` only) are clicks;
- ``dblclick`` rows are dropped (its two clicks are there already);
- a touch that neither moved more than :attr:`ActionRules.tap_max_px` nor lasted more than
  :attr:`ActionRules.tap_max_ms` is a tap; otherwise a swipe (its path stays as moves) or a
  long press; the mouse rows and click a browser makes up right after a tap are dropped;
- ``wheel`` rows carry the pointer's position, never the page's scroll offset: they are moves.

The thresholds are those browsers use: Chromium starts a drag past a few px and treats a touch
as a tap within about 15 px (its touch slop) and 500 ms (its long-press delay).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.recording.model import EventKind

# Row kinds as the log names them, before they become actions.
MOVE, DOWN, UP, CLICK, DBLCLICK, CONTEXT = 0, 1, 2, 3, 4, 5
TOUCH_START, TOUCH_MOVE, TOUCH_END, TAP, SCROLL, WHEEL, DWELL, RESIZE, SKIP = range(6, 15)

ROW_KINDS = {
    "move": MOVE,
    "drag": MOVE,
    "down": DOWN,
    "up": UP,
    "click": CLICK,
    "dblclick": DBLCLICK,
    "contextmenu": CONTEXT,
    "touchstart": TOUCH_START,
    "touchmove": TOUCH_MOVE,
    "touchend": TOUCH_END,
    "tap": TAP,
    "scroll": SCROLL,
    "wheel": WHEEL,
    "dwell": DWELL,
    "resize": RESIZE,
    "ignore": SKIP,
}
NO_BUTTON = -1
LEFT, MIDDLE, RIGHT = 0, 1, 2


@dataclass(frozen=True)
class ActionRules:
    """When rows make a click, a drag, a tap or a swipe (all editable on the command line)."""

    click_max_px: float = 10.0  # a press released further away is a drag
    click_max_ms: float = 1000.0  # a press held longer is a drag or a long press
    tap_max_px: float = 15.0  # Chromium's touch slop
    tap_max_ms: float = 500.0  # Chromium's long-press delay
    click_row_ms: float = 100.0  # a click row this soon after a release belongs to it
    after_tap_ms: float = 800.0  # mouse rows this soon after a tap, at its place, are made up
    after_tap_px: float = 30.0


@dataclass
class Folded:
    """What the rows of a session became, and the counts the import reports."""

    t: np.ndarray
    kind: np.ndarray
    x: np.ndarray
    y: np.ndarray
    value: np.ndarray
    counts: dict[str, int] = field(default_factory=dict)


def fold_actions(
    t: np.ndarray,
    row: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    value: np.ndarray,
    button: np.ndarray,
    rules: ActionRules = ActionRules(),
) -> Folded:
    """Turn one session's rows (sorted by time) into events; see the module's text.

    Parameters
    ----------
    t, row, x, y, value
        The rows: time (ms), row kind (:data:`ROW_KINDS`), position, value.
    button
        The button of each row (:data:`LEFT`, :data:`MIDDLE`, :data:`RIGHT`, or
        :data:`NO_BUTTON`); a ``contextmenu`` row is the right button whatever it says.
    """
    n = len(t)
    out_kind = np.full(n, 255, dtype=np.uint8)  # 255: dropped
    out_value = value.astype(np.float64).copy()
    out_x, out_y = x.astype(np.float64).copy(), y.astype(np.float64).copy()
    # Counted for the import's report (singular names: the report makes the plurals).
    counts = {"click": 0, "drag": 0, "double-click row": 0, "tap": 0, "swipe": 0}
    counts.update({"long press": 0, "made-up click after a tap": 0, "wheel row": 0})

    simple = {MOVE: EventKind.MOVE, TOUCH_MOVE: EventKind.MOVE, SCROLL: EventKind.SCROLL}
    simple.update({DWELL: EventKind.DWELL, RESIZE: EventKind.RESIZE, WHEEL: EventKind.MOVE})
    for code, kind in simple.items():
        out_kind[row == code] = kind
    counts["wheel row"] = int(np.count_nonzero(row == WHEEL))
    out_value[np.isin(row, (MOVE, TOUCH_MOVE, WHEEL))] = 0.0

    taps = _fold_touches(t, row, x, y, rules, out_kind, out_value, counts)
    made_up = _made_up_after_taps(t, row, x, y, taps, rules)
    counts["made-up click after a tap"] = int(np.count_nonzero(made_up & (row == CLICK)))
    btn = np.where(row == CONTEXT, RIGHT, button)
    is_mouse = np.isin(row, (DOWN, UP, CLICK, CONTEXT, DBLCLICK)) & ~made_up
    counts["double-click row"] = int(np.count_nonzero(is_mouse & (row == DBLCLICK)))
    for b in np.unique(btn[is_mouse & (row != DBLCLICK)]):
        mine = np.flatnonzero(is_mouse & (btn == b) & (row != DBLCLICK))
        _fold_presses(t, row, x, y, mine, max(int(b), 0), rules, out_kind, out_value, counts)

    keep = out_kind != 255
    return Folded(t[keep], out_kind[keep], out_x[keep], out_y[keep], out_value[keep], counts)


def _fold_presses(t, row, x, y, rows, button, rules, out_kind, out_value, counts) -> None:
    """The presses of one button: click rows win; else down/up pairs by distance and time."""
    is_click_row = np.isin(row[rows], (CLICK, CONTEXT))
    downs = [i for i in rows if row[i] == DOWN]
    ups = [i for i in rows if row[i] == UP]
    clicks = list(rows[is_click_row])
    if clicks:
        # Click rows say which presses the browser took for clicks, and where; but a browser
        # also fires one after a drag that starts and ends on the same element, so a press
        # that moved or lasted too long is a drag whatever followed it.
        drag_ends = []
        for down, up in _pairs(t, downs, ups):
            if up is None or _is_drag(t, x, y, down, up, rules):
                counts["drag"] += 1
                out_kind[down] = EventKind.MOVE
                if up is not None:
                    out_kind[up] = EventKind.MOVE
                    drag_ends.append(t[up])
        for i in clicks:
            if any(0 <= t[i] - end <= rules.click_row_ms for end in drag_ends):
                continue  # the click a browser fires at the end of a drag
            out_kind[i], out_value[i] = EventKind.CLICK, button
            counts["click"] += 1
        return
    if not ups:  # presses only: each is a click
        for i in downs:
            out_kind[i], out_value[i] = EventKind.CLICK, button
        counts["click"] += len(downs)
        return
    for down, up in _pairs(t, downs, ups):
        if up is None:
            continue
        if _is_drag(t, x, y, down, up, rules):
            counts["drag"] += 1
            out_kind[down] = out_kind[up] = EventKind.MOVE  # the ends of the drag's path
        else:
            out_kind[down], out_value[down] = EventKind.CLICK, button
            counts["click"] += 1


def _is_drag(t, x, y, down: int, up: int, rules: ActionRules) -> bool:
    """Whether a press and its release were too far apart, in place or time, for a click."""
    far = np.hypot(x[up] - x[down], y[up] - y[down]) > rules.click_max_px
    return bool(far or t[up] - t[down] > rules.click_max_ms)


def _pairs(t, downs: list[int], ups: list[int]) -> list[tuple[int, int | None]]:
    """Each press with the first release after it (None when it was never released)."""
    out, j = [], 0
    for k, down in enumerate(downs):
        while j < len(ups) and t[ups[j]] < t[down]:
            j += 1
        nxt = downs[k + 1] if k + 1 < len(downs) else None
        if j < len(ups) and (nxt is None or t[ups[j]] <= t[nxt]):
            out.append((down, ups[j]))
            j += 1
        else:
            out.append((down, None))
    return out


def _fold_touches(t, row, x, y, rules, out_kind, out_value, counts) -> list[tuple]:
    """Touches: taps, swipes and long presses; returns the taps as (t, x, y)."""
    taps = []
    for i in np.flatnonzero(row == TAP):
        out_kind[i], out_value[i] = EventKind.TAP, 0
        taps.append((t[i], x[i], y[i]))
    counts["tap"] += len(taps)
    start = None
    moved = 0.0
    for i in np.flatnonzero(np.isin(row, (TOUCH_START, TOUCH_MOVE, TOUCH_END))):
        if row[i] == TOUCH_START:
            start, moved = i, 0.0
        elif start is not None:
            moved = max(moved, float(np.hypot(x[i] - x[start], y[i] - y[start])))
            if row[i] == TOUCH_END:
                if moved > rules.tap_max_px:
                    counts["swipe"] += 1
                    out_kind[start] = out_kind[i] = EventKind.MOVE  # the swipe's ends
                elif t[i] - t[start] > rules.tap_max_ms:
                    counts["long press"] += 1
                else:
                    out_kind[start], out_value[start] = EventKind.TAP, 0
                    counts["tap"] += 1
                    taps.append((t[i], x[start], y[start]))
                start = None
    return taps


def _made_up_after_taps(t, row, x, y, taps, rules) -> np.ndarray:
    """Mouse rows a browser makes up right after a tap, where the tap was."""
    made_up = np.zeros(len(t), dtype=bool)
    mouse = np.flatnonzero(np.isin(row, (DOWN, UP, CLICK, MOVE)))
    for tap_t, tx, ty in taps:
        near = mouse[(t[mouse] >= tap_t) & (t[mouse] - tap_t <= rules.after_tap_ms)]
        near = near[np.hypot(x[near] - tx, y[near] - ty) <= rules.after_tap_px]
        made_up[near[row[near] != MOVE]] = True
    return made_up
