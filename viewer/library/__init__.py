"""Opening what the user points at: a recording file or a folder of them, with the pages they
visited and every problem found. Above ``viewer.recording`` (the native format) and
``viewer.importers`` (other tools' formats), so nothing imports in a cycle.

This package never imports Qt. Its names are imported when first used: a command that opens
an archive needs none of the importers that opening a folder needs.
"""

__all__ = ["Cancelled", "Library", "open_path"]


def __getattr__(name: str):
    if name in __all__:
        from viewer.library import folder

        return getattr(folder, name)
    raise AttributeError(f"module 'viewer.library' has no attribute {name!r}")
