"""The body of a simulated visitor: the clock, the viewport and the pointer, and the events a
recorder would write as they move (Fitts' law and minimum-jerk pointer paths, scroll and fling,
clicks, taps, rage clicks, reading rests). What they decide to do is
:mod:`viewer.demo.behaviour`'s.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from viewer.demo.elements import Element, Layout
from viewer.recording.model import EventKind

if TYPE_CHECKING:  # for the annotation only: the visitor is behaviour's
    from viewer.demo.behaviour import Visitor


class Track:
    """Accumulates events; the columns become numpy arrays once the session is done."""

    def __init__(self) -> None:
        self.t: list[np.ndarray] = []
        self.kind: list[np.ndarray] = []
        self.x: list[np.ndarray] = []
        self.y: list[np.ndarray] = []
        self.value: list[np.ndarray] = []

    def add(self, t, kind, x, y, value=0.0) -> None:
        t = np.atleast_1d(np.asarray(t, dtype=np.float64))
        n = len(t)
        self.t.append(np.round(t).astype(np.int64))
        self.kind.append(np.full(n, int(kind), np.uint8))
        self.x.append(np.broadcast_to(np.asarray(x, np.float64), (n,)).astype(np.float32))
        self.y.append(np.broadcast_to(np.asarray(y, np.float64), (n,)).astype(np.float32))
        self.value.append(np.broadcast_to(np.asarray(value, np.float64), (n,)).astype(np.float32))

    def arrays(self) -> tuple[np.ndarray, ...]:
        if not self.t:
            return (np.zeros(0, np.int64), np.zeros(0, np.uint8), *(np.zeros(0, np.float32),) * 3)
        cols = [np.concatenate(c) for c in (self.t, self.kind, self.x, self.y, self.value)]
        order = np.argsort(cols[0], kind="stable")
        return tuple(c[order] for c in cols)


class Motion:
    """One simulated visit's clock, viewport and pointer, and what was recorded."""

    def __init__(self, rng: np.random.Generator, layout: Layout, visitor: Visitor) -> None:
        self.rng = rng
        self.L = layout
        self.v = visitor
        self.vw, self.vh = visitor.viewport
        self.now = 0.0
        self.scroll = 0.0
        self.max_scroll = max(0.0, layout.height - self.vh)
        self.track = Track()
        self.pointer: tuple[float, float] | None = None  # viewport coordinates
        self.ended = False
        self.resized = False
        self.seen: set[str] = set()  # elements read (and "rage" once the picture was judged)
        self.considered: set[str] = set()  # clickables already given their chance

    # -- shared ------------------------------------------------------------------------------
    def wait(self, ms: float) -> None:
        self.now += max(0.0, ms)

    def lognormal(self, median: float, sigma: float = 0.45) -> float:
        return float(median * math.exp(self.rng.normal(0.0, sigma)))

    def visible(self, e: Element, fraction: float = 0.6) -> bool:
        top, bottom = e.box[1], e.box[3]
        shown = min(bottom, self.scroll + self.vh) - max(top, self.scroll)
        return shown >= fraction * min(bottom - top, self.vh)

    def aim(self, e: Element, spread: float = 0.16) -> tuple[float, float]:
        """A point on ``e`` (page px), spread around its centre and kept inside it."""
        x0, y0, x1, y1 = e.box
        cx, cy = e.centre
        x = self.rng.normal(cx, max(2.0, (x1 - x0) * spread))
        y = self.rng.normal(cy, max(2.0, (y1 - y0) * spread))
        return float(np.clip(x, x0 + 2, x1 - 2)), float(np.clip(y, y0 + 2, y1 - 2))

    def scroll_to(self, target: float, duration: float, steps_ms: float = 40.0) -> None:
        """Smooth scroll (ease-in-out) to ``target``; records scroll events and, for a still
        pointer, the page position that the scrolling slides under it."""
        target = float(np.clip(target, 0.0, self.max_scroll))
        if abs(target - self.scroll) < 1:
            return
        if self.v.device != "desktop" and not self.resized and target > self.scroll:
            self._collapse_address_bar()
        n = max(2, int(duration / steps_ms))
        tau = np.linspace(0, 1, n + 1)[1:]
        ease = tau * tau * (3 - 2 * tau)
        times = self.now + tau * duration + self.rng.uniform(-6, 6, n)
        times[-1] = self.now + duration
        offsets = np.round(self.scroll + (target - self.scroll) * ease)
        self.track.add(times, EventKind.SCROLL, 0.0, offsets)
        if self.pointer is not None:
            px, py = self.pointer
            self.track.add(times, EventKind.MOVE, px, py + offsets)
        self.scroll = float(offsets[-1])
        self.max_scroll = max(0.0, self.L.height - self.vh)
        self.now += duration

    def _collapse_address_bar(self) -> None:
        self.resized = True
        grow = int(self.rng.choice([56, 64, 72, 84]))
        self.vh += grow
        self.track.add(self.now + 30, EventKind.RESIZE, self.vw, self.vh)

    # -- desktop -----------------------------------------------------------------------------
    def move_to(self, page_x: float, page_y: float, target_size: float = 40.0) -> None:
        """Move the pointer to a page point (which must be in view)."""
        tx, ty = page_x, page_y - self.scroll
        if self.pointer is None:
            # Enter from the edge nearest a random side.
            side = self.rng.integers(4)
            along_x, along_y = self.rng.uniform(0, self.vw), self.rng.uniform(0, self.vh)
            sx = (0.0, self.vw - 1.0, along_x, along_x)[side]
            sy = (along_y, along_y, 1.0, self.vh - 1.0)[side]
            self.pointer = (float(sx), float(sy))
        x0, y0 = self.pointer
        dist = math.hypot(tx - x0, ty - y0)
        if dist < 1.5:
            return
        # Fitts' law: T = a + b log2(D / W + 1), with person-to-person spread.
        duration = (110 + 135 * math.log2(dist / max(target_size, 8.0) + 1)) * math.exp(
            self.rng.normal(0, 0.22)
        )
        n = max(2, int(duration / 50))
        gaps = self.rng.uniform(30, 70, n)
        times = np.cumsum(gaps)
        times = times[times < duration]
        tau = np.append(times / duration, 1.0)
        s = 10 * tau**3 - 15 * tau**4 + 6 * tau**5  # minimum-jerk position profile
        # Curved path: a quadratic Bezier whose control point sits off the straight line.
        bend = self.rng.normal(0, 0.12) * dist
        mx, my = (x0 + tx) / 2, (y0 + ty) / 2
        nx, ny = -(ty - y0) / dist, (tx - x0) / dist
        cx, cy = mx + nx * bend, my + ny * bend
        px = (1 - s) ** 2 * x0 + 2 * (1 - s) * s * cx + s**2 * tx
        py = (1 - s) ** 2 * y0 + 2 * (1 - s) * s * cy + s**2 * ty
        jitter = self.rng.normal(0, 0.7, (2, len(s)))
        jitter[:, -1] = 0
        px = np.clip(px + jitter[0], 0, self.vw - 1)
        py = np.clip(py + jitter[1], 0, self.vh - 1)
        t_abs = self.now + np.append(times, duration)
        self.track.add(t_abs, EventKind.MOVE, np.round(px, 1), np.round(py + self.scroll, 1))
        self.pointer = (float(px[-1]), float(py[-1]))
        self.now += duration

    def rest(self, ms: float) -> None:
        """The pointer stays still for ``ms``; a rest of 500 ms or more is a dwell."""
        if self.pointer is not None and ms >= 500:
            x, y = self.pointer
            self.track.add(self.now, EventKind.DWELL, round(x, 1), round(y + self.scroll, 1), ms)
        self.now += ms

    def click(self, e: Element, button: int = 0) -> None:
        x, y = self.aim(e)
        self.move_to(x, y, min(e.width, e.height))
        self.wait(self.rng.uniform(80, 260))  # settle, then press
        px, py = self.pointer  # type: ignore[misc]
        self.track.add(self.now, EventKind.CLICK, round(px, 1), round(py + self.scroll, 1), button)
        self.wait(self.rng.uniform(60, 140))

    def tap(self, e: Element) -> None:
        x, y = self.aim(e, spread=0.2)
        self.wait(self.rng.uniform(250, 700))
        self.track.add(self.now, EventKind.TAP, round(x, 1), round(y, 1))
        self.wait(self.rng.uniform(80, 200))

    def rage(self, e: Element, touch: bool) -> None:
        """3 to 6 rapid clicks (or taps) within a few px: the picture looks clickable."""
        x, y = self.aim(e, spread=0.12)
        if not touch:
            self.move_to(x, y, 60)
            x, y = self.pointer[0], self.pointer[1] + self.scroll  # type: ignore[index]
        n = int(self.rng.integers(3, 7))
        kind = EventKind.TAP if touch else EventKind.CLICK
        for _ in range(n):
            self.wait(self.rng.uniform(110, 240))
            jx, jy = self.rng.normal(0, 3.0, 2)
            self.track.add(self.now, kind, round(x + jx, 1), round(y + jy, 1), 0)

    def read(self, e: Element) -> None:
        """Look at ``e``; on desktop the pointer often follows the eyes."""
        ms = self.lognormal(1100 + 1400 * e.interest, 0.55)
        if self.v.device == "desktop" and self.rng.random() < 0.7:
            x0, y0, x1, y1 = e.box
            x = self.rng.uniform(x0, x0 + (x1 - x0) * 0.7)
            y = self.rng.uniform(y0, y1) + self.rng.normal(0, 12)
            y = float(np.clip(y, self.scroll + 4, self.scroll + self.vh - 4))
            self.move_to(x, y, 80)
            # Long reads come in pieces: the pointer drifts along the text between rests.
            while ms > 2500 and self.rng.random() < 0.6:
                part = self.rng.uniform(0.3, 0.6) * ms
                self.rest(part)
                ms -= part
                px, py = self.pointer  # type: ignore[misc]
                nx = float(np.clip(px + self.rng.normal(60, 80), x0, x1))
                ny = float(
                    np.clip(
                        py + self.scroll + self.rng.normal(10, 20),
                        self.scroll + 4,
                        self.scroll + self.vh - 4,
                    )
                )
                self.move_to(nx, ny, 80)
            self.rest(ms)
        else:
            self.wait(ms)

    # -- the visit ---------------------------------------------------------------------------
