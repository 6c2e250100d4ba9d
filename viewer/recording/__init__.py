"""Recordings in and out: the model, the native format, and opening files and folders.

This package never imports Qt.
"""

from viewer.recording.errors import Problem, RecordingError, Severity
from viewer.recording.model import DEVICES, EventKind, Events, Page, Session
from viewer.recording.native import load_page, load_session, save_page, save_session

# Opening folders needs the importers (rrweb, pages), which need the model above: imported on
# first use, so that `viewer.importers` can import `viewer.recording.model` without a cycle.
_FOLDER = ("Cancelled", "Library", "open_path")


def __getattr__(name: str):
    if name in _FOLDER:
        from viewer.recording import folder

        return getattr(folder, name)
    raise AttributeError(f"module 'viewer.recording' has no attribute {name!r}")


__all__ = [
    "DEVICES",
    "Cancelled",
    "EventKind",
    "Events",
    "Library",
    "Page",
    "Problem",
    "RecordingError",
    "Session",
    "Severity",
    "load_page",
    "load_session",
    "open_path",
    "save_page",
    "save_session",
]
