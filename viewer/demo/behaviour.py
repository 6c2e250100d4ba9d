"""A model of how people use the demo page, producing plausible recorded sessions.

It is deliberately simple but grounded in what recordings of real visitors show:

* Cursor movements follow Fitts' law in duration and a minimum-jerk speed profile (fast in the
  middle, slowing into the target), along a slightly curved path, sampled at the irregular
  30-70 ms intervals of a throttled ``mousemove`` recorder.
* People read headings and copy, and rest the pointer near what they read (dwell).
* Scroll depth falls off down the page: each section has a chance of being the last one seen.
* Clicks land on buttons and links (spread over the target), sometimes follow in-page anchors,
  and a few visitors rage-click the hero picture, which is not clickable.
* Phones tap and fling: a drag, then momentum that decays; the address bar collapses on the
  first scroll (a resize).
* Some visitors switch tabs for a while (an idle gap with no events).
* A release can break the hero button (clicks do nothing): visitors then rage-click it.

Everything is drawn from a ``numpy.random.Generator``, so a seed reproduces every session.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.demo.elements import Element, Layout
from viewer.demo.motion import Motion
from viewer.recording.model import EventKind

# Chance that a visitor who has seen a section goes on to the next one.
CONTINUE = {
    "header": 1.0,
    "hero": 0.86,
    "logos": 0.93,
    "features": 0.82,
    "split": 0.8,
    "stories": 0.84,
    "pricing": 0.62,
    "faq": 0.72,
    "cta": 0.8,
    "footer": 0.0,
}
# How strongly each traffic source intends to sign up, and how likely it leaves at once.
SOURCE_INTENT = {"direct": 1.3, "search": 1.0, "email": 1.6, "social": 0.7, "ad": 0.55}
SOURCE_BOUNCE = {"direct": 0.12, "search": 0.18, "email": 0.08, "social": 0.3, "ad": 0.6}
# Chance that a visitor who sees the hero button clicks it, by variant.
HERO_CTA = {"A": 0.05, "B": 0.17}


@dataclass
class Visitor:
    """Who is visiting: the traits that drive their behaviour."""

    variant: str
    source: str
    device: str
    viewport: tuple[int, int]
    broken_cta: bool = False  # after the release that broke the hero button

    @property
    def intent(self) -> float:
        return SOURCE_INTENT[self.source]


class _Session(Motion):
    """One simulated visit: where the visitor goes, what they read, click and leave."""

    def run(self) -> None:
        touch = self.v.device != "desktop"
        rng = self.rng
        bounce = rng.random() < SOURCE_BOUNCE[self.v.source]
        idle_at = rng.uniform(0.2, 0.9) if rng.random() < 0.12 else None
        sections = [s.name.split(".", 1)[1] for s in self.L.sections]
        self.wait(rng.uniform(300, 1500))  # the page paints, the visitor orients
        if not touch:
            head = self.L.get("hero.headline")
            self.move_to(*self.aim(head, 0.3), 200)
        if bounce:
            self.read(self.L.get("hero.headline"))
            if rng.random() < 0.4:
                self.scroll_to(self.scroll + rng.uniform(200, 600), rng.uniform(300, 700))
                self.wait(rng.uniform(500, 2500))
            return
        i = 0
        while i < len(sections) and not self.ended:
            name = sections[i]
            section = self.L.get(f"section.{name}")
            if idle_at is not None and i / len(sections) >= idle_at:
                self.wait(rng.uniform(8_000, 75_000))  # switched tabs
                idle_at = None
            if not touch and i == 2 and rng.random() < 0.04:
                # The window is made taller or shorter (a second monitor, devtools closed).
                self.vh = int(np.clip(self.vh + rng.choice([-160, -80, 80, 160]), 560, 1200))
                self.max_scroll = max(0.0, self.L.height - self.vh)
                self.track.add(self.now, EventKind.RESIZE, self.vw, self.vh)
                self.wait(rng.uniform(300, 900))
            jumped = self.visit_section(name, touch)
            if self.ended:
                break
            if jumped is not None:
                i = sections.index(jumped)
                continue
            if rng.random() > CONTINUE.get(name, 0.8):
                break
            # Scroll on so that the next section comes into view.
            nxt = sections[i + 1] if i + 1 < len(sections) else None
            if nxt is None:
                break
            goal = self.L.section_top(nxt) - rng.uniform(0, 0.25) * self.vh
            if section.box[3] - self.scroll > self.vh * 1.6:
                goal = self.scroll + self.vh * rng.uniform(0.6, 0.95)
                self._scroll_gesture(goal, touch)
                continue  # still in this section: look around it again
            self._scroll_gesture(goal, touch)
            i += 1
        self.wait(rng.uniform(200, 3000))

    def _scroll_gesture(self, goal: float, touch: bool) -> None:
        rng = self.rng
        if touch:
            # Fling: the finger drags, then momentum carries the page on.
            distance = goal - self.scroll
            self.scroll_to(self.scroll + distance * 0.35, rng.uniform(120, 260), 30)
            self.scroll_to(goal, rng.uniform(500, 1500), 60)
        else:
            # A mouse wheel: a few notches, each a short smooth scroll.
            while goal - self.scroll > 1 and not self.ended:
                step = min(goal - self.scroll, rng.choice([100, 200, 300]) * rng.uniform(0.9, 1.1))
                before = self.scroll
                self.scroll_to(self.scroll + step, rng.uniform(140, 320))
                if self.scroll == before:
                    break
                self.wait(rng.uniform(20, 220))
        self.wait(rng.uniform(150, 600))

    def visit_section(self, name: str, touch: bool) -> str | None:
        """Spend time in one section; return the section an in-page link jumped to, if any."""
        rng = self.rng
        L = self.L
        in_view = [e for e in L.elements if e.role != "section" and self.visible(e, 0.5)]
        readables = [e for e in in_view if e.interest > 0 and e.name not in self.seen]
        weights = np.array([e.interest for e in readables], dtype=float)
        if readables:
            k = min(len(readables), 1 + int(rng.poisson(1.8 if name != "hero" else 2.2)))
            picks = rng.choice(len(readables), size=k, replace=False, p=weights / weights.sum())
            for j in sorted(picks, key=lambda j: readables[j].box[1]):
                self.seen.add(readables[j].name)
                self.read(readables[j])
        if readables and rng.random() < 0.08:
            # A "dead" click: on copy that is not a link (selecting text, or hoping it is one).
            e = readables[int(rng.integers(len(readables)))]
            self.tap(e) if touch else self.click(e)
        image = L.get("hero.image")
        if "rage" not in self.seen and self.visible(image, 0.5):
            self.seen.add("rage")
            if rng.random() < (0.03 if touch else 0.06):
                self.rage(image, touch)
        # Clicks: the chance depends on what the target is and who is visiting.
        for e in in_view:
            # Each link or button gets one chance per visit, when it first comes into view.
            if not e.clickable or self.ended or e.name in self.considered:
                continue
            self.considered.add(e.name)
            p = self._click_chance(e)
            if rng.random() < p:
                if touch:
                    self.tap(e)
                else:
                    self.click(e)
                jump = self._follow(e)
                if jump is not None or self.ended:
                    return jump
        if touch and rng.random() < 0.08 and in_view:
            # A tap that only stops a fling or wakes the page.
            e = in_view[int(rng.integers(len(in_view)))]
            self.track.add(self.now, EventKind.TAP, *self.aim(e, 0.3))
            self.wait(rng.uniform(200, 600))
        return None

    def _click_chance(self, e: Element) -> float:
        intent = self.v.intent
        if e.name == "hero.cta":
            return HERO_CTA.get(self.v.variant, 0.08) * intent
        if e.name == "header.cta":
            return 0.015 * intent
        if e.name == "pricing.pro.button":
            return 0.09 * intent
        if e.name == "pricing.starter.button":
            return 0.04 * intent
        if e.name == "cta.button":
            return 0.12 * intent
        if e.name == "nav.pricing":
            return 0.05
        if e.name == "header.menu":
            return 0.04
        if e.action == "toggle":
            return 0.2
        if e.name.startswith("features.more"):
            return 0.02
        if e.name.startswith("footer."):
            return 0.006
        if e.action == "leave":
            return 0.015
        return 0.02

    def _follow(self, e: Element) -> str | None:
        """What happens after a click on ``e``."""
        if e.name == "hero.cta" and self.v.broken_cta:
            # The button does nothing: people click it again and again, then give up or look
            # further down the page for another way to sign up.
            self.rage(e, touch=self.v.device != "desktop")
            self.wait(self.rng.uniform(500, 1500))
            self.ended = self.rng.random() < 0.5
            return None
        if e.action in ("convert", "leave"):
            self.wait(self.rng.uniform(100, 400))
            self.ended = True
            return None
        if e.action.startswith("anchor:"):
            section = e.action.split(":", 1)[1]
            top = self.L.section_top(section) - (80 if self.v.device == "desktop" else 64)
            self.wait(self.rng.uniform(100, 250))
            self.scroll_to(top, self.rng.uniform(450, 800), 30)
            return section
        if e.action == "toggle":
            self.wait(self.lognormal(2500))  # reads the answer
        return None


def simulate(rng: np.random.Generator, layout: Layout, visitor: Visitor) -> tuple[np.ndarray, ...]:
    """Simulate one visit.

    Returns
    -------
    (t, kind, x, y, value, duration_ms)
        The event columns (time-sorted) and how long the visit lasted.
    """
    s = _Session(rng, layout, visitor)
    s.run()
    t, kind, x, y, value = s.track.arrays()
    last = int(t[-1]) if len(t) else 0
    duration = max(last, round(s.now))
    return t, kind, x, y, value, duration
