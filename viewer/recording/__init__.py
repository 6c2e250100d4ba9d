"""Recordings in and out: the model and the native format (opening folders: viewer.library).

This package never imports Qt.
"""

from viewer.recording.errors import Problem, RecordingError, Severity
from viewer.recording.model import DEVICES, EventKind, Events, Page, Session
from viewer.recording.native import load_page, load_session
from viewer.recording.native_write import save_page, save_session

__all__ = [
    "DEVICES",
    "EventKind",
    "Events",
    "Page",
    "Problem",
    "RecordingError",
    "Session",
    "Severity",
    "load_page",
    "load_session",
    "save_page",
    "save_session",
]
