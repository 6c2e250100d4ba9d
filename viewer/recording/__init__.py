"""Recordings in and out: the model, the native format, and opening files and folders.

This package never imports Qt.
"""

from viewer.recording.errors import Problem, RecordingError, Severity
from viewer.recording.folder import Cancelled, Library, open_path
from viewer.recording.model import DEVICES, EventKind, Events, Page, Session
from viewer.recording.native import load_page, load_session, save_page, save_session

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
