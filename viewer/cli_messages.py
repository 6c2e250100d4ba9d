"""How the command line reports a failure: one line on stderr, and exit status 2."""

from __future__ import annotations

import sys
from pathlib import Path

from viewer.fileio import WriteFailed


def fail(message: str) -> int:
    """Print ``session-viewer: message`` on stderr; the exit status of a failed command."""
    print(f"session-viewer: {message}", file=sys.stderr)
    return 2


def cannot_write(e: OSError, path: Path | str) -> int:
    """Report that ``path`` (or the file ``e`` names) could not be written."""
    if isinstance(e, WriteFailed):  # already says where, why, and that nothing changed
        return fail(str(e))
    return fail(f"cannot write {e.filename or path}: {e.strerror or e}")
