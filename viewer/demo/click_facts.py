"""What each demo click hit and what the page did, as a recorder that names elements would say.

The behaviour model knows the page: each click or tap falls on an element of the visitor's
layout (a button, a link, the hero picture, a card's text), and only some elements do
anything. A click on a button or link gets the page's answer a moment later (a navigation, a
scroll to its section, a toggle); a click on something that does nothing (the hero picture,
a card, a heading) gets none: a dead click, as Clarity and PostHog would flag it. After the
release of 14 September the hero button is broken: its clicks get no answer and the console
logs an error, so the demo's dead and error clicks tell the story its rage clicks do.

The facts come from their own deterministic sums, never from the session's random stream, so
the demo's events are the same with or without them.
"""

from __future__ import annotations

import numpy as np

from viewer.demo.elements import Layout
from viewer.recording.clicks import MAX_ELEMENT_TEXT, ClickFacts, Element, click_rows
from viewer.recording.model import Events

#: The HTML tag each kind of demo element would be.
TAGS = {
    "button": "button",
    "ghost-button": "button",
    "link": "a",
    "logo": "a",
    "logo-mark": "a",
    "menu": "nav",
    "image": "img",
    "icon": "svg",
    "heading": "h2",
    "text": "p",
    "bullet": "li",
    "card": "div",
    "price": "span",
    "quote": "blockquote",
    "person": "p",
    "faq": "details",
    "footer-head": "h4",
}
BROKEN = "hero.cta"


def selector_of(name: str, role: str) -> str:
    """A selector as the recorder would write it: the tag and the element's class."""
    return f"{TAGS.get(role, 'div')}.{name.replace('.', '-')}"


def _hit(layout: Layout, x: float, y: float):
    """The element under (x, y): the smallest clickable one, else the smallest other one
    (sections are the page's background)."""
    best, best_key = None, None
    for e in layout.elements:
        x0, y0, x1, y1 = e.box
        if e.role == "section" or not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        key = (not e.clickable, e.width * e.height)
        if best_key is None or key < best_key:
            best, best_key = e, key
    return best


def demo_click_facts(
    layout: Layout, page_layout: Layout, events: Events, broken: bool, everything: bool
) -> ClickFacts:
    """The facts of a demo session's clicks and taps on ``layout`` (``broken``: after the
    release that broke the hero button; ``page_layout``: the one the page's screenshot shows;
    ``everything``: list every element, the page's boxes may not hold for this visitor)."""
    rows = click_rows(events)
    # The elements whose place this visitor's layout knows and the page's screenshot does not
    # say: on a phone (its width may not be the screenshot's: every element), in variant B
    # (what moved), and what was clicked. Where the page's box holds for this visitor (a
    # desktop session of variant A), it gives the impressions.
    elements: list[Element] = []
    index: dict[str, int] = {}
    shot = page_elements(page_layout)
    targets = [_hit(layout, float(events.x[r]), float(events.y[r])) for r in rows]
    clicked = {id(e) for e in targets}
    for e in layout.elements:
        if e.role == "section":
            continue
        selector = selector_of(e.name, e.role)
        box = _box(e)
        if selector in index:
            continue
        if not everything and shot.get(selector) == box and id(e) not in clicked:
            continue
        index[selector] = len(elements)
        text = " ".join(e.text.split())[:MAX_ELEMENT_TEXT]
        elements.append(Element(selector, TAGS.get(e.role, "div"), text, box))
    hit = np.full(len(rows), -1, np.int32)
    reaction = np.full(len(rows), np.nan, np.float32)
    error = np.full(len(rows), np.nan, np.float32)
    for k, (r, e) in enumerate(zip(rows, targets, strict=True)):
        if e is None:
            continue
        hit[k] = index[selector_of(e.name, e.role)]
        if e.name == BROKEN and broken:
            error[k] = 4 + int(events.t[r]) % 9  # the click handler throws at once
        elif e.clickable:
            reaction[k] = 30 + (int(events.t[r]) * 7919) % 260  # a navigation or a scroll
    return ClickFacts(hit, reaction, error, tuple(elements))


def page_elements(layout: Layout) -> dict[str, tuple[float, float, float, float]]:
    """Where each element sits on the page's screenshot (the layout it was drawn from): what
    a click map places clicks of other layouts (variant B, other widths) onto."""
    out = {}
    for e in layout.elements:
        if e.role != "section":
            out.setdefault(selector_of(e.name, e.role), _box(e))
    return out


def _box(e) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = e.box
    return tuple(round(float(v), 2) for v in (x0, y0, x1 - x0, y1 - y0))
