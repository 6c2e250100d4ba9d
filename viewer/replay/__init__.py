"""Replaying one session: the playhead (state at any time), the playback clock, clip export.

Pure Python and numpy (and Pillow for clips); never Qt.
"""

from viewer.replay.clock import SPEEDS, Clock, advance
from viewer.replay.playhead import MARKER_KINDS, Playhead, ReplaySettings, ReplayState

__all__ = [
    "MARKER_KINDS",
    "SPEEDS",
    "Clock",
    "Playhead",
    "ReplaySettings",
    "ReplayState",
    "advance",
]
