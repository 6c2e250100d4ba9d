"""What an rrweb visit says of each click: the element it hit (from the DOM the snapshot and
the mutations build), how soon the page reacted, and how soon the console logged an error.

A click is measured from its press (a page may answer the ``mousedown``), so a reaction
between the press and the click counts, at 0 ms. A visit that rrweb recorded without its
console plugin has no console records at all; its clicks' errors are then "not measured"
rather than "none".
"""

from __future__ import annotations

import msgspec
import numpy as np

from viewer.importers.rrweb_decode import DECODERS, FULL_SNAPSHOT
from viewer.importers.rrweb_dom import DomTable
from viewer.recording.clicks import MAX_ELEMENTS, ClickFacts, Element


def first_after(times: np.ndarray, since: np.ndarray, clicked: np.ndarray) -> np.ndarray:
    """For each click: ms from ``clicked`` to the first of ``times`` at or after ``since``
    (at least 0), NaN when there is none."""
    times = np.sort(times)
    at = np.searchsorted(times, since, side="left")
    found = at < len(times)
    out = np.full(len(since), np.nan)
    out[found] = np.maximum(times[at[found]] - clicked[found], 0.0)
    return out


def click_facts(
    events: list,
    dom: np.ndarray,
    click_t: np.ndarray,
    targets: np.ndarray,
    press_t: np.ndarray,
    reactions: np.ndarray,
    errors: np.ndarray | None,
) -> tuple[ClickFacts, list[bool]]:
    """The facts of one visit's clicks and taps (in time order), and for each element whether
    the first full snapshot holds it (the rebuilt page can then lay it out).

    Parameters
    ----------
    events
        The recording's ``(event, stream)`` list; ``dom`` indexes its full snapshots and
        mutations of this visit, in order.
    click_t, targets, press_t
        Each click's time, the rrweb node it hit (-1 unknown) and when its press began
        (absolute ms).
    reactions, errors
        When the page changed, and when the console logged an error (None: no console
        records in the visit).
    """
    table = DomTable()
    elements: dict[Element, int] = {}
    layoutable: list[bool] = []
    element = np.full(len(click_t), -1, np.int32)
    order = np.argsort(click_t, kind="stable")
    d = 0
    for i in order:
        while d < len(dom) and events[dom[d]][0].timestamp <= click_t[i]:
            _apply(table, events[dom[d]][0])
            d += 1
        if targets[i] < 0:
            continue
        found = table.element(int(targets[i]))
        if found is None:
            continue
        el, first = found
        if el not in elements:
            if len(elements) >= MAX_ELEMENTS:
                continue
            elements[el] = len(elements)
            layoutable.append(first)
        element[i] = elements[el]
    reaction = first_after(reactions, press_t, click_t)
    error = None if errors is None else first_after(errors, press_t, click_t)
    return ClickFacts(element, reaction, error, tuple(elements)), layoutable


def _apply(table: DomTable, ev) -> None:
    try:
        if ev.type == FULL_SNAPSHOT:
            node = msgspec.json.decode(ev.data)
            table.load_snapshot(node.get("node") if isinstance(node, dict) else None)
            return
        for add in DECODERS["mutation"].decode(ev.data).adds:
            table.add(add.parentId, msgspec.json.decode(add.node), add.nextId)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return  # a node the table lacks: its clicks have no element
