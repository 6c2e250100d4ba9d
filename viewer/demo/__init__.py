"""The demo recordings: where the bundled copy is, and the seeded generator that made it."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_recordings() -> Path:
    """The folder of demo recordings the app opens by default.

    In a source checkout (or an editable install) this is ``recordings/`` beside the package;
    a wheel carries a copy inside the package.
    """
    for candidate in (_PACKAGE.parent / "recordings", _PACKAGE / "_bundled_recordings"):
        if any(candidate.glob("*/page.json")):
            return candidate
    raise FileNotFoundError(
        "the bundled demo recordings are missing; regenerate them with "
        "`session-viewer demo recordings`"
    )
