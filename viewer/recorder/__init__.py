"""The JavaScript recorder for your own pages (``session-recorder.js``), shipped in the package.

``session-viewer recorder`` prints it or writes it to a file; see the file's header for use.
"""

from __future__ import annotations

from importlib import resources

SCRIPT_NAME = "session-recorder.js"


def recorder_source() -> str:
    """The recorder's JavaScript source."""
    return resources.files(__name__).joinpath(SCRIPT_NAME).read_text("utf-8")
