"""What each click of a replayed session did: its element, and whether it was dead or broken.

The timeline marks a dead click (nothing happened within the dead-click time) and an error
click (the console logged an error within the error time) in their own colours, and the event
list names each click's element, so a researcher replaying a session sees the clicks that
failed the visitor, not only where they fell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.analysis.elements import ClickRules, click_outcomes
from viewer.analysis.table import EventTable
from viewer.recording.model import Session


@dataclass(frozen=True, eq=False)
class ClickMarks:
    """Per click and tap of a session, in time order.

    Attributes
    ----------
    element
        The element's selector ("" when the recording names none).
    dead, error
        Whether the click was dead, or followed by a console error (False where the
        recording cannot say).
    judged
        Whether the recording could say if the click was dead at all.
    notes
        What to add to the click's label ("" for a click that did what it should).
    """

    element: tuple[str, ...]
    dead: np.ndarray
    error: np.ndarray
    judged: np.ndarray
    notes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.element)


def click_marks(session: Session, rules: ClickRules = ClickRules()) -> ClickMarks:  # noqa: B008
    """The element and outcome of every click and tap of ``session`` (see
    :func:`~viewer.analysis.elements.click_outcomes`)."""
    out = click_outcomes(EventTable.from_sessions([session]), rules)
    element = tuple(out.selectors[e] if e >= 0 else "" for e in out.element)
    errors_ms = None
    if session.clicks is not None and session.clicks.error_ms is not None:
        errors_ms = session.clicks.error_ms.astype(np.float64)
    notes = []
    for i in range(len(out)):
        words = []
        if out.dead[i]:
            words.append(f"dead: nothing happened within {rules.dead_ms / 1000:g} s")
        if out.error[i] and errors_ms is not None:
            words.append(f"console error {errors_ms[i] / 1000:.1f} s after")
        notes.append("; ".join(words))
    return ClickMarks(element, out.dead, out.error, out.dead_known, tuple(notes))
