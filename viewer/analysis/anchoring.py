"""Clicks placed on their element: maps that hold across viewport widths.

A visitor at 1280 px and one at 1600 px click the same button at different page positions;
over one screenshot their raw positions smear or miss it. A click whose recording names its
element and that element's box in the visitor's layout is moved to the same relative spot of
the same element's box on the screenshot: a click 25 % across and 40 % down a button lands 25 %
across and 40 % down that button in the picture. Clicks without an element, or whose element
has no box on the screenshot, stay where they were, and the map's legend counts both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.analysis.table import EventTable
from viewer.recording.clicks import click_rows
from viewer.recording.model import Page
from viewer.state.heatmap_params import Anchor


@dataclass(frozen=True, eq=False)
class Anchored:
    """New positions of the clicks and taps of a table (aligned with ``rows``).

    Attributes
    ----------
    rows
        Positions of the table's clicks and taps in its columns.
    x, y
        Where each is drawn (page CSS px of the screenshot).
    moved
        Whether it was placed on its element (False: it stays where it was).
    """

    rows: np.ndarray
    x: np.ndarray
    y: np.ndarray
    moved: np.ndarray


def widths_of(table: EventTable) -> list[int]:
    """The viewport widths of the sessions, smallest first."""
    return sorted({int(w) for w in table.viewport[:, 0]})


def anchoring_on(table: EventTable, choice: str) -> bool:
    """Whether a click map of ``table`` places clicks on their elements: ``on``, or ``auto``
    and the sessions have several viewport widths."""
    if choice == Anchor.OFF:
        return False
    return choice == Anchor.ON or len(widths_of(table)) > 1


def anchor_clicks(table: EventTable, page: Page) -> Anchored:
    """Each click and tap of ``table`` at its spot of its element on ``page``'s screenshot."""
    rows_all, xs, ys, moved_all = [], [], [], []
    for i, s in enumerate(table.sessions):
        rows = click_rows(s.events)
        x = s.events.x[rows].astype(np.float64)
        y = s.events.y[rows].astype(np.float64)
        moved = np.zeros(len(rows), bool)
        facts = s.clicks
        if facts is not None and len(facts) == len(rows) and len(facts.elements) and len(rows):
            nan = (np.nan,) * 4
            own = np.array([e.box or nan for e in facts.elements] + [nan], np.float64)
            shot = np.array(
                [page.elements.get(e.selector, nan) for e in facts.elements] + [nan], np.float64
            )
            b, p = own[facts.element], shot[facts.element]  # -1 picks the NaN row
            ok = np.isfinite(b).all(axis=1) & np.isfinite(p).all(axis=1)
            fx = np.clip((x[ok] - b[ok, 0]) / b[ok, 2], 0.0, 1.0)
            fy = np.clip((y[ok] - b[ok, 1]) / b[ok, 3], 0.0, 1.0)
            x[ok] = p[ok, 0] + fx * p[ok, 2]
            y[ok] = p[ok, 1] + fy * p[ok, 3]
            moved = ok
        rows_all.append(rows + int(table.start[i]))
        xs.append(x)
        ys.append(y)
        moved_all.append(moved)
    if not rows_all:
        empty = np.zeros(0)
        return Anchored(np.zeros(0, np.int64), empty, empty, np.zeros(0, bool))
    return Anchored(
        np.concatenate(rows_all).astype(np.int64),
        np.concatenate(xs),
        np.concatenate(ys),
        np.concatenate(moved_all),
    )
