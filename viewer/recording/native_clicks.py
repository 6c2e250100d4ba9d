"""The ``clicks`` field of a session file and the ``elements`` field of a page file.

A session's ``clicks`` holds one entry per ``click`` or ``tap`` event, in the events' time
order (``recordings/FORMAT.md``, "Clicks and elements")::

    "clicks": {
      "elements": [{"selector": "#buy", "tag": "button", "text": "Buy", "box": [40, 80, 200, 56]}],
      "element":  [0, -1],
      "reaction": [120, null],
      "error":    [null, null]
    }

A page's ``elements`` maps selectors to their box on the page's screenshot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
import numpy as np
from msgspec import Meta

from viewer.recording.clicks import (
    MAX_ELEMENT_TEXT,
    MAX_ELEMENTS,
    MAX_SELECTOR,
    ClickFacts,
    Element,
    box_of,
)
from viewer.recording.errors import RecordingError
from viewer.recording.limits import MAX_COORDINATE, MAX_EVENTS, MAX_TIME_MS
from viewer.recording.model import Events

Coord = Annotated[float, Meta(ge=-MAX_COORDINATE, le=MAX_COORDINATE)]
Size = Annotated[float, Meta(ge=0, le=MAX_COORDINATE)]
Box = tuple[Coord, Coord, Size, Size]
Ms = Annotated[float, Meta(ge=0, le=MAX_TIME_MS)]


class ElementDoc(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    selector: Annotated[str, Meta(min_length=1, max_length=MAX_SELECTOR)]
    tag: Annotated[str, Meta(max_length=100)] = ""
    text: Annotated[str, Meta(max_length=MAX_ELEMENT_TEXT)] = ""
    box: Box | None = None


class ClicksDoc(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    element: Annotated[
        list[Annotated[int, Meta(ge=-1, lt=MAX_ELEMENTS)]], Meta(max_length=MAX_EVENTS)
    ]
    elements: Annotated[list[ElementDoc], Meta(max_length=MAX_ELEMENTS)] = []
    reaction: Annotated[list[Ms | None], Meta(max_length=MAX_EVENTS)] | None = None
    error: Annotated[list[Ms | None], Meta(max_length=MAX_EVENTS)] | None = None


PageElements = Annotated[
    dict[Annotated[str, Meta(max_length=MAX_SELECTOR)], Box], Meta(max_length=MAX_ELEMENTS)
]
EXPECTED = (
    'an object like {"elements": [{"selector": "#buy", "box": [x, y, w, h]}], '
    '"element": [0], "reaction": [120], "error": [null]}'
)


def click_facts(
    path: Path, doc: ClicksDoc, events: Events, file_t=None, file_clicks=None
) -> ClickFacts:
    """The facts of a session's ``clicks`` field, checked against its events.

    Parameters
    ----------
    file_t, file_clicks
        The times and click/tap marks of the events in the file's order, when the reader had
        to sort them: the facts follow their clicks into time order.

    Raises
    ------
    RecordingError
        An entry count that differs from the clicks and taps, or an element index past the
        list.
    """
    n = int(np.count_nonzero((events.kind == 1) | (events.kind == 2)))
    for name in ("element", "reaction", "error"):
        col = getattr(doc, name)
        if col is not None and len(col) != n:
            raise RecordingError(
                path,
                f"{len(col):,} entries, but the session has {n:,} clicks and taps; the click "
                "columns need one entry per click or tap, in time order",
                f"field 'clicks.{name}'",
            )
    if doc.element and max(doc.element) >= len(doc.elements):
        i = next(i for i, e in enumerate(doc.element) if e >= len(doc.elements))
        raise RecordingError(
            path,
            f"element {doc.element[i]} is not in clicks.elements (which has {len(doc.elements)})",
            f"click {i} (clicks.element)",
        )
    # The decoder already checked each box's numbers (finite, in range): only an empty box
    # (a hidden element) is no box.
    elements = tuple(
        Element(e.selector, e.tag, e.text, e.box if e.box and e.box[2] > 0 < e.box[3] else None)
        for e in doc.elements
    )

    def ms(col):
        if col is None:
            return None
        return np.array([np.nan if v is None else v for v in col], np.float32)

    facts = ClickFacts(np.array(doc.element, np.int32), ms(doc.reaction), ms(doc.error), elements)
    if file_t is not None and file_clicks is not None:
        times = np.asarray(file_t)[np.asarray(file_clicks, bool)]
        facts = facts.take(np.argsort(times, kind="stable"))
    return facts


def clicks_document(facts: ClickFacts) -> dict:
    """The ``clicks`` field of a session file."""

    def ms(col):
        return [None if np.isnan(v) else round(float(v), 1) for v in col.tolist()]

    doc: dict = {
        "elements": [
            {
                "selector": e.selector,
                **({"tag": e.tag} if e.tag else {}),
                **({"text": e.text} if e.text else {}),
                **({"box": [round(v, 2) for v in e.box]} if e.box else {}),
            }
            for e in facts.elements
        ],
        "element": facts.element.tolist(),
    }
    if facts.reaction_ms is not None:
        doc["reaction"] = ms(facts.reaction_ms)
    if facts.error_ms is not None:
        doc["error"] = ms(facts.error_ms)
    return doc


def page_elements(boxes: dict) -> dict[str, tuple[float, float, float, float]]:
    """A page's element boxes with a positive size (others are not places to anchor to)."""
    out = {}
    for selector, box in boxes.items():
        b = box_of(box)
        if selector and b is not None:
            out[selector] = b
    return out
