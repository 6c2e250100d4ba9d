"""Opening what the user points at: a recording file or a folder of them, with the pages they
visited and every problem found. Above ``viewer.recording`` (the native format) and
``viewer.importers`` (other tools' formats), so nothing imports in a cycle.

This package never imports Qt.
"""

from viewer.library.folder import Cancelled, Library, open_path

__all__ = ["Cancelled", "Library", "open_path"]
