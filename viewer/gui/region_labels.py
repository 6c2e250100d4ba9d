"""Where each region's label goes, so that labels show whole and never overlap.

Pure geometry in screen pixels (no Qt): each label tries, in order, above its box, inside its
top-left corner and below it, first with the whole name and its number, then with the number
alone; it takes the first place no label placed before it covers. A label that finds none is
left to its tooltip rather than drawn over another.
"""

from __future__ import annotations

from dataclasses import dataclass

Rect = tuple[float, float, float, float]  # left, top, right, bottom

HEIGHT = 18.0
GAP = 2.0


@dataclass(frozen=True)
class Placement:
    """A label's text and its rectangle, relative to its box's top-left corner (screen px)."""

    text: str
    dx: float
    dy: float
    width: float


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    boxes: list[Rect],
    texts: list[tuple[str, str]],
    measure,
    page_top: float = 0.0,
    page_right: float = float("inf"),
) -> list[Placement | None]:
    """Places for the labels of ``boxes`` (screen px), in their order of priority.

    ``texts`` are each label's (whole, compact) text; ``measure(text)`` its width in px;
    ``page_top`` and ``page_right`` the page's edges in the same coordinates (a label is kept
    inside them: beyond, it would be cut or float over the background).
    """
    placed: list[Rect] = []
    out: list[Placement | None] = []
    for (x0, y0, _x1, y1), (whole, compact) in zip(boxes, texts, strict=True):
        spots = ((0.0, -HEIGHT - GAP), (GAP, GAP), (0.0, (y1 - y0) + GAP))
        choice = None
        for text in dict.fromkeys((whole, compact)):
            width = measure(text) + 12
            for dx, dy in spots:
                dx = min(dx, page_right - x0 - width)  # end at the page's right edge
                rect = (x0 + dx, y0 + dy, x0 + dx + width, y0 + dy + HEIGHT)
                if rect[1] < page_top:
                    continue
                if not any(_overlaps(rect, other) for other in placed):
                    choice = Placement(text, dx, dy, width)
                    placed.append(rect)
                    break
            if choice is not None:
                break
        out.append(choice)
    return out
