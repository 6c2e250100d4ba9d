"""Stand-ins for controller tests: jobs that run at once on the calling thread, and views that
are ``MagicMock(spec=...)`` of the real widgets (a call the widget does not have fails)."""

from __future__ import annotations

import traceback
from unittest.mock import MagicMock

import numpy as np
from PySide6.QtCore import QObject, Signal

from viewer.gui.workers import JobError


class _Context:
    def progress(self, done: int, total: int) -> None:
        pass

    def cancelled(self) -> bool:
        return False


class SyncJobs(QObject):
    """:class:`~viewer.gui.workers.Jobs` without threads: each job runs when submitted."""

    progress = Signal(str, int, int)
    finished = Signal(str, object)
    failed = Signal(str, str, str)

    def __init__(self) -> None:
        super().__init__()
        self.submitted: list[str] = []
        self.dropped: list[str] = []

    def submit(self, kind, fn, on_done=None, on_error=None) -> int:
        self.submitted.append(kind)
        try:
            result = fn(_Context())
        except Exception as e:
            if on_error is not None:
                on_error(JobError(kind, e, str(e), traceback.format_exc()))
        else:
            if on_done is not None:
                on_done(result)
        return len(self.submitted)

    def drop(self, *kinds: str) -> None:
        self.dropped.extend(kinds)


def browser_mock(sessions: list, selected: list | None = None, mask=None):
    """A session list showing ``sessions`` (all kept by the segment unless ``mask`` says)."""
    from viewer.gui.session_browser import SessionBrowser

    browser = MagicMock(spec=SessionBrowser)
    browser.model = MagicMock()
    browser.model.mask = np.ones(len(sessions), bool) if mask is None else np.asarray(mask)
    browser.model.rowCount.return_value = len(sessions)
    browser.model.session_at.side_effect = lambda row: sessions[row]
    browser.model.row_of.side_effect = lambda sid: next(
        (i for i, s in enumerate(sessions) if s.id == sid), None
    )
    browser.selected_sessions.return_value = list(selected or [])
    browser.filter_words.return_value = []
    return browser
